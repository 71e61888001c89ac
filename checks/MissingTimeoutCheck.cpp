//===--- MissingTimeoutCheck.cpp - asynclint ------------------------------===//

#include "MissingTimeoutCheck.h"
#include "AsyncMatchers.h"
#include "clang/AST/ExprCXX.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Lex/Lexer.h"

using namespace clang::ast_matchers;

namespace clang::tidy::async {

namespace {
constexpr llvm::StringRef IoOperationsOpt = "IoOperations";
constexpr llvm::StringRef DeadlineCallsOpt = "DeadlineCalls";
constexpr llvm::StringRef BackoffCallsOpt = "BackoffCalls";
constexpr llvm::StringRef TimeoutFunctionOpt = "TimeoutFunction";
constexpr llvm::StringRef DefaultTimeoutOpt = "DefaultTimeoutMs";

// Waits on a peer. Servers' async_accept is expected to wait indefinitely.
constexpr llvm::StringRef DefaultIoOperations =
    "async_connect;async_resolve;async_read;async_read_some;async_read_until;"
    "async_read_at;async_write;async_write_some;async_write_at;async_receive;"
    "async_receive_from;async_send;async_send_to;async_handshake";
// A deadline timer armed in the same function bounds the waits in it.
constexpr llvm::StringRef DefaultDeadlineCalls =
    "expires_after;expires_at;cancel_after;cancel_at";
// A loop that awaits something and then one of these backs off and retries.
constexpr llvm::StringRef DefaultBackoffCalls =
    "sleep_for;sleep_until;async_wait";

/// Whether \p Call stores a `std::chrono::time_point` where another
/// coroutine can see it (a reference parameter, a member, a global): a
/// watchdog elsewhere enforces that deadline on this function's waits.
bool publishesDeadline(const CallExpr *Call) {
  const auto *Assign = dyn_cast<CXXOperatorCallExpr>(Call);
  if (!Assign || Assign->getOperator() != OO_Equal || Assign->getNumArgs() != 2)
    return false;
  const Expr *Target = Assign->getArg(0)->IgnoreParenImpCasts();
  const CXXRecordDecl *RD = recordOf(Target->getType());
  if (!RD || !RD->getIdentifier() || RD->getName() != "time_point" ||
      !isInStdLibrary(RD))
    return false;
  if (isa<MemberExpr>(Target))
    return true;
  const VarDecl *Var = variableOf(Target);
  return Var && (Var->hasGlobalStorage() ||
                 (isa<ParmVarDecl>(Var) && Var->getType()->isReferenceType()));
}

/// Whether \p Call hands a cancellation source to the operation: a stop
/// token or an Asio cancellation slot binding, written by the caller (a
/// defaulted token cancels nothing).
bool passesCancellation(const CallExpr *Call) {
  bool Found = false;
  for (const Expr *Written : Call->arguments())
    if (!isa<CXXDefaultArgExpr>(Written))
      forEachStmtInBody(Written, [&](const Stmt *S) {
        const auto *Arg = dyn_cast<Expr>(S);
        if (!Arg)
          return;
        if (isStopToken(Arg->getType()))
          Found = true;
        if (const auto *Call = dyn_cast<CallExpr>(Arg))
          if (const FunctionDecl *FD = Call->getDirectCallee();
              FD && FD->getIdentifier() &&
              FD->getName() == "bind_cancellation_slot")
            Found = true;
      });
  return Found;
}

/// The overload of \p FD that takes the same parameters plus a trailing
/// `std::stop_token`, if there is one.
const FunctionDecl *overloadTakingToken(const FunctionDecl *FD) {
  for (const NamedDecl *ND : FD->getDeclContext()->lookup(FD->getDeclName())) {
    const auto *Other = dyn_cast<FunctionDecl>(ND->getUnderlyingDecl());
    if (!Other || Other == FD ||
        Other->getNumParams() != FD->getNumParams() + 1 ||
        !isStopToken(Other->getParamDecl(FD->getNumParams())->getType()))
      continue;
    bool SameRest = true;
    for (unsigned I = 0; I < FD->getNumParams(); ++I)
      SameRest =
          SameRest && Other->getParamDecl(I)->getType().getCanonicalType() ==
                          FD->getParamDecl(I)->getType().getCanonicalType();
    if (SameRest)
      return Other;
  }
  return nullptr;
}

/// True when \p Call passes no stop token to a function that has an
/// overload taking one (CA2016).
bool dropsToken(const CallExpr *Call) {
  const FunctionDecl *Callee = Call->getDirectCallee();
  return Callee && Callee->getIdentifier() &&
         llvm::none_of(
             Call->arguments(),
             [](const Expr *Arg) { return isStopToken(Arg->getType()); }) &&
         overloadTakingToken(Callee);
}

/// The await a block statement begins with, when everything else the
/// statement does comes after it: `co_await op;`, `T v = co_await op;`,
/// `v = co_await op;`, `co_return co_await op;`. Only such an await can be
/// moved in front of its statement without reordering anything.
const CoawaitExpr *leadingAwait(const Stmt *S) {
  const Expr *E = nullptr;
  if (const auto *Return = dyn_cast<CoreturnStmt>(S)) {
    E = Return->getOperand();
  } else if (const auto *DS = dyn_cast<DeclStmt>(S); DS && DS->isSingleDecl()) {
    // A static local is initialised once; hoisting would await every time.
    if (const auto *Var = dyn_cast<VarDecl>(DS->getSingleDecl());
        Var && Var->hasLocalStorage())
      E = Var->getInit();
  } else if (const auto *Expression = dyn_cast<Expr>(S)) {
    E = stripImplicit(Expression);
    const Expr *Target = nullptr, *Value = nullptr;
    if (const auto *Assign = dyn_cast<BinaryOperator>(E);
        Assign && Assign->getOpcode() == BO_Assign) {
      Target = Assign->getLHS();
      Value = Assign->getRHS();
    } else if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(E);
               Op && Op->getOperator() == OO_Equal && Op->getNumArgs() == 2) {
      Target = Op->getArg(0);
      Value = Op->getArg(1);
    }
    // Assigning to a plain variable evaluates nothing before the await.
    if (Target && isa<DeclRefExpr>(stripImplicit(Target)))
      E = Value;
  }
  return dyn_cast_or_null<CoawaitExpr>(E ? stripImplicit(E) : nullptr);
}

/// The names and text of one operation raced against a timer.
struct Race {
  std::string Timer, Result, Operation, OperationName;
};

/// Declares the timer, races \p R's operation against it and throws
/// `timed_out` when the timer wins; the last statement lacks its `;`.
std::string raceStatements(const Race &R, const AsioSpelling &Asio,
                           llvm::StringRef Timeout, llvm::StringRef Indent) {
  const std::string &NS = Asio.Namespace;
  return NS + "::steady_timer " + R.Timer + "(co_await " + NS +
         "::this_coro::executor, " + Timeout.str() + ");\n" + Indent.str() +
         "auto " + R.Result + " = co_await (" + R.Operation + " || " + R.Timer +
         ".async_wait(" + NS + "::use_awaitable));\n" + Indent.str() + "if (" +
         R.Result + ".index() == 1)\n" + Indent.str() + "  throw " +
         Asio.SystemError + "(" + NS + "::error::timed_out, \"" +
         R.OperationName + "\")";
}

/// True when \p S (outside nested lambdas) leaves the loop it is in or
/// rethrows: a handler that does so does not retry.
bool leavesOrRethrows(const Stmt *S) {
  bool Found = false;
  forEachStmtInBody(S, [&](const Stmt *Child) {
    Found =
        Found ||
        isa<CXXThrowExpr, CoreturnStmt, ReturnStmt, BreakStmt, GotoStmt>(Child);
  });
  return Found;
}

/// Visits the statements \p Loop runs in each iteration itself, not those of
/// nested loops (loops of their own) or lambdas; each once, so checking every
/// loop of a function stays linear.
void forEachInIteration(const Stmt *Loop,
                        llvm::function_ref<void(const Stmt *)> Visit) {
  llvm::SmallVector<const Stmt *, 16> Work(Loop->child_begin(),
                                           Loop->child_end());
  while (!Work.empty()) {
    const Stmt *S = Work.pop_back_val();
    if (!S ||
        isa<LambdaExpr, BlockExpr, ForStmt, CXXForRangeStmt, WhileStmt, DoStmt>(
            S))
      continue;
    Visit(S);
    // An await's implicit awaiter calls are not the program's calls.
    if (const auto *Await = dyn_cast<CoroutineSuspendExpr>(S))
      Work.push_back(Await->getOperand());
    else
      Work.append(S->child_begin(), S->child_end());
  }
}

/// True when \p Handler catches the `system_error` Asio reports a
/// cancellation with (`operation_aborted`): `catch (...)` or a base class.
bool catchesCancellation(const CXXCatchStmt *Handler, ASTContext &Ctx) {
  if (!Handler->getExceptionDecl())
    return true;
  const CXXRecordDecl *Caught = recordOf(Handler->getCaughtType());
  if (!Caught)
    return false;
  for (const NamedDecl *ND : lookupQualified(Ctx, "std::system_error"))
    if (const auto *Error = dyn_cast<CXXRecordDecl>(ND);
        Error && Error->hasDefinition() &&
        (Error->getCanonicalDecl() == Caught->getCanonicalDecl() ||
         Error->isDerivedFrom(Caught)))
      return true;
  return false;
}

/// A handler of \p Try that swallows a failure, so that the loop around
/// goes round again: any one, or with \p OnlyCancellation the one that
/// catches a cancellation's error (the first whose type matches, as C++
/// picks it).
const CXXCatchStmt *swallowingHandler(const CXXTryStmt *Try,
                                      bool OnlyCancellation, ASTContext &Ctx) {
  for (unsigned I = 0; I < Try->getNumHandlers(); ++I) {
    const CXXCatchStmt *Handler = Try->getHandler(I);
    if (OnlyCancellation && !catchesCancellation(Handler, Ctx))
      continue;
    if (!leavesOrRethrows(Handler->getHandlerBlock()))
      return Handler;
    if (OnlyCancellation)
      return nullptr;
  }
  return nullptr;
}

/// A `try` statement of \p Loop's body that awaits an attempt and has a
/// swallowing handler (see swallowingHandler); with that handler.
struct Attempt {
  const CXXTryStmt *Try;
  const CXXCatchStmt *Handler;
};
std::optional<Attempt> retriedAttempt(const Stmt *Loop, bool OnlyCancellation,
                                      ASTContext &Ctx) {
  std::optional<Attempt> Found;
  forEachInIteration(Loop, [&](const Stmt *S) {
    const auto *Try = dyn_cast<CXXTryStmt>(S);
    if (Found || !Try || !containsAwait(Try->getTryBlock()))
      return;
    if (const CXXCatchStmt *Handler =
            swallowingHandler(Try, OnlyCancellation, Ctx))
      Found = Attempt{Try, Handler};
  });
  return Found;
}

/// True when \p S reads the Asio coroutine's cancellation state
/// (`this_coro::cancellation_state`, `throw_if_cancelled`).
bool readsCancellationState(const Stmt *S) {
  bool Found = false;
  forEachStmtInBody(S, [&](const Stmt *Child) {
    const NamedDecl *D = nullptr;
    if (const auto *Ref = dyn_cast<DeclRefExpr>(Child))
      D = Ref->getDecl();
    else if (const auto *Call = dyn_cast<CallExpr>(Child))
      D = Call->getDirectCallee();
    Found = Found || (D && isAsio(D) && D->getIdentifier() &&
                      (D->getName() == "cancellation_state" ||
                       D->getName() == "throw_if_cancelled"));
  });
  return Found;
}

/// True when \p Loop uses \p Token: names it, also in a nested loop, or
/// hands it to a lambda that captures it.
bool usesToken(const Stmt *Loop, const ParmVarDecl *Token) {
  llvm::SmallVector<const Stmt *, 16> Work{Loop};
  while (!Work.empty()) {
    const Stmt *S = Work.pop_back_val();
    if (!S)
      continue;
    if (const auto *Ref = dyn_cast<DeclRefExpr>(S);
        Ref && Ref->getDecl() == Token)
      return true;
    if (const auto *Lambda = dyn_cast<LambdaExpr>(S)) {
      if (llvm::any_of(Lambda->captures(), [&](const LambdaCapture &C) {
            return C.capturesVariable() && C.getCapturedVar() == Token;
          }))
        return true;
      continue;
    }
    if (const auto *Await = dyn_cast<CoroutineSuspendExpr>(S))
      Work.push_back(Await->getOperand());
    else
      Work.append(S->child_begin(), S->child_end());
  }
  return false;
}

/// The statements of \p Loop's body, when it is a block.
const CompoundStmt *loopBlock(const Stmt *Loop) {
  const Stmt *Body = nullptr;
  if (const auto *For = dyn_cast<ForStmt>(Loop))
    Body = For->getBody();
  else if (const auto *Range = dyn_cast<CXXForRangeStmt>(Loop))
    Body = Range->getBody();
  else if (const auto *While = dyn_cast<WhileStmt>(Loop))
    Body = While->getBody();
  else if (const auto *Do = dyn_cast<DoStmt>(Loop))
    Body = Do->getBody();
  return dyn_cast_or_null<CompoundStmt>(Body);
}
} // namespace

