// Callables spawned inside a loop that capture a variable of one iteration
// by reference: the spawned coroutine runs after the iteration ends.
// RUN: %check_asynclint %s async-dangling-reference %t -- %mockflags

#include "async-mocks.h"
#include <string>
#include <vector>

asio::awaitable<> serve(int port);
asio::awaitable<> greet(const std::string &name);

// ---------------------------------------------------------------- positives

void listen_on_every_port(asio::io_context &ctx, std::vector<int> ports) {
  for (int port : ports)
    asio::co_spawn(ctx, [&] { return serve(port); }, asio::detached);
  // CHECK-MESSAGES: :[[@LINE-1]]:26: warning: 'port' is captured by reference by a callable that 'co_spawn' runs later, but it is destroyed at the end of this loop iteration: the spawned work reads a dangling reference [async-dangling-reference]
  // CHECK-MESSAGES: :[[@LINE-3]]:12: note: 'port' declared here; capture it by value
  // CHECK-FIXES: asio::co_spawn(ctx, [&, port] { return serve(port); }, asio::detached);
}

void explicit_reference_capture(asio::io_context &ctx, int count) {
  for (int i = 0; i < count; ++i) {
    std::string name = "worker-" + std::to_string(i);
    asio::co_spawn(ctx, [&name] { return greet(name); }, asio::detached);
    // CHECK-MESSAGES: :[[@LINE-1]]:27: warning: 'name' is captured by reference by a callable that 'co_spawn' runs later
    // CHECK-MESSAGES: :[[@LINE-3]]:17: note: 'name' declared here; capture it by value
    // CHECK-FIXES: asio::co_spawn(ctx, [name] { return greet(name); }, asio::detached);
  }
}

void loop_counter(asio::io_context &ctx) {
  for (int i = 0; i < 4; ++i)
    asio::co_spawn(ctx, [&i] { return serve(i); }, asio::detached);
  // CHECK-MESSAGES: :[[@LINE-1]]:27: warning: 'i' is captured by reference by a callable that 'co_spawn' runs later
  // CHECK-MESSAGES: :[[@LINE-3]]:12: note: 'i' declared here; capture it by value
  // CHECK-FIXES: asio::co_spawn(ctx, [i] { return serve(i); }, asio::detached);
}

void modified_by_the_callable_has_no_fix(asio::io_context &ctx,
                                         std::vector<int> ports) {
  for (int port : ports)
    asio::co_spawn(ctx, [&] { return serve(++port); }, asio::detached);
  // CHECK-MESSAGES: :[[@LINE-1]]:26: warning: 'port' is captured by reference by a callable that 'co_spawn' runs later
  // CHECK-MESSAGES: :[[@LINE-3]]:12: note: 'port' declared here
  // CHECK-FIXES: asio::co_spawn(ctx, [&] { return serve(++port); }, asio::detached);
}

// Modified other ways: through its address, a reference bound to it, a
// function taking it by reference. A copy would change what the callable
// does, so no fix.
void bump(int &port);
void modified_through_aliases_has_no_fix(asio::io_context &ctx,
                                         std::vector<int> ports) {
  for (int port : ports)
    asio::co_spawn(ctx, [&] { int *p = &port; return serve(*p); }, asio::detached);
  // CHECK-MESSAGES: :[[@LINE-1]]:26: warning: 'port' is captured by reference
  // CHECK-FIXES: asio::co_spawn(ctx, [&] { int *p = &port; return serve(*p); }, asio::detached);
  for (int port : ports)
    asio::co_spawn(ctx, [&] { int &r = port; return serve(r); }, asio::detached);
  // CHECK-MESSAGES: :[[@LINE-1]]:26: warning: 'port' is captured by reference
  // CHECK-FIXES: asio::co_spawn(ctx, [&] { int &r = port; return serve(r); }, asio::detached);
  for (int port : ports)
    asio::co_spawn(ctx, [&] { bump(port); return serve(port); }, asio::detached);
  // CHECK-MESSAGES: :[[@LINE-1]]:26: warning: 'port' is captured by reference
  // CHECK-FIXES: asio::co_spawn(ctx, [&] { bump(port); return serve(port); }, asio::detached);
}

// ---------------------------------------------------------------- negatives

