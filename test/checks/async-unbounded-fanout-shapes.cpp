// Fan-out in the shapes and vocabularies users write it in: spawns and joins
// recognised by shape (a start-named call taking a task; a call taking just
// a range of tasks and giving back an awaitable), a profile's range join with
// its bounded twin as the fix, loops written as standard algorithms, and the
// near misses that bound the fan-out or are not one.
// RUN: %check_asynclint --unsafe-fixes %s async-unbounded-fanout %t -- -std=c++20 -I%S/Inputs

#include <algorithm>
#include <array>
#include <coroutine>
#include <cstddef>
#include <deque>
#include <future>
#include <iterator>
#include <ranges>
#include <string>
#include <thread>
#include <vector>

// An in-house lazy task, a scope that starts tasks, and user joins.
namespace shop {
template <class T = void> struct Job {
  struct promise_type {
    Job get_return_object() { return {}; }
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    void unhandled_exception() {}
    void return_void() {}
  };
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) const noexcept {}
  T await_resume() const noexcept { return T(); }
};
class Scope {
public:
  void add(Job<> job);
  void spawn_detached(Job<> job);
  // Says whether the task was queued (libcoro's spawn_detached).
  bool spawn_queued(Job<> job);
  void addressOf(Job<> job);
  // A crew member enlisted is a task started.
  void enlist(Job<> job);
  Job<> drain();
};
class Queue {
public:
  void push(Job<> job);
};
Job<> gather_all(std::vector<Job<>> jobs);
// Over an iterator pair (Seastar's when_all_succeed(begin, end)).
template <class It> Job<> gather_each(It first, It last);
Job<> gather_bounded(std::vector<Job<>> jobs, std::size_t limit);
Job<> run_windowed(std::vector<Job<>> jobs);
template <class Range, class Fn> Job<> each_concurrently(Range &range, Fn fn) {
  (void)range, (void)fn;
  co_return;
}
template <class Range, class Fn>
Job<> each_concurrently(Range &range, std::size_t limit, Fn fn) {
  (void)range, (void)limit, (void)fn;
  co_return;
}
template <class It, class Fn> Job<> each_concurrently(It first, It last, Fn fn) {
  (void)first, (void)last, (void)fn;
  co_return;
}
// An awaitable built from a range and a callable, Seastar's
// coroutine::parallel_for_each shape.
template <class Fn> struct for_each_at_once {
  template <class Range> for_each_at_once(Range &range, Fn fn) {
    (void)range, (void)fn;
  }
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) const noexcept {}
  void await_resume() const noexcept {}
};
template <class Range, class Fn>
for_each_at_once(Range &, Fn) -> for_each_at_once<Fn>;
Job<int> accept_client();
// A join that takes any range of tasks, a view too.
template <class Tasks> Job<> gather_range(Tasks &&tasks);
} // namespace shop

// A folly::coro-shaped library: its range join has a windowed twin.
namespace folly::coro {
template <class T> struct Task {
  struct promise_type {
    Task get_return_object() { return {}; }
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    void unhandled_exception() {}
    void return_value(T) {}
  };
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) const noexcept {}
  T await_resume() const noexcept { return T(); }
};
template <class T> Task<std::vector<T>> collectAllRange(std::vector<Task<T>>);
template <class T>
Task<std::vector<T>> collectAllWindowed(std::vector<Task<T>>, std::size_t);
template <class T> Task<std::vector<int>> collectAllTryRange(std::vector<Task<T>>);
} // namespace folly::coro

struct Item { int id = 0; };
struct Shard { folly::coro::Task<int> count(); };
shop::Job<> work(const Item &item);
folly::coro::Task<int> score(const Item &item);
folly::coro::Task<int> price(const Item &item);
void resize(const Item &item);
bool resize_ok(const Item &item);

// ---------------------------------------------------------------- positives

shop::Job<> add_per_item(shop::Scope &scope, std::vector<Item> items) {
  for (const Item &item : items)
    scope.add(work(item));
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'add' is started for every element of a runtime-sized range {{.*}} [async-unbounded-fanout]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: the range is iterated here
  co_await scope.drain();
}

// Over an iterator loop, with the scope's own verb.
shop::Job<> enlist_per_item(shop::Scope &crew, std::vector<Item> items) {
  for (auto it = items.begin(); it != items.end(); ++it)
    crew.enlist(work(*it));
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'enlist' is started for every element of a runtime-sized range {{.*}} [async-unbounded-fanout]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: the range is iterated here
  co_await crew.drain();
}