MissingTimeoutCheck::MissingTimeoutCheck(llvm::StringRef Name,
                                         ClangTidyContext *Context)
    : AsyncCheck(Name, Context),
      IoOperationsOption(Options.get(IoOperationsOpt, DefaultIoOperations)),
      IoOperations(IoOperationsOption + ";" +
                   Options.get("ExtraIoOperations", "").str()),
      DeadlineCallsOption(Options.get(DeadlineCallsOpt, DefaultDeadlineCalls)),
      DeadlineCalls(DeadlineCallsOption),
      BackoffCallsOption(Options.get(BackoffCallsOpt, DefaultBackoffCalls)),
      BackoffCalls(BackoffCallsOption),
      TimeoutFunction(Options.get(TimeoutFunctionOpt, "rt::with_timeout")),
      DefaultTimeoutMs(Options.get(DefaultTimeoutOpt, 2000U)),
      Inserter(Options.getLocalOrGlobal("IncludeStyle",
                                        utils::IncludeSorter::IS_LLVM),
               areDiagsSelfContained()) {}

void MissingTimeoutCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, IoOperationsOpt, IoOperationsOption);
  Options.store(Opts, DeadlineCallsOpt, DeadlineCallsOption);
  Options.store(Opts, BackoffCallsOpt, BackoffCallsOption);
  Options.store(Opts, TimeoutFunctionOpt, TimeoutFunction);
  Options.store(Opts, DefaultTimeoutOpt, DefaultTimeoutMs);
  Options.store(Opts, "IncludeStyle", Inserter.getStyle());
}

