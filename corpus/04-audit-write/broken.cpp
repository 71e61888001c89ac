// Seed task 4 on the rt runtime: a request handler records an audit event
// and answers without waiting for it. rt::Task is lazy: calling the
// coroutine function only creates a suspended frame, and dropping the Task
// destroys that frame unstarted. The audit write never happens, and since
// it never ran, it cannot fail loudly either.
//
// The write must not delay the response, so it is fire-and-forget; but it
// has to run, and a failed write has to be logged.
#include <rt/rt.hpp>

#include <chrono>
#include <cstdio>
#include <string>
#include <utility>
#include <vector>

using namespace std::chrono_literals;

// The remote audit store: a 20 ms round-trip per write. main() injects an
// outage into the second write.
rt::sim::Service audit_store{"audit store", 20ms};
std::vector<std::string> audit_rows;

// Parameters by value: once running in the background, the coroutine may
// outlive the caller's arguments.
rt::Task<void> log_audit_event(std::string user, std::string action,
                               int result) {
  co_await audit_store.call();
  audit_rows.push_back(user + " " + action + " " + std::to_string(result));
}

struct Request {
  std::string user;
  std::string payload;
};

int process(const Request &req) { return static_cast<int>(req.payload.size()); }

rt::Task<int> handle_request(Request req) {
  int result = process(req);
  log_audit_event(req.user, "processed", result);
  co_return result;
}

int main() {
  audit_store.fail_call(2); // the second write runs into an outage
  rt::EventLoop loop{rt::Clock::Virtual};
  int responses = 0;
  for (Request req :
       {Request{"alice", "order #1"}, Request{"bob", "order #22"}}) {
    // run_for returns once the handler AND everything it spawned finished;
    // the guard gives up after 10 s of loop time.
    auto result = loop.run_for(handle_request(std::move(req)), 10s);
    if (result) {
      std::printf("response: %d\n", *result);
      ++responses;
    }
  }

  std::printf("responses sent: %d\n", responses);
  std::printf("audit writes attempted: %zu\n", audit_store.calls());
  std::printf("audit writes completed: %zu\n", audit_rows.size());
  std::printf("audit failures logged: %zu\n", rt::logged_failures());

  if (responses != 2) {
    std::puts("FAIL: a request did not get its response");
    return 1;
  }
  if (audit_rows.size() != 1) {
    std::puts("FAIL: the audit write for the first request never happened");
    return 1;
  }
  if (audit_store.calls() != 2 || rt::logged_failures() != 1) {
    std::puts("FAIL: the failed audit write was not logged");
    return 1;
  }
  std::puts("PASS");
  return 0;
}
