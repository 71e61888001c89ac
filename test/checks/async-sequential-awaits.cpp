// RUN: %check_asynclint --unsafe-fixes %s async-sequential-awaits %t -- %mockflags

#include "async-mocks.h"
#include <array>
#include <map>
#include <mutex>
#include <string>
#include <vector>

struct Profile { std::string name; };
struct Cart { int items; };
struct Buffer { char data[64]; };

rt::Task<Profile> fetch_profile(int user);
rt::Task<std::vector<int>> fetch_notifications(int user);
rt::Task<bool> fetch_flags();
rt::Task<Cart> fetch_cart(int user);
rt::Task<int> price(const Cart &cart);
rt::Task<int> fill(Buffer &buffer);
rt::Task<int> fill_ptr(Buffer *buffer);
rt::Task<int> measure(const Buffer &buffer);
rt::Task<bool> check_permission(int user);
rt::Task<> audit(int user);
void log_line(const char *text);
asio::awaitable<int> asio_a(int);
asio::awaitable<std::string> asio_b();

struct Connection {
  rt::Task<int> query(int id);
  rt::Task<int> peek(int id) const;
};

// ---------------------------------------------------------------- positives

rt::Task<> dashboard(int user) {
  auto profile = co_await fetch_profile(user);
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: 3 independent operations are awaited one after another: their latencies add up; await them together so they run concurrently [async-sequential-awaits]
  // CHECK-MESSAGES: :[[@LINE-2]]:27: note: operation 1 of 3 does not depend on the others
  auto notifications = co_await fetch_notifications(user);
  // CHECK-MESSAGES: :[[@LINE-1]]:33: note: operation 2 of 3
  auto flags = co_await fetch_flags();
  // CHECK-MESSAGES: :[[@LINE-1]]:25: note: operation 3 of 3
  // CHECK-FIXES: auto [profile, notifications, flags] = co_await rt::when_all(fetch_profile(user), fetch_notifications(user), fetch_flags());
  log_line(profile.name.c_str());
  (void)notifications;
  (void)flags;
}

// The run's own comments are kept, before the joined statement; one inside
// an operation stays in its copied text.
rt::Task<> commented_run(const int user) {
  const Profile profile = co_await fetch_profile(user); // who is asking
  // CHECK-MESSAGES: :[[@LINE-1]]:27: warning: 2 independent operations
  /* the cart is independent */
  const Cart cart = co_await fetch_cart(user /* same id */ + 1);
  // CHECK-FIXES: {{^}}  // who is asking
  // CHECK-FIXES-NEXT: {{^}}  /* the cart is independent */
  // CHECK-FIXES-NEXT: {{^}}  const auto [profile, cart] = co_await rt::when_all(fetch_profile(user), fetch_cart(user /* same id */ + 1));
  log_line(profile.name.c_str());
  (void)cart;
}

rt::Task<> const_and_typed(const int user) {
  const Profile profile = co_await fetch_profile(user);
  // CHECK-MESSAGES: :[[@LINE-1]]:27: warning: 2 independent operations
  const Cart cart = co_await fetch_cart(user + 1);
  // CHECK-FIXES: const auto [profile, cart] = co_await rt::when_all(fetch_profile(user), fetch_cart(user + 1));
  log_line(profile.name.c_str());
  (void)cart;
}

rt::Task<> dependency_splits_the_run(int user) {
  auto cart = co_await fetch_cart(user);
  auto total = co_await price(cart);
  // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: 2 independent operations
  auto flags = co_await fetch_flags();
  // CHECK-FIXES: auto [total, flags] = co_await rt::when_all(price(cart), fetch_flags());
  (void)total;
  (void)flags;
}

