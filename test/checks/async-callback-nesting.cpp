// RUN: %check_asynclint %s async-callback-nesting %t -- %mockflags

#include "async-mocks.h"
#include <algorithm>
#include <functional>
#include <string>
#include <system_error>
#include <thread>
#include <variant>
#include <vector>

struct User {
  int id = 0;
};
struct Cart {
  int items = 0;
};
struct Order {
  int id = 0;
};

void get_user(int id, std::function<void(std::error_code, User)> done);
void get_cart(int user, std::function<void(std::error_code, Cart)> done);
void create_order(User user, Cart cart,
                  std::function<void(std::error_code, Order)> done);
void log_error(std::error_code ec);
void retry(std::function<void(std::error_code)> attempt, int times);

// ---------------------------------------------------------------- positives

void checkout(int id, std::function<void(std::error_code, Order)> done) {
  get_user(id, [done](std::error_code ec, User user) {
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 3 callbacks nested, each forwarding its error by hand: a level that forgets to 'return' after forwarding answers its caller twice; write the chain as a coroutine that awaits each step (no fix: 'rt::promisify' is not declared) [async-callback-nesting]
    if (ec)
      return done(ec, {});
    // CHECK-MESSAGES: :[[@LINE-2]]:5: note: level 1 forwards its error by hand
    get_cart(user.id, [done, user](std::error_code ec, Cart cart) {
      if (ec) {
        done(ec, {});
        return;
      }
      // CHECK-MESSAGES: :[[@LINE-4]]:7: note: level 2 forwards its error by hand
      create_order(user, cart, [done](std::error_code ec, Order order) {
        if (ec)
          return done(ec, {});
        // CHECK-MESSAGES: :[[@LINE-2]]:9: note: level 3 forwards its error by hand
        done({}, order);
      });
    });
  });
}

// The forgotten `return`: the caller hears the error, then an empty order.
void checkout_missing_return(int id,
                             std::function<void(std::error_code, Order)> done) {
  get_user(id, [done](std::error_code ec, User user) {
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 3 callbacks nested
    if (ec)
      return done(ec, {});
    // CHECK-MESSAGES: :[[@LINE-2]]:5: note: level 1 forwards its error by hand
    get_cart(user.id, [done, user](std::error_code ec, Cart cart) {
      if (ec)
        done(ec, {});
      // CHECK-MESSAGES: :[[@LINE-2]]:7: note: level 2 forwards its error without returning: the rest of the callback runs as well
      create_order(user, cart, [done](std::error_code ec, Order order) {
        if (ec)
          return done(ec, {});
        // CHECK-MESSAGES: :[[@LINE-2]]:9: note: level 3 forwards its error by hand
        done({}, order);
      });
    });
  });
}

// An Asio completion-handler chain; the caller's handler is a data member.
struct Session {
  asio::socket socket;
  std::function<void(std::error_code)> on_done;

  void exchange() {
    asio::async_write(socket, 1, [this](asio::error_code ec, std::size_t) {
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 3 callbacks nested{{.*}} (no fix: 'async_write' is an Asio operation; await it with use_awaitable) [async-callback-nesting]
      if (ec) {
        on_done(ec);
        return;
      }
      // CHECK-MESSAGES: :[[@LINE-4]]:7: note: level 1 forwards
      asio::async_read(socket, 2, [this](asio::error_code ec, std::size_t) {
        if (ec) {
          on_done(ec);
          return;
        }
        // CHECK-MESSAGES: :[[@LINE-4]]:9: note: level 2 forwards
        asio::async_write(socket, 3, [this](asio::error_code ec, std::size_t) {
          if (ec)
            return on_done(ec);
          // CHECK-MESSAGES: :[[@LINE-2]]:11: note: level 3 forwards
          on_done({});
        });
      });
    });
  }
};

// Node-style error values and a handler of any type, in a template.
template <class Handler>
void load_profile(void (*step)(int, std::function<void(const char *)>),
                  Handler handler) {
  step(1, [=](const char *err) {
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 3 callbacks nested{{.*}} (no fix: the function is a template) [async-callback-nesting]
    if (err)
      return handler(err);
    // CHECK-MESSAGES: :[[@LINE-2]]:5: note: level 1 forwards
    step(2, [=](const char *err) {
      if (err)
        return handler(err);
      // CHECK-MESSAGES: :[[@LINE-2]]:7: note: level 2 forwards
      step(3, [=](const char *err) {
        if (err)
          return handler(err);
        // CHECK-MESSAGES: :[[@LINE-2]]:9: note: level 3 forwards
        handler(nullptr);
      });
    });
  });
}
void load_profile_now(void (*step)(int, std::function<void(const char *)>)) {
  load_profile(step, [](const char *) {});
}

