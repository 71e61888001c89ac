// Small stand-ins for coroutine task types, Asio and the corpus runtime, so
// check tests stay fast. Real-header tests live beside them (*-real.cpp).
#pragma once
#include <chrono>
#include <coroutine>
#include <stop_token>
#include <string>
#include <system_error>
#include <exception>
#include <future>
#include <tuple>
#include <utility>
#include <variant>
#include <vector>

namespace mock {
// The part of a promise that receives the coroutine's result.
template <class T> struct ReturnsValue {
  void return_value(T) {}
};
template <> struct ReturnsValue<void> {
  void return_void() {}
};

// A lazy task: the body starts when awaited.
template <class T = void> struct Task {
  struct promise_type {
    Task get_return_object() { return {}; }
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() {}
  };
  bool await_ready() { return false; }
  void await_suspend(std::coroutine_handle<>) {}
  T await_resume();
};
template <> inline void Task<void>::await_resume() {}

// An eager task that keeps its frame until the handle owner destroys it.
struct Eager {
  struct promise_type {
    Eager get_return_object() { return {}; }
    std::suspend_never initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() {}
  };
  bool await_ready() { return true; }
  void await_suspend(std::coroutine_handle<>) {}
  void await_resume() {}
};

// Fire-and-forget by design: starts at once and destroys itself.
struct FireAndForget {
  struct promise_type {
    FireAndForget get_return_object() { return {}; }
    std::suspend_never initial_suspend() noexcept { return {}; }
    std::suspend_never final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() { std::terminate(); }
  };
};

// A plain awaiter (not a coroutine type).
struct SleepAwaiter {
  bool await_ready() { return false; }
  void await_suspend(std::coroutine_handle<>) {}
  void await_resume() {}
};

// A P2300-style sender.
struct JustSender {
  using sender_concept = struct sender_t;
};

Task<> work(int = 0);
Task<int> compute(int = 0);
Eager eager_work();
FireAndForget fire();
SleepAwaiter sleep_for(int ms);
JustSender just();
std::future<int> submit_job();
template <class... Ts> Task<> when_all(Ts...);
void take(Task<> t);
void take_ref(Task<> &t);
} // namespace mock

namespace asio {
struct any_io_executor {};
struct detached_t {};
inline constexpr detached_t detached{};
struct use_awaitable_t {};
inline constexpr use_awaitable_t use_awaitable{};

namespace this_coro {
struct executor_t {};
inline constexpr executor_t executor{};
struct cancellation_state_t {};
inline constexpr cancellation_state_t cancellation_state{};
} // namespace this_coro
enum class cancellation_type : unsigned { none = 0, terminal = 1 };
struct cancellation_state {
  cancellation_type cancelled() const;
};
using system_error = std::system_error;
namespace error {
enum basic_errors { timed_out = 110, operation_aborted = 125 };
std::error_code make_error_code(basic_errors);
} // namespace error

template <class T = void> class awaitable {
public:
  awaitable() = default;
  awaitable(awaitable &&) = default;
};
namespace detail {
template <class T> struct awaitable_awaiter {
  bool await_ready() { return false; }
  void await_suspend(std::coroutine_handle<>) {}
  T await_resume();
};
template <> inline void awaitable_awaiter<void>::await_resume() {}
template <>
inline any_io_executor awaitable_awaiter<any_io_executor>::await_resume() {
  return {};
}
template <class T> struct awaitable_frame : mock::ReturnsValue<T> {
  awaitable<T> get_return_object() { return {}; }
  std::suspend_always initial_suspend() noexcept { return {}; }
  std::suspend_always final_suspend() noexcept { return {}; }
  void unhandled_exception() {}
  template <class U> awaitable_awaiter<U> await_transform(awaitable<U>) {
    return {};
  }
  awaitable_awaiter<any_io_executor> await_transform(this_coro::executor_t) {
    return {};
  }
  awaitable_awaiter<cancellation_state>
      await_transform(this_coro::cancellation_state_t) {
    return {};
  }
};
} // namespace detail
struct io_context {
  std::size_t run();
  std::size_t run_one();
};
struct thread_pool {
  explicit thread_pool(int) {}
};
struct steady_timer {
  steady_timer(any_io_executor, std::chrono::steady_clock::duration) {}
  awaitable<> async_wait(use_awaitable_t);
  void expires_after(std::chrono::steady_clock::duration);
  void expires_at(std::chrono::steady_clock::time_point);
  void cancel();
};
struct cancellation_slot {};
template <class Token>
Token bind_cancellation_slot(cancellation_slot, Token token) {
  return token;
}
struct socket {
  template <class Token> awaitable<std::size_t> async_read_some(int, Token);
  template <class Token> awaitable<std::size_t> async_accept(Token);
  template <class Token> awaitable<> async_connect(int, Token);
};
template <class E, class T, class Token>
void co_spawn(E, awaitable<T>, Token) {}
template <class E, class F, class Token>
auto co_spawn(E, F f, Token) -> decltype(f()) {
  return f();
}
template <class E, class T>
awaitable<T> co_spawn(E, awaitable<T>, use_awaitable_t) {
  return {};
}
template <class E> E make_strand(E ex) { return ex; }
awaitable<> async_op();
awaitable<int> async_value();
// Completion-handler forms: the handler is called later with
// (error_code, bytes transferred).
using error_code = std::error_code;
template <class Handler> void async_read(socket &, int, Handler);
template <class Handler> void async_write(socket &, int, Handler);
namespace experimental {
template <class... Signatures> class basic_channel {
public:
  template <class Token> awaitable<> async_send(std::error_code, int, Token);
  template <class Token> awaitable<int> async_receive(Token);
};
template <class... Signatures> using channel = basic_channel<Signatures...>;
} // namespace experimental
namespace experimental::awaitable_operators {
template <class T, class U> struct and_result {
  using type = std::tuple<T, U>;
};
template <class U> struct and_result<void, U> {
  using type = U;
};
template <class T, class U>
awaitable<typename and_result<T, U>::type> operator&&(awaitable<T>,
                                                      awaitable<U>);
// `||` yields the winner's index and value; void becomes monostate.
template <class T> struct or_alternative {
  using type = T;
};
template <> struct or_alternative<void> {
  using type = std::monostate;
};
template <class T, class U>
awaitable<std::variant<typename or_alternative<T>::type,
                       typename or_alternative<U>::type>>
operator||(awaitable<T>, awaitable<U>);
}
} // namespace asio

