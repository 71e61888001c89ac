//===--- FloatingFutureCheck.cpp - asynclint ------------------------------===//

#include "FloatingFutureCheck.h"
#include "model/AsyncMatchers.h"
#include "analysis/Custody.h"
#include "clang-tidy/utils/DeclRefExprUtils.h"
#include "clang/AST/ExprCXX.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/MapVector.h"

using namespace clang::ast_matchers;

namespace clang::tidy::async {

namespace {
constexpr llvm::StringRef SpawnFunctionOpt = "SpawnFunction";
constexpr llvm::StringRef InCoroutineFixOpt = "InCoroutineFix";
constexpr llvm::StringRef DetachedTokenTypesOpt = "DetachedTokenTypes";
constexpr llvm::StringRef ErrorHandlerOpt = "ErrorHandler";
constexpr llvm::StringRef ErrorHandlerHeaderOpt = "ErrorHandlerHeader";
constexpr llvm::StringRef LoopErrorHandlerOpt = "LoopErrorHandler";
constexpr llvm::StringRef LoopErrorHandlerHeadersOpt = "LoopErrorHandlerHeaders";
constexpr llvm::StringRef TaskTypesOpt = "TaskTypes";

// Besides the profiles' AsyncOutcomeDroppers: any library's `detached_t`.
constexpr llvm::StringRef DefaultDetachedTokenTypes = "detached_t";
constexpr llvm::StringRef DefaultErrorHandler =
    "[](std::exception_ptr e) { if (e) std::rethrow_exception(e); }";
// One spawn per accepted client or per item: a failure is that item's, and
// must not end the process; it is logged.
constexpr llvm::StringRef DefaultLoopErrorHandler =
    "[](std::exception_ptr e) { if (e) try { std::rethrow_exception(e); } "
    "catch (const std::exception &x) { std::fprintf(stderr, \"spawned task "
    "failed: %s\\n\", x.what()); } catch (...) { std::fputs(\"spawned task "
    "failed\\n\", stderr); } }";

/// Whether exceptions of \p Error expose an error code (`code()`, as
/// `std::system_error` does): such a type reports any failure, cancellation
/// among them (Asio's `operation_aborted`), not cancellation alone.
bool exposesErrorCode(const CXXRecordDecl *Error) {
  auto HasCode = [](const CXXRecordDecl *R) {
    return llvm::any_of(R->methods(), [](const CXXMethodDecl *Method) {
      return Method->getIdentifier() && Method->getName() == "code" &&
             Method->getNumParams() == 0;
    });
  };
  return HasCode(Error) || !Error->forallBases([&](const CXXRecordDecl *Base) {
    return !HasCode(Base);
  });
}

/// Whether coroutine \p FD hands back something its caller could lose: a
/// value of a type that holds data (not `folly::Unit` or another empty
/// class, which only says "done").
bool handsBackValue(const FunctionDecl *FD) {
  if (!returnsValue(FD))
    return false;
  QualType Value = taskValueType(FD->getReturnType());
  const CXXRecordDecl *RD = Value.isNull() ? nullptr : recordOf(Value);
  return !RD || !RD->hasDefinition() || !RD->isEmpty();
}

/// What the discarded value is, in words a diagnostic can use.
llvm::StringRef consequence(AsyncKind Kind) {
  switch (Kind) {
  case AsyncKind::LazyTask:
    return "it never runs";
  case AsyncKind::EagerTask:
    return "its frame is destroyed at the end of the statement, cancelling the "
           "work and losing its exception";
  case AsyncKind::UnknownTask:
    return "it may never run, and its exception is lost";
  case AsyncKind::Awaitable:
    return "the operation it describes never happens";
  case AsyncKind::Sender:
    return "it is never started";
  case AsyncKind::Future:
    return "the work goes on, but its result and any exception are lost";
  case AsyncKind::None:
  case AsyncKind::DetachedTask:
    break;
  }
  return "";
}

llvm::StringRef noun(AsyncKind Kind) {
  switch (Kind) {
  case AsyncKind::Awaitable:
    return "awaitable";
  case AsyncKind::Sender:
    return "sender";
  case AsyncKind::Future:
    return "future";
  default:
    return "coroutine task";
  }
}

/// `co_await` binds tighter than binary and conditional operators.
bool needsParensForPrefix(const Expr *E) {
  E = stripImplicit(E);
  if (isa<BinaryOperator, AbstractConditionalOperator>(E))
    return true;
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(E))
    return Op->isInfixBinaryOp();
  return false;
}

/// Whether \p E only passes on a parameter of the enclosing function
/// (`token`, `std::forward<T>(token)`, `std::move(token)`, a cast of it).
bool forwardsParameter(const Expr *E) {
  for (int Depth = 0; E && Depth < 8; ++Depth) {
    E = stripImplicit(E);
    if (const auto *Ref = dyn_cast<DeclRefExpr>(E))
      return isa<ParmVarDecl>(Ref->getDecl());
    if (const auto *Cast = dyn_cast<ExplicitCastExpr>(E)) {
      E = Cast->getSubExpr();
      continue;
    }
    const auto *Call = dyn_cast<CallExpr>(E);
    if (!isMoveOrForward(Call))
      return false;
    E = Call->getArg(0);
  }
  return false;
}

/// Whether a coroutine type's value type is void (spawn handlers and
/// spawn functions below only accept those).
bool producesVoid(QualType T) {
  if (!isa_and_nonnull<ClassTemplateSpecializationDecl>(recordOf(T)))
    return true;
  QualType Value = taskValueType(T);
  return !Value.isNull() && Value->isVoidType();
}

/// Whether \p Spawn's first parameter takes a \p Task argument.
bool acceptsTask(const NamedDecl *Spawn, QualType Task) {
  auto Accepts = [&](const FunctionDecl *FD) {
    if (FD->getNumParams() == 0 || FD->getMinRequiredArguments() > 1)
      return false;
    QualType Param = FD->getParamDecl(0)->getType().getNonReferenceType();
    if (Param->isDependentType())
      return true;
    return Param.getCanonicalType().getUnqualifiedType() ==
           Task.getCanonicalType().getUnqualifiedType();
  };
  if (const auto *FD = dyn_cast<FunctionDecl>(Spawn))
    return Accepts(FD);
  if (const auto *FT = dyn_cast<FunctionTemplateDecl>(Spawn))
    return Accepts(FT->getTemplatedDecl());
  return false;
}
} // namespace

