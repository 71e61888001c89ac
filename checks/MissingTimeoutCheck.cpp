//===--- MissingTimeoutCheck.cpp - asynclint ------------------------------===//

#include "MissingTimeoutCheck.h"
#include "model/AsyncMatchers.h"
#include "model/NetworkModel.h"
#include "analysis/RetryLoops.h"
#include "clang/AST/ExprCXX.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/MapVector.h"

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

/// Whether \p Call hands a cancellation source to the operation: a
/// cancellation token of any framework (a stop token, a CancellationToken,
/// an Asio cancellation slot or its binding), or a per-operation deadline
/// token (`cancel_after`, listed in \p DeadlineCalls), written by the
/// caller (a defaulted token cancels nothing).
/// With \p OnlyDeadlines, only a per-operation deadline token counts.
bool passesCancellation(const CallExpr *Call, const NameList &DeadlineCalls,
                        bool OnlyDeadlines = false) {
  bool Found = false;
  for (const Expr *Written : Call->arguments())
    if (!isa<CXXDefaultArgExpr>(Written))
      forEachStmtInBody(Written, [&](const Stmt *S) {
        const auto *Arg = dyn_cast<Expr>(S);
        if (!Arg)
          return;
        if (!OnlyDeadlines && isCancellationToken(Arg->getType()))
          Found = true;
        if (const auto *Inner = dyn_cast<CallExpr>(Arg))
          if (const FunctionDecl *FD = Inner->getDirectCallee();
              FD && FD->getIdentifier() &&
              ((!OnlyDeadlines && FD->getName() == "bind_cancellation_slot") ||
               (!isa<CXXMemberCallExpr>(Inner) &&
                DeadlineCalls.containsCall(Inner))))
            Found = true;
      });
  return Found;
}

/// Whether \p Call binds a cancellation token to the work it is handed
/// (`co_withCancellation(token, f())`): one of its own arguments is a token
/// of any framework (a token nested in another argument is that
/// argument's, not the work's). A slot bound to a spawn's completion
/// handler is not: whether the handler's owner ever emits is its own
/// choice, and a deadline is still wanted there.
bool bindsCancellation(const CallExpr *Call) {
  return llvm::any_of(Call->arguments(), [](const Expr *Written) {
    const Expr *Arg = stripImplicit(Written);
    const CXXRecordDecl *RD = Arg ? recordOf(Arg->getType()) : nullptr;
    return !isa<CXXDefaultArgExpr>(Written) && RD && RD->getIdentifier() &&
           RD->getName().contains_insensitive("token") &&
           isCancellationToken(Arg->getType());
  });
}

/// True when \p Arg is a completion handler (a lambda, a function, a
/// `std::function`, a `std::bind` result), not a completion token.
bool isHandler(const Expr *Arg) {
  Arg = stripImplicit(Arg);
  if (isa<LambdaExpr>(Arg))
    return true;
  QualType T = Arg->getType().getNonReferenceType();
  if (T->isFunctionPointerType() || T->isFunctionType())
    return true;
  const CXXRecordDecl *RD = recordOf(T);
  return RD && (RD->isLambda() || isStdNamed(RD, "function") ||
                (RD->getIdentifier() && RD->getName().starts_with("_Bind")));
}

/// What the function does to its deadline timers: a deadline is in effect
/// at an await when, on every path to it, a timer was armed
/// (`expires_after`, or a watchdog handler waiting on it) and has not been
/// spent since: awaited directly, raced with `||` (the operator cancels the
/// loser), or cancelled. Lexical order is not enough: a timer armed in one
/// branch of an `if`, or spent at the end of a loop body, leaves a path
/// with no deadline. The function's flow is built on the first question,
/// and only when the function arms a timer.
class Deadlines {
public:
  enum Kind { Arm, Spend };
  Deadlines(FlowCache &Flows, const FunctionDecl *FD, ASTContext &Ctx)
      : Flows(Flows), FD(FD), Ctx(Ctx) {}
  /// \p End, when valid, ends the deadline: the scope of a guard object.
  void add(Kind K, const ValueDecl *Timer, const Stmt *At,
           SourceLocation End = {}) {
    TimerEvents &Events = Timers[Timer];
    (K == Arm ? Events.Arms : Events.Spends).push_back(At);
    if (End.isValid())
      Events.End = End;
  }
  bool Published = false;
  bool inEffectAt(const Stmt *S) {
    return Published || llvm::any_of(Timers, [&](auto &Entry) {
             return armedAt(S, Entry.first, Entry.second);
           });
  }

private:
  /// One timer's events (the arms of unnamed timers share one entry and
  /// are never spent).
  struct TimerEvents {
    llvm::SmallVector<const Stmt *, 2> Arms, Spends;
    SourceLocation End;
    std::optional<PathCoverage> Armed; ///< where it is armed, once asked
  };
  bool armedAt(const Stmt *S, const ValueDecl *Timer, TimerEvents &Events) {
    const SourceManager &SM = Ctx.getSourceManager();
    if (Events.Arms.empty() ||
        (Events.End.isValid() &&
         !SM.isBeforeInTranslationUnit(S->getBeginLoc(), Events.End)))
      return false;
    if (!Events.Armed)
      Events.Armed.emplace(Flows.of(FD, Ctx).coverage(
          Events.Arms, Timer ? Events.Spends : ArrayRef<const Stmt *>()));
    return Events.Armed->at(S);
  }
  FlowCache &Flows;
  const FunctionDecl *FD;
  ASTContext &Ctx;
  llvm::MapVector<const ValueDecl *, TimerEvents> Timers;
};

