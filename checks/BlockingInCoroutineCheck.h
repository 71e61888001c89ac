//===--- BlockingInCoroutineCheck.h - asynclint ----------------*- C++ -*-===//

#ifndef ASYNCLINT_CHECKS_BLOCKINGINCOROUTINECHECK_H
#define ASYNCLINT_CHECKS_BLOCKINGINCOROUTINECHECK_H

#include "AsyncCheck.h"
#include "AsyncModel.h"
#include "FixUtils.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"

namespace clang::tidy::async {

/// Finds calls inside coroutines that block the thread the event loop runs
/// on — sleeps, waits, blocking I/O, event-loop re-entry, known CPU-heavy
/// work — directly or through functions of the same translation unit.
///
/// Documentation: docs/checks/async-blocking-in-coroutine.md
class BlockingInCoroutineCheck : public AsyncCheck {
public:
  BlockingInCoroutineCheck(llvm::StringRef Name, ClangTidyContext *Context);
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;

  enum class BlockKind { Sleep, Wait, IO, LoopReentry, CpuHeavy };

private:
  /// Why a call blocks: directly (Via is null) or because the function it
  /// calls does, through the call \p Via in that function's body.
  struct Blocking {
    BlockKind Kind;
    const CallExpr *Via;
    const CallExpr *Leaf;
  };
  std::optional<BlockKind> directKind(const CallExpr *Call) const;
  std::optional<Blocking> blockingCall(const CallExpr *Call);
  std::optional<Blocking> summaryOf(const FunctionDecl *FD);
  void checkBody(const Stmt *Body, const FunctionDecl *Coroutine,
                 ASTContext &Ctx);
  void report(const CallExpr *Call, const Blocking &Why, const Stmt *Statement,
              const FunctionDecl *Coroutine, ASTContext &Ctx);
  Fix offloadFix(const CallExpr *Call, const Stmt *Statement,
                 const FunctionDecl *Coroutine, ASTContext &Ctx);
  Fix sleepFix(const CallExpr *Call, const Stmt *Statement,
               const FunctionDecl *Coroutine, ASTContext &Ctx);

  struct Catalogue {
    std::string Option;
    NameList Names;
  };
  Catalogue Sleeps, Waits, BlockingIO, LoopRuns, CpuHeavy, ExecutorSwitches,
      PoolTypes;
  const std::string OffloadFunction;
  const std::string OffloadPool;
  const std::string AsyncSleepFunction;
  AsyncModel Model;
  /// Per-function summaries; a null entry while a function is being
  /// summarised breaks recursion.
  llvm::DenseMap<const FunctionDecl *, std::optional<Blocking>> Summaries;
  /// The names the current coroutine uses, once a fix declares one in it.
  std::optional<FreshNames> Names;
  /// Coroutine lambdas that run on a thread pool.
  llvm::DenseSet<const FunctionDecl *> OnPool;
};

} // namespace clang::tidy::async

#endif
