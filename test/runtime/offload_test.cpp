#include "test_util.hpp"

#include <thread>

namespace {

using OffloadTest = RuntimeTest;

TEST_F(OffloadTest, RunsOnThePoolAndResumesOnTheLoopThread) {
  rt::ThreadPool pool{2};
  const auto loop_thread = std::this_thread::get_id();
  auto task = [&]() -> rt::Task<void> {
    auto worker_thread =
        co_await rt::offload(pool, [] { return std::this_thread::get_id(); });
    EXPECT_NE(worker_thread, loop_thread);
    EXPECT_EQ(std::this_thread::get_id(), loop_thread);
  };
  rt::run(task());
}

TEST_F(OffloadTest, ExceptionsComeBackToTheAwaiter) {
  rt::ThreadPool pool{1};
  auto task = [&]() -> rt::Task<void> {
    co_await rt::offload(pool, [] { throw std::runtime_error("hash failed"); });
  };
  EXPECT_THROW(rt::run(task()), std::runtime_error);
}

TEST_F(OffloadTest, VirtualTimeStandsStillWhileThePoolWorks) {
  rt::ThreadPool pool{1};
  rt::EventLoop loop{rt::Clock::Virtual};
  auto task = [&]() -> rt::Task<int> {
    co_return co_await rt::offload(pool, [] {
      std::this_thread::sleep_for(20ms);
      return 7;
    });
  };
  EXPECT_EQ(loop.run(task()), 7);
  EXPECT_EQ(loop.elapsed(), 0ms);
}

TEST_F(OffloadTest, LoopKeepsServingOtherCoroutines) {
  rt::ThreadPool pool{1};
  rt::EventLoop loop{rt::Clock::Real};
  rt::Heartbeat heartbeat{5ms};
  std::stop_source stop;
  auto hash = [&](bool on_loop) -> rt::Task<void> {
    auto cpu_work = [] { std::this_thread::sleep_for(150ms); };
    if (on_loop)
      cpu_work(); // blocks every other coroutine
    else
      co_await rt::offload(pool, cpu_work);
    stop.request_stop();
  };
  loop.run(rt::when_all(heartbeat.run(stop.get_token()), hash(false)));
  EXPECT_LT(heartbeat.max_gap(), 100ms);
  EXPECT_GT(heartbeat.ticks(), 5u);

  rt::Heartbeat stalled{5ms};
  stop = std::stop_source{};
  loop.run(rt::when_all(stalled.run(stop.get_token()), hash(true)));
  EXPECT_GE(stalled.max_gap(), 140ms);
}

} // namespace

namespace {

TEST_F(OffloadTest, AbandonedOffloadWaitsForItsJob) {
  rt::ThreadPool pool{1};
  std::atomic<bool> finished{false};
  auto task = [&]() -> rt::Task<void> {
    Tracked t;
    co_await rt::offload(pool, [&] {
      std::this_thread::sleep_for(60ms);
      finished = true;
    });
  };
  rt::EventLoop loop{rt::Clock::Real};
  EXPECT_FALSE(loop.run_for(task(), 10ms));
  EXPECT_TRUE(finished); // the frame was not freed under the running job
}

} // namespace
