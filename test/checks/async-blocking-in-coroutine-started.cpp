// get() on a future waits for its work: on a future a function of the
// program just returned (the call started the work), it blocks the loop;
// on a future handed in by a caller, or one an accessor gives back, the
// work was started elsewhere and its result is usually ready. The
// libraries are in-file mimics of async_simple's and Seastar's
// declarations.
// RUN: %check_asynclint %s async-blocking-in-coroutine %t -- -std=c++20

#include <coroutine>
#include <string>

template <class Task> struct LazyPromise {
  Task get_return_object() { return {}; }
  std::suspend_always initial_suspend() noexcept { return {}; }
  std::suspend_always final_suspend() noexcept { return {}; }
  void unhandled_exception() {}
  void return_void() {}
};

namespace async_simple {
template <class T> class Future {
public:
  T get();
  bool hasResult() const;
};
template <class T> class Promise {
public:
  Future<T> getFuture();
};
namespace coro {
template <class T = void> struct Lazy {
  struct promise_type : LazyPromise<Lazy> {};
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) const noexcept {}
  void await_resume() const noexcept {}
};
} // namespace coro
} // namespace async_simple

namespace seastar {
template <class T = void> class future {
public:
  T get();
};
} // namespace seastar

async_simple::Future<std::string> fx_rate(std::string ccy);
seastar::future<int> fetch_table(std::string id);
using async_simple::coro::Lazy;

// ---------------------------------------------------------------- negatives

Lazy<> given(async_simple::Future<std::string> &rate) {
  std::string r = rate.get();
  co_return;
}
Lazy<> from_promise(async_simple::Promise<int> &p) {
  int v = p.getFuture().get();
  co_return;
}

// ---------------------------------------------------------------- positives

Lazy<> convert(std::string ccy) {
  std::string rate = fx_rate(ccy).get();
  // CHECK-MESSAGES: :[[@LINE-1]]:22: warning: 'get' blocks the thread that runs the event loop (a blocking wait)
  co_return;
}
Lazy<> apply_table(std::string id) {
  auto table = fetch_table(id);
  int rows = table.get();
  // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: 'get' blocks the thread that runs the event loop (a blocking wait)
  co_return;
}
