// A race runs its operands together and cancels the others when one
// finishes: a wait raced against another one can end without a deadline of
// its own. The races are the profiles' (Cobalt's race, folly's
// collectAny, corral's anyOf); a join, or a "race" that leaves the losers running, is not
// one. The libraries are in-file mimics of their real declarations.
// RUN: %check_asynclint %s async-missing-timeout %t -- -std=c++20

#include <coroutine>
#include <cstddef>
#include <exception>
#include <optional>
#include <tuple>
#include <variant>

template <class Task> struct LazyPromise {
  Task get_return_object() { return {}; }
  std::suspend_always initial_suspend() noexcept { return {}; }
  std::suspend_always final_suspend() noexcept { return {}; }
  void unhandled_exception() {}
  void return_void() {}
};

namespace boost::cobalt {
template <class T = void> struct task {
  struct promise_type : LazyPromise<task> {};
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) const noexcept {}
  void await_resume() const noexcept {}
};
template <class... Ts> task<std::variant<Ts...>> race(Ts &&...awaitables);
template <class... Ts> task<std::tuple<Ts...>> join(Ts &&...awaitables);
} // namespace boost::cobalt

namespace folly::coro {
template <class T = void> struct Task {
  struct promise_type : LazyPromise<Task> {};
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) const noexcept {}
  void await_resume() const noexcept {}
};
template <class... Ts> Task<> collectAny(Ts &&...tasks);
template <class... Ts> Task<> collectAll(Ts &&...tasks);
} // namespace folly::coro

namespace async_simple::coro {
template <class T = void> struct Lazy {
  struct promise_type : LazyPromise<Lazy> {};
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) const noexcept {}
  void await_resume() const noexcept {}
};
// Returns the first result; the others run on.
template <class... Ts> Lazy<> collectAny(Ts &&...tasks);
} // namespace async_simple::coro

namespace corral {
template <class T = void> struct Task {
  struct promise_type : LazyPromise<Task> {};
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) const noexcept {}
  void await_resume() const noexcept {}
};
template <class... Ts> struct AnyOf {
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) const noexcept {}
  std::tuple<std::optional<int>> await_resume() const noexcept { return {}; }
};
template <class... Ts> AnyOf<Ts...> anyOf(Ts &&...awaitables);
template <class... Ts> AnyOf<Ts...> allOf(Ts &&...awaitables);
} // namespace corral

// A peer connection: reading waits for the peer.
struct ReadSome {
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) const noexcept {}
  std::size_t await_resume() const noexcept { return 0; }
};
struct Connection {
  ReadSome read_some(char *buf, std::size_t n);
};

// ---------------------------------------------------------------- negatives

// Each direction of a relay is raced against the other.
boost::cobalt::task<> relay(Connection &from, Connection &to) {
  char buf[512];
  for (;;)
    co_await from.read_some(buf, sizeof buf);
}
boost::cobalt::task<> netcat(Connection &a, Connection &b) {
  co_await boost::cobalt::race(relay(a, b), relay(b, a));
}

folly::coro::Task<> pump(Connection &c) {
  char buf[512];
  for (;;)
    co_await c.read_some(buf, sizeof buf);
}
folly::coro::Task<> until_either(Connection &a, Connection &b) {
  co_await folly::coro::collectAny(pump(a), pump(b));
}

// A template relay (`auto &` parameters), raced with corral's anyOf.
corral::Task<> forward(auto &from, auto &to) {
  char buf[512];
  for (;;)
    co_await from.read_some(buf, sizeof buf);
}
corral::Task<> cat(Connection &a, Connection &b) {
  co_await corral::anyOf(forward(a, b), forward(b, a));
}

// ---------------------------------------------------------------- positives

// corral's allOf waits for every operand.
corral::Task<> copy(auto &from) {
  char buf[512];
  for (;;)
    co_await from.read_some(buf, sizeof buf);
  // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: 'read_some' waits on another service
}
corral::Task<> copy_both(Connection &a, Connection &b) {
  co_await corral::allOf(copy(a), copy(b));
}

// A join waits for both: neither can end the other.
boost::cobalt::task<> drain(Connection &c) {
  char buf[512];
  for (;;)
    co_await c.read_some(buf, sizeof buf);
  // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: 'read_some' waits on another service with no deadline and no way to cancel it
}
boost::cobalt::task<> drain_both(Connection &a, Connection &b) {
  co_await boost::cobalt::join(drain(a), drain(b));
}

folly::coro::Task<> collect(Connection &c) {
  char buf[512];
  for (;;)
    co_await c.read_some(buf, sizeof buf);
  // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: 'read_some' waits on another service
}
folly::coro::Task<> collect_both(Connection &a, Connection &b) {
  co_await folly::coro::collectAll(collect(a), collect(b));
}

// The first result is taken, the losers run on.
async_simple::coro::Lazy<> listen(Connection &c) {
  char buf[512];
  for (;;)
    co_await c.read_some(buf, sizeof buf);
  // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: 'read_some' waits on another service
}
async_simple::coro::Lazy<> first_of(Connection &a, Connection &b) {
  co_await async_simple::coro::collectAny(listen(a), listen(b));
}
