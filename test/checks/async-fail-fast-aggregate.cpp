// RUN: %check_asynclint %s async-fail-fast-aggregate %t -- %mockflags

#include "async-mocks.h"
#include <stdexcept>
#include <string>
#include <vector>

rt::Task<int> ping(int service);
rt::Task<int> fetch_a();
rt::Task<std::string> fetch_b();
void log_line(const char *text);

struct Row {
  int service;
  bool up;
};

// ---------------------------------------------------------------- positives

rt::Task<std::vector<Row>> status_page(std::vector<int> services) {
  std::vector<rt::Task<int>> pings;
  for (int service : services)
    pings.push_back(ping(service));
  std::vector<Row> rows;
  try {
    auto latencies = co_await rt::when_all(std::move(pings));
    // CHECK-MESSAGES: :[[@LINE-1]]:31: warning: 'when_all' fails as a whole when one operation fails, and the handler turns that failure into a result: the outcomes of every operation that succeeded are lost; use the all-settled form ('rt::when_all_settled') and report each item [async-fail-fast-aggregate]
    for (std::size_t i = 0; i < latencies.size(); ++i)
      rows.push_back({services[i], true});
  } catch (const std::exception &) {
    // CHECK-MESSAGES: :[[@LINE-1]]:5: note: the failure is handled here as a whole
    for (int service : services)
      rows.push_back({service, false});
  }
  co_return rows;
}

rt::Task<std::string> partial_result() {
  std::string summary = "unavailable";
  try {
    auto [a, b] = co_await rt::when_all(fetch_a(), fetch_b());
    // CHECK-MESSAGES: :[[@LINE-1]]:28: warning: 'when_all' fails as a whole
    summary = b + std::to_string(a);
  } catch (...) {
    // CHECK-MESSAGES: :[[@LINE-1]]:5: note: the failure is handled here as a whole
    log_line("one of the two failed");
  }
  co_return summary;
}

// ---------------------------------------------------------------- negatives

rt::Task<int> atomic_propagates(std::vector<int> services) {
  std::vector<rt::Task<int>> pings;
  for (int service : services)
    pings.push_back(ping(service));
  auto latencies = co_await rt::when_all(std::move(pings));
  co_return static_cast<int>(latencies.size());
}

rt::Task<int> handler_rethrows() {
  try {
    auto [a, b] = co_await rt::when_all(fetch_a(), fetch_b());
    co_return a + static_cast<int>(b.size());
  } catch (const std::exception &) {
    log_line("join failed");
    throw;
  }
}

rt::Task<int> handler_wraps_and_throws() {
  try {
    auto [a, b] = co_await rt::when_all(fetch_a(), fetch_b());
    co_return a + static_cast<int>(b.size());
  } catch (const std::exception &e) {
    throw std::runtime_error(std::string("dashboard: ") + e.what());
  }
}

rt::Task<int> already_settled(std::vector<int> services) {
  std::vector<rt::Task<int>> pings;
  for (int service : services)
    pings.push_back(ping(service));
  try {
    auto results = co_await rt::when_all_settled(std::move(pings));
    co_return static_cast<int>(results.size());
  } catch (...) {
    co_return -1;
  }
}

rt::Task<int> single_operation() {
  try {
    co_return co_await ping(1);
  } catch (...) {
    co_return -1;
  }
}

rt::Task<int> empty_handler_is_another_problem() {
  try {
    auto [a, b] = co_await rt::when_all(fetch_a(), fetch_b());
    co_return a;
  } catch (...) {
  }
  co_return 0;
}

rt::Task<int> join_outside_the_try() {
  auto [a, b] = co_await rt::when_all(fetch_a(), fetch_b());
  try {
    co_return a + std::stoi(b);
  } catch (...) {
    co_return 0;
  }
}

int not_a_coroutine() {
  try {
    return 1;
  } catch (...) {
    return 0;
  }
}
