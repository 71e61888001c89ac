// Callables spawned by a plain function that capture its locals by
// reference: the function returns before the spawned coroutine runs
// (the event loop runs elsewhere), unless it waits for it first.
// RUN: %check_asynclint %s async-dangling-reference %t -- %mockflags

#include "async-mocks.h"
#include "concurrencpp-executors.h"
#include <atomic>
#include <future>
#include <string>
#include <thread>
#include <vector>

asio::awaitable<> purge(const std::string &path);
std::string next_arg(int i);

// ---------------------------------------------------------------- positives

void purge_from_cli(asio::io_context &io, const std::vector<std::string> &args) {
  std::string path = args.at(1);
  asio::co_spawn(io, [&]() -> asio::awaitable<> { co_await purge(path); },
                 asio::detached);
  // CHECK-MESSAGES: :[[@LINE-2]]:23: warning: 'path' is captured by reference by a callable that 'co_spawn' runs later, but it is destroyed when 'purge_from_cli' returns: the spawned work reads a dangling reference [async-dangling-reference]
  // CHECK-MESSAGES: :[[@LINE-4]]:15: note: 'path' declared here; capture it by value
  // CHECK-FIXES: asio::co_spawn(io, [&, path]() -> asio::awaitable<> { co_await purge(path); },
}

void schedule_by_value_parameter(asio::io_context &io, std::string path) {
  asio::co_spawn(io, [&path] { return purge(path); }, asio::detached);
  // CHECK-MESSAGES: :[[@LINE-1]]:24: warning: 'path' is captured by reference by a callable that 'co_spawn' runs later, but it is destroyed when 'schedule_by_value_parameter' returns
  // CHECK-MESSAGES: :[[@LINE-3]]:68: note: 'path' declared here; capture it by value
  // CHECK-FIXES: asio::co_spawn(io, [path] { return purge(path); }, asio::detached);
}

// A task (not a callable) spawned by a plain function while it refers to
// the function's local.
void purge_task_from_cli(asio::io_context &io,
                         const std::vector<std::string> &args) {
  std::string path = args.at(1);
  asio::co_spawn(io, purge(path), asio::detached);
  // CHECK-MESSAGES: :[[@LINE-1]]:28: warning: reference parameter 'path' of lazy coroutine 'purge' is bound to 'path', which is destroyed when 'purge_task_from_cli' returns, but the task is spawned
}

// Started through an adaptor that is not a task type itself.
namespace async_simple::coro {
struct Executor {};
template <class T> class RescheduleLazy {
public:
  template <class F> void start(F callback) { (void)callback; }
};
template <class T = void> class Lazy {
public:
  struct promise_type {
    Lazy get_return_object() { return {}; }
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() {}
  };
  bool await_ready() { return false; }
  void await_suspend(std::coroutine_handle<>) {}
  void await_resume() {}
  RescheduleLazy<T> via(Executor *ex) &&;
};
} // namespace async_simple::coro
async_simple::coro::Lazy<> tally(const std::vector<int> &bids) {
  co_await async_simple::coro::Lazy<>{};
  (void)bids.size();
}
void record_async(async_simple::coro::Executor &ex, int a, int b) {
  tally(std::vector<int>{a, b}).via(&ex).start([](auto) {});
  // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: reference parameter 'bids' of lazy coroutine 'tally' is bound to this temporary, which is destroyed at the end of the statement, but the task is started and runs past this statement
}

// A thread detached from the function runs its callable after the
// function has returned.
void announce(const std::vector<std::string> &names) {
  std::string banner = names.at(0);
  std::thread([&] { (void)banner.size(); }).detach();
  // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: 'banner' is captured by reference by a callable that 'std::thread' runs later, but it is destroyed when 'announce' returns
}
void announce_named(std::string banner) {
  std::thread worker([&banner] { (void)banner.size(); });
  worker.detach();
  // CHECK-MESSAGES: :[[@LINE-2]]:24: warning: 'banner' is captured by reference by a callable that 'std::thread' runs later
}

// An executor's inherited post runs the callable on one of its threads,
// after the function has returned.
void purge_log(std::shared_ptr<concurrencpp::thread_pool_executor> pool,
               const std::vector<std::string> &keys) {
  std::vector<std::string> paths = keys;
  pool->post([&] { (void)paths.size(); });
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: 'paths' is captured by reference by a callable that 'post' runs later
}

// ---------------------------------------------------------------- negatives

