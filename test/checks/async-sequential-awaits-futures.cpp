// RUN: %check_asynclint --unsafe-fixes %s async-sequential-awaits %t -- %mockflags

// The futures form: `std::async(...).get()` one after another.

#include "async-mocks.h"
#include <future>
#include <mutex>
#include <string>

int price(int id);
int stock(int id);
double rating(int id);
std::string title(int id);
void log_line(const char *text);
int bump(int &counter);
std::mutex m;

// ---------------------------------------------------------------- positives

int two_lookups(int id) {
  int a = std::async(std::launch::async, price, id).get();
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: 2 independent std::async tasks are each waited for before the next one is launched: their latencies add up; launch them all before the first get() [async-sequential-awaits]
  // CHECK-MESSAGES: :[[@LINE-2]]:11: note: operation 1 of 2 does not depend on the others
  int b = std::async(std::launch::async, stock, id).get();
  // CHECK-MESSAGES: :[[@LINE-1]]:11: note: operation 2 of 2 does not depend on the others
  return a + b;
}
// CHECK-FIXES:      auto a_future = std::async(std::launch::async, price, id);
// CHECK-FIXES-NEXT: auto b_future = std::async(std::launch::async, stock, id);
// CHECK-FIXES-NEXT: int a = a_future.get();
// CHECK-FIXES-NEXT: int b = b_future.get();

std::string three_without_policy(int id) {
  const int p = std::async(price, id).get();
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: 3 independent std::async tasks
  // CHECK-MESSAGES: :[[@LINE-2]]:17: note: operation 1 of 3
  double r = std::async(rating, id).get();
  // CHECK-MESSAGES: :[[@LINE-1]]:14: note: operation 2 of 3
  const std::string t = std::async(std::launch::async, title, id).get();
  // CHECK-MESSAGES: :[[@LINE-1]]:25: note: operation 3 of 3
  return t + std::to_string(p + r);
}
// CHECK-FIXES:      auto p_future = std::async(std::launch::async, price, id);
// CHECK-FIXES-NEXT: auto r_future = std::async(std::launch::async, rating, id);
// CHECK-FIXES-NEXT: auto t_future = std::async(std::launch::async, title, id);
// CHECK-FIXES-NEXT: const int p = p_future.get();
// CHECK-FIXES-NEXT: double r = r_future.get();
// CHECK-FIXES-NEXT: const std::string t = t_future.get();

int names_taken(int id, int a_future) {
  int a = std::async(std::launch::async, price, id).get();
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: 2 independent std::async tasks
  // CHECK-MESSAGES: :[[@LINE-2]]:11: note: operation 1 of 2
  int b = std::async(std::launch::async, stock, a_future).get();
  // CHECK-MESSAGES: :[[@LINE-1]]:11: note: operation 2 of 2
  return a + b;
}
// CHECK-FIXES:      auto a_future2 = std::async(std::launch::async, price, id);
// CHECK-FIXES-NEXT: auto b_future = std::async(std::launch::async, stock, a_future);
// CHECK-FIXES-NEXT: int a = a_future2.get();

auto in_a_lambda = [](int id) {
  int x = std::async(std::launch::async, price, id).get();
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: 2 independent std::async tasks
  // CHECK-MESSAGES: :[[@LINE-2]]:11: note: operation 1 of 2
  int y = std::async(std::launch::async, [id] { return stock(id); }).get();
  // CHECK-MESSAGES: :[[@LINE-1]]:11: note: operation 2 of 2
  return x * y;
};
// CHECK-FIXES:      auto x_future = std::async(std::launch::async, price, id);
// CHECK-FIXES-NEXT: auto y_future = std::async(std::launch::async, [id] { return stock(id); });
// CHECK-FIXES-NEXT: int x = x_future.get();
// CHECK-FIXES-NEXT: int y = y_future.get();

template <class T> T in_a_template(int id) {
  int u = std::async(std::launch::async, price, id).get();
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: 2 independent std::async tasks
  // CHECK-MESSAGES: :[[@LINE-2]]:11: note: operation 1 of 2
  int v = std::async(std::launch::async, stock, id).get();
  // CHECK-MESSAGES: :[[@LINE-1]]:11: note: operation 2 of 2
  return T(u + v);
}
template double in_a_template<double>(int);
// CHECK-FIXES:      auto u_future = std::async(std::launch::async, price, id);
// CHECK-FIXES-NEXT: auto v_future = std::async(std::launch::async, stock, id);
// CHECK-FIXES-NEXT: int u = u_future.get();
// CHECK-FIXES-NEXT: int v = v_future.get();

// Diagnosed without a fix.

#define FETCH(f, id) std::async(std::launch::async, f, id).get()
int in_a_macro(int id) {
  int a = FETCH(price, id);
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: 2 independent std::async tasks
  // CHECK-MESSAGES: :[[@LINE-2]]:11: note: operation 1 of 2
  int b = FETCH(stock, id);
  // CHECK-MESSAGES: :[[@LINE-1]]:11: note: operation 2 of 2
  return a + b;
}
// CHECK-FIXES:      int a = FETCH(price, id);
// CHECK-FIXES:      int b = FETCH(stock, id);

int policy_variable(int id, std::launch how) {
  int a = std::async(how, price, id).get();
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: 2 independent std::async tasks
  // CHECK-MESSAGES: :[[@LINE-2]]:11: note: operation 1 of 2
  int b = std::async(how, stock, id).get();
  // CHECK-MESSAGES: :[[@LINE-1]]:11: note: operation 2 of 2
  return a + b;
}
// CHECK-FIXES:      int a = std::async(how, price, id).get();

