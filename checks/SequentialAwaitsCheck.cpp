//===--- SequentialAwaitsCheck.cpp - asynclint ----------------------------===//

#include "SequentialAwaitsCheck.h"
#include "SequentialAwaitsRun.h"
#include "analysis/Ranges.h"
#include "model/AsyncMatchers.h"
#include "model/NetworkModel.h"
#include "frameworks/Profiles.h"
#include "clang/AST/ExprCXX.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Lex/Lexer.h"

using namespace clang::ast_matchers;

namespace clang::tidy::async {

namespace {
constexpr llvm::StringRef WhenAllFunctionOpt = "WhenAllFunction";
constexpr llvm::StringRef OrderedOperationsOpt = "OrderedOperations";
constexpr llvm::StringRef LockTypesOpt = "LockTypes";
constexpr llvm::StringRef BoundedJoinFunctionOpt = "BoundedJoinFunction";
constexpr llvm::StringRef MaxConcurrencyOpt = "MaxConcurrency";
/// What running the operations together changes besides the latency.
constexpr llvm::StringRef OverlapChange =
    "the operations now overlap, and a failure cancels the others and is "
    "rethrown, even where a later operation used to fail first";

constexpr llvm::StringRef DefaultLockTypes =
    "std::lock_guard;std::unique_lock;std::scoped_lock;std::shared_lock";

} // namespace

SequentialAwaitsCheck::SequentialAwaitsCheck(llvm::StringRef Name,
                                             ClangTidyContext *Context)
    : AsyncCheck(Name, Context),
      WhenAllFunction(Options.get(WhenAllFunctionOpt, "rt::when_all")),
      OrderedOperationsOption(
          Options.get(OrderedOperationsOpt, DefaultOrderedOperations)),
      OrderedOperations(OrderedOperationsOption),
      LockTypesOption(Options.get(LockTypesOpt, DefaultLockTypes)),
      LockTypes(LockTypesOption),
      BoundedJoinFunction(
          Options.get(BoundedJoinFunctionOpt, "rt::when_all_bounded")),
      ConfiguredJoins(WhenAllFunction + ";" + BoundedJoinFunction),
      MaxConcurrency(Options.get(MaxConcurrencyOpt, 10U)), Names(Options),
      Inserter(Options.getLocalOrGlobal("IncludeStyle",
                                        utils::IncludeSorter::IS_LLVM),
               areDiagsSelfContained()) {}

void SequentialAwaitsCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, WhenAllFunctionOpt, WhenAllFunction);
  Options.store(Opts, OrderedOperationsOpt, OrderedOperationsOption);
  Options.store(Opts, LockTypesOpt, LockTypesOption);
  Options.store(Opts, BoundedJoinFunctionOpt, BoundedJoinFunction);
  Options.store(Opts, MaxConcurrencyOpt, MaxConcurrency);
  Options.store(Opts, "IncludeStyle", Inserter.getStyle());
  Names.store(Options, Opts);
}

void SequentialAwaitsCheck::registerPPCallbacks(const SourceManager &,
                                                Preprocessor *PP,
                                                Preprocessor *) {
  Inserter.registerPreprocessor(PP);
}

void SequentialAwaitsCheck::registerMatchers(MatchFinder *Finder) {
  // Futures are waited for in any function, awaits only in coroutines.
  Finder->addMatcher(userFunctionDefinition(), this);
}

void SequentialAwaitsCheck::check(const MatchFinder::MatchResult &Result) {
  const auto *FD = Result.Nodes.getNodeAs<FunctionDecl>("function");
  if (Model.bind(*Result.Context))
    Reported.clear();
  UsesOf = nullptr;
  // A template's awaits are typed only in its instantiations (a member of
  // a class template awaits through a dependent `this`): those are walked,
  // where the written template could not be.
  if (!enterFunction(FD, *Result.Context))
    return;
  walk(userBody(FD), Region(), FD, *Result.Context);
}

void SequentialAwaitsCheck::walk(const Stmt *S, Region R,
                                 const FunctionDecl *FD, ASTContext &Ctx) {
  if (!S || isa<LambdaExpr, BlockExpr>(S))
    return;
  if (const auto *Try = dyn_cast<CXXTryStmt>(S)) {
    // A handler may rely on which operation failed first.
    walk(Try->getTryBlock(), Region{true, R.LockHeld}, FD, Ctx);
    for (unsigned I = 0; I < Try->getNumHandlers(); ++I)
      walk(Try->getHandler(I)->getHandlerBlock(), R, FD, Ctx);
    return;
  }
  if (const auto *Block = dyn_cast<CompoundStmt>(S)) {
    scanBlock(Block, R, FD, Ctx);
    return;
  }
  if (isa<CXXForRangeStmt, ForStmt>(S) && !R.InTry && !R.LockHeld)
    checkCollectingLoop(S, FD, Ctx);
  for (const Stmt *Child : S->children())
    walk(Child, R, FD, Ctx);
}

