// Blocking bridges called through customization-point objects (stdexec's
// `sync_wait`, folly's `blockingWait`, both objects in the real headers,
// not functions), and file-system and password-hashing calls of libc.
// RUN: %check_asynclint %s async-blocking-in-coroutine %t -- %mockflags

#include "async-mocks.h"
#include <crypt.h>
#include <filesystem>
#include <sys/statvfs.h>

namespace stdexec {
struct sender {};
struct sync_wait_t {
  int operator()(sender) const { return 0; }
};
inline constexpr sync_wait_t sync_wait{};
struct then_t {
  sender operator()(sender s) const { return s; }
};
inline constexpr then_t then{};
} // namespace stdexec

namespace folly::coro {
struct blocking_wait_fn {
  template <class T> int operator()(rt::Task<T>) const { return 0; }
};
inline constexpr blocking_wait_fn blocking_wait{};
static constexpr const blocking_wait_fn &blockingWait = blocking_wait;
} // namespace folly::coro

// ---------------------------------------------------------------- positives

rt::Task<int> through_sync_wait_object(stdexec::sender s) {
  int n = stdexec::sync_wait(s);
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: 'sync_wait' {{.*}} [async-blocking-in-coroutine]
  co_return n;
}

rt::Task<int> through_object_reference() {
  int n = folly::coro::blockingWait(rt::Task<int>());
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: 'blockingWait' {{.*}} [async-blocking-in-coroutine]
  co_return n;
}

rt::Task<bool> disk_nearly_full(const char *mount) {
  struct statvfs st {};
  statvfs(mount, &st);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'statvfs' {{.*}} [async-blocking-in-coroutine]
  auto space = std::filesystem::space(mount);
  // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: 'space' {{.*}} [async-blocking-in-coroutine]
  co_return space.available < st.f_bsize;
}

rt::Task<bool> password_matches(const char *given, const char *stored) {
  crypt_data data{};
  const char *hashed = crypt_r(given, stored, &data);
  // CHECK-MESSAGES: :[[@LINE-1]]:24: warning: 'crypt_r' {{.*}} [async-blocking-in-coroutine]
  co_return hashed != nullptr;
}

// ---------------------------------------------------------------- negatives

// An object that only builds a sender does not block.
mock::Task<> builds_a_sender(stdexec::sender s) {
  stdexec::sender next = stdexec::then(s);
  (void)next;
  co_return;
}

// Outside a coroutine, the bridge is how synchronous code waits.
int main_like(stdexec::sender s) { return stdexec::sync_wait(s); }

// A local callable that happens to share the name is not the library's.
rt::Task<int> local_named_like_it() {
  auto sync_wait = [](int v) { return v; };
  co_return sync_wait(1);
}

// File-system queries outside a coroutine are how
// synchronous code does them.
bool disk_nearly_full_now(const char *mount) {
  struct statvfs st {};
  statvfs(mount, &st);
  return std::filesystem::space(mount).available < st.f_bsize;
}

// Named in an unevaluated operand only: nothing is called.
rt::Task<unsigned long> space_type_only() {
  using Info = decltype(std::filesystem::space("/"));
  co_return Info{}.capacity;
}
