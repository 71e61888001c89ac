// A member coroutine's frame keeps `this`: the object it is called on must
// outlive the task, like any argument bound to a reference parameter.
// RUN: %check_asynclint %s async-dangling-reference %t -- %mockflags

#include "async-mocks.h"
#include <memory>
#include <string>
#include <utility>
#include <vector>

using mock::Task;

struct Conn {
  std::string name;
  Task<> send(int n) {
    co_await mock::work(n);
    co_await mock::work(static_cast<int>(name.size()));
  }
  // Never reads its object.
  Task<> ping() { co_await mock::work(); }
  static Task<> probe();
  // Not a coroutine: it may copy what it needs before creating one.
  Task<> forward(int n) { return mock::work(n); }
};
Conn make_conn();
std::vector<Conn> open_all();

// ---------------------------------------------------------------- positives

Task<> send_later() {
  auto task = make_conn().send(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: member coroutine 'send' is called on a temporary, which is destroyed at the end of the statement, but the task is stored in 'task': the coroutine reads its object through a dangling 'this' when it runs [async-dangling-reference]
  co_await std::move(task);
}

Task<> send_from_local() {
  Conn conn = make_conn();
  return conn.send(2);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: member coroutine 'send' is called on 'conn', which is destroyed when 'send_from_local' returns, but the task is returned
}

Task<> send_each() {
  std::vector<Task<>> sends;
  for (Conn conn : open_all())
    sends.push_back(conn.send(3));
  // CHECK-MESSAGES: :[[@LINE-1]]:21: warning: member coroutine 'send' is called on 'conn', which is destroyed at the end of this loop iteration, but the task is put in a container
  co_await mock::when_all(std::move(sends));
}

// ---------------------------------------------------------------- negatives

Task<> awaited_here() {
  co_await make_conn().send(4);
}

Task<> never_reads_this() {
  auto task = make_conn().ping();
  co_await std::move(task);
}

Task<> object_outlives_task() {
  Conn conn = make_conn();
  auto task = conn.send(5);
  co_await std::move(task);
}

Task<> through_a_pointer(std::unique_ptr<Conn> conn) {
  auto task = conn->send(6);
  co_await std::move(task);
}

Task<> each_by_reference(std::vector<Conn> &conns) {
  std::vector<Task<>> sends;
  for (Conn &conn : conns)
    sends.push_back(conn.send(7));
  co_await mock::when_all(std::move(sends));
}

Task<> not_a_coroutine() {
  auto task = make_conn().forward(8);
  co_await std::move(task);
}

Task<> static_member() {
  auto task = Conn::probe();
  co_await std::move(task);
}

// A coroutine's own locals live in its frame while it awaits.
Task<> local_of_a_coroutine() {
  Conn conn = make_conn();
  auto task = conn.send(9);
  co_await std::move(task);
  co_return;
}
