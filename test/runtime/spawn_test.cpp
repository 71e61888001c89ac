#include "test_util.hpp"

namespace {

using SpawnTest = RuntimeTest;

rt::Task<void> audit(int &writes) {
  Tracked t;
  co_await rt::sleep_for(5ms);
  ++writes;
}

rt::Task<void> failing(const char *message) {
  Tracked t;
  co_await rt::sleep_for(1ms);
  throw std::runtime_error(message);
}

TEST_F(SpawnTest, SpawnedTaskRunsWithoutBeingAwaited) {
  int writes = 0;
  auto handler = [&]() -> rt::Task<int> {
    rt::spawn(audit(writes)); // the loop holds the only reference
    co_return 200;
  };
  rt::EventLoop loop;
  EXPECT_EQ(loop.run(handler()), 200);
  EXPECT_EQ(writes, 1);
  EXPECT_EQ(loop.spawned_count(), 0u);
}

TEST_F(SpawnTest, FailureIsLoggedNotLost) {
  const auto before = rt::logged_failures();
  testing::internal::CaptureStderr();
  rt::run([]() -> rt::Task<void> {
    rt::spawn(failing("disk full"));
    co_return;
  }());
  EXPECT_EQ(testing::internal::GetCapturedStderr(),
            "background task failed: disk full\n");
  EXPECT_EQ(rt::logged_failures(), before + 1);
}

TEST_F(SpawnTest, HandlerObservesTheOutcome) {
  std::vector<std::string> seen;
  auto record = [&](std::exception_ptr e) {
    seen.push_back(e ? rt::Result<void>{e}.error_message() : "ok");
  };
  int writes = 0;
  rt::run([&]() -> rt::Task<void> {
    rt::spawn(failing("warm failed"), record);
    rt::spawn(audit(writes), record);
    co_return;
  }());
  EXPECT_EQ(seen, (std::vector<std::string>{"warm failed", "ok"}));
}

TEST_F(SpawnTest, DetachedIgnoresFailuresSilently) {
  const auto before = rt::logged_failures();
  testing::internal::CaptureStderr();
  rt::run([]() -> rt::Task<void> {
    rt::spawn(failing("nobody hears this"), rt::detached);
    co_return;
  }());
  EXPECT_EQ(testing::internal::GetCapturedStderr(), "");
  EXPECT_EQ(rt::logged_failures(), before);
}

TEST_F(SpawnTest, DrainWaitsForAllSpawnedTasks) {
  int writes = 0;
  rt::EventLoop loop;
  auto task = [&]() -> rt::Task<int> {
    for (int i = 0; i < 3; ++i)
      rt::spawn(audit(writes));
    EXPECT_EQ(writes, 0);
    co_await rt::drain();
    co_return writes;
  };
  EXPECT_EQ(loop.run(task()), 3);
  EXPECT_EQ(loop.elapsed(), 5ms);
}

TEST_F(SpawnTest, DrainWithNothingSpawnedIsImmediate) {
  rt::run([]() -> rt::Task<void> { co_await rt::drain(); }());
}

TEST_F(SpawnTest, SpawnOutsideALoopThrows) {
  int writes = 0;
  EXPECT_THROW(rt::spawn(audit(writes)), std::logic_error);
}

TEST_F(SpawnTest, LogFailureIgnoresNull) {
  const auto before = rt::logged_failures();
  rt::log_failure(nullptr);
  EXPECT_EQ(rt::logged_failures(), before);
}

} // namespace
