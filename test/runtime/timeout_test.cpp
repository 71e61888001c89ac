#include "test_util.hpp"

namespace {

using TimeoutTest = RuntimeTest;

TEST_F(TimeoutTest, SuccessReturnsTheValueAndClearsTheTimer) {
  rt::EventLoop loop;
  auto task = [&]() -> rt::Task<int> {
    int v = co_await rt::with_timeout(value_after(10ms, 5), 2s);
    EXPECT_EQ(loop.pending_timers(), 0u);
    co_return v;
  };
  EXPECT_EQ(loop.run(task()), 5);
  EXPECT_EQ(loop.elapsed(), 10ms); // nobody waited for the 2 s deadline
}

TEST_F(TimeoutTest, DeadlineCancelsTheOperationAndThrowsTimeoutError) {
  rt::EventLoop loop;
  bool cancelled = false;
  try {
    loop.run(rt::with_timeout(sleep_until_cancelled(cancelled), 2s));
    FAIL() << "expected TimeoutError";
  } catch (const rt::TimeoutError &e) {
    EXPECT_STREQ(e.what(), "operation timed out after 2000 ms");
    EXPECT_EQ(e.timeout(), 2s);
  }
  EXPECT_TRUE(cancelled);
  EXPECT_EQ(loop.elapsed(), 2s);
  EXPECT_EQ(loop.pending_timers(), 0u);
}

TEST_F(TimeoutTest, ErrorPropagatesAndClearsTheTimer) {
  rt::EventLoop loop;
  auto task = [&]() -> rt::Task<void> {
    try {
      co_await rt::with_timeout(fail_after(1ms, "upstream 503"), 2s);
    } catch (const std::runtime_error &e) {
      EXPECT_STREQ(e.what(), "upstream 503");
    }
    EXPECT_EQ(loop.pending_timers(), 0u);
  };
  loop.run(task());
  EXPECT_EQ(loop.elapsed(), 1ms);
}

TEST_F(TimeoutTest, CallerCanCancelFromOutside) {
  rt::EventLoop loop;
  std::stop_source caller;
  auto task = [&]() -> rt::Task<void> {
    loop.call_after(100ms, [&] { caller.request_stop(); });
    co_await rt::with_timeout(value_after(1h, 1), 2s, caller.get_token());
  };
  EXPECT_THROW(loop.run(task()), rt::Cancelled);
  EXPECT_EQ(loop.elapsed(), 100ms);
  EXPECT_EQ(loop.pending_timers(), 0u);
}

TEST_F(TimeoutTest, CallableFormReceivesTheToken) {
  rt::EventLoop loop;
  auto fetch = [](std::stop_token token) -> rt::Task<int> {
    co_await rt::sleep_for(1h, token);
    co_return 1;
  };
  EXPECT_THROW(loop.run(rt::with_timeout(fetch, 50ms)), rt::TimeoutError);
  EXPECT_EQ(loop.elapsed(), 50ms);
}

TEST_F(TimeoutTest, HangingServiceIsCancelled) {
  rt::EventLoop loop;
  rt::sim::Service quotes{"quotes", 10ms};
  quotes.hang_call(1);
  auto task = [&]() -> rt::Task<int> {
    try {
      co_await rt::with_timeout(quotes.call(), 2s);
    } catch (const rt::TimeoutError &) {
    }
    co_await rt::with_timeout(quotes.call(), 2s); // call 2 answers
    co_return 1;
  };
  EXPECT_EQ(loop.run(task()), 1);
  EXPECT_EQ(loop.elapsed(), 2s + 10ms);
  EXPECT_EQ(quotes.in_flight(), 0u);
}

TEST_F(TimeoutTest, SleepCancellationRemovesItsTimer) {
  rt::EventLoop loop;
  std::stop_source source;
  auto task = [&]() -> rt::Task<void> {
    loop.call_after(5ms, [&] {
      EXPECT_EQ(loop.pending_timers(), 1u); // the sleep's own timer
      source.request_stop();
      EXPECT_EQ(loop.pending_timers(), 0u);
    });
    co_await rt::sleep_for(1h, source.get_token());
  };
  EXPECT_THROW(loop.run(task()), rt::Cancelled);
  EXPECT_EQ(loop.elapsed(), 5ms);
}

TEST_F(TimeoutTest, AlreadyCancelledTokenThrowsAtOnce) {
  std::stop_source source;
  source.request_stop();
  rt::EventLoop loop;
  EXPECT_THROW(loop.run(rt::sleep_for(1h, source.get_token())), rt::Cancelled);
  EXPECT_EQ(loop.elapsed(), 0ms);
}

} // namespace