namespace {
/// Whether \p Call is an ordering primitive: named as one
/// (`OrderedOperations`), and not a request to a service object whose
/// method only shares the name (`vault.read(path)`, `kv.get(key)`): a read
/// or a receive is ordered on a stream, a socket, a channel, a queue, a
/// file, a connection or a client, and a wait on a timer or a lock.
bool isOrderingOperation(const Expr *Call, const NameList &Ordered) {
  if (!Ordered.contains(calleeOf(Call)))
    return false;
  const auto *Member = dyn_cast<CXXMemberCallExpr>(Call);
  const CXXRecordDecl *Receiver =
      Member ? recordOf(Member->getImplicitObjectArgument()->getType())
             : nullptr;
  if (!Receiver || !Receiver->getIdentifier())
    return true;
  llvm::SmallVector<std::string, 4> Words =
      identifierWords(Receiver->getName());
  return Words.empty() ||
         llvm::any_of(Words, [](const std::string &W) {
           return llvm::is_contained(
               {"stream", "socket", "channel", "chan", "pipe", "queue",
                "file", "conn", "connection", "client", "transport", "session",
                "reader", "writer", "timer", "mutex", "lock", "semaphore",
                "latch", "barrier", "event", "generator", "subscription",
                "websocket", "ws", "port", "device", "fd", "buffer"},
               W);
         });
}
} // namespace

/// The body of \p Loop when it walks a range whose size the input decides,
/// element by element: a range-for over anything but a range fixed in the
/// source (a braced list, an array), or an index loop `for (i = 0; i <
/// bound; ++i)` whose bound is not a constant.
static const Stmt *elementLoopBody(const Stmt *Loop, const ASTContext &Ctx) {
  if (const auto *Range = dyn_cast<CXXForRangeStmt>(Loop))
    return staticRangeSize(Range->getRangeInit(), Ctx) ? nullptr
                                                       : Range->getBody();
  const auto *For = cast<ForStmt>(Loop);
  std::optional<CountingLoop> Counting = countingLoopOf(For);
  if (!Counting || Counting->Bound->isValueDependent() ||
      Counting->Bound->isIntegerConstantExpr(Ctx))
    return nullptr;
  return For->getBody();
}

void SequentialAwaitsCheck::checkCollectingLoop(const Stmt *Loop,
                                                const FunctionDecl *FD,
                                                ASTContext &Ctx) {
  // The shape: the body is one `results.push_back(co_await op(...));`, or
  // one `results[key] = co_await op(...);` (a slot per element: the fix
  // rewrites only the first).
  const Stmt *Body = soleStatement(elementLoopBody(Loop, Ctx));
  const Expr *Stored = nullptr;
  const Expr *Container = nullptr;
  bool Appends = false;
  const Expr *Whole =
      isa_and_nonnull<Expr>(Body) ? stripImplicit(cast<Expr>(Body)) : nullptr;
  if (const auto *Push = dyn_cast_or_null<CXXMemberCallExpr>(Whole)) {
    const CXXMethodDecl *Method = Push->getMethodDecl();
    if (!Method || !Method->getIdentifier() || Push->getNumArgs() != 1 ||
        !llvm::is_contained({"push_back", "emplace_back"}, Method->getName()))
      return;
    Container = Push->getImplicitObjectArgument();
    Stored = Push->getArg(0);
    Appends = true;
  } else if (const auto *Assign = dyn_cast_or_null<CXXOperatorCallExpr>(Whole);
             Assign && Assign->getOperator() == OO_Equal &&
             Assign->getNumArgs() == 2) {
    const auto *Slot = dyn_cast<CXXOperatorCallExpr>(
        Assign->getArg(0)->IgnoreParenImpCasts());
    if (!Slot || Slot->getOperator() != OO_Subscript || Slot->getNumArgs() != 2 ||
        containsAwait(Slot->getArg(1)))
      return;
    Container = Slot->getArg(0);
    Stored = Assign->getArg(1);
  }
  if (!Container)
    return;
  const auto *Results = dyn_cast<DeclRefExpr>(Container->IgnoreParenImpCasts());
  const auto *Await = dyn_cast<CoawaitExpr>(stripImplicit(Stored));
  const auto *Call =
      Await ? dyn_cast<CallExpr>(stripImplicit(Await->getOperand())) : nullptr;
  if (!Results || !Call || Call->isTypeDependent() ||
      isOrderingOperation(Call, OrderedOperations))
    return;
  AsyncKind Kind = Model.classify(Call->getType());
  if (Kind != AsyncKind::LazyTask && Kind != AsyncKind::UnknownTask)
    return;
  // Each operation may read the element and loop-invariant values; it may
  // not touch the results or write anything another iteration reads.
  Access Acc = accessesOf(Call, FD);
  if (!Acc.Mutates.empty() || Acc.MutatesUnknown ||
      Acc.Reads.count(Results->getDecl()->getCanonicalDecl()) ||
      !Reported.insert(Await->getBeginLoc()).second)
    return;
  diag(Await->getBeginLoc(),
       "each iteration waits for '%0' before the next one starts: the calls "
       "run one at a time; run them concurrently with at most %1 in flight")
      << calleeName(Call) << MaxConcurrency;
  // The bounded map the fix writes walks a range, not an index, and
  // appends.
  if (const auto *Range = dyn_cast<CXXForRangeStmt>(Loop); Range && Appends)
    noteUnsafeFix(Await->getBeginLoc(), loopFix(Range, Call, Results, FD, Ctx),
                  OverlapChange);
}

