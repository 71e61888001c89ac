// RUN: %check_asynclint %s async-missing-timeout %t -- %mockflags

// Retry loops that go on retrying after the caller has cancelled: with a
// std::stop_token parameter that the loop neither passes on nor checks, or
// in an Asio coroutine whose handler swallows the operation_aborted a
// cancellation raises.
#include "async-mocks.h"
#include <stdexcept>
#include <string>
#include <tuple>

using namespace std::chrono_literals;

rt::Task<std::string> get(std::string url);
rt::Task<std::string> get_cancellable(std::string url, std::stop_token token,
                                      int retries);
rt::Task<std::string> get_with(std::string url, std::stop_token token);
rt::Task<bool> probe(std::string url);
asio::awaitable<std::string> fetch(std::string url);

// A framework's own cancellation token (cppcoro-, folly-shaped).
namespace cppcoro {
class cancellation_token {
public:
  bool is_cancellation_requested() const noexcept;
  void throw_if_cancellation_requested() const;
};
} // namespace cppcoro

// ------------------------------------------------- positives: stop token

rt::Task<std::string> retry_ignoring_framework_token(
    std::string url, cppcoro::cancellation_token ct) {
  for (int attempt = 0; attempt < 5; ++attempt) {
    // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: this retry loop neither passes on nor checks 'ct': after the caller cancels, it keeps retrying until its attempts run out [async-missing-timeout]
    // CHECK-MESSAGES: :[[@LINE-3]]:50: note: 'ct' is how the caller cancels
    try {
      co_return co_await get(url);
    } catch (const std::exception &) {
    }
  }
  co_return "";
}

// Near-miss: the framework token is checked before each attempt.
rt::Task<std::string> retry_checking_framework_token(
    std::string url, cppcoro::cancellation_token ct) {
  for (int attempt = 0; attempt < 5; ++attempt) {
    ct.throw_if_cancellation_requested();
    try {
      co_return co_await get(url);
    } catch (const std::exception &) {
    }
  }
  co_return "";
}

rt::Task<std::string> retry_on_error(std::string url, std::stop_token cancel) {
  for (int attempt = 0; attempt < 5; ++attempt) {
    // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: this retry loop neither passes on nor checks 'cancel': after the caller cancels, it keeps retrying until its attempts run out [async-missing-timeout]
    // CHECK-MESSAGES: :[[@LINE-3]]:71: note: 'cancel' is how the caller cancels
    try {
      co_return co_await get(url);
    } catch (const std::exception &) {
    }
  }
  co_return "";
}

// Seastar's abort_source is how its callers cancel.
namespace seastar {
class abort_source {
public:
  bool abort_requested() const noexcept;
};
} // namespace seastar
rt::Task<std::string> retry_abortable(std::string url,
                                      seastar::abort_source &as) {
  for (int attempt = 0; attempt < 5; ++attempt) {
    // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: this retry loop neither passes on nor checks 'as'
    // CHECK-MESSAGES: :[[@LINE-3]]:62: note: 'as' is how the caller cancels
    try {
      co_return co_await get(url);
    } catch (const std::exception &) {
    }
  }
  co_return "";
}
rt::Task<std::string> retry_checks_abort(std::string url,
                                         seastar::abort_source &as) {
  for (int attempt = 0; attempt < 5 && !as.abort_requested(); ++attempt) {
    try {
      co_return co_await get(url);
    } catch (const std::exception &) {
    }
  }
  co_return "";
}

rt::Task<bool> poll_with_backoff(std::string url, std::stop_token stop) {
  while (true) {
    // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: this retry loop neither passes on nor checks 'stop'
    // CHECK-MESSAGES: :[[@LINE-3]]:67: note: 'stop' is how the caller cancels
    if (co_await probe(url))
      co_return true;
    co_await mock::sleep_for(100);
  }
}

void lambda_with_token() {
  auto job = [](std::string url, std::stop_token token) -> rt::Task<int> {
    do {
      // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: this retry loop neither passes on nor checks 'token'
      // CHECK-MESSAGES: :[[@LINE-3]]:50: note: 'token' is how the caller cancels
      try {
        co_await get(url);
        co_return 1;
      } catch (...) {
      }
    } while (true);
  };
  (void)job;
}

template <class T>
rt::Task<T> retry_template(std::string url, std::stop_token cancel) {
  for (int attempt = 0; attempt < 3; ++attempt) {
    // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: this retry loop neither passes on nor checks 'cancel'
    // CHECK-MESSAGES: :[[@LINE-3]]:61: note: 'cancel' is how the caller cancels
    try {
      co_return static_cast<T>((co_await get(url)).size());
    } catch (const std::runtime_error &) {
    }
  }
  co_return T{};
}
template rt::Task<int> retry_template<int>(std::string, std::stop_token);

