// A file that configures Asio with its own macros before including it, and
// whose includes are not sorted: a fix's `#include` of an Asio header goes
// after the file's last Asio include (so it sees the macros), and no header
// is included twice. Real Asio headers; no -D flags on the command line.
// RUN: %check_asynclint --unsafe-fixes %s async-missing-timeout %t -- -std=c++20 -pthread
#include <string>
#include <chrono>
#ifndef ASIO_HAS_CO_AWAIT
#define ASIO_HAS_CO_AWAIT 1
#endif
#ifndef ASIO_HAS_STD_COROUTINE
#define ASIO_HAS_STD_COROUTINE 1
#endif
#include <asio.hpp>
// CHECK-FIXES: // {{.*}}command line.
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


asio::awaitable<void> write_line(tcp::socket &sock, std::string line) {
  co_await asio::async_write(sock, asio::buffer(line), asio::use_awaitable);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'async_write' waits on another service
}
