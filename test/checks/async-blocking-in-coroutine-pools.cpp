// Code on a thread pool is off the event loop. Besides the profiles' pools
// (AsyncThreadPools), a program's own pool type (`WorkerPool`) and a generic
// executor handed around under a pool's name (`cpu_`, `blocking_pool`) are
// pools: awaiting an awaiter made of one (`co_await dispatch(cpu)`,
// `co_await hop_to(workers)`) moves the rest of the coroutine there, and a
// coroutine lambda started on one (`co_withExecutor(cpu_, co_invoke(...))`)
// runs there. A name that says event loop (`io_`, `loop`) is not a pool,
// nor is a function object named for blocking (`blockingWait(task)`).
// RUN: %check_asynclint %s async-blocking-in-coroutine %t -- -std=c++20

#include <coroutine>
#include <string>

extern "C" int system(const char *command);

template <class T = void> struct Task {
  struct promise_type {
    Task get_return_object() { return {}; }
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    void unhandled_exception() {}
    void return_void() {}
  };
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) const noexcept {}
  void await_resume() const noexcept {}
};

// A generic executor interface, and a program's own pool.
struct Executor {};
struct WorkerPool {};
struct Hop {
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) const noexcept {}
  void await_resume() const noexcept {}
};
Hop dispatch(Executor *ex);   // the rest of the coroutine runs on ex
Hop hop_to(WorkerPool &pool); // the rest of the coroutine runs on pool
Hop hop_to(Executor *ex);

template <class F> Task<> co_invoke(F f);
template <class T> Task<T> co_withExecutor(Executor *ex, Task<T> t);
struct BlockingWaitFn {
  template <class T> void operator()(Task<T> t) const;
};
inline constexpr BlockingWaitFn blockingWait{};

// ---------------------------------------------------------------- negatives

Task<> verify_on_cpu(Executor *cpu, std::string path) {
  co_await dispatch(cpu);
  system(("fwsign --verify " + path).c_str());
}

Task<> demodulate(WorkerPool &pool, std::string iq) {
  co_await hop_to(pool);
  system(("gr-demod " + iq).c_str());
}

struct Backfill {
  Executor *cpu_;
  Executor *io_;
  Task<> hash_offloaded(std::string id) {
    co_await co_withExecutor(cpu_, co_invoke([id]() -> Task<> {
                               system(("hash " + id).c_str());
                               co_return;
                             }));
  }

  // ---------------------------------------------------------- positives

  // The I/O executor is the event loop.
  Task<> hash_on_io(std::string id) {
    co_await co_withExecutor(io_, co_invoke([id]() -> Task<> {
                               system(("hash " + id).c_str());
                               // CHECK-MESSAGES: :[[@LINE-1]]:32: warning: 'system' blocks the thread that runs the event loop (blocking I/O)
                               co_return;
                             }));
  }
};

Task<> hop_to_loop(Executor *loop, std::string path) {
  co_await hop_to(loop);
  system(("fwsign " + path).c_str());
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'system' blocks the thread that runs the event loop (blocking I/O)
}

// A function object's first argument is the object, not an executor.
void run_blocking(std::string path) {
  blockingWait([path]() -> Task<> {
    co_await Hop{};
    system(("fwsign " + path).c_str());
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'system' blocks the thread that runs the event loop (blocking I/O)
  }());
}
