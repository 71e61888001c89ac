// Helpers shared by the runtime tests.
#pragma once

#include <rt/rt.hpp>

#include <gtest/gtest.h>

using namespace std::chrono_literals;

/// Counts live instances; put one in a coroutine frame to prove the frame
/// was destroyed.
struct Tracked {
  static inline int live = 0;
  Tracked() { ++live; }
  Tracked(const Tracked &) { ++live; }
  ~Tracked() { --live; }
};

/// Fails the test if Tracked objects outlive it.
class RuntimeTest : public ::testing::Test {
protected:
  void SetUp() override { Tracked::live = 0; }
  void TearDown() override {
    EXPECT_EQ(Tracked::live, 0) << "leaked coroutine frames";
  }
};

inline rt::EventLoop &loop() { return *rt::EventLoop::current(); }

/// Sleeps for an hour unless cancelled first; records the cancellation and
/// rethrows it.
inline rt::Task<int> sleep_until_cancelled(bool &cancelled) {
  Tracked t;
  try {
    co_await rt::sleep_for(1h);
  } catch (const rt::Cancelled &) {
    cancelled = true;
    throw;
  }
  co_return 1;
}

inline rt::Task<int> value_after(rt::EventLoop::duration delay, int value) {
  Tracked t;
  co_await rt::sleep_for(delay);
  co_return value;
}

inline rt::Task<int> fail_after(rt::EventLoop::duration delay,
                                const char *message) {
  Tracked t;
  co_await rt::sleep_for(delay);
  throw std::runtime_error(message);
}
