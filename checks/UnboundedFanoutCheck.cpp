//===--- UnboundedFanoutCheck.cpp - asynclint -----------------------------===//

#include "UnboundedFanoutCheck.h"
#include "AsyncMatchers.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"

using namespace clang::ast_matchers;

namespace clang::tidy::async {

namespace {
constexpr llvm::StringRef MaxStaticFanoutOpt = "MaxStaticFanout";
constexpr llvm::StringRef MaxConcurrencyOpt = "MaxConcurrency";
constexpr llvm::StringRef SpawnFunctionsOpt = "SpawnFunctions";
constexpr llvm::StringRef UnboundedJoinsOpt = "UnboundedJoins";
constexpr llvm::StringRef BoundedJoinFunctionOpt = "BoundedJoinFunction";
constexpr llvm::StringRef PermitAcquiresOpt = "PermitAcquires";

constexpr llvm::StringRef DefaultSpawnFunctions =
    "asio::co_spawn;boost::asio::co_spawn;asio::spawn;boost::asio::spawn;"
    "rt::spawn";
constexpr llvm::StringRef DefaultUnboundedJoins =
    "rt::when_all;rt::when_all_settled;asio::experimental::make_parallel_"
    "group;boost::asio::experimental::make_parallel_group";
constexpr llvm::StringRef DefaultPermitAcquires =
    "acquire;async_acquire;try_acquire;scoped;try_acquire_for";

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
  ASTContext &Ctx;
  /// Containers filled with a lazy task per element of a runtime range.
  llvm::DenseSet<const VarDecl *> TasksPerElement;
};

UnboundedFanoutCheck::UnboundedFanoutCheck(llvm::StringRef Name,
                                           ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context),
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
      PermitAcquires(PermitAcquiresOption) {}

void UnboundedFanoutCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, MaxStaticFanoutOpt, MaxStaticFanout);
  Options.store(Opts, MaxConcurrencyOpt, MaxConcurrency);
  Options.store(Opts, SpawnFunctionsOpt, SpawnFunctionsOption);
  Options.store(Opts, UnboundedJoinsOpt, UnboundedJoinsOption);
  Options.store(Opts, BoundedJoinFunctionOpt, BoundedJoinFunction);
  Options.store(Opts, PermitAcquiresOpt, PermitAcquiresOption);
}

void UnboundedFanoutCheck::registerMatchers(MatchFinder *Finder) {
  Finder->addMatcher(userFunctionDefinition(), this);
}

void UnboundedFanoutCheck::check(const MatchFinder::MatchResult &Result) {
  const auto *FD = Result.Nodes.getNodeAs<FunctionDecl>("function");
  if (Model.bind(*Result.Context))
    Reported.clear();
  Walk W{*Result.Context, {}};
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
    if (auto Size = staticRangeSize(Range))
      Count = static_cast<int64_t>(*Size);
  } else if (const auto *For = dyn_cast<ForStmt>(Loop)) {
    Count = constantTripCount(For, Ctx);
    if (!Count && !walksElements(For))
      return false;
  }
  return !Count || *Count > static_cast<int64_t>(MaxStaticFanout);
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
  if (Loop)
    checkLaunch(S, Loop, W);
  if (const auto *Call = dyn_cast<CallExpr>(S))
    checkJoin(Call, W);
  for (const Stmt *Child : S->children())
    visit(Child, Loop, W);
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
    if (isThreadType(Element) && !variableOf(Arg))
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
  diag(S->getBeginLoc(),
       "%0 is started for every element of a runtime-sized range with "
       "nothing bounding how many run at once: concurrency, memory and "
       "open connections grow with the input; bound it with a semaphore, "
       "a fixed pool of workers or a bounded join")
      << *Kind;
  diag(Loop->getBeginLoc(), "the range is iterated here", DiagnosticIDs::Note);
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
