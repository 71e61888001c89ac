// RUN: %check_asynclint --unsafe-fixes %s async-sequential-awaits %t -- %mockflags

// The shapes a sequential run takes beyond `auto x = co_await f();`:
// results stored into existing variables and members, awaits wrapped in a
// helper, lambdas that only read what they capture, lazy tasks created
// first, and `std::async(...).get()` stored into members.

#include "async-mocks.h"
#include <future>
#include <string>
#include <vector>
// CHECK-FIXES: #include <tuple>

namespace depot {
// An in-house lazy job type with no combinator the check knows.
template <class T> struct Job {
  struct promise_type : mock::ReturnsValue<T> {
    Job get_return_object() { return {}; }
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    void unhandled_exception() {}
  };
  bool await_ready() { return false; }
  void await_suspend(std::coroutine_handle<>) {}
  T await_resume();
};
// An eager one: the body runs as soon as it is called.
template <class T> struct Hot {
  struct promise_type : mock::ReturnsValue<T> {
    Hot get_return_object() { return {}; }
    std::suspend_never initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    void unhandled_exception() {}
  };
  bool await_ready() { return false; }
  void await_suspend(std::coroutine_handle<>) {}
  T await_resume();
};
Job<int> shelf_count(int aisle);
Job<int> crate_count(int aisle);
Hot<int> hot_shelf(int aisle);
Hot<int> hot_crate(int aisle);
} // namespace depot

struct Stock {
  int aisle = 0;
  int shelves = 0;
  int crates = 0;
  std::string label;
};
struct Summary {
  Stock stock;
  double weight = 0;
};

rt::Task<int> shelves_in(int aisle);
rt::Task<int> crates_in(int aisle);
rt::Task<std::string> label_of(int aisle);
rt::Task<int> crates_near(int shelves);
rt::Task<std::string> describe(const Stock &s);
rt::Task<std::tuple<int, int>> both_counts(int aisle);
rt::Task<> verify_aisle(int aisle);
rt::Task<bool> aisle_open(int aisle);
template <class Fn> rt::Task<int> attempt(int times, Fn fn) {
  (void)times;
  return fn();
}
asio::awaitable<int> asio_shelves(int aisle);
asio::awaitable<int> asio_crates(int aisle);
asio::awaitable<int> asio_total(int shelves, int crates);
int weigh(int aisle);
int measure(int aisle);
void tally(int &into, int aisle);
void report(const Stock &stock);

// ---------------------------------------------------------------- positives

rt::Task<Stock> into_members(int aisle) {
  Stock s;
  s.shelves = co_await shelves_in(aisle);
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: 3 independent operations are awaited one after another: their latencies add up; await them together so they run concurrently [async-sequential-awaits]
  // CHECK-MESSAGES: :[[@LINE-2]]:24: note: operation 1 of 3 does not depend on the others
  s.crates = co_await crates_in(aisle + 1);
  // CHECK-MESSAGES: :[[@LINE-1]]:23: note: operation 2 of 3
  s.label = co_await label_of(aisle);
  // CHECK-MESSAGES: :[[@LINE-1]]:22: note: operation 3 of 3
  // CHECK-FIXES: std::tie(s.shelves, s.crates, s.label) = co_await rt::when_all(shelves_in(aisle), crates_in(aisle + 1), label_of(aisle));
  co_return s;
}

rt::Task<int> into_existing_locals(int aisle) {
  int shelves = 0;
  int crates = 0;
  shelves = co_await shelves_in(aisle);
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: 2 independent operations
  crates = co_await crates_in(aisle);
  // CHECK-FIXES: std::tie(shelves, crates) = co_await rt::when_all(shelves_in(aisle), crates_in(aisle));
  co_return shelves + crates;
}

rt::Task<Summary> nested_members_of_lazy_tasks(int aisle) {
  auto first = shelves_in(aisle);
  auto second = crates_in(aisle);
  Summary sum;
  sum.stock.shelves = co_await std::move(first);
  // CHECK-MESSAGES: :[[@LINE-1]]:23: warning: 2 independent operations
  sum.stock.crates = co_await std::move(second);
  // CHECK-FIXES: std::tie(sum.stock.shelves, sum.stock.crates) = co_await rt::when_all(std::move(first), std::move(second));
  co_return sum;
}