bool SequentialAwaitsCheck::declaresLock(const Stmt *S) const {
  const auto *DS = dyn_cast<DeclStmt>(S);
  if (!DS)
    return false;
  return llvm::any_of(DS->decls(), [&](const Decl *D) {
    const auto *Var = dyn_cast<VarDecl>(D);
    return Var && LockTypes.containsType(Var->getType());
  });
}

void SequentialAwaitsCheck::scanBlock(const CompoundStmt *Block, Region R,
                                      const FunctionDecl *FD, ASTContext &Ctx) {
  Run Current;
  auto Flush = [&] {
    if (Current.Ops.size() >= 2)
      report(Current, FD, Ctx);
    Current = Run();
  };
  for (const Stmt *S : Block->body()) {
    if (declaresLock(S))
      R.LockHeld = true;
    std::optional<Operation> Op =
        R.InTry || R.LockHeld ? std::nullopt : operationOf(S, FD);
    if (!Op) {
      Flush();
      if (!R.InTry && !R.LockHeld)
        checkOneExpression(S, FD);
      walk(S, R, FD, Ctx);
      continue;
    }
    if (!Current.admits(*Op))
      Flush();
    Current.add(std::move(*Op));
  }
  Flush();
}

/// `co_await a(x) * 0.3 + co_await b(x) * 0.7`: one expression awaits
/// independent operations one after another. Not when an await is in
/// another's operand (it feeds it), or behind `&&`, `||`, `?:` or a comma
/// (whether or when the next one runs depends on the first).
void SequentialAwaitsCheck::checkOneExpression(const Stmt *S,
                                               const FunctionDecl *FD) {
  if (!isa<Expr, DeclStmt, ReturnStmt, CoreturnStmt>(S))
    return;
  llvm::SmallVector<const CoawaitExpr *, 4> Awaits;
  llvm::DenseSet<const Stmt *> Inside;
  bool Ordered = false;
  forEachStmtInBody(S, [&](const Stmt *Node) {
    if (const auto *Op = dyn_cast<BinaryOperator>(Node);
        Op && (Op->isLogicalOp() || Op->isCommaOp()) && containsAwait(Op))
      Ordered = true;
    if (isa<AbstractConditionalOperator>(Node) && containsAwait(Node))
      Ordered = true;
    if (isa<CoyieldExpr>(Node))
      Ordered = true;
    const auto *Await = dyn_cast<CoawaitExpr>(Node);
    if (!Await)
      return;
    // One await feeds another.
    if (Inside.contains(Await))
      Ordered = true;
    Awaits.push_back(Await);
    forEachStmtInBody(Await->getOperand(),
                      [&](const Stmt *Below) { Inside.insert(Below); });
  });
  if (Ordered || Awaits.size() < 2)
    return;
  Run R;
  for (const CoawaitExpr *Await : Awaits) {
    std::optional<Operation> Op = awaitOperation(Await, FD);
    if (!Op)
      return;
    Op->Statement = S;
    Op->Acc = operationAccesses(Op->Call, FD);
    if (!R.admits(*Op))
      return;
    R.add(std::move(*Op));
  }
  if (!Reported.insert(beginOf(R.Ops.front().Call)).second)
    return;
  diag(R.Ops.front().Wait->getBeginLoc(),
       "%0 independent operations are awaited one after another in one "
       "expression: their latencies add up; await them together so they run "
       "concurrently")
      << static_cast<unsigned>(R.Ops.size());
  noteOperations(R);
}

