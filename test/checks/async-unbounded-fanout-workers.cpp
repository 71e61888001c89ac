// RUN: %check_asynclint --unsafe-fixes %s async-unbounded-fanout %t -- %mockflags

// The worker-pool fix for one spawn per element, and every case where it
// must not be applied. The fix applies only when the join rethrows the
// failures the handler records (async-unbounded-fanout-failfast.cpp tells
// those joins from the others); here the joins do.

#include "async-mocks.h"
#include <array>
#include <optional>
#include <string>
#include <vector>

struct Item { int id; };
asio::awaitable<> handle(Item item);
asio::awaitable<int> measure(Item item);
rt::Task<> upload(std::string line);
std::vector<Item> load();

// wait() resumes when the tasks spawned with completion() are done and
// rethrows the first failure.
class Group {
public:
  auto completion() {
    return [this](std::exception_ptr error) {
      if (error && !first_error_)
        first_error_ = error;
    };
  }
  asio::awaitable<> wait() {
    co_await asio::async_op();
    if (first_error_)
      std::rethrow_exception(first_error_);
  }

private:
  std::exception_ptr first_error_;
};
auto handler_for(int id) { return [id](std::exception_ptr) { (void)id; }; }

// ---------------------------------------------------------------- positives

asio::awaitable<> per_item(asio::any_io_executor ex, std::vector<Item> items) {
  Group group;
  for (const Item &item : items)
    asio::co_spawn(ex, handle(item), group.completion());
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'co_spawn' is started for every element of a runtime-sized range with nothing bounding how many run at once: concurrency, memory and open connections grow with the input; bound it with a semaphore, a fixed pool of workers or a bounded join [async-unbounded-fanout]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: the range is iterated here
  co_await group.wait();
}
// CHECK-FIXES:      auto strand = asio::make_strand(ex);
// CHECK-FIXES-NEXT: auto next = items.begin();
// CHECK-FIXES-NEXT: bool failed = false;
// CHECK-FIXES-NEXT: auto worker = [&]() -> asio::awaitable<> {
// CHECK-FIXES-NEXT:   while (!failed && next != items.end()) {
// CHECK-FIXES-NEXT:     const Item &item = *next++;
// CHECK-FIXES-NEXT:     try {
// CHECK-FIXES-NEXT:       co_await handle(item);
// CHECK-FIXES-NEXT:     } catch (...) {
// CHECK-FIXES-NEXT:       failed = true;
// CHECK-FIXES-NEXT:       throw;
// CHECK-FIXES-NEXT:     }
// CHECK-FIXES-NEXT:   }
// CHECK-FIXES-NEXT: };
// CHECK-FIXES-NEXT: for (int i = 0; i < 10; ++i)
// CHECK-FIXES-NEXT:   asio::co_spawn(strand, worker(), group.completion());

rt::Task<> upload_lines(std::vector<std::string> lines) {
  std::exception_ptr first;
  for (std::string line : lines) { // one upload per line
    rt::spawn(upload(std::move(line)), [&](std::exception_ptr e) {
      if (e && !first) // keep the first
        first = e;
    });
  }
  // CHECK-MESSAGES: :[[@LINE-5]]:5: warning: 'spawn' is started for every element
  // CHECK-MESSAGES: :[[@LINE-7]]:3: note: the range is iterated here
  co_await rt::drain();
  if (first)
    std::rethrow_exception(first);
}
// CHECK-FIXES:      // one upload per line
// CHECK-FIXES-NEXT: auto next = lines.begin();
// CHECK-FIXES-NEXT: bool failed = false;
// CHECK-FIXES-NEXT: auto worker = [&]() -> rt::Task<> {
// CHECK-FIXES-NEXT:   while (!failed && next != lines.end()) {
// CHECK-FIXES-NEXT:     std::string line = *next++;
// CHECK-FIXES-NEXT:     try {
// CHECK-FIXES-NEXT:       co_await upload(std::move(line));
// CHECK-FIXES-NEXT:     } catch (...) {
// CHECK-FIXES-NEXT:       failed = true;
// CHECK-FIXES-NEXT:       throw;
// CHECK-FIXES-NEXT:     }
// CHECK-FIXES-NEXT:   }
// CHECK-FIXES-NEXT: };
// CHECK-FIXES-NEXT: for (int i = 0; i < 10; ++i)
// CHECK-FIXES-NEXT:   rt::spawn(worker(), [&](std::exception_ptr e) {
// CHECK-FIXES-NEXT:     if (e && !first) // keep the first
// CHECK-FIXES-NEXT:       first = e;
// CHECK-FIXES-NEXT:   });

