// RUN: %check_asynclint --unsafe-fixes %s async-unbounded-fanout %t -- %mockflags

#include "async-mocks.h"
#include <array>
#include <ranges>
#include <semaphore>
#include <string>
#include <thread>
#include <vector>

struct Record { int id; };
rt::Task<int> migrate_one(Record record);
rt::Task<> upload(std::string line);
asio::awaitable<> handle(int id);
void work(int id);
bool next_line(std::string &line);

// ---------------------------------------------------------------- positives

rt::Task<> migrate_all(std::vector<Record> records) {
  std::vector<rt::Task<int>> tasks;
  for (const Record &record : records)
    tasks.push_back(migrate_one(record));
  auto results = co_await rt::when_all(std::move(tasks));
  // CHECK-MESSAGES: :[[@LINE-1]]:27: warning: 'when_all' runs every task of 'tasks' at once, one per element of a runtime-sized range: concurrency grows with the input; join them with at most 10 in flight [async-unbounded-fanout]
  // CHECK-FIXES: auto results = co_await rt::when_all_bounded(std::move(tasks), 10);
  (void)results;
}

// A settled join is the form async-fail-fast-aggregate recommends for
// independent items: not reported here, so the two checks never chase each
// other's fixes.
rt::Task<> settle_all(std::vector<Record> records) {
  std::vector<rt::Task<int>> tasks;
  for (std::size_t i = 0; i < records.size(); ++i)
    tasks.emplace_back(migrate_one(records[i]));
  auto results = co_await rt::when_all_settled(std::move(tasks));
  // CHECK-FIXES: auto results = co_await rt::when_all_settled(std::move(tasks));
  (void)results;
}

void spawn_per_line(const std::vector<std::string> &lines) {
  for (const auto &line : lines)
    rt::spawn(upload(line));
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'spawn' is started for every element of a runtime-sized range with nothing bounding how many run at once
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: the range is iterated here
}

void co_spawn_while_reading(asio::any_io_executor ex) {
  std::string line;
  int id = 0;
  while (next_line(line))
    asio::co_spawn(ex, handle(++id), [](std::exception_ptr) {});
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'co_spawn' is started for every element
}

void thread_per_item(const std::vector<int> &items) {
  std::vector<std::thread> threads;
  for (int item : items)
    threads.emplace_back(work, item);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: a thread is started for every element
  for (auto &t : threads)
    t.join();
  for (int item : items)
    std::thread(work, item).detach();
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: a detached thread is started for every element
  std::vector<std::jthread> jthreads;
  for (int item : items)
    jthreads.push_back(std::jthread(work, item));
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: a thread is started for every element
}

void async_per_item(const std::vector<int> &items) {
  std::vector<std::future<void>> futures;
  for (int item : items)
    futures.push_back(std::async(std::launch::async, work, item));
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: std::async is started for every element
  for (auto &f : futures)
    f.get();
}

void nested_static_inside_runtime(const std::vector<int> &items) {
  for (int item : items)
    for (int copy = 0; copy < 2; ++copy)
      rt::spawn(upload(std::to_string(item + copy)));
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'spawn' is started for every element
}

// A count known at compile time is a width the author chose, however large
// (MaxStaticFanout caps it; see the options test).
void large_constant_loop() {
  for (int i = 0; i < 50000; ++i)
    rt::spawn(upload(std::to_string(i)));
}

// ---------------------------------------------------------------- negatives

rt::Task<> bounded_join(std::vector<Record> records) {
  std::vector<rt::Task<int>> tasks;
  for (const Record &record : records)
    tasks.push_back(migrate_one(record));
  auto results = co_await rt::when_all_bounded(std::move(tasks), 10);
  (void)results;
}

rt::Task<> small_fixed_join() {
  std::vector<rt::Task<int>> tasks;
  for (int id = 0; id < 3; ++id)
    tasks.push_back(migrate_one(Record{id}));
  auto results = co_await rt::when_all(std::move(tasks));
  (void)results;
}

rt::Task<> join_of_unrelated_vector(std::vector<rt::Task<int>> given) {
  auto results = co_await rt::when_all(std::move(given));
  (void)results;
}

void small_static_ranges() {
  std::array<int, 3> shards{1, 2, 3};
  for (int shard : shards)
    rt::spawn(upload(std::to_string(shard)));
  for (int id : {1, 2, 3})
    rt::spawn(upload(std::to_string(id)));
  int ids[4] = {1, 2, 3, 4};
  for (int id : ids)
    rt::spawn(upload(std::to_string(id)));
  std::vector<std::thread> workers;
  for (int i = 0; i < 4; ++i)
    workers.emplace_back(work, i);
  for (auto &w : workers)
    w.join();
}