std::optional<SequentialAwaitsCheck::Operation>
SequentialAwaitsCheck::operationOf(const Stmt *S, const FunctionDecl *FD) {
  const VarDecl *Var = nullptr;
  const Expr *Init = nullptr;
  const Expr *Target = nullptr;
  bool Appends = false;
  llvm::SmallVector<const ValueDecl *, 3> Path;
  if (const auto *DS = dyn_cast<DeclStmt>(S)) {
    if (!DS->isSingleDecl())
      return std::nullopt;
    Var = dyn_cast<VarDecl>(DS->getSingleDecl());
    // An unused result marks a guard or a side effect: it must finish first.
    if (!Var || !Var->getInit() || !isUsed(Var) ||
        Var->getType()->isReferenceType() || Var->isStaticLocal())
      return std::nullopt;
    Init = stripImplicit(Var->getInit());
  } else if (const auto *E = dyn_cast<Expr>(S)) {
    std::tie(Target, Init) = assignmentOf(E);
    // `results.push_back(co_await f(x));`: appended, in order.
    if (const auto *Insert = dyn_cast<CXXMemberCallExpr>(stripImplicit(E));
        !Target && Insert && isContainerInsertion(Insert) &&
        Insert->getNumArgs() == 1 &&
        isa<CoawaitExpr>(stripImplicit(Insert->getArg(0)))) {
      Target = Insert->getImplicitObjectArgument();
      Init = Insert->getArg(0);
      Appends = true;
    }
    if (!Target)
      return std::nullopt;
    Init = stripImplicit(Init);
    if (!isa<CoawaitExpr, CXXMemberCallExpr>(Init) ||
        !targetPath(Target, FD, Path))
      return std::nullopt;
    // A plain variable nothing reads afterwards: the result is unused. (A
    // member of `this` outlives the function.)
    if (Path.size() == 1 && isa<VarDecl>(Path.front()) &&
        usesIn(FD).of(Path.front()) < 2)
      return std::nullopt;
  } else {
    return std::nullopt;
  }
  std::optional<Operation> Op = isa<CoawaitExpr>(Init)
                                    ? awaitOperation(cast<CoawaitExpr>(Init), FD)
                                    : futureOperation(Init);
  if (!Op)
    return std::nullopt;
  Op->Statement = S;
  Op->Var = Var;
  Op->Target = Target;
  Op->Appends = Appends;
  Op->Path = std::move(Path);
  Op->Acc = operationAccesses(Op->Call, FD);
  Op->Fields = fieldReadsOf(Op->Call);
  return Op;
}

/// What an operation reads and modifies. A lambda it is given runs while
/// the coroutine waits, so what the lambda captures by reference counts as
/// modified only where its body modifies it. The executor an offload runs
/// on is no shared receiver: it takes submissions concurrently by design.
Access SequentialAwaitsCheck::operationAccesses(const Expr *Call,
                                                const FunctionDecl *FD) {
  const auto *CE = dyn_cast<CallExpr>(Call);
  const FunctionDecl *Callee = CE ? CE->getDirectCallee() : nullptr;
  if (!Callee || !(Names.of(Role::ExecutorSwitches).contains(Callee) ||
                   Names.of(Role::ExecutorSwitches).containsCall(CE)))
    return accessesOf(Call, FD, /*RefCapturesMutate=*/false);
  Access Acc;
  if (const auto *Member = dyn_cast<CXXMemberCallExpr>(CE))
    Acc.Reads = accessesOf(Member->getImplicitObjectArgument(), FD).Reads;
  for (const Expr *Arg : CE->arguments()) {
    Access Of = accessesOf(Arg, FD, /*RefCapturesMutate=*/false);
    Acc.Reads.insert(Of.Reads.begin(), Of.Reads.end());
    Acc.Mutates.insert(Of.Mutates.begin(), Of.Mutates.end());
    Acc.MutatesUnknown |= Of.MutatesUnknown;
  }
  return Acc;
}

