// Seed task 4, Asio rendition: a request handler records an audit event in
// the background. An asio::awaitable is lazy: calling the coroutine function
// only creates a suspended frame, and nothing happens until someone
// co_awaits or co_spawns it. Dropping the awaitable destroys the frame
// unstarted, so the audit write never takes place and cannot even fail.
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

// A remote audit store, simulated in-process. The second write runs into an
// injected outage so that the failure path is exercised too.
struct AuditStore {
  std::vector<std::string> rows;
  int writes_started = 0;
  int failing_write = 2;
};
AuditStore audit_store;

// Parameters are taken by value: the coroutine may outlive the caller's
// arguments once it runs in the background.
asio::awaitable<void> log_audit_event(std::string user, std::string action,
                                      int result) {
  int write_no = ++audit_store.writes_started;
  asio::steady_timer round_trip(co_await asio::this_coro::executor, 20ms);
  co_await round_trip.async_wait(asio::use_awaitable);
  if (write_no == audit_store.failing_write)
    throw std::runtime_error("audit store unavailable");
  audit_store.rows.push_back(user + " " + action + " " +
                             std::to_string(result));
}

struct Request {
  std::string user;
  std::string payload;
};

int process(const Request &req) { return static_cast<int>(req.payload.size()); }

// The response must not wait for the audit write, so it is fire-and-forget;
// still, it has to run, and a failed write has to reach the error log.
asio::awaitable<int> handle_request(Request req) {
  int result = process(req);
  asio::co_spawn(co_await asio::this_coro::executor,
                 log_audit_event(req.user, "processed", result),
                 [](std::exception_ptr error) {
                   if (error)
                     log_error("log_audit_event", error);
                 });
  co_return result;
}

int main() {
  asio::io_context ctx;
  int responses = 0;
  for (Request req :
       {Request{"alice", "order #1"}, Request{"bob", "order #22"}})
    asio::co_spawn(ctx, handle_request(std::move(req)),
                   [&](std::exception_ptr error, int) {
                     if (error)
                       log_error("handle_request", error);
                     else
                       ++responses;
                   });
  // Runs until every request and background task has finished.
  ctx.run_for(2s);

  std::printf("responses sent: %d\n", responses);
  std::printf("audit writes completed: %zu\n", audit_store.rows.size());
  std::printf("audit failures logged: %zu\n", error_log.size());

  if (responses != 2) {
    std::puts("FAIL: a request did not get its response");
    return 1;
  }
  if (audit_store.rows.size() != 1) {
    std::puts("FAIL: the audit write for the first request never happened");
    return 1;
  }
  if (error_log.size() != 1) {
    std::puts("FAIL: the failed audit write was not logged");
    return 1;
  }
  std::puts("PASS");
  return 0;
}