/// What a member call does to the timer it is called on: arms it (one of
/// \p DeadlineCalls, `expires_after`, ...; a watchdog
/// `t.async_wait(handler)`), spends it (an awaited or raced `async_wait`,
/// `cancel`, `expires_never`), or neither.
std::optional<Deadlines::Kind> timerEventOf(const CXXMemberCallExpr *Call,
                                            const NameList &DeadlineCalls) {
  const FunctionDecl *Method = Call->getDirectCallee();
  if (!Method || !Method->getIdentifier())
    return std::nullopt;
  if (DeadlineCalls.containsCall(Call))
    return Deadlines::Arm;
  if (Method->getName() == "async_wait")
    return llvm::any_of(Call->arguments(), isHandler) ? Deadlines::Arm
                                                      : Deadlines::Spend;
  if (Method->getName() == "cancel" || Method->getName() == "expires_never")
    return Deadlines::Spend;
  return std::nullopt;
}

/// The construction of \p Var when it arms a deadline: a timer armed by its
/// constructor, or a scoped guard given a duration
/// (`timer_guard guard(this, timeout_, "connect")`); null otherwise.
const CXXConstructExpr *deadlineConstruction(const VarDecl *Var,
                                             const ASTContext &Ctx) {
  const auto *Construct = dyn_cast_or_null<CXXConstructExpr>(
      Var->getInit() ? stripImplicit(Var->getInit()) : nullptr);
  if (!Construct || isChronoType(Var->getType()))
    return nullptr;
  bool Arms = llvm::any_of(Construct->arguments(), [&](const Expr *Arg) {
    if (isa<CXXDefaultArgExpr>(Arg) || !isChronoType(Arg->getType()))
      return false;
    std::optional<double> Ms = constantDurationMs(Arg, Ctx);
    return !Ms || *Ms > 0;
  });
  return Arms ? Construct : nullptr;
}

/// True when the class of \p T configures timeouts of its own: a field of
/// a duration, time point or timer type, or a member named for a timeout.
bool hasOwnTimeouts(QualType T) {
  T = T.getNonReferenceType();
  if (T->isPointerType())
    T = T->getPointeeType();
  const CXXRecordDecl *RD = recordOf(T);
  if (!RD || !RD->hasDefinition())
    return false;
  for (const FieldDecl *F : RD->fields()) {
    const CXXRecordDecl *FT = recordOf(F->getType());
    if (isChronoType(F->getType()) ||
        (FT && FT->getIdentifier() &&
         llvm::is_contained(identifierWords(FT->getName()), "timer")))
      return true;
  }
  // A member that holds or sets one (`timeout_`, `set_timeout(d)`,
  // `timeout(d)`); not a name for a type (`using Deadline = ...`) or an
  // operation that takes a deadline per call.
  for (const Decl *D : RD->decls()) {
    const auto *ND = dyn_cast<NamedDecl>(D);
    if (!ND || !ND->getIdentifier() ||
        !isa<FieldDecl, VarDecl, CXXMethodDecl>(ND))
      continue;
    auto Words = identifierWords(ND->getName());
    if (!llvm::is_contained(Words, "timeout") &&
        !llvm::is_contained(Words, "deadline"))
      continue;
    const auto *Method = dyn_cast<CXXMethodDecl>(ND);
    if (!Method || llvm::is_contained(Words, "set") ||
        (Words.size() == 1 && Method->getNumParams() == 1))
      return true;
  }
  return false;
}

/// Whether \p Method is a coroutine that awaits nothing, standing in for a
/// network operation (a placeholder client whose body will do the I/O):
/// the call is then the operation. Not in a class named as a test double or
/// a test (`MockTransport`, `FakeClient`, `TransportTest`), which never
/// waits on a peer.
bool standsInForOperation(const CXXMethodDecl *Method,
                          const FunctionDecl *Def) {
  if (!isCoroutine(Def) || containsAwait(Def->getBody()))
    return false;
  const CXXRecordDecl *Class = Method->getParent();
  return !Class->getIdentifier() ||
         llvm::none_of(identifierWords(Class->getName()),
                       [](const std::string &W) {
                         return llvm::is_contained(
                             {"mock", "fake", "stub", "dummy", "test"}, W);
                       });
}

/// True when \p Callee is a method whose body this translation unit shows
/// outside system headers and that takes no timeout of its own: a wrapper
/// whose own awaits are analysed where it is defined (unless it only
/// stands in for the operation).
bool isVisibleWrapper(const FunctionDecl *Callee, const ASTContext &Ctx) {
  const FunctionDecl *Def = nullptr;
  const auto *Method = dyn_cast<CXXMethodDecl>(Callee);
  if (!Method || !Callee->hasBody(Def) ||
      Ctx.getSourceManager().isInSystemHeader(Def->getLocation()) ||
      standsInForOperation(Method, Def))
    return false;
  return llvm::none_of(Callee->parameters(), [](const ParmVarDecl *P) {
    return isChronoType(P->getType()) ||
           (P->getIdentifier() &&
            llvm::is_contained(identifierWords(P->getName()), "timeout"));
  });
}

/// A call that hands over an accepted connection: `async_accept`,
/// `accept`, a framework's `co_accept`.
bool isAcceptCall(const Expr *E) {
  const auto *Call = dyn_cast_or_null<CallExpr>(E ? stripImplicit(E) : nullptr);
  const FunctionDecl *FD = Call ? Call->getDirectCallee() : nullptr;
  if (!FD || !FD->getIdentifier())
    return false;
  auto Words = identifierWords(FD->getName());
  return llvm::is_contained(Words, "accept");
}

/// True when \p E is the awaited result of an accept.
bool isAcceptedValue(const Expr *E) {
  const auto *Await =
      dyn_cast_or_null<CoawaitExpr>(E ? stripImplicit(E) : nullptr);
  return Await && isAcceptCall(Await->getOperand());
}

