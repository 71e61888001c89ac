// Declarations mirroring the shapes of real coroutine libraries (corral,
// folly, async_simple, concurrencpp, a coroutine_traits-specialized
// fire-and-forget type): namespaces, template shapes and the free
// `operator co_await` overloads each library declares next to types that
// are not awaitable.
#ifndef ASYNCLINT_TEST_LIBRARY_SHAPES_H
#define ASYNCLINT_TEST_LIBRARY_SHAPES_H

#include <concepts>
#include <coroutine>
#include <exception>
#include <type_traits>
#include <utility>

// ---- corral: Void, guards, and a constrained generic operator co_await ----
namespace corral {
namespace detail {
struct TaskTag {};
// What corral::run(loop, task) returns for a task of void.
struct Void {};
template <class Callable> class AwaitableLambda {
public:
  explicit AwaitableLambda(Callable c) : c_(std::move(c)) {}
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) {}
  void await_resume() {}

private:
  Callable c_;
};
// corral/detail/utility.h: only callables returning a corral task.
template <class Callable>
  requires(std::derived_from<std::invoke_result_t<Callable>, TaskTag>)
AwaitableLambda<Callable> operator co_await(Callable &&c) {
  return AwaitableLambda<Callable>(std::forward<Callable>(c));
}
template <class T> struct TaskPromise {
  std::suspend_always initial_suspend() noexcept { return {}; }
  std::suspend_always final_suspend() noexcept { return {}; }
  void unhandled_exception() {}
  void return_void() {}
};
} // namespace detail

template <class T = void> class Task : public detail::TaskTag {
public:
  struct promise_type : detail::TaskPromise<T> {
    Task get_return_object() { return {}; }
  };
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) {}
  void await_resume() {}
};

template <class EventLoop, class Awaitable>
detail::Void run(EventLoop &loop, Awaitable &&awaitable);

// A scope guard of corral's test utilities: not awaitable.
struct ExitGuard {
  ~ExitGuard();
};
ExitGuard requireOnExit(int step);
} // namespace corral

// ---- folly: Unit, SemiFuture, Future and pattern operator co_await ----
namespace folly {
struct Unit {};
template <class T> class Optional {
public:
  bool has_value() const;
};
template <class T> struct OptionalAwaitable {
  bool await_ready() const noexcept { return true; }
  void await_suspend(std::coroutine_handle<>) {}
  T await_resume();
};
// folly/Optional.h
template <typename Value>
OptionalAwaitable<Value> operator co_await(Optional<Value> o) {
  return {};
}
class Baton {
public:
  void post();
  void wait();
};
struct BatonAwaiter {
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) {}
  void await_resume() {}
};
// folly/fibers/Baton.h: a non-template overload for one class.
BatonAwaiter operator co_await(Baton &baton);

class Executor {};
namespace futures::detail {
template <class T> class FutureBase {
public:
  T &value() &;
  bool isReady() const;
};
} // namespace futures::detail
template <class T> class SemiFuture : private futures::detail::FutureBase<T> {
public:
  using futures::detail::FutureBase<T>::value;
  using futures::detail::FutureBase<T>::isReady;
  T get() &&;
  SemiFuture &wait() &;
  // Waits, then hands over the outcome (folly's returns a Try<T>).
  bool getTry() && {
    wait();
    return true;
  }
  template <class F> SemiFuture deferValue(F &&f) &&;
  template <class E> auto via(E *executor) &&;
};
template <class T> class Future : private futures::detail::FutureBase<T> {
public:
  using futures::detail::FutureBase<T>::value;
  using futures::detail::FutureBase<T>::isReady;
  T get() &&;
  Future &wait() &;
  template <class F> Future thenValue(F &&f) &&;
};
template <class T> struct FutureAwaiter {
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) {}
  T await_resume();
};
// folly/futures/Future.h
template <class T> FutureAwaiter<T> operator co_await(Future<T> &&future) {
  return {};
}
namespace coro {
template <class T = void> class Task {
public:
  struct promise_type {
    Task get_return_object() { return {}; }
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    void unhandled_exception() {}
    void return_void() {}
  };
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) {}
  void await_resume() {}
};
template <class T> class TaskWithExecutor {
public:
  SemiFuture<Unit> start() &&;
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) {}
  void await_resume() {}
};
template <class T>
TaskWithExecutor<T> co_withExecutor(Executor *executor, Task<T> task);
class AsyncScope {
public:
  template <class T> void add(TaskWithExecutor<T> &&task);
  Task<> joinAsync();
};
} // namespace coro
Unit unit_of(int);
} // namespace folly

// ---- async_simple: Future with `operator co_await(Future<T>&&)` ----
namespace async_simple {
template <class T> class Future {
public:
  T value() &&;
  T get() &&;
  void wait();
  template <class F> Future thenTry(F &&f) &&;
};
template <class T> class Promise {
public:
  Future<T> getFuture();
  void setValue(T v);
};
namespace coro::detail {
template <class T> struct FutureAwaiter {
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) {}
  T await_resume();
};
} // namespace coro::detail
template <typename T> auto operator co_await(Future<T> &&future) {
  return coro::detail::FutureAwaiter<T>{};
}
// A value type of the same library: a pattern for Future does not match.
template <class T> class Try {
public:
  T value();
};
} // namespace async_simple

// ---- concurrencpp: an eager result, awaitable, with get() and wait() ----
namespace concurrencpp {
template <class T> class result {
public:
  T get();
  void wait() const;
  auto operator co_await();
};
template <class T> struct result_awaitable {
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) {}
  T await_resume();
};
template <class T> auto result<T>::operator co_await() {
  return result_awaitable<T>{};
}
// A fire-and-forget return type that is no template.
class null_result {};
namespace details {
struct initialy_resumed_null_result_promise {
  null_result get_return_object() noexcept { return {}; }
  std::suspend_never initial_suspend() const noexcept { return {}; }
  std::suspend_never final_suspend() const noexcept { return {}; }
  void unhandled_exception() noexcept {}
  void return_void() noexcept {}
};
} // namespace details
} // namespace concurrencpp

template <class... Arguments>
struct std::coroutine_traits<::concurrencpp::null_result, Arguments...> {
  using promise_type =
      concurrencpp::details::initialy_resumed_null_result_promise;
};

// ---- a library's forwarding spawn: the token is the caller's ----
namespace lib {
struct detached_t {};
inline constexpr detached_t detached{};
template <class Token> void spawn(corral::Task<> task, Token &&token) {}
template <class Token> void spawn_forwarding(corral::Task<> task, Token &&token) {
  spawn(std::move(task), std::forward<Token>(token));
}
} // namespace lib

#endif
