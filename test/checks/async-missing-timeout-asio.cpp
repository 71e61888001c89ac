// RUN: %check_asynclint --unsafe-fixes %s async-missing-timeout %t -- %mockflags

// The Asio fix: race the operation against a steady_timer with the ||
// awaitable operator and throw timed_out when the timer wins.
#include "async-mocks.h"
// CHECK-FIXES: #include <asio/experimental/awaitable_operators.hpp>
// CHECK-FIXES: #include <variant>
// CHECK-FIXES: #include "async-mocks.h"

using namespace std::chrono_literals;

// ---------------------------------------------------------------- positives

asio::awaitable<std::size_t> header_size(asio::socket &sock) {
  std::size_t n = co_await sock.async_read_some(16, asio::use_awaitable);
  // CHECK-MESSAGES: :[[@LINE-1]]:28: warning: 'async_read_some' waits on another service with no deadline and no way to cancel it: if the peer never answers, this coroutine waits forever [async-missing-timeout]
  co_return n;
}
// CHECK-FIXES: asio::awaitable<std::size_t> header_size(asio::socket &sock) {
// CHECK-FIXES-NEXT: using namespace asio::experimental::awaitable_operators;
// CHECK-FIXES-NEXT: asio::steady_timer deadline(co_await asio::this_coro::executor, 2s);
// CHECK-FIXES-NEXT: auto first = co_await (sock.async_read_some(16, asio::use_awaitable) || deadline.async_wait(asio::use_awaitable));
// CHECK-FIXES-NEXT: if (first.index() == 1)
// CHECK-FIXES-NEXT: throw asio::system_error(asio::error::timed_out, "async_read_some");
// CHECK-FIXES-NEXT: std::size_t n = std::get<0>(std::move(first));

asio::awaitable<std::size_t> returned(asio::socket &sock) {
  co_return co_await sock.async_read_some(16, asio::use_awaitable);
  // CHECK-MESSAGES: :[[@LINE-1]]:22: warning: 'async_read_some' waits on another service
}
// CHECK-FIXES: asio::awaitable<std::size_t> returned(asio::socket &sock) {
// CHECK-FIXES-NEXT: using namespace asio::experimental::awaitable_operators;
// CHECK-FIXES-NEXT: asio::steady_timer deadline(co_await asio::this_coro::executor, 2s);
// CHECK-FIXES-NEXT: auto first = co_await (sock.async_read_some(16, asio::use_awaitable) || deadline.async_wait(asio::use_awaitable));
// CHECK-FIXES-NEXT: if (first.index() == 1)
// CHECK-FIXES-NEXT: throw asio::system_error(asio::error::timed_out, "async_read_some");
// CHECK-FIXES-NEXT: co_return std::get<0>(std::move(first));

// Two waits in one function: two timers, each fix with its own
// using-directive (it must compile whichever fixes are applied). The
// parameters already spell 'deadline' and 'first' (one of them unused), so
// the new declarations take other names.
asio::awaitable<void> connect_then_read(asio::socket &sock, int deadline,
                                        int first) {
  co_await sock.async_connect(deadline, asio::use_awaitable);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'async_connect' waits on another service
  std::size_t n = 0;
  n = co_await sock.async_read_some(16, asio::use_awaitable);
  // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: 'async_read_some' waits on another service
  (void)n;
}
// CHECK-FIXES: int first) {
// CHECK-FIXES-NEXT: using namespace asio::experimental::awaitable_operators;
// CHECK-FIXES-NEXT: asio::steady_timer deadline2(co_await asio::this_coro::executor, 2s);
// CHECK-FIXES-NEXT: auto first2 = co_await (sock.async_connect(deadline, asio::use_awaitable) || deadline2.async_wait(asio::use_awaitable));
// CHECK-FIXES-NEXT: if (first2.index() == 1)
// CHECK-FIXES-NEXT: throw asio::system_error(asio::error::timed_out, "async_connect");
// CHECK-FIXES: std::size_t n = 0;
// CHECK-FIXES-NEXT: using namespace asio::experimental::awaitable_operators;
// CHECK-FIXES-NEXT: asio::steady_timer deadline3(co_await asio::this_coro::executor, 2s);
// CHECK-FIXES-NEXT: auto first3 = co_await (sock.async_read_some(16, asio::use_awaitable) || deadline3.async_wait(asio::use_awaitable));
// CHECK-FIXES-NEXT: if (first3.index() == 1)
// CHECK-FIXES-NEXT: throw asio::system_error(asio::error::timed_out, "async_read_some");
// CHECK-FIXES-NEXT: n = std::get<0>(std::move(first3));