// Retried until the awaited result says it worked or the attempts run
// out, with no try: the result decides, a counter bounds.
rt::Task<std::string> retry_until_ok(std::string url, std::stop_token stop) {
  int attempt = 0;
  for (;;) {
    // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: this retry loop neither passes on nor checks 'stop'
    // CHECK-MESSAGES: :[[@LINE-4]]:71: note: 'stop' is how the caller cancels
    std::string body = co_await get(url);
    if (!body.empty() || ++attempt == 8)
      co_return body;
  }
}

rt::Task<bool> probe_until_up(std::string url, std::stop_token stop) {
  bool up = false;
  for (int attempt = 0; attempt < 5; ++attempt) {
    // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: this retry loop neither passes on nor checks 'stop'
    // CHECK-MESSAGES: :[[@LINE-4]]:64: note: 'stop' is how the caller cancels
    up = co_await probe(url);
    if (up)
      break;
  }
  co_return up;
}

// The iteration's first await starts the attempt; the try awaits its
// outcome: a local holding work is the attempt's own, not a received item.
rt::Task<std::tuple<rt::Task<std::string>>> start_attempt(std::string url);
rt::Task<std::string> retry_started(std::string url, std::stop_token stop) {
  for (;;) {
    // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: this retry loop neither passes on nor checks 'stop'
    // CHECK-MESSAGES: :[[@LINE-3]]:70: note: 'stop' is how the caller cancels
    auto started = co_await start_attempt(url);
    try {
      co_return co_await std::get<0>(std::move(started));
    } catch (const std::exception &) {
    }
  }
}

// ------------------------------------------------- positives: Asio

// A range of back-off delays: the element is the pause, not what is tried.
asio::awaitable<std::string> over_delays(std::string url) {
  for (auto delay : {25ms, 50ms, 100ms}) {
    // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: this retry loop catches the error a cancellation raises
    try {
      co_return co_await fetch(url);
    } catch (const std::exception &) {
      // CHECK-MESSAGES: :[[@LINE-1]]:7: note: the error a cancellation raises is caught here
    }
    asio::steady_timer pause(co_await asio::this_coro::executor, delay);
    co_await pause.async_wait(asio::use_awaitable);
  }
  co_return std::string();
}

asio::awaitable<std::string> fetch_with_retry(std::string url) {
  std::exception_ptr last_error;
  for (int attempt = 0; attempt < 5; ++attempt) {
    // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: this retry loop catches the error a cancellation raises and never checks the coroutine's cancellation state: after the caller cancels, it keeps retrying [async-missing-timeout]
    try {
      co_return co_await fetch(url);
    } catch (const std::exception &) {
      // CHECK-MESSAGES: :[[@LINE-1]]:7: note: the error a cancellation raises is caught here
      last_error = std::current_exception();
    }
    asio::steady_timer pause(co_await asio::this_coro::executor, 25ms);
    co_await pause.async_wait(asio::use_awaitable);
  }
  std::rethrow_exception(last_error);
}
// CHECK-FIXES: last_error = std::current_exception();
// CHECK-FIXES-NEXT: }
// CHECK-FIXES-NEXT: if ((co_await asio::this_coro::cancellation_state).cancelled() != asio::cancellation_type::none)
// CHECK-FIXES-NEXT: throw asio::system_error(asio::error::operation_aborted);
// CHECK-FIXES-NEXT: asio::steady_timer pause(co_await asio::this_coro::executor, 25ms);

asio::awaitable<std::string> catch_all(std::string url) {
  while (true) {
    // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: this retry loop catches the error a cancellation raises
    try {
      co_return co_await fetch(url);
    } catch (...) {
      // CHECK-MESSAGES: :[[@LINE-1]]:7: note: the error a cancellation raises is caught here
    }
  }
}
// CHECK-FIXES: } catch (...) {
// CHECK-FIXES: if ((co_await asio::this_coro::cancellation_state).cancelled() != asio::cancellation_type::none)
// CHECK-FIXES-NEXT: throw asio::system_error(asio::error::operation_aborted);

