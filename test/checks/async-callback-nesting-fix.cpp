// RUN: %check_asynclint --unsafe-fixes %s async-callback-nesting %t -- %cxxflags

// The flat-coroutine fix for a callback chain, and every case where it must
// not be applied. The fixed file is compiled against the real runtime.

#include <rt/rt.hpp>

#include <functional>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

struct User {
  int id = 0;
  std::string name;
};
struct Cart {
  int user_id = 0;
  std::vector<int> items;
};
struct Order {
  int id = 0;
  int lines = 0;
};
struct Config {
  std::string region;
};
struct Receipt {
  explicit Receipt(int number) : number(number) {}
  int number;
};

void get_user(int id, std::function<void(std::error_code, User)> done);
void get_cart(int user_id, std::function<void(std::error_code, Cart)> done);
void create_order(User user, std::vector<int> items,
                  std::function<void(std::error_code, Order)> done);
void reserve(const std::string &region, int user_id,
             std::function<void(std::error_code)> done);
void notify(std::string name, std::function<void(std::error_code)> done);
void pay(Order order, std::function<void(std::error_code, Receipt)> done);
void log_error(std::error_code ec);
int next_id();
const std::vector<int> kNoItems;

// ---------------------------------------------------------------- positives

// The seed task's shape: level 2 forgets its `return`. The function keeps
// its signature; its body starts a coroutine that answers `done` once.
void checkout(int id, std::function<void(std::error_code, Order)> done) {
  get_user(id, [done](std::error_code ec, User user) {
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 3 callbacks nested, each forwarding its error by hand: a level that forgets to 'return' after forwarding answers its caller twice; write the chain as a coroutine that awaits each step [async-callback-nesting]
    if (ec)
      return done(ec, {});
    // CHECK-MESSAGES: :[[@LINE-2]]:5: note: level 1 forwards its error by hand
    get_cart(user.id, [done, user](std::error_code ec, Cart cart) {
      if (ec)
        done(ec, {});
      // CHECK-MESSAGES: :[[@LINE-2]]:7: note: level 2 forwards its error without returning
      create_order(user, cart.items, [done](std::error_code ec, Order order) {
        if (ec)
          return done(ec, {});
        // CHECK-MESSAGES: :[[@LINE-2]]:9: note: level 3 forwards its error by hand
        done({}, order);
      });
    });
  });
}
// CHECK-FIXES:      void checkout(int id, std::function<void(std::error_code, Order)> done) {
// CHECK-FIXES-NEXT:   rt::spawn([](int id, std::function<void(std::error_code, Order)> done) -> rt::Task<void> {
// CHECK-FIXES-NEXT:     Order order;
// CHECK-FIXES-NEXT:     try {
// CHECK-FIXES-NEXT:       User user = co_await rt::promisify(get_user)(id);
// CHECK-FIXES-NEXT:       Cart cart = co_await rt::promisify(get_cart)(user.id);
// CHECK-FIXES-NEXT:       order = co_await rt::promisify(create_order)(user, cart.items);
// CHECK-FIXES-NEXT:     } catch (const std::system_error &e) {
// CHECK-FIXES-NEXT:       done(e.code(), {});
// CHECK-FIXES-NEXT:       co_return;
// CHECK-FIXES-NEXT:     }
// CHECK-FIXES-NEXT:     done({}, order);
// CHECK-FIXES-NEXT:   }(id, std::move(done)));
// CHECK-FIXES-NEXT: }

