// RUN: %check_asynclint --unsafe-fixes %s async-missing-timeout %t -- %mockflags

// A deadline covers an await only when a timer is armed before it on every
// path and not spent since: lexical order is not enough across branches,
// loops and early returns.
#include "async-mocks.h"
// CHECK-FIXES: #include <asio/experimental/awaitable_operators.hpp>
// CHECK-FIXES: #include <variant>
// CHECK-FIXES: #include "async-mocks.h"

using namespace std::chrono_literals;

// A Beast-style stream: the stream is its own timer, re-armed per operation.
namespace beast {
struct tcp_stream {
  void expires_after(std::chrono::steady_clock::duration);
  template <class Token> asio::awaitable<std::size_t> async_read_some(int, Token);
  template <class Token> asio::awaitable<std::size_t> async_write_some(int, Token);
};
} // namespace beast

bool slow();
bool done();

// ---------------------------------------------------------------- positives

asio::awaitable<std::size_t> armed_after(asio::socket &sock,
                                         asio::steady_timer &watchdog) {
  std::size_t n = co_await sock.async_read_some(16, asio::use_awaitable);
  // CHECK-MESSAGES: :[[@LINE-1]]:28: warning: 'async_read_some' waits on another service
  watchdog.expires_after(5s);
  co_return n;
}

// Only the slow path arms the watchdog; the fast path waits unbounded.
asio::awaitable<std::size_t> armed_in_one_branch(asio::socket &sock,
                                                 asio::steady_timer &watchdog) {
  if (slow())
    watchdog.expires_after(5s);
  std::size_t n = co_await sock.async_read_some(16, asio::use_awaitable);
  // CHECK-MESSAGES: :[[@LINE-1]]:28: warning: 'async_read_some' waits on another service
  co_return n;
}
// CHECK-FIXES: if (slow())
// CHECK-FIXES-NEXT: watchdog.expires_after(5s);
// CHECK-FIXES-NEXT: using namespace asio::experimental::awaitable_operators;
// CHECK-FIXES-NEXT: asio::steady_timer deadline(co_await asio::this_coro::executor, 2s);
// CHECK-FIXES-NEXT: auto first = co_await (sock.async_read_some(16, asio::use_awaitable) || deadline.async_wait(asio::use_awaitable));
// CHECK-FIXES-NEXT: if (first.index() == 1)
// CHECK-FIXES-NEXT: throw asio::system_error(asio::error::timed_out, "async_read_some");
// CHECK-FIXES-NEXT: std::size_t n = std::get<0>(std::move(first));

// Armed at the end of each iteration: the first read has no deadline.
asio::awaitable<void> armed_after_in_loop(asio::socket &sock,
                                          asio::steady_timer &watchdog) {
  while (!done()) {
    co_await sock.async_read_some(16, asio::use_awaitable);
    // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: 'async_read_some' waits on another service
    watchdog.expires_after(5s);
  }
}

// Cancelled at the end of the loop body: from the second read on, nothing
// bounds the wait.
asio::awaitable<void> cancelled_in_loop(asio::socket &sock,
                                        asio::steady_timer &watchdog) {
  watchdog.expires_after(5s);
  while (!done()) {
    co_await sock.async_read_some(16, asio::use_awaitable);
    // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: 'async_read_some' waits on another service
    watchdog.cancel();
  }
}

// Cancelled on one path before the read.
asio::awaitable<std::size_t> cancelled_in_one_branch(asio::socket &sock,
                                                     asio::steady_timer &watchdog) {
  watchdog.expires_after(5s);
  if (slow())
    watchdog.cancel();
  std::size_t n = co_await sock.async_read_some(16, asio::use_awaitable);
  // CHECK-MESSAGES: :[[@LINE-1]]:28: warning: 'async_read_some' waits on another service
  co_return n;
}

// The race spends the timer: the write after it has no deadline.
asio::awaitable<void> spent_by_a_race(asio::socket &sock) {
  using namespace asio::experimental::awaitable_operators;
  asio::steady_timer timer(co_await asio::this_coro::executor, 1s);
  co_await (sock.async_read_some(16, asio::use_awaitable) ||
            timer.async_wait(asio::use_awaitable));
  co_await sock.async_connect(80, asio::use_awaitable);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'async_connect' waits on another service
  // CHECK-FIXES: auto first = co_await (sock.async_connect(80, asio::use_awaitable) || deadline.async_wait(asio::use_awaitable));
}

