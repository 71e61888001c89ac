// RUN: %check_asynclint %s async-blocking-in-coroutine %t -- %mockflags

#include "async-mocks.h"
#include <condition_variable>
#include <fstream>
#include <iostream>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <unistd.h>

using namespace std::chrono_literals;

extern "C" int PKCS5_PBKDF2_HMAC(const char *pass, int passlen,
                                 const unsigned char *salt, int saltlen,
                                 int iter, const void *digest, int keylen,
                                 unsigned char *out);

// ---------------------------------------------------------------- positives

rt::Task<> sleeps() {
  std::this_thread::sleep_for(100ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'sleep_for' blocks the thread that runs the event loop (a sleep): every other coroutine on that thread stalls until it returns [async-blocking-in-coroutine]
  // CHECK-FIXES: co_await rt::sleep_for(100ms);
  ::sleep(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'sleep' blocks the thread that runs the event loop (a sleep)
  usleep(10);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'usleep' blocks
  co_return;
}

asio::awaitable<void> asio_sleep() {
  std::this_thread::sleep_for(250ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'sleep_for' blocks
  // CHECK-FIXES: asio::steady_timer pause(co_await asio::this_coro::executor, 250ms);
  // CHECK-FIXES-NEXT: co_await pause.async_wait(asio::use_awaitable);
  co_return;
}

// The timer takes a name the coroutine does not spell yet.
asio::awaitable<void> asio_sleep_named(int pause) {
  std::this_thread::sleep_for(std::chrono::milliseconds(pause));
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'sleep_for' blocks
  // CHECK-FIXES: asio::steady_timer pause2(co_await asio::this_coro::executor, std::chrono::milliseconds(pause));
  // CHECK-FIXES-NEXT: co_await pause2.async_wait(asio::use_awaitable);
  co_return;
}

rt::Task<int> waits(std::future<int> fut, std::thread &worker,
                    std::condition_variable &cv, std::mutex &m) {
  int value = fut.get();
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: 'get' blocks the thread that runs the event loop (a blocking wait)
  worker.join();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'join' blocks
  std::unique_lock<std::mutex> lock(m);
  cv.wait(lock);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'wait' blocks
  std::shared_future<int> shared;
  shared.wait_for(50ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'wait_for' blocks
  co_return value;
}

rt::Task<> blocking_io(int fd, char *buffer) {
  ::read(fd, buffer, 16);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'read' blocks the thread that runs the event loop (blocking I/O)
  std::string line;
  std::getline(std::cin, line);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'getline' blocks
  int number = 0;
  std::cin >> number;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'operator>>' blocks
  co_return;
}

asio::awaitable<void> reenters_loop(asio::io_context &ctx) {
  ctx.run();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'run' blocks the thread that runs the event loop (it runs an event loop inside the event loop)
  co_return;
}

rt::Task<> key_derivation(const char *password, unsigned char *out) {
  PKCS5_PBKDF2_HMAC(password, 8, nullptr, 0, 100000, nullptr, 32, out);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'PKCS5_PBKDF2_HMAC' blocks the thread that runs the event loop (CPU-heavy work)
  co_return;
}

void nap() { std::this_thread::sleep_for(1s); }
void settle() { nap(); }
rt::Task<> through_helpers() {
  settle();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'settle' blocks the thread that runs the event loop (a sleep, in 'sleep_for')
  // CHECK-MESSAGES: :[[@LINE-4]]:17: note: 'nap' is called here
  // CHECK-MESSAGES: :[[@LINE-6]]:14: note: 'sleep_for' is called here
  co_return;
}

void countdown(int n) {
  if (n > 0)
    countdown(n - 1);
  else
    ::sleep(1);
}
void ping(int n);
void pong(int n) {
  if (n > 0)
    ping(n - 1);
  usleep(5);
}
void ping(int n) { pong(n); }
template <class Duration> void wait_a_bit(Duration d) {
  std::this_thread::sleep_for(d);
}
rt::Task<> recursion_and_templates() {
  countdown(3);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'countdown' blocks {{.*}}(a sleep, in 'sleep')
  // CHECK-MESSAGES: :[[@LINE-15]]:5: note: 'sleep' is called here
  ping(2);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'ping' blocks {{.*}}(a sleep, in 'usleep')
  // CHECK-MESSAGES: :[[@LINE-10]]:20: note: 'pong' is called here
  // CHECK-MESSAGES: :[[@LINE-13]]:3: note: 'usleep' is called here
  wait_a_bit(5ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'wait_a_bit' blocks {{.*}}(a sleep, in 'sleep_for')
  // CHECK-MESSAGES: :[[@LINE-12]]:3: note: 'sleep_for' is called here
  co_return;
}

auto lambda_coroutine = []() -> rt::Task<> {
  std::this_thread::sleep_for(1ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'sleep_for' blocks
  // CHECK-FIXES: co_await rt::sleep_for(1ms);
  co_return;
};

#define NAP() std::this_thread::sleep_for(1ms)
rt::Task<> inside_macro() {
  NAP();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'sleep_for' blocks
  // CHECK-FIXES: NAP();
  co_return;
}

// ---------------------------------------------------------------- negatives

void plain_function(std::future<int> &fut) {
  std::this_thread::sleep_for(1ms);
  fut.wait();
  nap();
}

rt::Task<> async_sleep() { co_await rt::sleep_for(100ms); }

rt::ThreadPool pool{2};
rt::Task<> offloaded(std::future<int> fut) {
  int value = co_await rt::offload(pool, [&] { return fut.get(); });
  co_await rt::offload(pool, [] { std::this_thread::sleep_for(1ms); });
  (void)value;
}

asio::thread_pool asio_pool{2};
asio::awaitable<void> spawned_on_pool() {
  int value = co_await asio::co_spawn(
      asio_pool,
      []() -> asio::awaitable<int> {
        std::this_thread::sleep_for(1ms);
        co_return 1;
      },
      asio::use_awaitable);
  (void)value;
}

rt::Task<> polling(std::future<int> &fut) {
  if (fut.wait_for(0s) == std::future_status::ready)
    co_return;
  fut.wait_for(std::chrono::milliseconds(0));
}

struct Worker {
  virtual ~Worker() = default;
  virtual void step() { std::this_thread::sleep_for(1ms); }
};
void (*callback)() = nap;
rt::Task<> not_followed(Worker &worker) {
  worker.step();
  callback();
  co_return;
}

struct Cache {
  int get() const { return 1; }
  int read(int) { return 2; }
  void wait() {}
};
rt::Task<> same_names_other_things(Cache &cache, std::mutex &m) {
  int a = cache.get();
  int b = cache.read(3);
  cache.wait();
  std::lock_guard<std::mutex> guard(m);
  (void)(a + b);
  co_return;
}

rt::Task<> local_streams(const std::string &path) {
  std::ifstream file(path);
  std::string line;
  while (std::getline(file, line))
    co_await rt::sleep_for(0ms);
  std::istringstream parsed("1 2");
  int x = 0;
  parsed >> x;
}

rt::Task<> stored_lambda_not_called() {
  auto later = [] { std::this_thread::sleep_for(1ms); };
  (void)later;
  co_return;
}

rt::Task<> helpers_that_do_not_block() {
  auto sum = [](int a, int b) { return a + b; };
  (void)sum(1, 2);
  std::string text = std::to_string(3);
  co_return;
}

rt::Task<> calls_a_coroutine_that_blocks() { co_await sleeps(); }

template <class T> rt::Task<> dependent(T t) {
  t.wait();
  co_return;
}

rt::Task<> non_blocking_std_calls(std::mutex &m, std::condition_variable &cv,
                                  std::future<int> &fut, std::thread &t) {
  std::this_thread::yield();
  (void)std::this_thread::get_id();
  m.lock();
  m.unlock();
  cv.notify_one();
  cv.notify_all();
  (void)fut.valid();
  (void)t.joinable();
  std::cout << "progress\n";
  co_return;
}

rt::Task<> starting_threads_is_not_waiting(std::vector<int> items) {
  std::thread worker([] { std::this_thread::sleep_for(1ms); });
  worker.detach();
  auto pending = std::async(std::launch::async, [] { return 1; });
  co_await rt::offload(pool, [&] { return pending.get(); });
  co_return;
}

void writes_outside_coroutines(int fd, const char *text) {
  ::write(fd, text, 4);
  std::string line;
  std::getline(std::cin, line);
}

rt::Task<> suppressed() {
  std::this_thread::sleep_for(1ms); // NOLINT(async-blocking-in-coroutine)
  co_return;
}

asio::awaitable<void> asio_timer_already(int pause_ms) {
  asio::steady_timer pause(co_await asio::this_coro::executor,
                           std::chrono::milliseconds(pause_ms));
  co_await pause.async_wait(asio::use_awaitable);
}

asio::awaitable<void> asio_forwards_without_sleeping() {
  return asio::async_op();
}
