// RUN: %check_asynclint --unsafe-fixes --config="{CheckOptions: {async-missing-timeout.ExtraIoOperations: 'rt::sim::Service::call'}}" %s async-missing-timeout %t -- %mockflags

#include "async-mocks.h"
#include <string>

using namespace std::chrono_literals;

rt::Task<int> lookup(std::string key);
rt::Task<int> lookup(std::string key, std::stop_token token);
void refresh(int id);
void refresh(int id, std::stop_token token);

// ---------------------------------------------------------------- positives

rt::Task<int> quote(rt::sim::Service &upstream, std::stop_token cancel) {
  int price = co_await upstream.call();
  // CHECK-MESSAGES: :[[@LINE-1]]:24: warning: 'call' waits on another service with no deadline and no way to cancel it: if the peer never answers, this coroutine waits forever [async-missing-timeout]
  // CHECK-FIXES: int price = co_await rt::with_timeout(upstream.call(), 2s, cancel);
  co_return price;
}

rt::Task<int> quote_without_token(rt::sim::Service &upstream) {
  co_return co_await upstream.call();
  // CHECK-MESSAGES: :[[@LINE-1]]:22: warning: 'call' waits on another service
  // CHECK-FIXES: co_return co_await rt::with_timeout(upstream.call(), 2s);
}

asio::awaitable<std::size_t> read_header(asio::socket &sock) {
  co_await sock.async_connect(80, asio::use_awaitable);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'async_connect' waits on another service
  co_return co_await sock.async_read_some(16, asio::use_awaitable);
  // CHECK-MESSAGES: :[[@LINE-1]]:22: warning: 'async_read_some' waits on another service
}

rt::Task<int> ignores_token(std::string key, std::stop_token cancel) {
  for (int attempt = 0; attempt < 3; ++attempt) {
    int value = co_await lookup(key);
    // CHECK-MESSAGES: :[[@LINE-1]]:26: warning: 'lookup' has an overload that takes a std::stop_token, but 'cancel' is not passed on: a cancelled caller keeps waiting for this call [async-missing-timeout]
    // CHECK-FIXES: int value = co_await lookup(key, cancel);
    if (value > 0)
      co_return value;
  }
  co_return 0;
}

void plain_function_with_token(int id, std::stop_token stop) {
  refresh(id);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'refresh' has an overload that takes a std::stop_token, but 'stop' is not passed on
  // CHECK-FIXES: refresh(id, stop);
}

// ---------------------------------------------------------------- negatives

rt::Task<int> with_deadline(rt::sim::Service &upstream, std::stop_token cancel) {
  int a = co_await rt::with_timeout(upstream.call(), 2s, cancel);
  int b = co_await upstream.call(cancel);
  co_return a + b;
}

asio::awaitable<std::size_t> raced_or_bound(asio::socket &sock,
                                            asio::cancellation_slot slot) {
  co_await sock.async_connect(
      80, asio::bind_cancellation_slot(slot, asio::use_awaitable));
  co_return co_await sock.async_accept(asio::use_awaitable);
}

asio::awaitable<std::size_t> deadline_timer(asio::socket &sock,
                                            asio::steady_timer &timer) {
  timer.expires_after(5s);
  co_return co_await sock.async_read_some(16, asio::use_awaitable);
}

rt::Task<int> token_passed(std::string key, std::stop_token cancel) {
  int value = co_await lookup(key, cancel);
  refresh(value, cancel);
  co_return value;
}

rt::Task<int> no_token_in_scope(std::string key) {
  co_return co_await lookup(key);
}

void no_token_plain(int id) { refresh(id); }

rt::Task<int> local_work(std::stop_token cancel) {
  co_await rt::sleep_for(10ms, cancel);
  co_return 1;
}

void not_a_coroutine(rt::sim::Service &upstream) {
  auto pending = upstream.call();
  (void)pending;
}

rt::Task<int> lookup(std::string key, int retries);
rt::Task<int> fetch(int id, std::stop_token token, int retries);
rt::Task<int> fetch(int id);
rt::Task<int> overloads_that_do_not_match(std::string key,
                                          std::stop_token cancel) {
  int a = co_await lookup(key, 3);
  int b = co_await fetch(1);
  co_return a + b;
}

rt::Task<int> compute_only(std::stop_token cancel) {
  co_return co_await mock::compute(1);
}

rt::Task<int> local_token(rt::sim::Service &upstream, std::stop_source &source) {
  std::stop_token token = source.get_token();
  co_return co_await upstream.call(token);
}

struct Client {
  rt::Task<int> get(int id);
  rt::Task<int> get(int id, std::stop_token token);
  rt::Task<int> refresh_all(std::stop_token cancel) {
    co_return co_await get(1, cancel);
  }
};

asio::awaitable<void> server(asio::socket &listener) {
  for (;;)
    co_await listener.async_accept(asio::use_awaitable);
}

rt::Task<int> suppressed(rt::sim::Service &upstream) {
  co_return co_await upstream.call(); // NOLINT(async-missing-timeout)
}
