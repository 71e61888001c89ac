// Eager coroutines run inside the statement that starts them only up to
// their first suspension: what they read after it must outlive the
// statement. Also tasks handed to a member spawn, and tasks a plain
// function returns through a wrapper while they read its local closure.
// RUN: %check_asynclint %s async-dangling-reference %t -- %mockflags

#include "async-mocks.h"
#include <string>
#include <utility>
#include <vector>

// mock::FireAndForget is eager and destroys itself; mock::Eager is eager
// and kept by the caller; mock::Task is lazy.
using mock::Task;
namespace coro {
template <class Executor> class task_container {
public:
  void start(Task<> task);
};
struct thread_pool {};
} // namespace coro

void print(const std::string &);
Task<> spawn_task(Task<> task);

// ---------------------------------------------------------------- positives

void greet_later(std::string name) {
  [name]() -> mock::FireAndForget {
    // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: this coroutine lambda reads its captures through its closure, a temporary destroyed at the end of the statement, but the task runs on after its first suspension: every capture it reads after that is dangling [async-dangling-reference]
    // CHECK-MESSAGES: :[[@LINE-2]]:3: note: name the lambda
    co_await mock::sleep_for(10);
    print(name);
  }();
}

mock::Eager publish(const std::vector<std::string> &args) {
  for (int attempt = 0; attempt < 3; ++attempt) {
    print(args.front());
    co_await mock::sleep_for(100);
  }
}

mock::Eager start_service() {
  return publish({"--rm", "-p"});
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: reference parameter 'args' of eager coroutine 'publish' is bound to this temporary, which is destroyed at the end of the statement, but the task is returned: the coroutine reads a dangling reference when it resumes [async-dangling-reference]
  // CHECK-MESSAGES: :37:53: note: parameter declared here; take it by value
  // CHECK-FIXES: mock::Eager publish(const std::vector<std::string> args) {
}

// A project's own coroutine taking a callable by `F&&` and calling it after
// it suspends: handed a temporary lambda and returned, it calls a dead one.
template <class F> mock::Eager poll_until_done(F &&step) {
  while (!step())
    co_await mock::sleep_for(10);
}
mock::Eager watch_job(int id) {
  return poll_until_done([id] { return id > 0; });
  // CHECK-MESSAGES: :[[@LINE-1]]:26: warning: reference parameter 'step' of eager coroutine 'poll_until_done' is bound to this temporary
  // CHECK-MESSAGES: :[[@LINE-7]]:52: note: parameter declared here
}

void start_jobs(coro::task_container<coro::thread_pool> &tc, std::string job) {
  tc.start([&job]() -> Task<> {
    // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: this coroutine lambda reads its captures through its closure, a temporary destroyed at the end of the statement, but the task is spawned
    // CHECK-MESSAGES: :[[@LINE-2]]:12: note: name the lambda
    co_await mock::sleep_for(1);
    print(job);
  }());
}

struct Stage {
  Task<> schedule(std::string callback) {
    auto caller = [this, c = std::move(callback)]() -> Task<> {
      print(c);
      co_return;
    };
    return spawn_task(caller());
    // CHECK-MESSAGES: :[[@LINE-1]]:23: warning: this coroutine lambda reads its captures through its closure 'caller', which is destroyed when 'schedule' returns, but the task is returned
    // CHECK-MESSAGES: :[[@LINE-6]]:10: note: closure declared here
  }
};

// ---------------------------------------------------------------- negatives

// A framework's algorithm taking the callable by `F&&`: whether it keeps
// the callable alive is its contract (Seastar's moves it into its state);
// nothing the caller wrote or could change at this call.
namespace seastar {
template <class Range, class F>
mock::Eager parallel_for_each(Range &range, F &&func) {
  for (auto &element : range) {
    co_await mock::sleep_for(1);
    func(element);
  }
}
} // namespace seastar
mock::Eager touch_all(std::vector<int> &ids) {
  return seastar::parallel_for_each(ids, [](int &id) { ++id; });
}

// Reads its captures only before its first suspension, inside the
// statement that creates it.
void greet_now(std::string name) {
  [name]() -> mock::FireAndForget {
    print(name);
    co_await mock::sleep_for(10);
  }();
}

// The eager callee reads its parameter only before it first suspends.
mock::Eager log_once(const std::string &line) {
  print(line);
  co_await mock::sleep_for(1);
}
mock::Eager log_greeting() { return log_once(std::string("hello")); }

// Awaited in the statement: the temporary lives until the await ends.
mock::Eager awaited_eager() { co_await publish({"--rm"}); }

// Copied into the frame before anything suspends.
void greet_with_parameter(std::string name) {
  [](std::string copy) -> mock::FireAndForget {
    co_await mock::sleep_for(10);
    print(copy);
  }(name);
}

// A named closure that outlives the awaited task.
Task<> named_closure_awaited(std::string job) {
  auto body = [&job]() -> Task<> {
    print(job);
    co_return;
  };
  co_await body();
}

// A closure captured by nothing: no closure state to read.
Task<> no_captures() {
  auto body = []() -> Task<> { co_return; };
  return spawn_task(body());
}