// The first handler is for another error; the second swallows the
// cancellation.
asio::awaitable<std::string> second_handler(std::string url) {
  for (;;) {
    // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: this retry loop catches the error a cancellation raises
    try {
      co_return co_await fetch(url);
    } catch (const std::invalid_argument &) {
      throw;
    } catch (const std::exception &) {
      // CHECK-MESSAGES: :[[@LINE-1]]:7: note: the error a cancellation raises is caught here
    }
  }
}
// CHECK-FIXES: } catch (const std::exception &) {
// CHECK-FIXES: if ((co_await asio::this_coro::cancellation_state).cancelled() != asio::cancellation_type::none)

// Diagnosed without a fix: the attempt is not a statement of the loop's
// own block, so there is no obvious place for the check.
asio::awaitable<std::string> attempt_in_branch(std::string url, bool retry) {
  for (;;) {
    // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: this retry loop catches the error a cancellation raises
    if (retry) {
      try {
        co_return co_await fetch(url);
      } catch (const std::system_error &) {
        // CHECK-MESSAGES: :[[@LINE-1]]:9: note: the error a cancellation raises is caught here
      }
    }
  }
}

// Diagnosed without a fix: the attempt is spelled by a macro.
#define ATTEMPT(call)                                                          \
  try {                                                                        \
    co_return co_await call;                                                   \
  } catch (...) {                                                              \
  }
asio::awaitable<std::string> attempt_from_macro(std::string url) {
  for (;;) {
    // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: this retry loop catches the error a cancellation raises
    ATTEMPT(fetch(url))
    // CHECK-MESSAGES: :[[@LINE-1]]:5: note: the error a cancellation raises is caught here
  }
}

// ------------------------------------------------- negatives: stop token

rt::Task<std::string> token_passed(std::string url, std::stop_token cancel) {
  for (int attempt = 0; attempt < 5; ++attempt) {
    try {
      co_return co_await get_with(url, cancel);
    } catch (const std::exception &) {
    }
  }
  co_return "";
}

rt::Task<std::string> token_checked(std::string url, std::stop_token cancel) {
  for (int attempt = 0; attempt < 5; ++attempt) {
    if (cancel.stop_requested())
      co_return "";
    try {
      co_return co_await get(url);
    } catch (const std::exception &) {
    }
  }
  co_return "";
}

rt::Task<bool> token_in_condition(std::string url, std::stop_token stop) {
  while (!stop.stop_requested()) {
    if (co_await probe(url))
      co_return true;
    co_await mock::sleep_for(100);
  }
  co_return false;
}

rt::Task<bool> cancellable_backoff(std::string url, std::stop_token stop) {
  while (true) {
    if (co_await probe(url))
      co_return true;
    co_await rt::sleep_for(100ms, stop);
  }
}

rt::Task<std::string> token_in_lambda(std::string url, std::stop_token stop) {
  for (int attempt = 0; attempt < 3; ++attempt) {
    auto once = [&] { return get_cancellable(url, stop, 0); };
    try {
      co_return co_await once();
    } catch (const std::exception &) {
    }
  }
  co_return "";
}

rt::Task<int> one_await_per_item(std::vector<std::string> urls,
                                 std::stop_token stop) {
  int found = 0;
  for (const std::string &url : urls)
    found += co_await probe(url) ? 1 : 0;
  co_return found;
}

rt::Task<std::string> rethrows(std::string url, std::stop_token stop) {
  for (int attempt = 0; attempt < 3; ++attempt) {
    try {
      co_return co_await get(url);
    } catch (const std::exception &) {
      if (attempt == 2)
        throw;
    }
  }
  co_return "";
}

rt::Task<std::string> no_token(std::string url) {
  for (int attempt = 0; attempt < 3; ++attempt) {
    try {
      co_return co_await get(url);
    } catch (const std::exception &) {
    }
  }
  co_return "";
}

int plain_loop(std::stop_token stop) {
  int sum = 0;
  for (int i = 0; i < 10; ++i)
    sum += i;
  return sum;
}

rt::Task<int> counting(std::stop_token stop) {
  int sum = 0;
  for (int i = 0; i < 10; ++i)
    sum += i;
  co_return sum;
}

rt::Task<std::string> suppressed(std::string url, std::stop_token cancel) {
  for (;;) { // NOLINT(async-missing-timeout)
    try {
      co_return co_await get(url);
    } catch (...) {
    }
  }
}

// Near-misses of the result-decides form.
// The token is checked before each attempt.
rt::Task<std::string> retry_until_ok_stoppable(std::string url,
                                               std::stop_token stop) {
  for (int attempt = 0; attempt < 8; ++attempt) {
    if (stop.stop_requested())
      break;
    std::string body = co_await get(url);
    if (!body.empty())
      co_return body;
  }
  co_return "";
}

