// Fire-and-forget tasks with a strong reference and an error observer.
//
// spawn(task)               the current loop owns the task until it finishes
//                           (EventLoop::run waits for it); a failure is
//                           reported through log_failure, never lost.
// spawn(task, handler)      handler(std::exception_ptr) is called when it
//                           finishes: null on success.
// spawn(task, rt::detached) runs it and silently drops any failure: the
//                           "unobserved" variant asynclint flags.
// A spawned task starts on the next loop turn, with no stop token.
#pragma once

#include "detail/cancellable.hpp"
#include "detail/child.hpp"
#include "loop.hpp"
#include "result.hpp"
#include "task.hpp"

#include <atomic>
#include <concepts>
#include <cstdio>
#include <exception>

namespace rt {

namespace detail {
inline std::atomic<std::size_t> failures_logged{0};
} // namespace detail

/// Number of failures log_failure has reported so far.
inline std::size_t logged_failures() noexcept {
  return detail::failures_logged.load();
}

/// Prints "background task failed: <what()>" to stderr and counts it;
/// does nothing for a null `error`.
inline void log_failure(std::exception_ptr error) {
  if (!error)
    return;
  std::fprintf(stderr, "background task failed: %s\n",
               detail::describe(error).c_str());
  ++detail::failures_logged;
}

struct detached_t {
  explicit detached_t() = default;
};
/// Tag for spawn: ignore the task's failure.
inline constexpr detached_t detached{};

namespace detail {
template <class T, class Handler> Child guarded(Task<T> task, Handler on_done) {
  std::exception_ptr error;
  try {
    co_await std::move(task);
  } catch (...) {
    error = std::current_exception();
  }
  try {
    on_done(error);
  } catch (...) {
    log_failure(
        std::current_exception()); // a throwing handler is a failure too
  }
}
} // namespace detail

template <class T, class Handler>
  requires std::invocable<Handler &, std::exception_ptr>
void spawn(Task<T> task, Handler on_done) {
  detail::current_loop("rt::spawn")
      .adopt(detail::guarded(std::move(task), std::move(on_done)));
}

template <class T> void spawn(Task<T> task) {
  spawn(std::move(task), log_failure);
}

template <class T> void spawn(Task<T> task, detached_t) {
  spawn(std::move(task), [](std::exception_ptr) {});
}

namespace detail {
class DrainWait final : public CancellableWait {
public:
  bool await_ready() const {
    return current_loop("rt::drain").spawned_count() == 0;
  }
  template <class P> void await_suspend(std::coroutine_handle<P> h) {
    auto &on = *EventLoop::current();
    on.drain_waiters().push_back(*this);
    arm(on, h, ambient_token(h));
  }
  void await_resume() const { throw_if_cancelled(); }

private:
  bool withdraw() noexcept override {
    if (queue != &loop->drain_waiters())
      return false; // already woken
    queue->remove(*this);
    return true;
  }
};
} // namespace detail

/// Waits until every task spawned on the current loop has finished. A
/// spawned task must not drain (it would wait for itself).
inline auto drain() { return detail::DrainWait{}; }

} // namespace rt
