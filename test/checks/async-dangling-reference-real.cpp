// The check against real standalone Asio and libstdc++: asio::awaitable is
// lazy, co_spawn starts the task after the spawning statement, and
// std::string temporaries and loop copies die before it runs.
// RUN: %check_asynclint %s async-dangling-reference %t -- -std=c++20 -pthread %asioflags

#include <asio.hpp>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

asio::awaitable<void> greet(const std::string &name) {
  co_await asio::post(asio::use_awaitable);
  (void)name.size();
}
asio::awaitable<void> log_line(std::string_view line) {
  co_await asio::post(asio::use_awaitable);
  (void)line.size();
}

void spawn_greetings(asio::io_context &ctx, std::vector<std::string> names) {
  asio::co_spawn(ctx, greet(std::string("operator")), asio::detached);
  // CHECK-MESSAGES: :[[@LINE-1]]:29: warning: reference parameter 'name' of lazy coroutine 'greet' is bound to this temporary, which is destroyed at the end of the statement, but the task is spawned: the coroutine reads a dangling reference when it runs [async-dangling-reference]
  // CHECK-MESSAGES: :12:48: note: parameter declared here; take it by value
  // CHECK-FIXES: asio::awaitable<void> greet(const std::string name) {
  for (std::string name : names)
    asio::co_spawn(ctx, [&] { return greet(name); }, asio::detached);
  // CHECK-MESSAGES: :[[@LINE-1]]:26: warning: 'name' is captured by reference by a callable that 'co_spawn' runs later, but it is destroyed at the end of this loop iteration
  // CHECK-MESSAGES: :[[@LINE-3]]:20: note: 'name' declared here; capture it by value
  // CHECK-FIXES: asio::co_spawn(ctx, [&, name] { return greet(name); }, asio::detached);
  for (std::string line : names)
    asio::co_spawn(ctx, log_line(line), asio::detached);
  // CHECK-MESSAGES: :[[@LINE-1]]:34: warning: view parameter 'line' of lazy coroutine 'log_line' is bound to 'line', which is destroyed at the end of this loop iteration, but the task is spawned
}

// A session owned through shared_ptr that spawns its loop without a share.
class Session : public std::enable_shared_from_this<Session> {
public:
  explicit Session(asio::ip::tcp::socket socket) : socket_(std::move(socket)) {}
  void start() {
    asio::co_spawn(socket_.get_executor(), reader(), asio::detached);
    // CHECK-MESSAGES: :[[@LINE-1]]:44: warning: 'co_spawn' spawns a coroutine that uses 'this' of 'Session', an object owned through shared_ptr, without holding a share of it
    // CHECK-MESSAGES: :[[@LINE-2]]:44: note: keep the object alive
  }
  void start_owned() {
    asio::co_spawn(socket_.get_executor(),
                   [self = shared_from_this()] { return self->reader(); },
                   asio::detached);
  }

private:
  asio::awaitable<void> reader() {
    char data[64];
    co_await socket_.async_read_some(asio::buffer(data), asio::use_awaitable);
  }
  asio::ip::tcp::socket socket_;
};

// Negatives: awaited in the spawning statement, arguments that outlive the
// task, by-reference loops.
asio::awaitable<void> awaited(std::vector<std::string> names) {
  co_await greet(std::string("operator"));
  co_await asio::co_spawn(co_await asio::this_coro::executor,
                          greet(std::string("x")), asio::use_awaitable);
  for (const std::string &name : names)
    co_await greet(name);
}

void spawn_outliving(asio::io_context &ctx, const std::vector<std::string> &names) {
  static const std::string admin = "admin";
  asio::co_spawn(ctx, greet(admin), asio::detached);
  for (const std::string &name : names)
    asio::co_spawn(ctx, greet(name), asio::detached);
  asio::co_spawn(ctx, log_line("a literal lives forever"), asio::detached);
}
