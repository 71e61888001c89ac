// detail::CancellableWait: base of every rt wait that std::stop_token can
// interrupt. On stop, the wait withdraws from whatever it waits on (timer,
// semaphore queue, channel queue...) and its coroutine is resumed on the next
// loop turn, where await_resume throws rt::Cancelled.
//
// Stop requests must be made on the loop's thread.
#pragma once

#include "../errors.hpp"
#include "../loop.hpp"
#include "wait_queue.hpp"

#include <optional>
#include <stop_token>

namespace rt::detail {

class CancellableWait : public Waiter {
protected:
  CancellableWait() = default;
  ~CancellableWait() = default;

  /// Stops waiting on the resource. Returns false if the wait was already
  /// satisfied (the grant wins over a late stop request).
  virtual bool withdraw() noexcept = 0;

  /// Call at the end of await_suspend, once registered on the resource.
  void arm(EventLoop &on, std::coroutine_handle<> h, std::stop_token ambient,
           std::stop_token extra = {}) {
    loop = &on;
    handle = h;
    if (ambient.stop_possible())
      on_ambient_.emplace(std::move(ambient), OnStop{this});
    if (extra.stop_possible())
      on_extra_.emplace(std::move(extra), OnStop{this});
  }

  void throw_if_cancelled() const {
    if (cancelled_)
      throw Cancelled{};
  }

private:
  struct OnStop {
    CancellableWait *self;
    void operator()() const noexcept { self->stop(); }
  };

  void stop() noexcept {
    if (!cancelled_ && withdraw()) {
      cancelled_ = true;
      loop->wake(*this);
    }
  }

  bool cancelled_ = false;
  std::optional<std::stop_callback<OnStop>> on_ambient_;
  std::optional<std::stop_callback<OnStop>> on_extra_;
};

} // namespace rt::detail