/// A blocking sleep of the calling thread: `std::this_thread::sleep_for`,
/// `sleep_until`, POSIX `sleep`, `usleep`, `nanosleep`.
bool isThreadSleep(const CallExpr *Call) {
  const FunctionDecl *FD = Call->getDirectCallee();
  if (!FD || !FD->getIdentifier())
    return false;
  llvm::StringRef Name = FD->getName();
  if (Name == "sleep_for" || Name == "sleep_until") {
    const auto *NS = dyn_cast<NamespaceDecl>(FD->getDeclContext());
    return NS && NS->getName() == "this_thread" && isInStdLibrary(FD);
  }
  return FD->getDeclContext()->getRedeclContext()->isTranslationUnit() &&
         FD->isExternC() &&
         llvm::is_contained({"sleep", "usleep", "nanosleep"}, Name);
}

/// A same-file helper that sleeps: a plain function, taking no stop token,
/// whose body calls a thread sleep itself.
bool isSleepingHelper(const CallExpr *Call) {
  const FunctionDecl *FD = Call->getDirectCallee();
  const FunctionDecl *Def = nullptr;
  if (!FD || !FD->hasBody(Def) || isCoroutine(Def) || stopTokenParameter(Def))
    return false;
  bool Sleeps = false;
  forEachStmtInBody(userBody(Def), [&](const Stmt *S) {
    if (const auto *Inner = dyn_cast<CallExpr>(S))
      Sleeps = Sleeps || isThreadSleep(Inner);
  });
  return Sleeps;
}

/// The parameter through which the caller cancels \p FD: a stop token or
/// a cancellation token of any framework.
const ParmVarDecl *cancellationParameter(const FunctionDecl *FD) {
  for (const ParmVarDecl *Param : FD->parameters())
    if (isCancellationToken(Param->getType()))
      return Param;
  return nullptr;
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

/// The slot of a variable or parameter (a parameter by its function's
/// canonical declaration and position, so that calls to a declaration
/// reach the definition's parameter).
std::pair<const Decl *, unsigned> slotOf(const ValueDecl *D) {
  if (const auto *P = dyn_cast<ParmVarDecl>(D))
    if (const auto *F = dyn_cast_or_null<FunctionDecl>(P->getDeclContext()))
      return {F->getCanonicalDecl(), P->getFunctionScopeIndex()};
  return {D->getCanonicalDecl(), ~0U};
}

} // namespace

MissingTimeoutCheck::MissingTimeoutCheck(llvm::StringRef Name,
                                         ClangTidyContext *Context)
    : AsyncCheck(Name, Context),
      IoOperationsOption(Options.get(IoOperationsOpt, DefaultIoOperations)),
      IoOperations(IoOperationsOption),
      ExtraIoOperations(Options.get("ExtraIoOperations", "").str()),
      DeadlineCallsOption(Options.get(DeadlineCallsOpt, DefaultDeadlineCalls)),
      DeadlineCalls(DeadlineCallsOption),
      BackoffCallsOption(Options.get(BackoffCallsOpt, DefaultBackoffCalls)),
      BackoffCalls(BackoffCallsOption),
      TimeoutFunction(Options.get(TimeoutFunctionOpt, "rt::with_timeout")),
      DefaultTimeoutMs(Options.get(DefaultTimeoutOpt, 2000U)),
      NetworkTypesOption(Options.get("NetworkTypes", "")),
      ReportServerConnections(Options.get("ReportServerConnections", false)),
      Inserter(Options.getLocalOrGlobal("IncludeStyle",
                                        utils::IncludeSorter::IS_LLVM),
               areDiagsSelfContained()),
      Network(NameList(NetworkTypesOption), Model), Roles(Options) {}

void MissingTimeoutCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, IoOperationsOpt, IoOperationsOption);
  Options.store(Opts, DeadlineCallsOpt, DeadlineCallsOption);
  Options.store(Opts, BackoffCallsOpt, BackoffCallsOption);
  Options.store(Opts, TimeoutFunctionOpt, TimeoutFunction);
  Options.store(Opts, DefaultTimeoutOpt, DefaultTimeoutMs);
  Options.store(Opts, "NetworkTypes", NetworkTypesOption);
  Options.store(Opts, "ReportServerConnections", ReportServerConnections);
  Options.store(Opts, "IncludeStyle", Inserter.getStyle());
  Roles.store(Options, Opts);
}

llvm::SmallVector<const CXXRecordDecl *, 2>
MissingTimeoutCheck::cancellationErrors(const FunctionDecl *FD,
                                        ASTContext &Ctx) {
  llvm::SmallVector<const CXXRecordDecl *, 2> Errors;
  for (const std::string &Name : Roles.namesWhere(
           Role::CancellationErrors, Model.promiseOfCoroutine(FD)))
    for (const NamedDecl *D : lookupQualified(Ctx, Name))
      if (const auto *Error = dyn_cast<CXXRecordDecl>(D);
          Error && Error->hasDefinition())
        Errors.push_back(Error->getDefinition());
  return Errors;
}

void MissingTimeoutCheck::registerPPCallbacks(const SourceManager &,
                                              Preprocessor *PP,
                                              Preprocessor *) {
  Inserter.registerPreprocessor(PP);
}

void MissingTimeoutCheck::registerMatchers(MatchFinder *Finder) {
  Finder->addMatcher(userFunctionDefinition(), this);
}

void MissingTimeoutCheck::resetUnit() {
  Candidates.clear();
  FixesOf.clear();
  Accepted.clear();
  FlowsTo.clear();
  ConstructsInto.clear();
  ServerRecords.clear();
  Callers.clear();
  SleepingHelpers.clear();
  TimerArmingHelpers.clear();
  Flows.clear();
  Network.reset();
}

