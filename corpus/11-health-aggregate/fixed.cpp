// Seed task 11 on the rt runtime: a status page pings six services and shows
// one row per service. The pings are awaited with rt::when_all, which is
// fail-fast: the first ping that fails cancels the others and is the only
// thing the caller gets back. So when one service is down, the page cannot
// say anything about the five that are up -- it paints every row red.
// The page needs every outcome, success or failure, and a summary of the
// failures the on-call engineer can act on.
//
// Virtual clock: each service answers after its own latency, exactly.
#include <rt/rt.hpp>

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdio>
#include <exception>
#include <string>
#include <vector>

using namespace std::chrono_literals;
using std::chrono::milliseconds;

struct Row {
  std::string service;
  bool up;
  milliseconds latency;
  std::string error;
};

struct StatusPage {
  std::vector<Row> rows;
  std::vector<std::string> down; // names of the services that are down
};

// One health probe: the round-trip time, or the service's error.
rt::Task<milliseconds> ping(rt::sim::Service &service) {
  auto &loop = *rt::EventLoop::current();
  const auto sent = loop.now();
  co_await service.call();
  co_return std::chrono::duration_cast<milliseconds>(loop.now() - sent);
}

using Fleet = std::array<rt::sim::Service *, 6>;

rt::Task<StatusPage> check_all(const Fleet &services) {
  std::vector<rt::Task<milliseconds>> pings;
  for (rt::sim::Service *service : services)
    pings.push_back(ping(*service));
  StatusPage page;
  auto latencies = co_await rt::when_all_settled(std::move(pings));
  for (std::size_t i = 0; i < services.size(); ++i) {
    if (latencies[i].ok()) {
      page.rows.push_back(
          {services[i]->name(), true, latencies[i].value(), ""});
    } else {
      page.rows.push_back(
          {services[i]->name(), false, {}, latencies[i].error_message()});
      page.down.push_back(services[i]->name());
    }
  }
  co_return page;
}

int main() {
  rt::sim::Service auth{"auth", 40ms}, billing{"billing", 55ms},
      search{"search", 70ms}, inventory{"inventory", 35ms},
      email{"email", 15ms}, cdn{"cdn", 20ms};
  email.fail_all(); // the mail relay is down: every ping fails after 15 ms
  const Fleet services{&auth, &billing, &search, &inventory, &email, &cdn};

  rt::EventLoop loop{rt::Clock::Virtual};
  // Guard: a minute of loop time.
  auto page = loop.run_for(check_all(services), 1min);
  if (!page) {
    std::puts("FAIL: the status page never rendered");
    return 1;
  }

  std::printf("status page after %lld ms:\n",
              static_cast<long long>(loop.elapsed().count()));
  for (const Row &row : page->rows) {
    if (row.up)
      std::printf("  %-10s up    %3lld ms\n", row.service.c_str(),
                  static_cast<long long>(row.latency.count()));
    else
      std::printf("  %-10s DOWN  %s\n", row.service.c_str(), row.error.c_str());
  }
  std::string names;
  for (const std::string &name : page->down)
    names += (names.empty() ? "" : ", ") + name;
  std::printf("summary: %zu of %zu down%s%s\n", page->down.size(),
              page->rows.size(), names.empty() ? "" : ": ", names.c_str());

  if (page->rows.size() != services.size()) {
    std::puts("FAIL: the page does not have one row per service");
    return 1;
  }
  if (page->down.size() != 1 || page->down.front() != "email") {
    std::puts("FAIL: one service being down took the other rows with it");
    return 1;
  }
  std::puts("PASS");
  return 0;
}