// A static range seen through a view that keeps at most its size.
void static_range_through_views() {
  std::array<int, 3> shards{1, 2, 3};
  for (const std::string &name :
       shards | std::views::transform([](int s) { return std::to_string(s); }))
    rt::spawn(upload(name));
  for (int shard : shards | std::views::filter([](int s) { return s > 1; }))
    rt::spawn(upload(std::to_string(shard)));
}

// A container variable stands for the input, even when written as a braced
// list (a demo's stand-in for loaded data), also through a view.
void list_written_container() {
  std::vector<std::string> regions{"eu", "us"};
  for (const std::string &region : regions)
    rt::spawn(upload(region));
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'spawn' is started for every element of a runtime-sized range
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: the range is iterated here
  for (const std::string &region : regions | std::views::filter([](auto &) { return true; }))
    rt::spawn(upload(region));
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'spawn' is started for every element of a runtime-sized range
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: the range is iterated here
}

std::counting_semaphore<10> permits(10);
void permit_per_launch(const std::vector<int> &items) {
  for (int item : items) {
    permits.acquire();
    rt::spawn(upload(std::to_string(item)));
  }
}

rt::Task<> awaited_inline(asio::any_io_executor ex, std::vector<int> ids) {
  for (int id : ids)
    co_await migrate_one(Record{id});
  co_return;
}

asio::awaitable<void> co_spawn_awaited(asio::any_io_executor ex,
                                       std::vector<int> ids) {
  for (int id : ids)
    co_await asio::co_spawn(ex, handle(id), asio::use_awaitable);
}

void threads_outside_loops() {
  std::thread one(work, 1);
  std::thread two(work, 2);
  one.join();
  two.join();
  std::vector<std::thread> moved;
  moved.push_back(std::move(one));
}

void lambda_defined_in_loop(const std::vector<int> &items) {
  for (int item : items) {
    auto later = [item] { rt::spawn(upload(std::to_string(item))); };
    (void)later;
  }
}

void joined_within_the_iteration(const std::vector<int> &items) {
  for (int item : items) {
    auto done = std::async(std::launch::async, work, item);
    done.get();
    std::thread helper(work, item);
    helper.join();
    std::jthread scoped(work, item);
  }
}

class Pool {
public:
  explicit Pool(unsigned threads) {
    for (unsigned i = 0; i < threads; ++i)
      workers_.emplace_back([] {});
    for (unsigned i = 0; i < std::thread::hardware_concurrency(); ++i)
      workers_.emplace_back([] {});
  }

private:
  std::vector<std::thread> workers_;
};

void worker_count_loop(asio::any_io_executor ex, int workers) {
  for (int w = 0; w < workers; ++w)
    asio::co_spawn(ex, handle(w), [](std::exception_ptr) {});
}

void index_loop_over_elements(const std::vector<int> &items,
                              asio::any_io_executor ex) {
  for (std::size_t i = 0; i < items.size(); ++i)
    asio::co_spawn(ex, handle(items[i]), [](std::exception_ptr) {});
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'co_spawn' is started for every element
  for (auto it = items.begin(); it != items.end(); ++it)
    asio::co_spawn(ex, handle(*it), [](std::exception_ptr) {});
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'co_spawn' is started for every element
}

void deferred_futures(const std::vector<int> &items) {
  std::vector<std::future<void>> later;
  for (int item : items)
    later.push_back(std::async(std::launch::deferred, work, item));
  for (auto &f : later)
    f.get();
}

void threads_not_started(std::size_t n) {
  std::vector<std::thread> slots(n);
  slots.resize(n * 2);
  std::vector<std::thread> moved;
  for (auto &t : slots)
    moved.push_back(std::move(t));
}

rt::Task<> awaited_one_by_one(std::vector<Record> records) {
  std::vector<int> results;
  for (const Record &record : records)
    results.push_back(co_await migrate_one(record));
}

void collected_but_never_joined_here(std::vector<Record> records,
                                     std::vector<rt::Task<int>> &out) {
  for (const Record &record : records)
    out.push_back(migrate_one(record));
}

rt::Task<> join_of_a_vector_filled_elsewhere(std::vector<Record> records) {
  std::vector<rt::Task<int>> tasks;
  collected_but_never_joined_here(records, tasks);
  auto results = co_await rt::when_all(std::move(tasks));
  (void)results;
}

void suppressed(const std::vector<int> &items) {
  for (int item : items)
    rt::spawn(upload(std::to_string(item))); // NOLINT(async-unbounded-fanout)
}