void MissingTimeoutCheck::registerPPCallbacks(const SourceManager &,
                                              Preprocessor *PP,
                                              Preprocessor *) {
  Inserter.registerPreprocessor(PP);
}

void MissingTimeoutCheck::registerMatchers(MatchFinder *Finder) {
  Finder->addMatcher(userFunctionDefinition(), this);
}

void MissingTimeoutCheck::check(const MatchFinder::MatchResult &Result) {
  const auto *FD = Result.Nodes.getNodeAs<FunctionDecl>("function");
  Model.bind(*Result.Context);
  const ParmVarDecl *Token = stopTokenParameter(FD);
  bool Coroutine = isCoroutine(FD);
  if ((!Token && !Coroutine) || isInInstantiation(FD))
    return;
  bool HasDeadline = false;
  llvm::SmallVector<const CoawaitExpr *, 8> Awaits;
  llvm::SmallVector<const Stmt *, 4> Loops;
  // The block statement each hoistable await leads (see leadingAwait).
  llvm::DenseMap<const CoawaitExpr *, const Stmt *> StatementOf;
  forEachStmtInBody(userBody(FD), [&](const Stmt *S) {
    if (const auto *Block = dyn_cast<CompoundStmt>(S)) {
      for (const Stmt *Child : Block->body())
        if (const CoawaitExpr *Await = leadingAwait(Child))
          StatementOf[Await] = Child;
    } else if (isa<ForStmt, CXXForRangeStmt, WhileStmt, DoStmt>(S)) {
      Loops.push_back(S);
    } else if (const auto *Call = dyn_cast<CallExpr>(S)) {
      HasDeadline = HasDeadline || DeadlineCalls.containsCall(Call) ||
                    publishesDeadline(Call);
      if (Token && dropsToken(Call))
        reportDroppedToken(Call, Token, *Result.Context);
    } else if (const auto *Await = dyn_cast<CoawaitExpr>(S)) {
      Awaits.push_back(Await);
    }
  });
  FunctionFixes Fixes{FD, std::nullopt,
                      seesUsingDirective(FD, {"awaitable_operators"})};
  for (const CoawaitExpr *Await : Awaits)
    checkUnboundedWait(Await, StatementOf.lookup(Await), HasDeadline, Fixes,
                       *Result.Context);
  if (Coroutine)
    for (const Stmt *Loop : Loops)
      checkRetryLoop(Loop, FD, *Result.Context);
}

