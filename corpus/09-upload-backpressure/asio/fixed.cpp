// Seed task 9, Asio rendition: lines come from a fast source and go to a slow
// uploader. Spawning one upload coroutine per line lets the producer run
// arbitrarily far ahead of the uploads: every line read is held in memory by
// its coroutine until its upload is done, so memory grows with the input.
// The producer has to be slowed down to the uploaders' pace (back-pressure),
// and the first failed upload has to stop the whole pipeline.
#include <asio.hpp>

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdio>
#include <exception>
#include <optional>
#include <stdexcept>
#include <string>

using namespace std::chrono_literals;

// A fast line source (a file or a socket in real life). It keeps count of
// the lines that have been read but whose upload has not finished yet.
struct LineSource {
  std::size_t total = 10'000;
  std::size_t read = 0;
  std::size_t finished = 0;
  std::size_t peak_buffered = 0;

  std::optional<std::string> next() {
    if (read == total)
      return std::nullopt;
    ++read;
    peak_buffered = std::max(peak_buffered, read - finished);
    return "line " + std::to_string(read);
  }
};
LineSource source;

// The slow uploader: 2 ms per line; line 200 is rejected (an injected fault).
asio::awaitable<void> upload(std::string line) {
  asio::steady_timer round_trip(co_await asio::this_coro::executor, 2ms);
  co_await round_trip.async_wait(asio::use_awaitable);
  ++source.finished;
  if (line == "line 200")
    throw std::runtime_error("upload of " + line + " rejected: 413");
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

asio::awaitable<void> upload_all(LineSource &lines) {
  auto ex = co_await asio::this_coro::executor;
  WaitGroup group(ex);
  auto strand = asio::make_strand(ex);
  bool failed = false;
  auto worker = [&]() -> asio::awaitable<void> {
    while (!failed) {
      auto line = lines.next();
      if (!line)
        break;
      try {
        co_await upload(std::move(*line));
      } catch (...) {
        failed = true;
        throw;
      }
    }
  };
  for (int i = 0; i < 4; ++i)
    asio::co_spawn(strand, worker(), group.completion());
  co_await group.wait();
}

int main() {
  asio::io_context ctx;
  bool returned = false;
  std::string outcome = "success";
  asio::co_spawn(ctx, upload_all(source), [&](std::exception_ptr error) {
    returned = true;
    try {
      if (error)
        std::rethrow_exception(error);
    } catch (const std::exception &e) {
      outcome = e.what();
    }
  });
  ctx.run_for(5s);

  std::printf("lines read: %zu of %zu\n", source.read, source.total);
  std::printf("lines uploaded: %zu\n", source.finished);
  std::printf("peak buffered lines: %zu\n", source.peak_buffered);
  std::printf("upload_all: %s\n", returned ? outcome.c_str() : "no result");

  if (!returned || outcome.find("line 200") == std::string::npos) {
    std::puts("FAIL: the failed upload was not reported");
    return 1;
  }
  if (source.peak_buffered > 16) {
    std::puts("FAIL: the producer ran ahead of the uploads (no back-pressure)");
    return 1;
  }
  if (source.read > 1000) {
    std::puts("FAIL: the pipeline kept going after the first failure");
    return 1;
  }
  std::puts("PASS");
  return 0;
}