void captured_by_value(asio::io_context &ctx, std::vector<int> ports) {
  for (int port : ports)
    asio::co_spawn(ctx, [port] { return serve(port); }, asio::detached);
  for (int port : ports)
    asio::co_spawn(ctx, [=] { return serve(port); }, asio::detached);
}

void outlives_the_loop(asio::io_context &ctx, std::vector<int> ports) {
  // Declared outside the loop: it outlives the iteration, but not the
  // function, which returns before the caller runs ctx (the loop's finding
  // is not repeated; the function's is async-dangling-reference-spawned's).
  int base = 8000;
  for (int port : ports)
    asio::co_spawn(ctx, [&ctx, &base, port] { return serve(base + port); },
                   asio::detached);
  // CHECK-MESSAGES: :[[@LINE-2]]:33: warning: 'base' is captured by reference by a callable that 'co_spawn' runs later, but it is destroyed when 'outlives_the_loop' returns
  // CHECK-MESSAGES: :[[@LINE-5]]:7: note: 'base' declared here; capture it by value
  (void)ctx;
}

asio::awaitable<> awaited_in_the_iteration(asio::io_context &ctx,
                                          std::vector<int> ports) {
  for (int port : ports)
    co_await asio::co_spawn(ctx, serve(port), asio::use_awaitable);
}

void not_a_spawn(std::vector<int> ports) {
  for (int port : ports) {
    auto run = [&] { return serve(port); };
    (void)run;
  }
}

void no_loop(asio::io_context &ctx) {
  int port = 80;
  asio::co_spawn(ctx, [&] { return serve(port); }, asio::detached);
  ctx.run();
}

void static_in_the_loop(asio::io_context &ctx, int n) {
  for (int i = 0; i < n; ++i) {
    static int shared = 0;
    asio::co_spawn(ctx, [&] { return serve(shared); }, asio::detached);
  }
}

// std::async futures kept in a local of the iteration declared after the
// captured variable: the future's destructor waits for the task before the
// variable dies. Kept in a container declared outside the loop, they
// outlive the iteration.
#include <atomic>
#include <future>
void async_joined_each_iteration(int rounds) {
  for (int round = 0; round < rounds; ++round) {
    std::atomic<bool> go = false;
    std::vector<std::future<int>> results;
    for (int i = 0; i < 4; ++i)
      results.emplace_back(std::async([&] { return go ? 1 : 0; }));
    go = true;
  }
}

// Kept in a container declared before the captured variable, but every
// future is waited for (`for (auto &f : results) f.get();`) before the
// iteration ends.
void async_drained_each_iteration(int rounds) {
  for (int round = 0; round < rounds; ++round) {
    std::vector<std::future<int>> results;
    std::atomic<bool> go = false;
    for (int i = 0; i < 4; ++i)
      results.emplace_back(std::async([&] { return go ? 1 : 0; }));
    go = true;
    int sum = 0;
    for (auto &r : results)
      sum += r.get();
  }
}

// Near-miss: the loop over the futures only looks at them.
void async_counted_not_drained(int rounds) {
  for (int round = 0; round < rounds; ++round) {
    std::vector<std::future<int>> results;
    std::atomic<bool> go = false;
    for (int i = 0; i < 4; ++i)
      results.emplace_back(std::async([&] { return go ? 1 : 0; }));
    // CHECK-MESSAGES: :[[@LINE-1]]:40: warning: 'go' is captured by reference by a callable that 'async' runs later
    // CHECK-MESSAGES: :[[@LINE-4]]:23: note: 'go' declared here; capture it by value
    go = true;
    int valid = 0;
    for (auto &r : results)
      valid += r.valid();
  }
}

void async_outliving_the_iteration(int rounds) {
  std::vector<std::future<int>> results;
  for (int round = 0; round < rounds; ++round) {
    int seed = round;
    results.emplace_back(std::async([&] { return seed; }));
    // CHECK-MESSAGES: :[[@LINE-1]]:38: warning: 'seed' is captured by reference by a callable that 'async' runs later, but it is destroyed at the end of this loop iteration: the spawned work reads a dangling reference [async-dangling-reference]
    // CHECK-MESSAGES: :[[@LINE-3]]:9: note: 'seed' declared here; capture it by value
  }
  // CHECK-FIXES: results.emplace_back(std::async([&, seed] { return seed; }));
}
