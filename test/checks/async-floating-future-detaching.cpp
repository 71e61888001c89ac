// Spawn functions that drop the outcome of the work they start: libcoro's
// self-deleting spawns swallow the task's exception. async_simple's
// detach() does not: its callback rethrows the failure, which the detached
// coroutine prints and rethrows. Declarations follow the real libraries'
// names and signatures.
// RUN: %check_asynclint %s async-floating-future %t -- %mockflags

#include <coroutine>
#include <cstdio>
#include <exception>
#include <stdexcept>
#include <vector>

template <class Task> struct LazyPromise {
  Task get_return_object() { return {}; }
  std::suspend_always initial_suspend() noexcept { return {}; }
  std::suspend_always final_suspend() noexcept { return {}; }
  void unhandled_exception() {}
  void return_void() {}
};

namespace coro {
template <class T = void> class task {
public:
  struct promise_type : LazyPromise<task> {};
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) const noexcept {}
  void await_resume() const noexcept {}
};
class scheduler {
public:
  auto spawn_detached(task<void> &&work) -> bool;
  auto spawn_joinable(task<void> &&work) -> task<void>;
};
class thread_pool {
public:
  auto spawn(task<void> &&work) -> bool;
};
} // namespace coro

namespace async_simple {
class Executor {};
namespace coro {
template <class T = void> class RescheduleLazy {
public:
  void detach();
};
template <class T = void> class Lazy {
public:
  struct promise_type : LazyPromise<Lazy> {};
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) const noexcept {}
  void await_resume() const noexcept {}
  RescheduleLazy<T> via(Executor *ex) &&;
  void detach();
};
} // namespace coro
} // namespace async_simple

coro::task<void> push_batch(std::vector<int> batch) {
  if (batch.empty())
    throw std::runtime_error("empty batch");
  co_return;
}

// Catches everything it can throw: running it detached loses nothing.
coro::task<void> push_batch_logged(std::vector<int> batch) {
  try {
    co_await push_batch(std::move(batch));
  } catch (const std::exception &e) {
    std::fprintf(stderr, "push failed: %s\n", e.what());
  }
}

async_simple::coro::Lazy<void> mail(int id) {
  if (id < 0)
    throw std::invalid_argument("id");
  co_return;
}

// ---------------------------------------------------------------- positives

void flush(coro::scheduler &sched, std::vector<int> batch) {
  sched.spawn_detached(push_batch(batch));
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'spawn_detached' drops the outcome of the work it starts: an exception it throws is silently lost [async-floating-future]
}

void flush_on_pool(coro::thread_pool *pool, std::vector<int> batch) {
  if (!batch.empty())
    pool->spawn(push_batch(std::move(batch)));
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'spawn' drops the outcome of the work it starts
}

// ---------------------------------------------------------- near misses

// async_simple's detach() rethrows a failure: it is not lost silently.
void remind(async_simple::Executor &ex, int id) {
  mail(id).via(&ex).detach();
}

// The spawned task observes its own failures.
void flush_logged(coro::scheduler &sched, std::vector<int> batch) {
  sched.spawn_detached(push_batch_logged(std::move(batch)));
}

// A joinable spawn hands the outcome back, and it is awaited.
coro::task<void> flush_and_wait(coro::scheduler &sched,
                                std::vector<int> batch) {
  co_await sched.spawn_joinable(push_batch(std::move(batch)));
}

// The work is awaited, not detached.
async_simple::coro::Lazy<void> remind_now(int id) { co_await mail(id); }

// A project's own spawn_detached that no profile names: its behaviour is
// not known, so nothing is said.
namespace app {
struct Pool {
  bool spawn_detached(coro::task<void> &&work);
};
} // namespace app
void flush_in_house(app::Pool &pool, std::vector<int> batch) {
  pool.spawn_detached(push_batch(std::move(batch)));
}

// Spawned inside a macro the project defines: still the user's call.
#define SPAWN(s, t) (s).spawn_detached(t)
void flush_by_macro(coro::scheduler &sched, std::vector<int> batch) {
  SPAWN(sched, push_batch_logged(std::move(batch)));
}