rt::Task<> const_receivers_and_reads(const Connection &conn, Buffer &buffer) {
  auto a = co_await conn.peek(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 3 independent operations
  auto b = co_await conn.peek(2);
  auto c = co_await measure(buffer);
  // CHECK-FIXES: auto [a, b, c] = co_await rt::when_all(conn.peek(1), conn.peek(2), measure(buffer));
  (void)(a + b + c);
}

rt::Task<> lazy_tasks_created_first(int user) {
  auto first = fetch_profile(user);
  auto second = fetch_cart(user);
  auto profile = co_await std::move(first);
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: 2 independent operations
  auto cart = co_await std::move(second);
  // CHECK-FIXES: auto [profile, cart] = co_await rt::when_all(std::move(first), std::move(second));
  (void)profile;
  (void)cart;
}

asio::awaitable<void> asio_handler() {
  auto a = co_await asio_a(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 2 independent operations
  auto b = co_await asio_b();
  // CHECK-FIXES: using namespace asio::experimental::awaitable_operators;
  // CHECK-FIXES-NEXT: auto [a, b] = co_await (asio_a(1) && asio_b());
  (void)a;
  (void)b;
}

rt::Task<> nested_block(bool refresh, int user) {
  if (refresh) {
    auto profile = co_await fetch_profile(user);
    // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: 2 independent operations
    auto cart = co_await fetch_cart(user);
    // CHECK-FIXES: auto [profile, cart] = co_await rt::when_all(fetch_profile(user), fetch_cart(user));
    (void)profile;
    (void)cart;
  }
}

auto lambda = [](int user) -> rt::Task<> {
  auto profile = co_await fetch_profile(user);
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: 2 independent operations
  auto flags = co_await fetch_flags();
  // CHECK-FIXES: auto [profile, flags] = co_await rt::when_all(fetch_profile(user), fetch_flags());
  (void)profile;
  (void)flags;
};

#define FETCH_PROFILE(u) fetch_profile(u)
rt::Task<> no_fix_cases(int user) {
  auto p1 = co_await FETCH_PROFILE(user);
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: 2 independent operations
  auto f1 = co_await fetch_flags();
  // CHECK-FIXES: auto p1 = co_await FETCH_PROFILE(user);
  (void)p1;
  (void)f1;
  const auto p3 = co_await fetch_profile(user);
  // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: 2 independent operations
  auto c3 = co_await fetch_cart(user);
  // CHECK-FIXES: auto c3 = co_await fetch_cart(user);
  (void)p3;
  (void)c3;
  double converted = co_await price(Cart{1});
  // CHECK-MESSAGES: :[[@LINE-1]]:22: warning: 2 independent operations
  auto c4 = co_await fetch_cart(user);
  // CHECK-FIXES: auto c4 = co_await fetch_cart(user);
  (void)converted;
  (void)c4;
}

mock::Task<> framework_without_combinator() {
  auto a = co_await mock::compute(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 2 independent operations
  auto b = co_await mock::compute(2);
  // CHECK-FIXES: auto b = co_await mock::compute(2);
  (void)(a + b);
}

rt::Task<> collect_per_element(const std::vector<int> &users) {
  std::vector<Profile> profiles;
  for (const int &user : users) {
    profiles.push_back(co_await fetch_profile(user));
    // CHECK-MESSAGES: :[[@LINE-1]]:24: warning: each iteration waits for 'fetch_profile' before the next one starts: the calls run one at a time; run them concurrently with at most 10 in flight [async-sequential-awaits]
  }
  // CHECK-FIXES: for (auto &&value : co_await rt::when_all_bounded(users, 10, [&](const int &user) { return fetch_profile(user); }))
  // CHECK-FIXES-NEXT: profiles.push_back(std::move(value));
  (void)profiles;
}

// The same loop written with an index: reported, without a fix (the bounded
// map the fix writes walks a range).
rt::Task<> collect_by_index(std::vector<int> users) {
  std::vector<Profile> profiles;
  for (std::size_t i = 0; i < users.size(); ++i)
    profiles.push_back(co_await fetch_profile(users[i]));
  // CHECK-MESSAGES: :[[@LINE-1]]:24: warning: each iteration waits for 'fetch_profile' before the next one starts
  // CHECK-FIXES: profiles.push_back(co_await fetch_profile(users[i]));
  (void)profiles;
}

// A slot per element, keyed by it: reported, without a fix (the fix
// appends).
rt::Task<> collect_into_slots(const std::vector<int> &users) {
  std::map<int, Profile> by_user;
  for (int user : users)
    by_user[user] = co_await fetch_profile(user);
  // CHECK-MESSAGES: :[[@LINE-1]]:21: warning: each iteration waits for 'fetch_profile' before the next one starts
  // CHECK-FIXES: by_user[user] = co_await fetch_profile(user);
  (void)by_user;
}

// The key is itself awaited, or the operation reads the results: in turn.
rt::Task<> slots_that_depend(const std::vector<int> &users) {
  std::map<int, Profile> by_user;
  for (int user : users)
    by_user[co_await mock::compute(user)] = co_await fetch_profile(user);
  std::vector<int> sizes(users.size());
  for (std::size_t i = 0; i < users.size(); ++i)
    sizes[i] = co_await mock::compute(sizes.empty() ? 0 : sizes.back());
  (void)by_user;
}

rt::Task<> awaited_assignments(int user) {
  Profile profile;
  Cart cart;
  profile = co_await fetch_profile(user);
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: 2 independent operations
  cart = co_await fetch_cart(user);
  // CHECK-FIXES: std::tie(profile, cart) = co_await rt::when_all(fetch_profile(user), fetch_cart(user));
  (void)profile;
  (void)cart;
}

// ---------------------------------------------------------------- negatives

rt::Task<> loops_that_must_stay_in_order(const std::vector<int> &users,
                                         Connection &conn, Buffer &buffer) {
  std::vector<int> totals;
  for (int user : users)
    totals.push_back(co_await conn.query(user));
  for (int user : users) {
    auto cart = co_await fetch_cart(user);
    if (cart.items == 0)
      break;
    totals.push_back(cart.items);
  }
  for (int user : users)
    totals.push_back(co_await fill(buffer) + user);
  std::vector<Cart> carts;
  for (int user : users)
    carts.push_back(co_await fetch_cart(static_cast<int>(carts.size()) + user));
  try {
    for (int user : users)
      totals.push_back(co_await price(Cart{user}));
  } catch (...) {
  }
}

// Index loops that must stay in order or walk a chosen count: a constant
// bound; an operation that reads the results so far; one that moves the
// index or writes the element; a step other than one element.
rt::Task<> index_loops_left_alone(const std::vector<int> &users,
                                  std::vector<int> &pending) {
  std::vector<Profile> profiles;
  for (int i = 0; i < 3; ++i)
    profiles.push_back(co_await fetch_profile(users[i]));
  for (std::size_t i = 0; i < users.size(); ++i)
    profiles.push_back(co_await fetch_profile(static_cast<int>(profiles.size())));
  for (std::size_t i = 0; i < users.size(); ++i)
    profiles.push_back(co_await fetch_profile(users[i++]));
  for (std::size_t i = 0; i < pending.size(); ++i)
    profiles.push_back(co_await fetch_profile(pending[i] = 0));
  for (std::size_t i = 0; i < users.size(); i += 2)
    profiles.push_back(co_await fetch_profile(users[i]));
}

// A handful of elements fixed in the source: a braced list, an array, a
// std::array. Their number is chosen, not an input that grows.
rt::Task<> fixed_elements() {
  std::vector<Profile> profiles;
  for (int user : {1, 2})
    profiles.push_back(co_await fetch_profile(user));
  static constexpr int Tiers[] = {3, 4};
  for (int user : Tiers)
    profiles.push_back(co_await fetch_profile(user));
  static constexpr std::array<int, 2> Regions{5, 6};
  for (int user : Regions)
    profiles.push_back(co_await fetch_profile(user));
}

rt::Task<> chain(int user) {
  auto cart = co_await fetch_cart(user);
  auto total = co_await price(cart);
  (void)total;
}

rt::Task<> member_dependency(int user) {
  auto profile = co_await fetch_profile(user);
  auto cart = co_await fetch_cart(static_cast<int>(profile.name.size()));
  (void)cart;
}

rt::Task<> same_connection(Connection &conn) {
  auto first = co_await conn.query(1);
  auto second = co_await conn.query(2);
  (void)(first + second);
}

rt::Task<> same_buffer(Buffer &buffer) {
  auto written = co_await fill(buffer);
  auto read = co_await measure(buffer);
  auto again = co_await fill_ptr(&buffer);
  (void)(written + read + again);
}

rt::Task<> guard_first(int user) {
  auto allowed = co_await check_permission(user);
  if (!allowed)
    co_return;
  auto profile = co_await fetch_profile(user);
  (void)profile;
}

rt::Task<> unused_result_is_a_guard(int user) {
  [[maybe_unused]] auto ok = co_await check_permission(user);
  auto profile = co_await fetch_profile(user);
  (void)profile;
}

rt::Task<> void_await_between(int user) {
  auto profile = co_await fetch_profile(user);
  co_await audit(user);
  auto cart = co_await fetch_cart(user);
  (void)profile;
  (void)cart;
}

rt::Task<> side_effect_between(int user) {
  auto profile = co_await fetch_profile(user);
  log_line("fetched profile");
  auto cart = co_await fetch_cart(user);
  (void)profile;
  (void)cart;
}

rt::Task<> ordering_primitive(rt::Semaphore &permits, int user) {
  auto permit = co_await permits.acquire();
  auto profile = co_await fetch_profile(user);
  (void)permit;
  (void)profile;
}

rt::Task<> inside_try(int user) {
  try {
    auto profile = co_await fetch_profile(user);
    auto cart = co_await fetch_cart(user);
    (void)profile;
    (void)cart;
  } catch (...) {
  }
}

std::mutex mutex;
rt::Task<> under_lock(int user) {
  std::lock_guard<std::mutex> guard(mutex);
  auto profile = co_await fetch_profile(user);
  auto cart = co_await fetch_cart(user);
  (void)profile;
  (void)cart;
}

rt::Task<> references(int user) {
  auto &&profile = co_await fetch_profile(user);
  auto &&cart = co_await fetch_cart(user);
  (void)profile;
  (void)cart;
}

rt::Task<> single(int user) {
  auto profile = co_await fetch_profile(user);
  (void)profile;
}

rt::Task<> separate_blocks(bool which, int user) {
  if (which) {
    auto profile = co_await fetch_profile(user);
    (void)profile;
  } else {
    auto cart = co_await fetch_cart(user);
    (void)cart;
  }
}

rt::Task<> lambda_capture_by_reference(int user) {
  int counter = 0;
  auto a = co_await price([&] { ++counter; return Cart{counter}; }());
  auto b = co_await fetch_cart(counter);
  (void)a;
  (void)b;
}

rt::Task<> assignment_read_by_the_next(int user) {
  Cart cart;
  cart = co_await fetch_cart(user);
  auto total = co_await price(cart);
  (void)total;
}

rt::Task<> already_joined(int user) {
  auto [profile, cart] = co_await rt::when_all(fetch_profile(user), fetch_cart(user));
  (void)profile;
  (void)cart;
}

struct Loader {
  rt::Task<int> load_a();
  rt::Task<int> load_b();
  rt::Task<> run() {
    auto a = co_await load_a();
    auto b = co_await load_b();
    (void)(a + b);
  }
};

mock::Task<> eager_created_first() {
  auto first = mock::eager_work();
  auto second = mock::eager_work();
  co_await first;
  co_await second;
}

// A function template: found in its instantiation, without a fix (the
// rewrite would change the template for every instantiation).
template <class T> rt::Task<> in_template(T user) {
  auto profile = co_await fetch_profile(user);
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: 2 independent operations are awaited one after another: their latencies add up; await them together so they run concurrently (no fix: the awaits depend on template parameters)
  auto cart = co_await fetch_cart(user);
  (void)profile;
  (void)cart;
}
template rt::Task<> in_template<int>(int);

void not_a_coroutine(int user) {
  auto profile = fetch_profile(user);
  auto cart = fetch_cart(user);
  (void)profile;
  (void)cart;
}

rt::Task<> loop_awaits(std::vector<int> users) {
  for (int user : users) {
    auto profile = co_await fetch_profile(user);
    (void)profile;
  }
}

rt::Task<> suppressed(int user) {
  // NOLINTNEXTLINE(async-sequential-awaits)
  auto profile = co_await fetch_profile(user);
  auto cart = co_await fetch_cart(user);
  (void)profile;
  (void)cart;
}
