// RUN: %check_asynclint --unsafe-fixes %s async-lock-across-suspension %t -- %mockflags

#include "async-mocks.h"
#include <mutex>
#include <shared_mutex>
#include <utility>

using rt::Task;

std::mutex mtx;
std::mutex other;
std::shared_mutex table_lock;
int counter;
int table[8];
Task<> send(int value);
Task<int> fetch();
Task<std::mutex *> pick();
bool ready();
void may_throw();
void hand_over(std::unique_lock<std::mutex> lock);

// An awaitable that takes a lock and releases it as the coroutine suspends.
struct Unlocking {
  explicit Unlocking(std::unique_lock<std::mutex> &lock);
  bool await_ready();
  void await_suspend(std::coroutine_handle<>);
  void await_resume();
};
Task<> enqueue(std::unique_lock<std::mutex> &&lock);
// An awaitable that unlocks a mutex locked by hand as the coroutine
// suspends, and locks it again before it resumes.
struct Relocking {
  explicit Relocking(std::mutex &locked);
  bool await_ready();
  void await_suspend(std::coroutine_handle<>);
  void await_resume();
};

// A generator of ints: each co_yield suspends.
struct Ints {
  struct promise_type {
    Ints get_return_object() { return {}; }
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    std::suspend_always yield_value(int) { return {}; }
    void return_void() {}
    void unhandled_exception() {}
  };
};

// ------------------------------------------------------------------ flagged