void MissingTimeoutCheck::reportDroppedToken(const CallExpr *Call,
                                             const ParmVarDecl *Token,
                                             ASTContext &Ctx) {
  const FunctionDecl *Callee = Call->getDirectCallee();
  auto Diag = diag(Call->getBeginLoc(),
                   "'%0' has an overload that takes a std::stop_token, but "
                   "'%1' is not passed on: a cancelled caller keeps waiting "
                   "for this call")
              << Callee->getName() << Token->getName();
  SourceLocation RParen = Call->getRParenLoc();
  if (RParen.isInvalid() || RParen.isMacroID() ||
      fixableRange(Call->getSourceRange(), Ctx).isInvalid())
    return;
  Diag << FixItHint::CreateInsertion(
      RParen, (Call->getNumArgs() > 0 ? ", " : "") + Token->getName().str());
}

void MissingTimeoutCheck::checkUnboundedWait(const CoawaitExpr *Await,
                                             const Stmt *Statement,
                                             bool HasDeadline,
                                             FunctionFixes &Fixes,
                                             ASTContext &Ctx) {
  const auto *Op = dyn_cast<CallExpr>(stripImplicit(Await->getOperand()));
  if (!Op || HasDeadline || !IoOperations.containsCall(Op) ||
      passesCancellation(Op))
    return;
  if (const auto *Member = dyn_cast<CXXMemberCallExpr>(Op);
      Member && isInProcessChannel(Member->getImplicitObjectArgument()))
    return;
  Fix Repair = isAsio(Model.promiseOfCoroutine(Fixes.Function))
                   ? raceWithTimerFix(Await, Op, Statement, Fixes, Ctx)
                   : timeoutFix(Op, Fixes.Function, Ctx);
  diag(Op->getBeginLoc(),
       "'%0' waits on another service with no deadline and no way to cancel "
       "it: if the peer never answers, this coroutine waits forever")
      << Op->getDirectCallee()->getName() << Repair;
}