struct FloatingFutureCheck::Scope {
  const FunctionDecl *Function;
  bool IsCoroutine;
  bool InInstantiation;
  ASTContext &Ctx;
  /// The loops of the function seen so far (the walk is top-down, so every
  /// loop around a statement is in here when the statement is visited).
  llvm::SmallVector<SourceRange, 4> Loops;

  bool inLoop(SourceLocation Loc) const {
    const SourceManager &SM = Ctx.getSourceManager();
    return llvm::any_of(Loops, [&](SourceRange Loop) {
      return SM.isBeforeInTranslationUnit(Loop.getBegin(), Loc) &&
             SM.isBeforeInTranslationUnit(Loc, Loop.getEnd());
    });
  }
};

FloatingFutureCheck::FloatingFutureCheck(llvm::StringRef Name,
                                         ClangTidyContext *Context)
    : AsyncCheck(Name, Context),
      SpawnFunction(Options.get(SpawnFunctionOpt, "rt::spawn")),
      PreferSpawnInCoroutine(Options.get(InCoroutineFixOpt, "await") ==
                             "spawn"),
      DetachedTokenTypesOption(
          Options.get(DetachedTokenTypesOpt, DefaultDetachedTokenTypes)),
      DetachedTokenTypes(DetachedTokenTypesOption),
      ErrorHandler(Options.get(ErrorHandlerOpt, DefaultErrorHandler)),
      ErrorHandlerHeader(Options.get(ErrorHandlerHeaderOpt, "<exception>")),
      LoopErrorHandler(
          Options.get(LoopErrorHandlerOpt, DefaultLoopErrorHandler)),
      LoopErrorHandlerHeaders(Options.get(LoopErrorHandlerHeadersOpt,
                                          "<cstdio>;<exception>")),
      TaskTypesOption(Options.get(TaskTypesOpt, "")),
      Inserter(Options.getLocalOrGlobal("IncludeStyle",
                                        utils::IncludeSorter::IS_LLVM),
               areDiagsSelfContained()),
      SpawnInserter(Inserter.getStyle(), areDiagsSelfContained()),
      Model(NameList(TaskTypesOption)),
      Throws([this](const CXXRecordDecl *Error) {
        return Names.of(Role::CancellationErrors).containsRecord(Error) &&
               !exposesErrorCode(Error);
      }),
      Names(Options) {
  llvm::StringRef Mode = Options.get(InCoroutineFixOpt, "await");
  if (Mode != "await" && Mode != "spawn")
    configurationDiag("invalid value '%0' for option '%1'; expected 'await' "
                      "or 'spawn'")
        << Mode << (Name + "." + InCoroutineFixOpt).str();
}

void FloatingFutureCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, SpawnFunctionOpt, SpawnFunction);
  Options.store(Opts, InCoroutineFixOpt,
                PreferSpawnInCoroutine ? "spawn" : "await");
  Options.store(Opts, DetachedTokenTypesOpt, DetachedTokenTypesOption);
  Options.store(Opts, ErrorHandlerOpt, ErrorHandler);
  Options.store(Opts, ErrorHandlerHeaderOpt, ErrorHandlerHeader);
  Options.store(Opts, LoopErrorHandlerOpt, LoopErrorHandler);
  Options.store(Opts, LoopErrorHandlerHeadersOpt, LoopErrorHandlerHeaders);
  Options.store(Opts, TaskTypesOpt, TaskTypesOption);
  Options.store(Opts, "IncludeStyle", Inserter.getStyle());
  Names.store(Options, Opts);
}

