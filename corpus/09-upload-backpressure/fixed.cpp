// Seed task 9 on the rt runtime: lines come from a fast source and go to a
// slow uploader. Spawning one upload per line lets the reader run as far
// ahead of the uploads as it likes: every line read stays in memory, held by
// its upload task, until that upload is done, so memory grows with the input
// instead of staying flat. The reader has to be held back to the uploaders'
// pace (back-pressure), and the first failed upload has to stop the pipeline
// and be reported.
//
// Virtual clock: an upload takes 2 ms of loop time, so the numbers are exact.
#include <rt/rt.hpp>

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdio>
#include <exception>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

using namespace std::chrono_literals;

// A fast line source (a file or a socket in real life). It counts the lines
// that have been read but whose upload has not finished yet.
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
rt::sim::Service storage{"storage", 2ms};

rt::Task<void> upload(std::string line) {
  co_await storage.call();
  ++source.finished;
  if (line == "line 200")
    throw std::runtime_error("upload of " + line + " rejected: 413");
}

// Uploads every line; reports the first failed upload.
rt::Task<void> upload_all(LineSource &lines) {
  std::exception_ptr first_error;
  bool failed = false;
  auto worker = [&]() -> rt::Task<void> {
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
    rt::spawn(worker(), [&](std::exception_ptr error) {
      if (error && !first_error)
        first_error = error;
    });
  co_await rt::drain();
  if (first_error)
    std::rethrow_exception(first_error);
}

int main() {
  rt::EventLoop loop{rt::Clock::Virtual};
  std::string outcome = "success";
  auto report = [&]() -> rt::Task<void> {
    try {
      co_await upload_all(source);
    } catch (const std::exception &e) {
      outcome = e.what();
    }
  };
  // Guard: at most a minute of loop time.
  const bool returned = loop.run_for(report(), 1min).has_value();

  std::printf("lines read: %zu of %zu\n", source.read, source.total);
  std::printf("lines uploaded: %zu\n", source.finished);
  std::printf("peak buffered lines: %zu\n", source.peak_buffered);
  std::printf("peak uploads in flight: %zu\n", storage.peak_in_flight());
  std::printf("upload_all: %s after %lld ms\n",
              returned ? outcome.c_str() : "no result",
              static_cast<long long>(loop.elapsed().count()));

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