void MissingTimeoutCheck::checkRetryLoop(const Stmt *Loop,
                                         const FunctionDecl *FD,
                                         ASTContext &Ctx) {
  const ParmVarDecl *Token = stopTokenParameter(FD);
  std::optional<Attempt> Retried =
      retriedAttempt(Loop, /*OnlyCancellation=*/!Token, Ctx);
  if (Token) {
    // With a token, a loop that awaits and backs off retries too. A call
    // already reported for dropping the token gets it from that fix.
    bool BacksOff = false, Awaits = false, Threaded = false;
    forEachInIteration(Loop, [&](const Stmt *S) {
      Awaits = Awaits || isAwaitExpr(S);
      if (const auto *Call = dyn_cast<CallExpr>(S)) {
        BacksOff = BacksOff || BackoffCalls.containsCall(Call);
        Threaded = Threaded || dropsToken(Call);
      }
    });
    if ((!Retried && !(BacksOff && Awaits)) || Threaded ||
        usesToken(Loop, Token))
      return;
    diag(Loop->getBeginLoc(),
         "this retry loop neither passes on nor checks '%0': after the "
         "caller cancels, it keeps retrying until its attempts run out")
        << Token->getName();
    diag(Token->getLocation(), "'%0' is how the caller cancels",
         DiagnosticIDs::Note)
        << Token->getName();
    return;
  }
  // Asio: awaits throw operation_aborted once the coroutine is cancelled,
  // so only a loop whose handler swallows that error keeps retrying.
  if (!Retried || !isAsio(Model.promiseOfCoroutine(FD)) ||
      readsCancellationState(Loop))
    return;
  diag(Loop->getBeginLoc(),
       "this retry loop catches the error a cancellation raises and never "
       "checks the coroutine's cancellation state: after the caller "
       "cancels, it keeps retrying")
      << cancellationCheckFix(Loop, Retried->Try, FD, Ctx);
  diag(Retried->Handler->getBeginLoc(),
       "the cancellation's operation_aborted is caught here",
       DiagnosticIDs::Note);
}

