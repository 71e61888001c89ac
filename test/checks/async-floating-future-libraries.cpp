// Real libraries' shapes: a free `operator co_await` counts only where it is
// viable for the type; handles to running work are futures (no `co_await`
// fix); a coroutine_traits-specialized fire-and-forget type; detached tokens
// only where this file writes them.
// RUN: %check_asynclint %s async-floating-future %t -- %mockflags

#include "library-shapes.h"
#include <functional>
#include <stdexcept>
#include <string>

struct Loop {};
corral::Task<> corral_work();
folly::coro::Task<> folly_work();
folly::Optional<int> find(int key);
folly::Future<int> fetch(int key);
folly::SemiFuture<int> fetch_semi(int key);
async_simple::Future<int> start_server();
async_simple::Try<int> try_parse(int);
concurrencpp::result<int> submit(int);
concurrencpp::null_result fire(int);
folly::Baton &baton();

// Negatives: values of namespaces that declare some `operator co_await`.
void corral_main(Loop &loop) {
  corral::run(loop, corral_work());
  auto guard = corral::requireOnExit(1);
  corral::requireOnExit(2);
  folly::unit_of(3);
  try_parse(4);
  find(5);
  auto kept = find(6);
  (void)start_server();
  (void)fetch_semi(7);
  fire(8);
  auto f = fire(9);
}

// Negatives: awaited, kept and used.
folly::coro::Task<> awaits(folly::Executor *ex) {
  co_await folly_work();
  int v = co_await fetch(1);
  auto semi = fetch_semi(2);
  std::move(semi).get();
  co_await baton();
  auto s = start_server();
  s.wait();
  (void)v;
}

// Positives: handles to running work. The work goes on, the result and the
// error are lost; `co_await` is never offered.
folly::coro::Task<> drops_handles(folly::Executor *ex) {
  fetch(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: future returned by 'fetch' is discarded without being used: the work goes on, but its result and any exception are lost [async-floating-future]
  // CHECK-FIXES: {{^}}  fetch(1);
  folly::coro::co_withExecutor(ex, folly_work()).start();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: future returned by 'start' is discarded without being used: the work goes on
  // CHECK-FIXES: {{^}}  folly::coro::co_withExecutor(ex, folly_work()).start();
  co_return;
}

void starts_server() {
  start_server();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: future returned by 'start_server' is discarded without being used: the work goes on
  submit(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: future returned by 'submit' is discarded without being used: the work goes on
}

// Still a lazy task of a namespace with a constrained operator co_await.
void forgets_task() {
  corral_work();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: coroutine task returned by 'corral_work' is discarded without being awaited: it never runs [async-floating-future]
}

// Detached tokens: reported where this file writes them, not where a
// forwarding function passes its parameter on.
template <class Token> void relay(corral::Task<> task, Token &&token) {
  lib::spawn(std::move(task), std::forward<Token>(token));
}

void spawns() {
  relay(corral_work(), lib::detached);
  // CHECK-MESSAGES: :[[@LINE-1]]:24: warning: 'relay' with a detached completion drops the outcome of the spawned work: an exception it throws is silently lost [async-floating-future]
  lib::spawn_forwarding(corral_work(), lib::detached);
  // CHECK-MESSAGES: :[[@LINE-1]]:40: warning: 'spawn_forwarding' with a detached completion
  lib::spawn(corral_work(), [](std::exception_ptr) {});
}

// Running handles that only observe work something else answers for: a
// continuation's result (its callback is the observer), and an object's own
// activity started by a method handed no work (the server owns it).
struct HttpServer {
  async_simple::Future<int> async_start();
  async_simple::Future<int> async_submit(std::function<void()> job);
};

void on_value(int);
void on_try(async_simple::Try<int>);

void observers(HttpServer &server, HttpServer *other) {
  server.async_start();
  other->async_start();
  fetch(3).thenValue(&on_value);
  start_server().thenTry(&on_try);
}

// Kept in a variable that is never used: the same.
void observer_kept(HttpServer &server) {
  auto started = server.async_start();
}

// Near misses: a temporary object's start, and a method handed the work it
// runs, whether dropped or kept unused.
void not_observers(HttpServer &server) {
  HttpServer().async_start();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: future returned by 'async_start' is discarded without being used
  server.async_submit([] {});
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: future returned by 'async_submit' is discarded without being used
  auto submitted = server.async_submit([] {});
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: future 'submitted' is never awaited, moved or passed on
}

// A running handle a coroutine of the unit gives back is that coroutine's
// own result: only the caller can observe its outcome, whatever object the
// coroutine is a method of.
template <class... Arguments>
struct std::coroutine_traits<concurrencpp::result<void>, Arguments...> {
  struct promise_type {
    concurrencpp::result<void> get_return_object();
    std::suspend_never initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    void unhandled_exception() {}
    void return_void() {}
  };
};
struct Mailer {
  concurrencpp::result<void> report_bounce(std::string email) {
    if (email.empty())
      throw std::invalid_argument("no address");
    co_return;
  }
  void on_reply(std::string email) {
    report_bounce(email);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: future returned by 'report_bounce' is discarded without being used
  }
};

// An awaitable that, dropped, starts its task as it goes (corral's
// Nursery::start maker): its destructor starts the work, nothing is lost.
// Near-miss: a destructor that only releases what it holds.
struct Starter {
  void start();
  void release();
};
class StartOnDrop {
public:
  explicit StartOnDrop(Starter *s) : s_(s) {}
  ~StartOnDrop() {
    if (s_)
      s_->start();
  }
  bool await_ready();
  void await_suspend(std::coroutine_handle<>);
  void await_resume();

private:
  Starter *s_;
};
class ReleaseOnDrop {
public:
  explicit ReleaseOnDrop(Starter *s) : s_(s) {}
  ~ReleaseOnDrop() { s_->release(); }
  bool await_ready();
  void await_suspend(std::coroutine_handle<>);
  void await_resume();

private:
  Starter *s_;
};
StartOnDrop start_in(Starter &s);
ReleaseOnDrop hold_in(Starter &s);
void dropped_awaitables(Starter &s) {
  start_in(s);
  hold_in(s);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: awaitable returned by 'hold_in' is discarded without being awaited
}

// A raw coroutine handle is not work: releasing one drops nothing.
struct Frame {
  std::coroutine_handle<> release();
};
void release_handle(Frame &frame) { frame.release(); }

// A spawn template this unit only declares cannot be instantiated for the
// handler lambda a fix would write: the lambda is passed as a function
// pointer.
namespace declared_only {
template <class Token> void spawn(corral::Task<> task, Token token);
}
void spawn_declared_only() {
  declared_only::spawn(corral_work(), lib::detached);
  // CHECK-MESSAGES: :[[@LINE-1]]:39: warning: 'spawn' with a detached completion
  // CHECK-FIXES: declared_only::spawn(corral_work(), +[](std::exception_ptr e) { if (e) std::rethrow_exception(e); });
}
