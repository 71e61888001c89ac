// Structured concurrency combinators. Every child started by a combinator
// has finished (or been destroyed) before the combinator returns.
//
// when_all          fail-fast: on the first failure the siblings' ambient
//                   stop token is triggered (their rt waits throw Cancelled);
//                   once ALL children have finished, the first failure (in
//                   time) is rethrown.
// when_all_settled  never fails: one rt::Result per child; no cancellation.
// when_all_bounded  like when_all over a list, with at most `limit` children
//                   running at once; after a failure no further child starts
//                   and the running ones are cancelled.
// The caller's own ambient stop token cancels all children.
#pragma once

#include "detail/child.hpp"
#include "result.hpp"
#include "task.hpp"

#include <algorithm>
#include <exception>
#include <optional>
#include <ranges>
#include <stdexcept>
#include <stop_token>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

namespace rt {

namespace detail {

/// Bookkeeping shared by the children of one combinator.
struct JoinState final : Completion {
  explicit JoinState(bool fail_fast) : fail_fast(fail_fast) {}

  std::coroutine_handle<> child_done() noexcept override {
    return --pending == 0 ? waiter : std::noop_coroutine();
  }
  void failed(std::exception_ptr error) {
    if (!first_error)
      first_error = error;
    if (fail_fast)
      group.request_stop();
  }
  bool stopping() const noexcept { return fail_fast && first_error; }

  bool fail_fast;
  std::size_t pending = 0;
  std::coroutine_handle<> waiter;
  std::exception_ptr first_error;
  std::stop_source group; // the children's ambient token
};

/// Starts every child; resumes the awaiter once all have finished.
struct JoinAll {
  JoinState &state;
  std::vector<Child> &children;

