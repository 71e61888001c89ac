// Options: a cap on compile-time counts, a worker count up to
// MaxConcurrency, and a project's own drain.
// RUN: %check_asynclint --unsafe-fixes --config="{CheckOptions: {async-unbounded-fanout.MaxConcurrency: 32, async-unbounded-fanout.MaxStaticFanout: 1000, async-unbounded-fanout.DrainFunctions: 'app::join_all'}}" %s async-unbounded-fanout %t -- %mockflags

#include "async-mocks.h"
#include <string>
#include <vector>

rt::Task<> upload(std::string line);
namespace app {
rt::Task<> join_all();
}

// ---------------------------------------------------------------- positives

rt::Task<> joined_by_the_project_drain(std::vector<std::string> lines) {
  std::exception_ptr error;
  for (const std::string &line : lines)
    rt::spawn(upload(line), [&](std::exception_ptr e) { if (e) error = e; });
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'spawn' is started for every element of a runtime-sized range with nothing bounding how many run at once: concurrency, memory and open connections grow with the input; bound it with a semaphore, a fixed pool of workers or a bounded join [async-unbounded-fanout]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: the range is iterated here
  co_await app::join_all();
  if (error)
    std::rethrow_exception(error);
}
// CHECK-FIXES:      auto next = lines.begin();
// CHECK-FIXES:      for (int i = 0; i < 32; ++i)
// CHECK-FIXES-NEXT:   rt::spawn(worker(), [&](std::exception_ptr e) { if (e) error = e; });

rt::Task<> the_project_drain_without_rethrow(std::vector<std::string> lines) {
  for (const std::string &line : lines)
    rt::spawn(upload(line), rt::log_failure);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: {{.*}} (no fix: the join does not rethrow the failures the completion handler is given; workers that stop at a failure would skip the rest of the input unnoticed) [async-unbounded-fanout]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: the range is iterated here
  co_await app::join_all();
}

void above_the_cap() {
  for (int i = 0; i < 50000; ++i)
    rt::spawn(upload(std::to_string(i)));
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'spawn' is started for every element
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: the range is iterated here
}

// ---------------------------------------------------------------- negatives

void under_the_cap() {
  for (int i = 0; i < 1000; ++i)
    rt::spawn(upload(std::to_string(i)));
}

rt::Task<> the_default_drain_is_replaced(std::vector<std::string> lines) {
  for (const std::string &line : lines)
    co_await upload(line);
  co_await rt::drain();
}

rt::Task<> pool_of_the_configured_size() {
  for (int w = 0; w < 32; ++w)
    rt::spawn(upload(std::to_string(w)), rt::log_failure);
  co_await app::join_all();
}
