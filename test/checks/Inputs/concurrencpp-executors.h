// A mimic of concurrencpp's executors as its headers declare them: the
// spawn members live in derivable_executor<Concrete>, a base of each
// concrete executor; when_all takes the executor to resume on and an
// iterator pair.
#pragma once
#include <coroutine>
#include <exception>
#include <memory>
#include <vector>

namespace concurrencpp {
template <class T> class result {
public:
  struct promise_type {
    result get_return_object() { return {}; }
    std::suspend_never initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    void unhandled_exception() {}
    template <class U> void return_value(U &&) {}
  };
  bool await_ready() { return false; }
  void await_suspend(std::coroutine_handle<>) {}
  T await_resume();
  T get();
};
template <> class result<void> {
public:
  struct promise_type {
    result get_return_object() { return {}; }
    std::suspend_never initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    void unhandled_exception() {}
    void return_void() {}
  };
  bool await_ready() { return false; }
  void await_suspend(std::coroutine_handle<>) {}
  void await_resume() {}
  void get();
};
class executor {
public:
  virtual ~executor() = default;
};
template <class Concrete> class derivable_executor : public executor {
public:
  template <class F, class... Args> void post(F &&f, Args &&...args) {
    (void)f;
  }
  template <class F, class... Args>
  auto submit(F &&f, Args &&...args) -> result<decltype(f(args...))> {
    return {};
  }
};
class thread_pool_executor
    : public derivable_executor<thread_pool_executor> {};
// Starts every task on a new thread.
class thread_executor : public derivable_executor<thread_executor> {};
template <class Executor, class It>
result<std::vector<typename It::value_type>>
when_all(std::shared_ptr<Executor> resume_executor, It begin, It end);
} // namespace concurrencpp
