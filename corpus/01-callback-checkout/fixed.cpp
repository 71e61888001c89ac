// Seed task 1 on the rt runtime: checkout reads the user, then their cart,
// then prices the items, then creates the order; each step needs the one
// before. The client library offers callback APIs only, so checkout nests
// four continuations deep, and every level must remember to forward its
// error to `done` AND stop there. One level forgets the `return`: when
// pricing fails, the caller hears about the error and then, a moment later,
// receives an order for nothing.
//
// The program runs on the virtual clock: every instant below is exact.
#include <rt/rt.hpp>

#include <chrono>
#include <cstdio>
#include <functional>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

using namespace std::chrono_literals;

struct User {
  int id = 0;
  std::string name;
};
struct Item {
  std::string sku;
  int quantity = 0;
};
struct Cart {
  int user_id = 0;
  std::vector<Item> items;
};
struct PricedItem {
  std::string sku;
  int quantity = 0;
  int cents = 0;
};
struct Order {
  int id = 0;
  std::string customer;
  std::size_t lines = 0;
  int total_cents = 0;
};

// The remote services behind the client library; main() takes them down
// one at a time.
rt::sim::Service user_service{"users", 30ms};
rt::sim::Service cart_service{"carts", 40ms};
rt::sim::Service pricing_service{"pricing", 50ms};
rt::sim::Service order_service{"orders", 60ms};

// The client library: each call returns at once and calls `done` exactly
// once, later, from the event loop.
void get_user(int id, std::function<void(std::error_code, User)> done) {
  user_service.call_async([id, done](std::error_code ec) {
    done(ec, ec ? User{} : User{id, "alice"});
  });
}

void get_cart(int user_id, std::function<void(std::error_code, Cart)> done) {
  cart_service.call_async([user_id, done](std::error_code ec) {
    done(ec, ec ? Cart{} : Cart{user_id, {{"kettle", 1}, {"mug", 2}}});
  });
}

void price_items(
    std::vector<Item> items,
    std::function<void(std::error_code, std::vector<PricedItem>)> done) {
  pricing_service.call_async([items, done](std::error_code ec) {
    std::vector<PricedItem> priced;
    if (!ec)
      for (const Item &item : items)
        priced.push_back(
            {item.sku, item.quantity, item.sku == "kettle" ? 2999 : 850});
    done(ec, priced);
  });
}

void create_order(User user, std::vector<PricedItem> priced,
                  std::function<void(std::error_code, Order)> done) {
  order_service.call_async([user, priced, done](std::error_code ec) {
    Order order{1000 + user.id, user.name, priced.size(), 0};
    for (const PricedItem &line : priced)
      order.total_cents += line.quantity * line.cents;
    done(ec, ec ? Order{} : order);
  });
}

void checkout(int user_id, std::function<void(std::error_code, Order)> done) {
  rt::spawn(
      [](int user_id,
         std::function<void(std::error_code, Order)> done) -> rt::Task<void> {
        Order order;
        try {
          User user = co_await rt::promisify(get_user)(user_id);
          Cart cart = co_await rt::promisify(get_cart)(user.id);
          std::vector<PricedItem> priced =
              co_await rt::promisify(price_items)(cart.items);
          order = co_await rt::promisify(create_order)(user, priced);
        } catch (const std::system_error &e) {
          done(e.code(), {});
          co_return;
        }
        done({}, order);
      }(user_id, std::move(done)));
}

// --- The caller: places an order and writes down every answer it gets. ---

struct Tally {
  std::vector<std::string> answers;

  void record(std::error_code ec, const Order &order) {
    const long long at = rt::EventLoop::current()->elapsed().count();
    char line[160];
    if (ec)
      std::snprintf(line, sizeof line, "error \"%s\" at %lld ms",
                    ec.message().c_str(), at);
    else
      std::snprintf(line, sizeof line,
                    "order #%d for %s, %zu line(s), total %d.%02d at %lld ms",
                    order.id, order.customer.c_str(), order.lines,
                    order.total_cents / 100, order.total_cents % 100, at);
    answers.push_back(line);
  }
};

rt::Task<void> place_order(int user_id, Tally &tally) {
  checkout(user_id, [&tally](std::error_code ec, Order order) {
    tally.record(ec, order);
  });
  co_return;
}

int main() {
  struct Scenario {
    const char *name;
    rt::sim::Service *down; // the service that fails, if any
  };
  const Scenario scenarios[] = {{"all services up", nullptr},
                                {"users down", &user_service},
                                {"carts down", &cart_service},
                                {"pricing down", &pricing_service},
                                {"orders down", &order_service}};
  std::string failure;
  for (const Scenario &scenario : scenarios) {
    if (scenario.down)
      scenario.down->fail_all(true);
    rt::EventLoop loop{rt::Clock::Virtual};
    Tally tally;
    // Guard: 10 s of loop time; then 10 s more for any late answer.
    loop.run_for(place_order(7, tally), 10s);
    loop.run(rt::sleep_for(10s));
    if (scenario.down)
      scenario.down->fail_all(false);

    std::printf("%s: %zu answer(s)\n", scenario.name, tally.answers.size());
    for (const std::string &answer : tally.answers)
      std::printf("  %s\n", answer.c_str());
    // Exactly one answer: the order when all is well, else the error.
    const char *expected = scenario.down ? "error" : "order";
    if (failure.empty() &&
        (tally.answers.size() != 1 || !tally.answers[0].starts_with(expected)))
      failure = std::string(scenario.name) + ": expected exactly one " +
                expected + ", got " + std::to_string(tally.answers.size()) +
                " answer(s)";
  }

  if (!failure.empty()) {
    std::printf("FAIL: %s\n", failure.c_str());
    return 1;
  }
  std::puts("PASS");
  return 0;
}
