//===--- UnboundedFanoutCheck.h - asynclint --------------------*- C++ -*-===//

#ifndef ASYNCLINT_CHECKS_UNBOUNDEDFANOUTCHECK_H
#define ASYNCLINT_CHECKS_UNBOUNDEDFANOUTCHECK_H

#include "AsyncCheck.h"
#include "model/AsyncModel.h"
#include "fix/FixUtils.h"
#include "fix/IncludePlanner.h"
#include "frameworks/Vocabulary.h"
#include "llvm/ADT/DenseSet.h"

namespace clang::tidy::async {

/// Finds one concurrent operation started per element of a runtime-sized
/// range with nothing bounding how many run at once: spawns, threads and
/// `std::async` in loops, and joins of a task per element all at once.
///
/// Documentation: docs/checks/async-unbounded-fanout.md
class UnboundedFanoutCheck : public AsyncCheck {
public:
  UnboundedFanoutCheck(llvm::StringRef Name, ClangTidyContext *Context);
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;
  void registerPPCallbacks(const SourceManager &SM, Preprocessor *PP,
                           Preprocessor *ModuleExpanderPP) override;
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;
  bool isLanguageVersionSupported(const LangOptions &LangOpts) const override {
    return LangOpts.CPlusPlus11;
  }

private:
  struct Walk {
    Walk(ASTContext &Ctx, const FunctionDecl *FD) : Ctx(Ctx), FD(FD) {}
    ASTContext &Ctx;
    const FunctionDecl *FD;
    /// Containers filled with a task per element of a runtime range.
    llvm::DenseSet<const VarDecl *> TasksPerElement;
    /// The loops around the statement being visited, innermost last.
    llvm::SmallVector<const Stmt *, 4> Loops;
    /// The statement after each statement of a block, to find a loop's join.
    llvm::DenseMap<const Stmt *, const Stmt *> NextStatement;
    /// Built on the first fix of the function only.
    std::optional<FreshNames> Names;
    std::optional<UseCounts> Uses;
  };
  void visit(const Stmt *S, const Stmt *Loop, Walk &W);
  void visitLoopBody(const Stmt *Loop, const Stmt *Body, const Stmt *Outer,
                     Walk &W);
  bool growsWithInput(const Stmt *Loop, const ASTContext &Ctx) const;
  bool acquiresPermit(const Stmt *Body) const;
  /// Whether \p Task is a call of a coroutine of this unit that takes a
  /// permit itself (`co_await permits.acquire()`): the permits bound how
  /// many run at once, however many are started or joined.
  bool taskTakesPermit(const Expr *Task) const;
  /// Reports \p S when it starts work per element of \p Loop; \p Kind
  /// says what it starts when the caller knows (else launchKind's).
  void checkLaunch(const Stmt *S, const Stmt *Loop, Walk &W,
                   std::optional<std::string> Kind = std::nullopt);
  Fix workerPoolFix(const CallExpr *Spawn, const Stmt *Loop, Walk &W,
                    std::string &WhyNot);
  Fix workerPoolText(const CallExpr *Spawn, const Stmt *Loop,
                     const VarDecl *Element, const Expr *Work, Walk &W);
  bool makesTaskPerElement(const Expr *Range, const ASTContext &Ctx);
  const Expr *joinAwaited(const CallExpr *Spawn, const Expr *Work,
                          const Stmt *Loop, const Walk &W) const;
  void checkJoin(const CallExpr *Call, Walk &W);
  void collectTransformed(const CallExpr *Call, const Stmt *Loop, Walk &W);
  bool isRangeJoin(const CallExpr *Call, llvm::ArrayRef<const Expr *> Args);
  bool isPerElementJoin(const NamedDecl *Join, QualType Result,
                        llvm::ArrayRef<const Expr *> Args,
                        const ASTContext &Ctx);
  void reportPerElementJoin(const Expr *Join, const NamedDecl *Callee);
  std::string boundedTwin(const FunctionDecl *Join, ASTContext &Ctx) const;
  bool isSpawn(const CallExpr *Call);
  bool queuedOnExecutor(const Expr *Work);
  bool startsGivenTasks(const Stmt *S, const Walk &W);
  bool walksTasks(const Walk &W);
  bool operatesOnElement(const Expr *Work);
  std::optional<std::string> launchKind(const Stmt *S);
  std::optional<std::string> storedLaunchKind(const CXXMemberCallExpr *Member);
  std::optional<std::string> runningWorkOf(const Expr *E);
  const CallExpr *startedEagerTask(const Expr *Arg);
  bool boundedPerIteration(const CXXMemberCallExpr *Insertion,
                           const Stmt *Loop, const Walk &W) const;

  const unsigned MaxStaticFanout;
  const unsigned MaxConcurrency;
  const std::string SpawnFunctionsOption;
  const NameList SpawnFunctions;
  const std::string UnboundedJoinsOption;
  const NameList UnboundedJoins;
  const std::string BoundedJoinFunction;
  const std::string PermitAcquiresOption;
  const NameList PermitAcquires;
  const std::string DrainFunctionsOption;
  const NameList DrainFunctions;
  const Vocabulary Names;
  IncludePlanner Inserter;
  AsyncModel Model;
  llvm::DenseSet<SourceLocation> Reported;
};

} // namespace clang::tidy::async

#endif
