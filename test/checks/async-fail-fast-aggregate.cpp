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

struct Status {
  int service;
  bool up;
  int latency;
  std::string error;
};

int risky(int latency);
void report(const char *message);
#define MARK_DOWN(rows, service) rows.push_back({service, false, 0, "down"})

// ---------------------------------------------------------------- positives

rt::Task<std::vector<Row>> status_page(std::vector<int> services) {
  std::vector<rt::Task<int>> pings;
  for (int service : services)
    pings.push_back(ping(service));
  std::vector<Row> rows;
  try {
    auto latencies = co_await rt::when_all(std::move(pings));
    // CHECK-MESSAGES: :[[@LINE-1]]:31: warning: 'when_all' fails as a whole when one operation fails, and the handler turns that failure into a result: the outcomes of every operation that succeeded are lost; use the all-settled form ('rt::when_all_settled') and report each item [async-fail-fast-aggregate]
    // No fix: the loop counts the results, the handler the services; the
    // fix would index one by the other.
    // CHECK-FIXES: auto latencies = co_await rt::when_all(std::move(pings));
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
    // No fix: two different operations, no per-item loop to map.
    // CHECK-FIXES: auto [a, b] = co_await rt::when_all(fetch_a(), fetch_b());
    summary = b + std::to_string(a);
  } catch (...) {
    // CHECK-MESSAGES: :[[@LINE-1]]:5: note: the failure is handled here as a whole
    log_line("one of the two failed");
  }
  co_return summary;
}

// ------------------------------------------------------ positives with a fix

rt::Task<std::vector<Status>> settled_rows(std::vector<int> services) {
  std::vector<rt::Task<int>> pings;
  for (int service : services)
    pings.push_back(ping(service));
  std::vector<Status> rows;
  std::vector<std::string> failures;
  try {
    auto latencies = co_await rt::when_all(std::move(pings));
    // CHECK-MESSAGES: :[[@LINE-1]]:31: warning: 'when_all' fails as a whole
    for (std::size_t i = 0; i < services.size(); ++i)
      rows.push_back({services[i], true, latencies[i], ""});
  } catch (const std::exception &e) {
    // CHECK-MESSAGES: :[[@LINE-1]]:5: note: the failure is handled here as a whole
    for (int service : services) {
      rows.push_back({service, false, 0, e.what()});

      failures.push_back(std::to_string(service));
    }
  }
  co_return rows;
}
// CHECK-FIXES:      std::vector<std::string> failures;
// CHECK-FIXES-NEXT:   auto latencies = co_await rt::when_all_settled(std::move(pings));
// CHECK-FIXES-NEXT:   for (std::size_t i = 0; i < services.size(); ++i) {
// CHECK-FIXES-NEXT:     if (latencies[i].ok()) {
// CHECK-FIXES-NEXT:       rows.push_back({services[i], true, latencies[i].value(), ""});
// CHECK-FIXES-NEXT:     } else {
// CHECK-FIXES-NEXT:       rows.push_back({services[i], false, 0, latencies[i].error_message()});
// CHECK-FIXES-EMPTY:
// CHECK-FIXES-NEXT:       failures.push_back(std::to_string(services[i]));
// CHECK-FIXES-NEXT:     }
// CHECK-FIXES-NEXT:   }
// CHECK-FIXES-NEXT:   co_return rows;

rt::Task<int> catch_all_index_loops(std::vector<int> services) {
  std::vector<rt::Task<int>> pings;
  for (int service : services)
    pings.push_back(ping(service));
  std::vector<Row> rows;
  try {
    const auto latencies = co_await rt::when_all(std::move(pings));
    // CHECK-MESSAGES: :[[@LINE-1]]:37: warning: 'when_all' fails as a whole
    for (int k = 0; k != services.size(); k++) {
      rows.push_back({services[k], latencies[k] < 100});
    }
  } catch (...) {
    // CHECK-MESSAGES: :[[@LINE-1]]:5: note: the failure is handled here as a whole
    for (int j = 0; j < services.size(); ++j)
      rows.push_back({services[j], false});
  }
  co_return static_cast<int>(rows.size());
}
// CHECK-FIXES:      std::vector<Row> rows;
// CHECK-FIXES-NEXT:   const auto latencies = co_await rt::when_all_settled(std::move(pings));
// CHECK-FIXES-NEXT:   for (int k = 0; k != services.size(); k++) {
// CHECK-FIXES-NEXT:     if (latencies[k].ok()) {
// CHECK-FIXES-NEXT:       rows.push_back({services[k], latencies[k].value() < 100});
// CHECK-FIXES-NEXT:     } else {
// CHECK-FIXES-NEXT:       rows.push_back({services[k], false});
// CHECK-FIXES-NEXT:     }
// CHECK-FIXES-NEXT:   }
// CHECK-FIXES-NEXT:   co_return static_cast<int>(rows.size());