void MissingTimeoutCheck::recordAccepts(const CallExpr *Call) {
  if (!isAcceptCall(Call))
    return;
  const auto *Member = dyn_cast<CXXMemberCallExpr>(Call);
  for (const Expr *Arg : Call->arguments()) {
    const Expr *E = stripImplicit(Arg);
    // A completion handler is handed the accepted socket.
    if (const auto *Lambda = dyn_cast<LambdaExpr>(E)) {
      for (const ParmVarDecl *P : Lambda->getCallOperator()->parameters())
        Accepted.insert(slotOf(P));
      continue;
    }
    // `acceptor.async_accept(session->socket(), ...)`: the session class
    // holds the accepted socket.
    if (const auto *Accessor = dyn_cast<CXXMemberCallExpr>(E);
        Accessor && Accessor->getNumArgs() == 0) {
      QualType T = Accessor->getImplicitObjectArgument()->getType();
      if (T->isPointerType())
        T = T->getPointeeType();
      const CXXRecordDecl *RD = recordOf(T);
      if (RD && !RD->isInStdNamespace())
        ServerRecords.insert(RD->getCanonicalDecl());
    }
    if (const ValueDecl *Root = rootDeclOf(E)) {
      if (const auto *Field = dyn_cast<FieldDecl>(Root))
        ServerRecords.insert(
            cast<CXXRecordDecl>(Field->getParent())->getCanonicalDecl());
      else
        Accepted.insert(slotOf(Root));
    }
  }
  (void)Member;
}

void MissingTimeoutCheck::recordFlow(const Expr *Arg,
                                     const FunctionDecl *Callee,
                                     unsigned Index) {
  if (!Callee || Index >= Callee->getNumParams())
    return;
  Slot Target{Callee->getCanonicalDecl(), Index};
  // A stream built around a connection in the call itself
  // (`session(websocket_stream{std::move(socket)})`) carries it on.
  if (const CXXConstructExpr *Construct = constructionIn(Arg)) {
    for (const Expr *Part : Construct->arguments())
      recordFlow(Part, Callee, Index);
    return;
  }
  if (isAcceptedValue(Arg)) {
    Accepted.insert(Target);
    return;
  }
  if (const ValueDecl *Root = rootDeclOf(Arg); Root && !isa<FieldDecl>(Root))
    FlowsTo[slotOf(Root)].push_back(Target);
}

void MissingTimeoutCheck::recordInitialization(const VarDecl *Var) {
  const Expr *Init = Var->getInit();
  if (!Init)
    return;
  // A stream built around a connection (`ssl_stream s(std::move(sock),
  // ctx)`) carries it on.
  llvm::SmallVector<const Expr *, 2> Sources{Init};
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(stripImplicit(Init));
      Construct && !Construct->getConstructor()->isCopyOrMoveConstructor())
    Sources.assign(Construct->arg_begin(), Construct->arg_end());
  for (const Expr *Source : Sources) {
    if (isAcceptedValue(Source))
      Accepted.insert(slotOf(Var));
    else if (const ValueDecl *Root = rootDeclOf(Source);
             Root && !isa<FieldDecl>(Root))
      FlowsTo[slotOf(Root)].push_back(slotOf(Var));
  }
}

void MissingTimeoutCheck::recordConstruction(const Expr *Arg,
                                             const CXXRecordDecl *Built) {
  if (!Built || Built->isInStdNamespace())
    return;
  Built = Built->getCanonicalDecl();
  if (isAcceptedValue(Arg)) {
    ServerRecords.insert(Built);
    return;
  }
  if (const ValueDecl *Root = rootDeclOf(Arg); Root && !isa<FieldDecl>(Root))
    ConstructsInto[slotOf(Root)].push_back(Built);
}

llvm::ArrayRef<unsigned>
MissingTimeoutCheck::timerParametersArmedBy(const FunctionDecl *Callee) {
  auto [Entry, New] =
      TimerArmingHelpers.try_emplace(Callee->getCanonicalDecl());
  auto &Armed = Entry->second;
  const FunctionDecl *Definition = nullptr;
  if (!New || !Callee->hasBody(Definition) || isCoroutine(Definition))
    return Armed;
  // The timers a caller hands by reference or pointer, which the body arms.
  forEachStmtInBody(Definition->getBody(), [&](const Stmt *S) {
    const auto *Member = dyn_cast<CXXMemberCallExpr>(S);
    const auto *Param = dyn_cast_or_null<ParmVarDecl>(
        Member ? rootDeclOf(Member->getImplicitObjectArgument()) : nullptr);
    if (!Param || Param->getDeclContext() != Definition ||
        !(Param->getType()->isReferenceType() ||
          Param->getType()->isPointerType()) ||
        timerEventOf(Member, DeadlineCalls) != Deadlines::Arm ||
        llvm::is_contained(Armed, Param->getFunctionScopeIndex()))
      return;
    Armed.push_back(Param->getFunctionScopeIndex());
  });
  return Armed;
}

bool MissingTimeoutCheck::sleepingHelper(const CallExpr *Call) {
  const FunctionDecl *FD = Call->getDirectCallee();
  if (!FD)
    return false;
  auto [It, New] = SleepingHelpers.try_emplace(FD->getCanonicalDecl(), false);
  if (New)
    It->second = isSleepingHelper(Call);
  return It->second;
}

