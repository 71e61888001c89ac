// RUN: %check_asynclint %s async-missing-timeout %t -- %mockflags

// Network operations of framework transports and user-written clients,
// decided by the type of the object they are called on; their own timeout
// arguments; deadlines set by every caller. No fix: these frameworks have no
// timeout the fix could spell with certainty.
#include "net-clients.h"
#include <stop_token>
#include <string>
#include <vector>

using namespace std::chrono_literals;

// A user-written transport: it connects, and connecting is awaited.
class Transport {
public:
  struct Frame {
    std::string key, value;
  };
  netmock::lazy<void> connect(std::string host, int port);
  netmock::lazy<Frame> read_frame();
  netmock::lazy<Frame> read_frame(std::chrono::milliseconds deadline);
  netmock::lazy<void> write_frame(Frame f);
  netmock::lazy<void> write_frame(Frame f, std::stop_token st);
  netmock::lazy<void> subscribe(std::string topic);
  netmock::lazy<bool> ready();
};

// A client by name, with no connect of its own.
class MetricsClient {
public:
  netmock::lazy<void> send_batch(std::vector<double> points);
  netmock::lazy<void> sendBatch(std::vector<double> points, int timeout_ms);
};

// Another framework's cancellation token.
struct CancellationToken {};
class RpcStub {
public:
  netmock::lazy<std::string> request(std::string method);
  netmock::lazy<std::string> request(std::string method, CancellationToken ct);
};

// The client of a remote store: local-sounding, but a peer.
class StoragePeer {
public:
  netmock::lazy<void> connect(std::string addr);
  netmock::lazy<std::string> read_frame();
};

netmock::lazy<std::string> pull_from(StoragePeer &peer) {
  co_return co_await peer.read_frame();
  // CHECK-MESSAGES: :[[@LINE-1]]:22: warning: 'read_frame' waits on another service with no deadline
}

// A link to a device or gateway, by name.
struct DeviceLink {
  netmock::lazy<std::string> read_frame();
};
struct PagerUplink {
  netmock::lazy<void> send_request(std::string alert);
};
struct BankGateway {
  netmock::lazy<void> send_request(std::string query);
};

netmock::lazy<void> pump(DeviceLink &link, PagerUplink &pager,
                         BankGateway &bank) {
  std::string frame = co_await link.read_frame();
  // CHECK-MESSAGES: :[[@LINE-1]]:32: warning: 'read_frame' waits on another service with no deadline
  co_await pager.send_request(frame);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'send_request' waits on another service with no deadline
  co_await bank.send_request(frame);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'send_request' waits on another service with no deadline
}

// A framework's own network operation (its profile's NetworkOperations):
// Seastar's free connect() is handed an address, not a socket.
namespace seastar {
struct socket_address {};
struct connected_socket {};
netmock::lazy<connected_socket> connect(socket_address where);
template <class T>
netmock::lazy<T> with_timeout(std::chrono::steady_clock::time_point deadline,
                              netmock::lazy<T> f);
} // namespace seastar

netmock::lazy<bool> reachable(seastar::socket_address peer) {
  seastar::connected_socket s = co_await seastar::connect(peer);
  // CHECK-MESSAGES: :[[@LINE-1]]:42: warning: 'connect' waits on another service with no deadline
  (void)s;
  co_return true;
}

netmock::lazy<bool> reachable_soon(seastar::socket_address peer) {
  auto deadline = std::chrono::steady_clock::now() + 2s;
  seastar::connected_socket s =
      co_await seastar::with_timeout(deadline, seastar::connect(peer));
  (void)s;
  co_return true;
}

// A stream a connection hands out stands for the connection; one a local
// object hands out does not.
struct input_stream {
  netmock::lazy<std::string> read();
};
struct Connection {
  input_stream input();
};
struct Archive {
  input_stream input();
};

netmock::lazy<std::string> ack_of(Connection &conn, Archive &archive) {
  auto in = conn.input();
  std::string ack = co_await in.read();
  // CHECK-MESSAGES: :[[@LINE-1]]:30: warning: 'read' waits on another service with no deadline
  auto local = archive.input();
  co_return ack + co_await local.read();
}

