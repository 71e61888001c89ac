// A capturing coroutine lambda handed, as a temporary closure, to a function
// that calls it: the coroutine reads its captures through the closure, so
// the closure must live until the coroutine finishes. Reported when the
// function drops it once called (a continuation, a runner that hands back
// the work, a detached spawn), or when nothing can wait for the coroutine
// (fire-and-forget, or a wrapper whose call discards the future) and no
// keeper holds the closure. Silent when the call is awaited in its own
// statement, when a coroutine takes the callable by value, when a registry
// stores it for lazy work, and for keepers (`co_spawn`, `co_invoke`).
// RUN: %check_asynclint %s async-dangling-reference %t -- %mockflags

#include "async-mocks.h"
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

using mock::Eager;
using mock::FireAndForget;
using mock::Task;

// A continuation of a framework (Seastar's `then`): a coroutine that takes
// the callable by forwarding reference and calls it after it first
// suspends.
namespace seastar {
struct Closing {
  template <class F> Eager then(F &&f) {
    co_await mock::sleep_for(1);
    co_await f();
  }
};
} // namespace seastar
struct Gate {
  seastar::Closing close();
};

// Runs a callable's work under a gate and hands back the work.
template <class F> auto try_with_gate(Gate &g, F &&f) {
  return std::invoke(std::forward<F>(f));
}
// Detaches it: the project's own forwarding spawn.
template <class F> void spawn_with_gate(Gate &g, F &&f) {
  (void)try_with_gate(g, std::forward<F>(f));
}

// A library runner without a body to read: hands back the work's future.
namespace pool {
template <class F> Eager submit(F &&f);
// Hands back an awaitable that runs the callable: one that holds it by
// value (a nursery's scope object) keeps the closure as long as it runs;
// one that holds a reference to it does not.
template <class F> struct Scheduled {
  F body;
  bool await_ready();
  void await_suspend(std::coroutine_handle<>);
  void await_resume();
};
template <class F> struct ScheduledByReference {
  F &body;
  bool await_ready();
  void await_suspend(std::coroutine_handle<>);
  void await_resume();
};
template <class F> Scheduled<std::decay_t<F>> schedule(F &&f);
template <class F>
ScheduledByReference<std::remove_reference_t<F>> schedule_by_reference(F &&f);
} // namespace pool

// An event source that stores its handler.
struct Button {
  int on_click(std::function<void()> handler);
};

// A coroutine that takes its callable by value: the frame keeps it.
template <class F> Task<> retry(F f) {
  co_await f();
  co_await f();
}

// A registry that keeps the callables it is given for later calls.
struct Router {
  template <class F> void route(F &&f) {
    handlers.push_back(std::forward<F>(f));
  }
  std::vector<std::function<Task<>()>> handlers;
};

// Calls each piece's callback; the callback's result is dropped.
Task<> for_each_piece(int n, std::function<void(int)> piece);

Task<> publish(const std::string &topic);

struct Service {
  Gate gate;
  std::vector<int> items;
  Button button;
  Router router;

  // ---------------------------------------------------------- positives

  Eager stop() {
    return gate.close().then([this]() -> Eager {
      // CHECK-MESSAGES: :[[@LINE-1]]:30: warning: this coroutine lambda reads its captures through its closure, but 'then' does not keep the closure alive until the coroutine finishes: every capture it reads after its first suspension is dangling [async-dangling-reference]
      co_await mock::sleep_for(1);
      items.clear();
    });
  }

  void detach(int id) {
    spawn_with_gate(gate, [this, id]() -> Eager {
      // CHECK-MESSAGES: :[[@LINE-1]]:27: warning: this coroutine lambda reads its captures through its closure, but 'spawn_with_gate' does not keep the closure alive
      co_await mock::sleep_for(1);
      items.push_back(id);
    });
  }

  void enqueue(std::string topic) {
    auto work = pool::submit([topic]() -> Task<> { co_await publish(topic); });
    // CHECK-MESSAGES: :[[@LINE-1]]:30: warning: this coroutine lambda reads its captures through its closure, but 'submit' does not keep the closure alive
    (void)work;
  }

  void schedule_later(std::string topic) {
    auto later = pool::schedule_by_reference(
        [topic]() -> Task<> { co_await publish(topic); });
    // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: this coroutine lambda reads its captures through its closure, but 'schedule_by_reference' does not keep the closure alive
    (void)later;
  }

  void watch(std::string label) {
    button.on_click([this, label]() -> FireAndForget {
      // CHECK-MESSAGES: :[[@LINE-1]]:21: warning: this coroutine lambda reads its captures through its closure, but nothing waits for the coroutine, and 'on_click' does not keep the closure alive until it finishes
      co_await mock::sleep_for(1);
      co_await publish(label);
    });
  }

  Task<> split() {
    std::vector<int> parts;
    co_await for_each_piece(3, [&](int part) -> Eager {
      // CHECK-MESSAGES: :[[@LINE-1]]:32: warning: this coroutine lambda reads its captures through its closure, but nothing waits for the coroutine, and 'for_each_piece' does not keep the closure alive
      parts.push_back(co_await mock::compute(part));
    });
  }

