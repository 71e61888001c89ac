// A framework's join is written only where the unit's declaration of it can
// take the run's operands and its result can be awaited in the coroutine: a
// unit that declares only the range form, or a join whose declared result
// the coroutine cannot await, gets the warning without a fix. A join that is
// a function object (stdexec's when_all) is trusted to its profile.
// RUN: %check_asynclint --unsafe-fixes %s async-sequential-awaits %t -- -std=c++20

#include <coroutine>
#include <exception>
#include <tuple>
#include <utility>
#include <vector>

template <class Self, class T> struct LazyPromise {
  Self get_return_object() { return {}; }
  std::suspend_always initial_suspend() noexcept { return {}; }
  std::suspend_always final_suspend() noexcept { return {}; }
  void unhandled_exception() {}
  void return_value(T) {}
};

namespace seastar {
template <class T> class future {
public:
  struct promise_type : LazyPromise<future, T> {};
  bool await_ready() { return false; }
  void await_suspend(std::coroutine_handle<>) {}
  T await_resume();
};
// Only the range form: `when_all_succeed(a, b)` would not compile.
template <class T>
future<std::vector<T>> when_all_succeed(std::vector<future<T>> futures);
} // namespace seastar

seastar::future<int> cardinality(int id);
seastar::future<int> retention(int id);

seastar::future<int> limits(int id) {
  int c = co_await cardinality(id);
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: 2 independent operations are awaited one after another: their latencies add up; await them together so they run concurrently (no fix: no join is known for these tasks here)
  int r = co_await retention(id);
  // CHECK-FIXES: int c = co_await cardinality(id);
  // CHECK-FIXES: int r = co_await retention(id);
  co_return c * r;
}

namespace stdexec {
template <class... S> struct when_all_sender {};
// A sender, and the task below has no await_transform that accepts it.
template <class... S> when_all_sender<S...> when_all(S &&...senders);
} // namespace stdexec
namespace exec {
template <class T> class task {
public:
  struct promise_type : LazyPromise<task, T> {};
  bool await_ready() { return false; }
  void await_suspend(std::coroutine_handle<>) {}
  T await_resume();
};
} // namespace exec

exec::task<int> postings(int doc);
exec::task<int> terms(int doc);

exec::task<int> index(int doc) {
  int p = co_await postings(doc);
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: 2 independent operations are awaited one after another: their latencies add up; await them together so they run concurrently (no fix: no join is known for these tasks here)
  int t = co_await terms(doc);
  // CHECK-FIXES: int p = co_await postings(doc);
  // CHECK-FIXES: int t = co_await terms(doc);
  co_return p + t;
}