void MissingTimeoutCheck::check(const MatchFinder::MatchResult &Result) {
  const auto *FD = Result.Nodes.getNodeAs<FunctionDecl>("function");
  ASTContext &Ctx = *Result.Context;
  Model.bind(Ctx);
  if (Unit != &Ctx) {
    resetUnit();
    Unit = &Ctx;
  }
  if (!enterFunction(FD, Ctx))
    return;
  const ParmVarDecl *Token = cancellationParameter(FD);
  const ValueDecl *LocalToken = nullptr;
  bool Coroutine = isCoroutine(FD);
  Deadlines Timers(Flows, FD, Ctx);
  llvm::SmallVector<const CoawaitExpr *, 8> Awaits;
  llvm::SmallVector<const Stmt *, 4> Loops;
  llvm::SmallVector<const CallExpr *, 8> UserCalls;
  // Calls raced with `||` or wrapped with a deadline.
  llvm::SmallPtrSet<const Expr *, 8> Bounded;
  llvm::SmallPtrSet<const Expr *, 8> CalleeRefs;
  // The block statement each hoistable await leads (see leadingAwait).
  llvm::DenseMap<const CoawaitExpr *, const Stmt *> StatementOf;
  llvm::DenseMap<const Stmt *, SourceLocation> ScopeEnd;
  auto Escape = [&](const NamedDecl *D) {
    if (const auto *Template = dyn_cast<FunctionTemplateDecl>(D))
      D = Template->getTemplatedDecl();
    if (const auto *F = dyn_cast<FunctionDecl>(D))
      Callers[F->getCanonicalDecl()].Escaped = true;
  };
  forEachStmtInBody(userBody(FD), [&](const Stmt *S) {
    if (const auto *Block = dyn_cast<CompoundStmt>(S)) {
      for (const Stmt *Child : Block->body()) {
        if (const CoawaitExpr *Await = leadingAwait(Child))
          StatementOf[Await] = Child;
        if (isa<DeclStmt>(Child))
          ScopeEnd[Child] = Block->getRBracLoc();
      }
    } else if (isa<ForStmt, CXXForRangeStmt, WhileStmt, DoStmt>(S)) {
      Loops.push_back(S);
    } else if (const auto *DS = dyn_cast<DeclStmt>(S)) {
      for (const Decl *D : DS->decls()) {
        const auto *Var = dyn_cast<VarDecl>(D);
        if (!Var)
          continue;
        if (isCancellationToken(Var->getType()))
          LocalToken = Var;
        if (const CXXConstructExpr *Arming = deadlineConstruction(Var, Ctx))
          Timers.add(Deadlines::Arm, Var, Arming, ScopeEnd.lookup(DS));
        recordInitialization(Var);
      }
    } else if (const auto *Call = dyn_cast<CallExpr>(S)) {
      const FunctionDecl *Callee = Call->getDirectCallee();
      // A race cancels its other operands when one finishes: each can end.
      // Every library's `operator||` over awaitables is one.
      const auto *Op = dyn_cast<CXXOperatorCallExpr>(Call);
      if ((Op && Op->getOperator() == OO_PipePipe) ||
          Roles.of(Role::Races).containsCall(Call))
        boundOperands(Call, Bounded);
      // Races, deadline arguments and deadline tokens bound the coroutine a
      // caller hands them with; so does a token bound to it
      // (`co_withCancellation(token, f())`), as a slot bound to the
      // operation itself does. A token passed to the coroutine as its own
      // argument is not: its awaits must use it.
      if (passesCancellation(Call, DeadlineCalls, /*OnlyDeadlines=*/true) ||
          bindsCancellation(Call) || passesDeadlineArgument(Call, Ctx))
        boundOperands(Call, Bounded);
      if (const auto *Member = dyn_cast<CXXMemberCallExpr>(Call))
        if (std::optional<Deadlines::Kind> Event =
                timerEventOf(Member, DeadlineCalls))
          Timers.add(*Event, rootDeclOf(Member->getImplicitObjectArgument()),
                     Call);
      // `arm_watchdog(timer, socket, 2s)`: a helper that arms the timer.
      if (Callee && !isa<CXXOperatorCallExpr>(Call))
        for (unsigned I : timerParametersArmedBy(Callee))
          if (const ValueDecl *Timer = I < Call->getNumArgs()
                                           ? rootDeclOf(Call->getArg(I))
                                           : nullptr)
            Timers.add(Deadlines::Arm, Timer, Call);
      Timers.Published = Timers.Published || publishesDeadline(Call);
      if (Token && dropsToken(Call))
        reportDroppedToken(Call, Token, Ctx);
      recordAccepts(Call);
      for (const Expr *Arg : Call->arguments())
        if (const auto *Lambda = dyn_cast<LambdaExpr>(stripImplicit(Arg)))
          for (const LambdaCapture &C : Lambda->captures())
            if (C.capturesVariable() && C.getCapturedVar()->isInitCapture())
              if (const auto *Var = dyn_cast<VarDecl>(C.getCapturedVar()))
                recordInitialization(Var);
      if (Callee && (isStdNamed(Callee, "make_shared") ||
                     isStdNamed(Callee, "make_unique") ||
                     isStdNamed(Callee, "allocate_shared"))) {
        if (const TemplateArgumentList *Args =
                Callee->getTemplateSpecializationArgs();
            Args && Args->size() > 0 &&
            Args->get(0).getKind() == TemplateArgument::Type)
          for (const Expr *Arg : Call->arguments())
            recordConstruction(Arg, recordOf(Args->get(0).getAsType()));
      } else if (Callee) {
        unsigned Shift = isa<CXXOperatorCallExpr>(Call) &&
                                 isa<CXXMethodDecl>(Callee) &&
                                 !cast<CXXMethodDecl>(Callee)->isStatic()
                             ? 1
                             : 0;
        for (unsigned I = Shift; I < Call->getNumArgs(); ++I)
          recordFlow(Call->getArg(I), Callee, I - Shift);
        // `start(serve, std::move(socket))`, `std::thread(f, args...)`: the
        // arguments after a function go to that function's parameters.
        for (unsigned I = Shift; I < Call->getNumArgs(); ++I)
          if (const auto *Ref =
                  dyn_cast<DeclRefExpr>(Call->getArg(I)->IgnoreParenImpCasts()))
            if (const auto *Invoked = dyn_cast<FunctionDecl>(Ref->getDecl())) {
              for (unsigned J = I + 1; J < Call->getNumArgs(); ++J)
                recordFlow(Call->getArg(J), Invoked, J - I - 1);
              break;
            }
      }
      if (Callee && Callee->hasBody()) {
        CalleeRefs.insert(stripImplicit(Call->getCallee()));
        UserCalls.push_back(Call);
      }
    } else if (const auto *Construct = dyn_cast<CXXConstructExpr>(S)) {
      const CXXConstructorDecl *Ctor = Construct->getConstructor();
      if (!Ctor->isCopyOrMoveConstructor())
        for (unsigned I = 0; I < Construct->getNumArgs(); ++I) {
          recordConstruction(Construct->getArg(I), Ctor->getParent());
          recordFlow(Construct->getArg(I), Ctor, I);
        }
    } else if (const auto *Await = dyn_cast<CoawaitExpr>(S)) {
      Awaits.push_back(Await);
    } else if (const auto *Ref = dyn_cast<DeclRefExpr>(S)) {
      if (!CalleeRefs.count(Ref))
        Escape(Ref->getDecl());
    } else if (const auto *Overloads = dyn_cast<OverloadExpr>(S)) {
      // A dependent call in a template: which overload it calls is not
      // known until instantiation.
      for (const NamedDecl *D : Overloads->decls())
        Escape(D->getUnderlyingDecl());
    }
  });
  for (const CallExpr *Call : UserCalls) {
    CallSites &Sites = Callers[Call->getDirectCallee()->getCanonicalDecl()];
    ++Sites.Total;
    // A caller that also serves the peer (a loopback test running a client
    // coroutine beside its server) is the program talking to itself.
    if (Bounded.count(Call) || Timers.inEffectAt(Call) ||
        Network.hostsServer(FD))
      ++Sites.Covered;
  }
  if (Coroutine) {
    for (const CoawaitExpr *Await : Awaits)
      collectUnboundedWait(
          Await, StatementOf.lookup(Await),
          [&](const Stmt *S) { return Timers.inEffectAt(S); }, FD, Ctx);
    for (const Stmt *Loop : Loops)
      checkRetryLoop(Loop, FD, Ctx);
  } else if (const ValueDecl *InScope = Token ? Token : LocalToken) {
    for (const Stmt *Loop : Loops)
      checkThreadBackoff(Loop, InScope, FD, Ctx);
  }
}