// The first await may throw before the watchdog is armed; the connect
// after the try then waits unbounded.
asio::awaitable<void> armed_inside_try(asio::socket &sock,
                                       asio::steady_timer &watchdog) {
  try {
    co_await asio::async_op();
    watchdog.expires_after(5s);
  } catch (...) {
  }
  co_await sock.async_connect(80, asio::use_awaitable);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'async_connect' waits on another service
}

// ---------------------------------------------------------------- negatives

// Armed before the try: the reconnect after a failure has the deadline
// too.
asio::awaitable<void> armed_before_try(asio::socket &sock,
                                       asio::steady_timer &watchdog) {
  watchdog.expires_after(5s);
  bool failed = false;
  try {
    co_await sock.async_connect(80, asio::use_awaitable);
  } catch (...) {
    failed = true;
  }
  if (failed)
    co_await sock.async_connect(81, asio::use_awaitable);
}

// Armed on both branches: every path has a deadline.
asio::awaitable<std::size_t> armed_on_both_branches(asio::socket &sock,
                                                    asio::steady_timer &watchdog) {
  if (slow())
    watchdog.expires_after(30s);
  else
    watchdog.expires_after(5s);
  co_return co_await sock.async_read_some(16, asio::use_awaitable);
}

// The branch that does not arm returns before the read.
asio::awaitable<std::size_t> returns_unless_armed(asio::socket &sock,
                                                  asio::steady_timer &watchdog) {
  if (slow())
    watchdog.expires_after(5s);
  else
    co_return 0;
  co_return co_await sock.async_read_some(16, asio::use_awaitable);
}

asio::awaitable<void> beast_style(beast::tcp_stream &stream) {
  stream.expires_after(30s);
  co_await stream.async_read_some(16, asio::use_awaitable);
  stream.expires_after(30s);
  co_await stream.async_write_some(16, asio::use_awaitable);
}

asio::awaitable<void> armed_in_each_iteration(beast::tcp_stream &stream) {
  for (int i = 0; i < 3; ++i) {
    stream.expires_after(5s);
    co_await stream.async_read_some(16, asio::use_awaitable);
  }
}

// The race spends the timer; re-armed, it bounds each later read.
asio::awaitable<void> rearmed_after_a_race(asio::socket &sock) {
  using namespace asio::experimental::awaitable_operators;
  asio::steady_timer timer(co_await asio::this_coro::executor, 1s);
  co_await (sock.async_connect(80, asio::use_awaitable) ||
            timer.async_wait(asio::use_awaitable));
  while (!done()) {
    timer.expires_after(1s);
    co_await sock.async_read_some(16, asio::use_awaitable);
  }
}

// The cancel ends the loop: no read runs after it.
asio::awaitable<void> cancelled_on_the_way_out(asio::socket &sock,
                                               asio::steady_timer &watchdog) {
  watchdog.expires_after(5s);
  for (;;) {
    co_await sock.async_read_some(16, asio::use_awaitable);
    if (done()) {
      watchdog.cancel();
      break;
    }
  }
}

asio::awaitable<std::size_t> cancelled_after(asio::socket &sock,
                                             asio::steady_timer &watchdog) {
  watchdog.expires_after(5s);
  std::size_t n = co_await sock.async_read_some(16, asio::use_awaitable);
  watchdog.cancel();
  co_return n;
}

// A helper that arms the watchdog it is handed arms it for the caller.
void arm_watchdog(asio::steady_timer &watchdog,
                  std::chrono::steady_clock::duration limit) {
  watchdog.expires_after(limit);
}
void log_only(asio::steady_timer &watchdog) { (void)watchdog; }

asio::awaitable<std::size_t> helper_arms_first(asio::socket &sock,
                                               asio::steady_timer &watchdog) {
  if (slow())
    arm_watchdog(watchdog, 250ms);
  else
    arm_watchdog(watchdog, 2s);
  co_return co_await sock.async_read_some(16, asio::use_awaitable);
}

asio::awaitable<std::size_t> helper_arms_after(asio::socket &sock,
                                               asio::steady_timer &watchdog) {
  std::size_t n = co_await sock.async_read_some(16, asio::use_awaitable);
  // CHECK-MESSAGES: :[[@LINE-1]]:28: warning: 'async_read_some' waits on another service
  arm_watchdog(watchdog, 1s);
  co_return n;
}

asio::awaitable<std::size_t> helper_arms_nothing(asio::socket &sock,
                                                 asio::steady_timer &watchdog) {
  log_only(watchdog);
  std::size_t n = co_await sock.async_read_some(16, asio::use_awaitable);
  // CHECK-MESSAGES: :[[@LINE-1]]:28: warning: 'async_read_some' waits on another service
  co_return n;
}