void FloatingFutureCheck::registerPPCallbacks(const SourceManager &,
                                              Preprocessor *PP,
                                              Preprocessor *) {
  Inserter.registerPreprocessor(PP);
  SpawnInserter.registerPreprocessor(PP);
}

void FloatingFutureCheck::registerMatchers(MatchFinder *Finder) {
  // Top-down: one match per function definition; its body is walked once.
  Finder->addMatcher(userFunctionDefinition(), this);
}

/// The plain assignments to locals of a function (`f = start_work();`).
struct FloatingFutureCheck::OverwrittenLocals {
  /// The left-hand sides of all of them.
  llvm::SmallPtrSet<const DeclRefExpr *, 8> Targets;
  /// Per local, the first call assigned to it.
  llvm::MapVector<const VarDecl *, const CallExpr *> FirstWork;

  void record(const Stmt *St) {
    const auto *E = dyn_cast<Expr>(St);
    if (!E)
      return;
    auto [LHS, RHS] = assignmentOf(E);
    const auto *Ref = LHS ? dyn_cast<DeclRefExpr>(stripImplicit(LHS)) : nullptr;
    const auto *Var = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
    if (!Var || !Var->hasLocalStorage() || isa<ParmVarDecl>(Var))
      return;
    Targets.insert(Ref);
    if (const auto *Call = dyn_cast<CallExpr>(stripImplicit(RHS)))
      FirstWork.insert({Var, Call});
  }
};

void FloatingFutureCheck::check(const MatchFinder::MatchResult &Result) {
  const auto *FD = Result.Nodes.getNodeAs<FunctionDecl>("function");
  if (Model.bind(*Result.Context)) {
    Reported.clear();
    Throws.reset();
  }
  Scope S{FD, isCoroutine(FD), isInInstantiation(FD), *Result.Context, {}};
  llvm::SmallVector<const Expr *, 8> Discarded;
  // Blocks that hold one declaration and nothing else: a scope written to
  // destroy what the declaration takes (`{ auto gen = std::move(g); }`).
  llvm::SmallPtrSet<const Stmt *, 4> DropScopes;
  OverwrittenLocals Overwritten;
  forEachStmtInBody(userBody(FD), [&](const Stmt *St) {
    Overwritten.record(St);
    if (isa<ForStmt, CXXForRangeStmt, WhileStmt, DoStmt>(St))
      S.Loops.push_back(St->getSourceRange());
    if (const auto *Block = dyn_cast<CompoundStmt>(St);
        Block && Block->size() == 1 && isa<DeclStmt>(Block->body_front()))
      DropScopes.insert(Block->body_front());
    Discarded.clear();
    collectDiscardedChildren(St, Discarded);
    for (const Expr *E : Discarded)
      checkDiscarded(E, S);
    if (const auto *Call = dyn_cast<CallExpr>(St)) {
      checkDetachedSpawn(Call, S);
      checkIgnoredOutcome(Call, S);
    } else if (const auto *Construct = dyn_cast<CXXConstructExpr>(St))
      checkDiscardingWrapper(Construct, S);
    else if (const auto *DS = dyn_cast<DeclStmt>(St))
      for (const Decl *D : DS->decls())
        if (const auto *Var = dyn_cast<VarDecl>(D))
          checkNeverUsedLocal(Var, DropScopes.contains(DS), S);
  });
  for (const auto &[Var, Work] : Overwritten.FirstWork)
    checkOnlyAssignedLocal(Var, Work, Overwritten.Targets, S);
}

/// A local that work is assigned to and that nothing ever reads
/// (`unlinked = unlink();` and no `co_await unlinked`): each assignment
/// drops the work held before, and the scope's end drops the last.
void FloatingFutureCheck::checkOnlyAssignedLocal(
    const VarDecl *Var, const CallExpr *Work,
    const llvm::SmallPtrSetImpl<const DeclRefExpr *> &Targets,
    const Scope &S) {
  if (Var->hasAttr<UnusedAttr>() || isStdNamed(calleeOf(Work), "move"))
    return;
  AsyncKind Kind = kindOf(Var->getType());
  if (Kind == AsyncKind::None || Kind == AsyncKind::DetachedTask ||
      (Kind == AsyncKind::Future &&
       (observesAnsweredWork(Work) || losesNothing(Work))))
    return;
  const Stmt *Body = S.Function->getBody();
  if (!Body ||
      !llvm::all_of(utils::decl_ref_expr::allDeclRefExprs(*Var, *Body, S.Ctx),
                    [&](const DeclRefExpr *Ref) { return Targets.contains(Ref); }) ||
      !firstReport(Work->getBeginLoc()))
    return;
  diag(beginOf(Work), "%0 assigned to '%1' is never awaited or read before "
                      "it goes out of scope: %2")
      << noun(Kind) << Var->getName() << consequence(Kind)
      << Work->getSourceRange();
  diag(Var->getLocation(), "'%0' declared here", DiagnosticIDs::Note)
      << Var->getName();
}

