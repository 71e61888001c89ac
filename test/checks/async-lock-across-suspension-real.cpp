// The same check against the real libstdc++ <mutex> and <shared_mutex> and
// the corpus runtime. Plain --fix: the fix is unsafe, so nothing changes.
// RUN: %check_asynclint %s async-lock-across-suspension %t -- %cxxflags

#include <rt/rt.hpp>

#include <chrono>
#include <map>
#include <mutex>
#include <shared_mutex>
#include <string>

using namespace std::chrono_literals;

class Cache {
public:
  // A member mutex held across a timer.
  rt::Task<> refresh() {
    std::lock_guard guard(lock_);
    ++generation_;
    co_await rt::sleep_for(1ms);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'guard' keeps 'lock_' locked across this co_await: the coroutine may resume on another thread, which must not unlock it
    // CHECK-MESSAGES: :[[@LINE-4]]:21: note: 'guard' locks 'lock_' here; end its block before the co_await, or use a coroutine-aware mutex (locked with 'co_await')
    entries_.clear();
  }

  // A writer lock across an await, released on one path only.
  rt::Task<> store(std::string key, int value, bool flush) {
    std::unique_lock writer(table_);
    entries_[key] = value;
    if (!flush)
      writer.unlock();
    co_await rt::sleep_for(1ms);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'writer' keeps 'table_' locked across this co_await
  }

  // A reader lock across every co_yield of a generator.
  rt::Generator<int> values() {
    std::shared_lock reader(table_);
    for (const auto &[key, value] : entries_)
      co_yield value;
    // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'reader' keeps 'table_' locked across this co_yield
  }

  // ------------------------------------------------------- not flagged

  rt::Task<> refresh_outside_the_lock() {
    {
      std::lock_guard guard(lock_);
      ++generation_;
    }
    co_await rt::sleep_for(1ms);
  }

  rt::Task<int> read(std::string key) {
    int value = 0;
    {
      std::shared_lock reader(table_);
      if (auto it = entries_.find(key); it != entries_.end())
        value = it->second;
    }
    co_await rt::sleep_for(1ms);
    co_return value;
  }

  rt::Generator<int> copied_values() {
    std::map<std::string, int> copy;
    {
      std::shared_lock reader(table_);
      copy = entries_;
    }
    for (const auto &[key, value] : copy)
      co_yield value;
  }

  // A coroutine's own mutex: a semaphore of one permit, awaited.
  rt::Task<> serialized() {
    auto permit = co_await gate_.scoped();
    co_await rt::sleep_for(1ms);
    ++generation_;
  }

  // Not known to be held: a timed attempt may fail.
  rt::Task<> timed_attempt() {
    std::unique_lock attempt(timed_, 5ms);
    co_await rt::sleep_for(1ms);
  }

  // The lock is taken and released on a pool thread, inside the lambda.
  rt::Task<int> offloaded(rt::ThreadPool &pool) {
    int total = co_await rt::offload(pool, [this] {
      std::lock_guard guard(lock_);
      return ++generation_;
    });
    co_return total;
  }

  // A plain member function: no suspension.
  void bump() {
    std::lock_guard guard(lock_);
    ++generation_;
  }

private:
  std::mutex lock_;
  std::shared_mutex table_;
  std::timed_mutex timed_;
  rt::Semaphore gate_{1};
  std::map<std::string, int> entries_;
  int generation_ = 0;
};

std::recursive_timed_mutex registry_lock;
int registered;

// Locked by hand through a pointer.
rt::Task<> register_by_hand(std::recursive_timed_mutex *registry) {
  registry->lock();
  ++registered;
  co_await rt::sleep_for(1ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'registry' stays locked across this co_await
  registry->unlock();
}

// A template: reported once, on the code as written.
template <class T> rt::Task<> record(T value) {
  std::lock_guard guard(registry_lock);
  registered += static_cast<int>(value);
  co_await rt::sleep_for(1ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'guard' keeps 'registry_lock' locked across this co_await
}

// ----------------------------------------------------------- not flagged

rt::Task<> register_then_wait(std::recursive_timed_mutex *registry) {
  registry->lock();
  ++registered;
  registry->unlock();
  co_await rt::sleep_for(1ms);
}

template <class T> rt::Task<> record_outside(T value) {
  {
    std::lock_guard guard(registry_lock);
    registered += static_cast<int>(value);
  }
  co_await rt::sleep_for(1ms);
}

rt::Task<> recursive_released_twice() {
  std::unique_lock outer(registry_lock);
  std::unique_lock inner(registry_lock);
  ++registered;
  inner.unlock();
  outer.unlock();
  co_await rt::sleep_for(1ms);
}

int main() {
  Cache cache;
  rt::run(cache.refresh_outside_the_lock());
  rt::run(record(1));
  rt::run(record(2.0));
  rt::run(record_outside(3));
  return registered == 0;
}
