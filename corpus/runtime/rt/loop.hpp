// rt::EventLoop: a single-threaded event loop with timers and a virtual clock.
//
// Clock::Virtual: time stands still while anything is runnable; when nothing
// is, it jumps straight to the next timer. Latencies are exact and a program
// that "waits" 10 minutes finishes instantly. Real work (offload to a thread
// pool) still takes real time, but virtual time does not advance meanwhile.
// Clock::Real: timers follow std::chrono::steady_clock.
//
// run(task) starts the task, runs the loop until the task AND every task
// spawned onto the loop have finished, then returns the task's value or
// rethrows its exception. If nothing could ever make progress it throws
// rt::Deadlock instead of hanging. run_for(task, limit) is the guarded form:
// it gives up after `limit` of loop time (or on deadlock), destroys the task
// and every pending spawned task and timer, and returns std::nullopt.
//
// Everything here must be called on the loop's thread, except what the
// thread pool uses to post completions back (post_from_any_thread).
#pragma once

#include "detail/child.hpp"
#include "detail/wait_queue.hpp"
#include "errors.hpp"
#include "task.hpp"

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <list>
#include <map>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace rt {

enum class Clock { Virtual, Real };

class EventLoop;

namespace detail {
/// One entry of the loop's strong-reference set of spawned tasks.
class SpawnedTask final : public Completion {
public:
  SpawnedTask(EventLoop &loop, Child child)
      : loop_(&loop), child_(std::move(child)) {}
  inline std::coroutine_handle<> child_done() noexcept override;

private:
  friend class rt::EventLoop;
  EventLoop *loop_;
  Child child_;
  std::list<SpawnedTask>::iterator self_;
};
} // namespace detail

class EventLoop {
public:
  using clock = std::chrono::steady_clock;
  using time_point = clock::time_point;
  using duration = clock::duration;

  struct TimerId {
    time_point when;
    std::uint64_t seq;
    auto operator<=>(const TimerId &) const = default;
  };

  explicit EventLoop(Clock mode = Clock::Virtual)
      : mode_(mode), start_(clock::now()), virtual_now_(start_) {}
  EventLoop(const EventLoop &) = delete;
  EventLoop &operator=(const EventLoop &) = delete;
  ~EventLoop() { abandon(); }

  /// The loop whose run() is executing on this thread, or nullptr.
  static EventLoop *current() noexcept { return current_; }

  Clock mode() const noexcept { return mode_; }
  time_point now() const noexcept {
    return mode_ == Clock::Virtual ? virtual_now_ : clock::now();
  }
  /// Loop time since construction (virtual or real, per the mode).
  std::chrono::milliseconds elapsed() const noexcept {
    return std::chrono::duration_cast<std::chrono::milliseconds>(now() -
                                                                 start_);
  }

  /// Runs `task` (and everything spawned) to completion; returns its value
  /// or rethrows its exception. Takes ownership of the task (an lvalue task
  /// is consumed too).
  template <class T> T run(Task<T> &&task) {
    Task<T> owned = std::move(task);
    guarded_drive(owned, std::nullopt);
    return detail::TaskAccess::take(owned);
  }
  template <class T> T run(Task<T> &task) { return run(std::move(task)); }

  /// Like run, but gives up after `limit` of loop time (or on deadlock):
  /// std::nullopt means the task did not finish; it and all pending work on
  /// the loop were destroyed.
  template <class T>
  std::optional<detail::nonvoid_t<T>> run_for(Task<T> &&task, duration limit) {
    Task<T> owned = std::move(task);
    if (!guarded_drive(owned, now() + limit)) {
      owned = Task<T>{}; // destroy its frames while the loop is still intact
      abandon();
      return std::nullopt;
    }
    if constexpr (std::is_void_v<T>) {
      detail::TaskAccess::take(owned);
      return std::monostate{};
    } else {
      return detail::TaskAccess::take(owned);
    }
  }
  template <class T>
  std::optional<detail::nonvoid_t<T>> run_for(Task<T> &task, duration limit) {
    return run_for(std::move(task), limit);
  }

