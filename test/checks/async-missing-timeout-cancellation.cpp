// RUN: %check_asynclint %s async-missing-timeout %t -- -std=c++20

// Retry loops without a token, in frameworks that cancel a coroutine by
// making its awaits throw: each framework's profile names that error
// (folly: OperationCancelled; Boost.Asio and Cobalt: boost::system's
// system_error) and how a coroutine reads its own cancellation state. A
// handler that swallows the error keeps the loop retrying after the caller
// has cancelled.
#include <chrono>
#include <coroutine>
#include <exception>
#include <stdexcept>
#include <string>
#include <vector>

template <class T> struct Returns {
  template <class U> void return_value(U &&) {}
};
template <> struct Returns<void> {
  void return_void() {}
};

#define LAZY_TASK(Name)                                                        \
  template <class T = void> struct Name {                                      \
    struct promise_type : Returns<T> {                                         \
      Name get_return_object() { return {}; }                                  \
      std::suspend_always initial_suspend() noexcept { return {}; }            \
      std::suspend_always final_suspend() noexcept { return {}; }              \
      void unhandled_exception() {}                                            \
    };                                                                         \
    bool await_ready() { return false; }                                       \
    void await_suspend(std::coroutine_handle<>) {}                             \
    T await_resume();                                                          \
  };

namespace folly {
struct OperationCancelled : std::exception {};
class exception_wrapper {
public:
  exception_wrapper() = default;
  explicit exception_wrapper(std::exception_ptr);
  template <class E> bool is_compatible_with() const;
};
class CancellationToken {
public:
  bool isCancellationRequested() const noexcept;
};
namespace coro {
LAZY_TASK(Task)
struct co_current_cancellation_token_t {
  bool await_ready() const { return true; }
  void await_suspend(std::coroutine_handle<>) const {}
  CancellationToken await_resume() const;
};
inline constexpr co_current_cancellation_token_t co_current_cancellation_token;
Task<void> sleep(std::chrono::milliseconds);
} // namespace coro
} // namespace folly

namespace boost {
namespace system {
struct system_error : std::runtime_error {
  using std::runtime_error::runtime_error;
};
} // namespace system
namespace cobalt {
LAZY_TASK(task)
} // namespace cobalt
namespace asio {
LAZY_TASK(awaitable)
} // namespace asio
} // namespace boost

// A framework without implicit cancellation: its loops are cancelled
// through tokens they are handed, or not at all.
namespace plain {
LAZY_TASK(job)
} // namespace plain

folly::coro::Task<int> deliver(std::string to);
folly::coro::Task<std::string> next_request();
folly::coro::Task<void> respond(std::string request, std::exception_ptr e);
boost::cobalt::task<void> connect_once();
boost::asio::awaitable<int> read_once();
plain::job<int> attempt_once();

// ------------------------------------------------------------- positives

folly::coro::Task<int> resend(std::string to) {
  for (int attempt = 0;; ++attempt) {
    // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: this retry loop catches the error a cancellation raises and never checks the coroutine's cancellation state: after the caller cancels, it keeps retrying [async-missing-timeout]
    try {
      co_return co_await deliver(to);
    } catch (const std::exception &) {
      // CHECK-MESSAGES: :[[@LINE-1]]:7: note: the error a cancellation raises is caught here
    }
    co_await folly::coro::sleep(std::chrono::milliseconds(100));
  }
}

boost::cobalt::task<void> reconnect() {
  for (;;) {
    // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: this retry loop catches the error a cancellation raises
    try {
      co_await connect_once();
      co_return;
    } catch (const boost::system::system_error &) {
      // CHECK-MESSAGES: :[[@LINE-1]]:7: note: the error a cancellation raises is caught here
    }
  }
}

// Boost.Asio throws boost::system::system_error, which is no
// std::system_error.
boost::asio::awaitable<int> reread() {
  while (true) {
    // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: this retry loop catches the error a cancellation raises
    try {
      co_return co_await read_once();
    } catch (const std::runtime_error &) {
      // CHECK-MESSAGES: :[[@LINE-1]]:7: note: the error a cancellation raises is caught here
    }
  }
}

// ------------------------------------------------------------- negatives

// The cancellation's own handler comes first and rethrows.
folly::coro::Task<int> resend_cancellable(std::string to) {
  for (int attempt = 0;; ++attempt) {
    try {
      co_return co_await deliver(to);
    } catch (const folly::OperationCancelled &) {
      throw;
    } catch (const std::exception &) {
    }
  }
}

// The loop reads the coroutine's cancellation token.
folly::coro::Task<int> resend_checking(std::string to) {
  for (int attempt = 0;; ++attempt) {
    try {
      co_return co_await deliver(to);
    } catch (const std::exception &) {
    }
    if ((co_await folly::coro::co_current_cancellation_token)
            .isCancellationRequested())
      co_return -1;
  }
}

// OperationCancelled is no runtime_error: this handler lets it through.
folly::coro::Task<int> resend_runtime_errors(std::string to) {
  for (int attempt = 0;; ++attempt) {
    try {
      co_return co_await deliver(to);
    } catch (const std::runtime_error &) {
    }
  }
}

// The handler rethrows the aborted operation.
boost::cobalt::task<void> reconnect_cancellable(bool (*aborted)(
    const boost::system::system_error &)) {
  for (;;) {
    try {
      co_await connect_once();
      co_return;
    } catch (const boost::system::system_error &e) {
      if (aborted(e))
        throw;
    }
  }
}

// A worker walking a range: a failed element is recorded and the next one
// taken, nothing is tried again.
folly::coro::Task<void> deliver_all(std::vector<std::string> to,
                                    std::exception_ptr &first) {
  auto next = to.begin();
  while (next != to.end()) {
    std::string one = *next;
    ++next;
    try {
      co_await deliver(one);
    } catch (...) {
      if (!first)
        first = std::current_exception();
    }
  }
}

// The same over a range.
folly::coro::Task<void> deliver_each(std::vector<std::string> to) {
  for (const std::string &one : to) {
    try {
      co_await deliver(one);
    } catch (...) {
    }
  }
}

// A framework that does not cancel by throwing: nothing to swallow.
plain::job<int> retry_plain() {
  for (;;) {
    try {
      co_return co_await attempt_once();
    } catch (...) {
    }
  }
}

// A handler that leaves the loop.
boost::asio::awaitable<int> reread_once_more() {
  for (int attempt = 0; attempt < 3; ++attempt) {
    try {
      co_return co_await read_once();
    } catch (const std::runtime_error &) {
      break;
    }
  }
  co_return -1;
}

// A worker handling what each iteration receives: the attempt is on a new
// request every time round, and its failure goes back to the requester.
folly::coro::Task<void> serve_requests() {
  for (;;) {
    std::string request = co_await next_request();
    std::exception_ptr failure;
    try {
      co_await deliver(request);
    } catch (...) {
      failure = std::current_exception();
    }
    co_await respond(request, failure);
  }
}

// The caught error is asked whether it is the cancellation.
folly::coro::Task<int> retry_when(std::string to) {
  while (true) {
    folly::exception_wrapper error;
    try {
      co_return co_await deliver(to);
    } catch (...) {
      error = folly::exception_wrapper(std::current_exception());
    }
    if (error.is_compatible_with<folly::OperationCancelled>())
      co_return -1;
  }
}