// A spawn that reports whether it queued the task gives nothing to wait for.
shop::Job<> queued_per_item(shop::Scope &scope, std::vector<Item> items) {
  for (const Item &item : items)
    if (!scope.spawn_queued(work(item)))
      co_return;
  // CHECK-MESSAGES: :[[@LINE-2]]:10: warning: 'spawn_queued' is started for every element
  // CHECK-MESSAGES: :[[@LINE-4]]:3: note: the range is iterated here
  co_await scope.drain();
}

shop::Job<> ranges_for_each(shop::Scope &scope, std::vector<Item> items) {
  std::ranges::for_each(items, [&](const Item &item) { scope.spawn_detached(work(item)); });
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'spawn_detached' is started for every element
  // CHECK-MESSAGES: :[[@LINE-2]]:56: note: started here, once per element
  co_await scope.drain();
}

// Written over several lines: the warning is on the algorithm call.
shop::Job<> ranges_for_each_block(shop::Scope &scope, std::vector<Item> items) {
  std::ranges::for_each(items, [&](const Item &item) {
    // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'spawn_detached' is started for every element
    scope.spawn_detached(work(item));
    // CHECK-MESSAGES: :[[@LINE-1]]:5: note: started here, once per element
  });
  co_await scope.drain();
}

void detached_per_item(const std::vector<Item> &items) {
  std::for_each(items.begin(), items.end(), [](const Item &item) { std::thread(resize, item).detach(); });
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: a detached thread is started for every element
  // CHECK-MESSAGES: :[[@LINE-2]]:68: note: started here, once per element
}

shop::Job<> frontier(shop::Scope &scope, std::deque<Item> pending) {
  while (!pending.empty()) {
    Item next = pending.front();
    pending.pop_front();
    scope.add(work(next));
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'add' is started for every element
    // CHECK-MESSAGES: :[[@LINE-5]]:3: note: the range is iterated here
  }
  co_await scope.drain();
}

shop::Job<> joined_by_shape(std::vector<Item> items) {
  std::vector<shop::Job<>> jobs;
  for (const Item &item : items)
    jobs.push_back(work(item));
  co_await shop::gather_all(std::move(jobs));
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'gather_all' runs every task of 'jobs' at once, one per element of a runtime-sized range: concurrency grows with the input; join them with at most 10 in flight [async-unbounded-fanout]
}

// Joined over the container's begin() and end(), and returned un-awaited.
shop::Job<> joined_over_iterators(std::vector<Item> items) {
  std::vector<shop::Job<>> jobs;
  for (const Item &item : items)
    jobs.push_back(work(item));
  return shop::gather_each(jobs.begin(), jobs.end());
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'gather_each' runs every task of 'jobs' at once, one per element of a runtime-sized range
}

// Not one container's whole range: the pair spans two containers.
shop::Job<> joined_over_two(std::vector<Item> items,
                            std::vector<shop::Job<>> &earlier) {
  std::vector<shop::Job<>> jobs;
  for (const Item &item : items)
    jobs.push_back(work(item));
  return shop::gather_each(earlier.begin(), jobs.end());
}

shop::Job<> transformed_then_joined(std::vector<Item> items) {
  std::vector<shop::Job<>> jobs;
  std::transform(items.begin(), items.end(), std::back_inserter(jobs),
                 [](const Item &item) { return work(item); });
  co_await shop::gather_all(std::move(jobs));
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'gather_all' runs every task of 'jobs' at once
}

// std::transform whose lambda starts the work and hands back its future:
// every element's work runs at once, whatever the output range is.
int measure(const Item &item);
void transformed_into_futures(const std::vector<Item> &items) {
  std::vector<std::future<int>> sizes(items.size());
  std::transform(items.begin(), items.end(), sizes.begin(), [](const Item &i) {
    // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: std::async is started for every element of a runtime-sized range
    return std::async(std::launch::async, measure, i);
  });
  for (auto &f : sizes)
    (void)f.get();
}
// Near-misses: deferred work runs when its future is read; a fixed array.
void transformed_deferred(const std::vector<Item> &items) {
  std::vector<std::future<int>> sizes(items.size());
  std::transform(items.begin(), items.end(), sizes.begin(), [](const Item &i) {
    return std::async(std::launch::deferred, measure, i);
  });
}
void transformed_fixed(const std::array<Item, 3> &items) {
  std::array<std::future<int>, 3> sizes;
  std::transform(items.begin(), items.end(), sizes.begin(), [](const Item &i) {
    return std::async(std::launch::async, measure, i);
  });
}

