// The same check against real libstdc++ and standalone Asio headers.
// RUN: %check_asynclint --unsafe-fixes %s async-floating-future %t -- -std=c++20 %asioflags

#include <asio.hpp>
#include <asio/experimental/as_tuple.hpp>
#include <chrono>
#include <cstdio>
#include <future>
#include <system_error>

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

// A session whose whole body handles every standard exception observes its
// own failures: running it detached loses nothing it did not choose to drop.
asio::awaitable<void> session_catching_all(int id) {
  try {
    co_await write_audit(id);
  } catch (std::exception &e) {
    std::printf("session %d: %s\n", id, e.what());
  }
}

asio::awaitable<void> session_catching_anything(int id) {
  try {
    co_await write_audit(id);
  } catch (...) {
  }
}

// Near misses: a narrower handler, a handler that throws again, a statement
// outside the try, and a declaration without a body in this unit.
asio::awaitable<void> session_catching_system_errors(int id) {
  try {
    co_await write_audit(id);
  } catch (const std::system_error &) {
  }
}

asio::awaitable<void> session_rethrowing(int id) {
  try {
    co_await write_audit(id);
  } catch (std::exception &) {
    throw;
  }
}

asio::awaitable<void> session_with_prologue(int id) {
  co_await write_audit(id);
  try {
    co_await write_audit(id + 1);
  } catch (...) {
  }
}

asio::awaitable<void> session_elsewhere(int id);

void start_sessions(asio::io_context &ctx) {
  asio::co_spawn(ctx, session_catching_all(1), asio::detached);
  asio::co_spawn(ctx, session_catching_anything(2), asio::detached);
  asio::co_spawn(ctx, session_catching_system_errors(3), asio::detached);
  // CHECK-MESSAGES: :[[@LINE-1]]:58: warning: 'co_spawn' with a detached completion
  asio::co_spawn(ctx, session_rethrowing(4), asio::detached);
  // CHECK-MESSAGES: :[[@LINE-1]]:46: warning: 'co_spawn' with a detached completion
  asio::co_spawn(ctx, session_with_prologue(5), asio::detached);
  // CHECK-MESSAGES: :[[@LINE-1]]:49: warning: 'co_spawn' with a detached completion
  asio::co_spawn(ctx, session_elsewhere(6), asio::detached);
  // CHECK-MESSAGES: :[[@LINE-1]]:45: warning: 'co_spawn' with a detached completion
}

// A session whose every await hands its failure back as a value (an
// as_tuple default token: a tuple holding the error code) and that calls
// nothing else that throws: nothing is lost when it runs detached.
using tuple_token = asio::experimental::as_tuple_t<asio::use_awaitable_t<>>;
using tuple_socket = tuple_token::as_default_on_t<asio::ip::tcp::socket>;
asio::awaitable<void> echo_values(tuple_socket socket) {
  char data[512];
  for (;;) {
    auto [ec, n] = co_await socket.async_read_some(asio::buffer(data));
    if (ec || n == 0)
      break;
  }
}
// Near-misses: the same session awaiting with exceptions, or building an
// object that may throw between its awaits.
asio::awaitable<void> echo_throwing(asio::ip::tcp::socket socket) {
  char data[512];
  std::size_t n = co_await socket.async_read_some(asio::buffer(data),
                                                  asio::use_awaitable);
  (void)n;
}
asio::awaitable<void> echo_values_then_throw(tuple_socket socket, int id) {
  char data[512];
  auto [ec, n] = co_await socket.async_read_some(asio::buffer(data));
  if (ec)
    throw std::system_error(ec);
  (void)n;
  (void)id;
}
void start_echoes(asio::io_context &ctx, tuple_socket a,
                  asio::ip::tcp::socket b, tuple_socket c) {
  asio::co_spawn(ctx, echo_values(std::move(a)), asio::detached);
  asio::co_spawn(ctx, echo_throwing(std::move(b)), asio::detached);
  // CHECK-MESSAGES: :[[@LINE-1]]:52: warning: 'co_spawn' with a detached completion
  asio::co_spawn(ctx, echo_values_then_throw(std::move(c), 1), asio::detached);
  // CHECK-MESSAGES: :[[@LINE-1]]:64: warning: 'co_spawn' with a detached completion
}

// A spawn per accepted client: the handler the fix writes logs the failure
// instead of rethrowing it, so one client cannot end the server.
asio::awaitable<void> accept_loop(asio::ip::tcp::acceptor &acceptor) {
  for (;;) {
    auto socket = co_await acceptor.async_accept(asio::use_awaitable);
    (void)socket;
    asio::co_spawn(acceptor.get_executor(), handler(7), asio::detached);
    // CHECK-MESSAGES: :[[@LINE-1]]:57: warning: 'co_spawn' with a detached completion
    // CHECK-FIXES: asio::co_spawn(acceptor.get_executor(), handler(7), [](std::exception_ptr e) { if (e) try { std::rethrow_exception(e); } catch (const std::exception &x) { std::fprintf(stderr, "spawned task failed: %s\n", x.what()); } catch (...) { std::fputs("spawned task failed\n", stderr); } });
  }
}
