// Tasks that outlive the scope of a variable their frame refers to: a task
// of one loop iteration kept past the iteration, a task returned by a plain
// function, a completion callback registered in await_suspend, and a member
// coroutine of a shared_ptr-owned object spawned without a share of it.
// RUN: %check_asynclint %s async-dangling-reference %t -- %mockflags

#include "async-mocks.h"
#include <algorithm>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

using mock::Task;

struct Order {
  std::string id;
  int quantity = 0;
};

Task<> ship(const Order &order) {
  (void)order.id;
  co_return;
}
Task<> index_name(std::string_view name) {
  (void)name;
  co_return;
}
Task<> ship_copy(Order order) {
  (void)order;
  co_return;
}
Task<> unused_reference(const Order &) { co_return; }
template <class R> Task<> join_all(R range);
Task<> await_all(std::vector<Task<>> &tasks);

// ------------------------------------------------- a task kept past its loop

Task<> ship_every_order(std::vector<Order> orders) {
  std::vector<Task<>> shipments;
  for (Order order : orders)
    shipments.push_back(ship(order));
  // CHECK-MESSAGES: :[[@LINE-1]]:30: warning: reference parameter 'order' of lazy coroutine 'ship' is bound to 'order', which is destroyed at the end of this loop iteration, but the task is put in a container: the coroutine reads a dangling reference when it runs [async-dangling-reference]
  // CHECK-MESSAGES: :23:26: note: parameter declared here; take it by value
  // CHECK-FIXES: Task<> ship(const Order order) {
  co_await join_all(std::move(shipments));
}

Task<> index_every_name(std::vector<std::string> names) {
  std::vector<Task<>> pending;
  for (std::size_t i = 0; i < names.size(); ++i) {
    std::string lowered = names[i] + "-lc";
    pending.push_back(index_name(lowered));
    // CHECK-MESSAGES: :[[@LINE-1]]:34: warning: view parameter 'name' of lazy coroutine 'index_name' is bound to 'lowered', which is destroyed at the end of this loop iteration, but the task is put in a container
  }
  co_await join_all(std::move(pending));
}

Task<> last_of_the_loop(std::vector<Order> orders) {
  Task<> last;
  for (Order order : orders)
    last = ship(order);
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: reference parameter 'order' of lazy coroutine 'ship' is bound to 'order', which is destroyed at the end of this loop iteration, but the task is stored in 'last'
  co_await std::move(last);
}

// ------------------------------------------- a task returned by a plain function

Task<> ship_default(int quantity) {
  Order order{"default", quantity};
  return ship(order);
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: reference parameter 'order' of lazy coroutine 'ship' is bound to 'order', which is destroyed when 'ship_default' returns, but the task is returned
}

Task<> ship_by_member(Order order) {
  return ship(order);
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: reference parameter 'order' of lazy coroutine 'ship' is bound to 'order', which is destroyed when 'ship_by_member' returns, but the task is returned
}

auto make_shipper(std::string id) {
  return [id] {
    Order order{id, 1};
    return ship(order);
    // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: reference parameter 'order' of lazy coroutine 'ship' is bound to 'order', which is destroyed when the lambda returns, but the task is returned
  };
}

// --------------------------------- a completion callback in await_suspend

struct Timer {
  void on_expiry(std::function<void()> callback);
};

struct ExpiryAwaiter {
  Timer &timer;
  bool await_ready() { return false; }
  void await_suspend(std::coroutine_handle<> waiter) {
    timer.on_expiry([&] { waiter.resume(); });
    // CHECK-MESSAGES: :[[@LINE-1]]:27: warning: 'waiter' is captured by reference by a callback that resumes the coroutine, but it is destroyed when 'await_suspend' returns, before the callback runs: the callback reads a dangling reference [async-dangling-reference]
    // CHECK-MESSAGES: :[[@LINE-3]]:46: note: 'waiter' declared here; capture it by value
    // CHECK-FIXES: timer.on_expiry([&, waiter] { waiter.resume(); });
  }
  void await_resume() {}
};

struct ThreadAwaiter {
  bool await_ready() { return false; }
  void await_suspend(std::coroutine_handle<> h) {
    std::thread([&h] { h.resume(); }).detach();
    // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: 'h' is captured by reference by a callback that resumes the coroutine
    // CHECK-FIXES: std::thread([h] { h.resume(); }).detach();
  }
  void await_resume() {}
};

// ----------------------- a shared_ptr-owned object's coroutine spawned alone

