#include "test_util.hpp"

namespace {

using GeneratorTest = RuntimeTest;

rt::Generator<int> numbers(int n, int &produced) {
  Tracked t;
  for (int i = 0; i < n; ++i) {
    co_await rt::sleep_for(1ms);
    ++produced;
    co_yield i;
  }
}

TEST_F(GeneratorTest, IsLazyAndPullBased) {
  int produced = 0;
  auto task = [&]() -> rt::Task<void> {
    auto gen = numbers(100, produced);
    EXPECT_EQ(produced, 0);
    auto first = co_await gen.next();
    EXPECT_EQ(*first, 0);
    EXPECT_EQ(produced, 1); // nothing beyond what was asked for
    co_await gen.next();
    EXPECT_EQ(produced, 2);
  }; // dropping the generator early destroys its frame
  rt::run(task());
}

TEST_F(GeneratorTest, EndsWithNullopt) {
  int produced = 0;
  auto task = [&]() -> rt::Task<std::vector<int>> {
    std::vector<int> all;
    auto gen = numbers(3, produced);
    while (auto v = co_await gen.next())
      all.push_back(*v);
    EXPECT_FALSE(co_await gen.next()); // stays finished
    co_return all;
  };
  EXPECT_EQ(rt::run(task()), (std::vector<int>{0, 1, 2}));
}

TEST_F(GeneratorTest, ExceptionReachesTheConsumer) {
  auto broken = []() -> rt::Generator<int> {
    co_yield 1;
    throw std::runtime_error("bad line");
  };
  auto task = [&]() -> rt::Task<void> {
    auto gen = broken();
    EXPECT_EQ(*co_await gen.next(), 1);
    EXPECT_THROW(co_await gen.next(), std::runtime_error);
  };
  rt::run(task());
}

TEST_F(GeneratorTest, FilterAndMapCompose) {
  int produced = 0;
  auto task = [&]() -> rt::Task<std::vector<std::string>> {
    auto evens =
        rt::filter(numbers(10, produced), [](int x) { return x % 2 == 0; });
    auto big = rt::filter(std::move(evens),
                          [](int x) -> rt::Task<bool> { co_return x > 2; });
    auto text =
        rt::map(std::move(big), [](int x) { return std::to_string(x); });
    auto tagged =
        rt::map(std::move(text), [](std::string s) -> rt::Task<std::string> {
          co_await rt::sleep_for(1ms);
          co_return "#" + s;
        });
    std::vector<std::string> out;
    while (auto s = co_await tagged.next())
      out.push_back(*s);
    co_return out;
  };
  EXPECT_EQ(rt::run(task()), (std::vector<std::string>{"#4", "#6", "#8"}));
}

TEST_F(GeneratorTest, MapBoundedLimitsConcurrencyAndPropagatesDemand) {
  rt::EventLoop loop;
  int produced = 0, now = 0, peak = 0;
  auto enrich = [&](int x) -> rt::Task<int> {
    Tracked t;
    peak = std::max(peak, ++now);
    co_await rt::sleep_for(50ms);
    --now;
    co_return x * 10;
  };
  auto task = [&]() -> rt::Task<std::vector<int>> {
    auto enriched = rt::map_bounded(numbers(20, produced), enrich, 4);
    std::vector<int> out;
    while (auto v = co_await enriched.next()) {
      EXPECT_LE(produced,
                static_cast<int>(out.size()) + 1 + 4); // pulled only on demand
      out.push_back(*v);
    }
    co_return out;
  };
  auto out = loop.run(task());
  std::sort(out.begin(), out.end());
  std::vector<int> expected(20);
  for (int i = 0; i < 20; ++i)
    expected[i] = i * 10;
  EXPECT_EQ(out, expected);
  EXPECT_EQ(peak, 4);
  EXPECT_LT(loop.elapsed(), 20 * 50ms / 2); // concurrent, not serial
}

TEST_F(GeneratorTest, MapBoundedFailureReachesTheConsumerAndFreesInFlightWork) {
  int produced = 0;
  auto enrich = [](int x) -> rt::Task<int> {
    Tracked t;
    co_await rt::sleep_for(std::chrono::milliseconds(x == 1 ? 1 : 100));
    if (x == 1)
      throw std::runtime_error("geo-ip down");
    co_return x;
  };
  auto task = [&]() -> rt::Task<void> {
    auto enriched = rt::map_bounded(numbers(10, produced), enrich, 3);
    while (co_await enriched.next()) {
    }
  };
  EXPECT_THROW(rt::run(task()), std::runtime_error);
}

TEST_F(GeneratorTest, MapOrderedKeepsTheItemsOrderWithinTheLimit) {
  rt::EventLoop loop;
  int produced = 0, now = 0, peak = 0;
  // Later items finish first: completion order is the reverse of item order
  // within each batch.
  auto enrich = [&](int x) -> rt::Task<int> {
    Tracked t;
    peak = std::max(peak, ++now);
    co_await rt::sleep_for(std::chrono::milliseconds(50 - x % 4 * 10));
    --now;
    co_return x * 10;
  };
  auto task = [&]() -> rt::Task<std::vector<int>> {
    auto enriched = rt::map_ordered(numbers(20, produced), enrich, 4);
    std::vector<int> out;
    while (auto v = co_await enriched.next()) {
      EXPECT_LE(produced, static_cast<int>(out.size()) + 1 + 4);
      out.push_back(*v);
    }
    co_return out;
  };
  auto out = loop.run(task());
  std::vector<int> expected(20);
  for (int i = 0; i < 20; ++i)
    expected[i] = i * 10;
  EXPECT_EQ(out, expected);
  EXPECT_EQ(peak, 4);
  EXPECT_LT(loop.elapsed(), 20 * 50ms / 2);
}

TEST_F(GeneratorTest, BoundedMapsYieldWhatWasTakenBeforeAnUpstreamFailure) {
  auto failing = []() -> rt::Generator<int> {
    Tracked t;
    for (int i = 0; i < 3; ++i)
      co_yield i;
    throw std::runtime_error("bad line");
  };
  auto slow = [](int x) -> rt::Task<int> {
    Tracked t;
    co_await rt::sleep_for(std::chrono::milliseconds(30 - x * 10));
    co_return x;
  };
  for (bool ordered : {false, true}) {
    auto task = [&]() -> rt::Task<std::vector<int>> {
      auto mapped = ordered ? rt::map_ordered(failing(), slow, 8)
                            : rt::map_bounded(failing(), slow, 8);
      std::vector<int> out;
      try {
        while (auto v = co_await mapped.next())
          out.push_back(*v);
      } catch (const std::runtime_error &) {
        out.push_back(-1);
      }
      co_return out;
    };
    EXPECT_EQ(rt::run(task()), ordered ? (std::vector<int>{0, 1, 2, -1})
                                       : (std::vector<int>{2, 1, 0, -1}));
  }
}

} // namespace

namespace {

TEST_F(GeneratorTest, TimeoutTearsDownAPipelineWithWorkInFlight) {
  // Cancelling wakes every in-flight enrichment; the consumer unwinds first
  // and destroys the pipeline while the others are still queued to resume.
  int produced = 0;
  auto slow = [](int x) -> rt::Task<int> {
    Tracked t;
    co_await rt::sleep_for(1h);
    co_return x;
  };
  auto consume = [&]() -> rt::Task<void> {
    auto enriched = rt::map_bounded(numbers(10, produced), slow, 3);
    while (co_await enriched.next()) {
    }
  };
  rt::EventLoop loop;
  EXPECT_THROW(loop.run(rt::with_timeout(consume(), 1s)), rt::TimeoutError);
  EXPECT_EQ(loop.pending_timers(), 0u);
}

} // namespace
