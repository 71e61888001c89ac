//===--- RetryLoops.h - what one iteration of a loop does -----*- C++ -*-===//
//
// Questions async-missing-timeout asks of a loop: what an iteration runs,
// whether it retries a failed attempt or walks a range, what the attempt
// works on, and how its back-off grows.
//
//===----------------------------------------------------------------------===//

#ifndef ASYNCLINT_ANALYSIS_RETRYLOOPS_H
#define ASYNCLINT_ANALYSIS_RETRYLOOPS_H

#include "model/AsyncModel.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/SmallPtrSet.h"
#include <optional>

namespace clang::tidy::async {

/// True when \p S (outside nested lambdas) leaves the loop it is in or
/// rethrows: a handler that does so does not retry.
bool leavesOrRethrows(const Stmt *S);

/// Visits the statements \p Loop runs in each iteration itself, not those of
/// nested loops (loops of their own) or lambdas; each once, so checking every
/// loop of a function stays linear.
void forEachInIteration(const Stmt *Loop,
                        llvm::function_ref<void(const Stmt *)> Visit);

/// True when an iteration of \p Loop advances an iterator (`++it`,
/// `std::next`): the loop walks a range, taking a new element each time,
/// and a failed element is followed by the next one, not tried again.
bool advancesIterator(const Stmt *Loop);

/// Calls \p Visit with each variable \p DS declares from an await (what an
/// iteration receives or an attempt produces).
void forEachAwaitedLocal(const DeclStmt *DS,
                         llvm::function_ref<void(const VarDecl *)> Visit);

/// True when \p Loop tries an awaited operation until its result says it
/// succeeded or its attempts run out: an exit (`co_return`, `break`) whose
/// condition reads what an await of the iteration produced, in a loop that
/// counts its attempts (a counting `for`, or a counter that a condition of
/// the loop reads and the iteration increments).
bool retriesUntilSuccess(const Stmt *Loop);

/// True when \p Handler catches one of \p Errors: `catch (...)`, the type
/// or a base of it.
bool catchesOneOf(const CXXCatchStmt *Handler,
                  llvm::ArrayRef<const CXXRecordDecl *> Errors);

/// A handler of \p Try that swallows a failure, so that the loop around
/// goes round again: any one, or, given the \p Cancellations of the
/// coroutine's framework, the one that catches them (the first whose type
/// matches, as C++ picks it).
const CXXCatchStmt *
swallowingHandler(const CXXTryStmt *Try,
                  llvm::ArrayRef<const CXXRecordDecl *> Cancellations);

/// A `try` statement of \p Loop's body that awaits an attempt and has a
/// swallowing handler (see swallowingHandler); with that handler.
struct Attempt {
  const CXXTryStmt *Try;
  const CXXCatchStmt *Handler;
};
std::optional<Attempt>
retriedAttempt(const Stmt *Loop,
               llvm::ArrayRef<const CXXRecordDecl *> Cancellations);

/// True when \p S reads the running coroutine's cancellation state with
/// one of \p Checks (Asio's `this_coro::cancellation_state`, folly's
/// `co_current_cancellation_token`), or asks whether a caught error is one
/// of the \p Cancellations (`error.is_compatible_with<OperationCancelled>()`).
bool readsCancellationState(
    const Stmt *S, const NameList &Checks,
    llvm::ArrayRef<const CXXRecordDecl *> Cancellations);

/// Whether a value of type \p T is async work or holds some (a race's
/// result over tasks), looking two template levels down.
bool holdsAsyncWork(QualType T, AsyncModel &Model, int Depth = 0);

/// True when \p Attempt works on what \p Loop's iteration received
/// outside it: a local declared from an await (a request taken off a
/// channel), or one of its bindings. Such a loop handles a new item each
/// time round; nothing is tried again. A local that holds async work (the
/// outcome of a raced attempt) is the attempt's own.
bool attemptsReceivedItem(const Stmt *Loop, const CXXTryStmt *Attempt,
                          AsyncModel &Model);

/// True when \p Loop uses \p Token: names it, also in a nested loop, or
/// hands it to a lambda that captures it.
bool usesToken(const Stmt *Loop, const ParmVarDecl *Token);

/// Variables one iteration of \p Loop writes, and those it grows
/// geometrically (`d *= 2`, `d <<= 1`, `d = std::min(d * 2, max)`).
struct LoopWrites {
  llvm::SmallPtrSet<const ValueDecl *, 4> Written, Grown;
};
LoopWrites loopWrites(const Stmt *Loop);

/// An argument shaped like an exponential back-off delay: it multiplies or
/// shifts a variable the loop writes (`50 << attempt`), or names one the
/// loop grows geometrically.
bool isBackoffArgument(const Expr *Arg, const LoopWrites &W);

} // namespace clang::tidy::async

#endif
