// Seed task 6 on the rt runtime: quotes come from an upstream that now and
// then never answers. get_quote awaits it with no deadline, so one stuck
// upstream request parks its caller for good (in a real service: a pooled
// connection per stuck request, until the pool is exhausted). It also takes
// the caller's std::stop_token and then never looks at it, so the caller
// cannot call the request off either.
//
// Required: give up after 2 s with a clear timeout error, honour the
// caller's cancellation promptly, and leave no timer behind on any path.
// The program runs on the virtual clock: 2 s of waiting take no real time
// and every instant below is exact.
#include <rt/rt.hpp>

#include <chrono>
#include <cstdio>
#include <optional>
#include <stop_token>
#include <string>

using namespace std::chrono_literals;
using std::chrono::milliseconds;

struct Quote {
  std::string symbol;
  double price = 0;
};

// Simulated upstream: answers after 40 ms, except that a request for "HANG"
// never gets an answer. Like a real client, its wait ends early (with
// rt::Cancelled) when the ambient stop token of the request fires.
struct QuoteUpstream {
  rt::Task<std::string> fetch(std::string symbol) {
    if (symbol == "HANG")
      co_await rt::wait_forever();
    else
      co_await rt::sleep_for(40ms);
    co_return "101.25";
  }
};
QuoteUpstream upstream;

rt::Task<Quote> get_quote(std::string symbol, std::stop_token cancel) {
  std::string body =
      co_await rt::with_timeout(upstream.fetch(symbol), 2s, cancel);
  co_return Quote{symbol, std::stod(body)};
}

// --- The caller: one request, which it may call off after a while. ---

rt::Task<std::string> ask_for_quote(std::string symbol,
                                    std::stop_token cancel) {
  try {
    Quote quote = co_await get_quote(symbol, cancel);
    char price[32];
    std::snprintf(price, sizeof price, "%.2f", quote.price);
    co_return "quote " + quote.symbol + " " + price;
  } catch (const rt::TimeoutError &e) {
    co_return std::string("timeout error \"") + e.what() + "\"";
  } catch (const rt::Cancelled &e) {
    co_return std::string("cancelled \"") + e.what() + "\"";
  }
}

struct Outcome {
  bool replied = false;
  std::string text;
  milliseconds reply_at{};
  std::size_t timers_left = 0;
};

// Each call gets a loop of its own, so that the timers left behind can be
// counted. The guard stops a call that can never complete.
Outcome call_get_quote(std::string symbol,
                       std::optional<milliseconds> cancel_after) {
  rt::EventLoop loop{rt::Clock::Virtual};
  std::stop_source caller;
  if (cancel_after)
    loop.call_after(*cancel_after, [&caller] { caller.request_stop(); });
  auto reply = loop.run_for(ask_for_quote(symbol, caller.get_token()), 10s);

  Outcome out;
  if (!reply) {
    std::printf("%s: did not complete\n", symbol.c_str());
    return out;
  }
  out = Outcome{true, *reply, loop.elapsed(), loop.pending_timers()};
  std::printf("%s: %s after %lld ms, %zu timer(s) left\n", symbol.c_str(),
              out.text.c_str(), static_cast<long long>(out.reply_at.count()),
              out.timers_left);
  return out;
}

int main() {
  Outcome healthy = call_get_quote("ACME", std::nullopt);
  Outcome hung = call_get_quote("HANG", std::nullopt);
  Outcome cancelled = call_get_quote("HANG", 500ms);

  if (!healthy.replied || healthy.text != "quote ACME 101.25") {
    std::puts("FAIL: a healthy upstream did not produce a quote");
    return 1;
  }
  if (!hung.replied) {
    std::puts("FAIL: a hanging upstream hangs the caller (no timeout)");
    return 1;
  }
  if (hung.reply_at != 2000ms ||
      hung.text.find("timeout error") == std::string::npos) {
    std::puts("FAIL: a hanging upstream did not end in a timeout after 2 s");
    return 1;
  }
  if (!cancelled.replied || cancelled.reply_at != 500ms ||
      cancelled.text.find("cancelled") == std::string::npos) {
    std::puts("FAIL: the caller's cancellation was not honoured promptly");
    return 1;
  }
  if (healthy.timers_left + hung.timers_left + cancelled.timers_left != 0) {
    std::puts("FAIL: a timer was left pending after get_quote returned");
    return 1;
  }
  std::puts("PASS");
  return 0;
}
