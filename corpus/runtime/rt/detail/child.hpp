// detail::Child: a coroutine started explicitly by an owner (when_all, a
// bounded map, the spawned-task set) that tells the owner when it finishes.
// Child bodies catch everything, so a Child never ends with an exception.
#pragma once

#include <coroutine>
#include <exception>
#include <stop_token>
#include <utility>

namespace rt::detail {

class Completion {
public:
  /// Called at a child's final suspend point; returns the coroutine to
  /// resume next (by symmetric transfer) or std::noop_coroutine().
  virtual std::coroutine_handle<> child_done() noexcept = 0;

protected:
  ~Completion() = default;
};

class [[nodiscard]] Child {
public:
  struct promise_type {
    Completion *owner = nullptr;
    std::stop_token token;

    Child get_return_object() noexcept {
      return Child{std::coroutine_handle<promise_type>::from_promise(*this)};
    }
    std::suspend_always initial_suspend() noexcept { return {}; }
    auto final_suspend() noexcept {
      struct Final {
        bool await_ready() noexcept { return false; }
        std::coroutine_handle<>
        await_suspend(std::coroutine_handle<promise_type> h) noexcept {
          return h.promise().owner->child_done();
        }
        void await_resume() noexcept {}
      };
      return Final{};
    }
    void return_void() noexcept {}
    void unhandled_exception() noexcept { std::terminate(); }
    std::stop_token rt_stop_token() const noexcept { return token; }
    void set_rt_stop_token(std::stop_token t) noexcept { token = std::move(t); }
  };

  Child(Child &&other) noexcept : h_(std::exchange(other.h_, {})) {}
  Child &operator=(Child) = delete;
  ~Child() {
    if (h_)
      h_.destroy();
  }

  /// Runs the child inline until its first suspension.
  void start(Completion &owner, std::stop_token token) {
    h_.promise().owner = &owner;
    h_.promise().token = std::move(token);
    h_.resume();
  }
  bool done() const noexcept { return h_.done(); }

private:
  explicit Child(std::coroutine_handle<promise_type> h) noexcept : h_(h) {}
  std::coroutine_handle<promise_type> h_;
};

} // namespace rt::detail
