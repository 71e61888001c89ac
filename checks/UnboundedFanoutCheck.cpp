//===--- UnboundedFanoutCheck.cpp - asynclint -----------------------------===//

#include "UnboundedFanoutCheck.h"
#include "model/AsyncMatchers.h"
#include "model/Executors.h"
#include "analysis/Ranges.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/QualTypeNames.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Lex/Lexer.h"
#include "frameworks/Profiles.h"
#include <algorithm>
#include <optional>

using namespace clang::ast_matchers;

namespace clang::tidy::async {

namespace {
constexpr llvm::StringRef MaxStaticFanoutOpt = "MaxStaticFanout";
constexpr llvm::StringRef MaxConcurrencyOpt = "MaxConcurrency";
constexpr llvm::StringRef SpawnFunctionsOpt = "SpawnFunctions";
constexpr llvm::StringRef UnboundedJoinsOpt = "UnboundedJoins";
constexpr llvm::StringRef BoundedJoinFunctionOpt = "BoundedJoinFunction";
constexpr llvm::StringRef PermitAcquiresOpt = "PermitAcquires";
constexpr llvm::StringRef DrainFunctionsOpt = "DrainFunctions";

constexpr llvm::StringRef DefaultSpawnFunctions =
    "asio::co_spawn;boost::asio::co_spawn;asio::spawn;boost::asio::spawn;"
    "rt::spawn";
/// Range joins a project adds to the profiles' `AsyncRangeJoins` for this
/// check alone.
constexpr llvm::StringRef DefaultUnboundedJoins = "";
constexpr llvm::StringRef DefaultPermitAcquires =
    "acquire;async_acquire;try_acquire;scoped;try_acquire_for";
// Awaiting one of these waits for everything spawned before it.
constexpr llvm::StringRef DefaultDrainFunctions = "rt::drain";

/// The element type of a standard container type, if it is one.
QualType elementType(QualType Container) {
  const auto *Spec =
      dyn_cast_or_null<ClassTemplateSpecializationDecl>(recordOf(Container));
  if (!Spec || !Spec->isInStdNamespace() ||
      Spec->getTemplateArgs().size() == 0 ||
      Spec->getTemplateArgs()[0].getKind() != TemplateArgument::Type)
    return {};
  return Spec->getTemplateArgs()[0].getAsType();
}

/// Whether a class can be walked by a range-for: it (or a base) declares
/// `begin`.
bool isIterable(const CXXRecordDecl *RD, int Depth = 0) {
  if (!RD || !RD->hasDefinition() || Depth > 4)
    return false;
  for (const CXXMethodDecl *Method : RD->methods())
    if (Method->getIdentifier() && Method->getName() == "begin")
      return true;
  return llvm::any_of(RD->bases(), [&](const CXXBaseSpecifier &Base) {
    return isIterable(recordOf(Base.getType()), Depth + 1);
  });
}

/// Whether a class is a range or an iterator (it declares `begin`, or a
/// dereference): what a loop condition asks when it walks elements, unlike
/// an options struct holding a worker count.
bool isIteratorOrRange(const CXXRecordDecl *RD) {
  if (isIterable(RD))
    return true;
  auto Declares = [&](OverloadedOperatorKind Op) {
    return llvm::any_of(RD->methods(), [&](const CXXMethodDecl *Method) {
      return Method->getOverloadedOperator() == Op;
    });
  };
  // A smart pointer dereferences too, but does not advance.
  return RD && RD->hasDefinition() && Declares(OO_Star) &&
         Declares(OO_PlusPlus);
}

/// Whether a member call asks a collection about its elements: a call on a
/// range or an iterator (`v.size()`, `it != v.end()`), or a container query
/// (`queue.empty()`, `q.size()`); not a flag's `load()` or conversion.
bool asksCollection(const CXXMemberCallExpr *Call) {
  const CXXMethodDecl *Method = Call->getMethodDecl();
  if (!Method || isa<CXXConversionDecl>(Method))
    return false;
  if (Method->getIdentifier() &&
      llvm::is_contained({"empty", "size", "length"}, Method->getName()))
    return true;
  QualType Object = Call->getImplicitObjectArgument()->getType();
  if (Object->isPointerType())
    Object = Object->getPointeeType();
  return isIteratorOrRange(recordOf(Object));
}

/// The bound of a loop condition `i < B` (or `B > i`, `i <= B`, ...) when B
/// is a constant; of `a && b`, the smaller bound of the two.
std::optional<int64_t> constantBound(const Expr *Cond, const ASTContext &Ctx) {
  const auto *Op = dyn_cast_or_null<BinaryOperator>(
      Cond ? Cond->IgnoreParenImpCasts() : nullptr);
  if (!Op)
    return std::nullopt;
  if (Op->getOpcode() == BO_LAnd) {
    std::optional<int64_t> L = constantBound(Op->getLHS(), Ctx),
                           R = constantBound(Op->getRHS(), Ctx);
    if (L && R)
      return std::min(*L, *R);
    return L ? L : R;
  }
  if (!Op->isComparisonOp() || Op->isValueDependent())
    return std::nullopt;
  Expr::EvalResult Bound;
  if (Op->getRHS()->EvaluateAsInt(Bound, Ctx) ||
      Op->getLHS()->EvaluateAsInt(Bound, Ctx))
    return Bound.Val.getInt().getExtValue();
  return std::nullopt;
}

/// The one initialized variable a `for` statement declares (its counter).
const VarDecl *loopCounter(const ForStmt *For) {
  const auto *Init = dyn_cast_or_null<DeclStmt>(For->getInit());
  const auto *Var = Init && Init->isSingleDecl()
                        ? dyn_cast<VarDecl>(Init->getSingleDecl())
                        : nullptr;
  return Var && Var->getInit() ? Var : nullptr;
}

/// The size of a chunk walked as `for (j = i; j < std::min(n, i + K); ++j)`
/// with K a constant: at most K iterations.
std::optional<int64_t> chunkSize(const ForStmt *For, const ASTContext &Ctx) {
  const VarDecl *Counter = loopCounter(For);
  const VarDecl *Start = Counter ? variableOf(Counter->getInit()) : nullptr;
  const auto *Cond = dyn_cast_or_null<BinaryOperator>(
      For->getCond() ? For->getCond()->IgnoreParenImpCasts() : nullptr);
  if (!Start || !Cond || !Cond->isComparisonOp())
    return std::nullopt;
  const auto *Min = dyn_cast<CallExpr>(stripImplicit(Cond->getRHS()));
  if (!Min || !isStdNamed(calleeOf(Min), "min"))
    return std::nullopt;
  for (const Expr *Arg : Min->arguments()) {
    const auto *Sum = dyn_cast<BinaryOperator>(stripImplicit(Arg));
    Expr::EvalResult K;
    if (Sum && Sum->getOpcode() == BO_Add && variableOf(Sum->getLHS()) == Start &&
        !Sum->getRHS()->isValueDependent() &&
        Sum->getRHS()->EvaluateAsInt(K, Ctx))
      return K.Val.getInt().getExtValue();
  }
  return std::nullopt;
}

/// The number of iterations of `for (int i = A; i < B; ...)` when both
/// bounds are constants (also when the condition asks more: `&& i < 4`).
std::optional<int64_t> constantTripCount(const ForStmt *For,
                                         const ASTContext &Ctx) {
  std::optional<int64_t> Bound = constantBound(For->getCond(), Ctx);
  if (!Bound)
    return chunkSize(For, Ctx);
  int64_t Start = 0;
  if (const VarDecl *Counter = loopCounter(For)) {
    Expr::EvalResult First;
    if (Counter->getInit()->isValueDependent() ||
        !Counter->getInit()->EvaluateAsInt(First, Ctx))
      return std::nullopt;
    Start = First.Val.getInt().getExtValue();
  }
  return *Bound - Start;
}

/// The range a standard algorithm walks: `r` of `std::ranges::f(r, ...)`,
/// `v` of `std::f(v.begin(), ...)` or `std::f(std::begin(v), ...)`; null
/// when the walk is written otherwise.
const Expr *algorithmRange(const CallExpr *Call,
                           llvm::ArrayRef<const Expr *> Args) {
  if (Args.empty())
    return nullptr;
  const Expr *First = stripImplicit(Args[0]);
  // A `std::ranges` algorithm is an object called with the range itself.
  if (calledObject(Call))
    return First;
  const Expr *Object = nullptr;
  const FunctionDecl *Begin = calleeOf(First);
  if (const auto *Member = dyn_cast<CXXMemberCallExpr>(First))
    Object = Member->getImplicitObjectArgument();
  else if (const auto *Free = dyn_cast<CallExpr>(First);
           Free && Free->getNumArgs() == 1 && isInStdLibrary(Begin))
    Object = Free->getArg(0);
  if (!Begin || !Begin->getIdentifier() || !Begin->getName().contains("begin"))
    return nullptr;
  return Object;
}

/// The lambda a standard algorithm runs per element (`std::for_each`,
/// `std::ranges::for_each`, `std::transform`, ...), when \p Call is one
/// named \p Algorithm.
const LambdaExpr *perElementLambda(const CallExpr *Call,
                                   llvm::StringRef Algorithm) {
  const NamedDecl *Callee = namedCallee(Call);
  if (!Callee || !Callee->getIdentifier() || !isInStdLibrary(Callee) ||
      Callee->getName() != Algorithm)
    return nullptr;
  // The callable comes last but for a defaulted projection.
  llvm::ArrayRef<const Expr *> Args = writtenArguments(Call);
  return Args.size() < 2 ? nullptr
                         : dyn_cast<LambdaExpr>(stripImplicit(Args.back()));
}

} // namespace

UnboundedFanoutCheck::UnboundedFanoutCheck(llvm::StringRef Name,
                                           ClangTidyContext *Context)
    : AsyncCheck(Name, Context),
      MaxStaticFanout(Options.get(MaxStaticFanoutOpt, 0U)),
      MaxConcurrency(Options.get(MaxConcurrencyOpt, 10U)),
      SpawnFunctionsOption(
          Options.get(SpawnFunctionsOpt, DefaultSpawnFunctions)),
      SpawnFunctions(SpawnFunctionsOption),
      UnboundedJoinsOption(
          Options.get(UnboundedJoinsOpt, DefaultUnboundedJoins)),
      UnboundedJoins(UnboundedJoinsOption),
      BoundedJoinFunction(
          Options.get(BoundedJoinFunctionOpt, "rt::when_all_bounded")),
      PermitAcquiresOption(
          Options.get(PermitAcquiresOpt, DefaultPermitAcquires)),
      PermitAcquires(PermitAcquiresOption),
      DrainFunctionsOption(
          Options.get(DrainFunctionsOpt, DefaultDrainFunctions)),
      DrainFunctions(DrainFunctionsOption),
      Names(Options),
      Inserter(Options.getLocalOrGlobal("IncludeStyle",
                                        utils::IncludeSorter::IS_LLVM),
               areDiagsSelfContained()) {}

void UnboundedFanoutCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, MaxStaticFanoutOpt, MaxStaticFanout);
  Options.store(Opts, MaxConcurrencyOpt, MaxConcurrency);
  Options.store(Opts, SpawnFunctionsOpt, SpawnFunctionsOption);
  Options.store(Opts, UnboundedJoinsOpt, UnboundedJoinsOption);
  Options.store(Opts, BoundedJoinFunctionOpt, BoundedJoinFunction);
  Options.store(Opts, PermitAcquiresOpt, PermitAcquiresOption);
  Options.store(Opts, DrainFunctionsOpt, DrainFunctionsOption);
  Names.store(Options, Opts);
  Options.store(Opts, "IncludeStyle", Inserter.getStyle());
}

