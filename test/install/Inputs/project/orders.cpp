#include <future>

int audit(int order) { return order; }

void place(int order) {
  std::async(std::launch::async, audit, order);
}
