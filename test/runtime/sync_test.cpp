#include "test_util.hpp"

namespace {

using SyncTest = RuntimeTest;

TEST_F(SyncTest, SemaphoreBoundsConcurrency) {
  rt::EventLoop loop;
  rt::Semaphore sem{3};
  int now = 0, peak = 0;
  auto worker = [&]() -> rt::Task<void> {
    auto permit = co_await sem.scoped();
    peak = std::max(peak, ++now);
    co_await rt::sleep_for(10ms);
    --now;
  };
  auto task = [&]() -> rt::Task<void> {
    std::vector<rt::Task<void>> all;
    for (int i = 0; i < 10; ++i)
      all.push_back(worker());
    co_await rt::when_all(std::move(all));
  };
  loop.run(task());
  EXPECT_EQ(peak, 3);
  EXPECT_EQ(sem.available(), 3u);
  EXPECT_EQ(loop.elapsed(), 40ms);
}

TEST_F(SyncTest, SemaphoreIsFifoAndHandsOverPermits) {
  rt::Semaphore sem{1};
  std::vector<int> order;
  auto worker = [&](int id) -> rt::Task<void> {
    co_await sem.acquire();
    order.push_back(id);
    co_await rt::sleep_for(1ms);
    sem.release();
  };
  rt::run([&]() -> rt::Task<void> {
    co_await rt::when_all(worker(1), worker(2), worker(3));
  }());
  EXPECT_EQ(order, (std::vector<int>{1, 2, 3}));
  EXPECT_EQ(sem.available(), 1u);
}

TEST_F(SyncTest, SemaphoreAcquireIsCancellable) {
  rt::Semaphore sem{0};
  auto waiting = [&]() -> rt::Task<void> {
    Tracked t;
    co_await sem.acquire();
  };
  rt::EventLoop loop;
  EXPECT_THROW(loop.run(rt::with_timeout(waiting(), 1s)), rt::TimeoutError);
  EXPECT_EQ(sem.waiting(), 0u);
  sem.release();
  EXPECT_EQ(sem.available(),
            1u); // the permit was not lost to the cancelled waiter
}

TEST_F(SyncTest, ChannelSendSuspendsWhenFull) {
  rt::EventLoop loop;
  rt::Channel<int> ch{2};
  int sent = 0;
  auto producer = [&]() -> rt::Task<void> {
    for (int i = 0; i < 10; ++i) {
      co_await ch.send(i);
      ++sent;
    }
    ch.close();
  };
  auto consumer = [&]() -> rt::Task<std::vector<int>> {
    std::vector<int> got;
    co_await rt::sleep_for(1ms);
    EXPECT_EQ(sent, 2); // the producer is blocked on the full buffer
    EXPECT_EQ(ch.size(), 2u);
    while (auto v = co_await ch.receive()) {
      got.push_back(*v);
      co_await rt::sleep_for(1ms); // slow consumer
    }
    co_return got;
  };
  auto task = [&]() -> rt::Task<std::vector<int>> {
    auto [ignored, got] = co_await rt::when_all(producer(), consumer());
    co_return got;
  };
  EXPECT_EQ(loop.run(task()), (std::vector<int>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}));
  EXPECT_EQ(ch.peak_size(), 2u);
}

TEST_F(SyncTest, ReceiveWaitsThenSeesCloseAfterDrain) {
  rt::Channel<std::string> ch{4};
  auto task = [&]() -> rt::Task<std::vector<std::string>> {
    auto producer = [](rt::Channel<std::string> &ch) -> rt::Task<void> {
      co_await rt::sleep_for(5ms);
      co_await ch.send("a");
      co_await ch.send("b");
      ch.close();
    };
    auto consumer =
        [](rt::Channel<std::string> &ch) -> rt::Task<std::vector<std::string>> {
      std::vector<std::string> got;
      while (auto v = co_await ch.receive())
        got.push_back(*v);
      co_return got;
    };
    auto [ignored, got] = co_await rt::when_all(producer(ch), consumer(ch));
    co_return got;
  };
  EXPECT_EQ(rt::run(task()), (std::vector<std::string>{"a", "b"}));
}

TEST_F(SyncTest, SendOnClosedChannelThrows) {
  rt::Channel<int> ch{1};
  ch.close();
  auto task = [&]() -> rt::Task<void> { co_await ch.send(1); };
  EXPECT_THROW(rt::run(task()), rt::ChannelClosed);
  EXPECT_THROW(rt::Channel<int>{0}, std::invalid_argument);
}

TEST_F(SyncTest, CloseRejectsBlockedSenders) {
  rt::Channel<int> ch{1};
  auto blocked = [](rt::Channel<int> &ch) -> rt::Task<void> {
    co_await ch.send(1);
    co_await ch.send(2); // full: blocks until close
  };
  auto closer = [](rt::Channel<int> &ch) -> rt::Task<void> {
    co_await rt::sleep_for(1ms);
    ch.close();
  };
  auto both = [&]() -> rt::Task<void> {
    co_await rt::when_all(blocked(ch), closer(ch));
  };
  EXPECT_THROW(rt::run(both()), rt::ChannelClosed);
}

TEST_F(SyncTest, FailingWorkerCancelsProducerBlockedOnSend) {
  // Task 9's shape: the first error stops the pipeline instead of leaving
  // the producer blocked on a full channel forever.
  rt::EventLoop loop;
  rt::Channel<int> jobs{2};
  auto producer = [&]() -> rt::Task<void> {
    Tracked t;
    for (int i = 0; i < 1000; ++i)
      co_await jobs.send(i);
    jobs.close();
  };
  auto worker = [&]() -> rt::Task<void> {
    Tracked t;
    while (auto job = co_await jobs.receive()) {
      co_await rt::sleep_for(1ms);
      if (*job == 5)
        throw std::runtime_error("upload failed");
    }
  };
  auto pipeline = [&]() -> rt::Task<void> {
    co_await rt::when_all(producer(), worker(), worker());
  };
  EXPECT_THROW(loop.run(pipeline()), std::runtime_error);
  EXPECT_LE(jobs.peak_size(), 2u);
}

} // namespace