void UnboundedFanoutCheck::registerPPCallbacks(const SourceManager &,
                                               Preprocessor *PP,
                                               Preprocessor *) {
  Inserter.registerPreprocessor(PP);
}

void UnboundedFanoutCheck::registerMatchers(MatchFinder *Finder) {
  Finder->addMatcher(userFunctionDefinition(), this);
}

void UnboundedFanoutCheck::check(const MatchFinder::MatchResult &Result) {
  const auto *FD = Result.Nodes.getNodeAs<FunctionDecl>("function");
  if (Model.bind(*Result.Context))
    Reported.clear();
  Walk W{*Result.Context, FD};
  visit(userBody(FD), nullptr, W);
}

/// Whether a loop's condition walks the elements of a range: it asks a
/// container or an iterator (`i < v.size()`, `it != v.end()`,
/// `!queue.empty()`), rather than comparing with a plain number such as a
/// worker count or testing a flag.
static bool walksElements(const Expr *Cond) {
  bool AsksObject = false;
  forEachStmtInBody(Cond, [&](const Stmt *S) {
    if (const auto *Ref = dyn_cast<DeclRefExpr>(S))
      AsksObject = AsksObject || isIteratorOrRange(recordOf(Ref->getType()));
    if (const auto *Member = dyn_cast<CXXMemberCallExpr>(S))
      AsksObject = AsksObject || asksCollection(Member);
  });
  return AsksObject;
}