rt::Task<int> wrapped_in_a_timeout(int aisle) {
  using namespace std::chrono_literals;
  int shelves = co_await rt::with_timeout(shelves_in(aisle), 300ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: 2 independent operations
  int crates = co_await rt::with_timeout(crates_in(aisle), 300ms);
  // CHECK-FIXES: auto [shelves, crates] = co_await rt::when_all(rt::with_timeout(shelves_in(aisle), 300ms), rt::with_timeout(crates_in(aisle), 300ms));
  co_return shelves * crates;
}

rt::Task<int> lambdas_that_only_read(int aisle) {
  const std::vector<int> aisles{aisle, aisle + 1};
  int shelves = co_await attempt(3, [&] { return shelves_in(aisles[0]); });
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: 2 independent operations
  int crates = co_await attempt(3, [&] { return crates_in(aisles[1]); });
  // CHECK-FIXES: auto [shelves, crates] = co_await rt::when_all(attempt(3, [&] { return shelves_in(aisles[0]); }), attempt(3, [&] { return crates_in(aisles[1]); }));
  co_return shelves - crates;
}

rt::Task<int> offloaded_reads(rt::ThreadPool &pool, int aisle) {
  const std::vector<int> sizes{aisle, aisle * 2};
  int shelves = co_await rt::offload(pool, [&] { return weigh(sizes[0]); });
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: 2 independent operations
  int crates = co_await rt::offload(pool, [&] { return measure(sizes[1]); });
  // CHECK-FIXES: auto [shelves, crates] = co_await rt::when_all(rt::offload(pool, [&] { return weigh(sizes[0]); }), rt::offload(pool, [&] { return measure(sizes[1]); }));
  co_return shelves + crates;
}

Stock futures_into_members(int aisle) {
  Stock s;
  s.shelves = std::async(std::launch::async, weigh, aisle).get();
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: 2 independent std::async tasks are each waited for before the next one is launched
  // CHECK-MESSAGES: :[[@LINE-2]]:15: note: operation 1 of 2
  s.crates = std::async(measure, aisle).get();
  // CHECK-MESSAGES: :[[@LINE-1]]:14: note: operation 2 of 2
  return s;
}
// CHECK-FIXES:      auto shelves_future = std::async(std::launch::async, weigh, aisle);
// CHECK-FIXES-NEXT: auto crates_future = std::async(std::launch::async, measure, aisle);
// CHECK-FIXES-NEXT: s.shelves = shelves_future.get();
// CHECK-FIXES-NEXT: s.crates = crates_future.get();

asio::awaitable<Stock> asio_members(int aisle) {
  Stock s;
  s.shelves = co_await asio_shelves(aisle);
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: 2 independent operations
  s.crates = co_await asio_crates(aisle);
  // CHECK-FIXES: using namespace asio::experimental::awaitable_operators;
  // CHECK-FIXES-NEXT: std::tie(s.shelves, s.crates) = co_await (asio_shelves(aisle) && asio_crates(aisle));
  co_return s;
}

depot::Job<int> no_combinator_and_mixed_forms(int aisle) {
  Stock s;
  s.shelves = co_await depot::shelf_count(aisle);
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: 2 independent operations are awaited one after another: their latencies add up; await them together so they run concurrently (no fix: no join is known for these tasks here) [async-sequential-awaits]
  s.crates = co_await depot::crate_count(aisle);
  // CHECK-FIXES: s.crates = co_await depot::crate_count(aisle);
  report(s);
  int shelves = co_await depot::shelf_count(aisle + 1);
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: 2 independent operations are awaited one after another: their latencies add up; await them together so they run concurrently (no fix: the run mixes declarations and assignments) [async-sequential-awaits]
  s.crates = co_await depot::crate_count(aisle + 1);
  // CHECK-FIXES: s.crates = co_await depot::crate_count(aisle + 1);
  co_return shelves + s.crates;
}

rt::Task<int> tuple_result_assigned(int aisle) {
  std::tuple<int, int> counts;
  int shelves = 0;
  counts = co_await both_counts(aisle);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 2 independent operations are awaited one after another: their latencies add up; await them together so they run concurrently (no fix: a result is itself a tuple) [async-sequential-awaits]
  shelves = co_await shelves_in(aisle);
  // CHECK-FIXES: shelves = co_await shelves_in(aisle);
  co_return std::get<0>(counts) + shelves;
}

// Members of `this`: the class's own state, stored by its own method.
// (Storage reached through a pointer or a global belongs to code that may
// watch it between the two stores: those stay silent below.)
struct Counter {
  int shelves_ = 0;
  int crates_ = 0;
  rt::Task<> refresh(int aisle) {
    shelves_ = co_await shelves_in(aisle);
    // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: 2 independent operations are awaited one after another
    crates_ = co_await crates_in(aisle);
    // CHECK-FIXES: std::tie(shelves_, crates_) = co_await rt::when_all(shelves_in(aisle), crates_in(aisle));
  }
};

// Fields of an object the caller lends by reference, which it waits for
// the coroutine to fill in.
rt::Task<> through_a_reference(Stock &out, int aisle) {
  out.shelves = co_await shelves_in(aisle);
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: 2 independent operations are awaited one after another
  out.crates = co_await crates_in(aisle);
  // CHECK-FIXES: std::tie(out.shelves, out.crates) = co_await rt::when_all(shelves_in(aisle), crates_in(aisle));
}

// Fields of a local: an operation that reads another field of it is
// independent of the store into this one.
rt::Task<Stock> other_field_of_the_target(Stock s) {
  s.shelves = co_await shelves_in(s.aisle);
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: 2 independent operations are awaited one after another
  s.crates = co_await crates_in(s.aisle);
  co_return s;
}

// ---------------------------------------------------------------- negatives

// The next operation reads the whole object, or the field just stored.
rt::Task<Stock> next_reads_the_whole_target(Stock s) {
  s.shelves = co_await shelves_in(s.aisle);
  s.label = co_await describe(s);
  co_return s;
}

rt::Task<int> same_target_twice(int aisle) {
  int count = 0;
  count = co_await shelves_in(aisle);
  count = co_await crates_in(aisle);
  co_return count;
}

rt::Task<Stock> whole_then_part(int aisle) {
  Stock s;
  s = co_await rt::Task<Stock>();
  s.label = co_await label_of(aisle);
  co_return s;
}

rt::Task<Stock> next_reads_the_target(int aisle) {
  Stock s;
  s.shelves = co_await shelves_in(aisle);
  s.crates = co_await crates_near(s.shelves);
  co_return s;
}

rt::Task<int> unused_local_result(int aisle) {
  int ignored = 0;
  int crates = 0;
  ignored = co_await shelves_in(aisle);
  crates = co_await crates_in(aisle);
  co_return crates;
}

rt::Task<> through_a_pointer(Stock *out, int aisle) {
  out->shelves = co_await shelves_in(aisle);
  out->crates = co_await crates_in(aisle);
}

Stock global_stock;
rt::Task<> into_a_global(int aisle) {
  global_stock.shelves = co_await shelves_in(aisle);
  global_stock.crates = co_await crates_in(aisle);
}


rt::Task<int> compound_assignments(int aisle) {
  int total = 0;
  total += co_await shelves_in(aisle);
  total += co_await crates_in(aisle);
  co_return total;
}

rt::Task<Stock> guard_between(int aisle) {
  Stock s;
  s.shelves = co_await shelves_in(aisle);
  co_await verify_aisle(aisle);
  s.crates = co_await crates_in(aisle);
  co_return s;
}

rt::Task<Stock> decision_between(int aisle) {
  Stock s;
  if (!co_await aisle_open(aisle))
    co_return s;
  s.shelves = co_await shelves_in(aisle);
  co_return s;
}

rt::Task<Stock> inside_try_block(int aisle) {
  Stock s;
  try {
    s.shelves = co_await shelves_in(aisle);
    s.crates = co_await crates_in(aisle);
  } catch (...) {
  }
  co_return s;
}

depot::Job<int> eager_tasks_created_first(int aisle) {
  auto first = depot::hot_shelf(aisle);
  auto second = depot::hot_crate(aisle);
  Stock s;
  s.shelves = co_await std::move(first);
  s.crates = co_await std::move(second);
  co_return s.shelves + s.crates;
}

rt::Task<int> lambda_that_writes(int aisle) {
  int tries = 0;
  int shelves = co_await attempt(3, [&] { ++tries; return shelves_in(aisle); });
  int crates = co_await attempt(3, [&] { return crates_in(aisle + tries); });
  co_return shelves + crates;
}

rt::Task<int> offloaded_writes(rt::ThreadPool &pool, int aisle) {
  int scanned = 0;
  int shelves = co_await rt::offload(pool, [&] { scanned = aisle; return weigh(aisle); });
  int crates = co_await rt::offload(pool, [&] { return measure(scanned); });
  co_return shelves + crates;
}

asio::awaitable<int> already_joined_then_dependent(int aisle) {
  using namespace asio::experimental::awaitable_operators;
  auto [shelves, crates] = co_await (asio_shelves(aisle) && asio_crates(aisle));
  int total = co_await asio_total(shelves, crates);
  co_return total;
}

rt::Task<int> tuple_result_then_dependent(int aisle) {
  auto [shelves, crates] = co_await both_counts(aisle);
  int near = co_await crates_near(shelves + crates);
  co_return near;
}

Stock deferred_into_members(int aisle) {
  Stock s;
  s.shelves = std::async(std::launch::deferred, weigh, aisle).get();
  s.crates = std::async(std::launch::deferred, measure, aisle).get();
  return s;
}

Stock launched_first_then_waited(int aisle) {
  auto shelves = std::async(std::launch::async, weigh, aisle);
  auto crates = std::async(std::launch::async, measure, aisle);
  Stock s;
  s.shelves = shelves.get();
  s.crates = crates.get();
  return s;
}

int shared_tally(int aisle) {
  int total = 0;
  std::async(std::launch::async, tally, std::ref(total), aisle).get();
  std::async(std::launch::async, tally, std::ref(total), aisle + 1).get();
  return total;
}

rt::Task<int> into_elements(int aisle) {
  std::vector<int> counts(2);
  counts[0] = co_await shelves_in(aisle);
  counts[1] = co_await crates_in(aisle);
  co_return counts[0] + counts[1];
}

rt::Task<int> into_a_captured_variable(int aisle) {
  int shelves = 0;
  int crates = 0;
  auto load = [&]() -> rt::Task<> {
    shelves = co_await shelves_in(aisle);
    crates = co_await crates_in(aisle);
  };
  co_await load();
  co_return shelves + crates;
}

rt::Task<int> ordered_operation_assigned(rt::Semaphore &permits, int aisle) {
  Stock s;
  s.shelves = co_await shelves_in(aisle);
  co_await rt::sleep_for(std::chrono::milliseconds(5));
  s.crates = co_await crates_in(aisle);
  co_return s.shelves + s.crates;
}
