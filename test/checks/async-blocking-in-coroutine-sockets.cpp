// A synchronous operation of a socket, an acceptor or a resolver waits for
// the peer on the calling thread: in a coroutine it stalls the loop. The
// asynchronous forms do not, nor does a send on a datagram socket (done
// once the datagram is queued), nor a callback-driven socket (folly's
// AsyncSocket), nor an object that only carries an address. The library
// is an in-file mimic of Asio's declarations.
// RUN: %check_asynclint %s async-blocking-in-coroutine %t -- -std=c++20

#include <coroutine>
#include <cstddef>
#include <string>

namespace asio {
template <class T> struct awaitable {
  struct promise_type {
    awaitable get_return_object() { return {}; }
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    void unhandled_exception() {}
    void return_void() {}
  };
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) const noexcept {}
  T await_resume() const noexcept { return {}; }
};
struct use_awaitable_t {};
inline constexpr use_awaitable_t use_awaitable{};
struct mutable_buffer {};
mutable_buffer buffer(std::string &);
namespace ip {
struct results {};
template <class Protocol> struct basic_resolver {
  results resolve(std::string host, std::string service);
  awaitable<results> async_resolve(std::string host, std::string service,
                                   use_awaitable_t);
};
} // namespace ip
template <class Protocol> struct basic_stream_socket {
  std::size_t read_some(mutable_buffer b);
  awaitable<std::size_t> async_read_some(mutable_buffer b, use_awaitable_t);
};
template <class Protocol> struct basic_datagram_socket {
  std::size_t send_to(mutable_buffer b, int endpoint);
  std::size_t receive_from(mutable_buffer b, int &endpoint);
};
template <class Stream> std::size_t write(Stream &s, mutable_buffer b);
struct tcp {};
struct udp {};
} // namespace asio
using resolver = asio::ip::basic_resolver<asio::tcp>;
using tcp_socket = asio::basic_stream_socket<asio::tcp>;
using udp_socket = asio::basic_datagram_socket<asio::udp>;

// A callback-driven socket, and an address.
struct AsyncSocket {
  struct ConnectCallback {};
  void connect(ConnectCallback *cb, std::string host);
};
struct socket_address {};
std::size_t write_to(socket_address to, std::string data);

// ---------------------------------------------------------------- negatives

asio::awaitable<void> resolve_async(resolver &r, std::string host) {
  co_await r.async_resolve(host, "53", asio::use_awaitable);
}
asio::awaitable<void> read_async(tcp_socket &s, std::string &buf) {
  co_await s.async_read_some(asio::buffer(buf), asio::use_awaitable);
}
asio::awaitable<void> beacon(udp_socket &s, std::string &msg) {
  s.send_to(asio::buffer(msg), 0);
  co_return;
}
asio::awaitable<void> connect_by_callback(AsyncSocket &s,
                                          AsyncSocket::ConnectCallback &cb) {
  s.connect(&cb, "db:5432");
  co_return;
}
asio::awaitable<void> to_address(socket_address a, std::string data) {
  write_to(a, data);
  co_return;
}
// Outside a coroutine, blocking is the caller's business.
void resolve_blocking(resolver &r, std::string host) { r.resolve(host, "53"); }

// ---------------------------------------------------------------- positives

asio::awaitable<void> resolve_now(resolver &r, std::string host) {
  auto found = r.resolve(host, "53");
  // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: 'resolve' blocks the thread that runs the event loop (blocking I/O)
  co_return;
}
asio::awaitable<void> read_now(tcp_socket &s, std::string &buf) {
  s.read_some(asio::buffer(buf));
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'read_some' blocks the thread that runs the event loop (blocking I/O)
  asio::write(s, asio::buffer(buf));
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'write' blocks the thread that runs the event loop (blocking I/O)
  co_return;
}
asio::awaitable<void> await_reply(udp_socket &s, std::string &buf) {
  int from = 0;
  s.receive_from(asio::buffer(buf), from);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'receive_from' blocks the thread that runs the event loop (blocking I/O)
  co_return;
}