int next(int);
asio::awaitable<> names_taken(asio::any_io_executor ex, std::vector<Item> worker,
                              int next2) {
  Group group;
  int i = next(0), strand = 1, failed = 2;
  for (Item item : worker)
    asio::co_spawn(ex, handle(Item{item.id + i + strand + failed}), group.completion());
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'co_spawn' is started for every element
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: the range is iterated here
  co_await group.wait();
}
// CHECK-FIXES:      auto strand2 = asio::make_strand(ex);
// CHECK-FIXES-NEXT: auto next3 = worker.begin();
// CHECK-FIXES-NEXT: bool failed2 = false;
// CHECK-FIXES-NEXT: auto worker2 = [&]() -> asio::awaitable<> {
// CHECK-FIXES-NEXT:   while (!failed2 && next3 != worker.end()) {
// CHECK-FIXES-NEXT:     Item item = *next3++;
// CHECK-FIXES-NEXT:     try {
// CHECK-FIXES-NEXT:       co_await handle(Item{item.id + i + strand + failed});
// CHECK-FIXES-NEXT:     } catch (...) {
// CHECK-FIXES-NEXT:       failed2 = true;
// CHECK-FIXES-NEXT:       throw;
// CHECK-FIXES-NEXT:     }
// CHECK-FIXES-NEXT:   }
// CHECK-FIXES-NEXT: };
// CHECK-FIXES-NEXT: for (int i2 = 0; i2 < 10; ++i2)
// CHECK-FIXES-NEXT:   asio::co_spawn(strand2, worker2(), group.completion());

auto in_a_lambda = [](asio::any_io_executor ex,
                      std::vector<Item> items) -> asio::awaitable<> {
  Group group;
  for (const Item &item : items)
    asio::co_spawn(ex, handle(item), group.completion());
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'co_spawn' is started for every element
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: the range is iterated here
  co_await group.wait();
};
// CHECK-FIXES:      auto worker = [&]() -> asio::awaitable<> {

// Diagnosed, without a fix, and the message says why.

asio::awaitable<> never_joined(asio::any_io_executor ex, std::vector<Item> items) {
  for (const Item &item : items)
    asio::co_spawn(ex, handle(item), asio::detached);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: {{.*}} (no fix: nothing right after the loop waits for the spawned tasks, so workers could outlive the range) [async-unbounded-fanout]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: the range is iterated here
  co_return;
}

asio::awaitable<> joined_later(asio::any_io_executor ex, std::vector<Item> items) {
  Group group;
  for (const Item &item : items)
    asio::co_spawn(ex, handle(item), group.completion());
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: {{.*}} (no fix: nothing right after the loop waits for the spawned tasks, so workers could outlive the range) [async-unbounded-fanout]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: the range is iterated here
  items.clear();
  co_await group.wait();
}

