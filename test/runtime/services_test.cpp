#include "test_util.hpp"

namespace {

using ServicesTest = RuntimeTest;

TEST_F(ServicesTest, AnswersAfterItsLatency) {
  rt::EventLoop loop;
  rt::sim::Service profile{"profile", 120ms};
  loop.run(profile.call());
  EXPECT_EQ(loop.elapsed(), 120ms);
  EXPECT_EQ(profile.calls(), 1u);
  EXPECT_EQ(profile.completed(), 1u);
}

TEST_F(ServicesTest, FailsTheChosenCalls) {
  rt::sim::Service api{"api", 1ms};
  api.fail_call(2);
  auto task = [&]() -> rt::Task<std::string> {
    co_await api.call();
    try {
      co_await api.call();
    } catch (const rt::sim::ServiceError &e) {
      co_return e.what();
    }
    co_return "";
  };
  EXPECT_EQ(rt::run(task()), "api: call 2 failed");
  EXPECT_EQ(api.failures(), 1u);
}

TEST_F(ServicesTest, FailAllAndSeededRandomFailures) {
  rt::sim::Service down{"down", 1ms};
  down.fail_all();
  EXPECT_THROW(rt::run(down.call()), rt::sim::ServiceError);

  auto count_failures = [](std::uint64_t seed) {
    rt::sim::Service flaky{"flaky", 1ms};
    flaky.fail_randomly(0.3, seed);
    auto task = [&]() -> rt::Task<void> {
      std::vector<rt::Task<void>> calls;
      for (int i = 0; i < 100; ++i)
        calls.push_back(flaky.call());
      co_await rt::when_all_settled(std::move(calls));
    };
    rt::run(task());
    return flaky.failures();
  };
  const auto failures = count_failures(42);
  EXPECT_EQ(failures, count_failures(42)); // deterministic
  EXPECT_GT(failures, 10u);
  EXPECT_LT(failures, 60u);
}

TEST_F(ServicesTest, HangingCallNeverCompletes) {
  rt::sim::Service stuck{"stuck", 1ms};
  stuck.hang_all();
  EXPECT_FALSE(rt::run_for(stuck.call(), 1h));
  EXPECT_EQ(stuck.in_flight(), 0u); // the abandoned call's frame was destroyed
}

TEST_F(ServicesTest, CountsPeakInFlight) {
  rt::sim::Service api{"api", 10ms};
  auto task = [&]() -> rt::Task<void> {
    std::vector<rt::Task<void>> calls;
    for (int i = 0; i < 25; ++i)
      calls.push_back(api.call());
    co_await rt::when_all_bounded(std::move(calls), 5);
  };
  rt::run(task());
  EXPECT_EQ(api.calls(), 25u);
  EXPECT_EQ(api.peak_in_flight(), 5u);
  EXPECT_EQ(api.in_flight(), 0u);
}

TEST_F(ServicesTest, CallHonoursAnExplicitToken) {
  rt::EventLoop loop;
  rt::sim::Service api{"api", 1h};
  std::stop_source stop;
  auto task = [&]() -> rt::Task<void> {
    loop.call_after(3ms, [&] { stop.request_stop(); });
    co_await api.call(stop.get_token());
  };
  EXPECT_THROW(loop.run(task()), rt::Cancelled);
  EXPECT_EQ(loop.elapsed(), 3ms);
}

} // namespace