AsyncKind FloatingFutureCheck::kindOf(QualType T) {
  if (Model.isRunningHandle(T))
    return AsyncKind::Future;
  AsyncKind Kind = Model.classify(T);
  // A value that a namespace-scope `operator co_await` lets coroutines await
  // (an optional, an expected) describes no operation that could be lost.
  if (Kind == AsyncKind::Awaitable && !isAwaitableByOwnInterface(recordOf(T)))
    return AsyncKind::None;
  return Kind;
}

bool FloatingFutureCheck::firstReport(SourceLocation Loc) {
  return Reported.insert(Loc).second;
}

Fix FloatingFutureCheck::awaitFix(const Expr *Task, const Scope &S) {
  if (!S.IsCoroutine || !Model.canAwaitIn(S.Function, Task->getType()) ||
      withinCatchHandler(S.Function->getBody(), Task))
    return {};
  return needsParensForPrefix(Task) ? wrapFix(Task, "co_await (", ")", S.Ctx)
                                    : wrapFix(Task, "co_await ", "", S.Ctx);
}

std::optional<FloatingFutureCheck::Spawner>
FloatingFutureCheck::spawnerFor(const Expr *Task, const Scope &S) {
  if (!producesVoid(Task->getType()))
    return std::nullopt;
  const CXXRecordDecl *TaskRD = recordOf(Task->getType());
  const CXXRecordDecl *Promise =
      S.IsCoroutine ? Model.promiseOfCoroutine(S.Function) : nullptr;
  // Inside an Asio coroutine the executor to spawn on is at hand.
  if (Promise && !ErrorHandler.empty() && isAsio(TaskRD) && isAsio(Promise) &&
      !withinCatchHandler(S.Function->getBody(), Task)) {
    std::string NS = asioNamespaceOf(TaskRD);
    return Spawner{NS + "::co_spawn",
                   NS + "::co_spawn(co_await " + NS + "::this_coro::executor, ",
                   ", " + ErrorHandler + ")", true};
  }
  if (SpawnFunction.empty())
    return std::nullopt;
  for (const NamedDecl *Spawn : lookupQualified(S.Ctx, SpawnFunction))
    if (acceptsTask(Spawn, Task->getType()))
      return Spawner{SpawnFunction, SpawnFunction + "(", ")", false};
  return std::nullopt;
}

Fix FloatingFutureCheck::spawnFix(const Expr *Task, const Expr *Statement,
                                  const Spawner &How, const Scope &S) {
  Fix Hints = wrapFix(Task, How.Prefix, How.Suffix, S.Ctx);
  if (Hints.empty())
    return {};
  if (Statement != Task) {
    // Drop the `(void)` that only said the result is not wanted.
    CharSourceRange Cast =
        fixableRange({Statement->getBeginLoc(), Task->getBeginLoc()}, S.Ctx);
    if (Cast.isInvalid())
      return {};
    Hints.insert(Hints.begin(),
                 FixItHint::CreateRemoval(CharSourceRange::getCharRange(
                     Cast.getBegin(), Task->getBeginLoc())));
  }
  if (How.UsesErrorHandler)
    addHeaders(Hints, Task->getBeginLoc(), ErrorHandlerHeader, SpawnInserter,
               S);
  return Hints;
}


/// Whether the running handle \p Call gives back only observes work that
/// something else already answers for, so dropping it is how the API is
/// used: a continuation with its callback (`f.thenValue(cb)`: the callback
/// is the observer), or an object's own activity started by a method that
/// is handed no work (`server.async_start()`: the server owns it) and is
/// no coroutine of the unit (whose result only its caller can observe).
bool FloatingFutureCheck::observesAnsweredWork(const CallExpr *Call) {
  const auto *Member = dyn_cast<CXXMemberCallExpr>(Call);
  if (!Member)
    return false;
  // A coroutine's own result: only its caller can observe the outcome.
  const FunctionDecl *Definition = nullptr;
  if (const FunctionDecl *Callee = Member->getDirectCallee();
      Callee && Callee->hasBody(Definition) && isCoroutine(Definition))
    return false;
  const Expr *Object = Member->getImplicitObjectArgument()->IgnoreParenImpCasts();
  auto IsCallable = [](const Expr *Arg) {
    const CXXRecordDecl *RD = recordOf(Arg->getType());
    if (RD && RD->hasDefinition())
      for (const CXXMethodDecl *Method : RD->methods())
        if (Method->getOverloadedOperator() == OO_Call)
          return true;
    return Arg->getType()->isFunctionPointerType() ||
           Arg->getType()->isFunctionType();
  };
  if (Model.isRunningHandle(Object->getType()))
    return llvm::any_of(Member->arguments(), IsCallable);
  bool NamedObject = isa<DeclRefExpr, MemberExpr, CXXThisExpr>(Object) ||
                     Object->getType()->isPointerType();
  return NamedObject && llvm::none_of(Member->arguments(), [&](const Expr *Arg) {
           return IsCallable(Arg) ||
                  Model.classify(Arg->getType()) != AsyncKind::None;
         });
}

