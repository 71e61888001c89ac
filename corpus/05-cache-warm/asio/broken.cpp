// Seed task 5, Asio rendition: after saving a product, the handler warms a
// cache in the background. co_spawn with asio::detached discards the
// coroutine's outcome, exception included, so a failing cache warm leaves no
// trace at all. The warm is best-effort (it must not fail or delay the
// response) but its failures have to be logged. Saving the product, on the
// other hand, is what the request is about: if that fails, the request fails.
#include <asio.hpp>

#include <chrono>
#include <cstdio>
#include <exception>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

using namespace std::chrono_literals;

// The service's error log; main() inspects it at the end.
std::vector<std::string> error_log;

void log_error(std::string_view context, std::exception_ptr error) {
  try {
    std::rethrow_exception(error);
  } catch (const std::exception &e) {
    error_log.push_back(std::string(context) + ": " + e.what());
    std::printf("error log: %s\n", error_log.back().c_str());
  }
}

struct Product {
  std::string id;
  std::string name;
};

asio::awaitable<void> round_trip(std::chrono::milliseconds latency) {
  asio::steady_timer timer(co_await asio::this_coro::executor, latency);
  co_await timer.async_wait(asio::use_awaitable);
}

// The database rejects a product without a name.
asio::awaitable<Product> save_product(std::string id, std::string name) {
  co_await round_trip(20ms);
  if (name.empty())
    throw std::invalid_argument("product " + id + " has no name");
  co_return Product{id, name};
}

// The cache node is down in this run (an injected fault).
int cache_warms_started = 0;

asio::awaitable<void> warm_cache(Product product) {
  ++cache_warms_started;
  co_await round_trip(30ms);
  throw std::runtime_error("cache node unreachable while warming " +
                           product.id);
}

struct Response {
  int status;
  std::string body;
};

asio::awaitable<Response> update_product(std::string id, std::string name) {
  Product product = co_await save_product(id, name);
  asio::co_spawn(co_await asio::this_coro::executor, warm_cache(product),
                 asio::detached);
  co_return Response{200, product.id + ": " + product.name};
}

int main() {
  asio::io_context ctx;
  int ok_responses = 0;
  int failed_requests = 0;
  auto serve = [&](std::string id, std::string name) {
    asio::co_spawn(ctx, update_product(std::move(id), std::move(name)),
                   [&](std::exception_ptr error, Response response) {
                     if (error) {
                       log_error("update_product", error);
                       ++failed_requests;
                     } else if (response.status == 200) {
                       ++ok_responses;
                     }
                   });
  };
  serve("p-1", "kettle");
  serve("p-2", ""); // the save fails: this request has to fail
  // Runs until every request and background task has finished.
  ctx.run_for(2s);

  std::size_t warm_failures_logged = 0;
  for (const std::string &line : error_log)
    if (line.starts_with("warm_cache"))
      ++warm_failures_logged;
  std::printf("successful responses: %d\n", ok_responses);
  std::printf("failed requests: %d\n", failed_requests);
  std::printf("cache warms started: %d\n", cache_warms_started);
  std::printf("cache warm failures logged: %zu\n", warm_failures_logged);

  if (ok_responses != 1 || failed_requests != 1) {
    std::puts("FAIL: expected one saved product and one failed save");
    return 1;
  }
  if (warm_failures_logged != 1) {
    std::puts("FAIL: the cache warm failure vanished without a log entry");
    return 1;
  }
  std::puts("PASS");
  return 0;
}
