// RUN: %check_asynclint --unsafe-fixes %s async-unbounded-fanout %t -- %mockflags

// The worker-pool fix stops the workers at the first failure. That is right
// only when the join rethrows the failures the completion handler records
// (the caller hears of the failure either way); when they are only logged,
// the original went on with the rest of the input, so there is no fix.

#include "async-mocks.h"
#include <exception>
#include <optional>
#include <string>
#include <vector>

rt::Task<> upload(std::string line);
void report(std::exception_ptr error);
struct Source {
  std::optional<std::string> next();
};

// ---------------------------------------------------------------- positives

rt::Task<> last_failure_wins(std::vector<std::string> lines) {
  std::exception_ptr error;
  for (const std::string &line : lines)
    rt::spawn(upload(line), [&error](std::exception_ptr e) {
      if (e)
        error = e;
      report(e);
    });
  // CHECK-MESSAGES: :[[@LINE-5]]:5: warning: 'spawn' is started for every element of a runtime-sized range with nothing bounding how many run at once: concurrency, memory and open connections grow with the input; bound it with a semaphore, a fixed pool of workers or a bounded join [async-unbounded-fanout]
  // CHECK-MESSAGES: :[[@LINE-7]]:3: note: the range is iterated here
  co_await rt::drain();
  if (error)
    std::rethrow_exception(error);
}
// CHECK-FIXES:      auto next = lines.begin();
// CHECK-FIXES-NEXT: bool failed = false;
// CHECK-FIXES-NEXT: auto worker = [&]() -> rt::Task<> {
// CHECK-FIXES-NEXT:   while (!failed && next != lines.end()) {
// CHECK-FIXES-NEXT:     const std::string &line = *next++;
// CHECK-FIXES-NEXT:     try {
// CHECK-FIXES-NEXT:       co_await upload(line);
// CHECK-FIXES-NEXT:     } catch (...) {
// CHECK-FIXES-NEXT:       failed = true;
// CHECK-FIXES-NEXT:       throw;
// CHECK-FIXES-NEXT:     }
// CHECK-FIXES-NEXT:   }
// CHECK-FIXES-NEXT: };
// CHECK-FIXES-NEXT: for (int i = 0; i < 10; ++i)
// CHECK-FIXES-NEXT:   rt::spawn(worker(), [&error](std::exception_ptr e) {

rt::Task<> braced_and_moved(Source &source) {
  std::exception_ptr first;
  while (auto line = source.next())
    rt::spawn(upload(*line), [&](std::exception_ptr e) {
      if ((e) && (!first)) {
        first = std::move(e);
      }
    });
  // CHECK-MESSAGES: :[[@LINE-5]]:5: warning: 'spawn' is started for every element
  // CHECK-MESSAGES: :[[@LINE-7]]:3: note: the range is iterated here
  co_await rt::drain();
  if (first) {
    std::rethrow_exception(first);
  }
}
// CHECK-FIXES:      bool failed = false;
// CHECK-FIXES-NEXT: auto worker = [&]() -> rt::Task<> {
// CHECK-FIXES-NEXT:   while (!failed) {
// CHECK-FIXES-NEXT:     auto line = source.next();
// CHECK-FIXES-NEXT:     if (!line)
// CHECK-FIXES-NEXT:       break;
// CHECK-FIXES-NEXT:     try {
// CHECK-FIXES-NEXT:       co_await upload(*line);
// CHECK-FIXES-NEXT:     } catch (...) {
// CHECK-FIXES-NEXT:       failed = true;
// CHECK-FIXES-NEXT:       throw;
// CHECK-FIXES-NEXT:     }
// CHECK-FIXES-NEXT:   }
// CHECK-FIXES-NEXT: };

// A group whose methods are defined out of line; the join is a method of the
// same object that rethrows what the handler records.
class Batch {
public:
  auto done();
  asio::awaitable<> join();

private:
  int pending_ = 0;
  std::exception_ptr failure_;
};
auto Batch::done() {
  ++pending_;
  return [this](const std::exception_ptr &error) {
    if (!failure_)
      failure_ = error;
    --pending_;
  };
}
asio::awaitable<> Batch::join() {
  while (pending_ > 0)
    co_await asio::async_op();
  if (failure_)
    std::rethrow_exception(failure_);
}