// Steps without a value, a value nobody reads, `{ cb(ec); return; }`, a
// success answer that passes `ec` itself, and a parameter taken by const
// reference: the coroutine gets its own copy, as every callback had one.
void register_user(const std::string &name,
                   std::function<void(std::error_code)> done) {
  notify(name, [name, done](std::error_code ec) {
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 3 callbacks nested, {{.*}} step [async-callback-nesting]
    if (ec) {
      done(ec);
      return;
    }
    // CHECK-MESSAGES: :[[@LINE-4]]:5: note: level 1 forwards its error by hand
    get_user(7, [name, done](std::error_code ec, User) {
      if (ec)
        return done(ec);
      // CHECK-MESSAGES: :[[@LINE-2]]:7: note: level 2 forwards its error by hand
      notify(name, [done](std::error_code ec) {
        if (ec)
          return done(ec);
        // CHECK-MESSAGES: :[[@LINE-2]]:9: note: level 3 forwards its error by hand
        done(ec);
      });
    });
  });
}
// CHECK-FIXES:      std::function<void(std::error_code)> done) {
// CHECK-FIXES-NEXT:   rt::spawn([](std::string name, std::function<void(std::error_code)> done) -> rt::Task<void> {
// CHECK-FIXES-NEXT:     try {
// CHECK-FIXES-NEXT:       co_await rt::promisify(notify)(name);
// CHECK-FIXES-NEXT:       co_await rt::promisify(get_user)(7);
// CHECK-FIXES-NEXT:       co_await rt::promisify(notify)(name);
// CHECK-FIXES-NEXT:     } catch (const std::system_error &e) {
// CHECK-FIXES-NEXT:       done(e.code());
// CHECK-FIXES-NEXT:       co_return;
// CHECK-FIXES-NEXT:     }
// CHECK-FIXES-NEXT:     done({});
// CHECK-FIXES-NEXT:   }(name, std::move(done)));
// CHECK-FIXES-NEXT: }

// A reference the callbacks share by reference stays one (the original
// already relied on it outliving the chain); the answer moves the last
// value; the name `e` is taken, so the catch names its exception `e2`.
void reserve_order(const Config &config, int e,
                   std::function<void(std::error_code, Order)> done) {
  get_user(e, [&config, done](std::error_code ec, User user) {
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 3 callbacks nested, {{.*}} step [async-callback-nesting]
    if (ec)
      return done(ec, Order{});
    // CHECK-MESSAGES: :[[@LINE-2]]:5: note: level 1 forwards its error by hand
    reserve(config.region, user.id, [done, user](std::error_code ec) {
      if (ec)
        return done(ec, Order{});
      // CHECK-MESSAGES: :[[@LINE-2]]:7: note: level 2 forwards its error by hand
      create_order(user, kNoItems, [done](std::error_code ec, Order order) {
        if (ec)
          return done(ec, Order{});
        // CHECK-MESSAGES: :[[@LINE-2]]:9: note: level 3 forwards its error by hand
        done(ec, std::move(order));
      });
    });
  });
}
// CHECK-FIXES:      std::function<void(std::error_code, Order)> done) {
// CHECK-FIXES-NEXT:   rt::spawn([](const Config &config, int e, std::function<void(std::error_code, Order)> done) -> rt::Task<void> {
// CHECK-FIXES-NEXT:     Order order;
// CHECK-FIXES-NEXT:     try {
// CHECK-FIXES-NEXT:       User user = co_await rt::promisify(get_user)(e);
// CHECK-FIXES-NEXT:       co_await rt::promisify(reserve)(config.region, user.id);
// CHECK-FIXES-NEXT:       order = co_await rt::promisify(create_order)(user, kNoItems);
// CHECK-FIXES-NEXT:     } catch (const std::system_error &e2) {
// CHECK-FIXES-NEXT:       done(e2.code(), Order{});
// CHECK-FIXES-NEXT:       co_return;
// CHECK-FIXES-NEXT:     }
// CHECK-FIXES-NEXT:     done({}, std::move(order));
// CHECK-FIXES-NEXT:   }(config, e, std::move(done)));
// CHECK-FIXES-NEXT: }