/// Appends to \p Path the statements from \p S down to \p Target,
/// outermost first (nested lambdas are functions of their own); false, with
/// \p Path as it was, when \p Target is not there.
static bool pathTo(const Stmt *S, const Stmt *Target,
                   llvm::SmallVectorImpl<const Stmt *> &Path) {
  if (!S)
    return false;
  Path.push_back(S);
  if (S == Target)
    return true;
  if (!isa<LambdaExpr>(S))
    for (const Stmt *Child : S->children())
      if (pathTo(Child, Target, Path))
        return true;
  Path.pop_back();
  return false;
}

/// Whether \p Receive, a receive on the datagram socket \p Socket, waits
/// for the reply to a request \p FD sent on that socket: the first
/// operation on the socket that always runs before it — an awaited
/// statement of a block enclosing it — is a send. A client waits for an
/// answer that may never come; a server, whose first operation is a
/// receive, takes whatever arrives.
static bool awaitsReplyToOwnRequest(const CallExpr *Receive,
                                    const ValueDecl *Socket,
                                    const FunctionDecl *FD) {
  auto NameHas = [](const CallExpr *Call,
                    std::initializer_list<llvm::StringRef> Words) {
    const FunctionDecl *Callee = Call->getDirectCallee();
    return Callee && Callee->getIdentifier() &&
           llvm::any_of(Words, [&](llvm::StringRef Word) {
             return Callee->getName().contains_insensitive(Word);
           });
  };
  llvm::SmallVector<const Stmt *, 16> Path;
  if (!Socket || !NameHas(Receive, {"recv", "receive", "read"}) ||
      !pathTo(FD->getBody(), Receive, Path))
    return false;
  for (size_t I = 0; I + 1 < Path.size(); ++I) {
    const auto *Block = dyn_cast<CompoundStmt>(Path[I]);
    if (!Block)
      continue;
    for (const Stmt *S : Block->body()) {
      if (S == Path[I + 1])
        break;
      const CoawaitExpr *Await = leadingAwait(S);
      if (const auto *E = dyn_cast<Expr>(S); !Await && E) // `(void)co_await`
        Await = dyn_cast<CoawaitExpr>(
            stripImplicit(stripImplicit(E)->IgnoreParenCasts()));
      const auto *Op = Await ? dyn_cast<CXXMemberCallExpr>(
                                   stripImplicit(Await->getOperand()))
                             : nullptr;
      if (Op && rootDeclOf(Op->getImplicitObjectArgument()) == Socket)
        return NameHas(Op, {"send", "write"});
    }
  }
  return false;
}

