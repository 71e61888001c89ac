// Stand-ins mirroring the mutexes of coroutine frameworks (their names,
// namespaces and how each is locked) and of Abseil and folly's blocking
// ones, beside the task types of join-frameworks.h. Only what the
// lock-across-suspension tests need.
#pragma once
#include "join-frameworks.h"
#include <mutex>
#include <shared_mutex>

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
// Coroutine-aware: locking suspends the coroutine, not the thread.
class Mutex {
public:
  joinmock::Awaiter<void> co_lock();
  joinmock::Awaiter<std::unique_lock<Mutex>> co_scoped_lock();
  bool try_lock();
  void unlock();
};
class SharedMutex {
public:
  joinmock::Awaiter<std::unique_lock<SharedMutex>> co_scoped_lock();
  joinmock::Awaiter<std::shared_lock<SharedMutex>> co_scoped_lock_shared();
  void unlock();
  void unlock_shared();
};
Task<> sleep(int ms);
} // namespace coro
} // namespace folly

// ---------------------------------------------------------------- cppcoro
namespace cppcoro {
class async_mutex;
// The guard scoped_lock_async() hands back: it unlocks.
class async_mutex_lock {
public:
  explicit async_mutex_lock(async_mutex &m);
  ~async_mutex_lock();
};
class async_mutex {
public:
  joinmock::Awaiter<void> lock_async();
  joinmock::Awaiter<async_mutex_lock> scoped_lock_async();
  bool try_lock();
  void unlock();
};
} // namespace cppcoro

// ---------------------------------------------------------------- libcoro
namespace coro {
class mutex;
// The guard scoped_lock() hands back; it can unlock early.
class scoped_lock {
public:
  explicit scoped_lock(mutex &m);
  ~scoped_lock();
  void unlock();
};
class mutex {
public:
  joinmock::Awaiter<coro::scoped_lock> scoped_lock();
  joinmock::Awaiter<void> lock();
  bool try_lock();
  void unlock();
};
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
  explicit MutexLock(Mutex *mu);
  ~MutexLock();
};
class ReleasableMutexLock {
public:
  explicit ReleasableMutexLock(Mutex *mu);
  ~ReleasableMutexLock();
  void Release();
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
  joinmock::Awaiter<guard> async_lock(use_awaitable_t);
  void unlock();
};
} // namespace app
