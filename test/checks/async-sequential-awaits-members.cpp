// Operations of a class's member clients, and results stored into members:
// each member of `this` is its own storage, and a method that is const in
// all but name (it changes nothing of its object) shares no state.
// RUN: %check_asynclint --unsafe-fixes %s async-sequential-awaits %t -- %mockflags

#include "async-mocks.h"
#include <string>
#include <vector>

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

// A class template: its awaits are typed only in its instantiations. Found
// once however many instantiations there are; no fix (the written template
// is what a fix would change).
template <class Region> class RegionalGateway {
public:
  rt::Task<double> quote(std::string card, std::string currency) {
    Risk risk = co_await risk_.score(card);
    // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: 2 independent operations are awaited one after another: their latencies add up; await them together so they run concurrently (no fix: the awaits depend on template parameters)
    Rate fx = co_await fx_.rate(currency);
    co_return risk.value * fx.value;
  }
  // The second request needs the first's answer.
  rt::Task<double> chained(std::string card) {
    Risk risk = co_await risk_.score(card);
    Rate fx = co_await fx_.rate(risk.value > 1 ? "USD" : "EUR");
    co_return fx.value;
  }

private:
  RiskClient risk_;
  FxClient fx_;
};

// A function template over the request type.
template <class Request> rt::Task<double> price(Request request) {
  Catalog catalog;
  int robots = co_await catalog.robots(request.host);
  // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: 2 independent operations are awaited one after another
  int pages = co_await catalog.sitemap(request.host);
  co_return robots + pages;
}

struct Eu {};
struct Us {};
struct Request { std::string host; };
struct OtherRequest { std::string host; int id = 0; };
// Instantiated twice each (only this check runs here).
void instantiate() {
  RegionalGateway<Eu> eu;
  RegionalGateway<Us> us;
  (void)eu.quote("c", "EUR"), (void)us.quote("c", "USD");
  (void)eu.chained("c"), (void)us.chained("c");
  (void)price(Request{"h"}), (void)price(OtherRequest{"h"});
}

// `read` is an ordering primitive on a stream, not on a service client that
// only shares the name.
class SecretVault {
public:
  rt::Task<int> read(std::string path) { co_return int(path.size()); }
};
class FrameStream {
public:
  rt::Task<int> read(std::string tag);
};
class Deployer {
public:
  rt::Task<int> prepare(std::string svc) {
    int cfg = co_await catalog_.robots("cfg/" + svc);
    // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: 2 independent operations are awaited one after another
    int secret = co_await vault_.read("deploy/" + svc);
    co_return cfg + secret;
  }
  // Two frames of one stream come in the order they were sent.
  rt::Task<int> frames() {
    int header = co_await stream_.read("header");
    int body = co_await stream_.read("body");
    co_return header + body;
  }

private:
  Catalog catalog_;
  SecretVault vault_;
  FrameStream stream_;
};

// A lazy task created first and awaited by name: it starts only at its own
// await, after the other one has finished. The join takes it over.
rt::Task<double> quote_named(RiskClient &risk, FxClient &fx, std::string card,
                             std::string currency) {
  auto fx_task = fx.rate(currency);
  Risk r = co_await risk.score(card);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 2 independent operations are awaited one after another
  Rate f = co_await fx_task;
  // CHECK-FIXES: auto [r, f] = co_await rt::when_all(risk.score(card), std::move(fx_task));
  co_return r.value * f.value;
}

// Named again after its await: a join would leave it moved from.
rt::Task<double> quote_named_reused(RiskClient &risk, FxClient &fx,
                                    std::string card, std::string currency) {
  auto fx_task = fx.rate(currency);
  Risk r = co_await risk.score(card);
  Rate f = co_await fx_task;
  auto again = std::move(fx_task);
  (void)again;
  co_return r.value * f.value;
}

// Two awaits in one expression run one after another too.
rt::Task<double> blended(RiskClient &risk, FxClient &fx, std::string card) {
  double v = (co_await risk.score(card)).value * 0.3 +
             // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: 2 independent operations are awaited one after another in one expression
             (co_await fx.rate(card)).value * 0.7;
  co_return v;
}

// Not independent, or not both run: one feeds the other, a short circuit
// or a condition decides whether the second runs, a stateful session
// orders its requests.
rt::Task<int> pages_for(int robots);
rt::Task<bool> allowed(std::string host);
rt::Task<int> not_one_expression(Catalog &catalog, Session &session,
                                 std::string host, bool fresh) {
  int a = co_await pages_for(co_await catalog.robots(host));
  bool b = co_await allowed(host) && co_await allowed(host + "/x");
  int c = fresh ? co_await catalog.robots(host) : co_await catalog.sitemap(host);
  int d = co_await session.send("a") + co_await session.send("b");
  co_return a + b + c + d;
}

// Results appended to one container, one after another.
struct Profile {
  std::vector<int> badges;
};
rt::Task<Profile> profile(Catalog &catalog, std::string id) {
  Profile p;
  p.badges.push_back(co_await catalog.robots(id));
  // CHECK-MESSAGES: :[[@LINE-1]]:22: warning: 2 independent operations are awaited one after another: their latencies add up; await them together so they run concurrently (no fix: the results are appended to a container)
  p.badges.push_back(co_await catalog.sitemap(id));
  co_return p;
}
// The second request reads what the first appended.
rt::Task<Profile> profile_chained(Catalog &catalog, std::string id) {
  Profile p;
  p.badges.push_back(co_await catalog.robots(id));
  p.badges.push_back(co_await catalog.sitemap(id + std::to_string(p.badges.size())));
  co_return p;
}