  bool await_ready() const noexcept { return children.empty(); }
  bool await_suspend(std::coroutine_handle<> h) {
    state.waiter = h;
    // One extra count so that children finishing inline cannot resume us
    // before we have suspended.
    state.pending = children.size() + 1;
    for (auto &child : children)
      child.start(state, state.group.get_token());
    return --state.pending > 0;
  }
  void await_resume() const noexcept {}
};

template <class T> using Slot = std::optional<Result<T>>;

template <class T>
Child settle_into(Task<T> task, Slot<T> &slot, JoinState &state) {
  try {
    if constexpr (std::is_void_v<T>) {
      co_await std::move(task);
      slot.emplace();
    } else {
      slot.emplace(co_await std::move(task));
    }
  } catch (...) {
    slot.emplace(std::current_exception());
    state.failed(std::current_exception());
  }
}

/// Propagates the caller's cancellation to the children's group.
inline auto link_to_caller(JoinState &state, std::stop_token caller) {
  struct Forward {
    JoinState *state;
    void operator()() const noexcept { state->group.request_stop(); }
  };
  return std::stop_callback<Forward>(std::move(caller), Forward{&state});
}

template <bool FailFast, class... Ts>
Task<std::tuple<Result<Ts>...>> join_tuple(Task<Ts>... tasks) {
  JoinState state{FailFast};
  auto link = link_to_caller(state, co_await current_stop_token());
  std::tuple<Slot<Ts>...> slots;
  std::vector<Child> children;
  children.reserve(sizeof...(Ts));
  [&]<std::size_t... I>(std::index_sequence<I...>) {
    (children.push_back(
         settle_into(std::move(tasks), std::get<I>(slots), state)),
     ...);
  }(std::index_sequence_for<Ts...>{});
  co_await JoinAll{state, children};
  if (state.stopping())
    std::rethrow_exception(state.first_error);
  co_return std::apply(
      [](auto &...slot) {
        return std::tuple<Result<Ts>...>{std::move(*slot)...};
      },
      slots);
}

/// Runs make(0..n-1) with at most `limit` in flight: `limit` workers each
/// take the next index until none is left (or, fail-fast, one failed).
template <class T, class Make>
Child work_through(Make &make, std::size_t &next, std::vector<Slot<T>> &slots,
                   JoinState &state) {
  while (next < slots.size() && !state.stopping()) {
    const std::size_t i = next++;
    auto &slot = slots[i];
    try {
      auto task = make(i);
      if constexpr (std::is_void_v<T>) {
        co_await std::move(task);
        slot.emplace();
      } else {
        slot.emplace(co_await std::move(task));
      }
    } catch (...) {
      slot.emplace(std::current_exception());
      state.failed(std::current_exception());
    }
  }
}

template <class T, class Make>
Task<std::vector<Slot<T>>> join_bounded(std::size_t n, std::size_t limit,
                                        Make make, bool fail_fast) {
  if (limit == 0)
    throw std::invalid_argument("rt::when_all_bounded: limit must be positive");
  JoinState state{fail_fast};
  auto link = link_to_caller(state, co_await current_stop_token());
  std::vector<Slot<T>> slots(n);
  std::size_t next = 0;
  std::vector<Child> workers;
  for (std::size_t i = 0; i < std::min(limit, n); ++i)
    workers.push_back(work_through<T>(make, next, slots, state));
  co_await JoinAll{state, workers};
  if (state.stopping())
    std::rethrow_exception(state.first_error);
  co_return slots;
}

template <class T> nonvoid_t<T> unwrap(Result<T> &&result) {
  if constexpr (std::is_void_v<T>)
    return result.value(), std::monostate{};
  else
    return std::move(result).value();
}

/// vector<T> of the values, or void for void tasks.
template <class T>
using values_t =
    std::conditional_t<std::is_void_v<T>, void, std::vector<nonvoid_t<T>>>;

template <class T> values_t<T> values_of(std::vector<Slot<T>> &&slots) {
  if constexpr (!std::is_void_v<T>) {
    std::vector<T> values;
    values.reserve(slots.size());
    for (auto &slot : slots)
      values.push_back(std::move(*slot).value());
    return values;
  }
}

template <class T, class Item, class Fn>
Task<values_t<T>> bounded_map(std::vector<Item> items, std::size_t limit,
                              Fn fn) {
  auto slots = co_await join_bounded<T>(
      items.size(), limit, [&](std::size_t i) { return fn(items[i]); }, true);
  co_return values_of<T>(std::move(slots));
}

} // namespace detail

/// All concurrently; `auto [a, b] = co_await when_all(f(), g());`.
/// void results become std::monostate. Fail-fast (see top of file).
template <class... Ts>
Task<std::tuple<detail::nonvoid_t<Ts>...>> when_all(Task<Ts>... tasks) {
  auto results = co_await detail::join_tuple<true>(std::move(tasks)...);
  co_return std::apply(
      [](auto &...result) {
        return std::tuple<detail::nonvoid_t<Ts>...>{
            detail::unwrap(std::move(result))...};
      },
      results);
}

/// All concurrently; one Result per task, never throws for a task's failure.
template <class... Ts>
Task<std::tuple<Result<Ts>...>> when_all_settled(Task<Ts>... tasks) {
  return detail::join_tuple<false>(std::move(tasks)...);
}

/// At most `limit` of `tasks` running at once; results in input order
/// (Task<void> for void tasks). Fail-fast: after the first failure no
/// further task starts; it is rethrown once the running ones finished.
template <class T>
Task<detail::values_t<T>> when_all_bounded(std::vector<Task<T>> tasks,
                                           std::size_t limit) {
  auto slots = co_await detail::join_bounded<T>(
      tasks.size(), limit, [&](std::size_t i) { return std::move(tasks[i]); },
      true);
  co_return detail::values_of<T>(std::move(slots));
}

/// when_all_bounded over `fn(item)` for each item; a task is created only
/// when a slot frees up. The items are copied (or moved, for an rvalue
/// vector) into the returned task.
template <std::ranges::input_range R, class Fn>
  requires std::invocable<Fn &, std::ranges::range_value_t<R> &>
auto when_all_bounded(R &&items, std::size_t limit, Fn fn) {
  using Item = std::ranges::range_value_t<R>;
  using T = typename std::invoke_result_t<Fn &, Item &>::value_type;
  std::vector<Item> owned;
  if constexpr (std::is_same_v<std::remove_cvref_t<R>, std::vector<Item>> &&
                !std::is_lvalue_reference_v<R>)
    owned = std::move(items);
  else
    owned.assign(std::ranges::begin(items), std::ranges::end(items));
  return detail::bounded_map<T>(std::move(owned), limit, std::move(fn));
}

/// All of `tasks` concurrently (unbounded); fail-fast; input order.
template <class T>
Task<detail::values_t<T>> when_all(std::vector<Task<T>> tasks) {
  const std::size_t limit = std::max<std::size_t>(1, tasks.size());
  return when_all_bounded(std::move(tasks), limit);
}

/// All of `tasks` concurrently; one Result per task, in input order.
template <class T>
Task<std::vector<Result<T>>> when_all_settled(std::vector<Task<T>> tasks) {
  const std::size_t n = tasks.size();
  auto slots = co_await detail::join_bounded<T>(
      n, std::max<std::size_t>(1, n),
      [&](std::size_t i) { return std::move(tasks[i]); }, false);
  std::vector<Result<T>> results;
  results.reserve(n);
  for (auto &slot : slots)
    results.push_back(std::move(*slot));
  co_return results;
}

} // namespace rt
