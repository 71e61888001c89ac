// Lifetime task on the rt runtime: a batch job prints one shipping label per
// order. It creates a label task per order inside the loop and joins them
// after it, at most four at a time. print_label() is a lazy coroutine: it
// runs when the join runs it, after the loop. If it takes its order by
// reference, what it reads is the loop's copy of the order, destroyed at the
// end of each iteration; AddressSanitizer reports that read. Taken by value,
// each task's frame keeps its own copy.
#include <rt/rt.hpp>

#include <chrono>
#include <cstdio>
#include <string>
#include <utility>
#include <vector>

using namespace std::chrono_literals;

struct Order {
  std::string id;
  std::string address;
};

rt::sim::Service label_printer{"label printer", 10ms};

rt::Task<std::string> print_label(const Order &order) {
  co_await label_printer.call();
  co_return "label " + order.id + " -> " + order.address;
}

rt::Task<std::vector<std::string>> print_batch(std::vector<Order> orders) {
  std::vector<rt::Task<std::string>> labels;
  for (Order order : orders)
    labels.push_back(print_label(order));
  co_return co_await rt::when_all_bounded(std::move(labels), 4);
}

int main() {
  std::vector<Order> orders;
  for (int i = 1; i <= 6; ++i)
    orders.push_back({"order-2026-12-000" + std::to_string(i),
                      std::to_string(i) + " Warehouse Street, Springfield"});
  rt::EventLoop loop{rt::Clock::Virtual};
  auto labels = loop.run_for(print_batch(orders), 10s);
  if (!labels) {
    std::puts("FAIL: the batch did not finish");
    return 1;
  }
  int right = 0;
  for (std::size_t i = 0; i < labels->size(); ++i) {
    std::string expected = "label " + orders[i].id + " -> " + orders[i].address;
    if ((*labels)[i] == expected)
      ++right;
  }
  std::printf("labels printed: %zu\n", labels->size());
  std::printf("labels for the right order: %d\n", right);
  if (right != static_cast<int>(orders.size())) {
    std::puts("FAIL: labels do not match their orders");
    return 1;
  }
  std::puts("PASS");
  return 0;
}
