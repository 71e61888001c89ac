// MaxDepth: 3 allows three levels; four are flagged.
// RUN: %check_asynclint --config="{CheckOptions: {async-callback-nesting.MaxDepth: 3}}" %s async-callback-nesting %t -- %mockflags

#include "async-mocks.h"
#include <functional>
#include <system_error>

void step(int n, std::function<void(std::error_code)> done);

void three_levels(std::function<void(std::error_code)> done) {
  step(1, [done](std::error_code ec) {
    if (ec)
      return done(ec);
    step(2, [done](std::error_code ec) {
      if (ec)
        return done(ec);
      step(3, [done](std::error_code ec) {
        if (ec)
          return done(ec);
        done({});
      });
    });
  });
}

void four_levels(std::function<void(std::error_code)> done) {
  step(1, [done](std::error_code ec) {
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 4 callbacks nested
    if (ec)
      return done(ec);
    // CHECK-MESSAGES: :[[@LINE-2]]:5: note: level 1
    step(2, [done](std::error_code ec) {
      if (ec)
        return done(ec);
      // CHECK-MESSAGES: :[[@LINE-2]]:7: note: level 2
      step(3, [done](std::error_code ec) {
        if (ec)
          return done(ec);
        // CHECK-MESSAGES: :[[@LINE-2]]:9: note: level 3
        step(4, [done](std::error_code ec) {
          if (ec)
            return done(ec);
          // CHECK-MESSAGES: :[[@LINE-2]]:11: note: level 4
          done({});
        });
      });
    });
  });
}
