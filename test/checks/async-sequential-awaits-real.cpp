// The check against real Asio: the fix must compile with the real
// awaitable operators header, which it adds.
// RUN: %check_asynclint --unsafe-fixes %s async-sequential-awaits %t -- -std=c++20 %asioflags

#include <asio.hpp>
#include <chrono>
#include <string>

using namespace std::chrono_literals;

asio::awaitable<std::string> fetch_profile(int id) {
  asio::steady_timer timer(co_await asio::this_coro::executor, 12ms);
  co_await timer.async_wait(asio::use_awaitable);
  co_return "user" + std::to_string(id);
}
asio::awaitable<int> fetch_count(int id) { co_return id * 2; }

asio::awaitable<std::string> dashboard(int id) {
  auto profile = co_await fetch_profile(id);
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: 2 independent operations are awaited one after another
  auto count = co_await fetch_count(id);
  // CHECK-FIXES: using namespace asio::experimental::awaitable_operators;
  // CHECK-FIXES-NEXT: auto [profile, count] = co_await (fetch_profile(id) && fetch_count(id));
  co_return profile + std::to_string(count);
}

struct Card {
  std::string name;
  int count = 0;
  int twice = 0;
};

asio::awaitable<Card> card(int id) {
  Card c;
  c.name = co_await fetch_profile(id);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 3 independent operations are awaited one after another
  c.count = co_await fetch_count(id);
  c.twice = co_await fetch_count(id + 1);
  // CHECK-FIXES: std::tie(c.name, c.count, c.twice) = co_await (fetch_profile(id) && fetch_count(id) && fetch_count(id + 1));
  co_return c;
}

// The awaitable operators flatten a tuple result into the joined tuple:
// no fix.
asio::awaitable<std::tuple<int, int>> fetch_pair(int id) { co_return std::tuple{id, id}; }
asio::awaitable<int> pair_then_count(int id) {
  auto pair = co_await fetch_pair(id);
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: 2 independent operations are awaited one after another: their latencies add up; await them together so they run concurrently (no fix: a result is itself a tuple) [async-sequential-awaits]
  auto count = co_await fetch_count(id);
  // CHECK-FIXES: auto pair = co_await fetch_pair(id);
  co_return std::get<0>(pair) + count;
}

// Negatives: dependent, and ordered by a timer.
asio::awaitable<std::string> chained(int id) {
  auto count = co_await fetch_count(id);
  auto profile = co_await fetch_profile(count);
  asio::steady_timer timer(co_await asio::this_coro::executor, 1ms);
  co_await timer.async_wait(asio::use_awaitable);
  co_return profile;
}
