// Callables spawned by a plain function that capture its locals by
// reference: the function returns before the spawned coroutine runs
// (the event loop runs elsewhere), unless it waits for it first.
// RUN: %check_asynclint %s async-dangling-reference %t -- %mockflags

#include "async-mocks.h"
#include <atomic>
#include <future>
#include <string>
#include <vector>

asio::awaitable<> purge(const std::string &path);
std::string next_arg(int i);

// ---------------------------------------------------------------- positives

void purge_from_cli(asio::io_context &io, const std::vector<std::string> &args) {
  std::string path = args.at(1);
  asio::co_spawn(io, [&]() -> asio::awaitable<> { co_await purge(path); },
                 asio::detached);
  // CHECK-MESSAGES: :[[@LINE-2]]:23: warning: 'path' is captured by reference by a callable that 'co_spawn' runs later, but it is destroyed when 'purge_from_cli' returns: the spawned coroutine reads a dangling reference [async-dangling-reference]
  // CHECK-MESSAGES: :[[@LINE-4]]:15: note: 'path' declared here; capture it by value
  // CHECK-FIXES: asio::co_spawn(io, [&, path]() -> asio::awaitable<> { co_await purge(path); },
}

void schedule_by_value_parameter(asio::io_context &io, std::string path) {
  asio::co_spawn(io, [&path] { return purge(path); }, asio::detached);
  // CHECK-MESSAGES: :[[@LINE-1]]:24: warning: 'path' is captured by reference by a callable that 'co_spawn' runs later, but it is destroyed when 'schedule_by_value_parameter' returns
  // CHECK-MESSAGES: :[[@LINE-3]]:68: note: 'path' declared here; capture it by value
  // CHECK-FIXES: asio::co_spawn(io, [path] { return purge(path); }, asio::detached);
}

// ---------------------------------------------------------------- negatives

// The function runs the loop itself before its locals go.
int main_like(const std::vector<std::string> &args) {
  asio::io_context io;
  std::string path = args.at(1);
  asio::co_spawn(io, [&] { return purge(path); }, asio::detached);
  io.run();
  return 0;
}

// It waits for the spawned work's result.
void waits_for_it(asio::io_context &io, std::future<void> done) {
  std::string path = next_arg(1);
  asio::co_spawn(io, [&] { return purge(path); }, asio::detached);
  done.get();
}

// It spins until the spawned work changes what they share.
void spins_until_done(asio::io_context &io) {
  std::atomic<int> pending = 1;
  asio::co_spawn(io, [&]() -> asio::awaitable<> {
    co_await purge("tmp");
    pending = 0;
  }, asio::detached);
  while (pending.load())
    ;
}

// A reference parameter names something the caller keeps.
void caller_owns_it(asio::io_context &io, const std::string &path) {
  asio::co_spawn(io, [&] { return purge(path); }, asio::detached);
}

// Captured by value.
void by_value(asio::io_context &io) {
  std::string path = next_arg(1);
  asio::co_spawn(io, [path] { return purge(path); }, asio::detached);
}

// Awaited where it is spawned, in a coroutine.
asio::awaitable<> awaited_spawn(asio::io_context &io) {
  std::string path = next_arg(2);
  co_await asio::co_spawn(io, [&] { return purge(path); }, asio::use_awaitable);
}

// Static storage outlives everything.
void static_path(asio::io_context &io) {
  static std::string path = next_arg(3);
  asio::co_spawn(io, [&] { return purge(path); }, asio::detached);
}
