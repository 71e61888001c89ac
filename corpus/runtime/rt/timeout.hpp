// rt::with_timeout: a deadline plus cancellation for one operation.
//
// The operation runs with an ambient stop token that fires when the deadline
// passes, when the caller's `cancel` token fires, or when the awaiting
// coroutine's own ambient token fires. Cancellation is cooperative: the rt
// waits inside the operation (sleep_for, Semaphore, Channel, drain,
// sim::Service) throw rt::Cancelled, the operation unwinds, and only then
// does with_timeout complete -- it never leaves work running behind it.
// If the operation failed after the deadline, rt::TimeoutError is thrown; if
// it finished successfully anyway, its value is returned. The deadline timer
// is removed on every path: success, error, cancellation, destruction.
#pragma once

#include "errors.hpp"
#include "loop.hpp"
#include "task.hpp"

#include <chrono>
#include <concepts>
#include <stop_token>

namespace rt {

namespace detail {

struct RequestStop {
  std::stop_source *source;
  void operator()() const noexcept { source->request_stop(); }
};

template <class T, class Make>
Task<T> timeout_core(Make make, EventLoop::duration timeout,
                     std::stop_token cancel) {
  auto &loop = current_loop("rt::with_timeout");
  std::stop_source source;
  std::stop_callback<RequestStop> on_cancel{std::move(cancel),
                                            RequestStop{&source}};
  std::stop_callback<RequestStop> on_caller{co_await current_stop_token(),
                                            RequestStop{&source}};
  bool timed_out = false;
  struct Deadline {
    EventLoop &loop;
    EventLoop::TimerId id;
    ~Deadline() { loop.cancel(id); }
  } deadline{loop, loop.call_after(timeout, [&] {
               timed_out = true;
               source.request_stop();
             })};
  Task<T> op = make(source.get_token());
  TaskAccess::bind_token(op, source.get_token());
  try {
    co_return co_await std::move(op);
  } catch (...) {
    if (timed_out)
      throw TimeoutError{
          std::chrono::duration_cast<std::chrono::milliseconds>(timeout)};
    throw;
  }
}

} // namespace detail

/// `op` with a deadline; `cancel` lets the caller cancel it from outside.
template <class T>
Task<T> with_timeout(Task<T> op, EventLoop::duration timeout,
                     std::stop_token cancel = {}) {
  return detail::timeout_core<T>(
      [op = std::move(op)](std::stop_token) mutable { return std::move(op); },
      timeout, std::move(cancel));
}

/// Same, for an operation that takes the cancellation token explicitly:
/// `make(token)` must return a Task.
template <class Make>
  requires std::invocable<Make &, std::stop_token>
auto with_timeout(Make make, EventLoop::duration timeout,
                  std::stop_token cancel = {}) {
  using T = typename std::invoke_result_t<Make &, std::stop_token>::value_type;
  return detail::timeout_core<T>(std::move(make), timeout, std::move(cancel));
}

} // namespace rt