class Session : public std::enable_shared_from_this<Session> {
public:
  void start(asio::io_context &ctx) {
    asio::co_spawn(ctx, serve(), asio::detached);
    // CHECK-MESSAGES: :[[@LINE-1]]:25: warning: 'co_spawn' spawns a coroutine that uses 'this' of 'Session', an object owned through shared_ptr, without holding a share of it: when the last owner lets go, the coroutine runs on a destroyed object [async-dangling-reference]
    // CHECK-MESSAGES: :[[@LINE-2]]:25: note: keep the object alive for as long as the coroutine runs
  }
  void start_lambda(asio::io_context &ctx) {
    asio::co_spawn(ctx, [this]() -> asio::awaitable<> { co_await serve(); },
                   asio::detached);
    // CHECK-MESSAGES: :[[@LINE-2]]:25: warning: 'co_spawn' spawns a coroutine that uses 'this' of 'Session'
    // CHECK-MESSAGES: :[[@LINE-3]]:25: note: keep the object alive
  }
  // Negatives: a share is held by the spawned callable, or taken by the
  // coroutine itself; the spawn is awaited.
  void start_with_self(asio::io_context &ctx) {
    asio::co_spawn(ctx, [self = shared_from_this()] { return self->serve(); },
                   asio::detached);
    asio::co_spawn(ctx, [this, self = shared_from_this()] { return serve(); },
                   asio::detached);
    asio::co_spawn(ctx, serve_owned(), asio::detached);
  }
  asio::awaitable<> start_awaited(asio::io_context &ctx) {
    co_await asio::co_spawn(ctx, serve(), asio::use_awaitable);
  }
  asio::awaitable<> serve() { co_return; }
  asio::awaitable<> serve_owned() {
    auto self = shared_from_this();
    co_return;
  }
};

// Not owned through shared_ptr: its owner decides (a server in main).
class Server {
public:
  void start(asio::io_context &ctx) {
    asio::co_spawn(ctx, listen(), asio::detached);
  }
  asio::awaitable<> listen() { co_return; }
};

// ----------------------------------------------------------- negatives

Task<> loop_over_references(std::vector<Order> &orders) {
  std::vector<Task<>> shipments;
  // The element lives in the caller's vector, not in the iteration.
  for (const Order &order : orders)
    shipments.push_back(ship(order));
  for (auto &order : orders)
    shipments.push_back(ship(order));
  co_await join_all(std::move(shipments));
}

Task<> loop_by_value_parameter(std::vector<Order> orders) {
  std::vector<Task<>> shipments;
  for (Order order : orders)
    shipments.push_back(ship_copy(order));
  for (Order order : orders)
    shipments.push_back(unused_reference(order));
  co_await join_all(std::move(shipments));
}

Task<> loop_awaited_in_the_iteration(std::vector<Order> orders) {
  for (Order order : orders)
    co_await ship(order);
  for (Order order : orders) {
    auto shipment = ship(order);
    co_await std::move(shipment);
  }
  for (Order order : orders) {
    std::vector<Task<>> batch;
    batch.push_back(ship(order));
    co_await await_all(batch);
  }
}

Task<> loop_over_outer_objects(std::vector<Order> orders, Order fallback) {
  std::vector<Task<>> shipments;
  Order urgent{"urgent", 1};
  for (std::size_t i = 0; i < orders.size(); ++i) {
    shipments.push_back(ship(orders[i]));
    shipments.push_back(ship(urgent));
    shipments.push_back(ship(fallback));
  }
  for (Order order : orders) {
    std::string_view id = order.id;
    (void)id;
    static Order sample{"sample", 2};
    shipments.push_back(ship(sample));
  }
  co_await join_all(std::move(shipments));
}

Task<> loop_view_of_a_view(std::vector<std::string_view> names) {
  std::vector<Task<>> pending;
  for (std::string_view name : names)
    pending.push_back(index_name(name));
  co_await join_all(std::move(pending));
}

// Plain functions whose task refers to what outlives them.
Order global_order{"global", 3};
Task<> ship_global() { return ship(global_order); }
Task<> ship_given(const Order &order) { return ship(order); }
Task<> ship_owned(Order order) { return ship_copy(order); }
Task<> ship_pointer(const Order *order) { return ship(*order); }
struct Shipper {
  Order pending;
  Task<> flush() { return ship(pending); }
};
void sync_wait(Task<> task);
void ship_blocking(Order order) {
  // Not returned: run to completion in the statement.
  return sync_wait(ship(order));
}

// A coroutine's own locals live in its frame as long as the task it awaits.
Task<> coroutine_local() {
  Order order{"local", 1};
  co_await ship(order);
}

// Callbacks in await_suspend that do not dangle.
struct ValueCaptureAwaiter {
  Timer &timer;
  bool await_ready() { return false; }
  void await_suspend(std::coroutine_handle<> waiter) {
    timer.on_expiry([waiter] { waiter.resume(); });
    timer.on_expiry([=] { waiter.resume(); });
  }
  void await_resume() {}
};

struct SynchronousAwaiter {
  std::vector<std::coroutine_handle<>> waiters;
  bool await_ready() { return false; }
  bool await_suspend(std::coroutine_handle<> h) {
    // Run in place by a standard algorithm, not later.
    bool known = std::any_of(waiters.begin(), waiters.end(),
                             [&](std::coroutine_handle<> w) { return w == h; });
    // A callback that does not resume: not a completion callback.
    int count = 0;
    std::thread([&count] { (void)count; }).join();
    return !known;
  }
  void await_resume() {}
};

struct MemberHandleAwaiter {
  Timer &timer;
  std::coroutine_handle<> saved;
  bool await_ready() { return false; }
  void await_suspend(std::coroutine_handle<> h) {
    saved = h;
    timer.on_expiry([this] { saved.resume(); });
  }
  void await_resume() {}
};