// A member function whose chain reads only its parameters.
struct Shop {
  void place(int id, std::function<void(std::error_code, Order)> answer);
};
void Shop::place(int id, std::function<void(std::error_code, Order)> answer) {
  get_user(id, [answer, id](std::error_code ec, User user) {
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 3 callbacks nested, {{.*}} step [async-callback-nesting]
    if (ec)
      return answer(ec, {});
    // CHECK-MESSAGES: :[[@LINE-2]]:5: note: level 1 forwards its error by hand
    get_cart(user.id, [answer, user, id](std::error_code ec, Cart cart) {
      if (ec)
        return answer(ec, {});
      // CHECK-MESSAGES: :[[@LINE-2]]:7: note: level 2 forwards its error by hand
      create_order(user, cart.items, [answer, id](std::error_code ec, Order) {
        if (ec)
          return answer(ec, {});
        // CHECK-MESSAGES: :[[@LINE-2]]:9: note: level 3 forwards its error by hand
        answer(std::error_code{}, Order{id, 1});
      });
    });
  });
}
// CHECK-FIXES:      void Shop::place(int id, std::function<void(std::error_code, Order)> answer) {
// CHECK-FIXES-NEXT:   rt::spawn([](int id, std::function<void(std::error_code, Order)> answer) -> rt::Task<void> {
// CHECK-FIXES-NEXT:     try {
// CHECK-FIXES-NEXT:       User user = co_await rt::promisify(get_user)(id);
// CHECK-FIXES-NEXT:       Cart cart = co_await rt::promisify(get_cart)(user.id);
// CHECK-FIXES-NEXT:       co_await rt::promisify(create_order)(user, cart.items);
// CHECK-FIXES-NEXT:     } catch (const std::system_error &e) {
// CHECK-FIXES-NEXT:       answer(e.code(), {});
// CHECK-FIXES-NEXT:       co_return;
// CHECK-FIXES-NEXT:     }
// CHECK-FIXES-NEXT:     answer(std::error_code{}, Order{id, 1});
// CHECK-FIXES-NEXT:   }(id, std::move(answer)));
// CHECK-FIXES-NEXT: }

// ---------------------------------------------------- diagnosed, not fixed

// A level does something besides testing its error and going on.
void logs_between(int id, std::function<void(std::error_code, Order)> done) {
  get_user(id, [done](std::error_code ec, User user) {
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 3 callbacks nested, {{.*}} step (no fix: level 1 does more than test its error and go on) [async-callback-nesting]
    if (ec)
      return done(ec, {});
    log_error(ec);
    get_cart(user.id, [done, user](std::error_code ec, Cart cart) {
      if (ec)
        return done(ec, {});
      create_order(user, cart.items, [done](std::error_code ec, Order order) {
        if (ec)
          return done(ec, {});
        done({}, order);
      });
    });
  });
}

// One level answers a different callback.
void two_callbacks(int id, std::function<void(std::error_code, Order)> done,
                   std::function<void(std::error_code, Order)> fail) {
  get_user(id, [done, fail](std::error_code ec, User user) {
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 3 callbacks nested, {{.*}} step (no fix: level 2 does not pass on only its error code) [async-callback-nesting]
    if (ec)
      return done(ec, {});
    get_cart(user.id, [done, fail, user](std::error_code ec, Cart cart) {
      if (ec)
        return fail(ec, {});
      create_order(user, cart.items, [done](std::error_code ec, Order order) {
        if (ec)
          return done(ec, {});
        done({}, order);
      });
    });
  });
}

// The error is logged as well as forwarded.
void logs_and_forwards(int id,
                       std::function<void(std::error_code, Order)> done) {
  get_user(id, [done](std::error_code ec, User user) {
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 3 callbacks nested, {{.*}} step (no fix: level 1 does not pass on only its error code) [async-callback-nesting]
    if (ec) {
      log_error(ec);
      return done(ec, {});
    }
    get_cart(user.id, [done, user](std::error_code ec, Cart cart) {
      if (ec)
        return done(ec, {});
      create_order(user, cart.items, [done](std::error_code ec, Order order) {
        if (ec)
          return done(ec, {});
        done({}, order);
      });
    });
  });
}

// The levels answer with different placeholder values.
void different_placeholders(int id,
                            std::function<void(std::error_code, int)> done) {
  get_user(id, [done](std::error_code ec, User user) {
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 3 callbacks nested, {{.*}} step (no fix: level 2 does not pass on only its error code) [async-callback-nesting]
    if (ec)
      return done(ec, 0);
    get_cart(user.id, [done, user](std::error_code ec, Cart cart) {
      if (ec)
        return done(ec, 1);
      create_order(user, cart.items, [done](std::error_code ec, Order order) {
        if (ec)
          return done(ec, 2);
        done({}, order.id);
      });
    });
  });
}

// Node-style status codes: not the std::error_code callback promisify takes.
void lookup(int id, std::function<void(int status, User)> done);
void lookup_chain(int id, std::function<void(int, User)> done) {
  lookup(id, [done](int status, User user) {
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 3 callbacks nested, {{.*}} step (no fix: the last parameter of 'lookup' is not a std::function<void(std::error_code[, T])>) [async-callback-nesting]
    if (status)
      return done(status, {});
    lookup(user.id, [done](int status, User user) {
      if (status)
        return done(status, {});
      lookup(user.id, [done](int status, User user) {
        if (status)
          return done(status, {});
        done(0, user);
      });
    });
  });
}

