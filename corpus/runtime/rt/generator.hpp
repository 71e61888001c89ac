// rt::Generator<T>: a lazy, pull-based async generator.
//
// The body may both `co_yield` values and `co_await` tasks. Nothing runs
// until the consumer pulls: each `co_await gen.next()` resumes the body up to
// its next co_yield (-> the value) or its end (-> std::nullopt); an exception
// thrown by the body is rethrown from next(). So demand flows upstream: a
// stage only produces when the stage after it asks.
//
//   while (auto line = co_await lines.next()) ...
//
// Combinators (each takes ownership of its source):
//   filter(gen, pred)            keeps items for which pred(item) holds
//   map(gen, fn)                 fn(item); one at a time
//   map_bounded(gen, fn, limit)  fn(item) -> Task<U>, up to `limit` items
//                                running or awaiting pickup at once; pulls a
//                                new item only when a slot is free; yields
//                                results in completion order
//   map_ordered(gen, fn, limit)  the same, but yields results in the order
//                                of the items (a slow item holds back the
//                                results after it, and their slots)
// When `gen` fails, the bounded maps first yield the results of the items
// taken before the failure, then rethrow it.
// pred/fn may return a plain value or a Task (which is awaited).
#pragma once

#include "detail/child.hpp"
#include "result.hpp"
#include "task.hpp"

#include <algorithm>
#include <coroutine>
#include <deque>
#include <exception>
#include <list>
#include <optional>
#include <stdexcept>
#include <type_traits>
#include <utility>