  /// Queues `fn` to run on the loop soon (FIFO).
  void post(std::function<void()> fn) { ready_.push_back(std::move(fn)); }
  /// Thread-safe post, used to deliver results from other threads.
  void post_from_any_thread(std::function<void()> fn) {
    {
      std::lock_guard lock(mutex_);
      remote_.push_back(std::move(fn));
    }
    remote_ready_.notify_one();
  }

  TimerId call_at(time_point when, std::function<void()> fn) {
    TimerId id{when, next_timer_seq_++};
    timers_.emplace(id, std::move(fn));
    return id;
  }
  TimerId call_after(duration delay, std::function<void()> fn) {
    return call_at(now() + delay, std::move(fn));
  }
  /// Removes a pending timer; false if it already fired or was cancelled.
  bool cancel(TimerId id) noexcept { return timers_.erase(id) > 0; }
  std::size_t pending_timers() const noexcept { return timers_.size(); }
  /// Spawned tasks not yet finished.
  std::size_t spawned_count() const noexcept { return spawned_.size(); }

  // --- Runtime internals used by rt's awaitables. ---

  /// Takes ownership of a child coroutine and starts it on a later turn.
  void adopt(detail::Child child) {
    auto it = spawned_.emplace(spawned_.end(), *this, std::move(child));
    it->self_ = it;
    post([it] { it->child_.start(*it, {}); });
  }
  /// Resumes the waiter's coroutine on a later turn. Deferring (instead of
  /// resuming inline) keeps release()/request_stop() callers off the stack
  /// of the coroutine they wake; and because the Waiter unlinks itself when
  /// its frame dies, a woken-but-destroyed coroutine is never resumed.
  void wake(detail::Waiter &w) noexcept { woken_.push_back(w); }
  /// Waiters to wake once no spawned task is left.
  detail::WaitQueue &drain_waiters() noexcept { return drain_waiters_; }
  /// Offloaded work in flight: while any is, an idle loop waits for it
  /// instead of declaring a deadlock.
  void begin_external() noexcept { ++external_; }
  void end_external() noexcept { --external_; }

private:
  friend class detail::SpawnedTask;

  // On any exception (Deadlock, a throwing posted callback) the task and all
  // pending work are destroyed, so nothing stale is left queued.
  template <class T>
  bool guarded_drive(Task<T> &task, std::optional<time_point> limit) {
    try {
      return drive(detail::TaskAccess::handle(task), limit);
    } catch (...) {
      task = Task<T>{};
      abandon();
      throw;
    }
  }

  bool drive(std::coroutine_handle<> root, std::optional<time_point> limit) {
    if (!root)
      throw std::invalid_argument("rt::EventLoop::run: empty task");
    if (running_)
      throw std::logic_error("rt::EventLoop::run is not reentrant");
    struct Scope {
      EventLoop &loop;
      EventLoop *previous = std::exchange(current_, &loop);
      Scope(EventLoop &l) : loop(l) { loop.running_ = true; }
      ~Scope() {
        current_ = previous;
        loop.running_ = false;
      }
    } scope{*this};
    post([root] { root.resume(); });
    while (!(root.done() && spawned_.empty())) {
      if (limit && now() >= *limit)
        return false;
      if (!poll() && !wait_idle(limit))
        return false;
    }
    return true;
  }

  // One turn: remote completions, due timers, woken waiters, posted work.
  // Items that arrive during the turn wait for the next one (fairness).
  bool poll() {
    bool worked = take_remote();
    while (!timers_.empty() && timers_.begin()->first.when <= now()) {
      auto timer = timers_.extract(timers_.begin());
      timer.mapped()();
      worked = true;
    }
    for (auto n = woken_.size(); n > 0 && !woken_.empty(); --n) {
      woken_.pop_front()->handle.resume();
      worked = true;
    }
    for (auto n = ready_.size(); n > 0; --n) {
      auto fn = std::move(ready_.front());
      ready_.pop_front();
      fn();
      worked = true;
    }
    return worked;
  }