int parentheses(int id) {
  int a(std::async(std::launch::async, price, id).get());
  // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: 2 independent std::async tasks
  // CHECK-MESSAGES: :[[@LINE-2]]:9: note: operation 1 of 2
  int b(std::async(std::launch::async, stock, id).get());
  // CHECK-MESSAGES: :[[@LINE-1]]:9: note: operation 2 of 2
  return a + b;
}
// CHECK-FIXES:      int a(std::async(std::launch::async, price, id).get());

// ---------------------------------------------------------------- negatives

int deferred(int id) {
  int a = std::async(std::launch::deferred, price, id).get();
  int b = std::async(std::launch::deferred, stock, id).get();
  return a + b;
}

int dependent(int id) {
  int a = std::async(std::launch::async, price, id).get();
  int b = std::async(std::launch::async, stock, a).get();
  return b;
}

int shared_by_reference(int counter) {
  int a = std::async(std::launch::async, bump, std::ref(counter)).get();
  int b = std::async(std::launch::async, bump, std::ref(counter)).get();
  return a + b;
}

int lambda_by_reference(int counter) {
  int a = std::async(std::launch::async, [&] { return ++counter; }).get();
  int b = std::async(std::launch::async, [&] { return counter * 2; }).get();
  return a + b;
}

int guard_first(int id) {
  std::async(std::launch::async, price, id).get();
  int b = std::async(std::launch::async, stock, id).get();
  return b;
}

int result_unused(int id) {
  int a = std::async(std::launch::async, price, id).get();
  int b = std::async(std::launch::async, stock, id).get();
  return b;
}

int launched_first(int id) {
  auto fa = std::async(std::launch::async, price, id);
  auto fb = std::async(std::launch::async, stock, id);
  int a = fa.get();
  int b = fb.get();
  return a + b;
}

int single(int id) {
  int a = std::async(std::launch::async, price, id).get();
  return a;
}

int side_effect_between(int id) {
  int a = std::async(std::launch::async, price, id).get();
  log_line("price fetched");
  int b = std::async(std::launch::async, stock, id).get();
  return a + b;
}

int in_try(int id) {
  try {
    int a = std::async(std::launch::async, price, id).get();
    int b = std::async(std::launch::async, stock, id).get();
    return a + b;
  } catch (...) {
    return 0;
  }
}

int under_lock(int id) {
  std::lock_guard<std::mutex> lock(m);
  int a = std::async(std::launch::async, price, id).get();
  int b = std::async(std::launch::async, stock, id).get();
  return a + b;
}

int waited_not_got(int id) {
  auto fa = std::async(std::launch::async, price, id);
  fa.wait();
  auto fb = std::async(std::launch::async, stock, id);
  fb.wait();
  return fa.get() + fb.get();
}

int shared_futures(int id) {
  int a = std::async(std::launch::async, price, id).share().get();
  int b = std::async(std::launch::async, stock, id).share().get();
  return a + b;
}

template <class T> int dependent_in_template(T id) {
  int a = std::async(std::launch::async, price, id).get();
  int b = std::async(std::launch::async, stock, id).get();
  return a + b;
}

int reference_results(int id) {
  const int &a = std::async(std::launch::async, price, id).get();
  const int &b = std::async(std::launch::async, stock, id).get();
  return a + b;
}

int static_results(int id) {
  static int a = std::async(std::launch::async, price, id).get();
  static int b = std::async(std::launch::async, stock, id).get();
  return a + b;
}

int assigned_not_declared(int id) {
  int a = 0, b = 0;
  a = std::async(std::launch::async, price, id).get();
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 2 independent std::async tasks
  // CHECK-MESSAGES: :[[@LINE-2]]:7: note: operation 1 of 2
  b = std::async(std::launch::async, stock, id).get();
  // CHECK-MESSAGES: :[[@LINE-1]]:7: note: operation 2 of 2
  return a + b;
}
// CHECK-FIXES:      auto a_future = std::async(std::launch::async, price, id);
// CHECK-FIXES-NEXT: auto b_future = std::async(std::launch::async, stock, id);
// CHECK-FIXES-NEXT: a = a_future.get();
// CHECK-FIXES-NEXT: b = b_future.get();

int assigned_and_read(int id) {
  int a = 0, b = 0;
  a = std::async(std::launch::async, price, id).get();
  b = std::async(std::launch::async, stock, a).get();
  return a + b;
}

rt::Task<int> fetch(int id);
rt::Task<int> mixed_with_an_await(int id) {
  int a = co_await fetch(id);
  int b = std::async(std::launch::async, stock, id).get();
  co_return a + b;
}

int in_conditions(int id) {
  if (int a = std::async(std::launch::async, price, id).get())
    return a;
  while (int b = std::async(std::launch::async, stock, id).get())
    return b;
  return 0;
}

int in_a_nested_lambda_only(int id) {
  auto one = [id] { return std::async(std::launch::async, price, id).get(); };
  int a = one();
  int b = std::async(std::launch::async, stock, id).get();
  return a + b;
}

int braces(int id) {
  int a{std::async(std::launch::async, price, id).get()};
  int b{std::async(std::launch::async, stock, id).get()};
  return a + b;
}

int suppressed(int id) {
  int a = std::async(std::launch::async, price, id).get(); // NOLINT(async-sequential-awaits)
  int b = std::async(std::launch::async, stock, id).get();
  return a + b;
}
