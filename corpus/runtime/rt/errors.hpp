// Exception types thrown by the runtime.
#pragma once

#include <chrono>
#include <stdexcept>
#include <string>

namespace rt {

/// A wait was woken early because its std::stop_token was triggered.
class Cancelled : public std::runtime_error {
public:
  Cancelled() : std::runtime_error("operation cancelled") {}
};

/// with_timeout's deadline passed before the operation finished.
class TimeoutError : public std::runtime_error {
public:
  explicit TimeoutError(std::chrono::milliseconds after)
      : std::runtime_error("operation timed out after " +
                           std::to_string(after.count()) + " ms"),
        after_(after) {}
  std::chrono::milliseconds timeout() const noexcept { return after_; }

private:
  std::chrono::milliseconds after_;
};

/// EventLoop::run found the task suspended with nothing that could ever
/// resume it: nothing ready, no timers, no offloaded work in flight.
class Deadlock : public std::runtime_error {
public:
  Deadlock()
      : std::runtime_error("deadlock: task suspended with nothing ready, no "
                           "timers and no offloaded work pending") {}
};

/// send() on a closed Channel.
class ChannelClosed : public std::logic_error {
public:
  ChannelClosed() : std::logic_error("send on a closed channel") {}
};

} // namespace rt