void in_a_lambda(std::vector<int> services) {
  auto page = [&services]() -> rt::Task<std::vector<Status>> {
    std::vector<rt::Task<int>> pings;
    for (int service : services)
      pings.push_back(ping(service));
    std::vector<Status> rows;
    try {
      auto ms = co_await rt::when_all(std::move(pings));
      // CHECK-MESSAGES: :[[@LINE-1]]:26: warning: 'when_all' fails as a whole
      for (std::size_t i = 0; i < services.size(); ++i)
        rows.push_back({services[i], true, ms[i], ""});
    } catch (const std::exception &error) {
      // CHECK-MESSAGES: :[[@LINE-1]]:7: note: the failure is handled here as a whole
      for (const int &service : services)
        rows.push_back({service, false, 0, std::string("ping: ") + error.what()});
    }
    co_return rows;
  };
  (void)page;
}
// CHECK-FIXES:      std::vector<Status> rows;
// CHECK-FIXES-NEXT:     auto ms = co_await rt::when_all_settled(std::move(pings));
// CHECK-FIXES-NEXT:     for (std::size_t i = 0; i < services.size(); ++i) {
// CHECK-FIXES-NEXT:       if (ms[i].ok()) {
// CHECK-FIXES-NEXT:         rows.push_back({services[i], true, ms[i].value(), ""});
// CHECK-FIXES-NEXT:       } else {
// CHECK-FIXES-NEXT:         rows.push_back({services[i], false, 0, std::string("ping: ") + ms[i].error_message()});
// CHECK-FIXES-NEXT:       }
// CHECK-FIXES-NEXT:     }
// CHECK-FIXES-NEXT:     co_return rows;

// ------------------------------------------------ diagnosed, but with no fix

std::vector<rt::Task<int>> pings_of(const std::vector<int> &services);

template <class Tag>
rt::Task<int> in_a_template(std::vector<int> services) {
  std::vector<Row> rows;
  try {
    auto latencies = co_await rt::when_all(pings_of(services));
    // CHECK-MESSAGES: :[[@LINE-1]]:31: warning: 'when_all' fails as a whole
    // CHECK-FIXES: auto latencies = co_await rt::when_all(pings_of(services));
    for (std::size_t i = 0; i < services.size(); ++i)
      rows.push_back({services[i], latencies[i] < 100});
  } catch (...) {
    // CHECK-MESSAGES: :[[@LINE-1]]:5: note: the failure is handled here as a whole
    for (int service : services)
      rows.push_back({service, false});
  }
  co_return static_cast<int>(rows.size());
}
template rt::Task<int> in_a_template<int>(std::vector<int>);

rt::Task<int> macro_in_the_handler(std::vector<int> services) {
  std::vector<Status> rows;
  try {
    auto latencies = co_await rt::when_all(pings_of(services));
    // CHECK-MESSAGES: :[[@LINE-1]]:31: warning: 'when_all' fails as a whole
    // CHECK-FIXES: auto latencies = co_await rt::when_all(pings_of(services));
    for (std::size_t i = 0; i < services.size(); ++i)
      rows.push_back({services[i], true, latencies[i], ""});
  } catch (...) {
    // CHECK-MESSAGES: :[[@LINE-1]]:5: note: the failure is handled here as a whole
    for (int service : services)
      MARK_DOWN(rows, service);
  }
  co_return static_cast<int>(rows.size());
}

rt::Task<int> message_used_as_a_pointer(std::vector<int> services) {
  std::vector<Row> rows;
  try {
    auto latencies = co_await rt::when_all(pings_of(services));
    // CHECK-MESSAGES: :[[@LINE-1]]:31: warning: 'when_all' fails as a whole
    // CHECK-FIXES: auto latencies = co_await rt::when_all(pings_of(services));
    for (std::size_t i = 0; i < services.size(); ++i)
      rows.push_back({services[i], latencies[i] < 100});
  } catch (const std::exception &e) {
    // CHECK-MESSAGES: :[[@LINE-1]]:5: note: the failure is handled here as a whole
    for (int service : services) {
      report(e.what());
      rows.push_back({service, false});
    }
  }
  co_return static_cast<int>(rows.size());
}