/// Whether \p Range counts up to a bound the program chose:
/// `std::views::iota(0, n)` whose bound asks no container or iterator (a
/// shard or core count), as a counting loop's condition would.
static bool countsToChosenBound(const Expr *Range) {
  const auto *Call = dyn_cast_or_null<CallExpr>(Range ? stripImplicit(Range)
                                                      : nullptr);
  const NamedDecl *Callee = Call ? namedCallee(Call) : nullptr;
  if (!Callee || !Callee->getIdentifier() || Callee->getName() != "iota" ||
      !isInStdLibrary(Callee) || Call->getNumArgs() < 2)
    return false;
  return !walksElements(Call->getArg(Call->getNumArgs() - 1));
}

/// Whether a `while`/`do` loop walks no range: it pulls no element into a
/// condition variable and its condition asks no container or iterator
/// (`while (true)` around an accept, `while (!done)`, `while (n-- > 0)`, a
/// test macro's `do { } while (dummy())`). Such a loop is paced by events,
/// a flag or a count, not by an input's size.
static bool walksNoRange(const Stmt *Loop) {
  if (!isa<WhileStmt, DoStmt>(Loop))
    return false;
  if (const auto *While = dyn_cast<WhileStmt>(Loop);
      While && While->getConditionVariable())
    return false;
  const Expr *Cond = loopConditionOf(Loop);
  return !(Cond && walksElements(Cond));
}

bool UnboundedFanoutCheck::growsWithInput(const Stmt *Loop,
                                          const ASTContext &Ctx) const {
  std::optional<int64_t> Count;
  if (const auto *Range = dyn_cast<CXXForRangeStmt>(Loop)) {
    // A template's range may be small or large: each instantiation says.
    if (Range->getRangeInit() && (Range->getRangeInit()->isTypeDependent() ||
                                  countsToChosenBound(Range->getRangeInit())))
      return false;
    if (auto Size = staticRangeSize(Range->getRangeInit(), Ctx))
      Count = static_cast<int64_t>(*Size);
  } else if (const auto *For = dyn_cast<ForStmt>(Loop)) {
    Count = constantTripCount(For, Ctx);
    if (!Count && !(For->getCond() && walksElements(For->getCond())))
      return false;
  } else if (const auto *Algorithm = dyn_cast<CallExpr>(Loop)) {
    const Expr *Range =
        algorithmRange(Algorithm, writtenArguments(Algorithm));
    if (!Range || Range->isTypeDependent() || countsToChosenBound(Range))
      return false;
    if (auto Size = staticRangeSize(Range, Ctx))
      Count = static_cast<int64_t>(*Size);
  } else if (walksNoRange(Loop)) {
    return false;
  }
  // A count known at compile time is a width the author chose (a pool of
  // workers, a test's stress loop), not an input's size; a project caps it
  // with MaxStaticFanout (0: no cap).
  return !Count || (MaxStaticFanout != 0 &&
                    *Count > static_cast<int64_t>(
                                 std::max(MaxStaticFanout, MaxConcurrency)));
}

bool UnboundedFanoutCheck::acquiresPermit(const Stmt *Body) const {
  bool Found = false;
  forEachStmtInBody(Body, [&](const Stmt *S) {
    if (const auto *Call = dyn_cast<CallExpr>(S))
      Found = Found || PermitAcquires.contains(Call->getDirectCallee());
  });
  return Found;
}

bool UnboundedFanoutCheck::taskTakesPermit(const Expr *Task) const {
  const auto *Call = Task ? dyn_cast<CallExpr>(stripImplicit(Task)) : nullptr;
  const FunctionDecl *Callee = Call ? Call->getDirectCallee() : nullptr;
  const FunctionDecl *Definition = nullptr;
  return Callee && Callee->hasBody(Definition) && isCoroutine(Definition) &&
         acquiresPermit(Definition->getBody());
}

void UnboundedFanoutCheck::visitLoopBody(const Stmt *Loop, const Stmt *Body,
                                         const Stmt *Outer, Walk &W) {
  // A loop of a few constant iterations, one counting to a plain number (a
  // pool of N workers), or one that takes a permit before each launch, does
  // not grow with the input.
  const Stmt *Runtime = Outer;
  if (!Outer && growsWithInput(Loop, W.Ctx))
    Runtime = Loop;
  if (Runtime && acquiresPermit(Body))
    Runtime = nullptr;
  W.Loops.push_back(Loop);
  visit(Body, Runtime, W);
  W.Loops.pop_back();
}

/// Whether what \p Insertion stores is joined before the runtime loop moves
/// on: the container is declared inside \p Loop, and no loop between that
/// declaration and the insertion grows with the input (a chunk of at most
/// K futures, waited for at the end of each iteration).
bool UnboundedFanoutCheck::boundedPerIteration(const CXXMemberCallExpr *Insertion,
                                               const Stmt *Loop, const Walk &W) const {
  const VarDecl *Container = variableOf(Insertion->getImplicitObjectArgument());
  const SourceManager &SM = W.Ctx.getSourceManager();
  auto Before = [&](SourceLocation A, SourceLocation B) {
    return SM.isBeforeInTranslationUnit(A, B);
  };
  if (!Container || !Container->hasLocalStorage() ||
      !Before(Loop->getBeginLoc(), Container->getLocation()))
    return false;
  return llvm::none_of(W.Loops, [&](const Stmt *Inner) {
    return Before(Container->getLocation(), Inner->getBeginLoc()) &&
           growsWithInput(Inner, W.Ctx);
  });
}

