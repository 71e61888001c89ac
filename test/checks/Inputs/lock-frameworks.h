// Stand-ins mirroring the mutexes of coroutine frameworks (their names,
// namespaces and how each is locked) and of Abseil and folly's blocking
// ones. Only what the lock-across-suspension tests need.
#pragma once
#include <coroutine>
#include <mutex>
#include <shared_mutex>

namespace lockmock {
template <class T> struct Ready {
  bool await_ready() { return false; }
  void await_suspend(std::coroutine_handle<>) {}
  T await_resume();
};
template <> inline void Ready<void>::await_resume() {}
} // namespace lockmock

// ------------------------------------------------------------------ folly
namespace folly {
// Blocking: locking parks the thread.
template <bool ReaderPriority> class SharedMutexImpl {
public:
  void lock();
  void unlock();
  void lock_shared();
  void unlock_shared();
};
using SharedMutex = SharedMutexImpl<false>;

namespace coro {
template <class T = void> struct Task {
  struct promise_type {
    Task get_return_object() { return {}; }
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() {}
  };
  bool await_ready() { return false; }
  void await_suspend(std::coroutine_handle<>) {}
  void await_resume() {}
};
// Coroutine-aware: locking suspends the coroutine, not the thread.
class Mutex {
public:
  lockmock::Ready<void> co_lock();
  lockmock::Ready<std::unique_lock<Mutex>> co_scoped_lock();
  bool try_lock();
  void unlock();
};
class SharedMutex {
public:
  lockmock::Ready<std::unique_lock<SharedMutex>> co_scoped_lock();
  lockmock::Ready<std::shared_lock<SharedMutex>> co_scoped_lock_shared();
  void unlock();
  void unlock_shared();
};
Task<> sleep(int ms);
} // namespace coro
} // namespace folly

// ---------------------------------------------------------------- cppcoro
namespace cppcoro {
class async_mutex;
class async_mutex_lock {
public:
  explicit async_mutex_lock(async_mutex &m) : mutex_(&m) {}
  async_mutex_lock(async_mutex_lock &&other) noexcept;
  ~async_mutex_lock();

private:
  async_mutex *mutex_;
};
class async_mutex {
public:
  lockmock::Ready<void> lock_async();
  lockmock::Ready<async_mutex_lock> scoped_lock_async();
  bool try_lock();
  void unlock();
};
template <class T = void> using task = folly::coro::Task<T>;
} // namespace cppcoro

// ---------------------------------------------------------------- libcoro
namespace coro {
class mutex;
class scoped_lock {
public:
  explicit scoped_lock(mutex &m) : mutex_(&m) {}
  scoped_lock(scoped_lock &&other) noexcept;
  ~scoped_lock();
  void unlock();

private:
  mutex *mutex_;
};
class mutex {
public:
  lockmock::Ready<coro::scoped_lock> scoped_lock();
  lockmock::Ready<void> lock();
  bool try_lock();
  void unlock();
};
template <class T = void> using task = folly::coro::Task<T>;
} // namespace coro

// ------------------------------------------------------------------- absl
namespace absl {
// Blocking, with its own spelling of lock and unlock; not in any profile.
class Mutex {
public:
  void Lock();
  void Unlock();
  void ReaderLock();
  void ReaderUnlock();
};
class MutexLock {
public:
  explicit MutexLock(Mutex *mu) : mu_(mu) { mu_->Lock(); }
  MutexLock(const MutexLock &) = delete;
  ~MutexLock() { mu_->Unlock(); }

private:
  Mutex *mu_;
};
class ReleasableMutexLock {
public:
  explicit ReleasableMutexLock(Mutex *mu) : mu_(mu) { mu_->Lock(); }
  ReleasableMutexLock(const ReleasableMutexLock &) = delete;
  ~ReleasableMutexLock() {
    if (mu_)
      mu_->Unlock();
  }
  void Release() {
    mu_->Unlock();
    mu_ = nullptr;
  }

private:
  Mutex *mu_;
};
} // namespace absl

// --------------------------------------------- an Asio-style async mutex
namespace app {
struct use_awaitable_t {};
inline constexpr use_awaitable_t use_awaitable{};
// A project's own mutex for coroutines: locking is awaited, and the guard
// it hands back unlocks.
class async_mutex {
public:
  class guard {
  public:
    guard(guard &&) noexcept;
    ~guard();
  };
  lockmock::Ready<guard> async_lock(use_awaitable_t);
  void unlock();
};
} // namespace app