Task<> guard_then_await() {
  std::lock_guard<std::mutex> guard(mtx);
  ++counter;
  co_await send(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'guard' keeps 'mtx' locked across this co_await: the coroutine may resume on another thread, which must not unlock it, and a coroutine that locks it meanwhile blocks its thread, for good if this coroutine must resume there [async-lock-across-suspension]
  // CHECK-MESSAGES: :[[@LINE-4]]:31: note: 'guard' locks 'mtx' here{{$}}
  // CHECK-MESSAGES: :[[@LINE-5]]:31: note: unsafe fix (applied with --unsafe-fixes): the guard's block now ends before the co_await, so the statements from it to the end of the old block no longer run under the lock
}
// CHECK-FIXES: Task<> guard_then_await() {
// CHECK-FIXES-NEXT:   {
// CHECK-FIXES-NEXT:     std::lock_guard<std::mutex> guard(mtx);
// CHECK-FIXES-NEXT:     ++counter;
// CHECK-FIXES-NEXT:   }
// CHECK-FIXES-NEXT:   co_await send(1);

// The awaited call needs a value computed under the lock: no fix.
Task<> value_used_after_await() {
  std::lock_guard guard(mtx);
  int value = ++counter;
  co_await send(value);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'guard' keeps 'mtx' locked across this co_await
  // CHECK-MESSAGES: :[[@LINE-4]]:19: note: 'guard' locks 'mtx' here; end its block before the co_await, or use a coroutine-aware mutex (locked with 'co_await')
}

// What follows the await reads the state the lock protects: no fix.
Task<> scoped_two() {
  std::scoped_lock both(mtx, other);
  counter += 2;
  co_await send(0);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'both' keeps 'mtx' and 'other' locked across this co_await: the coroutine may resume on another thread, which must not unlock them, and a coroutine that locks them meanwhile
  // CHECK-MESSAGES: :[[@LINE-4]]:20: note: 'both' locks 'mtx' and 'other' here; end its block before the co_await, or use
  counter -= 1;
}

// Released on one branch only: held on the other.
Task<> unlocked_on_one_branch(bool fast) {
  std::unique_lock lock(mtx);
  ++counter;
  if (fast)
    lock.unlock();
  co_await send(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'lock' keeps 'mtx' locked across this co_await
  // CHECK-MESSAGES: :[[@LINE-6]]:20: note: 'lock' locks 'mtx' here{{$}}
  // CHECK-MESSAGES: :[[@LINE-7]]:20: note: unsafe fix
}
// CHECK-FIXES: Task<> unlocked_on_one_branch(bool fast) {
// CHECK-FIXES-NEXT:   {
// CHECK-FIXES-NEXT:     std::unique_lock lock(mtx);
// CHECK-FIXES-NEXT:     ++counter;
// CHECK-FIXES-NEXT:     if (fast)
// CHECK-FIXES-NEXT:       lock.unlock();
// CHECK-FIXES-NEXT:   }
// CHECK-FIXES-NEXT:   co_await send(1);

Task<> locked_by_hand() {
  mtx.lock();
  ++counter;
  co_await send(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'mtx' stays locked across this co_await: the coroutine may resume on another thread, which must not unlock it
  // CHECK-MESSAGES: :[[@LINE-4]]:3: note: 'mtx' is locked here; unlock it before the co_await, or use a coroutine-aware mutex (locked with 'co_await')
  mtx.unlock();
}

// Taken again in each iteration, held at the await of the same iteration.
Task<> lock_in_loop() {
  for (int i = 0; i < 8; ++i) {
    std::lock_guard guard(mtx);
    table[i] = i;
    co_await send(i);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'guard' keeps 'mtx' locked across this co_await
    // CHECK-MESSAGES: :[[@LINE-4]]:21: note: unsafe fix
  }
}
// CHECK-FIXES: Task<> lock_in_loop() {
// CHECK-FIXES-NEXT:   for (int i = 0; i < 8; ++i) {
// CHECK-FIXES-NEXT:     {
// CHECK-FIXES-NEXT:       std::lock_guard guard(mtx);
// CHECK-FIXES-NEXT:       table[i] = i;
// CHECK-FIXES-NEXT:     }
// CHECK-FIXES-NEXT:     co_await send(i);

// A reader lock across each co_yield of a generator.
Ints snapshot() {
  std::shared_lock reader(table_lock);
  for (int value : table)
    co_yield value;
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'reader' keeps 'table_lock' locked across this co_yield
  // CHECK-MESSAGES: :[[@LINE-4]]:20: note: 'reader' locks 'table_lock' here; end its block before the co_yield, call 'reader.unlock()' before it, or use
}

Task<int> return_awaited() {
  std::lock_guard guard(mtx);
  ++counter;
  co_return counter + co_await fetch();
  // CHECK-MESSAGES: :[[@LINE-1]]:23: warning: 'guard' keeps 'mtx' locked across this co_await
}

// Two awaits under one guard: one finding, at the first; the fix ends its
// block before it.
Task<> two_awaits() {
  std::lock_guard guard(mtx);
  ++counter;
  co_await send(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'guard' keeps 'mtx' locked across this co_await
  // CHECK-MESSAGES: :[[@LINE-4]]:19: note: unsafe fix
  co_await send(2);
}
// CHECK-FIXES: Task<> two_awaits() {
// CHECK-FIXES-NEXT:   {
// CHECK-FIXES-NEXT:     std::lock_guard guard(mtx);
// CHECK-FIXES-NEXT:     ++counter;
// CHECK-FIXES-NEXT:   }
// CHECK-FIXES-NEXT:   co_await send(1);

// Unlocked for the first await, locked again for the second.
Task<> relocked() {
  std::unique_lock lock(mtx);
  ++counter;
  lock.unlock();
  co_await send(1);
  lock.lock();
  ++counter;
  co_await send(2);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'lock' keeps 'mtx' locked across this co_await
  // CHECK-MESSAGES: :[[@LINE-8]]:20: note: 'lock' locks 'mtx' here; end its block before the co_await, call 'lock.unlock()' before it, or use
  lock.unlock();
}

Task<> deferred_then_locked(bool now) {
  std::unique_lock lock(mtx, std::defer_lock);
  if (now)
    lock.lock();
  co_await send(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'lock' keeps 'mtx' locked across this co_await
  // CHECK-MESSAGES: :[[@LINE-3]]:5: note: 'lock' locks 'mtx' here; end its block
  ++counter;
}

// A lock taken by hand and adopted by a guard is the guard's.
Task<> adopted() {
  mtx.lock();
  std::lock_guard guard(mtx, std::adopt_lock);
  counter = 0;
  co_await send(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'guard' keeps 'mtx' locked across this co_await
  // CHECK-MESSAGES: :[[@LINE-4]]:19: note: 'guard' locks 'mtx' here{{$}}
  // CHECK-MESSAGES: :[[@LINE-5]]:19: note: unsafe fix
}
// CHECK-FIXES: Task<> adopted() {
// CHECK-FIXES-NEXT:   mtx.lock();
// CHECK-FIXES-NEXT:   {
// CHECK-FIXES-NEXT:     std::lock_guard guard(mtx, std::adopt_lock);
// CHECK-FIXES-NEXT:     counter = 0;
// CHECK-FIXES-NEXT:   }
// CHECK-FIXES-NEXT:   co_await send(1);

// Declared in a condition: no block of its own to end.
Task<> locked_in_condition() {
  if (std::unique_lock lock(mtx); ready()) {
    co_await send(1);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'lock' keeps 'mtx' locked across this co_await
    // CHECK-MESSAGES: :[[@LINE-3]]:24: note: 'lock' locks 'mtx' here; end its block
  }
}

// ------------------------------------------------------------- not flagged

// The block ends, and the guard with it, before the await.
Task<> block_ends_first() {
  {
    std::lock_guard guard(mtx);
    ++counter;
  }
  co_await send(counter);
}

Task<> unlocked_before_await() {
  std::unique_lock lock(mtx);
  int value = ++counter;
  lock.unlock();
  co_await send(value);
}

Task<> locked_after_await() {
  int value = co_await fetch();
  std::lock_guard guard(mtx);
  counter = value;
}

Task<> deferred_never_locked() {
  std::unique_lock lock(mtx, std::defer_lock);
  co_await send(1);
}

// Not known to hold the lock: try_to_lock may fail.
Task<> tried() {
  std::unique_lock lock(mtx, std::try_to_lock);
  co_await send(1);
}

void not_a_coroutine() {
  std::lock_guard guard(mtx);
  ++counter;
  (void)send(counter);
}

// A plain lambda releases its lock before it returns.
Task<> lambda_called_in_place() {
  auto bump = [] {
    std::lock_guard guard(mtx);
    return ++counter;
  };
  int value = bump();
  co_await send(value);
}

// The await belongs to a lambda coroutine of its own, awaited unlocked.
Task<> await_in_nested_coroutine() {
  Task<> later;
  {
    std::lock_guard guard(mtx);
    later = [value = ++counter]() -> Task<> { co_await send(value); }();
  }
  co_await std::move(later);
}

// co_return destroys the locals before the final suspension.
Task<int> returns_under_lock() {
  std::lock_guard guard(mtx);
  co_return ++counter;
}

Task<> unlocked_on_every_branch(bool fast) {
  std::unique_lock lock(mtx);
  if (fast) {
    ++counter;
    lock.unlock();
  } else {
    --counter;
    lock.unlock();
  }
  co_await send(1);
}

Task<> unlocked_by_hand() {
  mtx.lock();
  ++counter;
  mtx.unlock();
  co_await send(counter);
}

// The guard of the next iteration is taken after the await.
Task<> await_before_lock_in_loop() {
  for (int i = 0; i < 8; ++i) {
    co_await send(i);
    std::lock_guard guard(mtx);
    table[i] = i;
  }
}

Task<> break_releases() {
  for (;;) {
    std::lock_guard guard(mtx);
    if (ready())
      break;
    ++counter;
  }
  co_await send(1);
}

Task<> continue_releases() {
  for (int i = 0; i < 8; ++i) {
    std::lock_guard guard(mtx);
    if (table[i] == 0)
      continue;
    ++counter;
  }
  co_await send(1);
}

Task<> returns_early_under_lock() {
  std::unique_lock lock(mtx);
  if (!ready())
    co_return;
  lock.unlock();
  co_await send(1);
}

Task<> locked_in_a_case(int kind) {
  switch (kind) {
  case 1: {
    std::lock_guard guard(mtx);
    ++counter;
    break;
  }
  default:
    break;
  }
  co_await send(kind);
}

// Unwinding to the handler destroys the guard.
Task<> released_by_unwinding() {
  try {
    std::lock_guard guard(mtx);
    may_throw();
  } catch (...) {
    ++counter;
  }
  co_await send(1);
}

// The lock goes with the moved guard.
Task<> handed_over() {
  std::unique_lock lock(mtx);
  ++counter;
  hand_over(std::move(lock));
  co_await send(1);
}

// The await runs before the guard locks what it returns.
Task<> awaited_in_the_initializer() {
  std::lock_guard guard(*co_await pick());
  ++counter;
}

Task<> two_critical_sections() {
  {
    std::lock_guard guard(mtx);
    ++counter;
  }
  co_await send(1);
  {
    std::lock_guard guard(mtx);
    --counter;
  }
  co_await send(2);
}

Task<> locked_in_the_other_branch(bool fast) {
  if (fast) {
    std::lock_guard guard(mtx);
    ++counter;
  } else {
    co_await send(1);
  }
}

// A class that only reads a mutex it is given cannot lock it.
struct HeldCheck {
  explicit HeldCheck(const std::mutex &);
  ~HeldCheck();
};
Task<> const_mutex_reference() {
  HeldCheck check(mtx);
  co_await send(1);
}

// A spin lock of the project's own is no configured blocking mutex.
struct SpinLock {
  void lock();
  void unlock();
};
SpinLock spin;
Task<> unlisted_mutex() {
  std::lock_guard guard(spin);
  spin.lock();
  co_await send(1);
  spin.unlock();
}

Task<> locked_together_then_released() {
  {
    std::lock(mtx, other);
    std::lock_guard first(mtx, std::adopt_lock);
    std::lock_guard second(other, std::adopt_lock);
    ++counter;
  }
  co_await send(1);
}

// Locked by hand and adopted by a guard whose block ends first.
Task<> adopted_then_released() {
  mtx.lock();
  {
    std::lock_guard guard(mtx, std::adopt_lock);
    ++counter;
  }
  co_await send(1);
}

Task<> do_while_unlocks() {
  do {
    mtx.lock();
    ++counter;
    mtx.unlock();
    co_await send(counter);
  } while (ready());
}

Task<> shared_lock_released_first() {
  int copy[8];
  {
    std::shared_lock reader(table_lock);
    for (int i = 0; i < 8; ++i)
      copy[i] = table[i];
  }
  for (int value : copy)
    co_await send(value);
}

// The awaitable takes the lock over (concurrencpp's async_lock_awaiter).
Task<> handed_to_the_awaiter() {
  std::unique_lock lock(mtx);
  ++counter;
  co_await Unlocking(lock);
  co_await send(counter);
}

Task<> moved_into_the_awaited_call() {
  std::unique_lock lock(mtx);
  ++counter;
  co_await enqueue(std::move(lock));
  co_await send(1);
}

Task<> mutex_handed_to_the_awaiter() {
  mtx.lock();
  ++counter;
  co_await Relocking(mtx);
  --counter;
  mtx.unlock();
}
