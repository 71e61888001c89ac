// Seed task 5 on the rt runtime: after saving a product, the handler warms a
// cache in the background. rt::spawn with rt::detached keeps the task
// running but throws away its outcome, exception included, so a failing
// cache warm leaves no trace at all.
//
// The warm is best-effort: it must neither fail nor delay the response, but
// its failures have to be logged. Saving the product is what the request is
// about: if the save fails, the request fails.
#include <rt/rt.hpp>

#include <chrono>
#include <cstdio>
#include <exception>
#include <stdexcept>
#include <string>
#include <utility>

using namespace std::chrono_literals;

struct Product {
  std::string id;
  std::string name;
};

struct Response {
  int status = 0;
  std::string body;
};

rt::sim::Service database{"database", 20ms};
rt::sim::Service cache_node{"cache node", 30ms}; // main() takes it down

// The database rejects a product without a name.
rt::Task<Product> save_product(std::string id, std::string name) {
  co_await database.call();
  if (name.empty())
    throw std::invalid_argument("product " + id + " has no name");
  co_return Product{id, name};
}

rt::Task<void> warm_cache(Product product) {
  co_await cache_node.call();
  std::printf("cache warmed for %s\n", product.id.c_str());
}

rt::Task<Response> update_product(std::string id, std::string name) {
  Product product = co_await save_product(id, name);
  // Not awaited on purpose: the response does not wait for the cache.
  rt::spawn(warm_cache(product), rt::log_failure);
  co_return Response{200, product.id + ": " + product.name};
}

int main() {
  cache_node.fail_all(); // injected fault: every cache warm fails
  rt::EventLoop loop{rt::Clock::Virtual};
  int ok_responses = 0;
  int failed_requests = 0;
  auto serve = [&](std::string id, std::string name) {
    try {
      // Returns once the handler and its background work have finished;
      // the guard gives up after 10 s of loop time.
      auto response =
          loop.run_for(update_product(std::move(id), std::move(name)), 10s);
      if (response && response->status == 200) {
        std::printf("response %d: %s\n", response->status,
                    response->body.c_str());
        ++ok_responses;
      }
    } catch (const std::exception &e) {
      std::printf("request failed: %s\n", e.what());
      ++failed_requests;
    }
  };
  serve("p-1", "kettle");
  serve("p-2", ""); // the save fails: this request has to fail

  std::printf("successful responses: %d\n", ok_responses);
  std::printf("failed requests: %d\n", failed_requests);
  std::printf("cache warms started: %zu\n", cache_node.calls());
  std::printf("cache warm failures logged: %zu\n", rt::logged_failures());

  if (ok_responses != 1 || failed_requests != 1) {
    std::puts("FAIL: expected one saved product and one failed save");
    return 1;
  }
  if (cache_node.calls() != 1 || rt::logged_failures() != 1) {
    std::puts("FAIL: the cache warm failure vanished without a log entry");
    return 1;
  }
  std::puts("PASS");
  return 0;
}
