// A library of started work, shaped like folly's: lazy tasks started on an
// executor give back a future; its primitives' awaiters call into code the
// unit only declares (compiled into the library), and an executor is
// reached through a virtual call. One precondition check throws
// std::logic_error, one operation rethrows the failure it stored, one
// await throws once its coroutine is cancelled (the project's vocabulary
// lists lib::Cancelled).
#pragma once
#include <coroutine>
#include <exception>
#include <optional>
#include <stdexcept>
#include <system_error>
#include <tuple>

namespace lib {
namespace detail {
bool park(void *waiter);          // compiled into the library
void record_failure(const char *); // compiled into the library
void log_suspension(const char *); // compiled into the library
inline void require(bool ok, const char *what) {
  if (!ok)
    throw std::logic_error(what);
}
} // namespace detail

// A test assertion: reports a failure through the compiled library.
#define LIB_EXPECT(cond)                                                      \
  do {                                                                         \
    if (!(cond))                                                               \
      ::lib::detail::record_failure(#cond);                                    \
  } while (0)

struct Executor {
  virtual ~Executor() = default;
  virtual void add(void *work) = 0;
};

template <class T> struct Future {
  void wait();
  T get();
  template <class F> Future then(F f);
};

template <class T = void> struct Task;
template <class T> struct Returns {
  void return_value(T) {}
};
template <> struct Returns<void> {
  void return_void() {}
};
template <class T> struct Task {
  struct promise_type : Returns<T> {
    Task get_return_object() { return {}; }
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    void unhandled_exception() { error = std::current_exception(); }
    std::exception_ptr error;
  };
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) const noexcept {}
  T await_resume() const {
    if (error)
      std::rethrow_exception(error);
    return T();
  }
  Future<T> start() &&;
  std::exception_ptr error;
};
template <> inline void Task<void>::await_resume() const {
  if (error)
    std::rethrow_exception(error);
}

template <class T> Task<T> on(Executor *ex, Task<T> work);

// "Done", with nothing else to say.
struct Unit {};
// Calls a coroutine lambda and keeps it alive while its task runs.
template <class F> auto invoke(F f) -> decltype(f()) { return f(); }
// A value behind a lock, handed to a callable.
template <class T> struct Guarded {
  T value;
  template <class F> auto with_lock(F f) -> decltype(f(value)) {
    return f(value);
  }
};

// A one-shot event: waiting parks the coroutine in the library.
struct Baton {
  struct Waiter {
    Executor *ex;
    bool await_ready() const { return false; }
    bool await_suspend(std::coroutine_handle<> h) {
      detail::log_suspension("baton");
      detail::require(ex != nullptr, "a baton needs an executor");
      ex->add(h.address());
      return detail::park(h.address());
    }
    void await_resume() {}
  };
  Waiter operator co_await() const { return {ex}; }
  void post();
  Executor *ex = nullptr;
};

// What an await throws once its coroutine is cancelled.
struct Cancelled : std::runtime_error {
  Cancelled() : std::runtime_error("cancelled") {}
};
// Lets other work run; a cancelled coroutine leaves at this point.
struct Yield {
  bool *cancelled;
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) noexcept {}
  void await_resume() const {
    if (*cancelled)
      throw Cancelled();
  }
};
struct Failed : std::runtime_error {
  Failed() : std::runtime_error("failed") {}
};
// The same shape, reporting a failure.
struct Flush {
  bool *failed;
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) noexcept {}
  void await_resume() const {
    if (*failed)
      throw Failed();
  }
};

// An I/O operation: its failure is stored, then rethrown on resumption,
// or handed back as a value when asked for as a tuple.
struct Read {
  std::exception_ptr failure;
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) noexcept {}
  int await_resume() {
    if (failure)
      std::rethrow_exception(failure);
    return 0;
  }
};
struct ReadAsTuple {
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) noexcept {}
  std::tuple<std::error_code, int> await_resume() noexcept { return {}; }
};
struct Socket {
  Read read();
  ReadAsTuple read_as_tuple();
  // What has arrived so far; the library checks before it reads.
  int buffered() const { return pending.has_value() ? pending.value() : 0; }
  std::optional<int> pending;
};
} // namespace lib
