// The check against real libstdc++ and standalone Asio headers.
// RUN: %check_asynclint %s async-blocking-in-coroutine %t -- -std=c++20 %asioflags

#include <asio.hpp>
#include <chrono>
#include <future>
#include <netdb.h>
#include <string>
#include <thread>

using namespace std::chrono_literals;

asio::awaitable<void> handler(std::future<int> result, asio::io_context &ctx) {
  std::this_thread::sleep_for(20ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'sleep_for' blocks the thread that runs the event loop (a sleep)
  // CHECK-FIXES: asio::steady_timer pause(co_await asio::this_coro::executor, 20ms);
  // CHECK-FIXES-NEXT: co_await pause.async_wait(asio::use_awaitable);
  int value = result.get();
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: 'get' blocks the thread that runs the event loop (a blocking wait)
  ctx.run();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'run' blocks the thread that runs the event loop (it runs an event loop inside the event loop)
  (void)value;
  co_return;
}

// Negatives: the same calls off the loop, or not blocking.
asio::thread_pool pool{2};
asio::awaitable<int> off_the_loop(std::future<int> result) {
  asio::steady_timer timer(co_await asio::this_coro::executor, 20ms);
  co_await timer.async_wait(asio::use_awaitable);
  if (result.wait_for(0s) != std::future_status::ready)
    co_return 0;
  co_return co_await asio::co_spawn(
      pool, [&]() -> asio::awaitable<int> { co_return result.get(); },
      asio::use_awaitable);
}

void plain(asio::io_context &ctx) {
  std::this_thread::sleep_for(1ms);
  ctx.run();
}

// Name resolution through the C library blocks until the resolver answers.
std::string first_address(const std::string &host) {
  addrinfo *found = nullptr;
  if (::getaddrinfo(host.c_str(), "443", nullptr, &found) != 0)
    return {};
  ::freeaddrinfo(found);
  return host;
}

asio::awaitable<void> dial(std::string host) {
  std::string address = first_address(host);
  // CHECK-MESSAGES: :[[@LINE-1]]:25: warning: 'first_address' blocks the thread that runs the event loop
  (void)address;
  co_return;
}

// Negative: resolved by Asio's asynchronous resolver.
asio::awaitable<void> dial_async(asio::ip::tcp::resolver &resolver,
                                 std::string host) {
  auto endpoints =
      co_await resolver.async_resolve(host, "443", asio::use_awaitable);
  (void)endpoints;
}
