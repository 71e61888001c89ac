// Fail-fast joins of other frameworks: folly::coro, cppcoro, Boost.Cobalt,
// Asio's `&&`, and joins recognised by their shape alone.
// RUN: %check_asynclint %s async-fail-fast-aggregate %t -- %mockflags

#include "async-mocks.h"
#include "join-frameworks.h"
#include <stdexcept>
#include <string>
#include <vector>

struct Level {
  std::string id;
  int on_hand = 0;
  bool ok = false;
};
struct Health {
  bool ok = false;
  int load = 0;
  std::string error;
};
void log_warn(const std::string &what);

folly::coro::Task<int> stock_of(std::string sku);
folly::coro::Task<void> touch(std::string sku);
cppcoro::task<int> load_of(std::string host);
cppcoro::task<int> disk_free(std::string host);
boost::cobalt::task<long> score_of(std::string id);

// ---------------------------------------------------------------- positives

folly::coro::Task<std::vector<Level>> folly_pair(std::string a, std::string b) {
  std::vector<Level> out;
  try {
    auto [x, y] = co_await folly::coro::collectAll(stock_of(a), stock_of(b));
    // CHECK-MESSAGES: :[[@LINE-1]]:28: warning: 'collectAll' fails as a whole when one operation fails, and the handler turns that failure into a result: the outcomes of every operation that succeeded are lost; use the all-settled form ('folly::coro::collectAllTry') and report each item [async-fail-fast-aggregate]
    out.push_back({a, x, true});
    out.push_back({b, y, true});
  } catch (...) {
    // CHECK-MESSAGES: :[[@LINE-1]]:5: note: the failure is handled here as a whole
    out.push_back({a, 0, false});
    out.push_back({b, 0, false});
  }
  co_return out;
}

folly::coro::Task<std::vector<Level>> folly_range(std::vector<std::string> skus) {
  std::vector<Level> out;
  std::vector<folly::coro::Task<int>> reads;
  for (const std::string &s : skus)
    reads.push_back(stock_of(s));
  try {
    std::vector<int> levels = co_await folly::coro::collectAllRange(std::move(reads));
    // CHECK-MESSAGES: :[[@LINE-1]]:40: warning: 'collectAllRange' fails as a whole {{.*}}('folly::coro::collectAllTryRange')
    for (std::size_t i = 0; i < skus.size(); ++i)
      out.push_back({skus[i], levels[i], true});
  } catch (const std::exception &e) {
    // CHECK-MESSAGES: :[[@LINE-1]]:5: note: the failure is handled here as a whole
    for (const std::string &s : skus)
      out.push_back({s, 0, false});
  }
  co_return out;
}

// Results assigned to an outer variable, then filled with defaults.
cppcoro::task<std::vector<int>> cppcoro_assigned(std::vector<std::string> hosts) {
  std::vector<cppcoro::task<int>> probes;
  for (const std::string &h : hosts)
    probes.push_back(load_of(h));
  std::vector<int> loads;
  try {
    loads = co_await cppcoro::when_all(std::move(probes));
    // CHECK-MESSAGES: :[[@LINE-1]]:22: warning: 'when_all' fails as a whole {{.*}}('cppcoro::when_all_ready')
  } catch (const std::exception &) {
    // CHECK-MESSAGES: :[[@LINE-1]]:5: note: the failure is handled here as a whole
    loads.assign(hosts.size(), -1);
  }
  co_return loads;
}

cppcoro::task<Health> cppcoro_detail(std::string host) {
  Health h;
  try {
    auto [load, disk] = co_await cppcoro::when_all(load_of(host), disk_free(host));
    // CHECK-MESSAGES: :[[@LINE-1]]:34: warning: 'when_all' fails as a whole
    h.ok = disk > 0;
    h.load = load;
  } catch (const std::exception &e) {
    // CHECK-MESSAGES: :[[@LINE-1]]:5: note: the failure is handled here as a whole
    h.ok = false;
    h.error = e.what();
  }
  co_return h;
}

boost::cobalt::task<std::vector<long>> cobalt_join(std::vector<std::string> ids) {
  std::vector<boost::cobalt::task<long>> lookups;
  for (const std::string &id : ids)
    lookups.push_back(score_of(id));
  std::vector<long> out;
  try {
    out = co_await boost::cobalt::join(std::move(lookups));
    // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: 'join' fails as a whole {{.*}}use a join that settles every operation and report each item
  } catch (...) {
    // CHECK-MESSAGES: :[[@LINE-1]]:5: note: the failure is handled here as a whole
    out.assign(ids.size(), 0);
  }
  co_return out;
}

