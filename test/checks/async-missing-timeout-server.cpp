// A server's own clients, against the real Asio headers: reads and writes on
// a socket the server accepted (awaited, given to a completion handler, or
// handed on to a session coroutine or a session object) wait on a client,
// and an idle client is normal: not reported, and never given a fixed
// deadline. Connections the server opens itself are reported as before.
// RUN: %check_asynclint --unsafe-fixes %s async-missing-timeout %t -- -std=c++20 %asioflags

#include <asio.hpp>
#include <asio/experimental/as_tuple.hpp>
#include <asio/experimental/awaitable_operators.hpp>
#include <array>
#include <chrono>
#include <memory>
#include <string>

using namespace std::chrono_literals;
using asio::ip::tcp;

// ------------------------------------------------- server side: silent

// Handed to a session coroutine by the accept loop.
asio::awaitable<void> echo(tcp::socket socket) {
  std::array<char, 1024> data;
  for (;;) {
    std::size_t n = co_await socket.async_read_some(asio::buffer(data),
                                                    asio::use_awaitable);
    co_await asio::async_write(socket, asio::buffer(data, n),
                               asio::use_awaitable);
  }
}

asio::awaitable<void> listener(tcp::acceptor &acceptor) {
  for (;;) {
    tcp::socket socket = co_await acceptor.async_accept(asio::use_awaitable);
    asio::co_spawn(acceptor.get_executor(), echo(std::move(socket)),
                   asio::detached);
  }
}

// A session object built from the accepted socket (the chat server shape).
class chat_session : public std::enable_shared_from_this<chat_session> {
public:
  explicit chat_session(tcp::socket socket) : socket_(std::move(socket)) {}
  void start() {
    asio::co_spawn(socket_.get_executor(), reader(), asio::detached);
  }

private:
  asio::awaitable<void> reader() {
    std::string line;
    for (;;) {
      std::size_t n = co_await asio::async_read_until(
          socket_, asio::dynamic_buffer(line, 1024), "\n", asio::use_awaitable);
      co_await asio::async_write(socket_, asio::buffer(line, n),
                                 asio::use_awaitable);
      line.erase(0, n);
    }
  }
  tcp::socket socket_;
};

asio::awaitable<void> chat_listener(tcp::acceptor acceptor) {
  for (;;)
    std::make_shared<chat_session>(
        co_await acceptor.async_accept(asio::use_awaitable))
        ->start();
}

// The socket is accepted into, then read in the same coroutine.
asio::awaitable<void> accept_into(tcp::acceptor &acceptor) {
  tcp::socket peer(acceptor.get_executor());
  co_await acceptor.async_accept(peer, asio::use_awaitable);
  std::array<char, 16> hello;
  co_await asio::async_read(peer, asio::buffer(hello), asio::use_awaitable);
}

// A completion handler is given the accepted socket.
class handler_session {
public:
  explicit handler_session(tcp::socket s) : sock_(std::move(s)) {}
  asio::awaitable<void> run() {
    std::array<char, 64> buf;
    co_await sock_.async_read_some(asio::buffer(buf), asio::use_awaitable);
  }

private:
  tcp::socket sock_;
};
void do_accept(tcp::acceptor &acceptor) {
  acceptor.async_accept([&](std::error_code ec, tcp::socket socket) {
    if (!ec)
      asio::co_spawn(acceptor.get_executor(),
                     std::make_shared<handler_session>(std::move(socket))->run(),
                     asio::detached);
  });
}

// ------------------------------------- connections the server opens itself

asio::awaitable<void> proxy(tcp::socket client, std::string host) {
  auto ex = co_await asio::this_coro::executor;
  tcp::resolver resolver(ex);
  auto endpoints =
      co_await resolver.async_resolve(host, "80", asio::use_awaitable);
  // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: 'async_resolve' waits on another service
  tcp::socket upstream(ex);
  co_await asio::async_connect(upstream, endpoints, asio::use_awaitable);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'async_connect' waits on another service
  std::array<char, 1024> data;
  std::size_t n = co_await client.async_read_some(asio::buffer(data),
                                                  asio::use_awaitable);
  co_await asio::async_write(upstream, asio::buffer(data, n),
                             asio::use_awaitable);
  // CHECK-MESSAGES: :[[@LINE-2]]:12: warning: 'async_write' waits on another service
}
// CHECK-FIXES: asio::steady_timer deadline(co_await asio::this_coro::executor, 2s);
// CHECK-FIXES-NEXT: auto first = co_await (resolver.async_resolve(host, "80", asio::use_awaitable) || deadline.async_wait(asio::use_awaitable));
// CHECK-FIXES: asio::steady_timer deadline2(co_await asio::this_coro::executor, 2s);
// CHECK-FIXES-NEXT: auto first2 = co_await (asio::async_connect(upstream, endpoints, asio::use_awaitable) || deadline2.async_wait(asio::use_awaitable));
// CHECK-FIXES: asio::steady_timer deadline3(co_await asio::this_coro::executor, 2s);