asio::awaitable<> upload_each(asio::any_io_executor ex, Source &source);
asio::awaitable<> send(std::string line);
asio::awaitable<> pull_into_batch(asio::any_io_executor ex, Source &source) {
  Batch batch;
  while (auto line = source.next())
    asio::co_spawn(ex, send(std::move(*line)), batch.done());
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'co_spawn' is started for every element
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: the range is iterated here
  co_await batch.join();
}
// CHECK-FIXES:      auto strand = asio::make_strand(ex);
// CHECK-FIXES-NEXT: bool failed = false;
// CHECK-FIXES-NEXT: auto worker = [&]() -> asio::awaitable<> {
// CHECK-FIXES-NEXT:   while (!failed) {
// CHECK-FIXES-NEXT:     auto line = source.next();
// CHECK-FIXES-NEXT:     if (!line)
// CHECK-FIXES-NEXT:       break;
// CHECK-FIXES-NEXT:     try {
// CHECK-FIXES-NEXT:       co_await send(std::move(*line));
// CHECK-FIXES-NEXT:     } catch (...) {
// CHECK-FIXES-NEXT:       failed = true;
// CHECK-FIXES-NEXT:       throw;
// CHECK-FIXES-NEXT:     }
// CHECK-FIXES-NEXT:   }
// CHECK-FIXES-NEXT: };
// CHECK-FIXES-NEXT: for (int i = 0; i < 10; ++i)
// CHECK-FIXES-NEXT:   asio::co_spawn(strand, worker(), batch.done());

// ------------------------------------------ negatives: diagnosed, no fix

rt::Task<> logged_only(std::vector<std::string> lines) {
  for (const std::string &line : lines)
    rt::spawn(upload(line), rt::log_failure);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: {{.*}} (no fix: the join does not rethrow the failures the completion handler is given; workers that stop at a failure would skip the rest of the input unnoticed) [async-unbounded-fanout]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: the range is iterated here
  co_await rt::drain();
}

