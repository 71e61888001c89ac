// RUN: %check_asynclint %s async-unbounded-fanout %t -- %mockflags -fno-exceptions

// Without exceptions the workers could not catch a failure to stop the
// others: no worker-pool fix, even for a join that rethrows.

#include "async-mocks.h"
#include <exception>
#include <string>
#include <vector>

rt::Task<> upload(std::string line);

rt::Task<> rethrown_after_drain(std::vector<std::string> lines) {
  std::exception_ptr error;
  for (const std::string &line : lines)
    rt::spawn(upload(line), [&](std::exception_ptr e) { if (e) error = e; });
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: {{.*}} (no fix: exceptions are disabled, and the workers catch failures) [async-unbounded-fanout]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: the range is iterated here
  co_await rt::drain();
  if (error)
    std::rethrow_exception(error);
}

// ---------------------------------------------------------------- negatives

rt::Task<> awaited_in_turn(std::vector<std::string> lines) {
  for (const std::string &line : lines)
    co_await upload(line);
}

rt::Task<> bounded_by_a_permit(std::vector<std::string> lines,
                               rt::Semaphore &slots) {
  for (const std::string &line : lines) {
    co_await slots.acquire();
    rt::spawn(upload(line), rt::log_failure);
  }
  co_await rt::drain();
}
