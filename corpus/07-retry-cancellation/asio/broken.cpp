// Seed task 7, Asio rendition: a fetch retried up to five times with
// exponential back-off. In Asio the caller cancels through the cancellation
// slot bound to the completion handler (the counterpart of Go's context), and
// every operation awaited with use_awaitable can be cut short by it. A
// blocking sleep cannot: it freezes the whole io_context thread, so the
// cancellation is not even delivered until the sleep is over, and the loop
// then carries on retrying a request nobody is waiting for.
#include <asio.hpp>

#include <chrono>
#include <cstdio>
#include <exception>
#include <stdexcept>
#include <string>
#include <thread>

using namespace std::chrono_literals;
using std::chrono::milliseconds;

// Simulated downstream that is currently down: every attempt fails after
// 10 ms.
int attempts_started = 0;

asio::awaitable<std::string> do_get(std::string url) {
  ++attempts_started;
  asio::steady_timer round_trip(co_await asio::this_coro::executor, 10ms);
  co_await round_trip.async_wait(asio::use_awaitable);
  throw std::runtime_error("503 Service Unavailable from " + url);
}

// Returns the first successful body; after five failed attempts, the last
// failure; once the caller cancels, operation_aborted without further ado.
asio::awaitable<std::string> fetch_with_retry(std::string url) {
  std::exception_ptr last_error;
  milliseconds backoff = 25ms;
  for (int attempt = 0; attempt < 5; ++attempt) {
    try {
      co_return co_await do_get(url);
    } catch (const std::exception &) {
      last_error = std::current_exception();
    }
    std::this_thread::sleep_for(backoff);
    backoff *= 2;
  }
  std::rethrow_exception(last_error);
}

int main() {
  asio::io_context ctx;
  asio::cancellation_signal cancel;
  auto start = std::chrono::steady_clock::now();
  auto elapsed = [&] {
    return std::chrono::duration_cast<milliseconds>(
        std::chrono::steady_clock::now() - start);
  };
  bool returned = false;
  std::string error_text;
  asio::error_code error_code;
  milliseconds cancelled_at{}, returned_at{};

  asio::co_spawn(ctx, fetch_with_retry("http://inventory.internal/stock"),
                 asio::bind_cancellation_slot(
                     cancel.slot(), [&](std::exception_ptr error, std::string) {
                       returned = true;
                       returned_at = elapsed();
                       try {
                         if (error)
                           std::rethrow_exception(error);
                         error_text = "none (got a body)";
                       } catch (const asio::system_error &e) {
                         error_code = e.code();
                         error_text = e.what();
                       } catch (const std::exception &e) {
                         error_text = e.what();
                       }
                     }));

  // The caller gives up 150 ms in, during the third back-off (105-205 ms).
  asio::steady_timer caller_deadline(ctx, 150ms);
  caller_deadline.async_wait([&](asio::error_code) {
    cancelled_at = elapsed();
    cancel.emit(asio::cancellation_type::terminal);
  });
  ctx.run_for(1500ms);

  std::printf("upstream attempts: %d\n", attempts_started);
  if (!returned) {
    std::puts("FAIL: fetch_with_retry did not return at all");
    return 1;
  }
  milliseconds lag = returned_at - 150ms;
  std::printf("cancellation requested at 150 ms, delivered at %lld ms\n",
              static_cast<long long>(cancelled_at.count()));
  std::printf("fetch_with_retry returned %lld ms after the cancellation\n",
              static_cast<long long>(lag.count()));
  std::printf("error: %s\n", error_text.c_str());

  if (lag > 100ms) {
    std::puts("FAIL: cancellation was not honoured promptly");
    return 1;
  }
  if (error_code != asio::error::operation_aborted) {
    std::puts("FAIL: the caller did not get the cancellation error");
    return 1;
  }
  std::puts("PASS");
  return 0;
}
