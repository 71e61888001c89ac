// The mutexes of coroutine frameworks are locked with co_await and never
// reported; folly's blocking SharedMutex is (its profile lists it), and a
// project's own blocking mutex once the shared vocabulary names it. The
// unqualified 'Mutex' also names folly::coro::Mutex: a mutex whose lock is
// awaited is coroutine-aware whatever a list says.
// RUN: %check_asynclint --unsafe-fixes --config="{CheckOptions: {AsyncBlockingMutexes: 'absl::Mutex;Mutex'}}" %s async-lock-across-suspension %t -- %mockflags

#include "lock-frameworks.h"

using folly::coro::Task;

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

// ------------------------------------------------------------- not flagged

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