// Local and in-process objects with the same method names.
class WalFile {
public:
  netmock::lazy<void> write(std::string record);
  netmock::lazy<std::string> read_some();
};
template <class T> class Channel {
public:
  netmock::lazy<void> send(T v);
  netmock::lazy<T> receive();
};
class Cache {
public:
  netmock::lazy<std::string> read(std::string key);
};
netmock::lazy<int> score_of(int id);

// ---------------------------------------------------------------- positives

netmock::lazy<void> libcoro_client(coro::net::tcp::client &c) {
  auto status = co_await c.connect();
  // CHECK-MESSAGES: :[[@LINE-1]]:26: warning: 'connect' waits on another service with no deadline and no way to cancel it: if the peer never answers, this coroutine waits forever [async-missing-timeout]
  std::string buf(64, '\0');
  auto [io, data] = co_await c.read_some(buf);
  // CHECK-MESSAGES: :[[@LINE-1]]:30: warning: 'read_some' waits on another service
  auto ready = co_await c.poll(coro::poll_op::write);
  // CHECK-MESSAGES: :[[@LINE-1]]:25: warning: 'poll' waits on another service
  co_await c.write_some(buf, 0ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'write_some' waits on another service
  (void)status; (void)ready; (void)io; (void)data;
}

netmock::lazy<void> folly_transport(folly::coro::Transport &t) {
  unsigned char raw[16];
  std::size_t n = co_await t.read({raw, raw + 16});
  // CHECK-MESSAGES: :[[@LINE-1]]:28: warning: 'read' waits on another service
  (void)n;
}

netmock::lazy<void> mirror(Transport &from, Transport &to) {
  co_await from.connect("primary", 7000);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'connect' waits on another service
  for (;;) {
    Transport::Frame f = co_await from.read_frame();
    // CHECK-MESSAGES: :[[@LINE-1]]:35: warning: 'read_frame' waits on another service
    co_await to.write_frame(f);
    // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: 'write_frame' waits on another service
  }
}

netmock::lazy<void> push(MetricsClient &m, std::vector<double> points) {
  co_await m.send_batch(points);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'send_batch' waits on another service
}

// Called once under a deadline and once without one.
netmock::lazy<std::string> lookup(RpcStub &stub) {
  co_return co_await stub.request("get");
  // CHECK-MESSAGES: :[[@LINE-1]]:22: warning: 'request' waits on another service
}
netmock::lazy<void> lookup_twice(RpcStub &stub) {
  co_await folly::coro::timeout(lookup(stub), 1s);
  co_await lookup(stub);
}

// A client whose operations each take a deadline of the caller's: naming
// the deadline's type does not make a call without one bounded.
class FeatureStoreConnection {
public:
  using Deadline = std::chrono::steady_clock::time_point;
  netmock::lazy<void> write_frame(std::string payload, Deadline deadline);
  netmock::lazy<std::string> read_frame();
  netmock::lazy<std::string> read_frame_until(Deadline deadline);
};
netmock::lazy<std::string> features(FeatureStoreConnection &fs, std::string user) {
  co_await fs.write_frame(user, std::chrono::steady_clock::now() + 20ms);
  co_return co_await fs.read_frame();
  // CHECK-MESSAGES: :[[@LINE-1]]:22: warning: 'read_frame' waits on another service
}

// ----------------------------------------------------------- near misses

netmock::lazy<void> libcoro_bounded(coro::net::tcp::client &c,
                                    std::chrono::milliseconds budget) {
  co_await c.connect(3s);
  std::string buf(64, '\0');
  co_await c.read_some(buf, 500ms);
  co_await c.poll(coro::poll_op::read, budget);
  auto [io, data] = c.recv(buf); // not awaitable: a non-blocking read
  (void)io; (void)data;
}

netmock::lazy<void> folly_bounded(folly::coro::Transport &t) {
  unsigned char raw[16];
  co_await t.write({raw, raw + 16}, 2s);
  co_await folly::coro::timeout(t.read({raw, raw + 16}), 1s);
}

netmock::lazy<void> mirror_bounded(Transport &from, Transport &to,
                                   std::stop_token st) {
  for (;;) {
    Transport::Frame f = co_await from.read_frame(500ms);
    co_await to.write_frame(f, st);
  }
}

netmock::lazy<void> not_io(Transport &t) {
  co_await t.subscribe("alarms"); // not an operation that waits on a reply
  bool up = co_await t.ready();   // "ready" is not "read"
  (void)up;
}

netmock::lazy<void> timeout_parameter(MetricsClient &m,
                                      std::vector<double> points) {
  co_await m.sendBatch(points, 250);
}

netmock::lazy<std::string> own_token(RpcStub &stub, CancellationToken ct) {
  co_return co_await stub.request("get", ct);
}

netmock::lazy<void> local_and_in_process(WalFile &wal, Channel<int> &ch,
                                         Cache &cache) {
  co_await wal.write("record");
  std::string head = co_await wal.read_some();
  co_await ch.send(1);
  int v = co_await ch.receive();
  std::string cached = co_await cache.read("k");
  int score = co_await score_of(v); // an opaque service function
  (void)head; (void)cached; (void)score;
}

// Every call site runs it under a deadline: its own awaits are covered.
netmock::lazy<std::string> fetch_frame(Transport &t) {
  Transport::Frame f = co_await t.read_frame();
  co_return f.value;
}
netmock::lazy<void> caller_bounds(Transport &t) {
  co_await folly::coro::timeout(fetch_frame(t), 800ms);
}
netmock::lazy<void> caller_bounds_again(Transport &t) {
  std::string v = co_await folly::coro::timeout(fetch_frame(t), 2s);
  (void)v;
}

// Clients that apply a timeout of their own to every operation: one set
// on the object, or held in a member.
class ConfiguredClient {
public:
  void set_timeout(std::chrono::milliseconds limit);
  netmock::lazy<void> connect(std::string host);
  netmock::lazy<std::string> read_frame();
};
class TimedClient {
public:
  netmock::lazy<void> connect(std::string host);
  netmock::lazy<std::string> read_frame();

private:
  std::chrono::milliseconds timeout_{500};
};
netmock::lazy<void> configured(ConfiguredClient &c, TimedClient &t) {
  c.set_timeout(2s);
  co_await c.connect("feature-store:7000");
  co_await t.connect("feature-store:7001");
  std::string a = co_await c.read_frame();
  std::string b = co_await t.read_frame();
  (void)a; (void)b;
}

// A client whose methods are written in the file but await nothing: they
// stand in for the network (a test double, a placeholder), so the calls are
// the operations. A method that awaits the real operation is a wrapper,
// analysed where it awaits.
class PlaceholderConn {
public:
  netmock::lazy<bool> connect(std::string endpoint) { co_return !endpoint.empty(); }
  netmock::lazy<std::string> read_frame() { co_return std::string("ack"); }
  netmock::lazy<std::string> read_frame(std::chrono::milliseconds limit) {
    co_return std::string(limit.count() > 0 ? "ack" : "");
  }
};
class WrappingConn {
public:
  netmock::lazy<std::string> read_frame() {
    co_return co_await inner_.read_frame(200ms);
  }

private:
  PlaceholderConn inner_;
};
netmock::lazy<void> stubbed(PlaceholderConn &conn, WrappingConn &wrapped) {
  co_await conn.connect("blob:9000");
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'connect' waits on another service with no deadline
  std::string ack = co_await conn.read_frame();
  // CHECK-MESSAGES: :[[@LINE-1]]:30: warning: 'read_frame' waits on another service with no deadline
  std::string timed = co_await conn.read_frame(300ms);
  std::string through = co_await wrapped.read_frame();
  (void)ack, (void)timed, (void)through;
}

// A test double never waits on a peer.
class MockBlobConn {
public:
  netmock::lazy<bool> connect(std::string endpoint) { co_return !endpoint.empty(); }
};
netmock::lazy<void> with_mock(MockBlobConn &conn) {
  co_await conn.connect("blob:9000");
}