// The first wait is suppressed: the second's fix still compiles alone (its
// names skip those the suppressed fix would have taken).
asio::awaitable<std::size_t> one_suppressed(asio::socket &sock) {
  co_await sock.async_connect(80, asio::use_awaitable); // NOLINT(async-missing-timeout)
  std::size_t n = co_await sock.async_read_some(16, asio::use_awaitable);
  // CHECK-MESSAGES: :[[@LINE-1]]:28: warning: 'async_read_some' waits on another service
  co_return n;
}
// CHECK-FIXES: co_await sock.async_connect(80, asio::use_awaitable); // NOLINT(async-missing-timeout)
// CHECK-FIXES-NEXT: using namespace asio::experimental::awaitable_operators;
// CHECK-FIXES-NEXT: asio::steady_timer deadline2(co_await asio::this_coro::executor, 2s);

void lambdas(asio::socket &sock) {
  auto read = [&]() -> asio::awaitable<std::size_t> {
    auto n = co_await sock.async_read_some(8, asio::use_awaitable);
    // CHECK-MESSAGES: :[[@LINE-1]]:23: warning: 'async_read_some' waits on another service
    co_return n;
  };
  (void)read;
}
// CHECK-FIXES: auto read = [&]() -> asio::awaitable<std::size_t> {
// CHECK-FIXES-NEXT: using namespace asio::experimental::awaitable_operators;
// CHECK-FIXES-NEXT: asio::steady_timer deadline(co_await asio::this_coro::executor, 2s);
// CHECK-FIXES: auto n = std::get<0>(std::move(first));

// A template whose coroutine type and operation do not depend on T: fixed
// once, in the pattern, not per instantiation.
template <int Scale>
asio::awaitable<std::size_t> read_scaled(asio::socket &sock) {
  std::size_t n = co_await sock.async_read_some(4, asio::use_awaitable);
  // CHECK-MESSAGES: :[[@LINE-1]]:28: warning: 'async_read_some' waits on another service
  co_return n * Scale;
}
template asio::awaitable<std::size_t> read_scaled<1>(asio::socket &);
template asio::awaitable<std::size_t> read_scaled<2>(asio::socket &);
// CHECK-FIXES: asio::awaitable<std::size_t> read_scaled(asio::socket &sock) {
// CHECK-FIXES-NEXT: using namespace asio::experimental::awaitable_operators;
// CHECK-FIXES: std::size_t n = std::get<0>(std::move(first));

// Diagnosed without a fix: the await comes from a macro, sits inside a
// larger expression or an unbraced if, or has no value to give back.
#define READ_SOME(s) co_await s.async_read_some(16, asio::use_awaitable)
asio::awaitable<std::size_t> from_macro(asio::socket &sock) {
  std::size_t n = READ_SOME(sock);
  // CHECK-MESSAGES: :[[@LINE-1]]:29: warning: 'async_read_some' waits on another service
  co_return n;
}

asio::awaitable<std::size_t> inside_expression(asio::socket &sock) {
  co_return 1 + co_await sock.async_read_some(16, asio::use_awaitable);
  // CHECK-MESSAGES: :[[@LINE-1]]:26: warning: 'async_read_some' waits on another service
}

asio::awaitable<void> unbraced(asio::socket &sock, bool reconnect) {
  if (reconnect)
    co_await sock.async_connect(80, asio::use_awaitable);
  // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: 'async_connect' waits on another service
}

asio::awaitable<void> void_returned(asio::socket &sock) {
  co_return co_await sock.async_connect(80, asio::use_awaitable);
  // CHECK-MESSAGES: :[[@LINE-1]]:22: warning: 'async_connect' waits on another service
}

// Templates whose awaits depend on the template: judged in their
// instantiations, reported once at the written place, without a fix.
template <class Socket> asio::awaitable<std::size_t> generic(Socket &sock) {
  co_return co_await sock.async_read_some(16, asio::use_awaitable);
  // CHECK-MESSAGES: :[[@LINE-1]]:22: warning: 'async_read_some' waits on another service with no deadline
}
template asio::awaitable<std::size_t> generic(asio::socket &);

template <class T> asio::awaitable<T> dependent_coroutine(asio::socket &sock) {
  co_return static_cast<T>(
      co_await sock.async_read_some(16, asio::use_awaitable));
  // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: 'async_read_some' waits on another service with no deadline
}
template asio::awaitable<int> dependent_coroutine<int>(asio::socket &);
template asio::awaitable<long> dependent_coroutine<long>(asio::socket &);

// ---------------------------------------------------------------- negatives