// A local captured by reference dies when the function returns, long
// before the callbacks run.
void local_by_reference(int id,
                        std::function<void(std::error_code, Order)> done) {
  std::vector<int> extra{1, 2};
  get_user(id, [done, &extra](std::error_code ec, User user) {
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 3 callbacks nested, {{.*}} step (no fix: the chain reads 'extra', which is not a parameter of the function) [async-callback-nesting]
    if (ec)
      return done(ec, {});
    get_cart(user.id, [done, user, &extra](std::error_code ec, Cart) {
      if (ec)
        return done(ec, {});
      create_order(user, extra, [done](std::error_code ec, Order order) {
        if (ec)
          return done(ec, {});
        done({}, order);
      });
    });
  });
}

// So does a parameter taken by value.
void parameter_by_reference(int id, std::vector<int> items,
                            std::function<void(std::error_code, Order)> done) {
  get_user(id, [done, &items](std::error_code ec, User user) {
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 3 callbacks nested, {{.*}} step (no fix: a level captures the parameter 'items' by reference, and it is gone when the function returns) [async-callback-nesting]
    if (ec)
      return done(ec, {});
    get_cart(user.id, [done, user, &items](std::error_code ec, Cart) {
      if (ec)
        return done(ec, {});
      create_order(user, items, [done](std::error_code ec, Order order) {
        if (ec)
          return done(ec, {});
        done({}, order);
      });
    });
  });
}

// The last level hands the outer callback to someone else.
void finish(std::function<void(std::error_code, Order)> done, Order order);
void hands_over(int id, std::function<void(std::error_code, Order)> done) {
  get_user(id, [done](std::error_code ec, User user) {
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 3 callbacks nested, {{.*}} step (no fix: level 3 does more than test its error and go on) [async-callback-nesting]
    if (ec)
      return done(ec, {});
    get_cart(user.id, [done, user](std::error_code ec, Cart cart) {
      if (ec)
        return done(ec, {});
      create_order(user, cart.items, [done](std::error_code ec, Order order) {
        if (ec)
          return done(ec, {});
        finish(done, order);
      });
    });
  });
}

// promisify cannot take the address of an overloaded function.
void fetch(int id, std::function<void(std::error_code, User)> done);
void fetch(std::string name, std::function<void(std::error_code, User)> done);
void overloaded(int id, std::function<void(std::error_code, User)> done) {
  fetch(id, [done](std::error_code ec, User user) {
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 3 callbacks nested, {{.*}} step (no fix: 'fetch' is overloaded) [async-callback-nesting]
    if (ec)
      return done(ec, {});
    fetch(user.name, [done](std::error_code ec, User user) {
      if (ec)
        return done(ec, {});
      fetch(user.id, [done](std::error_code ec, User user) {
        if (ec)
          return done(ec, {});
        done({}, user);
      });
    });
  });
}

// The error forwarding is spelled through a macro.
#define FORWARD(ec, cb)                                                        \
  if (ec)                                                                      \
  return cb(ec, {})
void through_macro(int id, std::function<void(std::error_code, Order)> done) {
  get_user(id, [done](std::error_code ec, User user) {
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 3 callbacks nested, {{.*}} step (no fix: the chain is written with a macro) [async-callback-nesting]
    FORWARD(ec, done);
    get_cart(user.id, [done, user](std::error_code ec, Cart cart) {
      FORWARD(ec, done);
      create_order(user, cart.items, [done](std::error_code ec, Order order) {
        FORWARD(ec, done);
        done({}, order);
      });
    });
  });
}

// A template: one rewrite would serve every instantiation.
template <class Done> void generic(int id, Done done) {
  get_user(id, [done](std::error_code ec, User user) {
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 3 callbacks nested, {{.*}} step (no fix: the function is a template) [async-callback-nesting]
    if (ec)
      return done(ec, Order{});
    get_cart(user.id, [done, user](std::error_code ec, Cart cart) {
      if (ec)
        return done(ec, Order{});
      create_order(user, cart.items, [done](std::error_code ec, Order order) {
        if (ec)
          return done(ec, Order{});
        done(std::error_code{}, order);
      });
    });
  });
}
void instantiate_generic() {
  generic(1, [](std::error_code, Order) {});
}

