// A blocking sleep in a coroutine is rewritten into its own library's
// asynchronous sleep when the library declares one (a free `sleep` or
// `sleep_for` next to its task type, taking one duration the argument
// converts to without loss), whatever the library is called.
// RUN: %check_asynclint %s async-blocking-in-coroutine %t -- -std=c++20

#include <chrono>
#include <coroutine>
#include <thread>

using namespace std::chrono_literals;

#define LAZY_TASK(Name)                                                        \
  template <class T = void> struct Name {                                      \
    struct promise_type {                                                      \
      Name get_return_object() { return {}; }                                  \
      std::suspend_always initial_suspend() noexcept { return {}; }            \
      std::suspend_always final_suspend() noexcept { return {}; }              \
      void return_void() {}                                                    \
      void unhandled_exception() {}                                            \
    };                                                                         \
    bool await_ready() { return false; }                                       \
    void await_suspend(std::coroutine_handle<>) {}                             \
    void await_resume() {}                                                     \
  };

namespace game {
LAZY_TASK(task)
task<void> sleep(std::chrono::milliseconds d);
} // namespace game

namespace jobs {
LAZY_TASK(Work)
} // namespace jobs

game::task<void> cool_down() {
  std::this_thread::sleep_for(5ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'sleep_for' blocks the thread that runs the event loop (a sleep)
  // CHECK-FIXES: co_await game::sleep(5ms);
  std::this_thread::sleep_for(2s);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'sleep_for' blocks
  // CHECK-FIXES: co_await game::sleep(2s);
  co_return;
}

// Microseconds do not convert to milliseconds implicitly: no fix.
game::task<void> short_pause() {
  std::this_thread::sleep_for(500us);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'sleep_for' blocks
  // CHECK-FIXES: std::this_thread::sleep_for(500us);
  co_return;
}

// `co_await` may not appear in a catch handler: reported, no fix.
game::task<void> back_off_after_failure() {
  try {
    co_await game::sleep(1ms);
  } catch (...) {
    std::this_thread::sleep_for(5ms);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'sleep_for' blocks
    // CHECK-FIXES: {{^}}    std::this_thread::sleep_for(5ms);
  }
}

// A library without an asynchronous sleep: no fix.
jobs::Work<void> retry_later() {
  std::this_thread::sleep_for(5ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'sleep_for' blocks
  // CHECK-FIXES: std::this_thread::sleep_for(5ms);
  co_return;
}

// Not in a coroutine: silent.
void plain_wait() { std::this_thread::sleep_for(5ms); }
