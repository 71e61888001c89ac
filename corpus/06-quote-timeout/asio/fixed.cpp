// Seed task 6, Asio rendition: quotes come from an upstream that now and then
// never answers. Awaiting it with no deadline parks the caller for good (in a
// real service: one pooled connection per stuck request, until the pool is
// gone). get_quote needs a deadline that ends in a clear timeout error; the
// caller's own cancellation must keep working; and once get_quote returns,
// no timer may be left behind on the io_context. The deadline is 300 ms here
// (2 s in production) so that the program finishes quickly.
#include <asio.hpp>
#include <asio/experimental/awaitable_operators.hpp>

#include <chrono>
#include <cstdio>
#include <exception>
#include <optional>
#include <string>
#include <variant>

using namespace std::chrono_literals;
using std::chrono::milliseconds;

struct Quote {
  std::string symbol;
  double price = 0;
};

// Simulated upstream over a simulated connection: "HANG" never answers, any
// other symbol gets its reply after 40 ms. Like real socket operations, the
// wait honours the cancellation slot of whoever awaits it.
asio::awaitable<std::string> upstream_get(std::string path) {
  asio::steady_timer reply(co_await asio::this_coro::executor);
  if (path == "/quotes/HANG")
    reply.expires_at(asio::steady_timer::time_point::max());
  else
    reply.expires_after(40ms);
  co_await reply.async_wait(asio::use_awaitable);
  co_return "101.25";
}

asio::awaitable<Quote> get_quote(std::string symbol) {
  using namespace asio::experimental::awaitable_operators;
  asio::steady_timer deadline(co_await asio::this_coro::executor, 300ms);
  auto first = co_await (upstream_get("/quotes/" + symbol) ||
                         deadline.async_wait(asio::use_awaitable));
  if (first.index() == 1)
    throw asio::system_error(asio::error::timed_out, "upstream_get");
  std::string body = std::get<0>(std::move(first));
  co_return Quote{symbol, std::stod(body)};
}

struct Outcome {
  bool replied = false;
  std::string text;        // the quote, or the error the caller got
  asio::error_code error;  // the error's code, if it was a system_error
  milliseconds reply_at{}; // when the caller got its answer
  milliseconds idle_at{};  // when the io_context ran out of work
};

void record_error(Outcome &out, std::exception_ptr error) {
  try {
    std::rethrow_exception(error);
  } catch (const asio::multiple_exceptions &e) {
    // Awaitable operators report a failure of every branch this way; the
    // first one is the cause.
    record_error(out, e.first_exception());
  } catch (const asio::system_error &e) {
    out.error = e.code();
    out.text = std::string("error \"") + e.what() + "\"";
  } catch (const std::exception &e) {
    out.text = std::string("error \"") + e.what() + "\"";
  }
}

// One caller on its own io_context, which may cancel the call after a while.
// The run is capped at 800 ms so that a hang cannot hang this test.
Outcome call_get_quote(std::string symbol,
                       std::optional<milliseconds> cancel_after) {
  asio::io_context ctx;
  asio::cancellation_signal cancel;
  asio::steady_timer cancel_timer(ctx);
  auto start = std::chrono::steady_clock::now();
  auto elapsed = [&] {
    return std::chrono::duration_cast<milliseconds>(
        std::chrono::steady_clock::now() - start);
  };
  Outcome out;

  asio::co_spawn(ctx, get_quote(symbol),
                 asio::bind_cancellation_slot(
                     cancel.slot(), [&](std::exception_ptr error, Quote q) {
                       out.replied = true;
                       out.reply_at = elapsed();
                       cancel_timer.cancel();
                       if (error) {
                         record_error(out, error);
                         return;
                       }
                       char price[32];
                       std::snprintf(price, sizeof price, "%.2f", q.price);
                       out.text = "quote " + q.symbol + " " + price;
                     }));
  if (cancel_after) {
    cancel_timer.expires_after(*cancel_after);
    cancel_timer.async_wait([&](asio::error_code ec) {
      if (!ec)
        cancel.emit(asio::cancellation_type::terminal);
    });
  }
  ctx.run_for(800ms);
  out.idle_at = elapsed();

  if (out.replied)
    std::printf("%s: %s after %lld ms, idle after %lld ms\n", symbol.c_str(),
                out.text.c_str(), static_cast<long long>(out.reply_at.count()),
                static_cast<long long>(out.idle_at.count()));
  else
    std::printf("%s: no reply within %lld ms\n", symbol.c_str(),
                static_cast<long long>(out.idle_at.count()));
  return out;
}

int main() {
  Outcome healthy = call_get_quote("ACME", std::nullopt);
  Outcome hung = call_get_quote("HANG", std::nullopt);
  Outcome cancelled = call_get_quote("HANG", 50ms);

  // Work left on the io_context after the reply means a timer or an
  // operation was left behind.
  auto left_pending = [](const Outcome &o) {
    return o.idle_at - o.reply_at > 100ms;
  };
  if (!healthy.replied || healthy.text.rfind("quote ACME", 0) != 0) {
    std::puts("FAIL: a healthy upstream did not produce a quote");
    return 1;
  }
  if (!hung.replied) {
    std::puts("FAIL: a hanging upstream hangs the caller (no timeout)");
    return 1;
  }
  if (hung.reply_at > 600ms ||
      hung.text.find("timed out") == std::string::npos) {
    std::puts("FAIL: a hanging upstream did not end in a timeout error");
    return 1;
  }
  if (!cancelled.replied || cancelled.reply_at > 250ms ||
      cancelled.error != asio::error::operation_aborted) {
    std::puts("FAIL: the caller's cancellation was not honoured promptly");
    return 1;
  }
  if (left_pending(healthy) || left_pending(hung) || left_pending(cancelled)) {
    std::puts("FAIL: work was left pending after get_quote returned");
    return 1;
  }
  std::puts("PASS");
  return 0;
}
