// rt::sim: simulated remote services for the corpus programs.
//
// A Service answers after a fixed latency of loop time (exact under the
// virtual clock), can be told to fail or hang, and counts what it saw:
// calls, calls in flight right now and the peak of that. A hanging call
// never completes unless it is cancelled. The Service must outlive its calls.
#pragma once

#include "errors.hpp"
#include "loop.hpp"
#include "sleep.hpp"
#include "task.hpp"

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <functional>
#include <random>
#include <set>
#include <stdexcept>
#include <stop_token>
#include <string>
#include <system_error>
#include <utility>

namespace rt::sim {

/// Thrown by a failing Service::call.
class ServiceError : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

class Service {
public:
  explicit Service(std::string name,
                   EventLoop::duration latency = std::chrono::milliseconds{100})
      : name_(std::move(name)), latency_(latency) {}
  Service(const Service &) = delete;
  Service &operator=(const Service &) = delete;

  // --- Configuration (chainable). Calls are numbered from 1. ---
  Service &set_latency(EventLoop::duration latency) {
    return latency_ = latency, *this;
  }
  Service &fail_call(std::size_t n) { return fail_calls_.insert(n), *this; }
  Service &fail_all(bool on = true) { return fail_all_ = on, *this; }
  /// Each call fails with `probability`, drawn from an RNG seeded with `seed`.
  Service &fail_randomly(double probability, std::uint64_t seed) {
    random_failure_ = std::bernoulli_distribution{probability};
    rng_.seed(seed);
    return *this;
  }
  Service &hang_call(std::size_t n) { return hang_calls_.insert(n), *this; }
  Service &hang_all(bool on = true) { return hang_all_ = on, *this; }

  /// One request: waits the latency, then succeeds or throws ServiceError.
  /// Cancellable by `token` or the caller's ambient token (rt::Cancelled).
  Task<void> call(std::stop_token token = {}) {
    const auto [n, outcome] = begin();
    InFlight in_flight{*this};
    if (outcome == Outcome::hang)
      co_await wait_forever(std::move(token));
    else
      co_await sleep_for(latency_, std::move(token));
    finish(n, outcome == Outcome::fail);
  }

  /// Callback style: `done(error_code)` is called from a loop timer after
  /// the latency (std::errc::io_error on failure); never, if the call hangs.
  void call_async(std::function<void(std::error_code)> done) {
    const auto [n, outcome] = begin();
    ++in_flight_;
    peak_in_flight_ = std::max(peak_in_flight_, in_flight_);
    if (outcome == Outcome::hang)
      return;
    detail::current_loop("rt::sim::Service::call_async")
        .call_after(latency_, [this, n, failed = outcome == Outcome::fail,
                               done = std::move(done)] {
          --in_flight_;
          std::error_code error;
          try {
            finish(n, failed);
          } catch (const ServiceError &) {
            error = std::make_error_code(std::errc::io_error);
          }
          done(error);
        });
  }

  const std::string &name() const noexcept { return name_; }
  EventLoop::duration latency() const noexcept { return latency_; }
  std::size_t calls() const noexcept { return calls_; }
  std::size_t completed() const noexcept { return completed_; }
  std::size_t failures() const noexcept { return failures_; }
  std::size_t in_flight() const noexcept { return in_flight_; }
  std::size_t peak_in_flight() const noexcept { return peak_in_flight_; }

private:
  enum class Outcome { ok, fail, hang };

  struct InFlight {
    Service &s;
    explicit InFlight(Service &svc) : s(svc) {
      s.peak_in_flight_ = std::max(s.peak_in_flight_, ++s.in_flight_);
    }
    ~InFlight() { --s.in_flight_; }
  };

  std::pair<std::size_t, Outcome> begin() {
    const std::size_t n = ++calls_;
    if (hang_all_ || hang_calls_.contains(n))
      return {n, Outcome::hang};
    const bool unlucky = random_failure_.p() > 0 && random_failure_(rng_);
    if (fail_all_ || fail_calls_.contains(n) || unlucky)
      return {n, Outcome::fail};
    return {n, Outcome::ok};
  }

  void finish(std::size_t n, bool failed) {
    if (failed) {
      ++failures_;
      throw ServiceError(name_ + ": call " + std::to_string(n) + " failed");
    }
    ++completed_;
  }

  std::string name_;
  EventLoop::duration latency_;
  std::set<std::size_t> fail_calls_, hang_calls_;
  bool fail_all_ = false, hang_all_ = false;
  std::bernoulli_distribution random_failure_{0.0};
  std::mt19937_64 rng_;
  std::size_t calls_ = 0, completed_ = 0, failures_ = 0;
  std::size_t in_flight_ = 0, peak_in_flight_ = 0;
};

} // namespace rt::sim
