// A caller that binds a cancellation to the coroutine it awaits
// (folly's co_withCancellation, directly or around a join of it) can cancel
// every wait inside: those waits are covered, as a wait whose own operation
// has a cancellation slot bound is. A token handed to the coroutine as its
// own argument is not bound: each wait has to pass it on (and an Asio slot
// bound to a spawn's completion handler is not either: corpus/06, Asio).
// The library is an in-file mimic of folly's declarations.
// RUN: %check_asynclint %s async-missing-timeout %t -- -std=c++20

#include <coroutine>
#include <cstddef>
#include <vector>

template <class Task> struct LazyPromise {
  Task get_return_object() { return {}; }
  std::suspend_always initial_suspend() noexcept { return {}; }
  std::suspend_always final_suspend() noexcept { return {}; }
  void unhandled_exception() {}
  void return_void() {}
};

namespace folly {
class CancellationToken {
public:
  bool isCancellationRequested() const noexcept;
};
class CancellationSource {
public:
  CancellationToken getToken() const noexcept;
  bool requestCancellation() const noexcept;
};
namespace coro {
template <class T = void> struct Task {
  struct promise_type : LazyPromise<Task> {};
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) const noexcept {}
  void await_resume() const noexcept {}
};
template <class... Ts> Task<> collectAll(Ts &&...tasks);
template <class T> Task<> co_withCancellation(const CancellationToken &, T &&);
} // namespace coro
} // namespace folly

struct ReadSome {
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) const noexcept {}
  std::size_t await_resume() const noexcept { return 0; }
};
// A peer connection: reading waits for the peer, unless a token cancels it.
struct Connection {
  ReadSome read_some(char *buf, std::size_t n);
  ReadSome read_some(char *buf, std::size_t n, folly::CancellationToken ct);
};

using folly::coro::Task;

// ---------------------------------------------------------------- negatives

// Every call site binds the caller's cancellation to it.
Task<> pump(Connection &c) {
  char buf[512];
  co_await c.read_some(buf, sizeof buf);
}
Task<> pump_until_stopped(Connection &c, folly::CancellationSource &stop) {
  co_await folly::coro::co_withCancellation(stop.getToken(), pump(c));
}

// The join hands the bound cancellation on to each of its operands.
Task<> drain(Connection &c) {
  char buf[512];
  co_await c.read_some(buf, sizeof buf);
}
Task<> drain_both(Connection &a, Connection &b, folly::CancellationToken ct) {
  co_await folly::coro::co_withCancellation(
      ct, folly::coro::collectAll(drain(a), drain(b)));
}

// A coroutine lambda, bound at each of its two call sites.
Task<> watch(Connection &c, folly::CancellationSource &stop) {
  auto reader = [&c]() -> Task<> {
    char buf[512];
    co_await c.read_some(buf, sizeof buf);
  };
  co_await folly::coro::co_withCancellation(
      stop.getToken(), folly::coro::collectAll(reader(), reader()));
  co_await folly::coro::co_withCancellation(stop.getToken(), reader());
}

// The operation itself takes the token.
Task<> read_cancellable(Connection &c, folly::CancellationToken ct) {
  char buf[512];
  co_await c.read_some(buf, sizeof buf, ct);
}

// ---------------------------------------------------------------- positives

// The token is the coroutine's own argument, and this wait ignores it.
Task<> read_ignoring(Connection &c, folly::CancellationToken ct) {
  char buf[512];
  co_await c.read_some(buf, sizeof buf);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'read_some' waits on another service with no deadline and no way to cancel it
}
Task<> read_all(std::vector<Connection *> conns, folly::CancellationToken ct) {
  std::vector<Task<>> reads;
  for (Connection *c : conns)
    reads.push_back(read_ignoring(*c, ct));
  co_await folly::coro::collectAll(std::move(reads));
}

// One call site of two is unbound.
Task<> poll(Connection &c) {
  char buf[512];
  co_await c.read_some(buf, sizeof buf);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'read_some' waits on another service
}
Task<> poll_twice(Connection &c, folly::CancellationToken ct) {
  co_await folly::coro::co_withCancellation(ct, poll(c));
  co_await poll(c);
}

// A join without a bound cancellation covers nothing.
Task<> fetch(Connection &c) {
  char buf[512];
  co_await c.read_some(buf, sizeof buf);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'read_some' waits on another service
}
Task<> fetch_both(Connection &a, Connection &b) {
  co_await folly::coro::collectAll(fetch(a), fetch(b));
}
