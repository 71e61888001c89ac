// Operations of a class's member clients, and results stored into members:
// each member of `this` is its own storage, and a method that is const in
// all but name (it changes nothing of its object) shares no state.
// RUN: %check_asynclint --unsafe-fixes %s async-sequential-awaits %t -- %mockflags

#include "async-mocks.h"
#include <string>

struct Risk { double value = 0; };
struct Rate { double value = 1; };

// Stateless clients: their methods are not declared const, but change
// nothing of their object.
class RiskClient {
public:
  rt::Task<Risk> score(std::string card) { co_return Risk{card.size() * 0.1}; }
};
class FxClient {
public:
  rt::Task<Rate> rate(std::string currency) {
    co_return Rate{currency == "USD" ? 1.0 : 1.1};
  }
};
class Catalog {
public:
  rt::Task<int> robots(std::string host) { co_return int(host.size()); }
  rt::Task<int> sitemap(std::string host) { co_return int(host.size()) + 1; }
};

// A client with state: each request moves its sequence number on.
class Session {
public:
  rt::Task<int> send(std::string frame) {
    ++sequence_;
    co_return sequence_ + int(frame.size());
  }

private:
  int sequence_ = 0;
};

class Gateway {
public:
  // ------------------------------------------------------------- positives
  rt::Task<double> quote(std::string card, std::string currency) {
    Risk risk = co_await risk_.score(card);
    // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: 2 independent operations are awaited one after another
    // CHECK-MESSAGES: :[[@LINE-2]]:26: note: operation 1 of 2
    Rate fx = co_await fx_.rate(currency);
    // CHECK-MESSAGES: :[[@LINE-1]]:24: note: operation 2 of 2
    // CHECK-FIXES: auto [risk, fx] = co_await rt::when_all(risk_.score(card), fx_.rate(currency));
    co_return risk.value * fx.value;
  }

  // Results stored into members, from two requests to one stateless client.
  rt::Task<> discover(std::string host) {
    robots_ = co_await catalog_.robots(host);
    // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: 2 independent operations are awaited one after another
    // CHECK-MESSAGES: :[[@LINE-2]]:24: note: operation 1 of 2
    this->sitemap_ = co_await catalog_.sitemap(host);
    // CHECK-MESSAGES: :[[@LINE-1]]:31: note: operation 2 of 2
    // CHECK-FIXES: std::tie(robots_, this->sitemap_) = co_await rt::when_all(catalog_.robots(host), catalog_.sitemap(host));
  }

  // ----------------------------------------------------------- near misses
  // The second request reads the member the first one stores.
  rt::Task<> discover_then_use(std::string host) {
    robots_ = co_await catalog_.robots(host);
    sitemap_ = co_await catalog_.sitemap(host + std::to_string(robots_));
  }

  // Two frames on one session: the order of sends is the protocol.
  rt::Task<> handshake() {
    int hello = co_await session_.send("HELLO");
    int auth = co_await session_.send("AUTH");
    last_ = hello + auth;
  }

  // A method of this class that may change anything of it comes between.
  rt::Task<> refresh(std::string card) {
    Risk risk = co_await risk_.score(card);
    int fresh = co_await reload();
    last_ = int(risk.value) + fresh;
  }

  // Stores into one member twice: the join would lose the first value.
  rt::Task<> overwrite(std::string host) {
    robots_ = co_await catalog_.robots(host);
    robots_ = co_await catalog_.sitemap(host);
  }

  // A guard first: its result is unused, so the lookup must wait for it.
  rt::Task<int> guarded(std::string host) {
    co_await catalog_.robots(host);
    int pages = co_await catalog_.sitemap(host);
    co_return pages;
  }

private:
  rt::Task<int> reload() {
    robots_ = 0;
    co_return 0;
  }

  RiskClient risk_;
  FxClient fx_;
  Catalog catalog_;
  Session session_;
  int robots_ = 0;
  int sitemap_ = 0;
  int last_ = 0;
};
