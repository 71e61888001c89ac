// When the fix that ends the guard's block is offered, how it is written,
// and the shapes where it is not.
// RUN: %check_asynclint --unsafe-fixes %s async-lock-across-suspension %t -- %mockflags

#include "async-mocks.h"
#include <memory>
#include <mutex>

using rt::Task;

std::mutex mtx;
std::mutex other;
int counter;
Task<> send(int value);
Task<bool> next();
bool ready();

#define BUMP() ++counter
#define LOCKED(m) std::lock_guard locked_(m)

// ------------------------------------------------------------------ flagged

// A plain local value used under the lock and after it stays the
// coroutine's own: the fix is offered.
Task<> private_value() {
  int copy = 0;
  std::lock_guard guard(mtx);
  copy = counter;
  co_await send(copy);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'guard' keeps 'mtx' locked
  // CHECK-MESSAGES: :[[@LINE-4]]:19: note: unsafe fix
}
// CHECK-FIXES: Task<> private_value() {
// CHECK-FIXES-NEXT:   int copy = 0;
// CHECK-FIXES-NEXT:   {
// CHECK-FIXES-NEXT:     std::lock_guard guard(mtx);
// CHECK-FIXES-NEXT:     copy = counter;
// CHECK-FIXES-NEXT:   }
// CHECK-FIXES-NEXT:   co_await send(copy);

// Indented by four, comments and all: the new block follows the file.
Task<> four_spaces(bool fast) {
    if (fast) {
        std::unique_lock lock(mtx);
        // the counter is shared
        ++counter;
        co_await send(1);
        // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: 'lock' keeps 'mtx' locked
    }
}
// CHECK-FIXES: Task<> four_spaces(bool fast) {
// CHECK-FIXES-NEXT:     if (fast) {
// CHECK-FIXES-NEXT:         {
// CHECK-FIXES-NEXT:             std::unique_lock lock(mtx);
// CHECK-FIXES-NEXT:             // the counter is shared
// CHECK-FIXES-NEXT:             ++counter;
// CHECK-FIXES-NEXT:         }
// CHECK-FIXES-NEXT:         co_await send(1);

// A statement spelled by a macro: no fix.
Task<> macro_statement() {
  std::lock_guard guard(mtx);
  BUMP();
  co_await send(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'guard' keeps 'mtx' locked
  // CHECK-MESSAGES: :[[@LINE-4]]:19: note: 'guard' locks 'mtx' here; end its block
}

// A type alias would be hidden by the new block: no fix.
Task<> declares_a_type() {
  std::lock_guard guard(mtx);
  using Count = int;
  Count seen = counter;
  (void)seen;
  co_await send(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'guard' keeps 'mtx' locked
}

// A label in the locked statements: no fix.
Task<> holds_a_label() {
  std::lock_guard guard(mtx);
retry:
  if (++counter < 3)
    goto retry;
  co_await send(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'guard' keeps 'mtx' locked
}

// Two guards held: one warning, a note for each, no fix.
Task<> two_guards() {
  std::lock_guard first(mtx);
  std::lock_guard second(other);
  ++counter;
  co_await send(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'first' keeps 'mtx' locked
  // CHECK-MESSAGES: :[[@LINE-5]]:19: note: 'first' locks 'mtx' here; end its block
  // CHECK-MESSAGES: :[[@LINE-5]]:19: note: 'second' locks 'other' here; end its block
}

// Shared state reached through a local smart pointer: no fix.
Task<> shared_through_a_pointer(std::shared_ptr<int> state) {
  std::lock_guard guard(mtx);
  ++*state;
  co_await send(*state);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'guard' keeps 'mtx' locked
  // CHECK-MESSAGES: :[[@LINE-4]]:19: note: 'guard' locks 'mtx' here; end its block
}

// A reference parameter used under the lock and after it: no fix.
Task<> shared_through_a_reference(int &total) {
  std::lock_guard guard(mtx);
  total += counter;
  co_await send(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'guard' keeps 'mtx' locked
  // CHECK-MESSAGES: :[[@LINE-4]]:19: note: 'guard' locks 'mtx' here; end its block
  total -= 1;
}

// ------------------------------------------------------------- not flagged

Task<> macro_guard_in_a_block() {
  {
    LOCKED(mtx);
    ++counter;
  }
  co_await send(1);
}

Task<> goto_leaves_the_block() {
  {
    std::lock_guard guard(mtx);
    if (ready())
      goto done;
    ++counter;
  }
done:
  co_await send(1);
}

// The await in the condition runs after the last iteration's guard died.
Task<> await_in_the_condition() {
  while (co_await next()) {
    std::lock_guard guard(mtx);
    ++counter;
  }
}

// Unlocked around the await of each iteration, locked again after it.
Task<> relocked_each_iteration() {
  for (std::unique_lock lock(mtx); counter < 10;) {
    ++counter;
    lock.unlock();
    co_await send(counter);
    lock.lock();
  }
}

Task<> unlocked_in_each_iteration(const int (&values)[4]) {
  std::unique_lock lock(mtx, std::defer_lock);
  for (int value : values) {
    lock.lock();
    counter += value;
    lock.unlock();
    co_await send(value);
  }
}

Task<> conditional_await(bool fast) {
  {
    std::lock_guard guard(mtx);
    ++counter;
  }
  int sent = fast ? (co_await send(1), 1) : 0;
  (void)sent;
}

// Each member coroutine takes the lock on its own.
struct Registry {
  std::mutex lock;
  int entries = 0;
  void add() {
    std::lock_guard guard(lock);
    ++entries;
  }
  Task<> add_later() {
    co_await send(entries);
    add();
  }
};

Task<> released_before_yielding_to_a_spawn() {
  std::unique_lock lock(mtx);
  ++counter;
  lock.unlock();
  rt::spawn(send(counter));
  co_await send(0);
}

Task<> second_mutex_released() {
  std::unique_lock first(mtx);
  {
    std::lock_guard second(other);
    ++counter;
  }
  first.unlock();
  co_await send(1);
}

// A scoped_lock of no mutex locks nothing.
Task<> scoped_lock_of_nothing() {
  std::scoped_lock<> none;
  co_await send(1);
}

// Released by hand through the pointer release() hands back.
Task<> released_and_unlocked() {
  std::unique_lock lock(mtx);
  ++counter;
  lock.release()->unlock();
  co_await send(1);
}