void MissingTimeoutCheck::collectUnboundedWait(
    const CoawaitExpr *Await, const Stmt *Statement,
    llvm::function_ref<bool(const Stmt *)> DeadlineAt, const FunctionDecl *FD,
    ASTContext &Ctx) {
  const auto *Op = dyn_cast<CallExpr>(stripImplicit(Await->getOperand()));
  const FunctionDecl *Callee = Op ? Op->getDirectCallee() : nullptr;
  if (!Callee || !Callee->getIdentifier())
    return;
  const auto *Member = dyn_cast<CXXMemberCallExpr>(Op);
  const Expr *Receiver = Member ? Member->getImplicitObjectArgument() : nullptr;
  // Operations a project names itself are taken as they are; the others
  // wait on a peer when the object they work on is a network type. A
  // framework's own network operation (its profile's NetworkOperations)
  // names its object's class a network type, and a free one that is handed
  // no stream at all (`seastar::connect(address)`) waits on the peer itself.
  bool FrameworkOperation =
      Roles.of(Role::NetworkOperations).containsCall(Op) &&
      !IoOperations.containsCall(Op);
  // A class's static factory (folly's `Transport::newConnectedSocket`) is
  // judged by its arguments like any other call, not as a free operation.
  bool FreeOperation = FrameworkOperation && !Member &&
                       !isa<CXXMethodDecl>(Callee);
  if (FreeOperation) {
    if (Network.servesOwnPeer(FD))
      return;
  } else if (!ExtraIoOperations.containsCall(Op)) {
    if (IoOperations.containsCall(Op)) {
      // A free operation works on its first network argument (Asio's
      // `async_write(sock, ...)`, a wrapper's `async_connect(ex, sock, ..)`).
      if (!Member) {
        auto Net = llvm::find_if(Op->arguments(), [&](const Expr *Arg) {
          return Network.isNetworkType(Arg->getType());
        });
        Receiver = Net == Op->arg_end() ? nullptr : *Net;
      }
    } else if (!Member ||
               !(FrameworkOperation || isClientOperationName(Callee->getName())) ||
               hasOwnTimeouts(Receiver->getType())) {
      return;
    }
    // The connection the receiver is, or handed out (a stream); none when
    // it is no network object. A framework's operation names its own.
    if (Receiver && !FrameworkOperation)
      Receiver = Network.connectionOf(Receiver);
    // A datagram socket waits for whatever comes (a server's receive
    // loop), unless what it waits for is the reply to its own request.
    bool Datagram = Receiver && (Network.isDatagramType(Receiver->getType()) ||
                                 isDatagramOperationName(Callee->getName()));
    if (!Receiver || isInProcessChannel(Receiver) ||
        (Datagram && !awaitsReplyToOwnRequest(Op, rootDeclOf(Receiver), FD)) ||
        Network.servesOwnPeer(FD))
      return;
    // A method whose body is in view is analysed there.
    if (Member && isVisibleWrapper(Callee, Ctx))
      return;
  }
  if (passesCancellation(Op, DeadlineCalls) ||
      passesDeadlineArgument(Op, Ctx) || DeadlineAt(Await))
    return;
  FixesOf.try_emplace(
      FD, FunctionFixes{FD, std::nullopt,
                        seesUsingDirective(FD, {"awaitable_operators"})});
  const CXXRecordDecl *This = nullptr;
  if (Receiver && isa<CXXThisExpr>(stripImplicit(Receiver)))
    if (const auto *Method = dyn_cast<CXXMethodDecl>(FD))
      This = Method->getParent()->getCanonicalDecl();
  Candidates.push_back({Await, Op, Statement, FD,
                        Receiver ? rootDeclOf(Receiver) : nullptr, This});
}

/// Adds the operands of \p Call, which bounds them, to \p Bounded; and
/// those of a join among them: a join hands its own deadline or
/// cancellation on to every operand (`co_withCancellation(token,
/// collectAll(a(), b()))`).
void MissingTimeoutCheck::boundOperands(
    const CallExpr *Call, llvm::SmallPtrSetImpl<const Expr *> &Bounded) const {
  for (const Expr *Written : Call->arguments()) {
    const Expr *Arg = stripImplicit(Written);
    if (!Arg || !Bounded.insert(Arg).second)
      continue;
    const auto *Inner = dyn_cast<CallExpr>(Arg);
    const auto *Op = dyn_cast_or_null<CXXOperatorCallExpr>(Inner);
    if (Inner && ((Op && Op->getOperator() == OO_AmpAmp) ||
                  Roles.of(Role::VariadicJoins).containsCall(Inner) ||
                  Roles.of(Role::SettledJoins).containsCall(Inner)))
      boundOperands(Inner, Bounded);
  }
}

bool MissingTimeoutCheck::isServerSide(const Candidate &C) const {
  const CXXRecordDecl *Holder = C.ThisClass;
  if (const auto *Field = dyn_cast_or_null<FieldDecl>(C.Receiver))
    Holder = cast<CXXRecordDecl>(Field->getParent())->getCanonicalDecl();
  if (Holder) {
    for (const CXXRecordDecl *Server : ServerRecords) {
      const CXXRecordDecl *Def = Server->getDefinition();
      if (Server == Holder || (Def && Def->isDerivedFrom(Holder)))
        return true;
    }
    return false;
  }
  return C.Receiver && Accepted.count(slotOf(C.Receiver));
}

bool MissingTimeoutCheck::coveredByCallers(const FunctionDecl *FD) const {
  auto It = Callers.find(FD->getCanonicalDecl());
  return It != Callers.end() && !It->second.Escaped && It->second.Total > 0 &&
         It->second.Covered == It->second.Total;
}

void MissingTimeoutCheck::onEndOfTranslationUnit() {
  // Accepted connections travel into the parameters and objects they are
  // handed to.
  llvm::SmallVector<Slot, 16> Work(Accepted.begin(), Accepted.end());
  while (!Work.empty()) {
    Slot S = Work.pop_back_val();
    if (auto It = ConstructsInto.find(S); It != ConstructsInto.end())
      for (const CXXRecordDecl *RD : It->second)
        ServerRecords.insert(RD);
    if (auto It = FlowsTo.find(S); It != FlowsTo.end())
      for (Slot Next : It->second)
        if (Accepted.insert(Next).second)
          Work.push_back(Next);
  }
  if (Unit)
    for (const Candidate &C : Candidates)
      if ((ReportServerConnections || !isServerSide(C)) &&
          !coveredByCallers(C.Function))
        reportUnboundedWait(C, *Unit);
  resetUnit();
  Unit = nullptr;
}

void MissingTimeoutCheck::reportUnboundedWait(const Candidate &C,
                                              ASTContext &Ctx) {
  FunctionFixes &Fixes = FixesOf.at(C.Function);
  enterFunction(C.Function, Ctx);
  // A server's own client waits by design: no fixed deadline there.
  Fix Repair;
  if (!isServerSide(C) && !inInstantiation())
    Repair =
        isAsio(Model.promiseOfCoroutine(C.Function))
            ? raceWithTimerFix(C.Await, C.Operation, C.Statement, Fixes, Ctx)
            : timeoutFix(C.Operation, C.Function, Ctx);
  diag(beginOf(C.Operation),
       "'%0' waits on another service with no deadline and no way to cancel "
       "it: if the peer never answers, this coroutine waits forever")
      << C.Operation->getDirectCallee()->getName();
  noteUnsafeFix(C.Operation->getBeginLoc(), Repair,
                "adds a fixed deadline: an answer slower than it now fails "
                "with a timeout error");
}

