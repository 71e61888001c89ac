// A capturing coroutine lambda called on its temporary closure, in a
// framework that has an invoke keeping the closure alive (folly's
// co_invoke): the fix wraps the lambda in it. Elsewhere no fix.
// RUN: %check_asynclint %s async-dangling-reference %t -- -std=c++20 -I%S/Inputs

#include "join-frameworks.h"
#include <string>
#include <utility>

folly::coro::Task<int> lookup(std::string key);

folly::coro::Task<int> cached(std::string key) {
  auto pending = [&]() -> folly::coro::Task<int> {
    co_return co_await lookup(key);
  }();
  // CHECK-MESSAGES: :[[@LINE-3]]:18: warning: this coroutine lambda reads its captures through its closure, a temporary destroyed at the end of the statement, but the task is stored in 'pending': every capture it reads after that is dangling [async-dangling-reference]
  // CHECK-MESSAGES: :[[@LINE-4]]:18: note: name the lambda in a scope that outlives the task
  // CHECK-FIXES: auto pending = folly::coro::co_invoke([&]() -> folly::coro::Task<int> {
  // CHECK-FIXES: });
  co_return co_await std::move(pending);
}

// Without its invoke the framework gets no fix (cppcoro has none).
cppcoro::task<int> width(int id);
cppcoro::task<int> measured(int id) {
  auto pending = [&]() -> cppcoro::task<int> { co_return co_await width(id); }();
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: this coroutine lambda reads its captures through its closure
  // CHECK-MESSAGES: :[[@LINE-2]]:18: note: name the lambda
  // CHECK-FIXES: auto pending = [&]() -> cppcoro::task<int> { co_return co_await width(id); }();
  co_return co_await std::move(pending);
}

// Negatives: already wrapped, awaited in place, or named first.
folly::coro::Task<int> wrapped(std::string key) {
  auto pending = folly::coro::co_invoke([&]() -> folly::coro::Task<int> {
    co_return co_await lookup(key);
  });
  co_return co_await std::move(pending);
}

folly::coro::Task<int> in_place(std::string key) {
  co_return co_await [&]() -> folly::coro::Task<int> {
    co_return co_await lookup(key);
  }();
}

folly::coro::Task<int> named(std::string key) {
  auto body = [&]() -> folly::coro::Task<int> { co_return co_await lookup(key); };
  auto pending = body();
  co_return co_await std::move(pending);
}