// Each attempt works on another index: a walk that stops at the first
// failure, not a retry.
rt::Task<int> first_down(std::vector<std::string> urls, std::stop_token stop) {
  for (std::size_t i = 0; i < urls.size(); ++i) {
    bool up = co_await probe(urls[i]);
    if (!up)
      co_return static_cast<int>(i);
  }
  co_return -1;
}

// Nothing counts the attempts: a receive loop that ends on a message.
rt::Task<void> read_until_empty(std::string url, std::stop_token stop) {
  for (;;) {
    std::string body = co_await get(url);
    if (body.empty())
      co_return;
  }
}

// The exit does not read the awaited result: a fixed number of pings.
rt::Task<void> ping_three_times(std::string url, std::stop_token stop) {
  int sent = 0;
  for (;;) {
    (void)co_await probe(url);
    if (++sent == 3)
      co_return;
  }
}

// ------------------------------------------------- negatives: Asio

// One attempt per element, each on its own element: a failure moves the
// loop on to the next one; after a cancellation every await throws at
// once, so it runs out quickly. Not a retry.
asio::awaitable<void> each_url_once(std::vector<std::string> urls) {
  for (const std::string &url : urls) {
    try {
      co_await fetch(url);
    } catch (const std::exception &) {
    }
  }
}

asio::awaitable<std::string> rethrows_asio(std::string url) {
  for (int attempt = 0;; ++attempt) {
    try {
      co_return co_await fetch(url);
    } catch (const std::exception &) {
      if (attempt == 4)
        throw;
    }
  }
}

asio::awaitable<std::string> unrelated_error(std::string url) {
  for (;;) {
    try {
      co_return co_await fetch(url);
    } catch (const std::invalid_argument &) {
    }
  }
}

asio::awaitable<std::string> cancellation_rethrown_first(std::string url) {
  for (;;) {
    try {
      co_return co_await fetch(url);
    } catch (const std::system_error &) {
      throw;
    } catch (const std::exception &) {
    }
  }
}

asio::awaitable<std::string> cancellation_rethrown_after_logging(
    std::string url, int &failures) {
  for (;;) {
    try {
      co_return co_await fetch(url);
    } catch (...) {
      ++failures;
      throw;
    }
  }
}

asio::awaitable<std::string> checks_state(std::string url) {
  for (;;) {
    try {
      co_return co_await fetch(url);
    } catch (const std::exception &) {
    }
    if ((co_await asio::this_coro::cancellation_state).cancelled() !=
        asio::cancellation_type::none)
      throw asio::system_error(asio::error::operation_aborted);
  }
}

asio::awaitable<std::string> backoff_without_try(std::string url) {
  for (int attempt = 0; attempt < 3; ++attempt) {
    std::string body = co_await fetch(url);
    if (!body.empty())
      co_return body;
    asio::steady_timer pause(co_await asio::this_coro::executor, 25ms);
    co_await pause.async_wait(asio::use_awaitable);
  }
  co_return "";
}

asio::awaitable<int> try_without_await(std::vector<std::string> items) {
  int parsed = 0;
  for (const std::string &item : items) {
    try {
      parsed += std::stoi(item);
    } catch (const std::exception &) {
    }
  }
  co_return parsed;
}

asio::awaitable<std::string> gives_up(std::string url) {
  for (;;) {
    try {
      co_return co_await fetch(url);
    } catch (const std::exception &) {
      break;
    }
  }
  co_return "";
}

void retry_in_handler_lambda() {
  for (int attempt = 0; attempt < 3; ++attempt) {
    auto once = [](std::string url) -> asio::awaitable<std::string> {
      co_return co_await fetch(url);
    };
    (void)once;
  }
}

mock::Task<> other_framework() {
  for (int attempt = 0; attempt < 3; ++attempt) {
    try {
      co_await mock::work();
    } catch (...) {
    }
  }
}

// Only the loop that retries is reported; the one around it is silent.
asio::awaitable<void> nested(std::vector<std::string> urls) {
  for (const std::string &url : urls) {
    for (int attempt = 0; attempt < 3; ++attempt) {
      // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: this retry loop catches the error a cancellation raises
      try {
        co_await fetch(url);
        break;
      } catch (const std::exception &) {
        // CHECK-MESSAGES: :[[@LINE-1]]:9: note: the error a cancellation raises is caught here
      }
    }
  }
}
// CHECK-FIXES: } catch (const std::exception &) {
// CHECK-FIXES: if ((co_await asio::this_coro::cancellation_state).cancelled() != asio::cancellation_type::none)
