// rt::ThreadPool and rt::offload: run blocking or CPU-heavy work off the
// loop thread. `co_await rt::offload(pool, fn)` runs fn() on the pool and
// resumes the coroutine back on the loop thread with fn's result (or
// exception). Meanwhile the loop keeps running other coroutines; when it has
// nothing else to do it sleeps on a condition variable (no busy wait).
// Offloaded work is not cancellable: a thread cannot be interrupted safely.
#pragma once

#include "loop.hpp"
#include "task.hpp"

#include <condition_variable>
#include <deque>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <type_traits>
#include <vector>

namespace rt {

/// A fixed set of worker threads. The destructor finishes queued jobs.
class ThreadPool {
public:
  explicit ThreadPool(std::size_t threads) {
    if (threads == 0)
      threads = 1;
    for (std::size_t i = 0; i < threads; ++i)
      workers_.emplace_back([this] { work(); });
  }
  ThreadPool(const ThreadPool &) = delete;
  ThreadPool &operator=(const ThreadPool &) = delete;
  ~ThreadPool() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    wake_.notify_all();
    for (auto &worker : workers_)
      worker.join();
  }

  std::size_t size() const noexcept { return workers_.size(); }

  void post(std::function<void()> job) {
    {
      std::lock_guard lock(mutex_);
      jobs_.push_back(std::move(job));
    }
    wake_.notify_one();
  }

private:
  void work() {
    for (;;) {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
      if (jobs_.empty())
        return;
      auto job = std::move(jobs_.front());
      jobs_.pop_front();
      lock.unlock();
      job();
    }
  }

  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::function<void()>> jobs_;
  bool stopping_ = false;
  std::vector<std::thread> workers_;
};

namespace detail {

/// Shared between the awaiting coroutine and the pool job, so that either
/// side may go first and a destroyed coroutine is never resumed.
template <class Fn> struct OffloadState {
  using R = std::invoke_result_t<Fn &>;

  explicit OffloadState(Fn f) : fn(std::move(f)) {}

  // Pool thread.
  void run(const std::shared_ptr<OffloadState> &self) {
    {
      std::lock_guard lock(mutex);
      if (abandoned)
        return;
      started = true;
    }
    try {
      if constexpr (std::is_void_v<R>) {
        fn();
        value.emplace();
      } else {
        value.emplace(fn());
      }
    } catch (...) {
      error = std::current_exception();
    }
    std::lock_guard lock(mutex);
    finished = true;
    done_cv.notify_all();
    if (!abandoned)
      loop->post_from_any_thread([self] {
        if (!self->abandoned)
          self->handle.resume();
      });
  }

  Fn fn;
  EventLoop *loop = nullptr;
  std::coroutine_handle<> handle;
  std::mutex mutex;
  std::condition_variable done_cv;
  bool started = false, finished = false, abandoned = false;
  std::optional<nonvoid_t<R>> value;
  std::exception_ptr error;
};

template <class Fn> class OffloadAwaiter {
  using R = std::invoke_result_t<Fn &>;

public:
  OffloadAwaiter(ThreadPool &pool, Fn fn)
      : pool_(pool), state_(std::make_shared<OffloadState<Fn>>(std::move(fn))) {
  }
  OffloadAwaiter(const OffloadAwaiter &) = delete;
  ~OffloadAwaiter() {
    if (!state_->loop || resumed_)
      return;
    // Destroyed while the job is pending: make sure the job can no longer
    // touch the frame (wait for it if it is already running).
    std::unique_lock lock(state_->mutex);
    state_->abandoned = true;
    state_->done_cv.wait(lock,
                         [&] { return !state_->started || state_->finished; });
    state_->loop->end_external();
  }

  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<> h) {
    auto &loop = current_loop("rt::offload");
    state_->loop = &loop;
    state_->handle = h;
    loop.begin_external();
    pool_.post([state = state_] { state->run(state); });
  }
  R await_resume() {
    resumed_ = true;
    state_->loop->end_external();
    if (state_->error)
      std::rethrow_exception(state_->error);
    if constexpr (!std::is_void_v<R>)
      return std::move(*state_->value);
  }

private:
  ThreadPool &pool_;
  std::shared_ptr<OffloadState<Fn>> state_;
  bool resumed_ = false;
};

} // namespace detail

/// Runs `fn()` on `pool`; resumes on the loop thread with its result.
/// `fn` is moved to the pool; it must not touch loop-owned state.
template <class Fn>
Task<std::invoke_result_t<Fn &>> offload(ThreadPool &pool, Fn fn) {
  co_return co_await detail::OffloadAwaiter<Fn>{pool, std::move(fn)};
}

} // namespace rt
