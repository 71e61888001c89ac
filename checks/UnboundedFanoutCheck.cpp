//===--- UnboundedFanoutCheck.cpp - asynclint -----------------------------===//

#include "UnboundedFanoutCheck.h"
#include "AsyncMatchers.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/QualTypeNames.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Lex/Lexer.h"
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
constexpr llvm::StringRef DefaultUnboundedJoins =
    "rt::when_all;rt::when_all_settled;asio::experimental::make_parallel_"
    "group;boost::asio::experimental::make_parallel_group";
constexpr llvm::StringRef DefaultPermitAcquires =
    "acquire;async_acquire;try_acquire;scoped;try_acquire_for";
// Awaiting one of these waits for everything spawned before it.
constexpr llvm::StringRef DefaultDrainFunctions = "rt::drain";

bool isThreadType(QualType T) {
  const CXXRecordDecl *RD = recordOf(T);
  return isStdNamed(RD, "thread") || isStdNamed(RD, "jthread");
}

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

/// The number of iterations of `for (int i = A; i < B; ...)` when both
/// bounds are constants.
std::optional<int64_t> constantTripCount(const ForStmt *For,
                                         const ASTContext &Ctx) {
  const auto *Cond = dyn_cast_or_null<BinaryOperator>(
      For->getCond() ? For->getCond()->IgnoreParenImpCasts() : nullptr);
  if (!Cond || !Cond->isComparisonOp())
    return std::nullopt;
  Expr::EvalResult Bound;
  if (!Cond->getRHS()->EvaluateAsInt(Bound, Ctx))
    return std::nullopt;
  int64_t Start = 0;
  if (const auto *Init = dyn_cast_or_null<DeclStmt>(For->getInit());
      Init && Init->isSingleDecl())
    if (const auto *Var = dyn_cast<VarDecl>(Init->getSingleDecl());
        Var && Var->getInit()) {
      Expr::EvalResult First;
      if (!Var->getInit()->EvaluateAsInt(First, Ctx))
        return std::nullopt;
      Start = First.Val.getInt().getExtValue();
    }
  return Bound.Val.getInt().getExtValue() - Start;
}

std::optional<uint64_t> staticRangeSize(const CXXForRangeStmt *For) {
  const Expr *Range = For->getRangeInit();
  if (!Range)
    return std::nullopt;
  Range = Range->IgnoreImplicit();
  if (const auto *List = dyn_cast<CXXStdInitializerListExpr>(Range))
    if (const auto *Init =
            dyn_cast<InitListExpr>(List->getSubExpr()->IgnoreImplicit()))
      return Init->getNumInits();
  QualType T = Range->getType().getNonReferenceType();
  if (const auto *Array = dyn_cast<ConstantArrayType>(T.getCanonicalType()))
    return Array->getSize().getZExtValue();
  const auto *Spec =
      dyn_cast_or_null<ClassTemplateSpecializationDecl>(recordOf(T));
  if (Spec && isStdNamed(Spec, "array") &&
      Spec->getTemplateArgs().size() == 2 &&
      Spec->getTemplateArgs()[1].getKind() == TemplateArgument::Integral)
    return Spec->getTemplateArgs()[1].getAsIntegral().getZExtValue();
  return std::nullopt;
}
} // namespace

struct UnboundedFanoutCheck::Walk {
  Walk(ASTContext &Ctx, const FunctionDecl *FD) : Ctx(Ctx), FD(FD) {}
  ASTContext &Ctx;
  const FunctionDecl *FD;
  /// Containers filled with a lazy task per element of a runtime range.
  llvm::DenseSet<const VarDecl *> TasksPerElement;
  /// The statement after each statement of a block, to find a loop's join.
  llvm::DenseMap<const Stmt *, const Stmt *> NextStatement;
  /// Built on the first fix of the function only.
  std::optional<FreshNames> Names;
  std::optional<UseCounts> Uses;
};

UnboundedFanoutCheck::UnboundedFanoutCheck(llvm::StringRef Name,
                                           ClangTidyContext *Context)
    : AsyncCheck(Name, Context),
      MaxStaticFanout(Options.get(MaxStaticFanoutOpt, 16U)),
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

/// Whether a counting loop walks the elements of a range: its condition
/// asks a container or an iterator (`i < v.size()`, `it != v.end()`), rather
/// than comparing with a plain number such as a worker count.
static bool walksElements(const ForStmt *For) {
  bool AsksObject = false;
  if (For->getCond())
    forEachStmtInBody(For->getCond(), [&](const Stmt *S) {
      if (const auto *E = dyn_cast<Expr>(S))
        AsksObject = AsksObject || isa<CXXMemberCallExpr>(E) ||
                     (isa<DeclRefExpr>(E) && recordOf(E->getType()));
    });
  return AsksObject;
}