namespace rt {

template <class T> class [[nodiscard]] Generator {
public:
  class promise_type {
  public:
    Generator get_return_object() noexcept {
      return Generator{
          std::coroutine_handle<promise_type>::from_promise(*this)};
    }
    std::suspend_always initial_suspend() noexcept { return {}; }
    auto final_suspend() noexcept { return ToConsumer{}; }
    auto yield_value(T value) {
      current_.emplace(std::move(value));
      return ToConsumer{};
    }
    void return_void() noexcept {}
    void unhandled_exception() noexcept { error_ = std::current_exception(); }
    std::stop_token rt_stop_token() const noexcept { return token_; }
    void set_rt_stop_token(std::stop_token t) noexcept {
      token_ = std::move(t);
    }

  private:
    friend class Generator;
    struct ToConsumer {
      bool await_ready() noexcept { return false; }
      std::coroutine_handle<>
      await_suspend(std::coroutine_handle<promise_type> h) noexcept {
        return h.promise().consumer_;
      }
      void await_resume() noexcept {}
    };

    std::optional<T> current_;
    std::exception_ptr error_;
    std::coroutine_handle<> consumer_;
    std::stop_token token_;
  };

  Generator(Generator &&other) noexcept : h_(std::exchange(other.h_, {})) {}
  Generator &operator=(Generator other) noexcept {
    std::swap(h_, other.h_);
    return *this;
  }
  ~Generator() {
    if (h_)
      h_.destroy();
  }

  /// `co_await gen.next()`: the next item, or std::nullopt at the end.
  auto next() noexcept { return Next{h_}; }

private:
  struct Next {
    std::coroutine_handle<promise_type> h;
    bool await_ready() const noexcept { return !h || h.done(); }
    template <class P>
    std::coroutine_handle<>
    await_suspend(std::coroutine_handle<P> consumer) noexcept {
      h.promise().consumer_ = consumer;
      detail::inherit_token(h.promise(), consumer);
      return h;
    }
    std::optional<T> await_resume() {
      if (!h)
        return std::nullopt;
      auto &promise = h.promise();
      if (promise.error_)
        std::rethrow_exception(std::exchange(promise.error_, nullptr));
      return std::exchange(promise.current_, std::nullopt);
    }
  };

  explicit Generator(std::coroutine_handle<promise_type> h) noexcept : h_(h) {}
  std::coroutine_handle<promise_type> h_;
};

namespace detail {

template <class> inline constexpr bool is_task = false;
template <class T> inline constexpr bool is_task<Task<T>> = true;

/// The value of fn(args...), awaited if it is a Task.
template <class R> struct Awaited {
  using type = R;
};
template <class T> struct Awaited<Task<T>> {
  using type = T;
};
template <class Fn, class... Args>
using awaited_result_t =
    typename Awaited<std::invoke_result_t<Fn &, Args...>>::type;

/// Children running fn(item) for the bounded maps; results queue up in
/// completion order, each with the position of its item.
template <class U> class InFlight final : public Completion {
public:
  explicit InFlight(bool ordered) noexcept : ordered_(ordered) {}

  /// Items taken from upstream and not yet handed downstream.
  std::size_t outstanding() const noexcept {
    return running_ + results_.size();
  }

  void start(Task<U> task, std::stop_token token) {
    children_.push_back(collect(std::move(task), *this, started_++));
    ++running_;
    children_.back().start(*this, std::move(token));
  }

  /// Suspends until the next result to hand downstream is available.
  auto next_result() {
    struct Wait {
      InFlight &self;
      bool await_ready() const noexcept {
        return self.ready() != self.results_.end();
      }
      void await_suspend(std::coroutine_handle<> h) noexcept {
        self.waiter_ = h;
      }
      void await_resume() const noexcept {}
    };
    return Wait{*this};
  }

  std::optional<Result<U>> take() {
    std::erase_if(children_, [](const Child &c) { return c.done(); });
    auto it = ready();
    if (it == results_.end())
      return std::nullopt;
    auto result = std::move(it->second);
    results_.erase(it);
    ++taken_;
    return result;
  }

  std::coroutine_handle<> child_done() noexcept override {
    --running_;
    if (auto waiter = std::exchange(waiter_, nullptr))
      return waiter;
    return std::noop_coroutine();
  }

private:
  using Results = std::deque<std::pair<std::size_t, Result<U>>>;

  /// The oldest finished result; in order, only the next item's.
  typename Results::iterator ready() {
    if (!ordered_)
      return results_.begin();
    return std::find_if(results_.begin(), results_.end(),
                        [&](const auto &r) { return r.first == taken_; });
  }

  static Child collect(Task<U> task, InFlight &self, std::size_t position) {
    try {
      self.results_.emplace_back(position, co_await std::move(task));
    } catch (...) {
      self.results_.emplace_back(position, std::current_exception());
    }
  }

  const bool ordered_;
  std::list<Child> children_;
  Results results_;
  std::size_t running_ = 0, started_ = 0, taken_ = 0;
  std::coroutine_handle<> waiter_;
};

template <class T, class Fn, class U>
Generator<U> map_in_flight(Generator<T> source, Fn fn, std::size_t limit,
                           bool ordered) {
  if (limit == 0)
    throw std::invalid_argument("rt: a bounded map's limit must be positive");
  auto token = co_await current_stop_token();
  InFlight<U> in_flight(ordered);
  std::exception_ptr failed;
  bool exhausted = false;
  for (;;) {
    // A slot frees up only once its result was pulled downstream.
    while (!exhausted && in_flight.outstanding() < limit) {
      try {
        if (auto item = co_await source.next())
          in_flight.start(fn(std::move(*item)), token);
        else
          exhausted = true;
      } catch (...) {
        failed = std::current_exception();
        exhausted = true;
      }
    }
    if (exhausted && in_flight.outstanding() == 0)
      break;
    co_await in_flight.next_result();
    while (auto result = in_flight.take())
      co_yield std::move(*result).value();
  }
  if (failed)
    std::rethrow_exception(failed);
}

} // namespace detail

template <class T, class Pred>
Generator<T> filter(Generator<T> source, Pred pred) {
  while (auto item = co_await source.next()) {
    bool keep;
    if constexpr (detail::is_task<std::invoke_result_t<Pred &, const T &>>)
      keep = co_await pred(std::as_const(*item));
    else
      keep = pred(std::as_const(*item));
    if (keep)
      co_yield std::move(*item);
  }
}

template <class T, class Fn, class U = detail::awaited_result_t<Fn, T>>
Generator<U> map(Generator<T> source, Fn fn) {
  while (auto item = co_await source.next()) {
    if constexpr (detail::is_task<std::invoke_result_t<Fn &, T>>)
      co_yield co_await fn(std::move(*item));
    else
      co_yield fn(std::move(*item));
  }
}

template <class T, class Fn, class U = detail::awaited_result_t<Fn, T>>
  requires detail::is_task<std::invoke_result_t<Fn &, T>>
Generator<U> map_bounded(Generator<T> source, Fn fn, std::size_t limit) {
  return detail::map_in_flight<T, Fn, U>(std::move(source), std::move(fn),
                                         limit, /*ordered=*/false);
}

template <class T, class Fn, class U = detail::awaited_result_t<Fn, T>>
  requires detail::is_task<std::invoke_result_t<Fn &, T>>
Generator<U> map_ordered(Generator<T> source, Fn fn, std::size_t limit) {
  return detail::map_in_flight<T, Fn, U>(std::move(source), std::move(fn),
                                         limit, /*ordered=*/true);
}

} // namespace rt
