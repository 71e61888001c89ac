// RUN: %check_asynclint %s async-missing-timeout %t -- -std=c++20 -pthread

// Back-off sleeps of plain threads that a std::stop_token is meant to stop:
// the sleep cannot be woken, so a stop request waits until it ends. The fix
// (safe) turns a std::this_thread sleep that is a statement of its own into
// a wait on a condition variable that only the token wakes.
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <stop_token>
#include <string>
#include <thread>
#include <unistd.h>

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

bool poll_once();
bool poll_once(std::stop_token st);
bool renew_lease(const std::string &name);
bool check_feed();
void pause_between_attempts(int attempt) {
  std::this_thread::sleep_for(std::chrono::milliseconds(100 << attempt));
}

// ---------------------------------------------------------------- positives

void poll_loop(std::stop_token st) {
  int failures = 0;
  while (!st.stop_requested()) {
    if (poll_once(st)) {
      std::this_thread::sleep_for(60s); // after a success
      // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'sleep_for' sleeps in a loop that 'st' is meant to stop, and nothing wakes it: a stop request waits until the sleep ends [async-missing-timeout]
      // CHECK-MESSAGES: :[[@LINE-6]]:32: note: 'st' is how the thread is asked to stop
      // CHECK-FIXES: {{^}}      {{{$}}
      // CHECK-FIXES-NEXT: {{^}}        std::mutex sleep_mutex;
      // CHECK-FIXES-NEXT: {{^}}        std::unique_lock<std::mutex> sleep_lock(sleep_mutex);
      // CHECK-FIXES-NEXT: {{^}}        std::condition_variable_any().wait_for(sleep_lock, st, 60s, [] { return false; });
      // CHECK-FIXES-NEXT: {{^}}      } // after a success
      continue;
    }
    ++failures;
    std::this_thread::sleep_for(std::chrono::seconds(1 << failures));
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'sleep_for' sleeps in a loop
    // CHECK-MESSAGES: :[[@LINE-17]]:32: note: 'st' is how the thread
    // CHECK-FIXES: std::condition_variable_any().wait_for(sleep_lock, st, std::chrono::seconds(1 << failures), [] { return false; });
  }
}

void lease_keeper(std::stop_token st, std::string name) {
  int attempt = 0;
  while (!st.stop_requested()) {
    if (renew_lease(name))
      continue;
    std::this_thread::sleep_until(Clock::now() + std::chrono::seconds(++attempt));
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'sleep_until' sleeps in a loop
    // CHECK-MESSAGES: :[[@LINE-7]]:35: note: 'st' is how the thread
    // CHECK-FIXES: std::condition_variable_any().wait_until(sleep_lock, st, Clock::now() + std::chrono::seconds(++attempt), [] { return false; });
    pause_between_attempts(attempt); // the sleep is in the helper: no fix
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'pause_between_attempts' sleeps in a loop
    // CHECK-MESSAGES: :[[@LINE-11]]:35: note: 'st' is how the thread
    // CHECK-FIXES: pause_between_attempts(attempt); // the sleep is in the helper: no fix
  }
}

void start_worker() {
  std::jthread worker([](std::stop_token token) {
    for (int attempt = 0; !token.stop_requested(); ++attempt) {
      if (check_feed())
        break;
      ::usleep(200000 << attempt); // POSIX: no fix
      // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'usleep' sleeps in a loop that 'token' is meant to stop
      // CHECK-MESSAGES: :[[@LINE-6]]:42: note: 'token' is how
      // CHECK-FIXES: ::usleep(200000 << attempt); // POSIX: no fix
    }
  });
}

void with_local_token(std::stop_source &source) {
  std::stop_token st = source.get_token();
  while (!st.stop_requested() && !poll_once())
    std::this_thread::sleep_for(2s);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'sleep_for' sleeps in a loop that 'st'
  // CHECK-MESSAGES: :[[@LINE-4]]:19: note: 'st' is how
  // CHECK-FIXES: {{^}}  while (!st.stop_requested() && !poll_once())
  // CHECK-FIXES-NEXT: {{^}}    {{{$}}
  // CHECK-FIXES-NEXT: {{^}}      std::mutex sleep_mutex;
}

// Names the function uses are not taken by the fix's locals.
void names_in_use(std::stop_token st, int sleep_mutex) {
  while (!st.stop_requested() && !check_feed())
    std::this_thread::sleep_for(std::chrono::seconds(sleep_mutex));
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'sleep_for' sleeps in a loop that 'st'
  // CHECK-MESSAGES: :[[@LINE-4]]:35: note: 'st' is how
  // CHECK-FIXES: {{^}}      std::mutex sleep_mutex2;
  // CHECK-FIXES: std::condition_variable_any().wait_for(sleep_lock, st, std::chrono::seconds(sleep_mutex), [] { return false; });
}

// Not a statement of its own: the sleep's value is used, so no fix.
#define BACK_OFF() std::this_thread::sleep_for(3s)
void in_expression_or_macro(std::stop_token st) {
  while (!st.stop_requested()) {
    check_feed() ? void() : std::this_thread::sleep_for(5s);
    // CHECK-MESSAGES: :[[@LINE-1]]:29: warning: 'sleep_for' sleeps in a loop that 'st'
    // CHECK-MESSAGES: :[[@LINE-4]]:45: note: 'st' is how
    // CHECK-FIXES: check_feed() ? void() : std::this_thread::sleep_for(5s);
    BACK_OFF();
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'sleep_for' sleeps in a loop that 'st'
    // CHECK-MESSAGES: :[[@LINE-9]]:20: note: expanded from macro 'BACK_OFF'
    // CHECK-MESSAGES: :[[@LINE-9]]:45: note: 'st' is how
    // CHECK-FIXES: BACK_OFF();
  }
}

// ----------------------------------------------------------- near misses

void interruptible(std::stop_token st) {
  std::mutex m;
  std::condition_variable_any cv;
  while (!st.stop_requested()) {
    if (poll_once(st))
      continue;
    std::unique_lock lk(m);
    cv.wait_for(lk, st, 5s, [] { return false; }); // wakes on a stop request
  }
}

void woken_by_callback(std::stop_token st) {
  std::mutex m;
  std::condition_variable_any cv;
  std::stop_callback wake(st, [&] { cv.notify_all(); });
  while (!st.stop_requested() && !check_feed()) {
    std::unique_lock lk(m);
    cv.wait_for(lk, 5s, [&] { return st.stop_requested(); });
  }
}

void no_token() {
  for (int i = 0; i < 3 && !check_feed(); ++i)
    std::this_thread::sleep_for(200ms);
}

void short_tick(std::stop_token st) {
  while (!st.stop_requested()) {
    poll_once(st);
    std::this_thread::sleep_for(10ms); // polls the token often
  }
}

void once(std::stop_token st) {
  std::this_thread::sleep_for(1s); // not in a loop
  poll_once(st);
}

void helper_loop_without_token() {
  for (int attempt = 0; attempt < 3 && !check_feed(); ++attempt)
    pause_between_attempts(attempt);
}

int main() {
  std::jthread t(poll_loop);
  std::this_thread::sleep_for(10s);
}
