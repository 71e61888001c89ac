// Where the unit's join comes from the framework's own header (reached
// through a project header here), the fix includes that header by name, as
// include-what-you-use asks, where clang-tidy's include sorter puts it.
// RUN: %check_asynclint --unsafe-fixes %s async-sequential-awaits %t -- -std=c++20 -I%S/Inputs/own-headers -I%S/Inputs
// CHECK-FIXES: #include <cppcoro/when_all.hpp>
// CHECK-FIXES-EMPTY:
// CHECK-FIXES-NEXT: #include "report.h"

#include "report.h"

cppcoro::task<int> width(int id);
cppcoro::task<int> height(int id);

cppcoro::task<int> area(int id) {
  int w = co_await width(id);
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: 2 independent operations are awaited one after another
  int h = co_await height(id);
  // CHECK-FIXES: auto [w, h] = co_await cppcoro::when_all(width(id), height(id));
  co_return w * h;
}