  // Nothing runnable: wait for a timer, the limit or offloaded work.
  // Returns false on deadlock under a limit (the task cannot finish by then).
  bool wait_idle(std::optional<time_point> limit) {
    std::optional<time_point> wake_at;
    if (!timers_.empty())
      wake_at = timers_.begin()->first.when;
    if (limit && (!wake_at || *wake_at > *limit))
      wake_at = limit;
    if (external_ > 0) { // virtual time stands still while the pool works
      wait_remote(mode_ == Clock::Real ? wake_at : std::nullopt);
      return true;
    }
    if (!wake_at)
      throw Deadlock{};
    if (limit && timers_.empty())
      return false; // deadlocked: waiting out the limit would change nothing
    if (mode_ == Clock::Virtual)
      virtual_now_ = std::max(virtual_now_, *wake_at);
    else
      wait_remote(wake_at);
    return true;
  }

  void wait_remote(std::optional<time_point> until) {
    std::unique_lock lock(mutex_);
    auto has_remote = [this] { return !remote_.empty(); };
    if (until)
      remote_ready_.wait_until(lock, *until, has_remote);
    else
      remote_ready_.wait(lock, has_remote);
  }

  bool take_remote() {
    std::vector<std::function<void()>> batch;
    {
      std::lock_guard lock(mutex_);
      batch.swap(remote_);
    }
    for (auto &fn : batch)
      fn();
    return !batch.empty();
  }

  void reap(std::list<detail::SpawnedTask>::iterator it) {
    spawned_.erase(it);
    if (spawned_.empty())
      while (auto *w = drain_waiters_.pop_front())
        wake(*w);
  }

  // Destroys every frame the loop owns, then everything queued for them.
  void abandon() noexcept {
    spawned_.clear();
    ready_.clear();
    while (woken_.pop_front()) {
    }
    timers_.clear();
  }

  inline static thread_local EventLoop *current_ = nullptr;

  Clock mode_;
  time_point start_;
  time_point virtual_now_;
  bool running_ = false;
  std::deque<std::function<void()>> ready_;
  detail::WaitQueue woken_;
  detail::WaitQueue drain_waiters_;
  std::map<TimerId, std::function<void()>> timers_;
  std::uint64_t next_timer_seq_ = 0;
  std::list<detail::SpawnedTask> spawned_;
  std::size_t external_ = 0;
  std::mutex mutex_;
  std::condition_variable remote_ready_;
  std::vector<std::function<void()>> remote_;
};

std::coroutine_handle<> detail::SpawnedTask::child_done() noexcept {
  // The frame is still executing its final suspend: reap it on a later turn.
  loop_->post([loop = loop_, it = self_] { loop->reap(it); });
  return std::noop_coroutine();
}

namespace detail {
inline EventLoop &current_loop(const char *who) {
  if (auto *loop = EventLoop::current())
    return *loop;
  throw std::logic_error(std::string(who) +
                         ": no rt::EventLoop is running on this thread");
}
} // namespace detail

/// Runs `task` on a fresh loop; see EventLoop::run.
template <class T> T run(Task<T> &&task, Clock mode = Clock::Virtual) {
  EventLoop loop{mode};
  return loop.run(std::move(task));
}
template <class T> T run(Task<T> &task, Clock mode = Clock::Virtual) {
  return rt::run(std::move(task), mode);
}

/// Runs `task` on a fresh loop for at most `limit` of loop time.
template <class T>
std::optional<detail::nonvoid_t<T>> run_for(Task<T> &&task,
                                            EventLoop::duration limit,
                                            Clock mode = Clock::Virtual) {
  EventLoop loop{mode};
  return loop.run_for(std::move(task), limit);
}
template <class T>
std::optional<detail::nonvoid_t<T>>
run_for(Task<T> &task, EventLoop::duration limit, Clock mode = Clock::Virtual) {
  return rt::run_for(std::move(task), limit, mode);
}

} // namespace rt