void FloatingFutureCheck::checkDiscarded(const Expr *Statement,
                                         const Scope &S) {
  Statement = stripImplicit(Statement);
  const Expr *E = Statement;
  bool ExplicitVoid = false;
  if (const auto *Cast = dyn_cast<ExplicitCastExpr>(E);
      Cast && Cast->getType()->isVoidType()) {
    E = stripImplicit(Cast->getSubExpr());
    ExplicitVoid = true;
  }
  const auto *Call = dyn_cast<CallExpr>(E);
  // A call returning a reference hands out an object someone else owns.
  if (!Call || E->isTypeDependent() || !E->isPRValue())
    return;
  const FunctionDecl *Callee = Call->getDirectCallee();

  // `(void)` does not stop the temporary future from blocking.
  if (isStdNamed(Callee, "async")) {
    if (!firstReport(E->getBeginLoc()))
      return;
    if (isDeferredLaunch(Call))
      diag(E->getBeginLoc(), "future returned by std::async with "
                             "std::launch::deferred is discarded: the task "
                             "never runs");
    else
      diag(E->getBeginLoc(),
           "future returned by std::async is discarded: its destructor waits "
           "for the task, so this call runs synchronously");
    return;
  }

  AsyncKind Kind = kindOf(E->getType());
  if (Kind == AsyncKind::None || Kind == AsyncKind::DetachedTask ||
      (Kind == AsyncKind::Future &&
       (observesAnsweredWork(Call) || losesNothing(Call))) ||
      (Kind == AsyncKind::Awaitable &&
       startsWorkWhenDropped(recordOf(E->getType()))))
    return;
  // `(void)` states that dropping a running operation is intended; it cannot
  // make a lazy task run, so those are still reported.
  if (ExplicitVoid && Kind != AsyncKind::LazyTask &&
      Kind != AsyncKind::Awaitable && Kind != AsyncKind::Sender)
    return;
  if (!firstReport(E->getBeginLoc()))
    return;

  Fix Primary, Alternative;
  std::optional<Spawner> How;
  if (!S.InInstantiation) {
    How = spawnerFor(E, S);
    Fix Spawn = How ? spawnFix(E, Statement, *How, S) : Fix();
    // `(void)` says the caller does not want to wait: run it in the
    // background, the one repair that keeps that intent.
    // Awaiting work that already runs changes what the program waits for
    // (for a server's start handle: until the server stops): never offered
    // for a future, and only as a note for an eager task whose frame the
    // dropped handle destroys.
    bool Running = Kind == AsyncKind::EagerTask || Kind == AsyncKind::Future;
    Fix Await = ExplicitVoid || Kind == AsyncKind::Future ? Fix()
                                                          : awaitFix(E, S);
    if (ExplicitVoid && Kind != AsyncKind::LazyTask)
      Spawn.clear();
    bool SpawnFirst = !S.IsCoroutine || PreferSpawnInCoroutine || ExplicitVoid;
    Primary = SpawnFirst ? Spawn : Await;
    Alternative = SpawnFirst ? Await : Spawn;
    if (Running) {
      Primary = std::move(Spawn);
      Alternative = std::move(Await);
    }
    if (Primary.empty() && !Running)
      std::swap(Primary, Alternative);
  }
  // Awaiting a lazy task only adds the missing wait: safe. A spawn starts
  // work that outlives the statement: unsafe.
  bool PrimaryIsAwait = isAwaitFix(Primary);
  diag(E->getBeginLoc(), "%0 returned by '%1' is discarded without being "
                         "%select{awaited|used}2: %3")
      << noun(Kind) << calleeName(E) << (Kind == AsyncKind::Future)
      << consequence(Kind) << E->getSourceRange()
      << (PrimaryIsAwait ? Primary : Fix());
  if (!PrimaryIsAwait)
    noteUnsafeFix(E->getBeginLoc(), Primary,
                  "the work now runs in the background and outlives this "
                  "statement: what it takes by reference must outlive it "
                  "too");
  if (Alternative.empty())
    return;
  bool AlternativeIsAwait = isAwaitFix(Alternative);
  // One fix on the notes, so that --unsafe-fixes knows which to take: the
  // alternative is then only named.
  if (!PrimaryIsAwait && !Primary.empty())
    Alternative.clear();
  if (AlternativeIsAwait)
    diag(E->getBeginLoc(), "or wait for it here with 'co_await'",
         DiagnosticIDs::Note)
        << Alternative;
  else
    diag(E->getBeginLoc(),
         "or run it in the background with '%0', which keeps it alive and "
         "reports its failure",
         DiagnosticIDs::Note)
        << How->Function << Alternative;
}

