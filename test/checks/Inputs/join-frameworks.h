// Stand-ins mirroring the real declarations of folly::coro, cppcoro,
// Boost.Cobalt, async_simple, libcoro and concurrencpp: the names,
// namespaces, template shapes and what awaiting each call yields. Only what
// the join, executor and blocking tests need.
#pragma once
#include <chrono>
#include <coroutine>
#include <exception>
#include <memory>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

namespace joinmock {
template <class T> struct Returns {
  void return_value(T) {}
};
template <> struct Returns<void> {
  void return_void() {}
};
// A lazy task type of some framework, awaited for a T.
template <class T> struct Lazy {
  template <class Self> struct promise : Returns<T> {
    Self get_return_object() { return {}; }
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    void unhandled_exception() {}
  };
};
// An awaiter yielding R (what a join's call returns).
template <class R> struct Awaiter {
  bool await_ready() { return false; }
  void await_suspend(std::coroutine_handle<>) {}
  R await_resume();
};
template <class A>
using await_result_t = decltype(std::declval<A &>().await_resume());
} // namespace joinmock

// ------------------------------------------------------------------ folly
namespace folly {
struct Unit {};
template <class T> class Try {
public:
  bool hasValue() const;
  bool hasException() const;
  T &value();
};
class Executor {};
class CPUThreadPoolExecutor : public Executor {
public:
  explicit CPUThreadPoolExecutor(std::size_t threads);
};
class IOThreadPoolExecutor : public Executor {};
template <bool MayBlock = true> class Baton {
public:
  void post();
  void wait();
  bool try_wait();
};
namespace coro {
template <class T = void> class Task {
public:
  struct promise_type : joinmock::Lazy<T>::template promise<Task> {};
  bool await_ready() { return false; }
  void await_suspend(std::coroutine_handle<>) {}
  T await_resume();
};
namespace detail {
template <class A> struct component {
  using type = joinmock::await_result_t<A>;
};
template <> struct component<Task<void>> {
  using type = Unit;
};
template <class A> using collect_all_component_t = typename component<A>::type;
} // namespace detail
template <class... SemiAwaitables>
auto collectAll(SemiAwaitables &&...awaitables) -> Task<std::tuple<
    detail::collect_all_component_t<std::remove_cvref_t<SemiAwaitables>>...>>;
template <class... SemiAwaitables>
auto collectAllTry(SemiAwaitables &&...awaitables) -> Task<std::tuple<Try<
    detail::collect_all_component_t<std::remove_cvref_t<SemiAwaitables>>>...>>;
template <class InputRange>
auto collectAllRange(InputRange awaitables) -> Task<std::vector<
    detail::collect_all_component_t<typename InputRange::value_type>>>;
template <class InputRange>
auto collectAllTryRange(InputRange awaitables) -> Task<std::vector<Try<
    detail::collect_all_component_t<typename InputRange::value_type>>>>;
template <class InputRange>
auto collectAllWindowed(InputRange awaitables, std::size_t maxConcurrency)
    -> Task<std::vector<
        detail::collect_all_component_t<typename InputRange::value_type>>>;
template <class InputRange>
auto collectAllTryWindowed(InputRange awaitables, std::size_t maxConcurrency)
    -> Task<std::vector<Try<
        detail::collect_all_component_t<typename InputRange::value_type>>>>;
template <class T> T blockingWait(Task<T> task);
template <class T> Task<T> co_withExecutor(Executor *executor, Task<T> task);
template <class F> auto co_invoke(F f) -> decltype(f()) { return f(); }
} // namespace coro
} // namespace folly

