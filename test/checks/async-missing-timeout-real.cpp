// The check against real libstdc++ and standalone Asio headers: the Asio
// fix must compile against the real awaitable operators.
// RUN: %check_asynclint --unsafe-fixes %s async-missing-timeout %t -- -std=c++20 %asioflags

#include <asio.hpp>
#include <asio/experimental/awaitable_operators.hpp>
#include <asio/experimental/channel.hpp>
#include <array>
#include <chrono>
#include <exception>
#include <string>

using namespace std::chrono_literals;
using asio::ip::tcp;

// ---------------------------------------------------------------- positives

asio::awaitable<std::size_t> read_some(tcp::socket &sock,
                                       std::array<char, 64> &buf) {
  std::size_t n = co_await sock.async_read_some(asio::buffer(buf),
                                                asio::use_awaitable);
  // CHECK-MESSAGES: :[[@LINE-2]]:28: warning: 'async_read_some' waits on another service
  co_return n;
}
// CHECK-FIXES: #include <variant>
// CHECK-FIXES: std::array<char, 64> &buf) {
// CHECK-FIXES-NEXT: using namespace asio::experimental::awaitable_operators;
// CHECK-FIXES-NEXT: asio::steady_timer deadline(co_await asio::this_coro::executor, 2s);
// CHECK-FIXES-NEXT: auto first = co_await (sock.async_read_some(asio::buffer(buf),
// CHECK-FIXES-NEXT: asio::use_awaitable) || deadline.async_wait(asio::use_awaitable));
// CHECK-FIXES-NEXT: if (first.index() == 1)
// CHECK-FIXES-NEXT: throw asio::system_error(asio::error::timed_out, "async_read_some");
// CHECK-FIXES-NEXT: std::size_t n = std::get<0>(std::move(first));

asio::awaitable<std::string> fetch(std::string url);
asio::awaitable<std::string> retry(std::string url) {
  for (int attempt = 0; attempt < 3; ++attempt) {
    // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: this retry loop catches the error a cancellation raises
    try {
      co_return co_await fetch(url);
    } catch (const asio::system_error &) {
      // CHECK-MESSAGES: :[[@LINE-1]]:7: note: the error a cancellation raises is caught here
    }
  }
  co_return "";
}
// CHECK-FIXES: if ((co_await asio::this_coro::cancellation_state).cancelled() != asio::cancellation_type::none)
// CHECK-FIXES-NEXT: throw asio::system_error(asio::error::operation_aborted);

// A deadline kept in a local is seen by nobody: no watchdog enforces it.
asio::awaitable<std::size_t>
local_deadline_only(tcp::socket &sock, std::array<char, 64> &buf) {
  std::chrono::steady_clock::time_point deadline{};
  deadline = std::chrono::steady_clock::now() + 10s;
  std::size_t n = co_await sock.async_read_some(asio::buffer(buf),
                                                asio::use_awaitable);
  // CHECK-MESSAGES: :[[@LINE-2]]:28: warning: 'async_read_some' waits on another service
  (void)deadline;
  co_return n;
}

// ---------------------------------------------------------------- negatives

asio::awaitable<std::size_t> raced(tcp::socket &sock,
                                   std::array<char, 64> &buf) {
  using namespace asio::experimental::awaitable_operators;
  asio::steady_timer timer(co_await asio::this_coro::executor, 1s);
  auto first = co_await (sock.async_read_some(asio::buffer(buf),
                                              asio::use_awaitable) ||
                         timer.async_wait(asio::use_awaitable));
  co_return first.index() == 0 ? std::get<0>(first) : 0;
}

asio::awaitable<void> serve(tcp::acceptor &acceptor) {
  for (;;) {
    tcp::socket peer = co_await acceptor.async_accept(asio::use_awaitable);
    peer.close();
  }
}

asio::awaitable<std::size_t> watchdog_armed(tcp::socket &sock,
                                            std::array<char, 64> &buf) {
  asio::steady_timer watchdog(co_await asio::this_coro::executor);
  watchdog.expires_after(5s);
  co_return co_await sock.async_read_some(asio::buffer(buf),
                                          asio::use_awaitable);
}

asio::awaitable<std::string> retry_checks_state(std::string url) {
  for (int attempt = 0; attempt < 3; ++attempt) {
    try {
      co_return co_await fetch(url);
    } catch (const std::exception &) {
    }
    if ((co_await asio::this_coro::cancellation_state).cancelled() !=
        asio::cancellation_type::none)
      throw asio::system_error(asio::error::operation_aborted);
  }
  co_return "";
}

// Real Asio declares async_send/async_receive in a base of the channel: the
// other end is still a coroutine of this program, not a peer.
asio::awaitable<int>
hand_off(asio::experimental::channel<void(asio::error_code, int)> &queue,
         asio::experimental::channel<void()> *lock) {
  co_await queue.async_send(asio::error_code{}, 1, asio::use_awaitable);
  co_await lock->async_send(asio::use_awaitable);
  co_return co_await queue.async_receive(asio::use_awaitable);
}

// The watchdog idiom: the deadline is published through a reference (or a
// member) and another coroutine racing this one enforces it.
asio::awaitable<void> echo_fed_watchdog(tcp::socket &sock,
                                        std::chrono::steady_clock::time_point &deadline) {
  std::array<char, 64> data;
  for (;;) {
    deadline = std::chrono::steady_clock::now() + 10s;
    std::size_t n = co_await sock.async_read_some(asio::buffer(data),
                                                  asio::use_awaitable);
    co_await asio::async_write(sock, asio::buffer(data, n), asio::use_awaitable);
  }
}

struct Session {
  tcp::socket sock;
  std::chrono::steady_clock::time_point deadline;
  asio::awaitable<std::size_t> read(std::array<char, 64> &buf) {
    deadline = std::chrono::steady_clock::now() + 10s;
    co_return co_await sock.async_read_some(asio::buffer(buf),
                                            asio::use_awaitable);
  }
};
