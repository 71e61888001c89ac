// A coroutine type whose frame destroys itself at the end but that can be
// awaited (Seastar's future, a concurrencpp-like result) hands its outcome
// over through shared state: work that is already running, like a future's,
// not a fire-and-forget coroutine. Dropping one loses its outcome; awaiting
// one keeps its object alive as any awaited call does.
// RUN: %check_asynclint %s async-floating-future,async-dangling-reference %t -- -std=c++20

#include <coroutine>
#include <string>

template <class T> struct shared_result {
  struct promise_type {
    shared_result get_return_object() { return {}; }
    std::suspend_never initial_suspend() noexcept { return {}; }
    std::suspend_never final_suspend() noexcept { return {}; }
    void unhandled_exception() {}
    void return_value(T) {}
  };
  bool await_ready() { return false; }
  void await_suspend(std::coroutine_handle<>) {}
  T await_resume();
};

// Self-destroying and not awaitable: fire-and-forget by design.
struct fire_and_forget {
  struct promise_type {
    fire_and_forget get_return_object() { return {}; }
    std::suspend_never initial_suspend() noexcept { return {}; }
    std::suspend_never final_suspend() noexcept { return {}; }
    void unhandled_exception() {}
    void return_void() {}
  };
};

shared_result<int> replicate(std::string hint);
fire_and_forget log_later(std::string line);

shared_result<int> replay(std::string hint) {
  replicate(hint);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: future returned by 'replicate' is discarded without being used: the work goes on, but its result and any exception are lost [async-floating-future]
  log_later(hint);
  co_return co_await replicate(hint);
}

class Repair {
public:
  // Awaited by its callers: `this` outlives each call.
  shared_result<int> resync(std::string peer) {
    int digest = co_await replicate(peer);
    co_return digest + rows_;
  }
  shared_result<int> run(std::string peer) { co_return co_await resync(peer); }

private:
  int rows_ = 0;
};
