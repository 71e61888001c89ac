// Operations that are not tasks: an awaiter a call makes (an SDK request
// started in await_suspend) is an operation like a task; and task types
// whose promise_type a base declares, with an `auto` initial_suspend that
// an `if constexpr` on the class's template argument decides.
// RUN: %check_asynclint %s async-sequential-awaits %t -- -std=c++20

#include <coroutine>
#include <exception>
#include <functional>
#include <optional>
#include <string>
#include <utility>

namespace sdk {
struct Status {
  bool ok = true;
};
struct Charge {
  std::string id;
  long cents = 0;
};
struct Customer {
  std::string email;
};
void get_charge(std::string id, std::function<void(Status, Charge)> done);
void get_customer(std::string id, std::function<void(Status, Customer)> done);

// Starts the SDK call in await_suspend and resumes from its callback.
template <class T> struct Request {
  std::function<void(std::function<void(Status, T)>)> start;
  std::optional<T> value;
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<> h) {
    start([this, h](Status, T v) {
      value.emplace(std::move(v));
      h.resume();
    });
  }
  T await_resume() { return std::move(*value); }
};
Request<Charge> charge(std::string id);
Request<Customer> customer(std::string id);
Request<Charge> refund(std::string charge_id, long cents);

// An event many coroutines wait for, and a lock.
struct Event {
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) {}
  int await_resume() { return 0; }
};
struct AsyncMutex {
  struct Guard {
    ~Guard();
  };
  struct LockAwaiter {
    bool await_ready() const noexcept { return false; }
    void await_suspend(std::coroutine_handle<>) {}
    Guard await_resume();
  };
  LockAwaiter lock();
};
} // namespace sdk

struct Flow {
  struct promise_type {
    Flow get_return_object() { return {}; }
    std::suspend_never initial_suspend() noexcept { return {}; }
    std::suspend_never final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() {}
  };
};

void print(const std::string &);

Flow refund_desk(std::string charge_id, std::string customer_id) {
  sdk::Charge ch = co_await sdk::charge(charge_id);
  // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: 2 independent operations are awaited one after another: their latencies add up; await them together so they run concurrently
  sdk::Customer cu = co_await sdk::customer(customer_id);
  sdk::Charge rf = co_await sdk::refund(ch.id, ch.cents);
  print(cu.email + rf.id);
}

// Near-misses: the second needs the first; an event kept elsewhere; a lock
// whose guard is the point, not a value.
Flow dependent_requests(std::string charge_id) {
  sdk::Charge ch = co_await sdk::charge(charge_id);
  sdk::Charge rf = co_await sdk::refund(ch.id, ch.cents);
  print(rf.id);
}

Flow event_then_request(sdk::Event &ready, std::string customer_id) {
  int generation = co_await ready;
  sdk::Customer cu = co_await sdk::customer(customer_id);
  print(cu.email + std::to_string(generation));
}

Flow locked_request(sdk::AsyncMutex &m, std::string customer_id) {
  auto guard = co_await m.lock();
  sdk::Customer cu = co_await sdk::customer(customer_id);
  print(cu.email);
}

// ----------------------------------------- promise_type declared by a base

namespace game {
namespace detail {
template <class T> struct value_slot {
  std::optional<T> v;
  void return_value(T x) { v.emplace(std::move(x)); }
};
template <class Self, class T, bool Eager> struct promise : value_slot<T> {
  Self get_return_object();
  auto initial_suspend() noexcept {
    if constexpr (Eager)
      return std::suspend_never{};
    else
      return std::suspend_always{};
  }
  std::suspend_always final_suspend() noexcept { return {}; }
  void unhandled_exception() {}
};
template <class Self, class T, bool Eager> struct handle {
  struct promise_type : promise<Self, T, Eager> {};
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) {}
  T await_resume();
};
} // namespace detail
template <class T>
struct task : detail::handle<task<T>, T, false> {};
template <class T>
struct eager : detail::handle<eager<T>, T, true> {};
} // namespace game

struct Lobby {
  std::string motd;
  std::string rules;
};
game::task<std::string> motd_for(std::string lobby);
game::task<std::string> rules_for(std::string mode);
game::eager<std::string> warm(std::string lobby);
game::eager<std::string> greet(std::string lobby);

game::task<Lobby> open_lobby(std::string id, std::string mode) {
  Lobby lobby;
  lobby.motd = co_await motd_for(id);
  // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: 2 independent operations are awaited one after another
  lobby.rules = co_await rules_for(mode);
  co_return lobby;
}

// Eager tasks created first run together already: awaiting them in turn
// costs nothing.
game::task<Lobby> warm_lobby(std::string id) {
  auto a = warm(id);
  auto b = greet(id);
  Lobby lobby;
  lobby.motd = co_await std::move(a);
  lobby.rules = co_await std::move(b);
  co_return lobby;
}
