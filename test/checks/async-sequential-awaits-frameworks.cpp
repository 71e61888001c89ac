// The join a fix writes is the framework's own, from its profile: folly's
// collectAll, cppcoro's when_all, Cobalt's join, each awaited to a tuple of
// the values. A framework whose join hands back wrapped results (libcoro's
// when_all gives tasks, async_simple's collectAll gives Try) gets no fix.
// RUN: %check_asynclint --unsafe-fixes %s async-sequential-awaits %t -- -std=c++20 -I%S/Inputs

#include "join-frameworks.h"
#include <string>

folly::coro::Task<int> price(std::string sku);
folly::coro::Task<int> stock(std::string sku);

folly::coro::Task<int> folly_quote(std::string sku) {
  int p = co_await price(sku);
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: 2 independent operations are awaited one after another
  int s = co_await stock(sku);
  // CHECK-FIXES: auto [p, s] = co_await folly::coro::collectAll(price(sku), stock(sku));
  co_return p * s;
}

cppcoro::task<int> width(int id);
cppcoro::task<int> height(int id);

cppcoro::task<int> cppcoro_area(int id) {
  int w = co_await width(id);
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: 2 independent operations are awaited one after another
  int h = co_await height(id);
  // CHECK-FIXES: auto [w, h] = co_await cppcoro::when_all(width(id), height(id));
  co_return w * h;
}

boost::cobalt::task<int> left(int id);
boost::cobalt::task<int> right(int id);

boost::cobalt::task<int> cobalt_sum(int id) {
  int l = co_await left(id);
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: 2 independent operations are awaited one after another
  int r = co_await right(id);
  // CHECK-FIXES: auto [l, r] = co_await boost::cobalt::join(left(id), right(id));
  co_return l + r;
}

// Tasks created first and awaited by name. No coroutine of the unit returns
// task<long>, so its promise is never instantiated: the profile says the
// framework's task is lazy, and each starts only at its own await.
boost::cobalt::task<long> region_of(int id);
boost::cobalt::task<long> tier_of(int id);

boost::cobalt::task<int> cobalt_named(int id) {
  auto region_task = region_of(id);
  auto tier_task = tier_of(id);
  long region = co_await std::move(region_task);
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: 2 independent operations are awaited one after another
  long tier = co_await tier_task;
  // CHECK-FIXES: auto [region, tier] = co_await boost::cobalt::join(std::move(region_task), std::move(tier_task));
  co_return static_cast<int>(region + tier);
}

// libcoro: when_all hands back its tasks, not their values: no fix.
coro::task<int> first(int id);
coro::task<int> second(int id);

coro::task<int> libcoro_sum(int id) {
  int a = co_await first(id);
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: 2 independent operations are awaited one after another: their latencies add up; await them together so they run concurrently (no fix: no join is known for these tasks here)
  int b = co_await second(id);
  // CHECK-FIXES: int a = co_await first(id);
  // CHECK-FIXES: int b = co_await second(id);
  co_return a + b;
}

// Near-misses: the second depends on the first, or the results are used in
// between: silent in every framework.
folly::coro::Task<int> folly_dependent(std::string sku) {
  int p = co_await price(sku);
  int s = co_await stock(std::to_string(p));
  co_return s;
}

cppcoro::task<int> cppcoro_dependent(int id) {
  int w = co_await width(id);
  int h = co_await height(w);
  co_return h;
}

boost::cobalt::task<int> cobalt_used_between(int id) {
  int l = co_await left(id);
  if (l < 0)
    co_return 0;
  int r = co_await right(id);
  co_return l + r;
}

coro::task<int> libcoro_dependent(int id) {
  int a = co_await first(id);
  int b = co_await second(a);
  co_return b;
}

// concurrencpp's lazy_result gets its promise from a partial
// specialization of std::coroutine_traits that this unit never instantiates
// for lazy_result<double> (no coroutine here returns one): its profile says
// it is a lazy task. Created first and awaited one by one, the tasks run
// one after another.
namespace concurrencpp {
template <class T> class lazy_result {
public:
  struct awaitable {
    bool await_ready() noexcept { return false; }
    void await_suspend(std::coroutine_handle<>) noexcept {}
    T await_resume();
  };
  awaitable operator co_await() &&;
};
template <class T> struct lazy_promise : joinmock::Returns<T> {
  lazy_result<T> get_return_object();
  std::suspend_always initial_suspend() noexcept { return {}; }
  std::suspend_always final_suspend() noexcept { return {}; }
  void unhandled_exception() {}
};
} // namespace concurrencpp
template <class T, class... Arguments>
struct std::coroutine_traits<concurrencpp::lazy_result<T>, Arguments...> {
  using promise_type = concurrencpp::lazy_promise<T>;
};
concurrencpp::lazy_result<double> headroom_of(int account);
concurrencpp::lazy_result<double> power_of(int account);

concurrencpp::result<bool> admit(int account) {
  auto headroom = headroom_of(account);
  auto power = power_of(account);
  double h = co_await std::move(headroom);
  // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: 2 independent operations are awaited one after another
  double p = co_await std::move(power);
  co_return h < p;
}
