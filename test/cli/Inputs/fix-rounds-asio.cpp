// The first round of fixes awaits the dropped write; the await it adds waits
// on the peer with no deadline, which the second round races with a timer.
#ifndef ASIO_HAS_CO_AWAIT
#define ASIO_HAS_CO_AWAIT 1
#endif
#ifndef ASIO_HAS_STD_COROUTINE
#define ASIO_HAS_STD_COROUTINE 1
#endif
#include <asio.hpp>
#include <string>

using asio::ip::tcp;

asio::awaitable<void> send_trailer(tcp::socket &sock, std::string trailer) {
  asio::async_write(sock, asio::buffer(trailer), asio::use_awaitable);
  co_return;
}
