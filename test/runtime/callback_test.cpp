#include "test_util.hpp"

namespace {

using CallbackTest = RuntimeTest;

struct User {
  int id;
};

// Callback-style leaf APIs driven by loop timers.
void get_user(int id, std::function<void(std::error_code, User)> done) {
  rt::EventLoop::current()->call_after(10ms, [=] {
    if (id < 0)
      done(std::make_error_code(std::errc::invalid_argument), User{});
    else
      done({}, User{id});
  });
}

void save(std::string, std::function<void(std::error_code)> done) {
  rt::EventLoop::current()->call_after(5ms, [=] { done({}); });
}

TEST_F(CallbackTest, FromCallbackDeliversTheValue) {
  auto task = []() -> rt::Task<int> {
    User user = co_await rt::from_callback<User>(
        [](auto done) { get_user(7, std::move(done)); });
    co_return user.id;
  };
  EXPECT_EQ(rt::run(task()), 7);
}

TEST_F(CallbackTest, ErrorCodeBecomesSystemError) {
  auto task = []() -> rt::Task<void> {
    co_await rt::from_callback<User>(
        [](auto done) { get_user(-1, std::move(done)); });
  };
  try {
    rt::run(task());
    FAIL() << "expected system_error";
  } catch (const std::system_error &e) {
    EXPECT_EQ(e.code(), std::errc::invalid_argument);
  }
}

TEST_F(CallbackTest, PromisifyFlattensACallbackChain) {
  rt::EventLoop loop;
  auto get_user_async = rt::promisify(get_user);
  auto save_async = rt::promisify(&save);
  auto checkout = [&]() -> rt::Task<int> {
    User user = co_await get_user_async(3);
    co_await save_async(std::string("order"));
    co_return user.id;
  };
  EXPECT_EQ(loop.run(checkout()), 3);
  EXPECT_EQ(loop.elapsed(), 15ms);
}

TEST_F(CallbackTest, SynchronousAndRepeatedCallbacks) {
  auto task = []() -> rt::Task<int> {
    co_return co_await rt::from_callback<int>([](rt::Callback<int> done) {
      done({}, 1);
      done({}, 2); // ignored
    });
  };
  EXPECT_EQ(rt::run(task()), 1);
}

TEST_F(CallbackTest, LateCallbackAfterTheAwaiterIsGoneIsHarmless) {
  rt::Callback<void> kept;
  auto task = [&]() -> rt::Task<void> {
    co_await rt::from_callback(
        [&](rt::Callback<void> done) { kept = std::move(done); });
  };
  EXPECT_FALSE(rt::run_for(task(), 1s));
  kept({}); // the frame is gone; nothing happens
}

TEST_F(CallbackTest, ServiceCallbackStyle) {
  rt::EventLoop loop;
  rt::sim::Service users{"users", 30ms};
  users.fail_call(2);
  std::vector<std::error_code> seen;
  auto task = [&]() -> rt::Task<void> {
    users.call_async([&](std::error_code ec) { seen.push_back(ec); });
    users.call_async([&](std::error_code ec) { seen.push_back(ec); });
    co_await rt::sleep_for(40ms);
  };
  loop.run(task());
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_FALSE(seen[0]);
  EXPECT_EQ(seen[1], std::errc::io_error);
  EXPECT_EQ(users.peak_in_flight(), 2u);
  EXPECT_EQ(users.in_flight(), 0u);
}

} // namespace