asio::awaitable<std::size_t> already_raced(asio::socket &sock) {
  using namespace asio::experimental::awaitable_operators;
  asio::steady_timer timer(co_await asio::this_coro::executor, 1s);
  auto first = co_await (sock.async_read_some(16, asio::use_awaitable) ||
                         timer.async_wait(asio::use_awaitable));
  co_return first.index() == 0 ? std::get<0>(first) : 0;
}

asio::awaitable<void> raced_void(asio::socket &sock) {
  using namespace asio::experimental::awaitable_operators;
  asio::steady_timer timer(co_await asio::this_coro::executor, 1s);
  co_await (sock.async_connect(80, asio::use_awaitable) ||
            timer.async_wait(asio::use_awaitable));
}

asio::awaitable<std::size_t> bound_to_slot(asio::socket &sock,
                                           asio::cancellation_slot slot) {
  co_return co_await sock.async_read_some(
      16, asio::bind_cancellation_slot(slot, asio::use_awaitable));
}

asio::awaitable<std::size_t> deadline_armed(asio::socket &sock,
                                            asio::steady_timer &watchdog) {
  watchdog.expires_after(5s);
  std::size_t n = co_await sock.async_read_some(16, asio::use_awaitable);
  co_return n;
}

asio::awaitable<void> accepts(asio::socket &listener) {
  co_await listener.async_accept(asio::use_awaitable);
}

asio::awaitable<std::size_t> forwards(asio::socket &sock) {
  return sock.async_read_some(16, asio::use_awaitable);
}

asio::awaitable<int> local_work() {
  int v = co_await asio::async_value();
  co_await asio::async_op();
  co_return v;
}

asio::awaitable<void> sleeps() {
  asio::steady_timer pause(co_await asio::this_coro::executor, 10ms);
  co_await pause.async_wait(asio::use_awaitable);
}

void forwarding_lambda(asio::socket &sock) {
  auto start = [&] { return sock.async_read_some(16, asio::use_awaitable); };
  (void)start;
}

asio::awaitable<std::size_t> suppressed(asio::socket &sock) {
  co_return co_await sock.async_read_some(16, asio::use_awaitable); // NOLINT(async-missing-timeout)
}

mock::Task<> other_framework(asio::socket &sock) {
  auto pending = sock.async_read_some(16, asio::use_awaitable);
  (void)pending;
  co_return;
}

asio::awaitable<void> nested_lambda_only(asio::socket &sock) {
  auto later = [&] { return sock.async_read_some(1, asio::use_awaitable); };
  (void)later;
  co_await asio::async_op();
}

// A channel's other end is a coroutine of the same program, not a peer.
asio::awaitable<int> channel_hand_off(
    asio::experimental::channel<void(std::error_code, int)> &queue) {
  co_await queue.async_send(std::error_code{}, 1, asio::use_awaitable);
  int value = co_await queue.async_receive(asio::use_awaitable);
  co_return value;
}

asio::awaitable<std::size_t> deadline_at(asio::socket &sock,
                                         asio::steady_timer &watchdog) {
  watchdog.expires_at(std::chrono::steady_clock::now() + 5s);
  co_return co_await sock.async_read_some(16, asio::use_awaitable);
}

namespace raced_elsewhere {
using namespace asio::experimental::awaitable_operators;
asio::awaitable<void> connect(asio::socket &sock) {
  asio::steady_timer timer(co_await asio::this_coro::executor, 1s);
  co_await (sock.async_connect(80, asio::use_awaitable) ||
            timer.async_wait(asio::use_awaitable));
}
} // namespace raced_elsewhere

asio::awaitable<void> server_loop(asio::socket &listener) {
  for (;;)
    co_await listener.async_accept(asio::use_awaitable);
}

struct OnRead {
  void operator()(asio::error_code, std::size_t) const {}
};
void completion_handler(asio::socket &sock) {
  asio::async_read(sock, 16, OnRead{});
}

void lambda_coroutines(asio::socket &sock, asio::cancellation_slot slot) {
  auto raced = [&]() -> asio::awaitable<void> {
    using namespace asio::experimental::awaitable_operators;
    asio::steady_timer timer(co_await asio::this_coro::executor, 1s);
    co_await (sock.async_connect(80, asio::use_awaitable) ||
              timer.async_wait(asio::use_awaitable));
  };
  auto bound = [&]() -> asio::awaitable<std::size_t> {
    co_return co_await sock.async_read_some(
        16, asio::bind_cancellation_slot(slot, asio::use_awaitable));
  };
  (void)raced;
  (void)bound;
}