// The chain starts inside a lambda that is not itself a continuation; the
// error forwarding is spelled through a macro.
#define FORWARD_ERROR(ec, cb)                                                  \
  if (ec)                                                                      \
  return cb(ec, {})
void checkout_on_thread(int id, std::function<void(std::error_code, Order)> done) {
  std::thread worker([id, done] {
    get_user(id, [done](std::error_code ec, User user) {
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 3 callbacks nested{{.*}} (no fix: the chain is written with a macro) [async-callback-nesting]
      FORWARD_ERROR(ec, done);
      // CHECK-MESSAGES: :[[@LINE-1]]:7: note: level 1 forwards
      get_cart(user.id, [done, user](std::error_code ec, Cart cart) {
        FORWARD_ERROR(ec, done);
        // CHECK-MESSAGES: :[[@LINE-1]]:9: note: level 2 forwards
        create_order(user, cart, [done](std::error_code ec, Order order) {
          FORWARD_ERROR(ec, done);
          // CHECK-MESSAGES: :[[@LINE-1]]:11: note: level 3 forwards
          done({}, order);
        });
      });
    });
  });
  worker.detach();
}

// The last step hands its error on as it is (`done(ec)`): it forwards it
// too, untested, and the fix does not take that shape.
void save(Order order, std::function<void(std::error_code)> done);
void checkout_and_save(int id, std::function<void(std::error_code)> done) {
  get_user(id, [done](std::error_code ec, User user) {
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 3 callbacks nested, each forwarding its error by hand: a level that forgets to 'return' after forwarding answers its caller twice; write the chain as a coroutine that awaits each step (no fix: the last step passes its error on untested) [async-callback-nesting]
    if (ec)
      return done(ec);
    // CHECK-MESSAGES: :[[@LINE-2]]:5: note: level 1 forwards its error by hand
    create_order(user, Cart{}, [done](std::error_code ec, Order order) {
      if (ec)
        return done(ec);
      // CHECK-MESSAGES: :[[@LINE-2]]:7: note: level 2 forwards its error by hand
      save(order, [done](std::error_code ec) { done(ec); });
      // CHECK-MESSAGES: :[[@LINE-1]]:7: note: level 3 passes its error on untested
    });
  });
}

// ---------------------------------------------------------------- negatives

// One tested level and an untested last step: two levels, under the bar.
void user_then_save(int id, std::function<void(std::error_code)> done) {
  get_user(id, [done](std::error_code ec, User user) {
    if (ec)
      return done(ec);
    save(Order{user.id}, [done](std::error_code ec) { done(ec); });
  });
}

// The last step answers, but not with its error: no forwarding there.
void checkout_ignoring_save(int id, std::function<void(std::error_code)> done) {
  get_user(id, [done](std::error_code ec, User user) {
    if (ec)
      return done(ec);
    create_order(user, Cart{}, [done](std::error_code ec, Order order) {
      if (ec)
        return done(ec);
      save(order, [done](std::error_code) { done({}); });
    });
  });
}

void single_callback(int id, std::function<void(std::error_code, User)> done) {
  get_user(id, [done](std::error_code ec, User user) {
    if (ec)
      return done(ec, {});
    done({}, user);
  });
}

void two_levels_are_allowed(int id,
                            std::function<void(std::error_code, Cart)> done) {
  get_user(id, [done](std::error_code ec, User user) {
    if (ec)
      return done(ec, {});
    get_cart(user.id, [done](std::error_code ec, Cart cart) {
      if (ec)
        return done(ec, {});
      done({}, cart);
    });
  });
}

// Asio style that continues only on success: no error is forwarded by hand.
struct Echo {
  asio::socket socket;
  void run() {
    asio::async_read(socket, 1, [this](asio::error_code ec, std::size_t) {
      if (!ec)
        asio::async_write(socket, 2, [this](asio::error_code ec, std::size_t) {
          if (!ec)
            asio::async_read(socket, 3, [](asio::error_code, std::size_t) {});
        });
    });
  }
};

// The error is logged, not forwarded to a caller's callback.
void logs_errors(int id) {
  get_user(id, [](std::error_code ec, User user) {
    if (ec) {
      log_error(ec);
      return;
    }
    get_cart(user.id, [user](std::error_code ec, Cart cart) {
      if (ec) {
        log_error(ec);
        return;
      }
      create_order(user, cart, [](std::error_code ec, Order) {
        if (ec)
          log_error(ec);
      });
    });
  });
}