bool UnboundedFanoutCheck::growsWithInput(const Stmt *Loop,
                                          const ASTContext &Ctx) const {
  std::optional<int64_t> Count;
  if (const auto *Range = dyn_cast<CXXForRangeStmt>(Loop)) {
    // A template's range may be small or large: each instantiation says.
    if (Range->getRangeInit() && Range->getRangeInit()->isTypeDependent())
      return false;
    if (auto Size = staticRangeSize(Range))
      Count = static_cast<int64_t>(*Size);
  } else if (const auto *For = dyn_cast<ForStmt>(Loop)) {
    Count = constantTripCount(For, Ctx);
    if (!Count && !walksElements(For))
      return false;
  }
  // A constant count up to the concurrency limit is a pool of workers (the
  // worker-pool fix writes one).
  return !Count || *Count > static_cast<int64_t>(
                                std::max(MaxStaticFanout, MaxConcurrency));
}

bool UnboundedFanoutCheck::acquiresPermit(const Stmt *Body) const {
  bool Found = false;
  forEachStmtInBody(Body, [&](const Stmt *S) {
    if (const auto *Call = dyn_cast<CallExpr>(S))
      Found = Found || PermitAcquires.contains(Call->getDirectCallee());
  });
  return Found;
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
  visit(Body, Runtime, W);
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
  if (const auto *Call = dyn_cast<CallExpr>(S))
    checkJoin(Call, W);
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
    if (!isContainerInsertion(Member) || Member->getNumArgs() == 0)
      return std::nullopt;
    QualType Element = elementType(Object);
    const Expr *Arg = stripImplicit(Member->getArg(0));
    if (isThreadType(Element) && !variableOf(Arg) && !runsEventLoopIn(Arg))
      return std::string("a thread");
    // A deferred std::async runs only when its future is waited on.
    if (Model.classify(Element) == AsyncKind::Future &&
        isStdNamed(calleeOf(Arg), "async") && !isDeferredLaunch(Arg))
      return std::string("std::async");
    return std::nullopt;
  }
  const auto *Call = dyn_cast<CallExpr>(S);
  // A spawn whose result is awaitable is awaited inline, not fanned out.
  if (Call && SpawnFunctions.contains(Call->getDirectCallee()) &&
      Call->getType()->isVoidType())
    return "'" + Call->getDirectCallee()->getNameAsString() + "'";
  return std::nullopt;
}

void UnboundedFanoutCheck::checkLaunch(const Stmt *S, const Stmt *Loop,
                                       Walk &W) {
  // A task per element collected into a container: remembered, and
  // reported where the container is joined all at once.
  if (const auto *Member = dyn_cast<CXXMemberCallExpr>(S);
      Member && isContainerInsertion(Member) && Member->getNumArgs() > 0 &&
      Model.classify(
          elementType(Member->getImplicitObjectArgument()->getType())) ==
          AsyncKind::LazyTask)
    if (const VarDecl *Var = variableOf(Member->getImplicitObjectArgument()))
      W.TasksPerElement.insert(Var);

  std::optional<std::string> Kind = launchKind(S);
  if (!Kind || !Reported.insert(S->getBeginLoc()).second)
    return;
  // A spawn is rewritten into workers when that keeps its meaning; the
  // message says why when it does not.
  std::string WhyNot;
  Fix Pool;
  if (const auto *Spawn = dyn_cast<CallExpr>(S);
      Spawn && SpawnFunctions.contains(Spawn->getDirectCallee()))
    Pool = workerPoolFix(Spawn, Loop, W, WhyNot);
  diag(S->getBeginLoc(),
       "%0 is started for every element of a runtime-sized range with "
       "nothing bounding how many run at once: concurrency, memory and "
       "open connections grow with the input; bound it with a semaphore, "
       "a fixed pool of workers or a bounded join%1")
      << *Kind << (WhyNot.empty() ? "" : " (no fix: " + WhyNot + ")") << Pool;
  diag(Loop->getBeginLoc(), "the range is iterated here", DiagnosticIDs::Note);
}

