// RUN: %check_asynclint %s async-missing-timeout %t -- %mockflags

// Peers the program serves itself, and datagrams: a client coroutine run
// beside the server that accepts it (a loopback test harness), a client
// coroutine whose every caller also runs the server, and operations that
// name a peer per message (`recv_from`, `send_to`) unless the receive
// waits for the reply to a request sent on the same socket before it. Near
// misses: a client
// with no server beside it, a coroutine that accepts and connects upstream
// itself, a caller that does not serve.
#include "net-clients.h"
#include <string>

class Listener {
public:
  struct Transport2 {};
  netmock::lazy<Transport2 *> accept();
  netmock::lazy<void> listen(int port);
};

class Link {
public:
  netmock::lazy<void> connect(std::string host, int port);
  netmock::lazy<std::string> read_some();
  netmock::lazy<void> write_some(std::string data);
  netmock::lazy<std::string> recv_from(std::string &peer);
  netmock::lazy<void> send_to(std::string peer, std::string data);
};

template <class... Ts> netmock::lazy<void> both(Ts...);

// ---------------------------------------------------------------- negatives

netmock::lazy<void> loopback_pair(Listener &server, Link &link) {
  auto serve = [&]() -> netmock::lazy<void> { co_await server.accept(); };
  auto talk = [&]() -> netmock::lazy<void> {
    co_await link.connect("127.0.0.1", 8080);
    co_await link.write_some("ping");
    (void)co_await link.read_some();
  };
  co_await both(serve(), talk());
}

netmock::lazy<void> serve_one(Listener &server) {
  co_await server.listen(8080);
  co_await server.accept();
}

netmock::lazy<void> client_of_the_test(Link &link) {
  co_await link.connect("127.0.0.1", 8080);
  (void)co_await link.read_some();
}

netmock::lazy<void> test_case(Listener &server, Link &link) {
  co_await both(serve_one(server), client_of_the_test(link));
}

netmock::lazy<void> datagrams(Link &link) {
  std::string from;
  std::string message = co_await link.recv_from(from);
  co_await link.send_to(from, message);
}

// The request goes out on another socket than the one that receives.
netmock::lazy<void> relay_datagram(Link &in, Link &out) {
  co_await out.send_to("upstream", "query");
  std::string from;
  (void)co_await in.recv_from(from);
}

// The send runs on one branch only.
netmock::lazy<void> datagram_either_side(Link &link, bool first) {
  if (first) {
    co_await link.send_to("peer", "hello");
  } else {
    std::string from;
    (void)co_await link.recv_from(from);
  }
}

// A server answers the first datagram, then waits for the next one.
netmock::lazy<void> datagram_ack_then_wait(Link &link) {
  std::string from;
  (void)co_await link.recv_from(from);
  co_await link.send_to(from, "ack");
  (void)co_await link.recv_from(from);
}

// A receive loop answering each datagram: a server taking what comes.
netmock::lazy<void> datagram_server(Link &link) {
  for (;;) {
    std::string from;
    std::string message = co_await link.recv_from(from);
    co_await link.send_to(from, message);
  }
}

// ---------------------------------------------------------------- positives

// A datagram request, then a wait for its reply on the same socket: a lost
// datagram leaves the coroutine waiting forever.
netmock::lazy<void> datagram_query(Link &link) {
  co_await link.send_to("resolver", "query");
  std::string from;
  (void)co_await link.recv_from(from);
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: 'recv_from' waits on another service
}

netmock::lazy<void> lone_client(Link &link) {
  co_await link.connect("example.com", 443);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'connect' waits on another service with no deadline and no way to cancel it: if the peer never answers, this coroutine waits forever [async-missing-timeout]
}

netmock::lazy<void> proxy(Listener &server, Link &upstream) {
  co_await server.accept();
  co_await upstream.connect("backend", 80);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'connect' waits on another service
}

netmock::lazy<void> fetch_once(Link &link) {
  co_await link.connect("api", 80);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'connect' waits on another service
}

netmock::lazy<void> caller_without_server(Link &link) {
  co_await fetch_once(link);
}