rt::Task<int> other_work_in_the_try(std::vector<int> services) {
  std::vector<Row> rows;
  try {
    auto latencies = co_await rt::when_all(pings_of(services));
    // CHECK-MESSAGES: :[[@LINE-1]]:31: warning: 'when_all' fails as a whole
    // CHECK-FIXES: auto latencies = co_await rt::when_all(pings_of(services));
    log_line("joined");
    for (std::size_t i = 0; i < services.size(); ++i)
      rows.push_back({services[i], latencies[i] < 100});
  } catch (...) {
    // CHECK-MESSAGES: :[[@LINE-1]]:5: note: the failure is handled here as a whole
    for (int service : services)
      rows.push_back({service, false});
  }
  co_return static_cast<int>(rows.size());
}

rt::Task<int> success_body_may_throw(std::vector<int> services) {
  std::vector<Row> rows;
  try {
    auto latencies = co_await rt::when_all(pings_of(services));
    // CHECK-MESSAGES: :[[@LINE-1]]:31: warning: 'when_all' fails as a whole
    // CHECK-FIXES: auto latencies = co_await rt::when_all(pings_of(services));
    for (std::size_t i = 0; i < services.size(); ++i)
      rows.push_back({services[i], risky(latencies[i]) < 100});
  } catch (...) {
    // CHECK-MESSAGES: :[[@LINE-1]]:5: note: the failure is handled here as a whole
    for (int service : services)
      rows.push_back({service, false});
  }
  co_return static_cast<int>(rows.size());
}

rt::Task<int> narrower_handler(std::vector<int> services) {
  std::vector<Status> rows;
  try {
    auto latencies = co_await rt::when_all(pings_of(services));
    // CHECK-MESSAGES: :[[@LINE-1]]:31: warning: 'when_all' fails as a whole
    // CHECK-FIXES: auto latencies = co_await rt::when_all(pings_of(services));
    for (std::size_t i = 0; i < services.size(); ++i)
      rows.push_back({services[i], true, latencies[i], ""});
  } catch (const std::runtime_error &e) {
    // CHECK-MESSAGES: :[[@LINE-1]]:5: note: the failure is handled here as a whole
    for (int service : services)
      rows.push_back({service, false, 0, e.what()});
  }
  co_return static_cast<int>(rows.size());
}

rt::Task<int> two_handlers(std::vector<int> services) {
  std::vector<Row> rows;
  try {
    auto latencies = co_await rt::when_all(pings_of(services));
    // CHECK-MESSAGES: :[[@LINE-1]]:31: warning: 'when_all' fails as a whole
    // CHECK-FIXES: auto latencies = co_await rt::when_all(pings_of(services));
    for (std::size_t i = 0; i < services.size(); ++i)
      rows.push_back({services[i], latencies[i] < 100});
  } catch (const std::invalid_argument &) {
    // CHECK-MESSAGES: :[[@LINE-1]]:5: note: the failure is handled here as a whole
    for (int service : services)
      rows.push_back({service, false});
  } catch (...) {
    log_line("unexpected");
  }
  co_return static_cast<int>(rows.size());
}

rt::Task<int> loop_stops_early(std::vector<int> services) {
  std::vector<Row> rows;
  try {
    auto latencies = co_await rt::when_all(pings_of(services));
    // CHECK-MESSAGES: :[[@LINE-1]]:31: warning: 'when_all' fails as a whole
    // CHECK-FIXES: auto latencies = co_await rt::when_all(pings_of(services));
    for (std::size_t i = 0; i < services.size(); ++i) {
      if (latencies[i] > 1000)
        break;
      rows.push_back({services[i], true});
    }
  } catch (...) {
    // CHECK-MESSAGES: :[[@LINE-1]]:5: note: the failure is handled here as a whole
    for (int service : services)
      rows.push_back({service, false});
  }
  co_return static_cast<int>(rows.size());
}

rt::Task<int> results_declared_with_their_type(std::vector<int> services) {
  std::vector<Row> rows;
  try {
    std::vector<int> latencies = co_await rt::when_all(pings_of(services));
    // CHECK-MESSAGES: :[[@LINE-1]]:43: warning: 'when_all' fails as a whole
    // CHECK-FIXES: std::vector<int> latencies = co_await rt::when_all(pings_of(services));
    for (std::size_t i = 0; i < services.size(); ++i)
      rows.push_back({services[i], latencies[i] < 100});
  } catch (...) {
    // CHECK-MESSAGES: :[[@LINE-1]]:5: note: the failure is handled here as a whole
    for (int service : services)
      rows.push_back({service, false});
  }
  co_return static_cast<int>(rows.size());
}

rt::Task<int> comment_outside_the_bodies(std::vector<int> services) {
  std::vector<Row> rows;
  try {
    auto latencies = co_await rt::when_all(pings_of(services)); /* all six */
    // CHECK-MESSAGES: :[[@LINE-1]]:31: warning: 'when_all' fails as a whole
    // CHECK-FIXES: auto latencies = co_await rt::when_all(pings_of(services)); /* all six */
    for (std::size_t i = 0; i < services.size(); ++i)
      rows.push_back({services[i], latencies[i] < 100});
  } catch (...) {
    // CHECK-MESSAGES: :[[@LINE-1]]:5: note: the failure is handled here as a whole
    for (int service : services)
      rows.push_back({service, false});
  }
  co_return static_cast<int>(rows.size());
}

