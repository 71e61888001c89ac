// rt::Heartbeat: detects a stalled loop. run() ticks every `period` of loop
// time and records the largest REAL time between consecutive ticks; code
// that blocks the loop thread shows up as a gap far above the period.
#pragma once

#include "errors.hpp"
#include "sleep.hpp"
#include "task.hpp"

#include <algorithm>
#include <chrono>
#include <stop_token>

namespace rt {

class Heartbeat {
public:
  explicit Heartbeat(EventLoop::duration period) : period_(period) {}

  /// Ticks until `stop` is triggered, then returns normally. The Heartbeat
  /// must outlive the returned task.
  Task<void> run(std::stop_token stop) {
    auto last = std::chrono::steady_clock::now();
    bool stopped = false;
    while (!stopped) {
      try {
        co_await sleep_for(period_, stop);
        ++ticks_;
      } catch (const Cancelled &) {
        stopped =
            true; // the stretch up to the stop counts: a stall may end there
      }
      const auto now = std::chrono::steady_clock::now();
      max_gap_ = std::max(max_gap_, now - last);
      last = now;
    }
  }

  std::size_t ticks() const noexcept { return ticks_; }
  /// Largest real time between two ticks (also from the start to the first
  /// tick and from the last tick to the stop).
  std::chrono::milliseconds max_gap() const noexcept {
    return std::chrono::duration_cast<std::chrono::milliseconds>(max_gap_);
  }

private:
  EventLoop::duration period_;
  std::size_t ticks_ = 0;
  std::chrono::steady_clock::duration max_gap_{};
};

} // namespace rt