void UnboundedFanoutCheck::visit(const Stmt *S, const Stmt *Loop, Walk &W) {
  if (!S || isa<LambdaExpr, BlockExpr>(S))
    return;
  if (const auto *Range = dyn_cast<CXXForRangeStmt>(S)) {
    visit(Range->getRangeInit(), Loop, W);
    visitLoopBody(S, Range->getBody(), Loop, W);
    return;
  }
  if (const auto *For = dyn_cast<ForStmt>(S)) {
    visit(For->getInit(), Loop, W);
    visitLoopBody(S, For->getBody(), Loop, W);
    return;
  }
  if (const auto *Call = dyn_cast<CallExpr>(S))
    if (const LambdaExpr *Each = perElementLambda(Call, "for_each")) {
      for (const Expr *Arg : writtenArguments(Call))
        if (stripImplicit(Arg) != Each)
          visit(Arg, Loop, W);
      visitLoopBody(Call, Each->getBody(), Loop, W);
      return;
    }
  if (isa<WhileStmt, DoStmt>(S)) {
    const Stmt *Body = isa<WhileStmt>(S) ? cast<WhileStmt>(S)->getBody()
                                         : cast<DoStmt>(S)->getBody();
    visitLoopBody(S, Body, Loop, W);
    return;
  }
  if (const auto *Block = dyn_cast<CompoundStmt>(S))
    for (const Stmt *const *Child = Block->body_begin();
         Child + 1 < Block->body_end(); ++Child)
      W.NextStatement[*Child] = *(Child + 1);
  if (Loop)
    checkLaunch(S, Loop, W);
  if (const auto *Call = dyn_cast<CallExpr>(S)) {
    collectTransformed(Call, Loop, W);
    checkJoin(Call, W);
  }
  // An awaitable built from the range and the callable
  // (`co_await coroutine::parallel_for_each(items, [](Item &i) {...})`).
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(S)) {
    const CXXRecordDecl *Built = recordOf(Construct->getType());
    llvm::ArrayRef<const Expr *> Args(Construct->getArgs(),
                                      Construct->getNumArgs());
    if (isPerElementJoin(Built, Construct->getType(), Args, W.Ctx))
      reportPerElementJoin(Construct, Built);
  }
  for (const Stmt *Child : S->children())
    visit(Child, Loop, W);
}

/// Whether the callable \p Arg a thread is created with (a lambda, or
/// a function and its arguments) runs an event loop: one thread per
/// io_context of a pool is the pool, not a fan-out.
static bool runsEventLoopIn(const Expr *Arg) {
  if (const auto *Cast = dyn_cast<CXXFunctionalCastExpr>(Arg))
    Arg = stripImplicit(Cast->getSubExpr());
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(Arg);
      Construct && Construct->getNumArgs() > 0)
    Arg = stripImplicit(Construct->getArg(0));
  if (const auto *Lambda = dyn_cast<LambdaExpr>(Arg))
    return runsEventLoop(Lambda->getBody());
  const auto *Ref = dyn_cast<DeclRefExpr>(Arg->IgnoreParenImpCasts());
  const auto *Function = Ref ? dyn_cast<FunctionDecl>(Ref->getDecl()) : nullptr;
  return Function && Function->hasBody() && runsEventLoop(Function->getBody());
}

/// What \p S starts that outlives the loop iteration. A thread or future
/// kept in a loop-local variable is joined before the next iteration, so
/// only those stored in a container, detached threads and spawns count.
std::optional<std::string> UnboundedFanoutCheck::launchKind(const Stmt *S) {
  if (const auto *Member = dyn_cast<CXXMemberCallExpr>(S)) {
    QualType Object = Member->getImplicitObjectArgument()->getType();
    const CXXMethodDecl *Method = Member->getMethodDecl();
    if (Method && Method->getIdentifier() && Method->getName() == "detach" &&
        isThreadType(Object))
      return std::string("a detached thread");
    if (isContainerInsertion(Member) && Member->getNumArgs() > 0)
      return storedLaunchKind(Member);
  }
  const auto *Call = dyn_cast<CallExpr>(S);
  // A spawn whose result is awaitable is awaited inline, and one that
  // hands back a future is waited for through it, not fanned out; one that
  // gives back nothing to wait for (void, or whether it was queued:
  // libcoro's `bool spawn_detached`) fans out.
  if (Call && isSpawn(Call) && !Model.isAsyncWork(Call->getType()) &&
      !Model.isRunningHandle(Call->getType()) && !queuedOnExecutor(Call) &&
      !operatesOnElement(Model.taskArgumentOf(Call)))
    return "'" + Call->getDirectCallee()->getNameAsString() + "'";
  return std::nullopt;
}

/// What the container insertion \p Member stores that runs on: a thread, a
/// `std::async` future or a spawned task's future.
std::optional<std::string>
UnboundedFanoutCheck::storedLaunchKind(const CXXMemberCallExpr *Member) {
    QualType Object = Member->getImplicitObjectArgument()->getType();
    QualType Element = elementType(Object);
    const Expr *Arg = stripImplicit(Member->getArg(0));
    if (isThreadType(Element) && !variableOf(Arg) && !runsEventLoopIn(Arg))
      return std::string("a thread");
    return runningWorkOf(Arg);
}

/// What \p E starts that runs on while the handle it gives back is kept:
/// a `std::async` that is not deferred, a spawn that hands back a future
/// of its task (`co_spawn(ex, task, use_future)`), an eager coroutine.
std::optional<std::string>
UnboundedFanoutCheck::runningWorkOf(const Expr *E) {
  E = stripImplicit(E);
  if (isStdNamed(calleeOf(E), "async"))
    return Model.classify(E->getType()) == AsyncKind::Future &&
                   !isDeferredLaunch(E)
               ? std::optional<std::string>("std::async")
               : std::nullopt;
  if (const auto *Spawn = dyn_cast<CallExpr>(E);
      Spawn && isSpawn(Spawn) && Model.isRunningHandle(Spawn->getType()) &&
      !queuedOnExecutor(Spawn) &&
      !operatesOnElement(Model.taskArgumentOf(Spawn)))
    return "'" + Spawn->getDirectCallee()->getNameAsString() + "'";
  if (const CallExpr *Started = startedEagerTask(E))
    return "'" + Started->getDirectCallee()->getNameAsString() + "'";
  return std::nullopt;
}

/// The call in \p Arg that creates an eager coroutine (one that runs from
/// its creation: a Cobalt `promise`, a concurrencpp `result`), kept for
/// later: the work runs as soon as the element's call returns, whatever
/// joins it afterwards.
const CallExpr *UnboundedFanoutCheck::startedEagerTask(const Expr *Arg) {
  const auto *Call = dyn_cast<CallExpr>(stripImplicit(Arg));
  const FunctionDecl *Callee = Call ? Call->getDirectCallee() : nullptr;
  const FunctionDecl *Def = Callee ? Callee->getDefinition() : nullptr;
  if (!Def || !isCoroutine(Def) || operatesOnElement(Call))
    return nullptr;
  QualType T = Call->getType();
  return Model.classify(T) == AsyncKind::EagerTask || Model.isRunningHandle(T)
             ? Call
             : nullptr;
}

