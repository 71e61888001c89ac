// rt::sleep_for: a cancellable timer wait.
#pragma once

#include "detail/cancellable.hpp"
#include "loop.hpp"
#include "task.hpp"

#include <optional>
#include <stop_token>

namespace rt {

namespace detail {

/// Waits `delay` of loop time, or forever when `delay` is empty, unless the
/// ambient token or `extra` is triggered first.
class TimerWait final : public CancellableWait {
public:
  explicit TimerWait(std::optional<EventLoop::duration> delay,
                     std::stop_token extra = {})
      : delay_(delay), extra_(std::move(extra)) {}
  ~TimerWait() { withdraw(); }

  bool await_ready() const noexcept { return false; }
  template <class P> void await_suspend(std::coroutine_handle<P> h) {
    auto &on = current_loop("rt::sleep_for");
    waiting_ = true;
    if (delay_)
      timer_ = on.call_after(*delay_, [this] {
        waiting_ = false;
        timer_.reset();
        handle.resume();
      });
    arm(on, h, ambient_token(h), std::move(extra_));
  }
  void await_resume() const { throw_if_cancelled(); }

private:
  bool withdraw() noexcept override {
    if (!waiting_)
      return false;
    waiting_ = false;
    if (timer_)
      loop->cancel(*std::exchange(timer_, std::nullopt));
    return true;
  }

  std::optional<EventLoop::duration> delay_;
  std::stop_token extra_;
  bool waiting_ = false;
  std::optional<EventLoop::TimerId> timer_;
};

} // namespace detail

/// Completes after `delay` of loop time. Throws rt::Cancelled (and removes
/// its timer) as soon as `token` or the caller's ambient token is triggered.
inline Task<void> sleep_for(EventLoop::duration delay,
                            std::stop_token token = {}) {
  co_await detail::TimerWait{delay, std::move(token)};
}

/// Never completes on its own; only cancellation ends it (throws Cancelled).
inline Task<void> wait_forever(std::stop_token token = {}) {
  co_await detail::TimerWait{std::nullopt, std::move(token)};
}

} // namespace rt
