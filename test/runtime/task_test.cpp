#include "test_util.hpp"

namespace {

using TaskTest = RuntimeTest;

rt::Task<int> answer(bool &started) {
  Tracked t;
  started = true;
  co_return 42;
}

rt::Task<void> thrower() {
  Tracked t;
  throw std::runtime_error("boom");
  co_return;
}

rt::Task<int> add(int a, int b) { co_return a + b; }

TEST_F(TaskTest, IsLazyUntilAwaited) {
  bool started = false;
  auto task = answer(started);
  EXPECT_FALSE(started);
  EXPECT_FALSE(task.done());
  EXPECT_EQ(rt::run(std::move(task)), 42);
  EXPECT_TRUE(started);
}

TEST_F(TaskTest, DestroyingAnUnstartedTaskDestroysItsFrameWithoutRunningIt) {
  bool started = false;
  {
    auto task = answer(started);
    EXPECT_EQ(Tracked::live, 0); // the body has not run
  }
  EXPECT_FALSE(started);
}

TEST_F(TaskTest, ValueFlowsToTheAwaiter) {
  auto outer = []() -> rt::Task<int> {
    co_return co_await add(1, 2) + co_await add(3, 4);
  };
  EXPECT_EQ(rt::run(outer()), 10);
}

TEST_F(TaskTest, ExceptionPropagatesToTheAwaiter) {
  auto outer = []() -> rt::Task<std::string> {
    try {
      co_await thrower();
    } catch (const std::runtime_error &e) {
      co_return e.what();
    }
    co_return "no exception";
  };
  EXPECT_EQ(rt::run(outer()), "boom");
}

TEST_F(TaskTest, RunRethrowsTheTasksException) {
  EXPECT_THROW(rt::run(thrower()), std::runtime_error);
}

TEST_F(TaskTest, IsMoveOnly) {
  static_assert(!std::is_copy_constructible_v<rt::Task<int>>);
  static_assert(std::is_nothrow_move_constructible_v<rt::Task<int>>);
  bool started = false;
  auto a = answer(started);
  auto b = std::move(a);
  EXPECT_FALSE(a);
  EXPECT_TRUE(b);
  EXPECT_EQ(rt::run(b), 42); // an lvalue task is consumed by run
}

TEST_F(TaskTest, SymmetricTransferKeepsTheStackFlat) {
  // A million synchronously completing awaits would overflow the stack if
  // each resumption nested a call.
  auto loop_of_awaits = []() -> rt::Task<long> {
    long sum = 0;
    for (int i = 0; i < 1'000'000; ++i)
      sum += co_await add(i, 0);
    co_return sum;
  };
  EXPECT_EQ(rt::run(loop_of_awaits()), 499999500000L);
}

TEST_F(TaskTest, AwaitingAnEmptyTaskThrows) {
  auto outer = []() -> rt::Task<void> { co_await rt::Task<int>{}; };
  EXPECT_THROW(rt::run(outer()), std::invalid_argument);
}

TEST_F(TaskTest, AwaitedTaskInheritsTheAmbientStopToken) {
  std::stop_source source;
  auto inner = []() -> rt::Task<bool> {
    co_return (co_await rt::current_stop_token()).stop_possible();
  };
  auto outer = [&]() -> rt::Task<bool> {
    co_return co_await rt::with_timeout(inner(), 1s, source.get_token());
  };
  EXPECT_TRUE(rt::run(outer()));
  auto plain = [&]() -> rt::Task<bool> { co_return co_await inner(); };
  EXPECT_FALSE(rt::run(plain()));
}

} // namespace