asio::awaitable<void> proxy_listener(tcp::acceptor &acceptor) {
  for (;;) {
    auto [ec, socket] = co_await acceptor.async_accept(
        asio::experimental::as_tuple(asio::use_awaitable));
    if (!ec)
      asio::co_spawn(acceptor.get_executor(),
                     proxy(std::move(socket), "backend"), asio::detached);
  }
}

// Not handed over by an accept: reported.
asio::awaitable<void> ask(tcp::socket &sock) {
  std::array<char, 8> reply;
  co_await asio::async_read(sock, asio::buffer(reply), asio::use_awaitable);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'async_read' waits on another service
}
// CHECK-FIXES: asio::steady_timer deadline(co_await asio::this_coro::executor, 2s);

// Handed on as the arguments of a function a nursery starts
// (`start(serve, std::move(socket))`, as std::invoke does).
struct Nursery {
  template <class F, class... A> void start(F f, A &&...a) {}
};
asio::awaitable<void> serve_invoked(tcp::socket sock) {
  std::array<char, 16> data;
  co_await sock.async_read_some(asio::buffer(data), asio::use_awaitable);
}
asio::awaitable<void> nursery_listener(tcp::acceptor &acceptor, Nursery &n) {
  while (true) {
    tcp::socket sock = co_await acceptor.async_accept(asio::use_awaitable);
    n.start(serve_invoked, std::move(sock));
  }
}

// A stream layered over a socket, as Beast's tcp_stream and ssl_stream are.
template <class Next> class framed_stream {
public:
  using executor_type = typename Next::executor_type;
  explicit framed_stream(Next next) : next_(std::move(next)) {}
  executor_type get_executor() { return next_.get_executor(); }
  template <class Buffers, class Token>
  auto async_read_some(const Buffers &buffers, Token &&token) {
    return next_.async_read_some(buffers, std::forward<Token>(token));
  }

private:
  Next next_;
};

// A stream built around the accepted socket carries the connection on.
asio::awaitable<void> framed_session(tcp::acceptor &acceptor) {
  tcp::socket sock = co_await acceptor.async_accept(asio::use_awaitable);
  framed_stream<tcp::socket> stream(std::move(sock));
  std::array<char, 16> data;
  co_await asio::async_read(stream, asio::buffer(data), asio::use_awaitable);
}

// A stream built around the accepted socket in the call that hands it to
// the session, which lends it on to a helper by reference.
asio::awaitable<void> drain_until_closed(framed_stream<tcp::socket> &stream) {
  std::array<char, 16> data;
  co_await asio::async_read(stream, asio::buffer(data), asio::use_awaitable);
}
asio::awaitable<void> framed_peer(framed_stream<tcp::socket> stream) {
  co_await drain_until_closed(stream);
}
asio::awaitable<void> framed_listener(tcp::acceptor &acceptor) {
  for (;;) {
    tcp::socket sock = co_await acceptor.async_accept(asio::use_awaitable);
    asio::co_spawn(acceptor.get_executor(),
                   framed_peer(framed_stream<tcp::socket>{std::move(sock)}),
                   asio::detached);
  }
}

// A stream built the same way around a socket nobody accepted.
asio::awaitable<void> drain_client(framed_stream<tcp::socket> stream) {
  std::array<char, 16> data;
  co_await asio::async_read(stream, asio::buffer(data), asio::use_awaitable);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'async_read' waits on another service
}
asio::awaitable<void> framed_dialer(tcp::socket sock) {
  co_await drain_client(framed_stream<tcp::socket>{std::move(sock)});
}

// A stream built around a socket nobody accepted: reported.
asio::awaitable<void> framed_client(tcp::socket sock) {
  framed_stream<tcp::socket> stream(std::move(sock));
  std::array<char, 16> data;
  co_await asio::async_read(stream, asio::buffer(data), asio::use_awaitable);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'async_read' waits on another service
}
// CHECK-FIXES: asio::steady_timer deadline(co_await asio::this_coro::executor, 2s);

// A loopback test that drives the server's end itself with a blocking
// accept between its client operations: the program talks to itself.
void loopback_with_blocking_accept(asio::io_context &io) {
  tcp::acceptor acceptor(io, tcp::endpoint(tcp::v4(), 0));
  asio::co_spawn(
      io,
      [&]() -> asio::awaitable<void> {
        tcp::socket client(io);
        co_await client.async_connect(acceptor.local_endpoint(),
                                      asio::use_awaitable);
        tcp::socket server = acceptor.accept();
        asio::write(server, asio::buffer("ping", 4));
        std::array<char, 4> reply;
        co_await asio::async_read(client, asio::buffer(reply),
                                  asio::use_awaitable);
      },
      asio::detached);
}

// A proxy lambda awaits its accept and connects upstream: still reported.
void proxy_in_lambda(asio::io_context &io, tcp::endpoint backend) {
  tcp::acceptor acceptor(io, tcp::endpoint(tcp::v4(), 0));
  asio::co_spawn(
      io,
      [&]() -> asio::awaitable<void> {
        tcp::socket client = co_await acceptor.async_accept(asio::use_awaitable);
        tcp::socket upstream(io);
        co_await upstream.async_connect(backend, asio::use_awaitable);
        // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: 'async_connect' waits on another service
        (void)client;
      },
      asio::detached);
}
