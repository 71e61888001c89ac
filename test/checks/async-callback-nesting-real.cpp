// The check against real Asio and libstdc++.
// RUN: %check_asynclint %s async-callback-nesting %t -- -std=c++20 %asioflags

#include <asio.hpp>
#include <functional>
#include <string>

using asio::ip::tcp;

// A request/response exchange written with completion handlers: resolve,
// connect, write, read, each forwarding its error to the caller by hand.
class Client {
public:
  explicit Client(asio::io_context &io) : resolver_(io), socket_(io) {}

  void fetch(const std::string &host,
             std::function<void(std::error_code, std::string)> done) {
    done_ = std::move(done);
    resolver_.async_resolve(host, "80", [this](std::error_code ec,
                                               tcp::resolver::results_type endpoints) {
    // CHECK-MESSAGES: :[[@LINE-2]]:5: warning: 4 callbacks nested, each forwarding its error by hand{{.*}} (no fix: 'async_resolve' is an Asio operation; await it with use_awaitable) [async-callback-nesting]
      if (ec)
        return done_(ec, {});
      // CHECK-MESSAGES: :[[@LINE-2]]:7: note: level 1 forwards its error by hand
      asio::async_connect(socket_, endpoints, [this](std::error_code ec, const tcp::endpoint &) {
        if (ec)
          return done_(ec, {});
        // CHECK-MESSAGES: :[[@LINE-2]]:9: note: level 2 forwards its error by hand
        asio::async_write(socket_, asio::buffer(request_), [this](std::error_code ec, std::size_t) {
          if (ec)
            return done_(ec, {});
          // CHECK-MESSAGES: :[[@LINE-2]]:11: note: level 3 forwards its error by hand
          asio::async_read(socket_, asio::dynamic_buffer(response_),
                           [this](std::error_code ec, std::size_t) {
                             if (ec)
                               return done_(ec, {});
                             // CHECK-MESSAGES: :[[@LINE-2]]:30: note: level 4 forwards its error by hand
                             done_({}, response_);
                           });
        });
      });
    });
  }

  // Continues only on success: no error is forwarded by hand.
  void echo() {
    asio::async_read(socket_, asio::dynamic_buffer(response_),
                     [this](std::error_code ec, std::size_t) {
                       if (!ec)
                         asio::async_write(socket_, asio::buffer(response_),
                                           [this](std::error_code ec, std::size_t) {
                                             if (!ec)
                                               echo();
                                           });
                     });
  }

  // Two levels are allowed.
  void send(std::function<void(std::error_code)> done) {
    asio::async_write(socket_, asio::buffer(request_),
                      [this, done](std::error_code ec, std::size_t) {
                        if (ec)
                          return done(ec);
                        asio::async_read(socket_, asio::dynamic_buffer(response_),
                                         [done](std::error_code ec, std::size_t) {
                                           done(ec);
                                         });
                      });
  }

  // The flat form: a coroutine awaiting the same operations.
  asio::awaitable<std::string> fetch_flat(std::string host) {
    auto endpoints = co_await resolver_.async_resolve(host, "80", asio::use_awaitable);
    co_await asio::async_connect(socket_, endpoints, asio::use_awaitable);
    co_await asio::async_write(socket_, asio::buffer(request_), asio::use_awaitable);
    co_return response_;
  }

private:
  tcp::resolver resolver_;
  tcp::socket socket_;
  std::string request_ = "GET / HTTP/1.0\r\n\r\n", response_;
  std::function<void(std::error_code, std::string)> done_;
};
