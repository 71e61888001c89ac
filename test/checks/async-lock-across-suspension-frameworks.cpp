// The mutexes of coroutine frameworks are locked with co_await and never
// reported; folly's blocking SharedMutex is (its profile lists it), and a
// project's own blocking mutex once the shared vocabulary names it. The
// unqualified 'Mutex' also names folly::coro::Mutex: a mutex whose lock is
// awaited is coroutine-aware whatever a list says.
// RUN: %check_asynclint --unsafe-fixes --config="{CheckOptions: {AsyncBlockingMutexes: 'absl::Mutex;Mutex'}}" %s async-lock-across-suspension %t -- %mockflags

#include "lock-frameworks.h"
#include <memory>
#include <mutex>

using folly::coro::Task;

// folly's Synchronized hands its lock out from an accessor declared in a
// base class: the guard is the accessor's result.
namespace folly {
template <class Holder> class LockedPtr {
public:
  ~LockedPtr();
  int *operator->();
  void unlock();
};
template <class Sub> class SynchronizedBase {
public:
  LockedPtr<Sub> wlock();
  LockedPtr<Sub> rlock() const;
  template <class F> void withWLock(F &&f) {
    int value = 0;
    f(value);
  }
};
template <class T, class M = SharedMutex>
class Synchronized : public SynchronizedBase<Synchronized<T, M>> {};
} // namespace folly

// A project's holder of a coroutine mutex, and one of no mutex at all.
struct AwaitedHolder {
  cppcoro::async_mutex mutex;
  folly::LockedPtr<AwaitedHolder> lock();
};
struct PlainHolder {
  int value;
  folly::LockedPtr<PlainHolder> lock();
};

folly::Synchronized<int> totals;
AwaitedHolder awaited_holder;
PlainHolder plain_holder;

folly::SharedMutex routes_lock;
absl::Mutex registry_mu;
int routes;
int registered;

// ------------------------------------------------------------------ flagged

Task<> update_routes() {
  std::unique_lock writer(routes_lock);
  ++routes;
  co_await folly::coro::sleep(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'writer' keeps 'routes_lock' locked across this co_await
  // CHECK-MESSAGES: :[[@LINE-4]]:20: note: unsafe fix
}
// CHECK-FIXES: Task<> update_routes() {
// CHECK-FIXES-NEXT:   {
// CHECK-FIXES-NEXT:     std::unique_lock writer(routes_lock);
// CHECK-FIXES-NEXT:     ++routes;
// CHECK-FIXES-NEXT:   }
// CHECK-FIXES-NEXT:   co_await folly::coro::sleep(1);

Task<> read_routes_by_hand() {
  routes_lock.lock_shared();
  int seen = routes;
  co_await folly::coro::sleep(seen);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'routes_lock' stays locked across this co_await
  routes_lock.unlock_shared();
}

Task<> register_under_absl_lock() {
  absl::MutexLock lock(&registry_mu);
  ++registered;
  co_await folly::coro::sleep(registered);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'lock' keeps 'registry_mu' locked across this co_await
  // CHECK-MESSAGES: :[[@LINE-4]]:19: note: 'lock' locks 'registry_mu' here; end its block before the co_await, or use a coroutine-aware mutex (locked with 'co_await')
}

Task<> register_by_hand() {
  registry_mu.Lock();
  ++registered;
  co_await folly::coro::sleep(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'registry_mu' stays locked across this co_await
  registry_mu.Unlock();
}

Task<> tally_under_wlock() {
  auto locked = totals.wlock();
  co_await folly::coro::sleep(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'locked' keeps 'totals' locked across this co_await
}

// ------------------------------------------------------------- not flagged

Task<> tally_released_first() {
  auto locked = totals.wlock();
  locked.unlock();
  co_await folly::coro::sleep(1);
}

Task<> tally_with_lambda() {
  totals.withWLock([](int &t) { ++t; });
  co_await folly::coro::sleep(1);
}

Task<> tally_in_block() {
  {
    auto reader = totals.rlock();
    ++routes;
  }
  co_await folly::coro::sleep(routes);
}

Task<> holders_without_a_thread_mutex() {
  auto first = awaited_holder.lock();
  auto second = plain_holder.lock();
  co_await folly::coro::sleep(1);
}

Task<> weak_pointer_to_a_mutex(std::weak_ptr<std::mutex> weak) {
  auto strong = weak.lock();
  co_await folly::coro::sleep(1);
}

folly::coro::Mutex folly_mutex;
folly::coro::SharedMutex folly_shared;
cppcoro::async_mutex cppcoro_mutex;
coro::mutex libcoro_mutex;
app::async_mutex app_mutex;

Task<> folly_scoped() {
  auto lock = co_await folly_mutex.co_scoped_lock();
  ++routes;
  co_await folly::coro::sleep(1);
}

Task<> folly_adopted() {
  co_await folly_mutex.co_lock();
  std::lock_guard guard(folly_mutex, std::adopt_lock);
  ++routes;
  co_await folly::coro::sleep(1);
}

Task<> folly_shared_reader() {
  auto reader = co_await folly_shared.co_scoped_lock_shared();
  co_await folly::coro::sleep(routes);
}

cppcoro::task<> cppcoro_scoped() {
  auto lock = co_await cppcoro_mutex.scoped_lock_async();
  co_await folly::coro::sleep(1);
}

cppcoro::task<> cppcoro_adopted() {
  co_await cppcoro_mutex.lock_async();
  std::lock_guard guard{cppcoro_mutex, std::adopt_lock};
  co_await folly::coro::sleep(1);
}

coro::task<> libcoro_scoped() {
  auto lock = co_await libcoro_mutex.scoped_lock();
  co_await folly::coro::sleep(1);
}

coro::task<> libcoro_by_hand() {
  co_await libcoro_mutex.lock();
  ++routes;
  co_await folly::coro::sleep(1);
  libcoro_mutex.unlock();
}

Task<> app_async_mutex() {
  auto guard = co_await app_mutex.async_lock(app::use_awaitable);
  co_await folly::coro::sleep(1);
}

Task<> absl_released_first() {
  absl::ReleasableMutexLock lock(&registry_mu);
  ++registered;
  lock.Release();
  co_await folly::coro::sleep(1);
}

Task<> absl_block_ends_first() {
  {
    absl::MutexLock lock(&registry_mu);
    ++registered;
  }
  co_await folly::coro::sleep(1);
}

Task<> folly_blocking_reader_released() {
  int seen;
  {
    std::shared_lock reader(routes_lock);
    seen = routes;
  }
  co_await folly::coro::sleep(seen);
}