/// Whether a loop around the statement walks a range of tasks or
/// awaitables (a join's implementation walking its operands).
bool UnboundedFanoutCheck::walksTasks(const Walk &W) {
  return llvm::any_of(W.Loops, [&](const Stmt *Loop) {
    const auto *Range = dyn_cast<CXXForRangeStmt>(Loop);
    return Range && Range->getLoopVariable() &&
           Model.classify(Range->getLoopVariable()->getType()
                              .getNonReferenceType()) != AsyncKind::None;
  });
}

/// Whether \p S starts tasks that already exist: a loop over a range of
/// tasks or awaitables (`for (auto &&a : awaitables) scope.add(wrap(a))`),
/// or a task of a range started in place (`input[i].start(callback)`); or
/// starts work on an object whose own count bounds the loop.
/// They were created, and are reported, where the caller made the range; a
/// join's own implementation walks them.
bool UnboundedFanoutCheck::startsGivenTasks(const Stmt *S, const Walk &W) {
  if (walksTasks(W))
    return true;
  const auto *Member = dyn_cast<CXXMemberCallExpr>(S);
  if (!Member)
    return false;
  // The loop asks the very object it starts work on (`while
  // (in_flight.outstanding() < limit) in_flight.start(...)`): it bounds
  // itself by that object's own count.
  const Expr *Spawner = Member->getImplicitObjectArgument()->IgnoreParenImpCasts();
  const ValueDecl *SpawnerDecl =
      isa<DeclRefExpr>(Spawner) ? cast<DeclRefExpr>(Spawner)->getDecl()
      : isa<MemberExpr>(Spawner) ? cast<MemberExpr>(Spawner)->getMemberDecl()
                                 : nullptr;
  if (SpawnerDecl && llvm::any_of(W.Loops, [&](const Stmt *Loop) {
        const Expr *Cond = loopConditionOf(Loop);
        return Cond && mentions(Cond, SpawnerDecl);
      }))
    return true;
  return Model.classify(Spawner->getType()) != AsyncKind::None &&
         isa<DeclRefExpr, ArraySubscriptExpr, CXXOperatorCallExpr, MemberExpr>(
             Spawner);
}

/// Whether \p Work hands a plain callable (a function, or a lambda that
/// returns no task) to an executor's own spawn member (`pool->submit(f,
/// x)`): it runs to completion on one of the executor's threads, so the
/// executor's size bounds how many run at once. A coroutine suspends and
/// frees its thread, so tasks and callables returning one still fan out.
bool UnboundedFanoutCheck::queuedOnExecutor(const Expr *Work) {
  const auto *Submit =
      dyn_cast_or_null<CXXMemberCallExpr>(Work ? stripImplicit(Work) : nullptr);
  if (!Submit || !isSpawn(Submit) || Model.taskArgumentOf(Submit))
    return false;
  // An executor that starts a thread per task bounds nothing.
  // As declared, not as the base class that declares the member.
  if (Names.of(Role::ThreadPerTask)
          .containsType(pointeeOfHandle(Submit->getImplicitObjectArgument()
                                            ->IgnoreParenImpCasts()
                                            ->getType())))
    return false;
  // What each argument gives back when called; none for a non-callable.
  auto CallResult = [](const Expr *Arg) -> std::optional<QualType> {
    QualType T = Arg->getType().getNonReferenceType();
    if (const auto *Pointer = T->getAs<PointerType>())
      T = Pointer->getPointeeType();
    if (const auto *Function = T->getAs<FunctionType>())
      return Function->getReturnType();
    const CXXRecordDecl *RD = T->getAsCXXRecordDecl();
    if (RD && RD->isLambda() && RD->getLambdaCallOperator())
      return RD->getLambdaCallOperator()->getReturnType();
    return std::nullopt;
  };
  bool PlainCallable = false;
  for (const Expr *Arg : Submit->arguments()) {
    if (Model.isAsyncWork(Arg->getType().getNonReferenceType()))
      return false;
    if (std::optional<QualType> Result = CallResult(Arg)) {
      if (Model.isAsyncWork(*Result))
        return false;
      PlainCallable = true;
    }
  }
  return PlainCallable;
}

bool UnboundedFanoutCheck::isSpawn(const CallExpr *Call) {
  return SpawnFunctions.contains(Call->getDirectCallee()) ||
         Names.isSpawn(Call, Model);
}

/// Whether the task \p Work is an operation of the loop's own element
/// (`shard->query(q)`, `replica.read(key)`, also inside a wrapper that takes
/// the task first, such as `timeout(shard->query(q), 200ms)`): the elements
/// are objects that already exist (shards, replicas, connections), and the
/// fan-out is as wide as that set of objects, not as an input.
bool UnboundedFanoutCheck::operatesOnElement(const Expr *Work) {
  const auto *Call =
      dyn_cast_or_null<CallExpr>(Work ? stripImplicit(Work) : nullptr);
  if (!Call)
    return false;
  if (const auto *Member = dyn_cast<CXXMemberCallExpr>(Call)) {
    const Expr *Object = Member->getImplicitObjectArgument()->IgnoreParenImpCasts();
    if (const auto *Arrow = dyn_cast<CXXOperatorCallExpr>(Object);
        Arrow && Arrow->getOperator() == OO_Arrow)
      Object = Arrow->getArg(0)->IgnoreParenImpCasts();
    if (const auto *Ref = dyn_cast<DeclRefExpr>(Object))
      if (const auto *Var = dyn_cast<VarDecl>(Ref->getDecl());
          Var && Var->isCXXForRangeDecl())
        return true;
  }
  llvm::ArrayRef<const Expr *> Args = writtenArguments(Call);
  return !Args.empty() && Model.classify(Args[0]->getType()) != AsyncKind::None &&
         operatesOnElement(Args[0]);
}