folly::coro::Task<int> joined_by_profile(std::vector<Item> items) {
  std::vector<folly::coro::Task<int>> prices;
  for (const Item &item : items)
    prices.push_back(price(item));
  auto all = co_await folly::coro::collectAllRange(std::move(prices));
  // CHECK-MESSAGES: :[[@LINE-1]]:23: warning: 'collectAllRange' runs every task of 'prices' at once
  // CHECK-FIXES: auto all = co_await folly::coro::collectAllWindowed(std::move(prices), 10);
  co_return static_cast<int>(all.size());
}

shop::Job<> callable_per_element(std::vector<Item> items) {
  co_await shop::each_concurrently(items, [](Item &item) { return work(item); });
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'each_concurrently' starts the callable for every element of a runtime-sized range at once: concurrency grows with the input; use a form with a limit on how many run at once [async-unbounded-fanout]
}

// A named function applied to every element of a filtered view.
shop::Job<> function_per_element(std::vector<Item> items) {
  auto kept = items | std::views::filter([](const Item &i) { return true; });
  co_await shop::each_concurrently(kept, work);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'each_concurrently' starts the callable for every element
}

shop::Job<> callable_per_iterator(std::vector<Item> items) {
  co_await shop::each_concurrently(items.begin(), items.end(),
                                   [](Item &item) { return work(item); });
  // CHECK-MESSAGES: :[[@LINE-2]]:12: warning: 'each_concurrently' starts the callable for every element
}

shop::Job<> awaitable_per_element(std::vector<Item> items) {
  co_await shop::for_each_at_once(items, [](Item &item) { return work(item); });
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'for_each_at_once' starts the callable for every element
}

shop::Job<> constant_inner_loop(shop::Scope &scope, std::vector<Item> items) {
  for (const Item &item : items)
    for (int copy : {1, 2})
      scope.add(work(Item{item.id * copy}));
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'add' is started for every element
  // CHECK-MESSAGES: :[[@LINE-4]]:3: note: the range is iterated here
  co_await scope.drain();
}

// A view that makes a task per element, joined at once: named, or in place.
shop::Job<> view_per_item(std::vector<Item> items) {
  auto jobs = items | std::views::transform([](const Item &item) { return work(item); });
  co_await shop::gather_range(std::move(jobs));
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'gather_range' starts the callable for every element of a runtime-sized range at once
  co_await shop::gather_range(std::views::transform(items, [](const Item &item) { return work(item); }));
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'gather_range' starts the callable for every element of a runtime-sized range at once
}

// ---------------------------------------------------------------- negatives

// Views that make no tasks, hand on existing ones, or walk a count fixed in
// the source.
shop::Job<> views_left_alone(std::vector<Item> items) {
  std::array<Item, 3> three{};
  co_await shop::gather_range(three | std::views::transform([](const Item &item) { return work(item); }));
  auto ids = items | std::views::transform([](const Item &item) { return item.id; });
  co_await shop::gather_range(ids);
  // The tasks exist already: the view hands them on.
  std::vector<shop::Job<>> jobs;
  co_await shop::gather_range(jobs | std::views::transform([](shop::Job<> &job) -> shop::Job<> { return std::move(job); }));
}

// Queued, not started: a queue's push is not named for starting.
void queued(shop::Queue &queue, std::vector<Item> items) {
  for (const Item &item : items)
    queue.push(work(item));
}

// A name that only begins with a verb's letters.
void not_a_verb(shop::Scope &scope, std::vector<Item> items) {
  for (const Item &item : items)
    scope.addressOf(work(item));
}

// Collected, never joined all at once.
std::vector<shop::Job<>> collected(std::vector<Item> items) {
  std::vector<shop::Job<>> jobs;
  for (const Item &item : items)
    jobs.push_back(work(item));
  return jobs;
}

// Joined with a limit, or by a join whose name says it bounds.
shop::Job<> joined_with_limit(std::vector<Item> items) {
  std::vector<shop::Job<>> jobs, more;
  for (const Item &item : items) {
    jobs.push_back(work(item));
    more.push_back(work(item));
  }
  co_await shop::gather_bounded(std::move(jobs), 8);
  co_await shop::run_windowed(std::move(more));
}

// A settled join: the all-settled form async-fail-fast-aggregate asks for.
folly::coro::Task<int> settled(std::vector<Item> items) {
  std::vector<folly::coro::Task<int>> prices;
  for (const Item &item : items)
    prices.push_back(price(item));
  auto all = co_await folly::coro::collectAllTryRange(std::move(prices));
  co_return static_cast<int>(all.size());
}

