// Seed task 8, Asio rendition: a one-off migration pushes every record
// through an external API. Spawning one coroutine per record starts all of
// them at once: tens of thousands of simultaneous calls, which a real API
// answers with rate limiting and a real process pays for in sockets and
// memory. At most ten calls may be in flight at any time.
#include <asio.hpp>

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdio>
#include <exception>
#include <string>
#include <vector>

using namespace std::chrono_literals;

struct Record {
  int id;
  std::string name;
};

// The external API, simulated: each call takes 100 us. The counters are what
// the migration does to the API.
std::size_t in_flight = 0;
std::size_t peak_in_flight = 0;
std::size_t migrated = 0;

asio::awaitable<void> migrate_one(Record record) {
  peak_in_flight = std::max(peak_in_flight, ++in_flight);
  asio::steady_timer call(co_await asio::this_coro::executor, 100us);
  co_await call.async_wait(asio::use_awaitable);
  --in_flight;
  if (!record.name.empty())
    ++migrated;
}

// Lets a coroutine wait until a set of co_spawned tasks have finished, and
// rethrows the first failure among them (Asio 1.22 has no when_all over a
// runtime number of tasks). The timer serves as an event: it never expires,
// and is cancelled when the last task completes.
class WaitGroup {
public:
  explicit WaitGroup(asio::any_io_executor ex)
      : idle_(ex, asio::steady_timer::time_point::max()) {}

  // A completion handler for co_spawn that counts the task in and out.
  auto completion() {
    ++pending_;
    return [this](std::exception_ptr error) {
      if (error && !first_error_)
        first_error_ = error;
      if (--pending_ == 0)
        idle_.cancel();
    };
  }

  asio::awaitable<void> wait() {
    asio::error_code ignored;
    if (pending_ > 0)
      co_await idle_.async_wait(
          asio::redirect_error(asio::use_awaitable, ignored));
    if (first_error_)
      std::rethrow_exception(first_error_);
  }

private:
  asio::steady_timer idle_;
  std::size_t pending_ = 0;
  std::exception_ptr first_error_;
};

asio::awaitable<void> migrate_all(const std::vector<Record> &records) {
  auto ex = co_await asio::this_coro::executor;
  WaitGroup group(ex);
  auto strand = asio::make_strand(ex);
  auto next = records.begin();
  bool failed = false;
  auto worker = [&]() -> asio::awaitable<void> {
    while (!failed && next != records.end()) {
      const Record &record = *next++;
      try {
        co_await migrate_one(record);
      } catch (...) {
        failed = true;
        throw;
      }
    }
  };
  for (int i = 0; i < 10; ++i)
    asio::co_spawn(strand, worker(), group.completion());
  co_await group.wait();
}

int main() {
  std::vector<Record> records;
  for (int id = 0; id < 50'000; ++id)
    records.push_back({id, "customer-" + std::to_string(id)});

  asio::io_context ctx;
  bool finished = false;
  auto start = std::chrono::steady_clock::now();
  asio::co_spawn(ctx, migrate_all(records),
                 [&](std::exception_ptr error) { finished = !error; });
  ctx.run_for(10s);
  auto took = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::steady_clock::now() - start);

  std::printf("records migrated: %zu of %zu\n", migrated, records.size());
  std::printf("peak in-flight: %zu\n", peak_in_flight);
  std::printf("took %lld ms\n", static_cast<long long>(took.count()));

  if (!finished || migrated != records.size()) {
    std::puts("FAIL: the migration did not complete");
    return 1;
  }
  if (peak_in_flight > 10) {
    std::puts("FAIL: more than 10 API calls were in flight at once");
    return 1;
  }
  std::puts("PASS");
  return 0;
}
