// Eager coroutines run inside the statement that starts them only up to
// their first suspension: what they read after it must outlive the
// statement. Also tasks handed to a member spawn, and tasks a plain
// function returns through a wrapper while they read its local closure.
// RUN: %check_asynclint %s async-dangling-reference %t -- -std=c++20

#include <coroutine>
#include <string>
#include <utility>
#include <vector>

// A fire-and-forget coroutine type (eager, destroys itself at the end).
struct Detached {
  struct promise_type {
    Detached get_return_object() { return {}; }
    std::suspend_never initial_suspend() noexcept { return {}; }
    std::suspend_never final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() {}
  };
};
// An eager future-like coroutine type the caller keeps.
template <class T = void> struct Future {
  struct promise_type {
    Future get_return_object() { return {}; }
    std::suspend_never initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() {}
  };
  bool await_ready() { return false; }
  void await_suspend(std::coroutine_handle<>) {}
  void await_resume() {}
};
// A lazy task and a container that starts the tasks it is given.
template <class T = void> struct Task {
  struct promise_type {
    Task get_return_object() { return {}; }
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() {}
  };
  bool await_ready() { return false; }
  void await_suspend(std::coroutine_handle<>) {}
  void await_resume() {}
};
namespace coro {
template <class Executor> class task_container {
public:
  void start(Task<> task);
};
struct thread_pool {};
} // namespace coro

struct Sleep {
  bool await_ready() { return false; }
  void await_suspend(std::coroutine_handle<>) {}
  void await_resume() {}
};
Sleep sleep_ms(int);
void print(const std::string &);
Task<> spawn_task(Task<> task);

// ---------------------------------------------------------------- positives

void greet_later(std::string name) {
  [name]() -> Detached {
    // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: this coroutine lambda reads its captures through its closure, a temporary destroyed at the end of the statement, but the task runs on after its first suspension: every capture it reads after that is dangling [async-dangling-reference]
    // CHECK-MESSAGES: :[[@LINE-2]]:3: note: name the lambda
    co_await sleep_ms(10);
    print(name);
  }();
}

Future<> publish(const std::vector<std::string> &args) {
  for (int attempt = 0; attempt < 3; ++attempt) {
    print(args.front());
    co_await sleep_ms(100);
  }
}

Future<> start_service() {
  return publish({"--rm", "-p"});
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: reference parameter 'args' of eager coroutine 'publish' is bound to this temporary, which is destroyed at the end of the statement, but the task is returned: the coroutine reads a dangling reference when it resumes [async-dangling-reference]
  // CHECK-MESSAGES: :76:50: note: parameter declared here; take it by value
  // CHECK-FIXES: Future<> publish(const std::vector<std::string> args) {
}

void start_jobs(coro::task_container<coro::thread_pool> &tc, std::string job) {
  tc.start([&job]() -> Task<> {
    // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: this coroutine lambda reads its captures through its closure, a temporary destroyed at the end of the statement, but the task is spawned
    // CHECK-MESSAGES: :[[@LINE-2]]:12: note: name the lambda
    co_await sleep_ms(1);
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
    // CHECK-MESSAGES: :[[@LINE-1]]:29: warning: this coroutine lambda reads its captures through its closure 'caller', which is destroyed when 'schedule' returns, but the task is returned
    // CHECK-MESSAGES: :[[@LINE-6]]:10: note: closure declared here
  }
};

// ---------------------------------------------------------------- negatives

// Reads its captures only before its first suspension, inside the
// statement that creates it.
void greet_now(std::string name) {
  [name]() -> Detached {
    print(name);
    co_await sleep_ms(10);
  }();
}

// The eager callee reads its parameter only before it first suspends.
Future<> log_once(const std::string &line) {
  print(line);
  co_await sleep_ms(1);
}
Future<> log_greeting() { return log_once(std::string("hello")); }

// Awaited in the statement: the temporary lives until the await ends.
Future<> awaited_eager() { co_await publish({"--rm"}); }

// Copied into the frame before anything suspends.
void greet_with_parameter(std::string name) {
  [](std::string copy) -> Detached {
    co_await sleep_ms(10);
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
