// A future stated ready before its get(): by a test assertion on its
// readiness predicate, or by an `if` that leaves when it is not ready.
// Waiting on it returns at once.
// RUN: %check_asynclint %s async-blocking-in-coroutine %t -- -std=c++20 -I%S/Inputs

#include "library-shapes.h"
#include <cassert>
#include <utility>

#define EXPECT_TRUE(c)                                                         \
  if (!(c))                                                                    \
  report_failure(#c)
#define EXPECT_EQ(a, b) EXPECT_TRUE((a) == (b))
void report_failure(const char *);

folly::coro::Task<void> tick();

folly::coro::Task<void> asserted_ready(folly::SemiFuture<int> fut) {
  co_await tick();
  EXPECT_TRUE(fut.isReady());
  EXPECT_EQ(std::move(fut).get(), 0);
}

folly::coro::Task<void> leaves_unless_ready(folly::Future<int> fut, int &out) {
  co_await tick();
  if (!fut.isReady())
    co_return;
  out = std::move(fut).get();
}

folly::coro::Task<void> asserted_with_assert(folly::Future<int> fut, int &out) {
  co_await tick();
  assert(fut.isReady());
  out = std::move(fut).get();
}

// A call on the future that waits inside, on the future itself.
folly::coro::Task<void> asserted_ready_outcome(folly::SemiFuture<int> fut) {
  co_await tick();
  EXPECT_TRUE(fut.isReady());
  EXPECT_TRUE(std::move(fut).getTry());
}

// Near-misses: another future is the one tested, the test only reads the
// predicate, or the ready branch does not leave.
folly::coro::Task<void> other_future(folly::Future<int> a,
                                     folly::Future<int> b, int &out) {
  co_await tick();
  EXPECT_TRUE(a.isReady());
  out = std::move(b).get();
  // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: 'get' blocks the thread that runs the event loop (a blocking wait)
}

folly::coro::Task<void> other_outcome(folly::SemiFuture<int> a,
                                      folly::SemiFuture<int> b) {
  co_await tick();
  EXPECT_TRUE(a.isReady());
  EXPECT_TRUE(std::move(b).getTry());
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: 'getTry' blocks the thread that runs the event loop (a blocking wait, in 'wait')
}

folly::coro::Task<void> only_read(folly::Future<int> fut, int &out) {
  co_await tick();
  bool ready = fut.isReady();
  (void)ready;
  out = std::move(fut).get();
  // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: 'get' blocks
}

folly::coro::Task<void> does_not_leave(folly::Future<int> fut, int &n) {
  co_await tick();
  if (!fut.isReady())
    ++n;
  n = std::move(fut).get();
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'get' blocks
}
