#include "test_util.hpp"

#include <thread>

namespace {

using LoopTest = RuntimeTest;

TEST_F(LoopTest, VirtualClockIsExactAndInstant) {
  const auto start = std::chrono::steady_clock::now();
  rt::EventLoop loop{rt::Clock::Virtual};
  auto task = [&]() -> rt::Task<std::chrono::milliseconds> {
    co_await rt::sleep_for(10min);
    co_await rt::sleep_for(120ms);
    co_return loop.elapsed();
  };
  EXPECT_EQ(loop.run(task()), 10min + 120ms);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 1s);
}

TEST_F(LoopTest, RealClockTakesRealTime) {
  rt::EventLoop loop{rt::Clock::Real};
  const auto start = std::chrono::steady_clock::now();
  loop.run(rt::sleep_for(30ms));
  EXPECT_GE(std::chrono::steady_clock::now() - start, 30ms);
  EXPECT_GE(loop.elapsed(), 30ms);
}

TEST_F(LoopTest, TimersFireInDeadlineOrder) {
  rt::EventLoop loop;
  std::vector<int> order;
  auto task = [&]() -> rt::Task<void> {
    loop.call_after(30ms, [&] { order.push_back(3); });
    loop.call_after(10ms, [&] { order.push_back(1); });
    auto cancelled = loop.call_after(20ms, [&] { order.push_back(99); });
    loop.call_after(20ms, [&] { order.push_back(2); });
    EXPECT_TRUE(loop.cancel(cancelled));
    EXPECT_FALSE(loop.cancel(cancelled));
    co_await rt::sleep_for(50ms);
  };
  loop.run(task());
  EXPECT_EQ(order, (std::vector<int>{1, 2, 3}));
  EXPECT_EQ(loop.pending_timers(), 0u);
}

TEST_F(LoopTest, CurrentIsTheRunningLoop) {
  EXPECT_EQ(rt::EventLoop::current(), nullptr);
  rt::EventLoop loop;
  auto task = [&]() -> rt::Task<bool> {
    co_return rt::EventLoop::current() == &loop;
  };
  EXPECT_TRUE(loop.run(task()));
  EXPECT_EQ(rt::EventLoop::current(), nullptr);
}

TEST_F(LoopTest, DeadlockIsDetectedInsteadOfHanging) {
  auto stuck = []() -> rt::Task<void> {
    Tracked t;
    rt::Semaphore never{0};
    co_await never.acquire();
  };
  EXPECT_THROW(rt::run(stuck()), rt::Deadlock);
}

TEST_F(LoopTest, RunForReturnsTheValueWhenTheTaskFinishes) {
  auto r = rt::run_for(value_after(1s, 7), 2s);
  ASSERT_TRUE(r);
  EXPECT_EQ(*r, 7);
  auto v = rt::run_for(rt::sleep_for(1s), 2s);
  EXPECT_TRUE(v.has_value());
}

TEST_F(LoopTest, RunForGivesUpAndDestroysEverything) {
  rt::EventLoop loop;
  auto hangs = [&]() -> rt::Task<int> {
    Tracked t;
    rt::spawn(value_after(1h, 0)); // spawned work is abandoned too
    co_await rt::sleep_for(1h);
    co_return 1;
  };
  EXPECT_FALSE(loop.run_for(hangs(), 5s));
  EXPECT_EQ(loop.elapsed(), 5s);
  EXPECT_EQ(loop.pending_timers(), 0u);
  EXPECT_EQ(loop.spawned_count(), 0u);
  // The loop is clean and reusable.
  EXPECT_EQ(loop.run(value_after(1s, 3)), 3);
}

TEST_F(LoopTest, RunForTreatsADeadlockAsNotFinished) {
  auto hangs = []() -> rt::Task<void> { co_await rt::wait_forever(); };
  EXPECT_FALSE(rt::run_for(hangs(), 1s));
}

TEST_F(LoopTest, RunWaitsForSpawnedTasks) {
  rt::EventLoop loop;
  bool finished = false;
  auto main = [&]() -> rt::Task<int> {
    rt::spawn([](bool &done) -> rt::Task<void> {
      co_await rt::sleep_for(1s);
      done = true;
    }(finished));
    co_return 1;
  };
  EXPECT_EQ(loop.run(main()), 1);
  EXPECT_TRUE(finished);
  EXPECT_EQ(loop.elapsed(), 1s);
}

TEST_F(LoopTest, RunIsNotReentrant) {
  rt::EventLoop loop;
  auto nested = [&]() -> rt::Task<void> {
    loop.run(rt::sleep_for(1ms));
    co_return;
  };
  EXPECT_THROW(loop.run(nested()), std::logic_error);
}

TEST_F(LoopTest, PostedWorkRunsInOrder) {
  rt::EventLoop loop;
  std::vector<int> order;
  auto task = [&]() -> rt::Task<void> {
    loop.post([&] { order.push_back(1); });
    loop.post([&] { order.push_back(2); });
    co_await rt::sleep_for(0ms);
  };
  loop.run(task());
  EXPECT_EQ(order, (std::vector<int>{1, 2}));
}

} // namespace