/// Whether the body of \p Loop awaits or waits for something about \p D
/// (`co_await when_all(std::move(batch))` once the batch is full, `co_await
/// scope.on_empty()` every N spawns, `f.get()` on each future of a full
/// chunk): the loop drains what it started as it goes, a window at a time,
/// instead of letting it pile up.
static bool drainsWithinLoop(const Stmt *Loop, const ValueDecl *D) {
  bool Found = false;
  // A thread's blocking wait on what \p D holds: `batch.front().get()`, or
  // `f.get()` in a loop over the batch (`for (auto &f : chunk) f.get();`).
  llvm::SmallPtrSet<const ValueDecl *, 2> Elements;
  auto Waits = [&](const CXXMemberCallExpr *Call) {
    const CXXMethodDecl *Method = Call->getMethodDecl();
    if (!Method || !Method->getIdentifier() ||
        !llvm::is_contained({"get", "wait", "join"}, Method->getName()))
      return false;
    const Expr *Object = Call->getImplicitObjectArgument();
    const auto *Ref = dyn_cast<DeclRefExpr>(stripImplicit(Object));
    return mentions(Object, D) || (Ref && Elements.contains(Ref->getDecl()));
  };
  // A loop written as an algorithm call is searched whole.
  const Stmt *Body = loopBodyOf(Loop);
  forEachStmtInBody(Body ? Body : Loop, [&](const Stmt *S) {
    if (const auto *Await = dyn_cast<CoawaitExpr>(S))
      Found = Found || mentions(Await->getOperand(), D);
    else if (const auto *Range = dyn_cast<CXXForRangeStmt>(S);
             Range && Range->getRangeInit() &&
             mentions(Range->getRangeInit(), D))
      Elements.insert(Range->getLoopVariable());
    else if (const auto *Call = dyn_cast<CXXMemberCallExpr>(S))
      Found = Found || Waits(Call);
  });
  return Found;
}

void UnboundedFanoutCheck::checkLaunch(const Stmt *S, const Stmt *Loop,
                                       Walk &W,
                                       std::optional<std::string> Kind) {
  // A task per element collected into a container: remembered, and
  // reported where the container is joined all at once.
  if (const auto *Member = dyn_cast<CXXMemberCallExpr>(S);
      Member && isContainerInsertion(Member) && Member->getNumArgs() > 0 &&
      !walksTasks(W) &&
      Model.isAsyncWork(
          elementType(Member->getImplicitObjectArgument()->getType())) &&
      !operatesOnElement(Member->getArg(0)) &&
      !startedEagerTask(Member->getArg(0)) &&
      !queuedOnExecutor(Member->getArg(0)) &&
      !taskTakesPermit(Member->getArg(0)) &&
      !boundedPerIteration(Member, Loop, W))
    if (const VarDecl *Var = variableOf(Member->getImplicitObjectArgument());
        Var && !drainsWithinLoop(Loop, Var))
      W.TasksPerElement.insert(Var);

  if (!Kind)
    Kind = launchKind(S);
  if (!Kind || startsGivenTasks(S, W))
    return;
  if (const auto *Spawn = dyn_cast<CallExpr>(S);
      Spawn && taskTakesPermit(Model.taskArgumentOf(Spawn)))
    return;
  if (const auto *Member = dyn_cast<CXXMemberCallExpr>(S)) {
    if (isContainerInsertion(Member) && boundedPerIteration(Member, Loop, W))
      return;
    // Spawned into a scope the loop itself drains every so often.
    if (const ValueDecl *Scope =
            rootDeclOf(Member->getImplicitObjectArgument());
        Scope && drainsWithinLoop(Loop, Scope))
      return;
  }
  if (!Reported.insert(S->getBeginLoc()).second)
    return;
  // A spawn is rewritten into workers when that keeps its meaning; the
  // message says why when it does not.
  std::string WhyNot;
  Fix Pool;
  if (const auto *Spawn = dyn_cast<CallExpr>(S);
      Spawn && SpawnFunctions.contains(Spawn->getDirectCallee()))
    Pool = workerPoolFix(Spawn, Loop, W, WhyNot);
  // A loop written as an algorithm (`std::for_each(r, [&](X &x) {
  // spawn(...); })`) is the statement that fans out: the warning goes
  // there, and the note to the spawn inside its lambda.
  bool Algorithm = isa<CallExpr>(Loop);
  diag(Algorithm ? Loop->getBeginLoc() : S->getBeginLoc(),
       "%0 is started for every element of a runtime-sized range with "
       "nothing bounding how many run at once: concurrency, memory and "
       "open connections grow with the input; bound it with a semaphore, "
       "a fixed pool of workers or a bounded join%1")
      << *Kind << (WhyNot.empty() ? "" : " (no fix: " + WhyNot + ")");
  if (Algorithm)
    diag(S->getBeginLoc(), "started here, once per element",
         DiagnosticIDs::Note);
  else
    diag(Loop->getBeginLoc(), "the range is iterated here",
         DiagnosticIDs::Note);
  noteUnsafeFix(S->getBeginLoc(), Pool,
                "at most " + std::to_string(MaxConcurrency) +
                    " elements run at once, so the whole takes longer, and "
                    "the completion runs once per worker");
}

/// What the statement right after \p Loop awaits when it waits for the
/// completion of what the loop spawned: a drain, or an object the spawn's
/// completion handler reports to (`co_await group.wait()` after spawning
/// with `group.completion()`); null when it does not.
const Expr *UnboundedFanoutCheck::joinAwaited(const CallExpr *Spawn,
                                              const Expr *Work,
                                              const Stmt *Loop,
                                              const Walk &W) const {
  const Stmt *Next = W.NextStatement.lookup(Loop);
  const Expr *Awaited = nullptr;
  if (const auto *Decl = dyn_cast_or_null<DeclStmt>(Next);
      Decl && Decl->isSingleDecl())
    if (const auto *Var = dyn_cast<VarDecl>(Decl->getSingleDecl()))
      Next = Var->getInit();
  if (const auto *Await = dyn_cast_or_null<CoawaitExpr>(
          dyn_cast_or_null<Expr>(Next) ? stripImplicit(cast<Expr>(Next))
                                       : nullptr))
    Awaited = stripImplicit(Await->getOperand());
  if (!Awaited)
    return nullptr;
  if (DrainFunctions.contains(calleeOf(Awaited)))
    return Awaited;
  // The handler comes after the work; the executor before it does not
  // report anything.
  bool AfterWork = false, Joined = false;
  for (const Expr *Arg : Spawn->arguments()) {
    if (stripImplicit(Arg) == Work) {
      AfterWork = true;
      continue;
    }
    if (AfterWork)
      forEachStmtInBody(Arg, [&](const Stmt *Child) {
        if (const auto *Ref = dyn_cast<DeclRefExpr>(Child))
          Joined = Joined || (isa<VarDecl>(Ref->getDecl()) &&
                              mentions(Awaited, Ref->getDecl()));
      });
  }
  return Joined ? Awaited : nullptr;
}

