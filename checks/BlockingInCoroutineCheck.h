//===--- BlockingInCoroutineCheck.h - asynclint ----------------*- C++ -*-===//

#ifndef ASYNCLINT_CHECKS_BLOCKINGINCOROUTINECHECK_H
#define ASYNCLINT_CHECKS_BLOCKINGINCOROUTINECHECK_H

#include "AsyncCheck.h"
#include "model/AsyncModel.h"
#include "fix/FixUtils.h"
#include "frameworks/Vocabulary.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SmallPtrSet.h"

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
    /// Functions between the call and the blocking leaf (0: direct).
    unsigned Depth = 0;
  };
  /// What the walk of a coroutine body knows at a statement.
  struct WalkState {
    /// The coroutine has moved to a pool (see the PoolSwitches role).
    bool OnPool = false;
    /// No event loop is known to run here: before the first suspension of
    /// a coroutine that only a blocking bridge in plain code starts (it
    /// runs on that caller's thread), or where the coroutine has no
    /// executor at all (it runs inline on whoever resumed it).
    bool CallerThread = false;
    /// Futures proven ready here: their waits return at once.
    llvm::SmallVector<const ValueDecl *, 4> Ready;
  };
  std::optional<BlockKind> directKind(const CallExpr *Call);
  static bool bridgesInOwnCode(const Blocking &Why,
                               const FunctionDecl *Coroutine);
  std::optional<Blocking> blockingCall(const CallExpr *Call);
  std::optional<Blocking> summaryOf(const FunctionDecl *FD);
  void checkBody(const Stmt *Body, const FunctionDecl *Coroutine,
                 ASTContext &Ctx);
  /// Whether \p Call waits for work: a wait function or a framework's
  /// blocking bridge.
  bool isWait(const CallExpr *Call) const;
  /// The future the statement \p S waits for to completion (`f.wait();`),
  /// which is ready after it.
  const ValueDecl *completedBy(const Stmt *S) const;
  /// Whether \p Call waits on a future proven ready in \p State.
  bool waitsOnReady(const CallExpr *Call, const WalkState &State);
  /// The facts \p Cond proves about readiness when it evaluates to \p Value.
  /// The future \p E asks whether it is ready (`F.isReady()`), if any.
  static const ValueDecl *readinessPredicateOf(const Expr *E);
  static void readyAsserted(const Stmt *S, const SourceManager &SM,
                            llvm::SmallVectorImpl<const ValueDecl *> &Out);
  void readyWhen(const Expr *Cond, bool Value,
                 llvm::SmallVectorImpl<const ValueDecl *> &Out) const;
  /// The value of \p Cond under which the running coroutine has no
  /// executor (`!ex`, `ex == nullptr`; `ex` false), for `ex` what awaiting
  /// an executor query yielded; none when \p Cond does not tell.
  std::optional<bool> noExecutorWhen(const Expr *Cond, ASTContext &Ctx) const;
  /// Whether \p E names a local initialised by awaiting an executor query
  /// (`auto ex = co_await CurrentExecutor{};`).
  bool yieldsExecutor(const Expr *E) const;
  /// True: \p Await moves the coroutine to a pool; false: back to a
  /// scheduler that is not a pool; none: no executor switch.
  std::optional<bool> switchesExecutor(const Expr *Await);
  bool startsWork(const CallExpr *Call);
  bool isThreadPool(const Expr *E) const;
  /// Whether the function whose body is \p Body uses its descriptors in
  /// non-blocking mode (tests EAGAIN/EINPROGRESS, sets O_NONBLOCK, ...).
  bool usesNonBlockingMode(const Stmt *Body);
  /// Whether every use of coroutine \p FD in the main file is a call handed
  /// straight to a blocking bridge (`syncAwait(f())`) by plain code.
  bool startedOnlyByBridges(const FunctionDecl *FD);
  /// Whether the descriptor \p Call operates on (its first argument) is
  /// one the program polls for readiness asynchronously: a member some
  /// method of its class hands to an asynchronous `poll`, or a variable the
  /// current function does.
  bool descriptorIsPolled(const CallExpr *Call);
  bool isWakeUpSignal(const CallExpr *Call);
  /// Whether \p Coroutine is started on a pool it takes after an
  /// `ExecutorTags` tag.
  bool startsOnPool(const FunctionDecl *Coroutine);
  /// The declarations \p Body hands to an asynchronous readiness poll.
  void collectPolled(const Stmt *Body,
                     llvm::SmallPtrSetImpl<const ValueDecl *> &Out);
  void report(const CallExpr *Call, const Blocking &Why, const Stmt *Statement,
              const FunctionDecl *Coroutine, ASTContext &Ctx);
  Fix offloadFix(const CallExpr *Call, const Stmt *Statement,
                 const FunctionDecl *Coroutine, ASTContext &Ctx);
  Fix sleepFix(const CallExpr *Call, const Stmt *Statement,
               const FunctionDecl *Coroutine, ASTContext &Ctx);

  struct Catalogue {
    std::string Option;
    NameList Names;
    /// The entries that name a global function (`::read`), and the others.
    NameList Global, Other;
  };
  Catalogue Sleeps, Waits, BlockingIO, LoopRuns, CpuHeavy, NonBlockingCapable,
      NonBlockingMarkers, ReadinessPolls;
  const std::string OffloadFunction;
  const std::string OffloadPool;
  const std::string AsyncSleepFunction;
  const unsigned MaxCallDepth;
  /// NonBlockingMarkers as a list of macro names.
  std::vector<std::string> Markers;
  AsyncModel Model;
  /// The frameworks' blocking bridges (`AsyncBlockingBridges`), waits too.
  const Vocabulary Roles;
  /// Per-function summaries; a null entry while a function is being
  /// summarised breaks recursion.
  llvm::DenseMap<const FunctionDecl *, std::optional<Blocking>> Summaries;
  /// The names the current coroutine uses, once a fix declares one in it.
  std::optional<FreshNames> Names;
  /// Coroutine lambdas that run on a thread pool.
  llvm::DenseSet<const FunctionDecl *> OnPool;
  /// Per function body: does it use non-blocking mode?
  llvm::DenseMap<const Stmt *, bool> NonBlocking;
  /// Per class: the members its methods poll for readiness.
  llvm::DenseMap<const CXXRecordDecl *, llvm::SmallPtrSet<const ValueDecl *, 4>>
      PolledMembers;
  /// Per function body: the variables it polls for readiness.
  llvm::DenseMap<const Stmt *, llvm::SmallPtrSet<const ValueDecl *, 4>>
      PolledLocals;
  /// Coroutines (or lambda call operators) started only by blocking
  /// bridges in plain code; built once per translation unit.
  std::optional<llvm::DenseSet<const FunctionDecl *>> BridgeStarted;
  /// The body of the function whose calls are being classified.
  const Stmt *CurrentBody = nullptr;
};

} // namespace clang::tidy::async

#endif