// The callback called with the error is local to the continuation.
void local_reporter(int id) {
  get_user(id, [](std::error_code ec, User user) {
    auto report = [](std::error_code, int) {};
    if (ec)
      return report(ec, 1);
    get_cart(user.id, [user](std::error_code ec, Cart cart) {
      auto report = [](std::error_code, int) {};
      if (ec)
        return report(ec, 2);
      create_order(user, cart, [](std::error_code ec, Order) {
        auto report = [](std::error_code, int) {};
        if (ec)
          report(ec, 3);
      });
    });
  });
}

// Lambdas given to algorithms and visitors run before the call returns.
void algorithms(std::vector<std::vector<int>> rows,
                std::function<void(int)> fail) {
  std::for_each(rows.begin(), rows.end(), [&](std::vector<int> &row) {
    if (row.empty())
      return fail(0);
    std::sort(row.begin(), row.end(), [&](int a, int b) {
      if (a < 0)
        fail(a);
      return a < b;
    });
    std::for_each(row.begin(), row.end(), [&](int cell) {
      if (cell)
        return fail(cell);
    });
  });
}

void visitor(std::variant<int, std::string> value, std::function<void(int)> fail) {
  std::visit(
      [&](auto &&alternative) {
        if constexpr (std::is_same_v<std::decay_t<decltype(alternative)>, int>)
          if (alternative)
            fail(alternative);
      },
      value);
}

// A coroutine that already awaits; its leftover callbacks are not flagged.
rt::Task<int> coroutine_that_awaits(int id,
                                    std::function<void(std::error_code, Order)> done) {
  co_await rt::sleep_for(std::chrono::milliseconds(1));
  get_user(id, [done](std::error_code ec, User user) {
    if (ec)
      return done(ec, {});
    get_cart(user.id, [done, user](std::error_code ec, Cart cart) {
      if (ec)
        return done(ec, {});
      create_order(user, cart, [done](std::error_code ec, Order order) {
        if (ec)
          return done(ec, {});
        done({}, order);
      });
    });
  });
  co_return 0;
}

// Callbacks defined flat and passed by name are not nested.
void named_steps(int id, std::function<void(std::error_code, Order)> done) {
  auto on_order = [done](std::error_code ec, Order order) {
    if (ec)
      return done(ec, {});
    done({}, order);
  };
  auto on_user = [on_order](std::error_code ec, User user) {
    if (ec)
      return on_order(ec, {});
    create_order(user, {}, on_order);
  };
  get_user(id, on_user);
}

// A failure made up from captured state is not a forwarded error.
void cancellation_checks(int id, bool cancelled,
                         std::function<void(std::error_code, Order)> done) {
  get_user(id, [=](std::error_code, User user) {
    if (cancelled)
      return done(std::make_error_code(std::errc::operation_canceled), {});
    get_cart(user.id, [=](std::error_code, Cart cart) {
      if (cancelled)
        return done(std::make_error_code(std::errc::operation_canceled), {});
      create_order(user, cart, [=](std::error_code, Order order) {
        if (cancelled)
          return done(std::make_error_code(std::errc::operation_canceled), {});
        done({}, order);
      });
    });
  });
}

// The lambda is not the completion handler (not the last argument).
void retries(std::function<void(std::error_code)> done) {
  retry(
      [done](std::error_code ec) {
        if (ec)
          return done(ec);
        retry(
            [done](std::error_code ec) {
              if (ec)
                return done(ec);
              retry(
                  [done](std::error_code ec) {
                    if (ec)
                      done(ec);
                  },
                  3);
            },
            3);
      },
      3);
}

// Two levels in a template, instantiated twice.
template <class Handler> void two_levels_generic(int id, Handler handler) {
  get_user(id, [handler](std::error_code ec, User user) {
    if (ec)
      return handler(ec);
    get_cart(user.id, [handler](std::error_code ec, Cart) {
      if (ec)
        return handler(ec);
      handler(std::error_code{});
    });
  });
}
void instantiate_two_levels() {
  two_levels_generic(1, [](std::error_code) {});
  two_levels_generic(2, std::function<void(std::error_code)>{});
}

// Threads and std::function objects are constructed, not called with a
// continuation.
void constructions(std::function<void(std::error_code)> done) {
  std::function<void(std::error_code)> forward = [done](std::error_code ec) {
    if (ec)
      return done(ec);
  };
  std::thread([forward] { forward({}); }).join();
}