/// The target of an assignment the run may delay: a local variable of \p FD
/// (not a reference, so nothing else can name its storage), or a member of
/// one reached through `.`, also of a parameter the caller lends by
/// reference, or a member of `this` (`robots_ = co_await fetch(host)`);
/// \p Path gets the variable or member of `this`, then the fields.
bool SequentialAwaitsCheck::targetPath(
    const Expr *Target, const FunctionDecl *FD,
    llvm::SmallVectorImpl<const ValueDecl *> &Path) {
  const Expr *E = Target->IgnoreParens();
  llvm::SmallVector<const ValueDecl *, 3> Fields;
  while (const auto *Member = dyn_cast<MemberExpr>(E)) {
    if (!isa<FieldDecl>(Member->getMemberDecl()))
      return false;
    Fields.push_back(Member->getMemberDecl());
    if (isa<CXXThisExpr>(Member->getBase()->IgnoreParenImpCasts())) {
      Path.append(Fields.rbegin(), Fields.rend());
      return true;
    }
    if (Member->isArrow())
      return false;
    E = Member->getBase()->IgnoreParens();
  }
  const auto *Ref = dyn_cast<DeclRefExpr>(E);
  const auto *Var = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
  // A field of an object the caller lends by reference (`Match &m`): the
  // caller waits for this coroutine to fill it in.
  bool LentObject = Var && isa<ParmVarDecl>(Var) && !Fields.empty() &&
                    Var->getType()->isLValueReferenceType() &&
                    !Var->getType().getNonReferenceType().isConstQualified();
  if (!Var || !Var->hasLocalStorage() ||
      (Var->getType()->isReferenceType() && !LentObject) ||
      Var->getDeclContext() != FD || Ref->refersToEnclosingVariableOrCapture())
    return false;
  Path.push_back(Var);
  Path.append(Fields.rbegin(), Fields.rend());
  return true;
}

bool SequentialAwaitsCheck::isUsed(const VarDecl *Var) {
  if (const auto *Decomposition = dyn_cast<DecompositionDecl>(Var))
    return llvm::any_of(Decomposition->bindings(), [](const BindingDecl *B) {
      return B->isReferenced();
    });
  return Var->isReferenced();
}

const UseCounts &SequentialAwaitsCheck::usesIn(const FunctionDecl *FD) {
  if (UsesOf != FD) {
    Uses = UseCounts(userBody(FD));
    UsesOf = FD;
  }
  return Uses;
}


std::optional<SequentialAwaitsCheck::Operation>
SequentialAwaitsCheck::awaitOperation(const CoawaitExpr *Await,
                                      const FunctionDecl *FD) {
  if (Await->isTypeDependent())
    return std::nullopt;
  const Expr *Call = stripImplicit(Await->getOperand());
  // `auto t = f(x); ... co_await t;`: a lazy task has not started before
  // this await, which is its only use (a join then takes it over).
  if (const auto *Ref = dyn_cast<DeclRefExpr>(Call)) {
    const auto *Var = dyn_cast<VarDecl>(Ref->getDecl());
    if (!Var || !Var->isLocalVarDecl() || Var->getType()->isReferenceType() ||
        !Var->getInit() || !isa<CallExpr>(stripImplicit(Var->getInit())) ||
        Model.classify(Var->getType()) != AsyncKind::LazyTask ||
        usesIn(FD).of(Var) != 1)
      return std::nullopt;
    Operation Op;
    Op.Wait = Await;
    Op.Call = Ref;
    Op.NamedTask = true;
    return Op;
  }
  if (!isa<CallExpr>(Call) || isOrderingOperation(Call, OrderedOperations) ||
      isJoin(cast<CallExpr>(Call)))
    return std::nullopt;
  // Whatever the work is (a task, an awaiter, a sender, an awaitable
  // future), the call that starts the next one runs only after this await:
  // only what cannot be awaited is no operation.
  AsyncKind Kind = Model.classify(Call->getType());
  if (Kind == AsyncKind::None ||
      (Kind == AsyncKind::Future && !Model.canAwaitIn(FD, Call->getType())))
    return std::nullopt;
  // Awaiting a task created earlier: an eager one is already running. An
  // awaiter made by the call is an operation (a client's request, an SDK
  // call started in await_suspend); one kept elsewhere is an event.
  if (!Call->isPRValue() && Kind != AsyncKind::LazyTask)
    return std::nullopt;
  Operation Op;
  Op.Wait = Await;
  Op.Call = Call;
  return Op;
}

