// Seed task 3 on the rt runtime: an order is enriched with data from three
// downstream services (customer, inventory, shipping quote). The three calls
// are independent, but enrich_order awaits them one after another, so the
// order waits for the sum of the three latencies.
//
// Two variants sit next to it, for callers with other needs:
//  - enrich_order_lenient: one failing service must not cost the others'
//    answers; its field stays empty and its error is recorded;
//  - enrich_order_scoped: the three run as one group, and the first failure
//    cancels the siblings still running instead of waiting for them.
//
// The program runs on the virtual clock: every latency below is exact.
#include <rt/rt.hpp>

#include <chrono>
#include <cstdio>
#include <exception>
#include <optional>
#include <stop_token>
#include <string>
#include <vector>

using namespace std::chrono_literals;
using std::chrono::milliseconds;

rt::sim::Service customer_service{"customer", 80ms};
rt::sim::Service inventory_service{"inventory", 150ms};
rt::sim::Service shipping_service{"shipping", 110ms};

struct Customer {
  std::string name;
};
struct Inventory {
  int in_stock = 0;
};
struct ShippingQuote {
  int cents = 0;
};

struct EnrichedOrder {
  Customer customer;
  Inventory inventory;
  ShippingQuote shipping;
};

// Each fetch stops early (rt::Cancelled) when `cancel` or the caller's own
// stop token fires.
rt::Task<Customer> fetch_customer(int order_id, std::stop_token cancel = {}) {
  co_await customer_service.call(std::move(cancel));
  co_return Customer{"customer of order " + std::to_string(order_id)};
}

rt::Task<Inventory> fetch_inventory(int order_id, std::stop_token cancel = {}) {
  co_await inventory_service.call(std::move(cancel));
  co_return Inventory{order_id % 7 + 1};
}

rt::Task<ShippingQuote> fetch_shipping_quote(int order_id,
                                             std::stop_token cancel = {}) {
  co_await shipping_service.call(std::move(cancel));
  co_return ShippingQuote{499 + order_id % 100};
}

rt::Task<EnrichedOrder> enrich_order(int order_id) {
  auto [customer, inventory, shipping] =
      co_await rt::when_all(fetch_customer(order_id), fetch_inventory(order_id),
                            fetch_shipping_quote(order_id));
  co_return EnrichedOrder{customer, inventory, shipping};
}

// --- Variant 1: partial results instead of all-or-nothing. ---

struct PartialOrder {
  std::optional<Customer> customer;
  std::optional<Inventory> inventory;
  std::optional<ShippingQuote> shipping;
  std::vector<std::string> errors; // one line per service that failed
};

template <class T>
std::optional<T> value_or_record(rt::Result<T> &result,
                                 std::vector<std::string> &errors) {
  if (result.ok())
    return std::move(result).value();
  errors.push_back(result.error_message());
  return std::nullopt;
}

rt::Task<PartialOrder> enrich_order_lenient(int order_id) {
  // when_all_settled never throws for a child: each gets its own Result.
  auto [customer, inventory, shipping] = co_await rt::when_all_settled(
      fetch_customer(order_id), fetch_inventory(order_id),
      fetch_shipping_quote(order_id));
  PartialOrder out;
  out.customer = value_or_record(customer, out.errors);
  out.inventory = value_or_record(inventory, out.errors);
  out.shipping = value_or_record(shipping, out.errors);
  co_return out;
}

// --- Variant 2: one failure cancels the whole group. ---

// Siblings that share one stop_source: the first to fail stops the others.
struct TaskGroup {
  std::stop_source stop;
  std::exception_ptr first_error;
  int cancelled = 0; // siblings that ended because of that stop

  template <class T> rt::Task<T> run(rt::Task<T> op) {
    try {
      co_return co_await std::move(op);
    } catch (const rt::Cancelled &) {
      ++cancelled;
      throw;
    } catch (...) {
      if (!first_error) {
        first_error = std::current_exception();
        stop.request_stop();
      }
      throw;
    }
  }
};

rt::Task<EnrichedOrder> enrich_order_scoped(int order_id, TaskGroup &group) {
  auto token = group.stop.get_token();
  // Settled, so that every sibling has unwound before we report anything.
  auto [customer, inventory, shipping] = co_await rt::when_all_settled(
      group.run(fetch_customer(order_id, token)),
      group.run(fetch_inventory(order_id, token)),
      group.run(fetch_shipping_quote(order_id, token)));
  if (group.first_error)
    std::rethrow_exception(group.first_error);
  co_return EnrichedOrder{customer.value(), inventory.value(),
                          shipping.value()};
}

// --- The measurements. Each scenario runs on a loop of its own. ---

int main() {
  // 1. All three services healthy.
  rt::EventLoop loop{rt::Clock::Virtual};
  auto order = loop.run_for(enrich_order(1001), 10s);
  if (!order) {
    std::puts("FAIL: enrich_order did not complete");
    return 1;
  }
  milliseconds latency = loop.elapsed();
  std::printf("enrich_order: %s, %d in stock, shipping %d cents\n",
              order->customer.name.c_str(), order->inventory.in_stock,
              order->shipping.cents);
  std::printf("enrich_order latency: %lld ms\n",
              static_cast<long long>(latency.count()));

  // 2. The shipping service is down: the lenient variant keeps the rest.
  shipping_service.fail_all(true);
  rt::EventLoop lenient_loop{rt::Clock::Virtual};
  auto partial = lenient_loop.run_for(enrich_order_lenient(1002), 10s);
  milliseconds lenient_latency = lenient_loop.elapsed();
  if (partial) {
    std::printf("lenient: customer %s, inventory %s, shipping %s after %lld "
                "ms\n",
                partial->customer ? "present" : "missing",
                partial->inventory ? "present" : "missing",
                partial->shipping ? "present" : "missing",
                static_cast<long long>(lenient_latency.count()));
    for (const std::string &error : partial->errors)
      std::printf("lenient error: %s\n", error.c_str());
  }

  // 3. Still down: the scoped variant gives up at the first failure and
  //    cancels the slower inventory call still in flight.
  const std::size_t inventory_done = inventory_service.completed();
  TaskGroup group;
  rt::EventLoop scoped_loop{rt::Clock::Virtual};
  std::string scoped_error = "none";
  try {
    scoped_loop.run_for(enrich_order_scoped(1003, group), 10s);
  } catch (const std::exception &e) {
    scoped_error = e.what();
  }
  milliseconds scoped_latency = scoped_loop.elapsed();
  const bool inventory_finished =
      inventory_service.completed() > inventory_done;
  shipping_service.fail_all(false);
  std::printf("scoped: error \"%s\" after %lld ms, %d sibling(s) cancelled, "
              "inventory %s\n",
              scoped_error.c_str(),
              static_cast<long long>(scoped_latency.count()), group.cancelled,
              inventory_finished ? "completed" : "not completed");

  // The three services answer in 80, 150 and 110 ms: run together, the
  // order is ready when the slowest is (150 ms), not after the sum (340 ms).
  if (latency > 150ms) {
    std::puts("FAIL: enrich_order waits for the sum of the latencies");
    return 1;
  }
  if (!partial || !partial->customer || !partial->inventory ||
      partial->shipping || partial->errors.size() != 1) {
    std::puts("FAIL: the lenient variant lost the healthy services' answers");
    return 1;
  }
  if (scoped_latency != 110ms || group.cancelled != 1 || inventory_finished) {
    std::puts("FAIL: the scoped variant did not cancel the slow sibling");
    return 1;
  }
  std::puts("PASS");
  return 0;
}
