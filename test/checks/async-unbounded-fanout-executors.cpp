// Work handed to an executor per element: coroutines fan out (each frees
// its thread when it suspends, so all of them are in flight at once);
// plain functions queue on the executor, whose threads bound them. The
// executor is concurrencpp's, whose spawn members are inherited and whose
// join takes an iterator pair after the executor to resume on.
// RUN: %check_asynclint %s async-unbounded-fanout %t -- -std=c++20 -I%S/Inputs

#include "concurrencpp-executors.h"
#include <string>
#include <vector>

using Pool = std::shared_ptr<concurrencpp::thread_pool_executor>;
concurrencpp::result<int> render(Pool pool, std::string page);
int rasterize(std::string page);
void log_line(std::string line);

// ---------------------------------------------------------------- positives

// Eager coroutines started per element, joined all at once.
concurrencpp::result<void> render_book(Pool pool,
                                       std::vector<std::string> pages) {
  std::vector<concurrencpp::result<int>> pending;
  for (const std::string &p : pages)
    pending.push_back(render(pool, p));
  auto done = co_await concurrencpp::when_all(pool, pending.begin(),
                                              pending.end());
  // CHECK-MESSAGES: :[[@LINE-2]]:24: warning: 'when_all' runs every task of 'pending' at once, one per element of a runtime-sized range
}

// A coroutine lambda posted per element.
void notify_all(Pool pool, std::vector<std::string> pages) {
  for (const std::string &p : pages)
    pool->post([p]() -> concurrencpp::result<void> {
      // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'post' is started for every element of a runtime-sized range
      co_await render(nullptr, p);
    });
}

// A plain function on an executor that starts a thread per task: nothing
// bounds the threads.
void log_on_threads(std::shared_ptr<concurrencpp::thread_executor> threads,
                    std::vector<std::string> pages) {
  for (const std::string &p : pages)
    threads->post(log_line, p);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'post' is started for every element of a runtime-sized range
}

// ---------------------------------------------------------------- negatives

// Plain functions submitted to the pool and joined: the pool's threads
// bound how many run at once.
concurrencpp::result<void> rasterize_book(Pool pool,
                                          std::vector<std::string> pages) {
  std::vector<concurrencpp::result<int>> jobs;
  for (const std::string &p : pages)
    jobs.push_back(pool->submit(rasterize, p));
  auto done =
      co_await concurrencpp::when_all(pool, jobs.begin(), jobs.end());
}

// A plain lambda posted per element.
void log_all(Pool pool, std::vector<std::string> pages) {
  for (const std::string &p : pages)
    pool->post([p] { log_line(p); });
}

// Each coroutine awaited inside the loop.
concurrencpp::result<void> render_in_turn(Pool pool,
                                          std::vector<std::string> pages) {
  for (const std::string &p : pages)
    co_await render(pool, p);
}
