// Near misses that must stay silent: every way a task, awaitable or future is
// legitimately consumed, kept, or deliberately dropped.
// RUN: %check_asynclint %s async-floating-future %t -- %mockflags

#include "async-mocks.h"
#include <system-async.h>
#include <functional>
#include <memory>
#include <optional>
#include <tuple>
#include <vector>

using mock::Task;

struct Service {
  Task<> member_;
  std::vector<Task<>> queue_;
  Task<> &current() { return member_; }
  Task<> start() { return mock::work(); }
  void keep() { member_ = mock::work(); }
  void enqueue() { queue_.push_back(mock::work()); }
};

struct Holder {
  explicit Holder(Task<> t) : task(std::move(t)) {}
  Task<> task;
};

Task<> await_forms(bool flag, std::vector<Task<>> tasks) {
  co_await mock::work();
  co_await mock::compute();
  int value = co_await mock::compute();
  (void)value;
  if (flag)
    co_await mock::work();
  co_await (flag ? mock::work(1) : mock::work(2));
  for (auto &task : tasks)
    co_await task;
  co_await std::move(tasks.back());
  while (flag) {
    co_await mock::sleep_for(1);
    flag = false;
  }
  co_await mock::eager_work();
  co_await mock::when_all(mock::work(), mock::work());
}

Task<> forwards() { return mock::work(); }

Task<> keeps_in_variables() {
  auto first = mock::work();
  co_await std::move(first);
  Task<> second = mock::work();
  mock::take(std::move(second));
  auto &&third = mock::work();
  co_await std::move(third);
  auto eager = mock::eager_work();
  co_await eager;
  auto sleeper = mock::sleep_for(3);
  co_await sleeper;
}

void hands_over(Service &service) {
  mock::take(mock::work());
  auto task = mock::work();
  mock::take_ref(task);
  Holder holder{mock::work()};
  auto owned = std::make_unique<Holder>(mock::work());
  std::vector<Task<>> tasks;
  tasks.push_back(mock::work());
  tasks.emplace_back(mock::work());
  std::optional<Task<>> maybe;
  maybe.emplace(mock::work());
  service.keep();
  service.enqueue();
  service.current();
  service.member_ = service.start();
  auto pair = std::make_tuple(mock::work(), 1);
  (void)pair;
}

void spawns_observed(asio::any_io_executor ex) {
  rt::spawn(rt::Task<>{});
  rt::spawn(rt::Task<>{}, rt::log_failure);
  rt::spawn(rt::Task<>{}, [](std::exception_ptr e) {
    if (e)
      rt::log_failure(e);
  });
  asio::co_spawn(ex, asio::async_op(), [](std::exception_ptr) {});
  auto handler = [](std::exception_ptr e) { rt::log_failure(e); };
  asio::co_spawn(ex, asio::async_op(), handler);
}

asio::awaitable<> asio_forms(asio::any_io_executor ex) {
  co_await asio::async_op();
  int value = co_await asio::async_value();
  (void)value;
  co_await asio::co_spawn(ex, asio::async_op(), asio::use_awaitable);
  using namespace asio::experimental::awaitable_operators;
  co_await (asio::async_op() && asio::async_value());
  auto later = asio::async_op();
  co_await std::move(later);
}

void futures_used() {
  auto result = std::async(std::launch::async, [] { return 1; });
  int value = result.get();
  (void)value;
  std::async(std::launch::async, [] {}).get();
  std::async(std::launch::async, [] {}).wait();
  std::future<void> kept = std::async(std::launch::async, [] {});
  std::vector<std::future<int>> all;
  for (int i = 0; i < 3; ++i)
    all.push_back(std::async(std::launch::async, [i] { return i; }));
  for (auto &f : all)
    f.wait();
  std::promise<int> promise;
  std::future<int> from_promise = promise.get_future();
  promise.set_value(3);
  (void)from_promise.get();
  auto job = mock::submit_job();
  job.wait();
  auto shared = mock::submit_job().share();
  shared.wait();
}

void deliberate_discards() {
  (void)mock::submit_job();
  static_cast<void>(mock::submit_job());
  (void)mock::eager_work();
  mock::fire();
  (void)mock::fire();
  [[maybe_unused]] auto unused = mock::work();
  [[maybe_unused]] auto pending_future = mock::submit_job();
}

Task<> lambdas_and_callables() {
  auto make = [] { return mock::work(); };
  co_await make();
  std::function<Task<>()> factory = [] { return mock::work(); };
  co_await factory();
  auto pointer = &mock::compute;
  co_await pointer(4);
  auto coroutine_lambda = []() -> Task<> { co_await mock::work(); };
  co_await coroutine_lambda();
}

template <class T> void generic(T t) {
  t.start();
  t.template run<int>();
  make_it(t);
}

template <class T> Task<> generic_coroutine(T t) {
  co_await t.start();
  co_await mock::work();
}

template <class T> struct Box {
  T value;
  void use() { value.touch(); }
};

int plain();
void plain_code(std::vector<int> &v) {
  plain();
  v.push_back(1);
  Task<> empty;
  auto size = sizeof(mock::work());
  (void)size;
  using Made = decltype(mock::work());
  Made *none = nullptr;
  (void)none;
}

void timer_with_detached_token() {
  struct Timer {
    void async_wait(asio::detached_t) {}
  } timer;
  timer.async_wait(asio::detached);
}

void system_code() {
  system_function();
  (void)system_coroutine;
}

void suppressed() {
  mock::work(); // NOLINT(async-floating-future)
  // NOLINTNEXTLINE(async-floating-future)
  mock::work();
  // NOLINTBEGIN(async-floating-future)
  mock::work();
  std::async(std::launch::async, [] {});
  // NOLINTEND(async-floating-future)
}