template <class T, class... Args>
struct std::coroutine_traits<asio::awaitable<T>, Args...> {
  using promise_type = asio::detail::awaitable_frame<T>;
};

template <>
struct std::is_error_code_enum<asio::error::basic_errors> : std::true_type {};

namespace boost::asio {
struct detached_t {};
inline constexpr detached_t detached{};
template <class E, class A, class Token> void co_spawn(E, A, Token) {}
// Just enough of Boost.Asio for a coroutine that reads from a socket.
struct any_io_executor {};
struct use_awaitable_t {};
inline constexpr use_awaitable_t use_awaitable{};
namespace this_coro {
struct executor_t {};
inline constexpr executor_t executor{};
} // namespace this_coro
template <class T = void> class awaitable {};
namespace detail {
template <class T> struct awaitable_frame : mock::ReturnsValue<T> {
  awaitable<T> get_return_object() { return {}; }
  std::suspend_always initial_suspend() noexcept { return {}; }
  std::suspend_always final_suspend() noexcept { return {}; }
  void unhandled_exception() {}
  template <class U>
  ::asio::detail::awaitable_awaiter<U> await_transform(awaitable<U>) {
    return {};
  }
  ::asio::detail::awaitable_awaiter<::asio::any_io_executor>
      await_transform(this_coro::executor_t) {
    return {};
  }
};
} // namespace detail
struct steady_timer {
  template <class E>
  steady_timer(E, std::chrono::steady_clock::duration) {}
  awaitable<> async_wait(use_awaitable_t);
};
struct socket {
  template <class Token> awaitable<std::size_t> async_read_some(int, Token);
};
namespace error {
enum basic_errors { timed_out = 110, operation_aborted = 125 };
std::error_code make_error_code(basic_errors);
} // namespace error
namespace experimental::awaitable_operators {
template <class T, class U>
awaitable<std::variant<typename ::asio::experimental::awaitable_operators::
                           or_alternative<T>::type,
                       typename ::asio::experimental::awaitable_operators::
                           or_alternative<U>::type>>
operator||(awaitable<T>, awaitable<U>);
}
} // namespace boost::asio
namespace boost::system {
using system_error = std::system_error;
}
template <>
struct std::is_error_code_enum<boost::asio::error::basic_errors>
    : std::true_type {};
template <class T, class... Args>
struct std::coroutine_traits<boost::asio::awaitable<T>, Args...> {
  using promise_type = boost::asio::detail::awaitable_frame<T>;
};

namespace rt {
template <class T = void> struct Task {
  struct promise_type : mock::ReturnsValue<T> {
    Task get_return_object() { return {}; }
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    void unhandled_exception() {}
  };
  bool await_ready() { return false; }
  void await_suspend(std::coroutine_handle<>) {}
  T await_resume();
};
template <> inline void Task<void>::await_resume() {}
template <class... Ts> Task<std::tuple<Ts...>> when_all(Task<Ts>... tasks);
Task<> sleep_for(std::chrono::steady_clock::duration d);
Task<> sleep_for(std::chrono::steady_clock::duration d, std::stop_token token);
template <class T>
Task<T> with_timeout(Task<T> op, std::chrono::steady_clock::duration limit,
                     std::stop_token cancel = {});
namespace sim {
struct Service {
  Task<int> call(std::stop_token token = {});
};
} // namespace sim
struct ThreadPool {
  explicit ThreadPool(int) {}
};
template <class F> auto offload(ThreadPool &, F f) -> Task<decltype(f())> {
  return {};
}
template <class T> Task<std::vector<T>> when_all(std::vector<Task<T>> tasks);
// The outcome of one operation: its value or its error.
template <class T> struct Result {
  bool ok() const;
  T &value();
  const T &value() const;
  std::exception_ptr error() const;
  std::string error_message() const;
};
template <class T>
Task<std::vector<Result<T>>> when_all_settled(std::vector<Task<T>> tasks);
template <class T>
Task<std::vector<T>> when_all_bounded(std::vector<Task<T>> tasks,
                                      std::size_t limit);
template <class Range, class Fn>
auto when_all_bounded(Range &&items, std::size_t, Fn fn)
    -> Task<std::vector<decltype(fn(*items.begin()).await_resume())>> {
  return {};
}
struct Semaphore {
  Task<int> acquire();
};
struct detached_t {};
inline constexpr detached_t detached{};
void spawn(Task<void> task);
template <class Handler> void spawn(Task<void>, Handler) {}
void log_failure(std::exception_ptr error);
Task<> drain();
} // namespace rt