void MissingTimeoutCheck::checkThreadBackoff(const Stmt *Loop,
                                             const ValueDecl *Token,
                                             const FunctionDecl *FD,
                                             ASTContext &Ctx) {
  // Parents are visited before their children: the expressions that are
  // whole statements are known when a sleep is reached.
  llvm::SmallVector<const Expr *, 8> Statements;
  collectDiscardedChildren(Loop, Statements);
  // Each rewritten sleep is a block of its own: one pair of names serves
  // every sleep of the function.
  std::optional<SleepNames> Names;
  forEachInIteration(Loop, [&](const Stmt *S) {
    collectDiscardedChildren(S, Statements);
    const auto *Call = dyn_cast<CallExpr>(S);
    if (!Call || !(isThreadSleep(Call) || sleepingHelper(Call)))
      return;
    // A short constant tick polls the token often enough.
    if (Call->getNumArgs() == 1)
      if (std::optional<double> Ms = constantDurationMs(Call->getArg(0), Ctx);
          Ms && *Ms < 100)
        return;
    bool WholeStatement = llvm::any_of(Statements, [&](const Expr *E) {
      return stripImplicit(E) == Call;
    });
    Fix Wake;
    if (WholeStatement && !inInstantiation())
      Wake = stopWakesSleepFix(Call, Token, FD, Names, Ctx);
    diag(beginOf(Call),
         "'%0' sleeps in a loop that '%1' is meant to stop, and nothing wakes "
         "it: a stop request waits until the sleep ends")
        << Call->getDirectCallee()->getName() << Token->getName() << Wake;
    diag(Token->getLocation(), "'%0' is how the thread is asked to stop",
         DiagnosticIDs::Note)
        << Token->getName();
  });
}

void MissingTimeoutCheck::reportDroppedToken(const CallExpr *Call,
                                             const ParmVarDecl *Token,
                                             ASTContext &Ctx) {
  const FunctionDecl *Callee = Call->getDirectCallee();
  auto Diag = diag(beginOf(Call),
                   "'%0' has an overload that takes a std::stop_token, but "
                   "'%1' is not passed on: a cancelled caller keeps waiting "
                   "for this call")
              << Callee->getName() << Token->getName();
  SourceLocation RParen = Call->getRParenLoc();
  if (inInstantiation() || RParen.isInvalid() || RParen.isMacroID() ||
      fixableRange(Call->getSourceRange(), Ctx).isInvalid())
    return;
  Diag << FixItHint::CreateInsertion(
      RParen, (Call->getNumArgs() > 0 ? ", " : "") + Token->getName().str());
}

void MissingTimeoutCheck::checkRetryLoop(const Stmt *Loop,
                                         const FunctionDecl *FD,
                                         ASTContext &Ctx) {
  const ParmVarDecl *Token = cancellationParameter(FD);
  // Without a token, the loop is cancelled through its framework, whose
  // awaits then throw: only a handler of that error keeps it retrying.
  llvm::SmallVector<const CXXRecordDecl *, 2> Cancellations;
  if (!Token) {
    Cancellations = cancellationErrors(FD, Ctx);
    if (Cancellations.empty())
      return;
  }
  std::optional<Attempt> Retried = retriedAttempt(Loop, Cancellations);
  // A loop over a range whose attempt works on the element moves on to the
  // next element when one fails: it goes through the range, it does not
  // retry.
  if (const auto *Range = dyn_cast<CXXForRangeStmt>(Loop);
      Range && Retried &&
      mentions(Retried->Try->getTryBlock(), Range->getLoopVariable()))
    return;
  if (advancesIterator(Loop) ||
      (Retried && attemptsReceivedItem(Loop, Retried->Try, Model)))
    return;
  if (Token) {
    // With a token, a loop that awaits and backs off retries too. A call
    // already reported for dropping the token gets it from that fix.
    // A back-off is a call named in BackoffCalls or an awaited call whose
    // argument grows with the attempts (`wait(delay)`, `delay *= 2`); the
    // loop retries when it awaits something besides that back-off.
    bool BacksOff = false, Threaded = false;
    unsigned Awaits = 0, BackoffAwaits = 0;
    std::optional<LoopWrites> Writes;
    forEachInIteration(Loop, [&](const Stmt *S) {
      if (const auto *Await = dyn_cast<CoawaitExpr>(S)) {
        ++Awaits;
        const auto *Op = dyn_cast<CallExpr>(stripImplicit(Await->getOperand()));
        if (Op && Await->getType()->isVoidType()) {
          if (!Writes)
            Writes = loopWrites(Loop);
          if (llvm::any_of(Op->arguments(), [&](const Expr *Arg) {
                return isBackoffArgument(Arg, *Writes);
              })) {
            BacksOff = true;
            ++BackoffAwaits;
          }
        }
      } else if (isAwaitExpr(S)) {
        ++Awaits;
      }
      if (const auto *Call = dyn_cast<CallExpr>(S)) {
        BacksOff = BacksOff || BackoffCalls.containsCall(Call);
        Threaded = Threaded || dropsToken(Call);
      }
    });
    bool AttemptAndBackoff = BacksOff && Awaits > BackoffAwaits;
    if ((!Retried && !AttemptAndBackoff && !retriesUntilSuccess(Loop)) ||
        Threaded || usesToken(Loop, Token))
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
  if (!Retried ||
      readsCancellationState(Loop, Roles.of(Role::CancellationChecks),
                             Cancellations))
    return;
  diag(Loop->getBeginLoc(),
       "this retry loop catches the error a cancellation raises and never "
       "checks the coroutine's cancellation state: after the caller "
       "cancels, it keeps retrying")
      << (inInstantiation()
              ? Fix()
              : cancellationCheckFix(Loop, Retried->Try, FD, Ctx));
  diag(Retried->Handler->getBeginLoc(),
       "the error a cancellation raises is caught here", DiagnosticIDs::Note);
}

} // namespace clang::tidy::async
