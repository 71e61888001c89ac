// Seed task 10 on the rt runtime: a file-storage handler derives a digest
// with a deliberately expensive hash before saving the file. The hash is pure
// CPU work; run inside the coroutine, it holds the loop's only thread for its
// whole duration, and every other coroutine on the loop (here a heartbeat
// that should tick every 10 ms) stands still until it is done. Keep the
// handler's signature and result, but let the loop thread keep serving.
//
// This program measures real time (rt::Clock::Real): the stall is real.
#include <rt/rt.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <map>
#include <stop_token>
#include <string>
#include <vector>

using namespace std::chrono_literals;
using std::chrono::milliseconds;

// A stand-in for scrypt: slow on purpose, deterministic, CPU only (about
// 250 ms idle at -O0: far past the 75 ms heartbeat gap the test allows).
std::uint64_t scrypt_like(const std::vector<std::byte> &data) {
  std::uint64_t h = 1469598103934665603ull;
  for (int round = 0; round < 33'000; ++round)
    for (std::byte b : data) {
      h ^= static_cast<std::uint64_t>(b) + static_cast<std::uint64_t>(round);
      h *= 1099511628211ull;
    }
  return h;
}

// The service's pool for CPU-heavy work, kept for the process lifetime.
rt::ThreadPool cpu_pool{2};

// The database, simulated: a save takes 5 ms.
rt::sim::Service db{"db", 5ms};
std::map<std::string, std::vector<std::byte>> stored_files;

rt::Task<void> db_save(std::string key, std::vector<std::byte> data) {
  co_await db.call();
  stored_files[key] = std::move(data);
}

rt::Task<std::string> store_file(std::vector<std::byte> data) {
  std::uint64_t digest = scrypt_like(data);
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx",
                static_cast<unsigned long long>(digest));
  co_await db_save(hex, std::move(data));
  co_return hex;
}

// Stores one 2 KiB upload while a heartbeat ticks on the same loop.
rt::Task<std::string> serve(rt::Heartbeat &heartbeat) {
  std::stop_source stop;
  auto upload = [&]() -> rt::Task<std::string> {
    auto digest =
        co_await store_file(std::vector<std::byte>(2048, std::byte{'x'}));
    stop.request_stop();
    co_return digest;
  };
  auto [ticked, digest] =
      co_await rt::when_all(heartbeat.run(stop.get_token()), upload());
  co_return digest;
}

int main() {
  rt::EventLoop loop{rt::Clock::Real};
  rt::Heartbeat heartbeat{10ms};
  const auto start = std::chrono::steady_clock::now();
  // Guard: give up after 5 s.
  auto digest = loop.run_for(serve(heartbeat), 5s);
  const auto took = std::chrono::duration_cast<milliseconds>(
      std::chrono::steady_clock::now() - start);

  std::printf("stored file, digest %s, in %lld ms\n",
              digest ? digest->c_str() : "(none)",
              static_cast<long long>(took.count()));
  std::printf("worst heartbeat gap: %lld ms\n",
              static_cast<long long>(heartbeat.max_gap().count()));

  if (!digest || stored_files.size() != 1) {
    std::puts("FAIL: the file was not stored");
    return 1;
  }
  // The heartbeat wants 10 ms; a gap this long means the thread was taken.
  if (heartbeat.max_gap() > 75ms) {
    std::puts("FAIL: the hash stalled the event loop");
    return 1;
  }
  std::puts("PASS");
  return 0;
}