bool FloatingFutureCheck::isAwaitFix(const Fix &Hints) {
  return !Hints.empty() &&
         llvm::StringRef(Hints.front().CodeToInsert).starts_with("co_await");
}


/// The coroutine whose body \p Work runs, through the calls that place or
/// start it (`co_withExecutor(ex, task(x)).start()`, `task(x).via(&ex)`):
/// a member call on work, or a call given one piece of work. Null when the
/// work comes from elsewhere (a parameter, a member). A local is followed
/// to the call that initialised it (`auto t = task(x); ... std::move(t)`).
const FunctionDecl *FloatingFutureCheck::coroutineRunBy(const Expr *Work) {
  for (unsigned Step = 0; Step < 8 && Work; ++Step) {
    if (const VarDecl *Local = variableOf(Work);
        Local && Local->hasLocalStorage() && !isa<ParmVarDecl>(Local) &&
        !Local->getType()->isReferenceType())
      Work = Local->getInit();
    const auto *Call = dyn_cast_or_null<CallExpr>(stripImplicit(Work));
    if (!Call)
      return nullptr;
    if (const FunctionDecl *Callee = Call->getDirectCallee();
        isCoroutine(Callee))
      return Callee;
    Work = nullptr;
    if (const auto *Member = dyn_cast<CXXMemberCallExpr>(Call);
        Member && Model.classify(Member->getImplicitObjectArgument()
                                     ->getType()) != AsyncKind::None) {
      Work = Member->getImplicitObjectArgument();
      continue;
    }
    for (const Expr *Arg : Call->arguments()) {
      if (Model.classify(stripImplicit(Arg)->getType()) == AsyncKind::None)
        continue;
      if (Work)
        return nullptr; // two pieces of work: which one is meant is unclear
      Work = Arg;
    }
    if (!Work)
      return coroutineLambdaRunBy(Call);
  }
  return nullptr;
}

/// The coroutine lambda \p Call runs to make the work it returns
/// (`co_invoke([&]() -> Task<> {...})`, `guarded.withLock(lambda)`): the one
/// lambda it is handed whose call operator is a coroutine returning what
/// the call returns. A generic lambda's operator is the one specialization
/// the unit instantiates.
const FunctionDecl *FloatingFutureCheck::coroutineLambdaRunBy(
    const CallExpr *Call) {
  const FunctionDecl *Found = nullptr;
  for (const Expr *Arg : Call->arguments()) {
    const LambdaExpr *Lambda = passedLambda(Arg);
    if (!Lambda)
      continue;
    const FunctionDecl *Operator = Lambda->getCallOperator();
    if (const FunctionTemplateDecl *Generic =
            Lambda->getDependentCallOperator()) {
      auto Instances = Generic->specializations();
      Operator = std::distance(Instances.begin(), Instances.end()) == 1
                     ? *Instances.begin()
                     : nullptr;
    }
    if (!Operator || !isCoroutine(Operator) ||
        Operator->getReturnType().getCanonicalType().getUnqualifiedType() !=
            Call->getType().getCanonicalType().getUnqualifiedType())
      continue;
    if (Found)
      return nullptr;
    Found = Operator;
  }
  return Found;
}

/// Whether the work \p Work runs may end in an exception that dropping its
/// outcome would lose: unknown work may.
bool FloatingFutureCheck::mayLoseException(const Expr *Work) {
  const FunctionDecl *Coroutine = coroutineRunBy(Work);
  return !Coroutine || Throws.mayThrow(Coroutine);
}

/// Whether dropping the outcome of \p Work loses nothing: it produces no
/// value and cannot throw.
bool FloatingFutureCheck::losesNothing(const Expr *Work) {
  const FunctionDecl *Coroutine = coroutineRunBy(Work);
  return Coroutine && !handsBackValue(Coroutine) && !Throws.mayThrow(Coroutine);
}

/// The work \p Call is made on, through the adaptors of a chain
/// (`task(x).via(&ex).start(handler)`), or null.
const Expr *FloatingFutureCheck::workCalledOn(const CallExpr *Call) {
  for (const auto *Member = dyn_cast<CXXMemberCallExpr>(Call); Member;
       Member = dyn_cast<CXXMemberCallExpr>(
           stripImplicit(Member->getImplicitObjectArgument())))
    if (const Expr *Object = stripImplicit(Member->getImplicitObjectArgument());
        Model.classify(Object->getType()) != AsyncKind::None)
      return Object;
  return nullptr;
}

