// The check against real standalone Asio: awaitables on an io_context whose
// threads may resume a coroutine on any of them.
// RUN: %check_asynclint --unsafe-fixes %s async-lock-across-suspension %t -- -std=c++20 -pthread %asioflags

#include <asio.hpp>
#include <asio/experimental/channel.hpp>
#include <chrono>
#include <mutex>
#include <vector>

using namespace std::chrono_literals;

std::mutex stats_lock;
int requests;
std::vector<int> samples;

asio::awaitable<void> tick(asio::steady_timer &timer) {
  std::lock_guard guard(stats_lock);
  ++requests;
  co_await timer.async_wait(asio::use_awaitable);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'guard' keeps 'stats_lock' locked across this co_await: the coroutine may resume on another thread, which must not unlock it, and a coroutine that locks it meanwhile blocks its thread, for good if this coroutine must resume there [async-lock-across-suspension]
  // CHECK-MESSAGES: :[[@LINE-4]]:19: note: unsafe fix (applied with --unsafe-fixes): the guard's block now ends before the co_await
}
// CHECK-FIXES: asio::awaitable<void> tick(asio::steady_timer &timer) {
// CHECK-FIXES-NEXT:   {
// CHECK-FIXES-NEXT:     std::lock_guard guard(stats_lock);
// CHECK-FIXES-NEXT:     ++requests;
// CHECK-FIXES-NEXT:   }
// CHECK-FIXES-NEXT:   co_await timer.async_wait(asio::use_awaitable);

asio::awaitable<int> sample(asio::ip::tcp::socket &socket) {
  std::unique_lock lock(stats_lock);
  char data[64];
  std::size_t n = co_await socket.async_read_some(asio::buffer(data),
                                                  asio::use_awaitable);
  // CHECK-MESSAGES: :[[@LINE-2]]:19: warning: 'lock' keeps 'stats_lock' locked across this co_await
  // CHECK-MESSAGES: :[[@LINE-5]]:20: note: 'lock' locks 'stats_lock' here; end its block before the co_await, call 'lock.unlock()' before it, or use a coroutine-aware mutex (locked with 'co_await')
  samples.push_back(static_cast<int>(n));
  co_return static_cast<int>(samples.size());
}

// ------------------------------------------------------------- not flagged

asio::awaitable<void> tick_after_counting(asio::steady_timer &timer) {
  {
    std::lock_guard guard(stats_lock);
    ++requests;
  }
  co_await timer.async_wait(asio::use_awaitable);
}

asio::awaitable<int> sample_then_record(asio::ip::tcp::socket &socket) {
  char data[64];
  std::size_t n = co_await socket.async_read_some(asio::buffer(data),
                                                  asio::use_awaitable);
  std::lock_guard guard(stats_lock);
  samples.push_back(static_cast<int>(n));
  co_return static_cast<int>(samples.size());
}

asio::awaitable<void> unlock_before_wait(asio::steady_timer &timer) {
  std::unique_lock lock(stats_lock);
  int seen = ++requests;
  lock.unlock();
  timer.expires_after(std::chrono::milliseconds(seen));
  co_await timer.async_wait(asio::use_awaitable);
}

// Asio serialises with a strand: the critical section is posted to it.
asio::awaitable<void> through_a_strand(asio::strand<asio::any_io_executor> strand) {
  co_await asio::post(strand, asio::use_awaitable);
  ++requests;
}

// A channel of one slot used as an asynchronous mutex.
using Gate = asio::experimental::channel<void(asio::error_code, int)>;
asio::awaitable<void> gated(Gate &gate, asio::steady_timer &timer) {
  co_await gate.async_send(asio::error_code{}, 1, asio::use_awaitable);
  co_await timer.async_wait(asio::use_awaitable);
  co_await gate.async_receive(asio::use_awaitable);
}

// A completion handler: a plain lambda, run to its end.
void count_on_completion(asio::steady_timer &timer) {
  timer.async_wait([](asio::error_code) {
    std::lock_guard guard(stats_lock);
    ++requests;
  });
}

// A coroutine lambda spawned from under the lock: it never holds it.
void spawn_reporter(asio::io_context &io) {
  std::lock_guard guard(stats_lock);
  asio::co_spawn(
      io,
      [&io]() -> asio::awaitable<void> {
        asio::steady_timer timer(io, 1ms);
        co_await timer.async_wait(asio::use_awaitable);
      },
      asio::detached);
}

int main() {
  asio::io_context io;
  asio::steady_timer timer(io, 1ms);
  asio::co_spawn(io, tick_after_counting(timer), asio::detached);
  spawn_reporter(io);
  io.run();
  return requests == 1 ? 0 : 1;
}
