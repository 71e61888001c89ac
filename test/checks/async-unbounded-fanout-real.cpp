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