/// A spawn whose library drops the outcome of the work it starts: through
/// the completion token written in the call (`co_spawn(ex, t, detached)`),
/// or by the spawn function itself (libcoro's `spawn_detached`).
void FloatingFutureCheck::checkDetachedSpawn(const CallExpr *Call,
                                             const Scope &S) {
  const NameList &Droppers = Names.of(Role::OutcomeDroppers);
  const Expr *Token = nullptr;
  const Expr *Spawned = nullptr;
  for (const Expr *Arg : Call->arguments()) {
    const Expr *Plain = stripImplicit(Arg);
    if (DetachedTokenTypes.containsType(Plain->getType()) ||
        Droppers.containsType(Plain->getType()))
      Token = Plain;
    else if (Model.classify(Plain->getType()) != AsyncKind::None)
      Spawned = Plain;
  }
  bool DropsItself = !Token && Droppers.containsCall(Call);
  if (DropsItself && !Spawned)
    Spawned = workCalledOn(Call);
  // The token or the spawn must be the user's choice: written in the main
  // file (the token as the detached value itself, not a parameter a
  // library's forwarding code passes on:
  // `return co_spawn(ex, std::move(a), std::forward<T>(token));`).
  const Expr *Dropper = DropsItself ? Call : Token;
  const SourceManager &SM = S.Ctx.getSourceManager();
  if (!Dropper || !Spawned || (Token && forwardsParameter(Token)) ||
      !SM.isInMainFile(SM.getExpansionLoc(beginOf(Dropper))) ||
      !mayLoseException(Spawned) ||
      !firstReport(beginOf(Dropper)))
    return;
  if (DropsItself) {
    diag(beginOf(Call), "'%0' drops the outcome of the work it starts: an "
                        "exception it throws is silently lost")
        << calleeName(Call) << Spawned->getSourceRange();
    return;
  }
  auto Diag = diag(Token->getBeginLoc(),
                   "'%0' with a detached completion drops the outcome of the "
                   "spawned work: an exception it throws is silently lost")
              << calleeName(Call) << Token->getSourceRange();
  // A spawn per client or per item gets a handler that logs: one item's
  // failure must not end the process.
  bool PerItem = S.inLoop(beginOf(Call));
  std::string Written = PerItem ? LoopErrorHandler : ErrorHandler;
  if (S.InInstantiation || Written.empty() || !producesVoid(Spawned->getType()))
    return;
  // A spawn template the unit only declares cannot be instantiated for a
  // lambda's type, which has no linkage; a captureless lambda converted to
  // a function pointer (`+[](...) {...}`) can.
  if (!instantiableWithLambda(Call)) {
    if (!llvm::StringRef(Written).starts_with("[]"))
      return;
    Written.insert(0, "+");
  }
  Fix Handler = replaceFix(Token, Written, S.Ctx);
  if (Handler.empty())
    return;
  addHeaders(Handler, Token->getBeginLoc(),
             PerItem ? LoopErrorHandlerHeaders : ErrorHandlerHeader, Inserter,
             S);
  Diag << Handler;
}

/// A coroutine lambda turned into a callable whose call returns nothing
/// (`std::function<void(int)>`): every call discards the task or future
/// the coroutine returns.
void FloatingFutureCheck::checkDiscardingWrapper(
    const CXXConstructExpr *Construct, const Scope &S) {
  const LambdaExpr *Lambda =
      Construct->getNumArgs() == 1 ? passedLambda(Construct->getArg(0))
                                   : nullptr;
  if (!Lambda || !isCoroutine(Lambda->getCallOperator()) ||
      !callDiscardsResult(Construct->getType()))
    return;
  AsyncKind Kind = kindOf(Lambda->getCallOperator()->getReturnType());
  bool Lazy = Kind == AsyncKind::LazyTask;
  if ((!Lazy && Kind != AsyncKind::EagerTask) || S.InInstantiation ||
      !firstReport(Lambda->getBeginLoc()))
    return;
  diag(Lambda->getBeginLoc(),
       "'%0' calls this coroutine lambda and discards the "
       "%select{future|task}1 it returns: %select{an exception the coroutine throws is lost and "
       "nothing waits for it to finish|the coroutine never runs}1")
      << Construct->getType().getUnqualifiedType().getAsString(
             S.Ctx.getPrintingPolicy())
      << Lazy << Lambda->getIntroducerRange();
}

namespace {
/// Whether a value of \p T is the outcome of work that may have failed, as
/// a library that demands a completion callback hands it over: a `Try<T>`
/// (async_simple's `Lazy::start`, folly). (An `std::exception_ptr` handler
/// is written where `detached` could have been: a deliberate choice.)
bool isOutcome(QualType T) {
  const CXXRecordDecl *RD = recordOf(T);
  const NamedDecl *Named = RD;
  if (const auto *Spec = dyn_cast_or_null<ClassTemplateSpecializationDecl>(RD))
    Named = Spec->getSpecializedTemplate();
  return Named && Named->getIdentifier() && Named->getName() == "Try";
}
} // namespace