rt::Task<> default_handler(std::vector<std::string> lines) {
  for (const std::string &line : lines)
    rt::spawn(upload(line));
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: {{.*}} (no fix: the join does not rethrow
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: the range is iterated here
  co_await rt::drain();
}

rt::Task<> handler_prints(std::vector<std::string> lines) {
  for (const std::string &line : lines)
    rt::spawn(upload(line), [](std::exception_ptr e) {
      if (e)
        report(e);
    });
  // CHECK-MESSAGES: :[[@LINE-4]]:5: warning: {{.*}} (no fix: the join does not rethrow
  // CHECK-MESSAGES: :[[@LINE-6]]:3: note: the range is iterated here
  co_await rt::drain();
}

rt::Task<> recorded_never_rethrown(std::vector<std::string> lines) {
  std::exception_ptr error;
  for (const std::string &line : lines)
    rt::spawn(upload(line), [&](std::exception_ptr e) { if (e) error = e; });
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: {{.*}} (no fix: the join does not rethrow
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: the range is iterated here
  co_await rt::drain();
  report(error);
}

rt::Task<> rethrows_another(std::vector<std::string> lines,
                            std::exception_ptr other) {
  std::exception_ptr error;
  for (const std::string &line : lines)
    rt::spawn(upload(line), [&](std::exception_ptr e) { if (e) error = e; });
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: {{.*}} (no fix: the join does not rethrow
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: the range is iterated here
  co_await rt::drain();
  if (error)
    std::rethrow_exception(other);
}

rt::Task<> rethrown_later(std::vector<std::string> lines) {
  std::exception_ptr error;
  for (const std::string &line : lines)
    rt::spawn(upload(line), [&](std::exception_ptr e) { if (e) error = e; });
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: {{.*}} (no fix: the join does not rethrow
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: the range is iterated here
  co_await rt::drain();
  report(nullptr);
  if (error)
    std::rethrow_exception(error);
}

rt::Task<> cleared_elsewhere(std::vector<std::string> lines) {
  std::exception_ptr error;
  auto forget = [&] { error = nullptr; };
  for (const std::string &line : lines)
    rt::spawn(upload(line), [&](std::exception_ptr e) { if (e) error = e; });
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: {{.*}} (no fix: the join does not rethrow
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: the range is iterated here
  co_await rt::drain();
  if (error)
    std::rethrow_exception(error);
  forget();
}

bool verbose();
rt::Task<> recorded_on_another_condition(std::vector<std::string> lines) {
  std::exception_ptr error;
  for (const std::string &line : lines)
    rt::spawn(upload(line), [&](std::exception_ptr e) { if (e && verbose()) error = e; });
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: {{.*}} (no fix: the join does not rethrow
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: the range is iterated here
  co_await rt::drain();
  if (error)
    std::rethrow_exception(error);
}

rt::Task<> success_clears_it(std::vector<std::string> lines) {
  std::exception_ptr error;
  for (const std::string &line : lines)
    rt::spawn(upload(line), [&](std::exception_ptr e) { error = e; });
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: {{.*}} (no fix: the join does not rethrow
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: the range is iterated here
  co_await rt::drain();
  if (error)
    std::rethrow_exception(error);
}

rt::Task<> captured_by_copy(std::vector<std::string> lines) {
  std::exception_ptr error;
  for (const std::string &line : lines)
    rt::spawn(upload(line), [=](std::exception_ptr e) mutable { if (e) error = e; });
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: {{.*}} (no fix: the join does not rethrow
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: the range is iterated here
  co_await rt::drain();
  if (error)
    std::rethrow_exception(error);
}

bool cancelled();
rt::Task<> may_return_first(std::vector<std::string> lines) {
  std::exception_ptr error;
  for (const std::string &line : lines)
    rt::spawn(upload(line), [&](std::exception_ptr e) {
      if (cancelled())
        return;
      if (e)
        error = e;
    });
  // CHECK-MESSAGES: :[[@LINE-6]]:5: warning: {{.*}} (no fix: the join does not rethrow
  // CHECK-MESSAGES: :[[@LINE-8]]:3: note: the range is iterated here
  co_await rt::drain();
  if (error)
    std::rethrow_exception(error);
}

rt::Task<> generic_handler(std::vector<std::string> lines) {
  std::exception_ptr error;
  for (const std::string &line : lines)
    rt::spawn(upload(line), [&](auto e) { if (e) error = e; });
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: {{.*}} (no fix: the join does not rethrow
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: the range is iterated here
  co_await rt::drain();
  if (error)
    std::rethrow_exception(error);
}

std::exception_ptr last_error;
rt::Task<> global_state(std::vector<std::string> lines) {
  for (const std::string &line : lines)
    rt::spawn(upload(line), [](std::exception_ptr e) { if (e) last_error = e; });
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: {{.*}} (no fix: the join does not rethrow
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: the range is iterated here
  co_await rt::drain();
  if (last_error)
    std::rethrow_exception(last_error);
}

template <class Line> rt::Task<> in_a_template(std::vector<Line> lines) {
  std::exception_ptr error;
  for (const Line &line : lines)
    rt::spawn(upload(line), [&](std::exception_ptr e) { if (e) error = e; });
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: {{.*}} (no fix: the loop is in a template instantiation) [async-unbounded-fanout]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: the range is iterated here
  co_await rt::drain();
  if (error)
    std::rethrow_exception(error);
}
template rt::Task<> in_a_template(std::vector<std::string>);

#define UPLOAD_ALL(lines)                                                      \
  for (const std::string &line : lines)                                        \
    rt::spawn(upload(line), [&](std::exception_ptr e) { if (e) error = e; });
rt::Task<> in_a_macro(std::vector<std::string> lines) {
  std::exception_ptr error;
  UPLOAD_ALL(lines)
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: {{.*}} (no fix: the loop is written in a macro) [async-unbounded-fanout]
  // CHECK-MESSAGES: :[[@LINE-2]]:3: note: the range is iterated here
  co_await rt::drain();
  if (error)
    std::rethrow_exception(error);
}

// Groups whose join does not surely rethrow what the handler records.
class Opaque {
public:
  auto done() {
    return [this](std::exception_ptr e) { if (e) failure_ = e; };
  }
  asio::awaitable<> join(); // not in this translation unit

private:
  std::exception_ptr failure_;
};

class Resettable {
public:
  auto done() {
    return [this](std::exception_ptr e) { if (e) failure_ = e; };
  }
  void reset() { failure_ = nullptr; }
  asio::awaitable<> join() {
    co_await asio::async_op();
    if (failure_)
      std::rethrow_exception(failure_);
  }

private:
  std::exception_ptr failure_;
};

class EarlyOut {
public:
  auto done() {
    ++pending_;
    return [this](std::exception_ptr e) { if (e) failure_ = e; --pending_; };
  }
  asio::awaitable<> join() {
    if (pending_ == 0)
      co_return;
    co_await asio::async_op();
    if (failure_)
      std::rethrow_exception(failure_);
  }

private:
  int pending_ = 0;
  std::exception_ptr failure_;
};

struct Public {
  auto done() {
    return [this](std::exception_ptr e) { if (e) failure = e; };
  }
  asio::awaitable<> join() {
    co_await asio::async_op();
    if (failure)
      std::rethrow_exception(failure);
  }
  std::exception_ptr failure;
};

asio::awaitable<> opaque_join(asio::any_io_executor ex, Source &source) {
  Opaque batch;
  while (auto line = source.next())
    asio::co_spawn(ex, send(std::move(*line)), batch.done());
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: {{.*}} (no fix: the join does not rethrow
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: the range is iterated here
  co_await batch.join();
}

asio::awaitable<> resettable_join(asio::any_io_executor ex, Source &source) {
  Resettable batch;
  while (auto line = source.next())
    asio::co_spawn(ex, send(std::move(*line)), batch.done());
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: {{.*}} (no fix: the join does not rethrow
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: the range is iterated here
  co_await batch.join();
}

asio::awaitable<> join_may_return_early(asio::any_io_executor ex,
                                        Source &source) {
  EarlyOut batch;
  while (auto line = source.next())
    asio::co_spawn(ex, send(std::move(*line)), batch.done());
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: {{.*}} (no fix: the join does not rethrow
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: the range is iterated here
  co_await batch.join();
}

asio::awaitable<> public_state(asio::any_io_executor ex, Source &source) {
  Public batch;
  while (auto line = source.next())
    asio::co_spawn(ex, send(std::move(*line)), batch.done());
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: {{.*}} (no fix: the join does not rethrow
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: the range is iterated here
  co_await batch.join();
}

asio::awaitable<> another_objects_join(asio::any_io_executor ex,
                                       Source &source) {
  Batch batch, other;
  while (auto line = source.next())
    asio::co_spawn(ex, send(std::move(*line)), batch.done());
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: {{.*}} (no fix: nothing right after the loop waits for the spawned tasks, so workers could outlive the range) [async-unbounded-fanout]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: the range is iterated here
  co_await other.join();
}

// ------------------------------------------ negatives: silent

rt::Task<> already_stopping_workers(std::vector<std::string> lines) {
  std::exception_ptr error;
  auto next = lines.begin();
  bool failed = false;
  auto worker = [&]() -> rt::Task<> {
    while (!failed && next != lines.end()) {
      const std::string &line = *next++;
      try {
        co_await upload(line);
      } catch (...) {
        failed = true;
        throw;
      }
    }
  };
  for (int i = 0; i < 10; ++i)
    rt::spawn(worker(), [&](std::exception_ptr e) { if (e) error = e; });
  co_await rt::drain();
  if (error)
    std::rethrow_exception(error);
}

rt::Task<> awaited_one_by_one(std::vector<std::string> lines) {
  for (const std::string &line : lines)
    co_await upload(line);
}
