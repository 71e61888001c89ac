// The same check against real libstdc++ and standalone Asio headers.
// RUN: %check_asynclint %s async-floating-future %t -- -std=c++20 %asioflags

#include <asio.hpp>
#include <chrono>
#include <future>

using namespace std::chrono_literals;

asio::awaitable<void> write_audit(int id) {
  asio::steady_timer timer(co_await asio::this_coro::executor, 1ms);
  co_await timer.async_wait(asio::use_awaitable);
  (void)id;
}

asio::awaitable<void> handler(int id) {
  write_audit(id);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: coroutine task returned by 'write_audit' is discarded without being awaited: it never runs [async-floating-future]
  // CHECK-MESSAGES: :[[@LINE-2]]:3: note: or run it in the background with 'asio::co_spawn'
  // CHECK-FIXES: co_await write_audit(id);
  (void)write_audit(id + 1);
  // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: coroutine task returned by 'write_audit'
  // CHECK-FIXES: asio::co_spawn(co_await asio::this_coro::executor, write_audit(id + 1), [](std::exception_ptr e) { if (e) std::rethrow_exception(e); });
  asio::steady_timer timer(co_await asio::this_coro::executor, 1ms);
  timer.async_wait(asio::use_awaitable);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: coroutine task returned by 'async_wait'
  // CHECK-FIXES: co_await timer.async_wait(asio::use_awaitable);
}

void start(asio::io_context &ctx) {
  asio::co_spawn(ctx, handler(1), asio::detached);
  // CHECK-MESSAGES: :[[@LINE-1]]:35: warning: 'co_spawn' with a detached completion drops the outcome of the spawned work: an exception it throws is silently lost [async-floating-future]
  // CHECK-FIXES: asio::co_spawn(ctx, handler(1), [](std::exception_ptr e) { if (e) std::rethrow_exception(e); });
  std::async(std::launch::async, [] {});
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: future returned by std::async is discarded: its destructor waits for the task, so this call runs synchronously
}

// Negatives.
asio::awaitable<void> awaited_properly(int id) {
  co_await write_audit(id);
  auto executor = co_await asio::this_coro::executor;
  co_await asio::co_spawn(executor, write_audit(id), asio::use_awaitable);
  asio::steady_timer timer(executor, 1ms);
  timer.async_wait(asio::detached);
  co_await timer.async_wait(asio::use_awaitable);
  auto later = write_audit(id);
  co_await std::move(later);
}

void observed(asio::io_context &ctx) {
  asio::co_spawn(ctx, handler(2), [](std::exception_ptr e) {
    if (e)
      std::rethrow_exception(e);
  });
  auto result = std::async(std::launch::async, [] { return 42; });
  std::promise<int> promise;
  auto future = promise.get_future();
  promise.set_value(result.get());
  (void)future.get();
  std::async(std::launch::async, [] {}).wait();
}
