// Options: spawning preferred in coroutines, a project's own spawn function
// and error handler, and an extra task type.
// RUN: %check_asynclint --unsafe-fixes --config="{CheckOptions: {async-floating-future.InCoroutineFix: spawn, async-floating-future.SpawnFunction: 'app::launch', async-floating-future.ErrorHandler: 'app::report', async-floating-future.ErrorHandlerHeader: '', async-floating-future.TaskTypes: 'lib::Job'}}" %s async-floating-future %t -- %mockflags

#include "async-mocks.h"

namespace app {
void launch(rt::Task<> task);
void report(std::exception_ptr error);
} // namespace app

namespace lib {
// A task type whose promise lives in a library this file cannot see.
struct Job {};
Job make_job();
} // namespace lib

rt::Task<> audit(int id);
rt::Task<int> lookup(int id);

rt::Task<> handler(asio::any_io_executor ex) {
  audit(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: coroutine task returned by 'audit' is discarded without being awaited: it never runs [async-floating-future]
  // CHECK-MESSAGES: :[[@LINE-2]]:3: note: or wait for it here with 'co_await'
  // CHECK-FIXES: app::launch(audit(1));
  lookup(2);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: coroutine task returned by 'lookup'
  // CHECK-FIXES: co_await lookup(2);
  asio::co_spawn(ex, asio::async_op(), asio::detached);
  // CHECK-MESSAGES: :[[@LINE-1]]:40: warning: 'co_spawn' with a detached completion
  // CHECK-FIXES: asio::co_spawn(ex, asio::async_op(), app::report);
  lib::make_job();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: coroutine task returned by 'make_job' is discarded without being awaited: it never runs
  co_return;
}

// Negatives: what the options do not change.
rt::Task<> negatives() {
  co_await audit(3);
  app::launch(audit(4));
  co_await lookup(5);
  lib::Job kept = lib::make_job();
  (void)kept;
}
