// Bridges from completion-callback APIs to coroutines (C++'s promisify).
//
// A callback API has the shape
//     void get_user(int id, std::function<void(std::error_code, User)> done);
// (or `std::function<void(std::error_code)>` when there is no value).
//
//   auto user = co_await rt::from_callback<User>(
//       [&](auto done) { get_user(id, std::move(done)); });
//   auto get_user_async = rt::promisify(get_user);   // (int) -> Task<User>
//   auto user = co_await get_user_async(id);
//
// A non-zero error_code is thrown as std::system_error. The API must call
// `done` at most once (later calls are ignored) and on the loop thread; the
// coroutine resumes on the next loop turn. If the awaiting coroutine is
// destroyed first, a late `done` call is harmless.
#pragma once

#include "loop.hpp"
#include "task.hpp"

#include <functional>
#include <memory>
#include <optional>
#include <system_error>
#include <tuple>
#include <type_traits>
#include <utility>

namespace rt {

/// The completion callback type for a result of type T.
template <class T>
using Callback = std::conditional_t<
    std::is_void_v<T>, std::function<void(std::error_code)>,
    std::function<void(std::error_code, detail::nonvoid_t<T>)>>;

namespace detail {

template <class T> struct CallbackState {
  EventLoop *loop = nullptr;
  std::coroutine_handle<> handle;
  bool called = false;
  bool abandoned = false;
  std::error_code error;
  std::optional<nonvoid_t<T>> value;

  void complete(const std::shared_ptr<CallbackState> &self) {
    called = true;
    // Suspended and still alive: resume from the loop, not from inside the API.
    if (loop && !abandoned)
      loop->post([self] {
        if (!self->abandoned)
          self->handle.resume();
      });
  }
};

template <class T, class Start> class CallbackAwaiter {
  using State = CallbackState<T>;

public:
  explicit CallbackAwaiter(Start start) : start_(std::move(start)) {}
  CallbackAwaiter(const CallbackAwaiter &) = delete;
  ~CallbackAwaiter() { state_->abandoned = true; }

  bool await_ready() const noexcept { return false; }
  bool await_suspend(std::coroutine_handle<> h) {
    auto &loop = current_loop("rt::from_callback");
    state_->handle = h;
    start_(make_callback());
    if (state_->called) // completed synchronously
      return false;
    state_->loop = &loop;
    return true;
  }
  T await_resume() {
    if (state_->error)
      throw std::system_error(state_->error);
    if constexpr (!std::is_void_v<T>)
      return std::move(*state_->value);
  }

private:
  Callback<T> make_callback() {
    if constexpr (std::is_void_v<T>) {
      return [state = state_](std::error_code error) {
        if (state->called)
          return;
        state->error = error;
        state->complete(state);
      };
    } else {
      return [state = state_](std::error_code error, T value) {
        if (state->called)
          return;
        state->error = error;
        if (!error)
          state->value.emplace(std::move(value));
        state->complete(state);
      };
    }
  }

  Start start_;
  std::shared_ptr<State> state_ = std::make_shared<State>();
};

/// Result type T of a callback API: its last parameter is Callback<T>.
template <class Last> struct CallbackResult;
template <> struct CallbackResult<std::function<void(std::error_code)>> {
  using type = void;
};
template <class T>
struct CallbackResult<std::function<void(std::error_code, T)>> {
  using type = T;
};

template <class F>
struct ApiSignature : ApiSignature<decltype(&F::operator())> {};
template <class R, class... Args> struct ApiSignature<R (*)(Args...)> {
  static_assert(sizeof...(Args) > 0, "a callback API takes the callback last");
  using type = typename CallbackResult<std::remove_cvref_t<
      std::tuple_element_t<sizeof...(Args) - 1, std::tuple<Args...>>>>::type;
};
template <class R, class... Args>
struct ApiSignature<R(Args...)> : ApiSignature<R (*)(Args...)> {};
template <class R, class C, class... Args>
struct ApiSignature<R (C::*)(Args...) const> : ApiSignature<R (*)(Args...)> {};
template <class R, class C, class... Args>
struct ApiSignature<R (C::*)(Args...)> : ApiSignature<R (*)(Args...)> {};

} // namespace detail

/// Awaits a callback API: `start(done)` must start the operation and
/// arrange for `done(error_code[, value])` to be called once.
template <class T = void, class Start> Task<T> from_callback(Start start) {
  co_return co_await detail::CallbackAwaiter<T, Start>{std::move(start)};
}

/// Turns `void f(args..., Callback<T>)` into `Task<T> (args...)`. The
/// arguments are copied into the task (it is lazy).
template <class F> auto promisify(F f) {
  using T = typename detail::ApiSignature<std::remove_pointer_t<F>>::type;
  return [f](auto... args) -> Task<T> {
    return from_callback<T>(
        [f, ... args = std::move(args)](Callback<T> done) mutable {
          f(std::move(args)..., std::move(done));
        });
  };
}

} // namespace rt
