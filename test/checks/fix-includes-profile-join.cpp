// A join fix names the header of its framework's join only where the unit
// got the join from that header. Here cppcoro::when_all comes from a
// stand-in (join-frameworks.h) under another name, as in code that copies
// or wraps a library: writing <cppcoro/when_all.hpp> could name a file that
// does not exist, so the fix adds no #include and still compiles.
// RUN: %check_asynclint --unsafe-fixes %s async-sequential-awaits %t -- -std=c++20 -I%S/Inputs
// CHECK-FIXES-NOT: #include <cppcoro/when_all.hpp>
// CHECK-FIXES-NOT: #include <folly/coro/Collect.h>

#include "join-frameworks.h"

cppcoro::task<int> width(int id);
cppcoro::task<int> height(int id);

cppcoro::task<int> area(int id) {
  int w = co_await width(id);
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: 2 independent operations are awaited one after another
  int h = co_await height(id);
  // CHECK-FIXES: auto [w, h] = co_await cppcoro::when_all(width(id), height(id));
  co_return w * h;
}

folly::coro::Task<int> price(int id);
folly::coro::Task<int> stock(int id);

folly::coro::Task<int> quote(int id) {
  int p = co_await price(id);
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: 2 independent operations are awaited one after another
  int s = co_await stock(id);
  // CHECK-FIXES: auto [p, s] = co_await folly::coro::collectAll(price(id), stock(id));
  co_return p * s;
}