// One operation per existing object (shards), not per input element.
folly::coro::Task<int> scatter(std::vector<Shard *> shards) {
  std::vector<folly::coro::Task<int>> counts;
  for (Shard *shard : shards)
    counts.push_back(shard->count());
  auto all = co_await folly::coro::collectAllRange(std::move(counts));
  co_return static_cast<int>(all.size());
}

// One spawn per accepted client: paced by clients, not by a range.
shop::Job<> accept_loop(shop::Scope &scope) {
  while (true) {
    int client = co_await shop::accept_client();
    scope.add(work(Item{client}));
  }
}

// At most four, by a view or by the loop's condition.
shop::Job<> first_four(shop::Scope &scope, std::vector<Item> items) {
  for (const Item &item : items | std::views::take(4))
    scope.add(work(item));
  for (std::size_t i = 0; i < items.size() && i < 4; ++i)
    scope.add(work(items[i]));
  co_await scope.drain();
}

// At most four futures per chunk, all waited for before the next chunk.
void in_chunks(const std::vector<Item> &items) {
  constexpr std::size_t Chunk = 4;
  for (std::size_t i = 0; i < items.size(); i += Chunk) {
    std::vector<std::future<bool>> pending;
    for (std::size_t j = i; j < std::min(items.size(), i + Chunk); ++j)
      pending.push_back(std::async(std::launch::async, resize_ok, std::cref(items[j])));
    for (auto &f : pending)
      f.get();
  }
}

// One chunk of futures filled per element and waited for inside the loop
// each time it is full: at most Chunk run at once.
void chunk_drained_in_loop(const std::vector<Item> &items) {
  std::vector<std::future<bool>> chunk;
  for (const Item &item : items) {
    chunk.push_back(std::async(std::launch::async, resize_ok, std::cref(item)));
    if (chunk.size() == 16) {
      for (auto &f : chunk)
        f.get();
      chunk.clear();
    }
  }
  for (auto &f : chunk)
    f.get();
}

// Waited for only after the loop: every future runs at once.
void chunk_drained_after_loop(const std::vector<Item> &items) {
  std::vector<std::future<bool>> chunk;
  for (const Item &item : items)
    chunk.push_back(std::async(std::launch::async, resize_ok, std::cref(item)));
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: std::async is started for every element
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: the range is iterated here
  for (auto &f : chunk)
    f.get();
}

// The tasks of one window joined together, window after window: the
// container of a window holds at most Window tasks.
folly::coro::Task<int> in_windows(std::vector<Item> items) {
  constexpr std::size_t Window = 16;
  int total = 0;
  for (std::size_t i = 0; i < items.size(); i += Window) {
    std::vector<folly::coro::Task<int>> window;
    for (std::size_t j = i; j < std::min(items.size(), i + Window); ++j)
      window.push_back(score(items[j]));
    auto scores = co_await folly::coro::collectAllRange(std::move(window));
    total += static_cast<int>(scores.size());
  }
  co_return total;
}

// A batch flushed inside the loop once it is full, and its remainder after
// it: never more than four at once.
shop::Job<> flushed_every_four(std::vector<Item> items) {
  std::vector<shop::Job<>> batch;
  for (const Item &item : items) {
    batch.push_back(work(item));
    if (batch.size() == 4) {
      co_await shop::gather_all(std::move(batch));
      batch.clear();
    }
  }
  co_await shop::gather_all(std::move(batch));
}

// Spawned into a scope that the loop drains every sixteen spawns.
shop::Job<> drained_every_sixteen(shop::Scope &scope, std::vector<Item> items) {
  std::size_t in_flight = 0;
  for (const Item &item : items) {
    scope.add(work(item));
    if (++in_flight == 16) {
      co_await scope.drain();
      in_flight = 0;
    }
  }
  co_await scope.drain();
}

// Iterators of two different containers: not one range walked.
shop::Job<> two_ranges(std::vector<Item> a, std::vector<Item> b) {
  co_await shop::each_concurrently(a.begin(), b.end(),
                                   [](Item &item) { return work(item); });
}

// Counting up to a bound the program chose (one per shard or core), as a
// counting loop would; a bound that asks a container is the input's size.
void per_shard(shop::Scope &scope, unsigned shards,
               const std::vector<Item> &items) {
  for (unsigned s : std::views::iota(0u, shards))
    scope.add(work(Item{static_cast<int>(s)}));
  std::ranges::for_each(std::views::iota(0u, shards),
                        [&](unsigned s) { scope.add(work(Item{static_cast<int>(s)})); });
  for (std::size_t i : std::views::iota(std::size_t{0}, items.size()))
    scope.add(work(items[i]));
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'add' is started for every element of a runtime-sized range
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: the range is iterated here
}

