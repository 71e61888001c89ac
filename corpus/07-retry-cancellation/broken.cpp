// Seed task 7 on the rt runtime: a fetch that is retried up to five times with
// exponential back-off. The caller hands in a std::stop_token (the C++ stand-in
// for Go's context) and gives up after 300 ms. A retry loop that never looks
// at that token, and that backs off by putting the whole thread to sleep, goes
// on hammering the upstream for a request nobody is waiting for any more.
//
// The program runs on the virtual clock, so every number is exact: the only
// loop time that passes is the upstream's round-trips and rt's own timers. A
// blocking std::this_thread::sleep_for freezes the loop thread in real time
// while loop time stands still, so nothing else (the caller's cancellation
// timer included) can run during it.
#include <rt/rt.hpp>

#include <chrono>
#include <cstdio>
#include <exception>
#include <stop_token>
#include <string>
#include <thread>

using namespace std::chrono_literals;
using std::chrono::milliseconds;

// The downstream inventory service is having a bad day: every request is
// answered after 100 ms with an error.
rt::sim::Service inventory{"inventory", 100ms};

// One GET. The overload with a token gives up as soon as the token fires
// (it then throws rt::Cancelled).
rt::Task<std::string> do_get(std::string url, std::stop_token cancel) {
  co_await inventory.call(std::move(cancel));
  co_return "stock levels from " + url;
}

rt::Task<std::string> do_get(std::string url) {
  return do_get(std::move(url), std::stop_token{});
}

// The first successful body; after five failed attempts, the last failure.
rt::Task<std::string> fetch_with_retry(std::string url,
                                       std::stop_token cancel) {
  milliseconds backoff = 50ms;
  for (int attempt = 1;; ++attempt) {
    try {
      co_return co_await do_get(url);
    } catch (const rt::sim::ServiceError &) {
      if (attempt == 5)
        throw;
    }
    std::this_thread::sleep_for(backoff);
    backoff *= 2;
  }
}

// --- The caller: asks for the stock levels, gives up after 300 ms. ---

struct Outcome {
  bool returned = false;
  bool cancelled = false;
  std::string error;
  milliseconds returned_at{};
};

rt::Task<void> call(std::stop_token cancel, Outcome &outcome) {
  try {
    co_await fetch_with_retry("http://inventory.internal/stock", cancel);
    outcome.error = "none (got a body)";
  } catch (const rt::Cancelled &e) {
    outcome.cancelled = true;
    outcome.error = e.what();
  } catch (const std::exception &e) {
    outcome.error = e.what();
  }
  outcome.returned = true;
  outcome.returned_at = rt::EventLoop::current()->elapsed();
}

rt::Task<void> give_up_after(milliseconds patience, std::stop_source &caller) {
  co_await rt::sleep_for(patience);
  caller.request_stop();
}

int main() {
  constexpr milliseconds patience = 300ms;
  inventory.fail_all();
  rt::EventLoop loop{rt::Clock::Virtual};
  std::stop_source caller;
  Outcome outcome;
  auto real_start = std::chrono::steady_clock::now();
  // Guard: never more than 10 s of loop time.
  loop.run_for(rt::when_all(call(caller.get_token(), outcome),
                            give_up_after(patience, caller)),
               10s);
  auto real_time = std::chrono::duration_cast<milliseconds>(
      std::chrono::steady_clock::now() - real_start);

  std::printf("upstream attempts: %zu\n", inventory.calls());
  if (!outcome.returned) {
    std::puts("FAIL: fetch_with_retry did not return at all");
    return 1;
  }
  milliseconds lag = outcome.returned_at - patience;
  std::printf("cancelled at %lld ms, fetch_with_retry returned at %lld ms "
              "(%lld ms later)\n",
              static_cast<long long>(patience.count()),
              static_cast<long long>(outcome.returned_at.count()),
              static_cast<long long>(lag.count()));
  std::printf("error: %s\n", outcome.error.c_str());
  std::printf("loop thread blocked for %lld ms of real time\n",
              static_cast<long long>(real_time.count()));

  // The back-off in progress at 300 ms is 100 ms long: the caller must hear
  // back within that, with the cancellation rather than an upstream error.
  if (lag > 100ms) {
    std::puts("FAIL: the cancellation was not honoured promptly");
    return 1;
  }
  if (!outcome.cancelled) {
    std::puts("FAIL: the caller did not get the cancellation error");
    return 1;
  }
  std::puts("PASS");
  return 0;
}
