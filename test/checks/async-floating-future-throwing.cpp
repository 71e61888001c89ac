// Started work whose outcome is dropped loses something only when the work
// can fail or produces a value: a dropped future of a void coroutine that
// cannot throw, or a detached spawn of one, loses nothing. Whether the work
// can throw is followed into the calls it makes; a library's own unseen
// bookkeeping (what its awaiters call into its compiled part, a virtual
// executor) is trusted, the user's unseen calls are not.
// RUN: %check_asynclint --config="{CheckOptions: {AsyncCancellationErrors: 'lib::Cancelled'}}" %s async-floating-future %t -- %mockflags -I %S/Inputs/started-work

#include "async-mocks.h"
#include "lib.h"
#include <cstdio>
#include <iostream>
#include <optional>
#include <stdexcept>
#include <string>

lib::Executor *pool();
int counter = 0;
lib::Baton ready;
lib::Socket peer;

// ---------------------------------------------------------------- negatives

// Only counts and waits on the library's baton: nothing to lose.
lib::Task<> bump_when_ready() {
  co_await ready;
  ++counter;
}
void start_bump() {
  auto f = std::move(bump_when_ready()).start();
  auto g = lib::on(pool(), bump_when_ready()).start();
  std::move(bump_when_ready()).start();
}

// The task is made first and started later, through a local.
void start_bump_later() {
  lib::Task<> t = bump_when_ready();
  lib::on(pool(), std::move(t)).start();
}

// Awaits a coroutine of the unit that only computes.
lib::Task<int> twice(int x) { co_return 2 * x; }
lib::Task<> accumulate(int x) { counter += co_await twice(x); }
void start_accumulate() { lib::on(pool(), accumulate(3)).start(); }

// Logs to a stream, and reads what the library checked.
lib::Task<> report_buffered() {
  co_await ready;
  std::cout << peer.buffered() << std::endl;
}
void start_report_buffered() { auto f = std::move(report_buffered()).start(); }

// Recursion that never throws.
int depth_of(int n) { return n <= 0 ? 0 : 1 + depth_of(n - 1); }
lib::Task<> measure() {
  counter = depth_of(4);
  co_return;
}
void start_measure() { auto f = std::move(measure()).start(); }

// Catches everything it could throw and only logs through C functions.
lib::Task<> guarded(std::string name) {
  try {
    co_await peer.read();
    throw std::runtime_error("unexpected data");
  } catch (const std::exception &e) {
    std::fprintf(stderr, "%s: %s\n", name.c_str(), e.what());
  }
}
void start_guarded() { auto f = std::move(guarded("peer")).start(); }

// Asks for the failure as a value.
lib::Task<> read_quietly() {
  auto [ec, n] = co_await peer.read_as_tuple();
  counter += ec ? 0 : n;
}
void start_read_quietly() { auto f = std::move(read_quietly()).start(); }

// Work made by a coroutine lambda a call runs, generic or not; a result
// that only says "done" is no value.
lib::Guarded<int> locked_count;
void start_lambdas() {
  auto f = lib::on(pool(), lib::invoke([&]() -> lib::Task<> {
             co_await ready;
             ++counter;
           })).start();
  auto g = locked_count.with_lock([&](auto &value) -> lib::Task<lib::Unit> {
    ++value;
    co_return lib::Unit{};
  });
  std::move(g).start();
}

// A library's await that throws only once the work is cancelled: whoever
// cancels it asked for that.
bool cancelled = false;
lib::Task<> cooperative() {
  co_await lib::Yield{&cancelled};
  ++counter;
}
void start_cooperative() { auto f = std::move(cooperative()).start(); }

asio::awaitable<void> tally() {
  ++counter;
  co_return;
}
void spawn_tally(asio::any_io_executor ex) {
  asio::co_spawn(ex, tally(), asio::detached);
}

// ---------------------------------------------------------------- positives

// The value is lost even though nothing throws.
void start_twice() {
  auto f = std::move(twice(2)).start();
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: future 'f' is never awaited, moved or passed on before it goes out of scope: the work goes on, but its result and any exception are lost [async-floating-future]
}

// The library operation rethrows what it stored.
lib::Task<> read_once() { counter += co_await peer.read(); }
void start_read_once() {
  std::move(read_once()).start();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: future returned by 'start' is discarded without being used: the work goes on, but its result and any exception are lost [async-floating-future]
}

// The same shape of await reporting a failure.
bool failed = false;
lib::Task<> flush_then_count() {
  co_await lib::Flush{&failed};
  ++counter;
}
void start_flush_then_count() {
  auto f = std::move(flush_then_count()).start();
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: future 'f' is never awaited
}

// A library's macro expands in the user's code: what it calls out of sight
// may throw (a test framework's fatal assertion does).
lib::Task<> checked_bump() {
  co_await ready;
  LIB_EXPECT(counter >= 0);
  ++counter;
}
void start_checked_bump() {
  auto f = std::move(checked_bump()).start();
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: future 'f' is never awaited
}

// The user's own unchecked read of an optional.
std::optional<int> limit;
lib::Task<> apply_limit() {
  co_await ready;
  counter = limit.value();
}
void start_apply_limit() {
  auto f = std::move(apply_limit()).start();
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: future 'f' is never awaited
}

// A coroutine lambda that may throw.
void start_throwing_lambda() {
  lib::on(pool(), lib::invoke([&]() -> lib::Task<> {
    if (counter < 0)
      throw std::runtime_error("negative");
    co_return;
  })).start();
  // CHECK-MESSAGES: :[[@LINE-5]]:3: warning: future returned by 'start' is discarded
}

// The user's own function, only declared here, may throw.
void persist(int value);
lib::Task<> save() {
  co_await ready;
  persist(counter);
}
void start_save() {
  lib::on(pool(), save()).start();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: future returned by 'start' is discarded
}

// A precondition the user's code checks by throwing is a failure to report.
lib::Task<> check_limit(int n) {
  if (n > 10)
    throw std::invalid_argument("limit");
  co_return;
}
void start_check_limit() {
  auto f = std::move(check_limit(11)).start();
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: future 'f' is never awaited
}

// The user's virtual call may reach an override that throws.
struct Sink {
  virtual ~Sink() = default;
  virtual void put(int v) { counter = v; }
};
lib::Task<> drain(Sink *sink) {
  sink->put(counter);
  co_return;
}
void start_drain(Sink *sink) {
  auto f = std::move(drain(sink)).start();
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: future 'f' is never awaited
}

// Work handed in from elsewhere is unknown.
void start_given(lib::Task<> work) {
  std::move(work).start();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: future returned by 'start' is discarded
}

asio::awaitable<void> tally_or_fail() {
  if (++counter > 100)
    throw std::runtime_error("too many");
  co_return;
}
void spawn_tally_or_fail(asio::any_io_executor ex) {
  asio::co_spawn(ex, tally_or_fail(), asio::detached);
  // CHECK-MESSAGES: :[[@LINE-1]]:39: warning: 'co_spawn' with a detached completion drops the outcome of the spawned work: an exception it throws is silently lost [async-floating-future]
  // CHECK-FIXES: asio::co_spawn(ex, tally_or_fail(), [](std::exception_ptr e) { if (e) std::rethrow_exception(e); });
}