std::string MissingTimeoutCheck::timeoutText(const FunctionDecl *FD) const {
  // Spell the timeout the way the file already spells durations.
  if (!seesUsingDirective(FD, {"chrono_literals", "literals", "chrono"}))
    return "std::chrono::milliseconds(" + std::to_string(DefaultTimeoutMs) +
           ")";
  return DefaultTimeoutMs % 1000 == 0
             ? std::to_string(DefaultTimeoutMs / 1000) + "s"
             : std::to_string(DefaultTimeoutMs) + "ms";
}

Fix MissingTimeoutCheck::timeoutFix(const Expr *Operation,
                                    const FunctionDecl *FD, ASTContext &Ctx) {
  const CXXRecordDecl *Promise = Model.promiseOfCoroutine(FD);
  bool Known = llvm::any_of(
      lookupQualified(Ctx, TimeoutFunction),
      [&](const NamedDecl *Timeout) { return sameLibrary(Timeout, Promise); });
  if (!Known)
    return {};
  std::string Suffix = ", " + timeoutText(FD);
  if (const ParmVarDecl *Token = stopTokenParameter(FD))
    Suffix += ", " + Token->getName().str();
  return wrapFix(Operation, TimeoutFunction + "(", Suffix + ")", Ctx);
}

Fix MissingTimeoutCheck::raceWithTimerFix(const CoawaitExpr *Await,
                                          const CallExpr *Operation,
                                          const Stmt *Statement,
                                          FunctionFixes &Fixes,
                                          ASTContext &Ctx) {
  // The race is written in front of the statement, whose await becomes the
  // operation's alternative of the result; a void result can only be
  // dropped.
  const FunctionDecl *FD = Fixes.Function;
  const CXXRecordDecl *Promise = Model.promiseOfCoroutine(FD);
  if (!Statement || !isDefaultExecutorAwaitable(Operation->getType()) ||
      asioNamespaceOf(recordOf(Operation->getType())) !=
          asioNamespaceOf(Promise))
    return {};
  bool Dropped =
      isa<Expr>(Statement) && stripImplicit(cast<Expr>(Statement)) == Await;
  if (Await->getType()->isVoidType() && !Dropped)
    return {};
  CharSourceRange Whole =
      fixableRange({Statement->getBeginLoc(), Await->getEndLoc()}, Ctx);
  CharSourceRange Lead =
      fixableRange({Statement->getBeginLoc(), Await->getBeginLoc()}, Ctx);
  CharSourceRange Op = fixableRange(Operation->getSourceRange(), Ctx);
  if (Whole.isInvalid() || Lead.isInvalid() || Op.isInvalid() ||
      Await->getBeginLoc().isMacroID())
    return {};

  if (!Fixes.Names)
    Fixes.Names.emplace(FD);
  Race R{
      Fixes.Names->take("deadline"), Fixes.Names->take("first"),
      Lexer::getSourceText(Op, Ctx.getSourceManager(), Ctx.getLangOpts()).str(),
      Operation->getDirectCallee()->getName().str()};
  AsioSpelling Asio = asioSpellingOf(Promise);
  std::string Indent = indentationOf(Statement->getBeginLoc(), Ctx);
  std::string Text = raceStatements(R, Asio, timeoutText(FD), Indent);
  // The statement keeps its own `;`; a dropped result needs nothing more,
  // else the statement follows with the operation's alternative in place of
  // the await ("T v = ", "co_return " kept as written).
  if (!Dropped)
    Text += ";\n" + Indent +
            sourceText({Statement->getBeginLoc(), Await->getBeginLoc()}, Ctx)
                .drop_back(Lexer::MeasureTokenLength(Await->getBeginLoc(),
                                                     Ctx.getSourceManager(),
                                                     Ctx.getLangOpts()))
                .str() +
            "std::get<0>(std::move(" + R.Result + "))";

  // Each fix brings the operators into its own block, so that it compiles
  // on its own, whichever of the function's fixes are applied.
  if (!Fixes.OperatorsInScope)
    Text = "using namespace " + Asio.OperatorsNamespace + ";\n" + Indent + Text;
  Fix Hints{FixItHint::CreateReplacement(Whole, Text)};
  addIncludes(Hints, Whole.getBegin(), {Asio.OperatorsHeader, "<variant>"},
              Ctx);
  return Hints;
}

