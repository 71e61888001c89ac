// RUN: %check_asynclint --unsafe-fixes %s async-missing-timeout %t -- %mockflags

// The Asio fix in Boost's spelling (a file of its own: one translation unit
// rarely mixes both Asios, and their headers would be inserted at the same
// place).
#include "async-mocks.h"

using namespace std::chrono_literals;

// ---------------------------------------------------------------- positives

boost::asio::awaitable<std::size_t> boost_read(boost::asio::socket &sock) {
  std::size_t n = co_await sock.async_read_some(16, boost::asio::use_awaitable);
  // CHECK-MESSAGES: :[[@LINE-1]]:28: warning: 'async_read_some' waits on another service
  co_return n;
}
// CHECK-FIXES: boost::asio::awaitable<std::size_t> boost_read(boost::asio::socket &sock) {
// CHECK-FIXES-NEXT: using namespace boost::asio::experimental::awaitable_operators;
// CHECK-FIXES-NEXT: boost::asio::steady_timer deadline(co_await boost::asio::this_coro::executor, 2s);
// CHECK-FIXES-NEXT: auto first = co_await (sock.async_read_some(16, boost::asio::use_awaitable) || deadline.async_wait(boost::asio::use_awaitable));
// CHECK-FIXES-NEXT: if (first.index() == 1)
// CHECK-FIXES-NEXT: throw boost::system::system_error(boost::asio::error::timed_out, "async_read_some");
// CHECK-FIXES-NEXT: std::size_t n = std::get<0>(std::move(first));

// ---------------------------------------------------------------- negatives

boost::asio::awaitable<std::size_t> boost_raced(boost::asio::socket &sock) {
  using namespace boost::asio::experimental::awaitable_operators;
  boost::asio::steady_timer timer(co_await boost::asio::this_coro::executor,
                                  1s);
  auto first = co_await (sock.async_read_some(16, boost::asio::use_awaitable) ||
                         timer.async_wait(boost::asio::use_awaitable));
  co_return first.index() == 0 ? std::get<0>(first) : 0;
}

boost::asio::awaitable<void> boost_sleeps() {
  boost::asio::steady_timer pause(co_await boost::asio::this_coro::executor,
                                  10ms);
  co_await pause.async_wait(boost::asio::use_awaitable);
}

boost::asio::awaitable<std::size_t> boost_forwards(boost::asio::socket &sock) {
  return sock.async_read_some(16, boost::asio::use_awaitable);
}
