// The check against real Asio and libstdc++.
// RUN: %check_asynclint %s async-unbounded-fanout %t -- -std=c++20 %asioflags

#include <asio.hpp>
#include <future>
#include <thread>
#include <vector>

asio::awaitable<void> migrate_one(int id) { co_return; }

void migrate_all(asio::io_context &ctx, const std::vector<int> &ids) {
  for (int id : ids)
    asio::co_spawn(ctx, migrate_one(id), asio::detached);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'co_spawn' is started for every element of a runtime-sized range
  std::vector<std::thread> threads;
  for (int id : ids)
    threads.emplace_back([id] { (void)id; });
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: a thread is started for every element
  for (auto &t : threads)
    t.join();
}

// Negatives: a pool of a fixed size, and work posted to it.
void bounded(asio::io_context &ctx, const std::vector<int> &ids) {
  asio::thread_pool pool(4);
  for (int id : ids)
    asio::post(pool, [id] { (void)id; });
  pool.join();
  for (int worker = 0; worker < 4; ++worker)
    asio::co_spawn(ctx, migrate_one(worker), asio::detached);
}

// One thread per io_context of a pool sized by configuration runs that
// context's event loop: the pool itself, not work per element.
void run_context_pool(std::vector<std::shared_ptr<asio::io_context>> &contexts) {
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < contexts.size(); ++i)
    threads.emplace_back([&contexts, i] { contexts[i]->run(); });
  for (auto &context : contexts)
    threads.push_back(std::thread([&context] { context->run_for(std::chrono::seconds(1)); }));
  for (auto &t : threads)
    t.join();
}

void run_loop(asio::io_context *context) { context->run(); }

void run_context_pool_by_function(std::vector<asio::io_context *> &contexts) {
  std::vector<std::thread> threads;
  for (asio::io_context *context : contexts)
    threads.emplace_back(run_loop, context);
  for (auto &t : threads)
    t.join();
}

// Near miss: the thread does its element's work and only then runs a loop
// of its own making -- still one thread per element.
void thread_per_element_with_own_loop(const std::vector<int> &ids) {
  std::vector<std::thread> threads;
  for (int id : ids)
    threads.emplace_back([id] {
      asio::io_context own;
      asio::post(own, [id] { (void)id; });
      own.run();
    });
  // CHECK-MESSAGES: :[[@LINE-5]]:5: warning: a thread is started for every element
  for (auto &t : threads)
    t.join();
}