// An algorithm over a small constant range.
void three_fixed(shop::Scope &scope) {
  std::array<Item, 3> fixed{};
  std::ranges::for_each(fixed, [&](const Item &item) { scope.add(work(item)); });
}

// A named function over a small constant range.
shop::Job<> function_over_fixed() {
  std::array<Item, 3> fixed{};
  co_await shop::each_concurrently(fixed, work);
}

// The callable form with a limit.
shop::Job<> callable_with_limit(std::vector<Item> items) {
  co_await shop::each_concurrently(items, 8, [](Item &item) { return work(item); });
}

// Awaited per element: one at a time.
shop::Job<> one_at_a_time(std::vector<Item> items) {
  for (const Item &item : items)
    co_await work(item);
}

// A pool sized by a configuration struct: the condition asks a number, not a
// range.
struct PoolOptions { std::size_t threads = 4; };
void pool_of(const PoolOptions &opts, std::vector<std::thread> &threads) {
  for (std::size_t i = 0; i < opts.threads; ++i)
    threads.emplace_back([] {});
}

// Loops that walk no range: a flag, a count, a test macro's do-while.
bool still_running();
shop::Job<> until_done(shop::Scope &scope, bool &done, Item item) {
  while (!done)
    scope.add(work(item));
  int n = item.id;
  while (n-- > 0)
    scope.add(work(item));
  do {
    scope.add(work(item));
  } while (still_running());
  co_await scope.drain();
}

// Tasks handed in by a caller (a join's own implementation walking its
// operands): they were made, and are reported, where the caller made them.
shop::Job<> start_given(shop::Scope &scope, std::vector<shop::Job<>> given) {
  for (auto &&job : given)
    scope.add(std::move(job));
  co_await scope.drain();
}

// The loop asks the object it starts work on for its own count.
struct InFlight {
  std::size_t outstanding() const;
  void start(shop::Job<> job);
};
void refill(InFlight &in_flight, std::deque<Item> &pending, std::size_t limit) {
  while (!pending.empty() && in_flight.outstanding() < limit) {
    in_flight.start(work(pending.front()));
    pending.pop_front();
  }
}

// A flag asked through a member (an atomic's conversion or `load()`).
#include <atomic>
void until_flag(shop::Scope &scope, std::atomic<bool> &stop, Item item) {
  while (!stop)
    scope.add(work(item));
  while (!stop.load())
    scope.add(work(item));
}

// A framework whose only range join keeps every outcome (async_simple's
// collectAll): there, the settled join is the fan-out itself.
namespace async_simple {
template <class T> struct Try {
  bool hasError() const;
};
namespace coro {
template <class T> struct Lazy {
  struct promise_type {
    Lazy get_return_object() { return {}; }
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    void unhandled_exception() {}
    void return_value(T) {}
  };
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) const noexcept {}
  T await_resume() const noexcept { return T(); }
};
template <class T>
Lazy<std::vector<Try<T>>> collectAll(std::vector<Lazy<T>> tasks);
struct CountingSemaphore {
  explicit CountingSemaphore(std::ptrdiff_t permits);
  Lazy<bool> acquire();
  void release();
};
} // namespace coro
} // namespace async_simple

async_simple::coro::Lazy<int> lookup(const Item &item);

async_simple::coro::Lazy<int> lookup_all(std::vector<Item> items) {
  std::vector<async_simple::coro::Lazy<int>> lookups;
  for (const Item &item : items)
    lookups.push_back(lookup(item));
  auto tries = co_await async_simple::coro::collectAll(std::move(lookups));
  // CHECK-MESSAGES: :[[@LINE-1]]:25: warning: 'collectAll' runs every task of 'lookups' at once, one per element of a runtime-sized range
  co_return static_cast<int>(tries.size());
}

// Each task takes one of the semaphore's permits before it works: the
// permits bound how many run at once, however many are joined.
async_simple::coro::Lazy<int>
lookup_with_permit(async_simple::coro::CountingSemaphore &permits,
                   const Item &item) {
  co_await permits.acquire();
  int found = co_await lookup(item);
  permits.release();
  co_return found;
}

async_simple::coro::Lazy<int> lookup_all_permitted(std::vector<Item> items) {
  async_simple::coro::CountingSemaphore permits(16);
  std::vector<async_simple::coro::Lazy<int>> lookups;
  for (const Item &item : items)
    lookups.push_back(lookup_with_permit(permits, item));
  auto tries = co_await async_simple::coro::collectAll(std::move(lookups));
  co_return static_cast<int>(tries.size());
}