/// `std::transform(first, last, std::back_inserter(tasks), make_task)` over
/// a runtime-sized range fills `tasks` with a task per element, as a loop
/// of `push_back`s would.
void UnboundedFanoutCheck::collectTransformed(const CallExpr *Call,
                                              const Stmt *Loop, Walk &W) {
  const LambdaExpr *Make = perElementLambda(Call, "transform");
  if (!Make || !(Loop || growsWithInput(Call, W.Ctx)))
    return;
  for (const Expr *Arg : writtenArguments(Call)) {
    const auto *Inserter = dyn_cast<CallExpr>(stripImplicit(Arg));
    const FunctionDecl *Callee = Inserter ? Inserter->getDirectCallee() : nullptr;
    if (!Callee || !isStdNamed(Callee, "back_inserter") ||
        Inserter->getNumArgs() != 1)
      continue;
    const VarDecl *Tasks = variableOf(Inserter->getArg(0));
    if (Tasks && Model.isAsyncWork(elementType(Tasks->getType())))
      W.TasksPerElement.insert(Tasks);
  }
  // Work the lambda starts and hands back runs on in the output range,
  // wherever that is: every element's work is in flight at once.
  forEachStmtInBody(Make->getBody(), [&](const Stmt *S) {
    const auto *Return = dyn_cast<ReturnStmt>(S);
    if (Return && Return->getRetValue())
      if (std::optional<std::string> Kind =
              runningWorkOf(Return->getRetValue()))
        checkLaunch(Return->getRetValue(), Call, W, Kind);
  });
}

namespace {
/// Whether a join's name says it bounds or orders its work itself.
bool namedAsBounded(const NamedDecl *Join) {
  std::string Name = Join->getName().lower();
  return llvm::any_of(std::initializer_list<llvm::StringRef>{
                          "bound", "window", "limit", "throttl", "serial",
                          "sequen", "one_by_one", "batch"},
                      [&](llvm::StringRef Word) {
                        return llvm::StringRef(Name).contains(Word);
                      });
}

/// The range that \p Args (a callable's arguments but the last) walk: the
/// range itself, or the container of a `c.begin(), c.end()` pair, also
/// after the executor to resume on (concurrencpp's `when_all(pool,
/// c.begin(), c.end())`).
const Expr *walkedRange(llvm::ArrayRef<const Expr *> Args) {
  if (Args.size() == 1)
    return stripImplicit(Args[0]);
  if (Args.size() == 3 && !isIterable(recordOf(Args[0]->getType())))
    Args = Args.drop_front();
  auto ObjectOf = [](const Expr *E, llvm::StringRef Name) -> const Expr * {
    const auto *Call = dyn_cast<CXXMemberCallExpr>(stripImplicit(E));
    const CXXMethodDecl *Method = Call ? Call->getMethodDecl() : nullptr;
    return Method && Method->getIdentifier() &&
                   Method->getName().ends_with(Name)
               ? Call->getImplicitObjectArgument()
               : nullptr;
  };
  if (Args.size() != 2)
    return nullptr;
  const Expr *First = ObjectOf(Args[0], "begin");
  const Expr *Last = ObjectOf(Args[1], "end");
  if (!First || !Last || !rootDeclOf(First) ||
      rootDeclOf(First) != rootDeclOf(Last))
    return nullptr;
  return stripImplicit(First);
}
} // namespace

/// Whether \p Call joins, all at once, the tasks of the one range it is
/// given (or of one container's `begin(), end()`): a range join of the
/// vocabulary (or a settled one, below), or by shape any call that takes
/// just that range and gives back something to await.
bool UnboundedFanoutCheck::isRangeJoin(const CallExpr *Call,
                                       llvm::ArrayRef<const Expr *> Args) {
  const FunctionDecl *Callee = Call->getDirectCallee();
  if (!Callee || !Callee->getIdentifier() || !walkedRange(Args) ||
      Names.of(Role::BoundedJoins).contains(Callee))
    return false;
  // Where the framework also has a fail-fast range join, its settled one is
  // what async-fail-fast-aggregate recommends for independent items: not
  // reported, so the two checks never contradict each other. Where it is
  // the framework's only range join (async_simple's collectAll) it is the
  // fan-out itself.
  if (Names.of(Role::SettledJoins).contains(Callee)) {
    const FrameworkProfile *Profile = profileOf(Callee);
    return Profile && Profile->of(Role::RangeJoins).empty();
  }
  if (UnboundedJoins.contains(Callee) ||
      Names.of(Role::RangeJoins).contains(Callee))
    return true;
  return Model.isAsyncWork(Call->getType()) && !namedAsBounded(Callee);
}


/// Whether \p Join, called (or constructed) with \p Args and giving back
/// \p Result to await, runs a callable for every element of a
/// runtime-sized range at once (`parallel_for_each(batch, [](Item &i) {
/// return write(i); })`, also over `batch.begin(), batch.end()`).
bool UnboundedFanoutCheck::isPerElementJoin(const NamedDecl *Join,
                                            QualType Result,
                                            llvm::ArrayRef<const Expr *> Args,
                                            const ASTContext &Ctx) {
  if (!Join || !Join->getIdentifier() || Args.size() < 2 ||
      Names.of(Role::BoundedJoins).contains(Join) || namedAsBounded(Join) ||
      isInStdLibrary(Join))
    return false;
  // What the callable applied to each element gives back: a lambda's, or
  // a named function's (`parallel_for_each(batch, store)`).
  QualType Made;
  const Expr *Callable = stripImplicit(Args.back());
  if (const auto *Each = dyn_cast<LambdaExpr>(Callable);
      Each && Each->getCallOperator())
    Made = Each->getCallOperator()->getReturnType();
  else if (const auto *Ref = dyn_cast<DeclRefExpr>(Callable->IgnoreParenImpCasts()))
    if (const auto *Function = dyn_cast<FunctionDecl>(Ref->getDecl()))
      Made = Function->getReturnType();
  const Expr *Range = walkedRange(Args.drop_back());
  if (Made.isNull() || !Range || Range->isTypeDependent() ||
      !isIterable(recordOf(Range->getType())) || staticRangeSize(Range, Ctx) ||
      countsToChosenBound(Range))
    return false;
  return Model.isAsyncWork(Result) && Model.isAsyncWork(Made);
}