Fix MissingTimeoutCheck::cancellationCheckFix(const Stmt *Loop,
                                              const CXXTryStmt *Attempt,
                                              const FunctionDecl *FD,
                                              ASTContext &Ctx) {
  // The check goes right after the failed attempt, before any back-off, so
  // it needs the attempt to be a statement of the loop's own block.
  const CompoundStmt *Block = loopBlock(Loop);
  if (!Block || !llvm::is_contained(Block->body(), Attempt) ||
      fixableRange(Attempt->getSourceRange(), Ctx).isInvalid())
    return {};
  AsioSpelling Asio = asioSpellingOf(Model.promiseOfCoroutine(FD));
  std::string Indent = indentationOf(Attempt->getBeginLoc(), Ctx);
  SourceLocation After = Lexer::getLocForEndOfToken(
      Attempt->getEndLoc(), 0, Ctx.getSourceManager(), Ctx.getLangOpts());
  return {FixItHint::CreateInsertion(
      After, "\n" + Indent + "if ((co_await " + Asio.Namespace +
                 "::this_coro::cancellation_state).cancelled() != " +
                 Asio.Namespace + "::cancellation_type::none)\n" + Indent +
                 "  throw " + Asio.SystemError + "(" + Asio.Namespace +
                 "::error::operation_aborted);")};
}

void MissingTimeoutCheck::addIncludes(
    Fix &Hints, SourceLocation In,
    std::initializer_list<llvm::StringRef> Headers, ASTContext &Ctx) {
  FileID File = Ctx.getSourceManager().getFileID(In);
  for (llvm::StringRef Header : Headers)
    if (auto Include = Inserter.createIncludeInsertion(File, Header))
      Hints.push_back(*Include);
}

} // namespace clang::tidy::async
