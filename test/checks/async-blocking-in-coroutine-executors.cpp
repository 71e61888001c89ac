// Waiting in a coroutine for work it has just handed to an executor blocks
// the thread the coroutine runs on; reading a result of work started
// elsewhere is not known to wait. The executor is concurrencpp's, whose
// spawn members are inherited from derivable_executor.
// RUN: %check_asynclint %s async-blocking-in-coroutine %t -- -std=c++20 -I%S/Inputs

#include "concurrencpp-executors.h"
#include <string>

using Pool = std::shared_ptr<concurrencpp::thread_pool_executor>;
int rasterize(std::string page);

concurrencpp::result<int> rasterize_now(Pool pool, std::string page) {
  int pixels = pool->submit(rasterize, page).get();
  // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: 'get' blocks the thread that runs the event loop (a blocking wait)
  co_return pixels;
}

// Near-misses: the result awaited; the result of work a caller started.
concurrencpp::result<int> rasterize_awaited(Pool pool, std::string page) {
  co_return co_await pool->submit(rasterize, page);
}
concurrencpp::result<int> read_given(concurrencpp::result<int> &started) {
  co_return started.get();
}