  // ---------------------------------------------------------- negatives

  // Awaited in its own statement: the closure outlives the await.
  Task<> stop_and_wait() {
    co_await gate.close().then([this]() -> Eager {
      co_await mock::sleep_for(1);
      items.clear();
    });
  }

  // A coroutine that takes the callable by value keeps it in its frame.
  Task<> retried() {
    auto task = retry([this]() -> Task<> { co_await publish("x"); });
    co_await std::move(task);
  }

  // The awaitable handed back holds the closure itself.
  void schedule_owned(std::string topic) {
    auto later =
        pool::schedule([topic]() -> Task<> { co_await publish(topic); });
    (void)later;
  }

  // A registry keeps what it stores; lazy work is awaited by its caller.
  void install(std::string prefix) {
    router.route([prefix]() -> Task<> { co_await publish(prefix); });
  }

  // Nothing captured: no closure to outlive.
  void detach_stateless() {
    spawn_with_gate(gate, []() -> Eager {
      co_await mock::sleep_for(1);
    });
  }

  // Captures read only before the first suspension: copied into the frame.
  void watch_copied(std::string label) {
    button.on_click([label]() -> FireAndForget {
      std::string mine = label;
      co_await mock::sleep_for(1);
      co_await publish(mine);
    });
  }

  // A capture read only in the first awaited operand: evaluated before the
  // coroutine suspends.
  void watch_operand(int delay) {
    button.on_click([delay]() -> FireAndForget {
      co_await mock::sleep_for(delay);
    });
  }

  // A lazy task a wrapper discards never runs: it reads nothing (that is
  // async-floating-future's finding).
  Task<> split_lazy() {
    std::vector<int> parts;
    co_await for_each_piece(3, [&](int part) -> Task<> {
      parts.push_back(co_await mock::compute(part));
    });
  }

  // A named closure is not a temporary of the call.
  Eager stop_named() {
    auto clear = [this]() -> Eager {
      co_await mock::sleep_for(1);
      items.clear();
    };
    co_await gate.close().then(clear);
  }

  // Not a coroutine lambda: it returns the work another coroutine does.
  void detach_plain(int id) {
    spawn_with_gate(gate, [this, id]() { return record(id); });
  }
  Eager record(int id);

  // A keeper: co_spawn holds the callable until the coroutine finishes.
  void spawn_kept(asio::io_context &io) {
    asio::co_spawn(asio::any_io_executor{},
                   [this]() -> asio::awaitable<void> {
                     items.clear();
                     co_return;
                   },
                   asio::detached_t{});
  }
};

// A fire-and-forget member coroutine: nothing can wait for it, so nothing
// ties the object's lifetime to it once it has suspended.
struct Window : std::enable_shared_from_this<Window> {
  int width = 0;
  void layout();

  FireAndForget on_resize(int w) {
    // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: fire-and-forget coroutine 'on_resize' uses 'this' after it first suspends, but nothing keeps the 'Window' object alive until it finishes
    co_await mock::sleep_for(1);
    width = w;
    layout();
  }

  // Takes a share first, and checks it after resuming.
  FireAndForget on_close() {
    auto weak = weak_from_this();
    co_await mock::sleep_for(1);
    if (auto self = weak.lock())
      self->layout();
  }

  // Uses only copies taken before its first suspension.
  FireAndForget on_show() {
    int w = width;
    co_await mock::sleep_for(w);
    co_await publish(std::to_string(w));
  }

  // An eager task its caller keeps and can await.
  Eager on_move() {
    co_await mock::sleep_for(1);
    layout();
  }
};

// A nursery tracks its fire-and-forget children: join() loops until the
// count each child lowers when it ends is back to zero.
struct Nursery {
  void spawn(Task<> child) {
    ++live;
    drive(std::move(child));
  }
  Task<> join() {
    while (live > 0)
      co_await mock::sleep_for(1);
  }

private:
  FireAndForget drive(Task<> child) {
    co_await std::move(child);
    --live;
  }
  int live = 0;
};

// A plain lambda whose returned task keeps a reference to the lambda's own
// capture: the task needs the closure for as long as it runs.
Eager handle(std::string &&request);
Eager handle(std::string &&request) {
  co_await mock::sleep_for(1);
  co_await publish(request);
}
Eager handle_copy(std::string request) {
  co_await mock::sleep_for(1);
  co_await publish(request);
}
struct Frontend {
  Gate gate;
  void send(std::string request) {
    spawn_with_gate(gate, [req = std::move(request)]() mutable {
      // CHECK-MESSAGES: :[[@LINE-1]]:27: warning: the task this lambda returns refers to its capture 'req', but 'spawn_with_gate' destroys the closure once it has called it, before the task finishes: the task reads a dangling reference
      return handle(std::move(req));
    });
  }
  // The coroutine takes its own copy.
  void send_copy(std::string request) {
    spawn_with_gate(gate, [req = std::move(request)]() mutable {
      return handle_copy(std::move(req));
    });
  }
};
