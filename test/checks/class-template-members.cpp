// RUN: %check_asynclint %s async-blocking-in-coroutine,async-missing-timeout,async-dangling-reference %t -- %mockflags

// Member coroutines of class templates, and function templates whose awaits
// depend on the template: every await of a class template's member is
// dependent (its promise type depends on `this`), so what they await is
// known only in the instantiations. The checks walk those and report in the
// template's dependent code, once per place however many instantiations,
// without a fix (one rewrite of the template's text would have to suit
// every instantiation). What the template's code does not depend on is
// judged once, as written.
#include "async-mocks.h"
#include "net-clients.h"
#include <chrono>
#include <string>
#include <thread>
#include <vector>

using namespace std::chrono_literals;

// A peer across the network, and a local log with the same method names.
class StoragePeer {
public:
  netmock::lazy<std::string> read_frame();
  netmock::lazy<std::string> read_frame(std::chrono::milliseconds deadline);
};

// Two stores: one answers from memory, one blocks the thread to read disk.
struct MemoryStore {
  mock::Task<std::string> load(std::string key);
};
struct DiskStore {
  std::string load(std::string key) {
    std::this_thread::sleep_for(10ms);
    return key;
  }
};

struct Scope {
  void spawn(mock::Task<> t);
  mock::Task<> join();
};
mock::Task<> publish(std::string line);
void consume(std::string value);

template <class Store> class Cache {
public:
  mock::Task<std::string> get(std::string key) {
    // Blocking only for stores whose `load` blocks: reported once for
    // Cache<DiskStore>, silent for Cache<MemoryStore>.
    std::string value = co_await fill(store_.load(key));
    // CHECK-MESSAGES: :[[@LINE-1]]:39: warning: 'load' blocks the thread that runs the event loop (a sleep, in 'sleep_for')
    // CHECK-FIXES: std::string value = co_await fill(store_.load(key));
    consume(value);
  }

  mock::Task<std::string> refresh(StoragePeer &peer) {
    co_await publish("refresh");
    std::string frame = co_await peer.read_frame();
    // CHECK-MESSAGES: :[[@LINE-1]]:34: warning: 'read_frame' waits on another service with no deadline
    consume(frame + co_await peer.read_frame(200ms));
  }

  mock::Task<> announce(std::vector<std::string> names) {
    Scope scope;
    for (const std::string &name : names) {
      scope.spawn([&name, this]() -> mock::Task<> {
        // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: this coroutine lambda reads its captures through its closure, a temporary destroyed at the end of the statement, but the task is spawned
        co_await publish(name + prefix_);
      }());
    }
    co_await scope.join();
  }

  // Awaited in its own statement: the closure outlives the task.
  mock::Task<> announce_one(std::string name) {
    co_await [&name, this]() -> mock::Task<> {
      co_await publish(name + prefix_);
    }();
  }

  // Spawned with its data as parameters: nothing to dangle.
  mock::Task<> announce_owned(std::vector<std::string> names) {
    Scope scope;
    for (const std::string &name : names)
      scope.spawn(publish(name + prefix_));
    co_await scope.join();
  }

private:
  static mock::Task<std::string> fill(mock::Task<std::string> t);
  static mock::Task<std::string> fill(std::string s);
  Store store_;
  std::string prefix_;
};

// A function template: the offload hides behind a dependent call.
template <class Store> mock::Task<> read_through(Store &store) {
  co_await publish("read");
  consume(store.load("k"));
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: 'load' blocks the thread that runs the event loop (a sleep, in 'sleep_for')
}

mock::Task<> use(StoragePeer &peer) {
  Cache<MemoryStore> memory;
  Cache<DiskStore> disk;
  co_await memory.get("a");
  co_await disk.get("a");
  co_await memory.refresh(peer);
  co_await disk.refresh(peer);
  co_await memory.announce({"a", "b"});
  co_await disk.announce({"a", "b"});
  co_await memory.announce_one("a");
  co_await memory.announce_owned({"a"});
  DiskStore d;
  co_await read_through(d);
}

// Never instantiated: its dependent code is judged by no one.
template <class Store> class Unused {
  mock::Task<> get(Store &store) {
    co_await publish("get");
    consume(store.load("k"));
  }
};
