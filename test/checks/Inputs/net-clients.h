// Mocks of framework network clients, declared as the real libraries
// declare them: libcoro's coro::net::tcp::client (include/coro/net/tcp/
// client.hpp: connect/read_some/write_some/poll take a timeout that defaults
// to 0 ms, meaning none; recv/send are non-blocking and not awaitable) and
// folly::coro::Transport (folly/io/coro/Transport.h: read/write take a
// timeout defaulting to 0 ms). A minimal lazy task type stands in for
// coro::task and folly::coro::Task.
#pragma once
#include <chrono>
#include <coroutine>
#include <cstddef>
#include <exception>
#include <span>
#include <string>
#include <utility>

namespace netmock {
template <class T> struct value_slot {
  T value{};
  void return_value(T v) { value = std::move(v); }
};
template <> struct value_slot<void> {
  void return_void() {}
};
template <class T = void> class [[nodiscard]] lazy {
public:
  struct promise_type : value_slot<T> {
    lazy get_return_object() {
      return lazy{std::coroutine_handle<promise_type>::from_promise(*this)};
    }
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    void unhandled_exception() { std::terminate(); }
  };
  explicit lazy(std::coroutine_handle<promise_type> h) : h_(h) {}
  lazy(lazy &&o) noexcept : h_(std::exchange(o.h_, {})) {}
  ~lazy() {
    if (h_)
      h_.destroy();
  }
  bool await_ready() const noexcept { return false; }
  std::coroutine_handle<> await_suspend(std::coroutine_handle<>) noexcept {
    return h_;
  }
  T await_resume() {
    if constexpr (!std::is_void_v<T>)
      return std::move(h_.promise().value);
  }

private:
  std::coroutine_handle<promise_type> h_;
};
} // namespace netmock

namespace coro {
template <class T = void> using task = netmock::lazy<T>;
enum class poll_op { read, write, read_write };
enum class poll_status { event, timeout, error, closed };
namespace net {
enum class connect_status { connected, invalid_ip_address, timeout, error };
enum class io_status { ok, closed, timeout, would_block, error };
namespace tcp {
class client {
public:
  auto connect(std::chrono::milliseconds timeout = std::chrono::milliseconds{0})
      -> coro::task<net::connect_status>;
  template <class buffer_type>
  auto read_some(buffer_type &buffer,
                 const std::chrono::milliseconds timeout =
                     std::chrono::milliseconds{0})
      -> coro::task<std::pair<io_status, std::span<char>>>;
  template <class buffer_type>
  auto write_some(const buffer_type &buffer,
                  const std::chrono::milliseconds timeout =
                      std::chrono::milliseconds{0})
      -> coro::task<std::pair<io_status, std::span<const char>>>;
  auto poll(const coro::poll_op op, const std::chrono::milliseconds timeout =
                                        std::chrono::milliseconds{0})
      -> coro::task<coro::poll_status>;
  template <class buffer_type>
  auto recv(buffer_type &&buffer) -> std::pair<io_status, std::span<char>>;
};
} // namespace tcp
} // namespace net
} // namespace coro

namespace folly {
struct Unit {};
struct ByteRange {
  const unsigned char *b = nullptr, *e = nullptr;
};
struct MutableByteRange {
  unsigned char *b = nullptr, *e = nullptr;
};
namespace coro {
template <class T = void> using Task = netmock::lazy<T>;
class Transport {
public:
  Task<std::size_t> read(MutableByteRange buf,
                         std::chrono::milliseconds timeout =
                             std::chrono::milliseconds(0));
  Task<Unit> write(ByteRange buf, std::chrono::milliseconds timeout =
                                      std::chrono::milliseconds(0));
};
template <class T>
Task<T> timeout(Task<T> task, std::chrono::milliseconds after);
} // namespace coro
} // namespace folly