asio::awaitable<> results_to_handler(asio::any_io_executor ex,
                                     std::vector<Item> items) {
  Group group;
  for (const Item &item : items)
    asio::co_spawn(ex, measure(item), group.completion());
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: {{.*}} (no fix: the spawned task's result goes to its completion handler) [async-unbounded-fanout]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: the range is iterated here
  co_await group.wait();
}

asio::awaitable<> handler_per_element(asio::any_io_executor ex,
                                      std::vector<Item> items, Group group) {
  for (const Item &item : items)
    asio::co_spawn(ex, handle(item), handler_for(item.id));
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: {{.*}} (no fix: the spawn's other arguments use the element) [async-unbounded-fanout]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: the range is iterated here
  co_await group.wait();
}

rt::Task<> lambda_work(std::vector<std::string> lines) {
  for (const std::string &line : lines)
    rt::spawn([&]() -> rt::Task<> { co_await upload(line); }(), rt::log_failure);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: {{.*}} (no fix: the spawned work is not a plain call creating a task) [async-unbounded-fanout]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: the range is iterated here
  co_await rt::drain();
}

rt::Task<> more_than_a_spawn(std::vector<std::string> lines) {
  int started = 0;
  for (const std::string &line : lines) {
    ++started;
    rt::spawn(upload(line), rt::log_failure);
  }
  // CHECK-MESSAGES: :[[@LINE-2]]:5: warning: {{.*}} (no fix: the loop does more than spawn one task per element) [async-unbounded-fanout]
  // CHECK-MESSAGES: :[[@LINE-5]]:3: note: the range is iterated here
  co_await rt::drain();
}

void not_a_coroutine(std::vector<std::string> lines) {
  for (const std::string &line : lines)
    rt::spawn(upload(line), rt::log_failure);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: {{.*}} (no fix: only a coroutine can wait for a pool of workers) [async-unbounded-fanout]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: the range is iterated here
}

rt::Task<> range_from_a_call() {
  for (Item item : load())
    rt::spawn(upload(std::to_string(item.id)), rt::log_failure);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: {{.*}} (no fix: the range is not a named container) [async-unbounded-fanout]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: the range is iterated here
  co_await rt::drain();
}

#define SPAWN_ALL(lines)                                                       \
  for (const std::string &line : lines)                                        \
    rt::spawn(upload(line), rt::log_failure);
rt::Task<> in_a_macro(std::vector<std::string> lines) {
  SPAWN_ALL(lines)
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: {{.*}} (no fix: the loop is written in a macro) [async-unbounded-fanout]
  // CHECK-MESSAGES: :[[@LINE-2]]:3: note: the range is iterated here
  co_await rt::drain();
}

template <class Line> rt::Task<> in_a_template(std::vector<Line> lines) {
  for (const Line &line : lines)
    rt::spawn(upload(line), rt::log_failure);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: {{.*}} (no fix: the loop is in a template instantiation) [async-unbounded-fanout]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: the range is iterated here
  co_await rt::drain();
}
template rt::Task<> in_a_template(std::vector<std::string>);

bool next_line(std::string &line);
rt::Task<> pulled_from_a_source() {
  std::string line;
  while (next_line(line))
    rt::spawn(upload(line), rt::log_failure);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: {{.*}} (no fix: only a range-for, or a while loop declaring each element in its condition, is rewritten into workers) [async-unbounded-fanout]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: the range is iterated here
  co_await rt::drain();
}

struct Source {
  std::optional<std::string> next();
  rt::Task<std::optional<std::string>> read();
};
rt::Task<> pull_each(Source &source) {
  std::exception_ptr failure;
  auto record = [&](std::exception_ptr e) {
    if (!failure)
      failure = e;
  };
  while (auto line = source.next())
    rt::spawn(upload(std::move(*line)), record);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'spawn' is started for every element of a runtime-sized range with nothing bounding how many run at once: concurrency, memory and open connections grow with the input; bound it with a semaphore, a fixed pool of workers or a bounded join [async-unbounded-fanout]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: the range is iterated here
  co_await rt::drain();
  if (failure)
    std::rethrow_exception(failure);
}
// CHECK-FIXES:      bool failed = false;
// CHECK-FIXES-NEXT: auto worker = [&]() -> rt::Task<> {
// CHECK-FIXES-NEXT:   while (!failed) {
// CHECK-FIXES-NEXT:     auto line = source.next();
// CHECK-FIXES-NEXT:     if (!line)
// CHECK-FIXES-NEXT:       break;
// CHECK-FIXES-NEXT:     try {
// CHECK-FIXES-NEXT:       co_await upload(std::move(*line));
// CHECK-FIXES-NEXT:     } catch (...) {
// CHECK-FIXES-NEXT:       failed = true;
// CHECK-FIXES-NEXT:       throw;
// CHECK-FIXES-NEXT:     }
// CHECK-FIXES-NEXT:   }
// CHECK-FIXES-NEXT: };
// CHECK-FIXES-NEXT: for (int i = 0; i < 10; ++i)
// CHECK-FIXES-NEXT:   rt::spawn(worker(), record);

rt::Task<> pull_suspends(Source &source) {
  while (auto line = co_await source.read())
    rt::spawn(upload(std::move(*line)), rt::log_failure);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: {{.*}} (no fix: the loop's condition suspends) [async-unbounded-fanout]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: the range is iterated here
  co_await rt::drain();
}

// ---------------------------------------------------------------- negatives

rt::Task<> pulled_and_awaited(Source &source) {
  while (auto line = source.next())
    co_await upload(std::move(*line));
}

rt::Task<> pulled_with_a_permit(Source &source, rt::Semaphore &slots) {
  while (auto line = source.next()) {
    co_await slots.acquire();
    rt::spawn(upload(std::move(*line)), rt::log_failure);
  }
  co_await rt::drain();
}

rt::Task<> pulling_workers(Source &source) {
  auto worker = [&]() -> rt::Task<> {
    while (auto line = source.next())
      co_await upload(std::move(*line));
  };
  for (int i = 0; i < 10; ++i)
    rt::spawn(worker(), rt::log_failure);
  co_await rt::drain();
}

asio::awaitable<> already_workers(asio::any_io_executor ex, std::vector<Item> items) {
  Group group;
  auto strand = asio::make_strand(ex);
  auto next = items.begin();
  auto worker = [&]() -> asio::awaitable<void> {
    while (next != items.end()) {
      const Item &item = *next++;
      co_await handle(item);
    }
  };
  for (int i = 0; i < 10; ++i)
    asio::co_spawn(strand, worker(), group.completion());
  co_await group.wait();
}

rt::Task<> already_rt_workers(std::vector<std::string> lines) {
  auto next = lines.begin();
  auto worker = [&]() -> rt::Task<void> {
    while (next != lines.end()) {
      std::string line = *next++;
      co_await upload(std::move(line));
    }
  };
  for (int i = 0; i < 4; ++i)
    rt::spawn(worker(), rt::log_failure);
  co_await rt::drain();
}

asio::awaitable<> awaited_each(asio::any_io_executor ex, std::vector<Item> items) {
  for (const Item &item : items)
    co_await asio::co_spawn(ex, handle(item), asio::use_awaitable);
}

asio::awaitable<> awaited_directly(std::vector<Item> items) {
  for (const Item &item : items)
    co_await handle(item);
}

rt::Semaphore permits;
rt::Task<> permit_first(std::vector<std::string> lines) {
  for (const std::string &line : lines) {
    co_await permits.acquire();
    rt::spawn(upload(line), rt::log_failure);
  }
  co_await rt::drain();
}

rt::Task<> small_array(std::array<std::string, 4> lines) {
  for (const std::string &line : lines)
    rt::spawn(upload(line), rt::log_failure);
  co_await rt::drain();
}

rt::Task<> initializer_list() {
  for (const char *line : {"a", "b", "c"})
    rt::spawn(upload(line), rt::log_failure);
  co_await rt::drain();
}

rt::Task<> c_array() {
  std::string lines[3] = {"a", "b", "c"};
  for (const std::string &line : lines)
    rt::spawn(upload(line), rt::log_failure);
  co_await rt::drain();
}

rt::Task<> constant_count() {
  for (int n = 0; n < 8; ++n)
    rt::spawn(upload(std::to_string(n)), rt::log_failure);
  co_await rt::drain();
}

asio::awaitable<> worker_count(asio::any_io_executor ex, int workers) {
  Group group;
  for (int w = 0; w < workers; ++w)
    asio::co_spawn(ex, handle(Item{w}), group.completion());
  co_await group.wait();
}

rt::Task<> spawn_in_uncalled_lambda(std::vector<std::string> lines) {
  for (const std::string &line : lines) {
    auto later = [line] { rt::spawn(upload(line), rt::log_failure); };
    (void)later;
  }
  co_await rt::drain();
}

rt::Task<> single_spawn(std::string line) {
  rt::spawn(upload(line), rt::log_failure);
  co_await rt::drain();
}

rt::Task<> spawn_after_loop(std::vector<std::string> lines) {
  std::string all;
  for (const std::string &line : lines)
    all += line;
  rt::spawn(upload(all), rt::log_failure);
  co_await rt::drain();
}

rt::Task<int> line_size(std::string line);
rt::Task<> bounded_join(std::vector<std::string> lines) {
  auto sizes = co_await rt::when_all_bounded(
      lines, 10, [](const std::string &line) { return line_size(line); });
  (void)sizes;
}

asio::awaitable<> value_awaited_in_loop(asio::any_io_executor ex,
                                        std::vector<Item> items) {
  int total = 0;
  for (const Item &item : items)
    total += co_await asio::co_spawn(ex, measure(item), asio::use_awaitable);
  (void)total;
}

template <class T> rt::Task<> dependent_spawn(std::vector<T> lines) {
  for (const T &line : lines)
    rt::spawn(upload(line.text()), rt::log_failure);
  co_await rt::drain();
}

template <std::size_t N>
rt::Task<> template_small_range(std::array<std::string, N> lines) {
  for (const std::string &line : lines)
    rt::spawn(upload(line), rt::log_failure);
  co_await rt::drain();
}
template rt::Task<> template_small_range(std::array<std::string, 3>);

#define SPAWN_THREE()                                                          \
  for (const char *line : {"a", "b", "c"})                                     \
    rt::spawn(upload(line), rt::log_failure);
rt::Task<> macro_small_range() {
  SPAWN_THREE()
  co_await rt::drain();
}

auto lambda_awaiting_each = [](std::vector<Item> items) -> asio::awaitable<> {
  for (const Item &item : items)
    co_await handle(item);
};

rt::Task<> nested_small_loops() {
  for (int a = 0; a < 2; ++a)
    for (int b = 0; b < 3; ++b)
      rt::spawn(upload(std::to_string(a * b)), rt::log_failure);
  co_await rt::drain();
}

rt::Task<> joined_in_iteration(std::vector<std::string> lines) {
  for (const std::string &line : lines)
    co_await upload(line);
  co_await rt::drain();
}

rt::Task<> suppressed(std::vector<std::string> lines) {
  for (const std::string &line : lines)
    rt::spawn(upload(line), rt::log_failure); // NOLINT(async-unbounded-fanout)
  co_await rt::drain();
}

asio::awaitable<> counted_to_a_constant(asio::any_io_executor ex) {
  Group group;
  for (int w = 0; w < 10; ++w)
    asio::co_spawn(ex, handle(Item{w}), group.completion());
  co_await group.wait();
}

rt::Task<> pulled_but_bounded(rt::Semaphore &slots) {
  std::string line;
  while (next_line(line)) {
    co_await slots.acquire();
    rt::spawn(upload(line), rt::log_failure);
  }
  co_await rt::drain();
}

rt::Task<> spawned_once_per_call(std::vector<std::string> lines) {
  rt::spawn(upload(lines.front()), rt::log_failure);
  rt::spawn(upload(lines.back()), rt::log_failure);
  co_await rt::drain();
}

asio::awaitable<> small_array_asio(asio::any_io_executor ex,
                                   std::array<Item, 5> items) {
  Group group;
  for (const Item &item : items)
    asio::co_spawn(ex, handle(item), group.completion());
  co_await group.wait();
}

asio::awaitable<> strand_workers_other_names(asio::any_io_executor ex,
                                             std::vector<Item> items) {
  Group group;
  auto cursor = items.begin();
  auto pull = [&]() -> asio::awaitable<> {
    while (cursor != items.end())
      co_await handle(*cursor++);
  };
  for (int k = 0; k < 4; ++k)
    asio::co_spawn(ex, pull(), group.completion());
  co_await group.wait();
}

rt::Task<> spawn_in_a_nested_coroutine_lambda(std::vector<std::string> lines) {
  auto one = [](std::string line) -> rt::Task<> {
    rt::spawn(upload(line), rt::log_failure);
    co_return;
  };
  for (const std::string &line : lines)
    co_await one(line);
}

template <class T> rt::Task<> never_instantiated(std::vector<T> items) {
  for (const T &item : items)
    rt::spawn(item.run(), rt::log_failure);
  co_await rt::drain();
}

rt::Task<> collected_and_bounded(std::vector<std::string> lines) {
  std::vector<rt::Task<int>> tasks;
  for (const std::string &line : lines)
    tasks.push_back(line_size(line));
  auto sizes = co_await rt::when_all_bounded(std::move(tasks), 4);
  (void)sizes;
}

asio::awaitable<> spawned_outside_any_loop(asio::any_io_executor ex, Item item) {
  Group group;
  asio::co_spawn(ex, handle(item), group.completion());
  co_await group.wait();
}
