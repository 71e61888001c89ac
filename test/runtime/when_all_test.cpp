#include "test_util.hpp"

#include <numeric>

namespace {

using WhenAllTest = RuntimeTest;

rt::Task<void> nothing() { co_return; }

/// Sleeps, counting how many of its kind run at once.
struct Gauge {
  int now = 0, peak = 0, started = 0;
  rt::Task<int> work(int value, rt::EventLoop::duration d = 10ms) {
    Tracked t;
    ++started;
    peak = std::max(peak, ++now);
    co_await rt::sleep_for(d);
    --now;
    co_return value;
  }
};

TEST_F(WhenAllTest, RunsConcurrentlyAndTakesTheMaximumLatency) {
  rt::EventLoop loop;
  auto task = []() -> rt::Task<int> {
    auto [a, b, c, d] =
        co_await rt::when_all(value_after(120ms, 1), value_after(90ms, 2),
                              value_after(60ms, 3), nothing());
    static_assert(std::is_same_v<decltype(d), std::monostate>);
    co_return a * 100 + b * 10 + c;
  };
  EXPECT_EQ(loop.run(task()), 123);
  EXPECT_EQ(loop.elapsed(), 120ms);
}

TEST_F(WhenAllTest,
       FirstFailureIsRethrownAfterAllFinishAndSiblingsAreCancelled) {
  rt::EventLoop loop;
  bool sibling_cancelled = false;
  auto task = [&]() -> rt::Task<void> {
    co_await rt::when_all(sleep_until_cancelled(sibling_cancelled),
                          fail_after(10ms, "first"),
                          fail_after(20ms, "second"));
  };
  try {
    loop.run(task());
    FAIL() << "expected an exception";
  } catch (const std::runtime_error &e) {
    EXPECT_STREQ(e.what(), "first");
  }
  EXPECT_TRUE(sibling_cancelled);
  EXPECT_EQ(loop.elapsed(), 10ms); // fail-fast: nobody waited for the hour
  EXPECT_EQ(loop.pending_timers(), 0u);
}

TEST_F(WhenAllTest, SettledReportsEveryOutcome) {
  auto task = []() -> rt::Task<void> {
    auto [a, b, c] = co_await rt::when_all_settled(
        value_after(10ms, 1), fail_after(5ms, "down"), nothing());
    EXPECT_TRUE(a.ok());
    EXPECT_EQ(a.value(), 1);
    EXPECT_EQ(a.error(), nullptr);
    EXPECT_EQ(a.error_message(), "");
    EXPECT_FALSE(b.ok());
    EXPECT_EQ(b.error_message(), "down");
    EXPECT_THROW(b.value(), std::runtime_error);
    EXPECT_TRUE(c.ok());
  };
  rt::run(task());
}

TEST_F(WhenAllTest, SettledDoesNotCancelSiblings) {
  rt::EventLoop loop;
  auto task = []() -> rt::Task<std::vector<rt::Result<int>>> {
    std::vector<rt::Task<int>> tasks;
    tasks.push_back(fail_after(1ms, "x"));
    tasks.push_back(value_after(50ms, 2));
    co_return co_await rt::when_all_settled(std::move(tasks));
  };
  auto results = loop.run(task());
  ASSERT_EQ(results.size(), 2u);
  EXPECT_EQ(results[0].error_message(), "x");
  EXPECT_EQ(results[1].value(), 2);
  EXPECT_EQ(loop.elapsed(), 50ms);
}

TEST_F(WhenAllTest, VectorFormKeepsInputOrder) {
  rt::EventLoop loop;
  auto task = []() -> rt::Task<std::vector<int>> {
    std::vector<rt::Task<int>> tasks;
    for (int i = 0; i < 5; ++i)
      tasks.push_back(value_after(std::chrono::milliseconds(50 - 10 * i), i));
    co_return co_await rt::when_all(std::move(tasks));
  };
  EXPECT_EQ(loop.run(task()), (std::vector<int>{0, 1, 2, 3, 4}));
  EXPECT_EQ(loop.elapsed(), 50ms);
}

TEST_F(WhenAllTest, VectorOfVoidAndEmptyVector) {
  auto task = []() -> rt::Task<void> {
    std::vector<rt::Task<void>> tasks;
    tasks.push_back(rt::sleep_for(1ms));
    tasks.push_back(nothing());
    co_await rt::when_all(std::move(tasks));
    auto none = co_await rt::when_all(std::vector<rt::Task<int>>{});
    EXPECT_TRUE(none.empty());
  };
  rt::run(task());
}

TEST_F(WhenAllTest, BoundedNeverExceedsTheLimit) {
  rt::EventLoop loop;
  Gauge gauge;
  auto task = [&]() -> rt::Task<std::vector<int>> {
    std::vector<rt::Task<int>> tasks;
    for (int i = 0; i < 50; ++i)
      tasks.push_back(gauge.work(i));
    co_return co_await rt::when_all_bounded(std::move(tasks), 10);
  };
  auto results = loop.run(task());
  ASSERT_EQ(results.size(), 50u);
  for (int i = 0; i < 50; ++i)
    EXPECT_EQ(results[i], i);
  EXPECT_EQ(gauge.peak, 10);
  EXPECT_EQ(loop.elapsed(), 50ms); // 5 waves of 10
}

TEST_F(WhenAllTest, BoundedOverItemsCreatesTasksOnDemand) {
  rt::EventLoop loop;
  Gauge gauge;
  std::vector<int> items(20);
  std::iota(items.begin(), items.end(), 0);
  auto task = [&]() -> rt::Task<std::vector<int>> {
    co_return co_await rt::when_all_bounded(
        items, 3, [&](int &x) { return gauge.work(x * 2); });
  };
  auto results = loop.run(task());
  EXPECT_EQ(results.size(), 20u);
  EXPECT_EQ(results[19], 38);
  EXPECT_EQ(gauge.peak, 3);
}

TEST_F(WhenAllTest, BoundedFailFastStartsNoMoreTasks) {
  rt::EventLoop loop;
  Gauge gauge;
  auto task = [&]() -> rt::Task<void> {
    std::vector<rt::Task<int>> tasks;
    tasks.push_back(gauge.work(0));
    tasks.push_back(fail_after(5ms, "bad record"));
    for (int i = 2; i < 10; ++i)
      tasks.push_back(gauge.work(i));
    co_await rt::when_all_bounded(std::move(tasks), 2);
  };
  EXPECT_THROW(loop.run(task()), std::runtime_error);
  EXPECT_EQ(gauge.started, 1); // only the one in flight with the failure
}

TEST_F(WhenAllTest, BoundedRejectsAZeroLimit) {
  auto task = []() -> rt::Task<void> {
    std::vector<rt::Task<void>> tasks;
    co_await rt::when_all_bounded(std::move(tasks), 0);
  };
  EXPECT_THROW(rt::run(task()), std::invalid_argument);
}

TEST_F(WhenAllTest, CallersCancellationReachesChildren) {
  rt::EventLoop loop;
  auto task = []() -> rt::Task<void> {
    co_await rt::with_timeout(
        rt::when_all(value_after(1h, 1), value_after(2h, 2)), 1s);
  };
  EXPECT_THROW(loop.run(task()), rt::TimeoutError);
  EXPECT_EQ(loop.elapsed(), 1s);
}

} // namespace
