// RUN: %check_asynclint --unsafe-fixes %s async-floating-future %t -- %mockflags

#include "async-mocks.h"
#include <system-async.h>
#include <vector>

using mock::Task;

// ---------------------------------------------------------------- positives

Task<> discards_in_coroutine() {
  mock::work(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: coroutine task returned by 'work' is discarded without being awaited: it never runs [async-floating-future]
  // CHECK-FIXES: co_await mock::work(1);
  co_return;
}

Task<> discards_value_task_in_coroutine(bool again) {
  if (again)
    mock::compute(2);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: coroutine task returned by 'compute'
  // CHECK-FIXES: co_await mock::compute(2);
  co_return;
}

// `co_await` may not appear in a catch handler: reported, no fix.
Task<> discards_in_handler() {
  try {
    co_await mock::work(4);
  } catch (...) {
    mock::work(5);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: coroutine task returned by 'work' is discarded without being awaited: it never runs
    // CHECK-FIXES: {{^}}    mock::work(5);
  }
}

void discards_outside_coroutine() {
  mock::work(3);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: coroutine task returned by 'work' is discarded without being awaited: it never runs
}

rt::Task<> audit(int id);

void discards_runtime_task_outside_coroutine() {
  audit(4);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: coroutine task returned by 'audit' is discarded without being awaited: it never runs
  // CHECK-FIXES: rt::spawn(audit(4));
}

rt::Task<> discards_runtime_task_in_coroutine() {
  audit(5);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: coroutine task returned by 'audit'
  // CHECK-MESSAGES: :[[@LINE-2]]:3: note: or run it in the background with 'rt::spawn', which keeps it alive and reports its failure
  // CHECK-FIXES: co_await audit(5);
  co_return;
}

asio::awaitable<> discards_asio_awaitable() {
  asio::async_op();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: coroutine task returned by 'async_op'
  // CHECK-FIXES: co_await asio::async_op();
  using namespace asio::experimental::awaitable_operators;
  asio::async_op() && asio::async_value();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: coroutine task returned by 'operator&&'
  // CHECK-FIXES: co_await (asio::async_op() && asio::async_value());
  co_return;
}

Task<> asio_awaitable_in_foreign_coroutine() {
  asio::async_op();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: coroutine task returned by 'async_op'
  // CHECK-FIXES: asio::async_op();
  co_return;
}

Task<> discards_awaiter_sender_eager() {
  mock::sleep_for(10);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: awaitable returned by 'sleep_for' is discarded without being awaited: the operation it describes never happens
  // CHECK-FIXES: co_await mock::sleep_for(10);
  mock::just();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: sender returned by 'just' is discarded without being awaited: it is never started
  mock::eager_work();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: coroutine task returned by 'eager_work' is discarded without being awaited: its frame is destroyed at the end of the statement, cancelling the work and losing its exception
  // CHECK-MESSAGES: :[[@LINE-2]]:3: note: or wait for it here with 'co_await'
  // CHECK-FIXES: {{^}}  co_await mock::eager_work();
  co_return;
}

void discards_futures() {
  std::async(std::launch::async, [] { return 1; });
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: future returned by std::async is discarded: its destructor waits for the task, so this call runs synchronously
  std::async(std::launch::deferred, [] {});
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: future returned by std::async with std::launch::deferred is discarded: the task never runs
  mock::submit_job();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: future returned by 'submit_job' is discarded without being used: the work goes on, but its result and any exception are lost
  (void)std::async(std::launch::async, [] {});
  // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: future returned by std::async is discarded: its destructor waits for the task, so this call runs synchronously
}

void detached_spawns(asio::any_io_executor ex) {
  asio::co_spawn(ex, asio::async_op(), asio::detached);
  // CHECK-MESSAGES: :[[@LINE-1]]:40: warning: 'co_spawn' with a detached completion drops the outcome of the spawned work: an exception it throws is silently lost
  // CHECK-FIXES: asio::co_spawn(ex, asio::async_op(), [](std::exception_ptr e) { if (e) std::rethrow_exception(e); });
  boost::asio::co_spawn(ex, asio::async_op(), boost::asio::detached);
  // CHECK-MESSAGES: :[[@LINE-1]]:47: warning: 'co_spawn' with a detached completion
  rt::spawn(audit(6), rt::detached);
  // CHECK-MESSAGES: :[[@LINE-1]]:23: warning: 'spawn' with a detached completion
  // CHECK-FIXES: rt::spawn(audit(6), [](std::exception_ptr e) { if (e) std::rethrow_exception(e); });
  asio::co_spawn(ex, asio::async_value(), asio::detached);
  // CHECK-MESSAGES: :[[@LINE-1]]:43: warning: 'co_spawn' with a detached completion
  // CHECK-FIXES: asio::co_spawn(ex, asio::async_value(), asio::detached);
}

void never_used_local() {
  auto pending = mock::work(7);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: coroutine task 'pending' is never awaited, moved or passed on before it goes out of scope: it never runs
}

// A handle moved out of a task the function already awaited takes spent
// work; moved out of one never awaited, it still holds work that never runs.
Task<> moved_after_await() {
  auto done = mock::work(9);
  co_await done;
  auto spent = std::move(done);
}
void moved_before_any_await() {
  auto first = mock::work(10);
  auto second = std::move(first);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: coroutine task 'second' is never awaited, moved or passed on before it goes out of scope: it never runs
}

// Work moved into a local only to destroy it: a block written for that,
// or the `_` placeholder name. Moved into a block that does more, it is
// still reported.
void dropped_on_purpose() {
  auto first = mock::work(11);
  {
    auto dropped = std::move(first);
  }
  auto second = mock::work(12);
  auto _ = std::move(second);
}
void moved_into_a_busy_block() {
  auto first = mock::work(13);
  {
    auto kept = std::move(first);
    // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: coroutine task 'kept' is never awaited, moved or passed on before it goes out of scope: it never runs
    mock::take(mock::work(14));
  }
}

// A local that work is only ever assigned to: nothing reads it, so each
// assignment drops the work before it and the scope's end drops the last.
Task<> overwritten_before_use() {
  auto next = mock::work(15);
  next = mock::work(16);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: coroutine task assigned to 'next' is never awaited or read before it goes out of scope: it never runs
  co_return;
}
void assigned_in_a_branch(bool late) {
  std::future<int> result;
  if (late)
    result = mock::submit_job();
  // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: future assigned to 'result' is never awaited or read before it goes out of scope: the work goes on, but its result and any exception are lost
}
// Near misses: the local is read after it is assigned (awaited, moved on,
// read by a lambda), the value is moved in rather than started here, the
// local is marked unused, or the target is a member.
Task<> assigned_then_awaited() {
  auto next = mock::work(17);
  next = mock::work(18);
  co_await std::move(next);
}
void assigned_then_collected(std::vector<std::future<int>> &all) {
  std::future<int> one;
  for (int i = 0; i < 3; ++i) {
    one = mock::submit_job();
    all.push_back(std::move(one));
  }
}
int assigned_then_read_by_lambda() {
  std::future<int> result;
  result = mock::submit_job();
  auto wait = [&] { return result.get(); };
  return wait();
}
void assigned_by_move(Task<> first) {
  Task<> kept = mock::work(19);
  kept = std::move(first);
  mock::take(std::move(kept));
}
void assigned_but_marked_unused() {
  [[maybe_unused]] std::future<int> ignored;
  ignored = mock::submit_job();
}
struct Refresher {
  std::future<int> pending;
  void refresh() { pending = mock::submit_job(); }
};

Task<> void_cast_of_lazy_task() {
  (void)mock::work(8);
  // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: coroutine task returned by 'work'
  // CHECK-FIXES: (void)mock::work(8);
  co_return;
}

rt::Task<> void_cast_means_background(int id) {
  (void)audit(id);
  // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: coroutine task returned by 'audit'
  // CHECK-FIXES: rt::spawn(audit(id));
  co_return;
}

asio::awaitable<> void_cast_in_asio_coroutine() {
  (void)asio::async_op();
  // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: coroutine task returned by 'async_op'
  // CHECK-FIXES: asio::co_spawn(co_await asio::this_coro::executor, asio::async_op(), [](std::exception_ptr e) { if (e) std::rethrow_exception(e); });
  (void)mock::sleep_for(5);
  // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: awaitable returned by 'sleep_for'
  // CHECK-FIXES: (void)mock::sleep_for(5);
  co_return;
}

auto lambda_coroutine = []() -> Task<> {
  mock::work(9);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: coroutine task returned by 'work'
  // CHECK-FIXES: co_await mock::work(9);
  co_return;
};

#define LAUNCH_WORK() mock::work(10)
#define IGNORE(x) x
Task<> inside_macros() {
  LAUNCH_WORK();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: coroutine task returned by 'work'
  // CHECK-FIXES: LAUNCH_WORK();
  IGNORE(mock::work(11));
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: coroutine task returned by 'work'
  // CHECK-FIXES: IGNORE(mock::work(11));
  co_return;
}

template <class T> Task<> in_template(T value) {
  mock::work(value);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: coroutine task returned by 'work'
  // CHECK-FIXES: mock::work(value);
  mock::work(12);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: coroutine task returned by 'work'
  // CHECK-FIXES: co_await mock::work(12);
  co_return;
}
template Task<> in_template<int>(int);
template Task<> in_template<short>(short);

template <class T> Task<> dependent_call(T value) {
  make_task(value);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: coroutine task returned by 'make_task'
  // CHECK-FIXES: make_task(value);
  co_return;
}
struct Job {};
Task<> make_task(Job);
template Task<> dependent_call<Job>(Job);

// ---------------------------------------------------------------- negatives

Task<> awaited() {
  co_await mock::work();
  int value = co_await mock::compute();
  (void)value;
  co_await mock::compute();
}

Task<> returned() { return mock::work(); }

Task<> stored_then_awaited() {
  auto task = mock::work();
  co_await std::move(task);
}

Task<> passed_to_when_all() { co_await mock::when_all(mock::work(), mock::work()); }

void passed_to_spawn() { rt::spawn(audit(1)); }

void passed_by_value_and_reference() {
  mock::take(mock::work());
  auto task = mock::work();
  mock::take_ref(task);
}

Task<> moved_into_container_then_awaited() {
  std::vector<Task<>> tasks;
  tasks.push_back(mock::work());
  for (auto &task : tasks)
    co_await task;
}

void co_spawn_with_handler(asio::any_io_executor ex) {
  asio::co_spawn(ex, asio::async_op(), [](std::exception_ptr e) {
    if (e)
      std::rethrow_exception(e);
  });
  rt::spawn(audit(2), rt::log_failure);
}

asio::awaitable<> co_spawn_awaited(asio::any_io_executor ex) {
  co_await asio::co_spawn(ex, asio::async_op(), asio::use_awaitable);
}

void futures_kept() {
  auto kept = std::async(std::launch::async, [] { return 2; });
  std::async(std::launch::async, [] {}).get();
  std::vector<std::future<void>> all;
  all.push_back(std::async(std::launch::async, [] {}));
  auto guard = std::async(std::launch::async, [] {});
  (void)kept.get();
}

void explicit_discards() {
  (void)mock::submit_job();
  static_cast<void>(mock::eager_work());
}

void fire_and_forget_by_design() { mock::fire(); }

struct Holder {
  Task<> task;
  Task<> &get() { return task; }
};
void reference_results(Holder &h) { h.get(); }

template <class T> void dependent_never_instantiated(T t) {
  t.start();
  t.template run<int>();
}

int plain_function();
void plain_results() {
  plain_function();
  [[maybe_unused]] auto unused = mock::work();
  Task<> empty;
}

void used_locals() {
  auto task = mock::work();
  rt::spawn(audit(3));
  mock::take(std::move(task));
}

void async_wait_with_detached_token_is_not_a_spawn(asio::detached_t token) {
  struct Timer {
    void async_wait(asio::detached_t) {}
  } timer;
  timer.async_wait(asio::detached);
}

void system_header_code_is_ignored() { system_function(); }

// NOLINTNEXTLINE(async-floating-future)
void suppressed() { mock::work(); }