// A thread joined before the function returns, one given copies, and a
// jthread, which joins when it goes.
void announce_joined(std::string banner) {
  std::thread worker([&banner] { (void)banner.size(); });
  worker.join();
}
void announce_copied(std::string banner) {
  std::thread([banner] { (void)banner.size(); }).detach();
}
void purge_log_copied(std::shared_ptr<concurrencpp::thread_pool_executor> pool,
                      std::vector<std::string> paths) {
  pool->post([paths = std::move(paths)] { (void)paths.size(); });
}
void announce_jthread(std::string banner) {
  std::jthread worker([&banner] { (void)banner.size(); });
}

// The task's reference is the caller's; or the function runs the loop
// before its local goes.
void purge_caller_owned(asio::io_context &io, const std::string &path) {
  asio::co_spawn(io, purge(path), asio::detached);
}
void purge_and_run(const std::vector<std::string> &args) {
  asio::io_context io;
  std::string path = args.at(1);
  asio::co_spawn(io, purge(path), asio::detached);
  io.run();
}

// The function runs the loop itself before its locals go.
int main_like(const std::vector<std::string> &args) {
  asio::io_context io;
  std::string path = args.at(1);
  asio::co_spawn(io, [&] { return purge(path); }, asio::detached);
  io.run();
  return 0;
}

// It waits for the spawned work's result.
void waits_for_it(asio::io_context &io, std::future<void> done) {
  std::string path = next_arg(1);
  asio::co_spawn(io, [&] { return purge(path); }, asio::detached);
  done.get();
}

// It spins until the spawned work changes what they share.
void spins_until_done(asio::io_context &io) {
  std::atomic<int> pending = 1;
  asio::co_spawn(io, [&]() -> asio::awaitable<> {
    co_await purge("tmp");
    pending = 0;
  }, asio::detached);
  while (pending.load())
    ;
}

// A reference parameter names something the caller keeps.
void caller_owns_it(asio::io_context &io, const std::string &path) {
  asio::co_spawn(io, [&] { return purge(path); }, asio::detached);
}

// Captured by value.
void by_value(asio::io_context &io) {
  std::string path = next_arg(1);
  asio::co_spawn(io, [path] { return purge(path); }, asio::detached);
}

// Awaited where it is spawned, in a coroutine.
asio::awaitable<> awaited_spawn(asio::io_context &io) {
  std::string path = next_arg(2);
  co_await asio::co_spawn(io, [&] { return purge(path); }, asio::use_awaitable);
}

// Static storage outlives everything.
void static_path(asio::io_context &io) {
  static std::string path = next_arg(3);
  asio::co_spawn(io, [&] { return purge(path); }, asio::detached);
}

// A test that starts tasks through local closures and spins until the
// counter their callbacks (or the tasks themselves) move reaches its mark:
// the function waits for its work before the closures go.
void start_and_spin(async_simple::coro::Executor &ex) {
  int data = 0;
  int done = 0;
  auto producer = [&]() -> async_simple::coro::Lazy<> {
    co_await async_simple::coro::Lazy<>{};
    data = 1;
  };
  auto consumer = [&]() -> async_simple::coro::Lazy<> {
    co_await async_simple::coro::Lazy<>{};
    ++done;
  };
  consumer().via(&ex).start([&](auto) { ++done; });
  producer().via(&ex).start([](auto) {});
  while (done < 2) {
  }
}

// ------------------------------------------- a project's own spawn, by shape
// A scope of the project's own: `spawn` and `add` are named for starting and
// are given a task, so they spawn it.
struct TaskScope {
  void spawn(mock::Task<> t);
  void add(mock::Task<> t);
  void startup(mock::Task<> t);
  mock::Task<> join();
};
mock::Task<> notify(std::string who);

mock::Task<> notify_all(TaskScope &scope, std::vector<std::string> names) {
  for (const std::string &name : names)
    scope.spawn([&name]() -> mock::Task<> { co_await notify(name); }());
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: this coroutine lambda reads its captures through its closure, a temporary destroyed at the end of the statement, but the task is spawned
  // CHECK-MESSAGES: :[[@LINE-2]]:17: note: name the lambda in a scope that outlives the task
  co_await scope.join();
}

// Negatives: the task owns its data; the lambda captures nothing; the
// lambda's task is awaited in its statement; `startup` is not a verb of
// starting (a word that begins with one is not the verb).
mock::Task<> notify_all_owned(TaskScope &scope,
                              std::vector<std::string> names) {
  for (const std::string &name : names)
    scope.add(notify(name));
  scope.spawn([]() -> mock::Task<> { co_await notify("all"); }());
  co_await [&names]() -> mock::Task<> { co_await notify(names.front()); }();
  scope.startup([&names]() -> mock::Task<> { co_await notify(names[0]); }());
  co_await scope.join();
}