rt::Task<int> handler_over_another_range(std::vector<int> services,
                                         std::vector<int> backups) {
  std::vector<Row> rows;
  try {
    auto latencies = co_await rt::when_all(pings_of(services));
    // CHECK-MESSAGES: :[[@LINE-1]]:31: warning: 'when_all' fails as a whole
    // CHECK-FIXES: auto latencies = co_await rt::when_all(pings_of(services));
    for (std::size_t i = 0; i < services.size(); ++i)
      rows.push_back({services[i], latencies[i] < 100});
  } catch (...) {
    // CHECK-MESSAGES: :[[@LINE-1]]:5: note: the failure is handled here as a whole
    for (int backup : backups)
      rows.push_back({backup, false});
  }
  co_return static_cast<int>(rows.size());
}

rt::Task<int> handler_changes_the_element(std::vector<int> services) {
  std::vector<Row> rows;
  try {
    auto latencies = co_await rt::when_all(pings_of(services));
    // CHECK-MESSAGES: :[[@LINE-1]]:31: warning: 'when_all' fails as a whole
    // CHECK-FIXES: auto latencies = co_await rt::when_all(pings_of(services));
    for (std::size_t i = 0; i < services.size(); ++i)
      rows.push_back({services[i], latencies[i] < 100});
  } catch (...) {
    // CHECK-MESSAGES: :[[@LINE-1]]:5: note: the failure is handled here as a whole
    for (int service : services) {
      service = -service;
      rows.push_back({service, false});
    }
  }
  co_return static_cast<int>(rows.size());
}

rt::Task<int> handler_shadowed_by_the_results(std::vector<int> services) {
  std::vector<Row> rows;
  try {
    auto latencies = co_await rt::when_all(pings_of(services));
    // CHECK-MESSAGES: :[[@LINE-1]]:31: warning: 'when_all' fails as a whole
    // CHECK-FIXES: auto latencies = co_await rt::when_all(pings_of(services));
    for (std::size_t i = 0; i < services.size(); ++i)
      rows.push_back({services[i], latencies[i] < 100});
  } catch (...) {
    // CHECK-MESSAGES: :[[@LINE-1]]:5: note: the failure is handled here as a whole
    for (int service : services) {
      int i = service * 2;
      rows.push_back({i, false});
    }
  }
  co_return static_cast<int>(rows.size());
}

rt::Task<int> handler_lambda_captures_the_error(std::vector<int> services) {
  std::vector<Status> rows;
  try {
    auto latencies = co_await rt::when_all(pings_of(services));
    // CHECK-MESSAGES: :[[@LINE-1]]:31: warning: 'when_all' fails as a whole
    // CHECK-FIXES: auto latencies = co_await rt::when_all(pings_of(services));
    for (std::size_t i = 0; i < services.size(); ++i)
      rows.push_back({services[i], true, latencies[i], ""});
  } catch (const std::exception &e) {
    // CHECK-MESSAGES: :[[@LINE-1]]:5: note: the failure is handled here as a whole
    for (int service : services) {
      auto row = [service, &e]() -> Status {
        return {service, false, 0, e.what()};
      };
      rows.push_back(row());
    }
  }
  co_return static_cast<int>(rows.size());
}

// A bounded join fails as a whole too; its settled form would need the
// limit as well, so the fix is not offered.
rt::Task<std::vector<Status>> bounded_status(std::vector<int> services) {
  std::vector<rt::Task<int>> pings;
  for (int service : services)
    pings.push_back(ping(service));
  std::vector<Status> rows;
  try {
    auto latencies = co_await rt::when_all_bounded(std::move(pings), 4);
    // CHECK-MESSAGES: :[[@LINE-1]]:31: warning: 'when_all_bounded' fails as a whole when one operation fails, and the handler turns that failure into a result: the outcomes of every operation that succeeded are lost; use a join that settles every operation and report each item [async-fail-fast-aggregate]
    // CHECK-FIXES: auto latencies = co_await rt::when_all_bounded(std::move(pings), 4);
    for (std::size_t i = 0; i < services.size(); ++i)
      rows.push_back({services[i], true, latencies[i], ""});
  } catch (const std::exception &e) {
    // CHECK-MESSAGES: :[[@LINE-1]]:5: note: the failure is handled here as a whole
    for (int service : services)
      rows.push_back({service, false, 0, e.what()});
  }
  co_return rows;
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