// Member functions of a client object, and members read through `this`.
struct Client {
  void get_user(int id, std::function<void(std::error_code, User)> done);
  std::vector<int> basket;
  void checkout(int id, std::function<void(std::error_code, Order)> done) {
    this->get_user(id, [this, done](std::error_code ec, User user) {
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 3 callbacks nested, {{.*}} step (no fix: level 1 does not call a function by its name) [async-callback-nesting]
      if (ec)
        return done(ec, {});
      get_cart(user.id, [this, done, user](std::error_code ec, Cart) {
        if (ec)
          return done(ec, {});
        create_order(user, basket, [done](std::error_code ec, Order order) {
          if (ec)
            return done(ec, {});
          done({}, order);
        });
      });
    });
  }
  void reads_member(int id, std::function<void(std::error_code, Order)> done) {
    ::get_user(id, [this, done](std::error_code ec, User user) {
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 3 callbacks nested, {{.*}} step (no fix: the chain uses 'this') [async-callback-nesting]
      if (ec)
        return done(ec, {});
      get_cart(user.id, [this, done, user](std::error_code ec, Cart) {
        if (ec)
          return done(ec, {});
        create_order(user, basket, [done](std::error_code ec, Order order) {
          if (ec)
            return done(ec, {});
          done({}, order);
        });
      });
    });
  }
};

// Something runs after the chain has started: it would now run first.
void then_more(int id, std::function<void(std::error_code, Order)> done) {
  get_user(id, [done](std::error_code ec, User user) {
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 3 callbacks nested, {{.*}} step (no fix: the chain is not the last statement of the function) [async-callback-nesting]
    if (ec)
      return done(ec, {});
    get_cart(user.id, [done, user](std::error_code ec, Cart cart) {
      if (ec)
        return done(ec, {});
      create_order(user, cart.items, [done](std::error_code ec, Order order) {
        if (ec)
          return done(ec, {});
        done({}, order);
      });
    });
  });
  log_error({});
}

