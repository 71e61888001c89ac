// A coroutine lambda turned into a callable whose call returns nothing
// (`std::function<void(int)>`): every call discards the task or future the
// coroutine returns. A lazy task then never runs; an eager one runs on with
// nobody to see it fail or to wait for it.
// RUN: %check_asynclint %s async-floating-future %t -- %mockflags

#include "async-mocks.h"
#include <functional>
#include <vector>

using mock::Eager;
using mock::FireAndForget;
using mock::Task;

Task<> for_each_piece(int n, std::function<void(int)> piece);
void on_tick(std::function<void()> tick);
void on_tick_async(std::function<Task<>()> tick);
void on_tick_eager(std::function<Eager()> tick);

// ---------------------------------------------------------------- positives

Task<> split_eager(std::vector<int> &out) {
  co_await for_each_piece(3, [&](int part) -> Eager {
    // CHECK-MESSAGES: :[[@LINE-1]]:30: warning: 'std::function<void (int)>' calls this coroutine lambda and discards the future it returns: an exception the coroutine throws is lost and nothing waits for it to finish [async-floating-future]
    co_await mock::compute(part);
    out.push_back(part);
  });
}

void tick_lazy() {
  on_tick([]() -> Task<> { co_await mock::work(); });
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: 'std::function<void ()>' calls this coroutine lambda and discards the task it returns: the coroutine never runs [async-floating-future]
}

void tick_stored() {
  std::function<void()> tick = []() -> Task<> { co_await mock::work(); };
  // CHECK-MESSAGES: :[[@LINE-1]]:32: warning: 'std::function<void ()>' calls this coroutine lambda and discards the task it returns
  tick();
}

// ---------------------------------------------------------------- negatives

// The wrapper returns the task: its caller awaits it.
void tick_kept() {
  on_tick_async([]() -> Task<> { co_await mock::work(); });
  on_tick_eager([]() -> Eager { co_await mock::work(); });
}

// Fire-and-forget by design: there is nothing to discard.
void tick_fire() {
  on_tick([]() -> FireAndForget { co_await mock::sleep_for(1); });
}

// Not a coroutine: a plain callback.
void tick_plain(int &count) {
  on_tick([&count] { ++count; });
  on_tick([] { mock::fire(); });
}

// A plain lambda that starts the work itself, deliberately.
void tick_starts() {
  on_tick([] { (void)mock::eager_work(); });
}

// A std::function that returns the coroutine's type.
void stored_kept() {
  std::function<Task<>()> make = []() -> Task<> { co_await mock::work(); };
  (void)make;
}
