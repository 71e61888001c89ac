// Completion handlers that receive the work's outcome and ignore it: the
// failure is handed over and dropped, as with `detached`.
// RUN: %check_asynclint %s async-floating-future %t -- %mockflags

#include "async-mocks.h"
#include <cstdio>
#include <exception>
#include <functional>

// An async_simple-shaped library: a lazy task started with a callback that
// receives a Try<T>, also through an executor adaptor.
namespace lib {
template <class T> struct Try {
  bool hasError() const;
};
struct Executor {};
template <class T> struct Rescheduled {
  void start(std::function<void(Try<T>)> callback);
};
template <class T = void> struct Lazy {
  struct promise_type {
    Lazy get_return_object() { return {}; }
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    void unhandled_exception() {}
    void return_void() {}
  };
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) const noexcept {}
  void await_resume() const noexcept {}
  template <class F> void start(F callback) { (void)callback; }
  Rescheduled<T> via(Executor *ex);
};
} // namespace lib

lib::Lazy<> refresh(long user);
void report(const char *what);
lib::Lazy<> refresh_quietly(long user) {
  try {
    co_await refresh(user);
  } catch (...) {
    report("refresh failed");
  }
}

// ---------------------------------------------------------------- positives

void on_login(long user) {
  refresh(user).start([](lib::Try<void>) {});
  // CHECK-MESSAGES: :[[@LINE-1]]:23: warning: 'start' hands the outcome of the work to a handler that ignores it: an exception the work throws is silently lost [async-floating-future]
  // CHECK-MESSAGES: :[[@LINE-2]]:40: note: the outcome ('lib::Try<void>') is never inspected
}

void on_login_via(lib::Executor &ex, long user) {
  refresh(user).via(&ex).start([user](lib::Try<void> result) {});
  // CHECK-MESSAGES: :[[@LINE-1]]:32: warning: 'start' hands the outcome of the work to a handler that ignores it
  // CHECK-MESSAGES: :[[@LINE-2]]:54: note: the outcome ('lib::Try<void>') is never inspected
}

// ---------------------------------------------------------------- negatives

void inspects_it(long user) {
  refresh(user).start([](lib::Try<void> result) {
    if (result.hasError())
      report("refresh failed");
  });
}

// An exception_ptr handler is written where `detached` could have been: a
// deliberate choice (an empty one included).
void spawn_ignoring(asio::io_context &io) {
  asio::co_spawn(io, asio::async_op(), [](std::exception_ptr) {});
}

void rethrows_it(asio::io_context &io) {
  asio::co_spawn(io, asio::async_op(), [](std::exception_ptr e) {
    if (e)
      std::rethrow_exception(e);
  });
}

// A handler that does something observes the completion on purpose.
void counts_down(long user, int &pending) {
  refresh(user).start([&pending](lib::Try<void>) { --pending; });
}

// The work handles its own failures: nothing to lose.
void cannot_fail(long user) {
  refresh_quietly(user).start([](lib::Try<void>) {});
}

// A handler of something else than the outcome.
void progress(long user, std::function<void(int)> on_step) {
  refresh(user).start([](int) {});
}