/// An empty completion handler for the work's outcome
/// (`lazy.start([](Try<void>) {})`): the failure is handed over and
/// dropped, as with `detached`.
void FloatingFutureCheck::checkIgnoredOutcome(const CallExpr *Call,
                                              const Scope &S) {
  const Expr *Work = workCalledOn(Call);
  const LambdaExpr *Handler = nullptr;
  for (const Expr *Arg : writtenArguments(Call)) {
    if (const LambdaExpr *Lambda = passedLambda(Arg))
      Handler = Lambda;
    else if (Model.classify(Arg->getType()) != AsyncKind::None)
      Work = stripImplicit(Arg);
  }
  const CXXMethodDecl *Body = Handler ? Handler->getCallOperator() : nullptr;
  if (!Work || !Body || Body->getNumParams() != 1 ||
      Handler->isGenericLambda())
    return;
  const ParmVarDecl *Outcome = Body->getParamDecl(0);
  const SourceManager &SM = S.Ctx.getSourceManager();
  // Only a handler that does nothing: one that does something (counts a
  // latch down, sets a flag) observes the completion on purpose.
  const auto *Block = dyn_cast_or_null<CompoundStmt>(Body->getBody());
  if (!Block || !Block->body_empty() || !isOutcome(Outcome->getType()) ||
      Outcome->isReferenced() ||
      !SM.isInMainFile(SM.getExpansionLoc(Handler->getBeginLoc())) ||
      !mayLoseException(Work) ||
      !firstReport(Handler->getBeginLoc()))
    return;
  diag(Handler->getBeginLoc(),
       "'%0' hands the outcome of the work to a handler that ignores it: an "
       "exception the work throws is silently lost")
      << calleeName(Call);
  diag(Outcome->getLocation(), "the outcome ('%0') is never inspected",
       DiagnosticIDs::Note)
      << Outcome->getType().getNonReferenceType().getUnqualifiedType()
             .getAsString(S.Ctx.getPrintingPolicy());
}

/// Whether a lambda can replace an argument of \p Call: a function template
/// declared without a body (a header that only declares it) cannot be
/// instantiated for a lambda's type, which has no linkage.
bool FloatingFutureCheck::instantiableWithLambda(const CallExpr *Call) {
  const FunctionDecl *Callee = Call->getDirectCallee();
  if (!Callee || !Callee->isTemplateInstantiation())
    return true;
  const FunctionDecl *Pattern = Callee->getTemplateInstantiationPattern();
  return Pattern && Pattern->isDefined();
}

void FloatingFutureCheck::addHeaders(Fix &Hints, SourceLocation Loc,
                                     llvm::StringRef Headers,
                                     IncludePlanner &Planner, const Scope &S) {
  for (const std::string &Header : splitList(Headers))
    if (auto Include = Planner.createIncludeInsertion(
            S.Ctx.getSourceManager().getFileID(Loc), Header))
      Hints.push_back(*Include);
}

/// `std::move(t)` of a task the function already awaits: the work ran
/// there (`while (g) co_await g;`); the new variable only takes the spent
/// handle.
bool FloatingFutureCheck::movesAwaitedTask(const CallExpr *Init,
                                           const Scope &S) {
  if (!isStdNamed(Init->getDirectCallee(), "move") || Init->getNumArgs() != 1 ||
      !S.Function->getBody())
    return false;
  const auto *Source =
      dyn_cast<DeclRefExpr>(Init->getArg(0)->IgnoreParenImpCasts());
  if (!Source)
    return false;
  bool Awaited = false;
  forEachEvaluatedStmt(S.Function->getBody(), false, [&](const Stmt *Child) {
    const auto *Await = dyn_cast<CoawaitExpr>(Child);
    const auto *Operand =
        Await ? dyn_cast<DeclRefExpr>(Await->getOperand()->IgnoreImplicit())
              : nullptr;
    Awaited = Awaited || (Operand && Operand->getDecl() == Source->getDecl());
  });
  return Awaited;
}

void FloatingFutureCheck::checkNeverUsedLocal(const VarDecl *Var,
                                              bool AloneInBlock,
                                              const Scope &S) {
  if (!Var->hasLocalStorage() || isa<ParmVarDecl>(Var) || Var->isReferenced() ||
      Var->hasAttr<UnusedAttr>() || !Var->getInit())
    return;
  const Expr *Init = stripImplicit(Var->getInit());
  if (!isa<CallExpr>(Init) || isStdNamed(calleeOf(Init), "async") ||
      movesAwaitedTask(cast<CallExpr>(Init), S))
    return;
  // Work moved into a local only to be destroyed: named `_` (the
  // placeholder), or alone in a block written for it.
  if (isStdNamed(calleeOf(Init), "move") &&
      (AloneInBlock || Var->getName() == "_"))
    return;
  AsyncKind Kind = kindOf(Var->getType());
  if (Kind == AsyncKind::None || Kind == AsyncKind::DetachedTask ||
      (Kind == AsyncKind::Future &&
       (observesAnsweredWork(cast<CallExpr>(Init)) || losesNothing(Init))) ||
      !firstReport(Var->getLocation()))
    return;
  diag(Var->getLocation(), "%0 '%1' is never awaited, moved or passed on "
                           "before it goes out of scope: %2")
      << noun(Kind) << Var->getName() << consequence(Kind);
}

} // namespace clang::tidy::async