// ---------------------------------------------------------------- cppcoro
namespace cppcoro {
template <class T = void> class task {
public:
  struct promise_type : joinmock::Lazy<T>::template promise<task> {};
  bool await_ready() { return false; }
  void await_suspend(std::coroutine_handle<>) {}
  T await_resume();
};
namespace detail {
template <class T> class when_all_task {
public:
  T &result();
};
} // namespace detail
template <class... Awaitables>
joinmock::Awaiter<std::tuple<joinmock::await_result_t<Awaitables>...>>
when_all(Awaitables &&...awaitables);
template <class Awaitable,
          class Result = joinmock::await_result_t<Awaitable>>
joinmock::Awaiter<std::vector<Result>>
when_all(std::vector<Awaitable> awaitables);
template <class... Awaitables>
joinmock::Awaiter<std::tuple<
    detail::when_all_task<joinmock::await_result_t<Awaitables>>...>>
when_all_ready(Awaitables &&...awaitables);
template <class Awaitable>
joinmock::Awaiter<std::vector<
    detail::when_all_task<joinmock::await_result_t<Awaitable>>>>
when_all_ready(std::vector<Awaitable> awaitables);
class static_thread_pool {
public:
  class schedule_operation {
  public:
    bool await_ready() noexcept { return false; }
    void await_suspend(std::coroutine_handle<>) noexcept {}
    void await_resume() noexcept {}
  };
  explicit static_thread_pool(unsigned threads);
  [[nodiscard]] schedule_operation schedule() noexcept;
};
class io_service {
public:
  class schedule_operation {
  public:
    bool await_ready() noexcept { return false; }
    void await_suspend(std::coroutine_handle<>) noexcept {}
    void await_resume() noexcept {}
  };
  [[nodiscard]] schedule_operation schedule() noexcept;
  std::uint64_t process_events();
};
template <class T> T sync_wait(task<T> t);
} // namespace cppcoro

// ---------------------------------------------------------- Boost.Cobalt
namespace boost::system {
template <class T, class E> class result {
public:
  bool has_value() const;
  T &value();
};
} // namespace boost::system
namespace boost::cobalt {
template <class T = void> class task {
public:
  struct promise_type : joinmock::Lazy<T>::template promise<task> {};
  bool await_ready() { return false; }
  void await_suspend(std::coroutine_handle<>) {}
  T await_resume();
};
// join: the values, or the first exception; gather: every outcome.
template <class... Aws>
joinmock::Awaiter<std::tuple<joinmock::await_result_t<Aws>...>>
join(Aws &&...aws);
template <class Aw>
joinmock::Awaiter<std::vector<joinmock::await_result_t<Aw>>>
join(std::vector<Aw> aws);
template <class Aw>
joinmock::Awaiter<std::vector<
    system::result<joinmock::await_result_t<Aw>, std::exception_ptr>>>
gather(std::vector<Aw> aws);
} // namespace boost::cobalt

// ---------------------------------------------------------------- libcoro
namespace coro {
template <class T = void> class task {
public:
  struct promise_type : joinmock::Lazy<T>::template promise<task> {};
  bool await_ready() { return false; }
  void await_suspend(std::coroutine_handle<>) {}
  T await_resume();
};
class thread_pool {
public:
  class operation {
  public:
    bool await_ready() noexcept { return false; }
    void await_suspend(std::coroutine_handle<>) noexcept {}
    void await_resume() noexcept {}
  };
  struct options {
    unsigned thread_count = 1;
  };
  explicit thread_pool(options o);
  [[nodiscard]] operation schedule();
};
class io_scheduler {
public:
  [[nodiscard]] thread_pool::operation schedule();
  task<int> poll(int fd, int op, int timeout_ms = 0);
};
} // namespace coro

// ----------------------------------------------------------- concurrencpp
namespace concurrencpp {
enum class result_status { idle, value, exception };
template <class T> class result {
public:
  struct promise_type : joinmock::Returns<T> {
    result get_return_object() { return {}; }
    std::suspend_never initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    void unhandled_exception() {}
  };
  bool await_ready() { return false; }
  void await_suspend(std::coroutine_handle<>) {}
  T await_resume();
  T get();
  void wait();
  result_status status() const;
  template <class Rep, class Period>
  int wait_for(std::chrono::duration<Rep, Period> limit);
};
class thread_pool_executor {};
class thread_executor {};
class manual_executor {};
struct executor_tag {};
struct resume_on_awaitable {
  bool await_ready() noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) noexcept {}
  void await_resume() noexcept {}
};
template <class executor_type>
resume_on_awaitable resume_on(std::shared_ptr<executor_type> executor);
} // namespace concurrencpp

// ---------------------------------------------------------- async_simple
namespace async_simple::coro {
template <class T = void> class Lazy {
public:
  struct promise_type : joinmock::Lazy<T>::template promise<Lazy> {};
  bool await_ready() { return false; }
  void await_suspend(std::coroutine_handle<>) {}
  T await_resume();
};
template <class T> T syncAwait(Lazy<T> lazy);
} // namespace async_simple::coro