// A join no list names: a range of tasks in, their plain values out.
namespace inhouse {
template <class T> joinmock::Awaiter<std::vector<T>>
gather(std::vector<folly::coro::Task<T>> tasks);
template <class T> joinmock::Awaiter<std::vector<folly::Try<T>>>
gather_settled(std::vector<folly::coro::Task<T>> tasks);
template <class A, class B>
joinmock::Awaiter<std::tuple<joinmock::await_result_t<A>,
                             joinmock::await_result_t<B>>>
both(A a, B b);
} // namespace inhouse

// stdexec's when_all is a customization-point object, not a function.
namespace stdexec {
struct when_all_t {
  template <class A, class B>
  joinmock::Awaiter<std::tuple<joinmock::await_result_t<A>,
                               joinmock::await_result_t<B>>>
  operator()(A a, B b) const;
};
inline constexpr when_all_t when_all{};
} // namespace stdexec

folly::coro::Task<int> through_object(std::string a, std::string b) {
  int total = -1;
  try {
    auto [x, y] = co_await stdexec::when_all(stock_of(a), stock_of(b));
    // CHECK-MESSAGES: :[[@LINE-1]]:28: warning: 'when_all' fails as a whole
    total = x + y;
  } catch (...) {
    // CHECK-MESSAGES: :[[@LINE-1]]:5: note: the failure is handled here as a whole
    log_warn("stock");
  }
  co_return total;
}

folly::coro::Task<int> unlisted_range(std::vector<std::string> skus) {
  std::vector<folly::coro::Task<int>> reads;
  for (const std::string &s : skus)
    reads.push_back(stock_of(s));
  std::vector<int> levels;
  try {
    levels = co_await inhouse::gather(std::move(reads));
    // CHECK-MESSAGES: :[[@LINE-1]]:23: warning: 'gather' fails as a whole {{.*}}use a join that settles every operation
  } catch (...) {
    // CHECK-MESSAGES: :[[@LINE-1]]:5: note: the failure is handled here as a whole
    levels.assign(skus.size(), 0);
  }
  co_return static_cast<int>(levels.size());
}

folly::coro::Task<int> unlisted_pair(std::string a, std::string b) {
  int total = -1;
  try {
    auto [x, y] = co_await inhouse::both(stock_of(a), stock_of(b));
    // CHECK-MESSAGES: :[[@LINE-1]]:28: warning: 'both' fails as a whole
    total = x;
    total += y;
  } catch (const std::exception &e) {
    // CHECK-MESSAGES: :[[@LINE-1]]:5: note: the failure is handled here as a whole
    log_warn(e.what());
  }
  co_return total;
}

asio::awaitable<int> ping_auth();
asio::awaitable<int> ping_billing();
using namespace asio::experimental::awaitable_operators;

asio::awaitable<std::vector<Level>> asio_and() {
  std::vector<Level> rows;
  try {
    auto [auth, billing] = co_await (ping_auth() && ping_billing());
    // CHECK-MESSAGES: :[[@LINE-1]]:38: warning: 'operator&&' fails as a whole {{.*}}use a join that settles every operation
    rows.push_back({"auth", auth, true});
    rows.push_back({"billing", billing, true});
  } catch (const std::exception &) {
    // CHECK-MESSAGES: :[[@LINE-1]]:5: note: the failure is handled here as a whole
    rows.push_back({"auth", 0, false});
    rows.push_back({"billing", 0, false});
  }
  co_return rows;
}

// ---------------------------------------------------------------- negatives

// A bounded join fails as a whole too (a profile's bounded join, unless
// it also settles).
folly::coro::Task<std::vector<Level>> folly_windowed(std::vector<std::string> skus) {
  std::vector<Level> out;
  std::vector<folly::coro::Task<int>> reads;
  for (const std::string &s : skus)
    reads.push_back(stock_of(s));
  try {
    std::vector<int> levels = co_await folly::coro::collectAllWindowed(std::move(reads), 8);
    // CHECK-MESSAGES: :[[@LINE-1]]:40: warning: 'collectAllWindowed' fails as a whole {{.*}}('folly::coro::collectAllTryWindowed')
    for (std::size_t i = 0; i < skus.size(); ++i)
      out.push_back({skus[i], levels[i], true});
  } catch (const std::exception &e) {
    // CHECK-MESSAGES: :[[@LINE-1]]:5: note: the failure is handled here as a whole
    for (const std::string &s : skus)
      out.push_back({s, 0, false});
  }
  co_return out;
}
// Settled joins: every outcome is kept.
folly::coro::Task<int> folly_settled(std::vector<std::string> skus) {
  std::vector<folly::coro::Task<int>> reads;
  for (const std::string &s : skus)
    reads.push_back(stock_of(s));
  int ok = 0;
  try {
    auto results = co_await folly::coro::collectAllTryRange(std::move(reads));
    for (auto &r : results)
      ok += r.hasValue();
    auto [x, y] = co_await folly::coro::collectAllTry(stock_of("a"), stock_of("b"));
    ok += x.hasValue() + y.hasValue();
    std::vector<folly::coro::Task<int>> more;
    for (const std::string &s : skus)
      more.push_back(stock_of(s));
    for (auto &r : co_await folly::coro::collectAllTryWindowed(std::move(more), 4))
      ok += r.hasValue();
  } catch (...) {
    ok = -1;
  }
  co_return ok;
}