/// A join already runs its operands concurrently (and a bounded one limits
/// them on purpose): it ends a run rather than joining another. Joins are
/// the vocabulary's, the configured ones, the awaitable operators, and by
/// shape a call given two or more tasks or a range of tasks.
bool SequentialAwaitsCheck::isJoin(const CallExpr *Call) {
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(Call);
      Op && (Op->getOperator() == OO_AmpAmp || Op->getOperator() == OO_PipePipe))
    return true;
  if (const FunctionDecl *Callee = calleeOf(Call)) {
    for (Role R : {Role::VariadicJoins, Role::RangeJoins, Role::SettledJoins,
                   Role::BoundedJoins})
      if (Names.of(R).contains(Callee) || Names.of(R).containsCall(Call))
        return true;
    if (ConfiguredJoins.contains(Callee))
      return true;
  }
  unsigned Tasks = 0;
  for (const Expr *Arg : Call->arguments()) {
    QualType T = Arg->getType().getNonReferenceType();
    if (Model.isAsyncWork(T))
      ++Tasks;
    else if (const auto *RD = T->getAsCXXRecordDecl();
             RD && isa<ClassTemplateSpecializationDecl>(RD))
      for (const TemplateArgument &A :
           cast<ClassTemplateSpecializationDecl>(RD)->getTemplateArgs().asArray())
        if (A.getKind() == TemplateArgument::Type &&
            Model.isAsyncWork(A.getAsType()))
          return true; // a container of tasks
  }
  return Tasks >= 2;
}

/// `std::async(...).get()`: the task is launched and at once waited for.
/// A deferred one runs inside `get()` whatever the order, so it is no
/// candidate; without a policy the library may defer it too, which the fix
/// rules out by asking for `std::launch::async`.
std::optional<SequentialAwaitsCheck::Operation>
SequentialAwaitsCheck::futureOperation(const Expr *Init) {
  const auto *Get = dyn_cast<CXXMemberCallExpr>(Init);
  const CXXMethodDecl *Method = Get ? Get->getMethodDecl() : nullptr;
  if (!Method || !Method->getIdentifier() || Method->getName() != "get" ||
      Get->getNumArgs() != 0 ||
      Model.classify(Get->getImplicitObjectArgument()->getType()) !=
          AsyncKind::Future)
    return std::nullopt;
  const auto *Call =
      dyn_cast<CallExpr>(stripImplicit(Get->getImplicitObjectArgument()));
  if (!Call || !isStdNamed(calleeOf(Call), "async") || isDeferredLaunch(Call))
    return std::nullopt;
  Operation Op;
  Op.Wait = Get;
  Op.Call = Call;
  Op.Future = true;
  return Op;
}

/// A note at each operation of a reported run.
void SequentialAwaitsCheck::noteOperations(const Run &R) {
  for (size_t I = 0; I < R.Ops.size(); ++I)
    diag(beginOf(R.Ops[I].Call),
         "operation %0 of %1 does not depend on the others",
         DiagnosticIDs::Note)
        << static_cast<unsigned>(I + 1) << static_cast<unsigned>(R.Ops.size());
}

void SequentialAwaitsCheck::report(const Run &R, const FunctionDecl *FD,
                                   ASTContext &Ctx) {
  const Operation &First = R.Ops.front();
  if (!Reported.insert(beginOf(First.Call)).second)
    return;
  if (First.Future) {
    diag(beginOf(First.Call),
         "%0 independent std::async tasks are each waited for before the "
         "next one is launched: their latencies add up; launch them all "
         "before the first get()")
        << static_cast<unsigned>(R.Ops.size());
    noteUnsafeFix(beginOf(First.Call), futuresFix(R, FD, Ctx),
                  OverlapChange);
  } else {
    std::string WhyNot;
    Fix Join = joinFix(R, FD, Ctx, WhyNot);
    diag(First.Wait->getBeginLoc(),
         "%0 independent operations are awaited one after another: their "
         "latencies add up; await them together so they run concurrently%1")
        << static_cast<unsigned>(R.Ops.size())
        << (WhyNot.empty() ? "" : " (no fix: " + WhyNot + ")");
    noteUnsafeFix(First.Wait->getBeginLoc(), Join, OverlapChange);
  }
  noteOperations(R);
}

} // namespace clang::tidy::async