/// Whether \p Range is a transform view that makes a task for every
/// element of a runtime-sized range (`devices | std::views::transform([&](
/// const Device &d) { return send(d); })`), written in place or as the
/// initializer of the local it names: joined, every task runs at once.
bool UnboundedFanoutCheck::makesTaskPerElement(const Expr *Range,
                                               const ASTContext &Ctx) {
  Range = Range ? stripImplicit(Range) : nullptr;
  // `std::move(sends)` names the local too.
  if (const VarDecl *Var = variableOf(Range);
      Var && Var->isLocalVarDecl() && Var->getInit())
    Range = stripImplicit(Var->getInit());
  const auto *View = dyn_cast_or_null<ClassTemplateSpecializationDecl>(
      Range ? recordOf(Range->getType()) : nullptr);
  if (!View || !View->getIdentifier() ||
      View->getName() != "transform_view" || !isInStdLibrary(View) ||
      View->getTemplateArgs().size() != 2)
    return false;
  // The function applied to each element returns a task.
  const CXXRecordDecl *Function =
      View->getTemplateArgs()[1].getAsType()->getAsCXXRecordDecl();
  const CXXMethodDecl *Apply =
      Function && Function->isLambda() ? Function->getLambdaCallOperator()
                                       : nullptr;
  // A lambda that is handed a task passes on tasks that already exist.
  if (!Apply || !Model.isAsyncWork(Apply->getReturnType()) ||
      llvm::any_of(Apply->parameters(), [&](const ParmVarDecl *P) {
        return Model.isAsyncWork(P->getType().getNonReferenceType());
      }))
    return false;
  // The range it walks, as written: `source | transform(f)` or
  // `transform(source, f)`; one fixed in the source is a chosen count.
  const auto *Call = dyn_cast<CallExpr>(Range);
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(Range);
      !Call && Construct && Construct->getNumArgs() > 0)
    Call = dyn_cast<CallExpr>(stripImplicit(Construct->getArg(0)));
  const auto *Op = dyn_cast_or_null<CXXOperatorCallExpr>(Call);
  const Expr *Source = nullptr;
  if (Op && Op->getOperator() == OO_Pipe && Op->getNumArgs() == 2)
    Source = Op->getArg(0);
  else if (Op && Op->getOperator() == OO_Call && Op->getNumArgs() == 3)
    Source = Op->getArg(1);
  return Source && !Source->isTypeDependent() &&
         !staticRangeSize(stripImplicit(Source), Ctx) &&
         !countsToChosenBound(Source);
}

void UnboundedFanoutCheck::reportPerElementJoin(const Expr *Join,
                                                const NamedDecl *Callee) {
  if (!Reported.insert(Join->getBeginLoc()).second)
    return;
  diag(beginOf(Join),
       "'%0' starts the callable for every element of a runtime-sized "
       "range at once: concurrency grows with the input; use a form with "
       "a limit on how many run at once")
      << Callee->getName();
}

void UnboundedFanoutCheck::checkJoin(const CallExpr *Call, Walk &W) {
  llvm::ArrayRef<const Expr *> Args = writtenArguments(Call);
  if (isPerElementJoin(Call->getDirectCallee(), Call->getType(), Args,
                       W.Ctx)) {
    reportPerElementJoin(Call, Call->getDirectCallee());
    return;
  }
  if (!isRangeJoin(Call, Args))
    return;
  if (makesTaskPerElement(walkedRange(Args), W.Ctx)) {
    reportPerElementJoin(Call, Call->getDirectCallee());
    return;
  }
  const VarDecl *Tasks = variableOf(walkedRange(Args));
  if (!Tasks || !W.TasksPerElement.count(Tasks) ||
      !Reported.insert(beginOf(Call)).second)
    return;
  diag(beginOf(Call),
       "'%0' runs every task of '%1' at once, one per element of a "
       "runtime-sized range: concurrency grows with the input; join them "
       "with at most %2 in flight")
      << Call->getDirectCallee()->getName() << Tasks->getName()
      << MaxConcurrency;
  // Lazy tasks have not started: a bounded join starts them a few at a
  // time.
  std::string Bounded = boundedTwin(Call->getDirectCallee(), W.Ctx);
  if (Bounded.empty() || Args.size() != 1 ||
      Model.classify(elementType(Tasks->getType())) != AsyncKind::LazyTask)
    return;
  CharSourceRange CalleeRange =
      fixableRange(Call->getCallee()->getSourceRange(), W.Ctx);
  CharSourceRange ArgRange = fixableRange(Args[0]->getSourceRange(), W.Ctx);
  if (CalleeRange.isInvalid() || ArgRange.isInvalid())
    return;
  noteUnsafeFix(beginOf(Call),
                {FixItHint::CreateReplacement(CalleeRange, Bounded),
                 FixItHint::CreateInsertion(
                     ArgRange.getEnd(), ", " + std::to_string(MaxConcurrency))},
                "at most " + std::to_string(MaxConcurrency) +
                    " tasks run at once, so the join takes longer");
}

/// The join of \p Join's own library that takes the same range and a limit
/// and gives back the same result (`join(range, limit)`): the project's
/// `BoundedJoinFunction`, or the profile's spelling. Only a fail-fast range
/// join has such a twin; a settled join keeps each outcome.
std::string UnboundedFanoutCheck::boundedTwin(const FunctionDecl *Join,
                                              ASTContext &Ctx) const {
  if (Names.of(Role::SettledJoins).contains(Join) ||
      !(UnboundedJoins.contains(Join) ||
        Names.of(Role::RangeJoins).contains(Join)))
    return "";
  // The configured join, when it is of the join's library; else the
  // bounded join of the join's own framework.
  if (!BoundedJoinFunction.empty()) {
    auto Found = lookupQualified(Ctx, BoundedJoinFunction);
    if (!Found.empty() && sameLibrary(Join, Found[0]))
      return BoundedJoinFunction;
  }
  std::optional<FrameworkProfile::Spelled> Bounded =
      declaredSpelling(Join, Spelling::BoundedJoin, Ctx);
  return Bounded ? Bounded->Call.str() : "";
}

} // namespace clang::tidy::async