cppcoro::task<int> cppcoro_settled(std::vector<std::string> hosts) {
  std::vector<cppcoro::task<int>> probes;
  for (const std::string &h : hosts)
    probes.push_back(load_of(h));
  int sum = 0;
  try {
    auto tasks = co_await cppcoro::when_all_ready(std::move(probes));
    for (auto &t : tasks)
      sum += t.result();
  } catch (...) {
    sum = -1;
  }
  co_return sum;
}

boost::cobalt::task<int> cobalt_gather_settles(std::vector<std::string> ids) {
  std::vector<boost::cobalt::task<long>> lookups;
  for (const std::string &id : ids)
    lookups.push_back(score_of(id));
  int ok = 0;
  try {
    auto results = co_await boost::cobalt::gather(std::move(lookups));
    for (auto &r : results)
      ok += r.has_value();
  } catch (...) {
    ok = -1;
  }
  co_return ok;
}

folly::coro::Task<int> unlisted_settled(std::vector<std::string> skus) {
  std::vector<folly::coro::Task<int>> reads;
  for (const std::string &s : skus)
    reads.push_back(stock_of(s));
  int ok = 0;
  try {
    auto results = co_await inhouse::gather_settled(std::move(reads));
    ok = static_cast<int>(results.size());
  } catch (...) {
    ok = -1;
  }
  co_return ok;
}

// Handlers that rethrow or throw a new exception.
folly::coro::Task<std::vector<Level>> folly_rethrows(std::string a, std::string b) {
  std::vector<Level> out;
  try {
    auto [x, y] = co_await folly::coro::collectAll(stock_of(a), stock_of(b));
    out.push_back({a, x, true});
    out.push_back({b, y, true});
  } catch (const std::exception &e) {
    log_warn(e.what());
    out.clear();
    throw;
  }
  co_return out;
}

cppcoro::task<Health> cppcoro_wraps(std::string host) {
  Health h;
  try {
    auto [load, disk] = co_await cppcoro::when_all(load_of(host), disk_free(host));
    h.load = load + disk;
  } catch (const std::exception &e) {
    throw std::runtime_error(std::string("fleet: ") + e.what());
  }
  co_return h;
}

// One operation in the try: nothing else is lost.
cppcoro::task<Health> single_operation(std::string host) {
  Health h;
  try {
    h.load = co_await load_of(host);
    h.ok = true;
  } catch (const std::exception &e) {
    h.error = e.what();
  }
  co_return h;
}

// Each item caught on its own; the join outside any try.
cppcoro::task<Health> guarded(std::string host) {
  Health h;
  try {
    h.load = co_await load_of(host);
  } catch (...) {
    h.ok = false;
  }
  co_return h;
}
cppcoro::task<int> per_item_then_join(std::string a, std::string b) {
  auto [x, y] = co_await cppcoro::when_all(guarded(a), guarded(b));
  co_return x.load + y.load;
}

// The handler only logs: no result is made from the failure.
folly::coro::Task<void> handler_only_logs(std::string a, std::string b) {
  try {
    co_await folly::coro::collectAll(touch(a), touch(b));
  } catch (const std::exception &e) {
    log_warn(e.what());
  }
}

// Asio's `||` is a race, not a join of every operation.
asio::awaitable<int> asio_race() {
  int winner = -1;
  try {
    auto result = co_await (ping_auth() || ping_billing());
    winner = static_cast<int>(result.index());
  } catch (...) {
    winner = -2;
  }
  co_return winner;
}

// Not a join: one awaitable in, or a plain value out.
folly::coro::Task<int> pick(folly::coro::Task<int> a, folly::coro::Task<int> b);
folly::coro::Task<int> not_a_join(std::string a, std::string b) {
  int best = 0;
  try {
    best = co_await pick(stock_of(a), stock_of(b));
  } catch (...) {
    best = -1;
  }
  co_return best;
}

// The join's own try handles it; the outer handler sees other failures.
folly::coro::Task<int> nested_try(std::string a, std::string b) {
  int total = 0;
  try {
    try {
      auto [x, y] = co_await folly::coro::collectAll(stock_of(a), stock_of(b));
      total = x + y;
    } catch (...) {
      // CHECK-MESSAGES: :[[@LINE-3]]:30: warning: 'collectAll' fails as a whole
      // CHECK-MESSAGES: :[[@LINE-2]]:7: note: the failure is handled here as a whole
      total = -1;
    }
  } catch (...) {
    total = -2;
  }
  co_return total;
}
