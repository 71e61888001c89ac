// Two checks whose fixes need the same header, in a file that configures Asio
// before including it: the CLI inserts the header once, after the file's last
// Asio include. (clang-tidy applies each check's insertion, so the plugin would
// include it twice, harmlessly: the test runs the CLI.)
// RUN: %check_asynclint --unsafe-fixes --frontend cli %s async-missing-timeout,async-sequential-awaits %t -- -std=c++20 -pthread
#include <string>
#include <chrono>
#ifndef ASIO_HAS_CO_AWAIT
#define ASIO_HAS_CO_AWAIT 1
#endif
#ifndef ASIO_HAS_STD_COROUTINE
#define ASIO_HAS_STD_COROUTINE 1
#endif
#include <asio.hpp>
// CHECK-FIXES: // {{.*}}the test runs the CLI.)
// CHECK-FIXES-NEXT: // {{R}}UN: {{.*}}
// CHECK-FIXES-NEXT: #include <string>
// CHECK-FIXES-NEXT: #include <chrono>
// CHECK-FIXES: #include <asio.hpp>
// CHECK-FIXES-NEXT: #include <asio/experimental/awaitable_operators.hpp>
// CHECK-FIXES: #include <variant>
// CHECK-FIXES-NEXT: #include <vector>
#include <vector>

using namespace std::chrono_literals;
using asio::ip::tcp;

asio::awaitable<int> price(std::string symbol);
asio::awaitable<int> volume(std::string symbol);

asio::awaitable<void> write_line(tcp::socket &sock, std::string line) {
  co_await asio::async_write(sock, asio::buffer(line), asio::use_awaitable);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'async_write' waits on another service
}

asio::awaitable<int> quote(std::string symbol) {
  int p = co_await price(symbol);
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: 2 independent operations are awaited one after another
  int v = co_await volume(symbol);
  co_return p + v;
}
