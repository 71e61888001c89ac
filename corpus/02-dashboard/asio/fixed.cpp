// Seed task 2, Asio rendition: a dashboard handler needs three upstream
// results that do not depend on each other. Awaiting them one after another
// makes the handler as slow as the sum of the three round-trips; awaiting
// them together makes it as slow as the slowest one.
#include <asio.hpp>
#include <asio/experimental/awaitable_operators.hpp>

#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

using namespace std::chrono_literals;

struct Dashboard {
  std::string profile;
  std::vector<std::string> notifications;
  bool dark_mode = false;
};

// Stand-ins for the three upstream services: each one just waits for its
// typical round-trip time on a timer and then answers.
asio::awaitable<void> round_trip(std::chrono::milliseconds latency) {
  asio::steady_timer timer(co_await asio::this_coro::executor, latency);
  co_await timer.async_wait(asio::use_awaitable);
}

asio::awaitable<std::string> fetch_profile(int user_id) {
  co_await round_trip(120ms);
  co_return "user #" + std::to_string(user_id);
}

asio::awaitable<std::vector<std::string>> fetch_notifications(int user_id) {
  co_await round_trip(90ms);
  co_return std::vector<std::string>{"welcome back, #" +
                                     std::to_string(user_id)};
}

asio::awaitable<bool> fetch_feature_flags() {
  co_await round_trip(60ms);
  co_return true;
}

asio::awaitable<Dashboard> load_dashboard(int user_id) {
  using namespace asio::experimental::awaitable_operators;
  auto [profile, notifications, flags] =
      co_await (fetch_profile(user_id) && fetch_notifications(user_id) &&
                fetch_feature_flags());
  co_return Dashboard{profile, notifications, flags};
}

int main() {
  asio::io_context ctx;
  auto start = std::chrono::steady_clock::now();
  bool done = false;
  Dashboard dashboard;
  std::chrono::milliseconds latency{};

  asio::co_spawn(
      ctx, load_dashboard(42), [&](std::exception_ptr error, Dashboard result) {
        if (error)
          return; // reported below as "did not load"
        latency = std::chrono::duration_cast<std::chrono::milliseconds>(
            std::chrono::steady_clock::now() - start);
        dashboard = std::move(result);
        done = true;
      });
  ctx.run_for(2s);

  if (!done) {
    std::puts("FAIL: dashboard did not load");
    return 1;
  }
  std::printf("dashboard: %s, %zu notification(s), dark mode %s\n",
              dashboard.profile.c_str(), dashboard.notifications.size(),
              dashboard.dark_mode ? "on" : "off");
  std::printf("dashboard latency: %lld ms\n",
              static_cast<long long>(latency.count()));

  // The slowest upstream takes 120 ms and all three together 270 ms; allow
  // plenty of scheduling slack but stay well below the sequential sum.
  if (latency >= 200ms) {
    std::puts("FAIL: latency is the sum of the round-trips, not the maximum");
    return 1;
  }
  std::puts("PASS");
  return 0;
}
