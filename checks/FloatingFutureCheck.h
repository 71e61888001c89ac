//===--- FloatingFutureCheck.h - asynclint ---------------------*- C++ -*-===//

#ifndef ASYNCLINT_CHECKS_FLOATINGFUTURECHECK_H
#define ASYNCLINT_CHECKS_FLOATINGFUTURECHECK_H

#include "AsyncCheck.h"
#include "model/AsyncModel.h"
#include "fix/FixUtils.h"
#include "analysis/Exceptions.h"
#include "fix/IncludePlanner.h"
#include "frameworks/Vocabulary.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SmallPtrSet.h"

namespace clang::tidy::async {

/// Finds coroutine tasks, awaitables, senders and futures whose result is
/// dropped, `std::async` calls that silently run synchronously, and
/// fire-and-forget spawns whose failure nobody observes.
///
/// Documentation: docs/checks/async-floating-future.md
class FloatingFutureCheck : public AsyncCheck {
public:
  FloatingFutureCheck(llvm::StringRef Name, ClangTidyContext *Context);
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;
  void registerPPCallbacks(const SourceManager &SM, Preprocessor *PP,
                           Preprocessor *ModuleExpanderPP) override;
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;
  bool isLanguageVersionSupported(const LangOptions &LangOpts) const override {
    return LangOpts.CPlusPlus;
  }

private:
  struct Scope;
  bool observesAnsweredWork(const CallExpr *Call);
  static bool instantiableWithLambda(const CallExpr *Call);
  /// Whether \p Hints add a `co_await` (rather than spawn the work).
  static bool isAwaitFix(const Fix &Hints);
  static bool movesAwaitedTask(const CallExpr *Init, const Scope &S);
  void addHeaders(Fix &Hints, SourceLocation Loc, llvm::StringRef Headers,
                  IncludePlanner &Planner, const Scope &S);
  void checkDiscarded(const Expr *Statement, const Scope &S);
  const Expr *workCalledOn(const CallExpr *Call);
  const FunctionDecl *coroutineRunBy(const Expr *Work);
  static const FunctionDecl *coroutineLambdaRunBy(const CallExpr *Call);
  bool mayLoseException(const Expr *Work);
  bool losesNothing(const Expr *Work);
  void checkDetachedSpawn(const CallExpr *Call, const Scope &S);
  void checkIgnoredOutcome(const CallExpr *Call, const Scope &S);
  void checkDiscardingWrapper(const CXXConstructExpr *Construct,
                              const Scope &S);
  void checkNeverUsedLocal(const VarDecl *Var, bool AloneInBlock,
                           const Scope &S);
  struct OverwrittenLocals;
  void checkOnlyAssignedLocal(
      const VarDecl *Var, const CallExpr *Work,
      const llvm::SmallPtrSetImpl<const DeclRefExpr *> &Targets,
      const Scope &S);
  bool firstReport(SourceLocation Loc);
  /// The classification, with handles to running work counted as futures.
  AsyncKind kindOf(QualType T);
  /// How to start a task in the background: `Prefix task Suffix`.
  struct Spawner {
    std::string Function, Prefix, Suffix;
    bool UsesErrorHandler;
  };
  std::optional<Spawner> spawnerFor(const Expr *Task, const Scope &S);
  Fix awaitFix(const Expr *Task, const Scope &S);
  Fix spawnFix(const Expr *Task, const Expr *Statement, const Spawner &How,
               const Scope &S);

  const std::string SpawnFunction;
  const bool PreferSpawnInCoroutine;
  const std::string DetachedTokenTypesOption;
  const NameList DetachedTokenTypes;
  const std::string ErrorHandler;
  const std::string ErrorHandlerHeader;
  const std::string LoopErrorHandler;
  const std::string LoopErrorHandlerHeaders;
  const std::string TaskTypesOption;
  /// Includes of the safe fixes (the warnings'), and of the spawns, which
  /// ride on notes: each is inserted once per file among the fixes taken
  /// together, so that --fix does not rely on an include only a spawn it
  /// leaves out would add.
  IncludePlanner Inserter;
  IncludePlanner SpawnInserter;
  AsyncModel Model;
  ThrowReach Throws;
  const Vocabulary Names;
  llvm::DenseSet<SourceLocation> Reported;
};

} // namespace clang::tidy::async

#endif