// The answer combines the values of several levels.
void combines(int id, std::function<void(std::error_code, std::string)> done) {
  get_user(id, [done](std::error_code ec, User user) {
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 3 callbacks nested, {{.*}} step (no fix: the answer passes the value of level 1, not only the last level's) [async-callback-nesting]
    if (ec)
      return done(ec, {});
    get_cart(user.id, [done, user](std::error_code ec, Cart cart) {
      if (ec)
        return done(ec, {});
      create_order(user, cart.items, [done, user](std::error_code ec, Order) {
        if (ec)
          return done(ec, {});
        done({}, user.name);
      });
    });
  });
}

// The first call's arguments would be evaluated later, when the coroutine
// starts.
void computes_first(std::function<void(std::error_code, Order)> done) {
  get_user(next_id(), [done](std::error_code ec, User user) {
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 3 callbacks nested, {{.*}} step (no fix: the first level's arguments call 'next_id', which would run later, when the coroutine starts) [async-callback-nesting]
    if (ec)
      return done(ec, {});
    get_cart(user.id, [done, user](std::error_code ec, Cart cart) {
      if (ec)
        return done(ec, {});
      create_order(user, cart.items, [done](std::error_code ec, Order order) {
        if (ec)
          return done(ec, {});
        done({}, order);
      });
    });
  });
}

// The last value has no default constructor to declare it before the try.
void pays(int id, std::function<void(std::error_code, int)> done) {
  get_user(id, [done](std::error_code ec, User user) {
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 3 callbacks nested, {{.*}} step (no fix: the last value 'receipt' cannot be declared before the awaits and assigned after) [async-callback-nesting]
    if (ec)
      return done(ec, 0);
    create_order(user, kNoItems, [done](std::error_code ec, Order order) {
      if (ec)
        return done(ec, 0);
      pay(order, [done](std::error_code ec, Receipt receipt) {
        if (ec)
          return done(ec, 0);
        done({}, receipt.number);
      });
    });
  });
}

// An error test that is not `if (ec)`.
void tests_value(int id, std::function<void(std::error_code, Order)> done) {
  get_user(id, [done](std::error_code ec, User user) {
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 3 callbacks nested, {{.*}} step (no fix: level 2 tests its error otherwise than 'if (ec)') [async-callback-nesting]
    if (ec)
      return done(ec, {});
    get_cart(user.id, [done, user](std::error_code ec, Cart cart) {
      if (ec.value() != 0)
        return done(ec, {});
      create_order(user, cart.items, [done](std::error_code ec, Order order) {
        if (ec)
          return done(ec, {});
        done({}, order);
      });
    });
  });
}

// A braced list cannot be forwarded through promisify's `auto...`.
void braced(int id, std::function<void(std::error_code, Order)> done) {
  get_user(id, [done](std::error_code ec, User user) {
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 3 callbacks nested, {{.*}} step (no fix: an argument of 'create_order' is a braced list) [async-callback-nesting]
    if (ec)
      return done(ec, {});
    get_cart(user.id, [done, user](std::error_code ec, Cart) {
      if (ec)
        return done(ec, {});
      create_order(user, {1, 2}, [done](std::error_code ec, Order order) {
        if (ec)
          return done(ec, {});
        done({}, order);
      });
    });
  });
}

// Two levels name their values alike: one flat scope cannot hold both.
void same_names(int id, std::function<void(std::error_code, User)> done) {
  get_user(id, [done](std::error_code ec, User user) {
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 3 callbacks nested, {{.*}} step (no fix: 'user' would name two things) [async-callback-nesting]
    if (ec)
      return done(ec, {});
    get_user(user.id + 1, [done](std::error_code ec, User user) {
      if (ec)
        return done(ec, {});
      get_user(user.id + 1, [done](std::error_code ec, User next) {
        if (ec)
          return done(ec, {});
        done({}, next);
      });
    });
  });
}

// A level reads its error code after the test.
void describe(std::string text, std::function<void(std::error_code)> done);
void reads_error(int id, std::function<void(std::error_code)> done) {
  get_user(id, [done](std::error_code ec, User user) {
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 3 callbacks nested, {{.*}} step (no fix: level 1 reads its error code after testing it) [async-callback-nesting]
    if (ec)
      return done(ec);
    describe(ec.message() + user.name, [done](std::error_code ec) {
      if (ec)
        return done(ec);
      notify("x", [done](std::error_code ec) {
        if (ec)
          return done(ec);
        done({});
      });
    });
  });
}

// A function pointer parameter: its name sits inside its type.
void by_pointer(int id, void (*answer)(std::error_code, Order)) {
  get_user(id, [answer](std::error_code ec, User user) {
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 3 callbacks nested, {{.*}} step (no fix: the type of 'answer' is not written before its name) [async-callback-nesting]
    if (ec)
      return answer(ec, {});
    get_cart(user.id, [answer, user](std::error_code ec, Cart cart) {
      if (ec)
        return answer(ec, {});
      create_order(user, cart.items, [answer](std::error_code ec, Order order) {
        if (ec)
          return answer(ec, {});
        answer({}, order);
      });
    });
  });
}

// A comment inside the chain would be lost by the rewrite.
void commented(int id, std::function<void(std::error_code, Order)> done) {
  get_user(id, [done](std::error_code ec, User user) {
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 3 callbacks nested, {{.*}} step (no fix: the chain holds comments a rewrite would lose) [async-callback-nesting]
    if (ec)
      return done(ec, {});
    get_cart(user.id, [done, user](std::error_code ec, Cart cart) {
      if (ec)
        return done(ec, {}); /* the cart service is down */
      create_order(user, cart.items, [done](std::error_code ec, Order order) {
        if (ec)
          return done(ec, {});
        done({}, order);
      });
    });
  });
}

// The function reports something itself: its callers read that at once.
bool started(int id, std::function<void(std::error_code, Order)> done) {
  get_user(id, [done](std::error_code ec, User user) {
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 3 callbacks nested, {{.*}} step (no fix: the chain is not the last statement of the function) [async-callback-nesting]
    if (ec)
      return done(ec, {});
    get_cart(user.id, [done, user](std::error_code ec, Cart cart) {
      if (ec)
        return done(ec, {});
      create_order(user, cart.items, [done](std::error_code ec, Order order) {
        if (ec)
          return done(ec, {});
        done({}, order);
      });
    });
  });
  return true;
}
