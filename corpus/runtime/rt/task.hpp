// rt::Task<T>: a lazy, move-only coroutine task.
//
// A Task does nothing until it is awaited (or handed to EventLoop::run, spawn,
// when_all...). Awaiting it starts it and suspends the awaiter; when the task
// finishes it resumes the awaiter by symmetric transfer (no stack growth) and
// the awaiter receives its value or its exception. Destroying a Task destroys
// its coroutine frame, whether it never started or is suspended mid-way.
//
// Every task also carries an *ambient* std::stop_token. An awaited task
// inherits its awaiter's token unless one was bound to it (with_timeout and
// when_all bind their own); rt waits (sleep_for, Semaphore, Channel,
// sim::Service) observe it and throw rt::Cancelled when it fires.
#pragma once

#include <coroutine>
#include <exception>
#include <stdexcept>
#include <stop_token>
#include <type_traits>
#include <utility>
#include <variant>

namespace rt {

template <class T = void> class Task;

namespace detail {

/// A promise that carries an ambient stop token.
template <class P>
concept CarriesStopToken = requires(P &p, std::stop_token t) {
  { p.rt_stop_token() } -> std::same_as<std::stop_token>;
  p.set_rt_stop_token(t);
};

/// The ambient stop token of the coroutine `h`, or an empty token.
template <class P>
std::stop_token ambient_token(std::coroutine_handle<P> h) noexcept {
  if constexpr (CarriesStopToken<P>)
    return h.promise().rt_stop_token();
  else
    return {};
}

/// Gives `child` the awaiter's token unless it already has one of its own.
template <class Child, class P>
void inherit_token(Child &child, std::coroutine_handle<P> parent) noexcept {
  if (!child.rt_stop_token().stop_possible())
    child.set_rt_stop_token(ambient_token(parent));
}

class TaskPromiseBase {
public:
  std::suspend_always initial_suspend() noexcept { return {}; }

  auto final_suspend() noexcept { return Final{this}; }

  std::stop_token rt_stop_token() const noexcept { return token_; }
  void set_rt_stop_token(std::stop_token t) noexcept { token_ = std::move(t); }
  void set_continuation(std::coroutine_handle<> c) noexcept {
    continuation_ = c;
  }

private:
  // Resumes the awaiter by symmetric transfer; a root task returns to the loop.
  struct Final {
    TaskPromiseBase *self;
    bool await_ready() noexcept { return false; }
    std::coroutine_handle<> await_suspend(std::coroutine_handle<>) noexcept {
      return self->continuation_ ? self->continuation_ : std::noop_coroutine();
    }
    void await_resume() noexcept {}
  };

  std::coroutine_handle<> continuation_;
  std::stop_token token_;
};

template <class T> class TaskPromise : public TaskPromiseBase {
public:
  Task<T> get_return_object() noexcept;
  void unhandled_exception() noexcept {
    result_.template emplace<2>(std::current_exception());
  }
  void return_value(T value) { result_.template emplace<1>(std::move(value)); }
  T take() {
    if (result_.index() == 2)
      std::rethrow_exception(std::get<2>(result_));
    return std::move(std::get<1>(result_));
  }

private:
  std::variant<std::monostate, T, std::exception_ptr> result_;
};

template <> class TaskPromise<void> : public TaskPromiseBase {
public:
  Task<void> get_return_object() noexcept;
  void unhandled_exception() noexcept { error_ = std::current_exception(); }
  void return_void() noexcept {}
  void take() {
    if (error_)
      std::rethrow_exception(error_);
  }

private:
  std::exception_ptr error_;
};

struct TaskAccess;

/// `void` results are represented as std::monostate where a value is needed.
template <class T>
using nonvoid_t = std::conditional_t<std::is_void_v<T>, std::monostate, T>;

} // namespace detail

template <class T> class [[nodiscard]] Task {
public:
  using promise_type = detail::TaskPromise<T>;
  using value_type = T;

  Task() noexcept = default;
  Task(Task &&other) noexcept : h_(std::exchange(other.h_, {})) {}
  Task &operator=(Task other) noexcept {
    std::swap(h_, other.h_);
    return *this;
  }
  ~Task() {
    if (h_)
      h_.destroy();
  }

  /// True once the task ran to completion (value or exception).
  bool done() const noexcept { return h_ && h_.done(); }
  /// False for a default-constructed or moved-from Task.
  explicit operator bool() const noexcept { return bool(h_); }

  auto operator co_await() const & noexcept { return Awaiter{h_}; }
  auto operator co_await() const && noexcept { return Awaiter{h_}; }

private:
  friend promise_type;
  friend struct detail::TaskAccess;
  explicit Task(std::coroutine_handle<promise_type> h) noexcept : h_(h) {}

  struct Awaiter {
    std::coroutine_handle<promise_type> h;
    bool await_ready() const noexcept { return !h || h.done(); }
    template <class P>
    std::coroutine_handle<>
    await_suspend(std::coroutine_handle<P> awaiter) noexcept {
      h.promise().set_continuation(awaiter);
      detail::inherit_token(h.promise(), awaiter);
      return h;
    }
    T await_resume() {
      if (!h)
        throw std::invalid_argument("rt::Task: awaiting an empty task");
      return h.promise().take();
    }
  };

  std::coroutine_handle<promise_type> h_;
};

namespace detail {

template <class T> Task<T> TaskPromise<T>::get_return_object() noexcept {
  return Task<T>{std::coroutine_handle<TaskPromise<T>>::from_promise(*this)};
}
inline Task<void> TaskPromise<void>::get_return_object() noexcept {
  return Task<void>{
      std::coroutine_handle<TaskPromise<void>>::from_promise(*this)};
}

/// Runtime-internal access to a Task's frame.
struct TaskAccess {
  template <class T> static auto handle(const Task<T> &t) noexcept {
    return t.h_;
  }
  template <class T>
  static void bind_token(Task<T> &t, std::stop_token token) noexcept {
    t.h_.promise().set_rt_stop_token(std::move(token));
  }
  template <class T> static T take(Task<T> &t) { return t.h_.promise().take(); }
};

} // namespace detail

namespace detail {
struct CurrentStopToken {
  std::stop_token token;
  bool await_ready() const noexcept { return false; }
  template <class P> bool await_suspend(std::coroutine_handle<P> h) noexcept {
    token = ambient_token(h);
    return false; // never actually suspends
  }
  std::stop_token await_resume() noexcept { return std::move(token); }
};
} // namespace detail

/// `co_await rt::current_stop_token()` yields the ambient stop token of the
/// calling coroutine (empty if it has none).
inline detail::CurrentStopToken current_stop_token() noexcept { return {}; }

} // namespace rt