const Expr *UnboundedFanoutCheck::spawnedWork(const CallExpr *Spawn) {
  for (const Expr *Arg : Spawn->arguments()) {
    AsyncKind Kind = Model.classify(Arg->getType());
    if (Kind == AsyncKind::LazyTask || Kind == AsyncKind::EagerTask ||
        Kind == AsyncKind::UnknownTask)
      return stripImplicit(Arg);
  }
  return nullptr;
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

namespace {
/// The completion handler a spawn passes after its work, if any (defaulted
/// arguments, such as Asio's constraints, are not written).
const Expr *completionHandler(const CallExpr *Spawn, const Expr *Work) {
  unsigned N = Spawn->getNumArgs();
  while (N > 0 && isa<CXXDefaultArgExpr>(Spawn->getArg(N - 1)))
    --N;
  for (unsigned I = 0; I + 1 < N; ++I)
    if (stripImplicit(Spawn->getArg(I)) == Work)
      return I + 2 == N ? Spawn->getArg(I + 1) : nullptr;
  return nullptr;
}

/// A range the fix may evaluate again: a variable of class type.
bool isNamedContainer(const Expr *Range) {
  const auto *Ref =
      Range ? dyn_cast<DeclRefExpr>(Range->IgnoreParenImpCasts()) : nullptr;
  return Ref && isa<VarDecl>(Ref->getDecl()) && recordOf(Ref->getType());
}

bool containsLambda(const Stmt *S) {
  bool Found = isa<LambdaExpr>(S);
  // The walker does not enter lambdas: look for them among the children of
  // what it visits.
  forEachStmtInBody(S, [&](const Stmt *Child) {
    Found = Found || llvm::any_of(Child->children(), [](const Stmt *C) {
              return isa_and_nonnull<LambdaExpr>(C);
            });
  });
  return Found;
}
} // namespace

/// Rewrites `for (decl : range) spawn(..., work(decl), handler);` followed
/// by a join into a fixed number of workers that share one cursor over the
/// range: each worker awaits one element's work before taking the next, so
/// at most MaxConcurrency run at once; the workers are spawned with the
/// original executor and handler, so the join still waits for them and
/// still sees their failures.
Fix UnboundedFanoutCheck::workerPoolFix(const CallExpr *Spawn, const Stmt *Loop,
                                        Walk &W, std::string &WhyNot) {
  auto No = [&](llvm::StringRef Why) {
    WhyNot = Why.str();
    return Fix();
  };
  // A range-for, or a loop pulling each element into the variable its
  // condition declares (`while (auto line = source.next())`).
  const auto *For = dyn_cast<CXXForRangeStmt>(Loop);
  const auto *While = dyn_cast<WhileStmt>(Loop);
  const VarDecl *Element = For     ? For->getLoopVariable()
                           : While ? While->getConditionVariable()
                                   : nullptr;
  if (!Element)
    return No("only a range-for, or a while loop declaring each element in "
              "its condition, is rewritten into workers");
  const auto *Only = dyn_cast_or_null<Expr>(
      soleStatement(For ? For->getBody() : While->getBody()));
  if (!Only || stripImplicit(Only) != Spawn)
    return No("the loop does more than spawn one task per element");
  if (!isCoroutine(W.FD))
    return No("only a coroutine can wait for a pool of workers");
  const Expr *Work = spawnedWork(Spawn);
  if (!Work || !isa<CallExpr>(Work) || containsLambda(Work))
    return No("the spawned work is not a plain call creating a task");
  QualType Value = taskValueType(Work->getType());
  if (Value.isNull() || !Value->isVoidType())
    return No("the spawned task's result goes to its completion handler");
  if (isa<DecompositionDecl>(Element) ||
      llvm::any_of(Spawn->arguments(), [&](const Expr *Arg) {
        return stripImplicit(Arg) != Work && mentions(Arg, Element);
      }))
    return No("the spawn's other arguments use the element");
  if (For && !isNamedContainer(For->getRangeInit()))
    return No("the range is not a named container");
  // Workers take turns pulling: each pull must finish before another
  // worker can run, so it may not suspend.
  bool PullSuspends = false;
  if (While)
    for (const Stmt *Pull : {static_cast<const Stmt *>(Element->getInit()),
                             static_cast<const Stmt *>(While->getCond())})
      forEachStmtInBody(Pull, [&](const Stmt *S) {
        PullSuspends = PullSuspends || isAwaitExpr(S);
      });
  if (PullSuspends)
    return No("the loop's condition suspends");
  const Expr *Awaited = joinAwaited(Spawn, Work, Loop, W);
  if (!Awaited)
    return No("nothing right after the loop waits for the spawned tasks, "
              "so workers could outlive the range");
  if (isInInstantiation(W.FD))
    return No("the loop is in a template instantiation");
  CharSourceRange Whole = fixableRange(Loop->getSourceRange(), W.Ctx);
  CharSourceRange SpawnRange = fixableRange(Spawn->getSourceRange(), W.Ctx);
  CharSourceRange WorkRange = fixableRange(Work->getSourceRange(), W.Ctx);
  if (Whole.isInvalid() || SpawnRange.isInvalid() || WorkRange.isInvalid())
    return No("the loop is written in a macro");
  if (hasComments(Whole, W.Ctx))
    return No("the loop holds comments a rewrite would drop");
  if (!W.Ctx.getLangOpts().CXXExceptions)
    return No("exceptions are disabled, and the workers catch failures");
  // Workers stop at the first failure: right only when the caller hears of
  // it. When failures are only logged, the original went on with the rest of
  // the input, which a pool can only do by calling the handler differently.
  auto FunctionUses = [&]() -> const UseCounts & {
    if (!W.Uses)
      W.Uses.emplace(W.FD->getBody());
    return *W.Uses;
  };
  if (!joinRethrowsHandlerFailures(
          completionHandler(Spawn, Work), Awaited,
          W.NextStatement.lookup(W.NextStatement.lookup(Loop)), W.FD,
          FunctionUses))
    return No("the join does not rethrow the failures the completion "
              "handler is given; workers that stop at a failure would skip "
              "the rest of the input unnoticed");
  return workerPoolText(Spawn, Loop, Element, Work, W);
}

Fix UnboundedFanoutCheck::workerPoolText(const CallExpr *Spawn,
                                         const Stmt *Loop,
                                         const VarDecl *Element,
                                         const Expr *Work, Walk &W) {
  const SourceManager &SM = W.Ctx.getSourceManager();
  if (!W.Names)
    W.Names.emplace(W.FD);
  std::string Indent = indentationOf(Loop->getBeginLoc(), W.Ctx);
  llvm::StringRef WorkText = sourceText(Work->getSourceRange(), W.Ctx);
  // What each worker runs: the loop again, over a shared cursor for a
  // range-for, or over the same pull for a while loop, until the range ends
  // or an element fails. A failed element sets the flag before its failure
  // goes on to the handler, so no worker takes another element.
  std::string Cursor, Take, More;
  std::string Line = "\n" + Indent + "    ";
  if (const auto *For = dyn_cast<CXXForRangeStmt>(Loop)) {
    Cursor = W.Names->take("next");
    std::string Range =
        sourceText(For->getRangeInit()->getSourceRange(), W.Ctx).str();
    More = " && " + Cursor + " != " + Range + ".end()";
    Take = sourceText({Element->getBeginLoc(), Element->getLocation()}, W.Ctx)
               .str() +
           " = *" + Cursor + "++;";
    Cursor = "auto " + Cursor + " = " + Range + ".begin();\n" + Indent;
  } else {
    Take = sourceText(Element->getSourceRange(), W.Ctx).str() + ";" + Line +
           "if (!" + Element->getName().str() + ")" + Line + "  break;";
  }
  std::string Failed = W.Names->take("failed");
  std::string WorkerLoop = "while (!" + Failed + More + ") {" + Line + Take +
                           Line + "try {" + Line + "  co_await " +
                           WorkText.str() + ";" + Line + "} catch (...) {" +
                           Line + "  " + Failed + " = true;" + Line +
                           "  throw;" + Line + "}\n" + Indent + "  }";
  Cursor += "bool " + Failed + " = false;\n" + Indent;
  std::string Worker = W.Names->take("worker");
  std::string Index = W.Names->take("i");
  PrintingPolicy Policy(W.Ctx.getLangOpts());
  std::string TaskType =
      TypeName::getFullyQualifiedName(Work->getType(), W.Ctx, Policy);

  // The spawn as written, with the element's work replaced by a worker.
  CharSourceRange SpawnRange = fixableRange(Spawn->getSourceRange(), W.Ctx);
  CharSourceRange WorkRange = fixableRange(Work->getSourceRange(), W.Ctx);
  unsigned SpawnBegin = SM.getFileOffset(SpawnRange.getBegin());
  llvm::StringRef SpawnText =
      Lexer::getSourceText(SpawnRange, SM, W.Ctx.getLangOpts());
  unsigned WorkBegin = SM.getFileOffset(WorkRange.getBegin()) - SpawnBegin;
  unsigned WorkEnd = SM.getFileOffset(WorkRange.getEnd()) - SpawnBegin;

  std::string Text;
  std::string Launch = SpawnText.substr(0, WorkBegin).str() + Worker + "()" +
                       SpawnText.substr(WorkEnd).str();
  Fix Hints;
  // Asio may run the workers on several threads: a strand makes the shared
  // cursor safe.
  // (co_spawn's executor or context comes first, before the work.)
  if (isAsio(Spawn->getDirectCallee()) && Spawn->getNumArgs() > 1 &&
      stripImplicit(Spawn->getArg(0)) != Work) {
    std::string NS = asioNamespaceOf(Spawn->getDirectCallee());
    std::string Strand = W.Names->take("strand");
    CharSourceRange ExecutorRange =
        fixableRange(Spawn->getArg(0)->getSourceRange(), W.Ctx);
    if (ExecutorRange.isInvalid())
      return {};
    unsigned ExecutorBegin =
        SM.getFileOffset(ExecutorRange.getBegin()) - SpawnBegin;
    unsigned ExecutorEnd =
        SM.getFileOffset(ExecutorRange.getEnd()) - SpawnBegin;
    Text += "auto " + Strand + " = " + NS + "::make_strand(" +
            SpawnText.slice(ExecutorBegin, ExecutorEnd).str() + ");\n" + Indent;
    Launch = SpawnText.substr(0, ExecutorBegin).str() + Strand +
             SpawnText.slice(ExecutorEnd, WorkBegin).str() + Worker + "()" +
             SpawnText.substr(WorkEnd).str();
    if (lookupQualified(W.Ctx, NS + "::make_strand").empty())
      if (auto Include = Inserter.createIncludeInsertion(
              SM.getFileID(Loop->getBeginLoc()),
              NS == "asio" ? "<asio/strand.hpp>" : "<boost/asio/strand.hpp>"))
        Hints.push_back(*Include);
  }
  const Stmt *Body = isa<WhileStmt>(Loop)
                         ? cast<WhileStmt>(Loop)->getBody()
                         : cast<CXXForRangeStmt>(Loop)->getBody();
  Text += Cursor + "auto " + Worker + " = [&]() -> " + TaskType + " {\n" +
          Indent + "  " + WorkerLoop + "\n" + Indent + "};\n" + Indent +
          "for (int " + Index + " = 0; " + Index + " < " +
          std::to_string(MaxConcurrency) + "; ++" + Index + ")\n" + Indent +
          "  " + Launch + (isa<CompoundStmt>(Body) ? ";" : "");
  Hints.insert(Hints.begin(),
               FixItHint::CreateReplacement(
                   fixableRange(Loop->getSourceRange(), W.Ctx), Text));
  return Hints;
}

void UnboundedFanoutCheck::checkJoin(const CallExpr *Call, Walk &W) {
  if (Call->getNumArgs() != 1 ||
      !UnboundedJoins.contains(Call->getDirectCallee()))
    return;
  const VarDecl *Tasks = variableOf(Call->getArg(0));
  if (!Tasks || !W.TasksPerElement.count(Tasks) ||
      !Reported.insert(Call->getBeginLoc()).second)
    return;
  auto Diag = diag(Call->getBeginLoc(),
                   "'%0' runs every task of '%1' at once, one per element of "
                   "a runtime-sized range: concurrency grows with the input; "
                   "join them with at most %2 in flight")
              << Call->getDirectCallee()->getName() << Tasks->getName()
              << MaxConcurrency;
  // Lazy tasks have not started: a bounded join starts them a few at a
  // time. Only the fail-fast join has a bounded twin with the same result.
  const FunctionDecl *Callee = Call->getDirectCallee();
  if (BoundedJoinFunction.empty() || Callee->getName() != "when_all" ||
      lookupQualified(W.Ctx, BoundedJoinFunction).empty() ||
      !sameLibrary(Callee, lookupQualified(W.Ctx, BoundedJoinFunction)[0]))
    return;
  CharSourceRange CalleeRange =
      fixableRange(Call->getCallee()->getSourceRange(), W.Ctx);
  CharSourceRange ArgRange =
      fixableRange(Call->getArg(0)->getSourceRange(), W.Ctx);
  if (CalleeRange.isInvalid() || ArgRange.isInvalid())
    return;
  Diag << FixItHint::CreateReplacement(CalleeRange, BoundedJoinFunction)
       << FixItHint::CreateInsertion(ArgRange.getEnd(),
                                     ", " + std::to_string(MaxConcurrency));
}

} // namespace clang::tidy::async
