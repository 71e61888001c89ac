// Whatever kind of work an await waits for, the call that starts the next
// operation runs only after it: senders, and eager coroutines whose frame
// destroys itself (a future-like type that is also awaitable), are runs too.
// RUN: %check_asynclint %s async-sequential-awaits %t -- -std=c++20

#include <coroutine>
#include <exception>
#include <string>

// A sender that a coroutine awaits directly (P2300's as_awaitable shape).
struct sender_t {};
template <class T> struct just_sender {
  using sender_concept = sender_t;
  bool await_ready() { return false; }
  void await_suspend(std::coroutine_handle<>) {}
  T await_resume();
};

// An eager coroutine type whose frame destroys itself at the end, awaited
// through a shared state (like concurrencpp's result or Seastar's future).
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

template <class T> struct job {
  struct promise_type {
    job get_return_object() { return {}; }
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    void unhandled_exception() {}
    void return_value(T) {}
  };
  bool await_ready() { return false; }
  void await_suspend(std::coroutine_handle<>) {}
  T await_resume();
};

just_sender<std::string> load_style(std::string id);
just_sender<int> load_glyphs(std::string fonts);
just_sender<int> glyphs_for(std::string style);
shared_result<long> usage_for(int customer);
shared_result<long> plan_of(int customer);
shared_result<long> price_of(long plan);

// ---------------------------------------------------------------- positives

job<int> render(std::string style_id, std::string fonts) {
  std::string style = co_await load_style(style_id);
  // CHECK-MESSAGES: :[[@LINE-1]]:23: warning: 2 independent operations are awaited one after another: their latencies add up; await them together so they run concurrently (no fix: no join is known for these tasks here) [async-sequential-awaits]
  int glyphs = co_await load_glyphs(fonts);
  co_return static_cast<int>(style.size()) + glyphs;
}

shared_result<long> invoice(int customer) {
  long usage = co_await usage_for(customer);
  // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: 2 independent operations are awaited one after another
  long plan = co_await plan_of(customer);
  co_return usage * plan;
}

// ---------------------------------------------------------- near misses

// Each operation needs the one before it.
job<int> render_dependent(std::string style_id) {
  std::string style = co_await load_style(style_id);
  int glyphs = co_await glyphs_for(style);
  co_return glyphs;
}

shared_result<long> invoice_dependent(int customer) {
  long plan = co_await plan_of(customer);
  long price = co_await price_of(plan);
  co_return price;
}

// Started together, then awaited: already concurrent.
shared_result<long> invoice_started_first(int customer) {
  auto usage = usage_for(customer);
  auto plan = plan_of(customer);
  long u = co_await usage;
  long p = co_await plan;
  co_return u * p;
}
