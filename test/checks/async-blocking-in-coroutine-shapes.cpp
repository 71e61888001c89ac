// Futures proven ready, executor switches, awaited operands, non-blocking
// descriptors and the call-depth cap.
// RUN: %check_asynclint %s async-blocking-in-coroutine %t -- %mockflags

#include "async-mocks.h"
#include "join-frameworks.h"
#include <cerrno>
#include <chrono>
#include <future>
#include <memory>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>
#include <vector>

using namespace std::chrono_literals;

rt::Task<> tick();

// ------------------------------------------------- futures proven ready

rt::Task<int> ready_in_if(std::future<int> f) {
  if (f.wait_for(0s) == std::future_status::ready)
    co_return f.get();
  co_return -1;
}

rt::Task<int> ready_in_conjunction(std::shared_future<int> f, bool warm) {
  if (warm && f.valid() && f.wait_for(0s) == std::future_status::ready)
    co_return f.get();
  co_return 0;
}

rt::Task<int> ready_in_else(std::future<int> f) {
  if (f.wait_for(0s) != std::future_status::ready) {
    co_await tick();
  } else {
    co_return f.get();
  }
  co_return 0;
}

rt::Task<int> ready_after_polling_loop(std::future<int> f) {
  while (f.wait_for(0s) != std::future_status::ready)
    co_await tick();
  int value = f.get();
  f.wait();
  co_return value;
}

rt::Task<int> ready_after_do_loop(std::future<int> f) {
  do {
    co_await tick();
  } while (!(f.wait_for(0ms) == std::future_status::ready));
  co_return f.get();
}

rt::Task<int> ready_after_early_exit(std::future<int> f) {
  if (f.wait_until(std::chrono::steady_clock::time_point{}) !=
      std::future_status::ready)
    co_return -1;
  // CHECK-MESSAGES: :[[@LINE-3]]:7: warning: 'wait_until' blocks the thread that runs the event loop (a blocking wait)
  co_return f.get();
}

struct Loader {
  std::future<int> pending_;
  rt::Task<int> take() {
    while (pending_.wait_for(0s) != std::future_status::ready)
      co_await tick();
    co_return pending_.get();
  }
};

// Not proven: each of these waits.
rt::Task<int> get_after_the_if(std::future<int> f) {
  if (f.wait_for(0s) == std::future_status::ready)
    co_await tick();
  co_return f.get();
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: 'get' blocks the thread that runs the event loop (a blocking wait)
}

rt::Task<int> loop_that_breaks(std::future<int> f, bool give_up) {
  while (f.wait_for(0s) != std::future_status::ready) {
    if (give_up)
      break;
    co_await tick();
  }
  co_return f.get();
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: 'get' blocks
}

rt::Task<int> another_future(std::future<int> f, std::future<int> g) {
  if (f.wait_for(0s) == std::future_status::ready)
    co_return g.get();
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: 'get' blocks
  co_return 0;
}

std::future<int> start_job();
rt::Task<int> replaced_after_poll(std::future<int> f) {
  while (f.wait_for(0s) != std::future_status::ready)
    co_await tick();
  f = start_job();
  co_return f.get();
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: 'get' blocks
}

rt::Task<int> ready_only_when_false(std::future<int> f) {
  if (f.wait_for(0s) != std::future_status::ready)
    co_return f.get();
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: 'get' blocks
  co_return 0;
}

// ------------------------------------------------------ executor switches

coro::task<int> after_pool_schedule(std::shared_ptr<coro::thread_pool> blocking) {
  co_await blocking->schedule();
  std::this_thread::sleep_for(10ms);
  co_return ::system("true");
}

cppcoro::task<int> after_static_pool(cppcoro::static_thread_pool &pool) {
  co_await pool.schedule();
  co_return ::system("true");
}

concurrencpp::result<int>
after_resume_on(std::shared_ptr<concurrencpp::thread_pool_executor> ex) {
  co_await concurrencpp::resume_on(ex);
  co_return ::system("true");
}

// Still on the loop: an I/O scheduler is the loop itself; a switch inside a
// branch covers that branch only; back on the loop after the second switch.
coro::task<int> after_loop_schedule(coro::io_scheduler &loop) {
  co_await loop.schedule();
  co_return ::system("true");
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: 'system' blocks the thread that runs the event loop (blocking I/O)
}

coro::task<int> switch_in_a_branch(coro::thread_pool &pool, bool heavy) {
  if (heavy) {
    co_await pool.schedule();
    ::system("true");
  }
  co_return ::system("true");
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: 'system' blocks
}

coro::task<int> back_on_the_loop(coro::thread_pool &pool,
                                 coro::io_scheduler &loop) {
  co_await pool.schedule();
  ::system("true");
  co_await loop.schedule();
  co_return ::system("true");
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: 'system' blocks
}

// folly: co_withExecutor runs the task on the pool; the awaiting coroutine
// resumes on its own executor.
folly::coro::Task<int> on_cpu();
folly::coro::Task<int> with_executor(folly::CPUThreadPoolExecutor *cpu) {
  int v = co_await folly::coro::co_withExecutor(cpu, on_cpu());
  std::this_thread::sleep_for(1ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'sleep_for' blocks
  co_return v;
}

// ------------------------------------ names without meaning, declarations

struct Conn {};
rt::Task<Conn> connect(const char *host, int port);
int read(Conn &c);
rt::Task<int> own_functions_named_like_posix() {
  Conn c = co_await connect("example.org", 443);
  co_return read(c);
}

// ------------------------------------------------- non-blocking descriptors

rt::Task<int> connect_in_progress(int fd, const sockaddr *addr, socklen_t len) {
  if (::connect(fd, addr, len) == -1 && errno == EINPROGRESS)
    co_await tick();
  co_return 0;
}

rt::Task<long> read_would_block(int fd, char *buf) {
  for (;;) {
    long n = ::read(fd, buf, 64);
    if (n >= 0 || (errno != EAGAIN && errno != EWOULDBLOCK))
      co_return n;
    co_await tick();
  }
}

rt::Task<long> dont_wait(int fd, char *buf) {
  co_return ::recv(fd, buf, 64, MSG_DONTWAIT);
}

class Peer {
public:
  rt::Task<long> receive(char *buf) {
    co_await loop_->poll(fd_, 1);
    co_return ::recv(fd_, buf, 64, 0);
  }
  coro::task<int> ready() { return loop_->poll(fd_, 1); }

private:
  coro::io_scheduler *loop_;
  int fd_;
};

// Blocking: nothing shows the descriptor is non-blocking.
rt::Task<long> plain_read(int fd, char *buf) {
  co_return ::read(fd, buf, 64);
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: 'read' blocks the thread that runs the event loop (blocking I/O)
}

rt::Task<long> only_another_fd_polled(int fd, int other, char *buf) {
  co_await tick();
  co_return ::recv(fd, buf, 64, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: 'recv' blocks
}

// A coroutine started on the executor it takes after concurrencpp's
// executor_tag: on a pool (or a thread per task) its whole body is off the
// loop. On a manual executor, or without the tag, it is not.
concurrencpp::result<int>
on_given_pool(concurrencpp::executor_tag,
              std::shared_ptr<concurrencpp::thread_executor> ex, int n) {
  std::this_thread::sleep_for(std::chrono::milliseconds(n));
  co_return n;
}
concurrencpp::result<int>
on_manual(concurrencpp::executor_tag,
          std::shared_ptr<concurrencpp::manual_executor> ex, int n) {
  std::this_thread::sleep_for(std::chrono::milliseconds(n));
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'sleep_for' blocks
  co_return n;
}
concurrencpp::result<int>
pool_without_tag(std::shared_ptr<concurrencpp::thread_pool_executor> ex, int n) {
  std::this_thread::sleep_for(std::chrono::milliseconds(n));
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'sleep_for' blocks
  co_return n;
}

// In a template whose promise depends on a parameter, the switch is a
// dependent co_await: the rest of the body still runs on the pool; what
// comes before the switch does not.
template <class T>
concurrencpp::result<T>
after_switch_in_template(std::shared_ptr<concurrencpp::thread_pool_executor> ex) {
  co_await concurrencpp::resume_on(ex);
  std::this_thread::sleep_for(std::chrono::milliseconds(5));
  co_return T{};
}
template <class T>
concurrencpp::result<T>
before_switch_in_template(std::shared_ptr<concurrencpp::thread_pool_executor> ex) {
  std::this_thread::sleep_for(std::chrono::milliseconds(5));
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'sleep_for' blocks
  co_await concurrencpp::resume_on(ex);
  co_return T{};
}

// An eventfd or self-pipe wake-up: one integer written through its address.
rt::Task<> wake_up(int event_fd) {
  co_await tick();
  unsigned long long one = 1;
  (void)::write(event_fd, &one, sizeof(one));
  int byte = 0;
  (void)::write(event_fd, &byte, 1);
}

struct Record {
  int id;
  char name[64];
};

// Near-misses: a record or a buffer is data, not a signal.
rt::Task<> write_record(int fd, Record r, const char *text) {
  co_await tick();
  (void)::write(fd, &r, sizeof(r));
  // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: 'write' blocks
  (void)::write(fd, text, 8);
  // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: 'write' blocks
}

// Reading a signal waits for it.
rt::Task<> wait_signal(int event_fd) {
  co_await tick();
  unsigned long long count = 0;
  (void)::read(event_fd, &count, sizeof(count));
  // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: 'read' blocks
}

// A marker makes reads non-blocking, not process calls.
rt::Task<int> marker_and_process(int fd, char *buf) {
  if (::read(fd, buf, 1) < 0 && errno == EAGAIN)
    co_await tick();
  co_return ::system("true");
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: 'system' blocks
}

// ---------------------------------------------------------- call depth cap

void level3() { std::this_thread::sleep_for(1ms); }
void level2() { level3(); }
void level1() { level2(); }
void level0() { level1(); }
rt::Task<> depth() {
  level1();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'level1' blocks the thread that runs the event loop (a sleep, in 'sleep_for')
  // CHECK-MESSAGES: :[[@LINE-5]]:17: note: 'level2' is called here
  // CHECK-MESSAGES: :[[@LINE-7]]:17: note: 'level3' is called here
  // CHECK-MESSAGES: :[[@LINE-9]]:17: note: 'sleep_for' is called here
  level0();
  co_return;
}

// ------------------------------------------------ tasks started on a pool

folly::coro::Task<int> lambdas_on_the_cpu_pool(folly::CPUThreadPoolExecutor &cpu,
                                                folly::IOThreadPoolExecutor &io) {
  int a = co_await folly::coro::co_withExecutor(
      &cpu, folly::coro::co_invoke([]() -> folly::coro::Task<int> {
        std::this_thread::sleep_for(1ms);
        co_return 1;
      }));
  int b = co_await folly::coro::co_withExecutor(
      &io, folly::coro::co_invoke([]() -> folly::coro::Task<int> {
        std::this_thread::sleep_for(1ms);
        // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: 'sleep_for' blocks
        co_return 2;
      }));
  co_return a + b;
}

// ------------------------------- before the first suspension, off the loop

async_simple::coro::Lazy<int> run_from_main() {
  std::this_thread::sleep_for(200ms); // the server starts; main waits
  co_await async_simple::coro::Lazy<void>{};
  std::this_thread::sleep_for(1ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'sleep_for' blocks
  co_return 0;
}

async_simple::coro::Lazy<int> also_awaited_by_a_coroutine() {
  std::this_thread::sleep_for(200ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'sleep_for' blocks
  co_return 0;
}
async_simple::coro::Lazy<int> caller() {
  co_return co_await also_awaited_by_a_coroutine();
}

// A bridge a named coroutine calls itself is wrong on any thread: whoever
// runs it on an executor later deadlocks. A test's lambda that drives the
// loop beside the work the bridge waits for is the harness's idiom.
async_simple::coro::Lazy<int> nested_bridge_from_main() {
  int v = async_simple::coro::syncAwait(async_simple::coro::Lazy<int>{});
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: 'syncAwait' blocks
  co_return v;
}

void tests() {
  async_simple::coro::syncAwait(nested_bridge_from_main());
  async_simple::coro::syncAwait(run_from_main());
  async_simple::coro::syncAwait(also_awaited_by_a_coroutine());
  auto local = []() -> async_simple::coro::Lazy<int> {
    std::this_thread::sleep_for(1ms);
    co_return 1;
  };
  async_simple::coro::syncAwait(local());
  auto driver = []() -> async_simple::coro::Lazy<int> {
    co_return async_simple::coro::syncAwait(async_simple::coro::Lazy<int>{});
  };
  async_simple::coro::syncAwait(driver());
}

// A child awaited at a bridge-started coroutine's first suspension starts
// on the bridge's thread too; one awaited after that suspension, or by a
// coroutine nothing bridges, does not.
async_simple::coro::Lazy<int> prepare_upload() {
  std::this_thread::sleep_for(1ms); // still on the bridge's thread
  co_await async_simple::coro::Lazy<void>{};
  co_return 1;
}
async_simple::coro::Lazy<int> upload_after_prepare() {
  std::this_thread::sleep_for(1ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'sleep_for' blocks
  co_return 2;
}
async_simple::coro::Lazy<int> upload_session() {
  int a = co_await prepare_upload();
  int b = co_await upload_after_prepare();
  co_return a + b;
}
async_simple::coro::Lazy<int> prepare_elsewhere() {
  std::this_thread::sleep_for(1ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'sleep_for' blocks
  co_return 1;
}
async_simple::coro::Lazy<int> handed_session() {
  co_return co_await prepare_elsewhere();
}
void start_on_a_loop(async_simple::coro::Lazy<int>);
void run_sessions() {
  async_simple::coro::syncAwait(upload_session());
  start_on_a_loop(handed_session());
}

// Tasks plain code puts in a container start where the container is run:
// under a bridge that joins it, or first thing in a bridge-started
// coroutine that joins it (after moving it into its capture); not where
// the container is handed to something else.
async_simple::coro::Lazy<void> batch_item(int) {
  std::this_thread::sleep_for(1ms); // on the bridge's thread
  co_await async_simple::coro::Lazy<void>{};
}
async_simple::coro::Lazy<void> gathered_item(int) {
  std::this_thread::sleep_for(1ms); // on the bridge's thread
  co_await async_simple::coro::Lazy<void>{};
}
async_simple::coro::Lazy<void> handed_item(int) {
  std::this_thread::sleep_for(1ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'sleep_for' blocks
  co_await async_simple::coro::Lazy<void>{};
}
template <class T>
async_simple::coro::Lazy<void> collect_all(std::vector<T> tasks);
void run_elsewhere(std::vector<async_simple::coro::Lazy<void>> tasks);
void run_batches() {
  std::vector<async_simple::coro::Lazy<void>> direct, moved, handed;
  for (int i = 0; i < 3; ++i) {
    direct.push_back(batch_item(i));
    moved.push_back(gathered_item(i));
    handed.push_back(handed_item(i));
  }
  async_simple::coro::syncAwait(collect_all(std::move(direct)));
  auto wait_all = [tasks = std::move(moved)]() mutable
      -> async_simple::coro::Lazy<void> {
    co_await collect_all(std::move(tasks));
  };
  async_simple::coro::syncAwait(wait_all());
  run_elsewhere(std::move(handed));
}

// Operands of a join the bridge waits for start on the bridge's thread too:
// a test's event-loop lambda beside its work lambda.
template <class A, class B>
async_simple::coro::Lazy<void> both_of(async_simple::coro::Lazy<A>,
                                       async_simple::coro::Lazy<B>);
void drive_the_loop() {
  async_simple::coro::syncAwait(both_of(
      []() -> async_simple::coro::Lazy<int> {
        co_await async_simple::coro::Lazy<void>{};
        std::this_thread::sleep_for(1ms);
        // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: 'sleep_for' blocks
        co_return 1;
      }(),
      []() -> async_simple::coro::Lazy<int> {
        std::this_thread::sleep_for(1ms); // the bridge's own thread
        co_return 2;
      }()));
}

async_simple::coro::Lazy<int> not_bridged() {
  co_return co_await []() -> async_simple::coro::Lazy<int> {
    std::this_thread::sleep_for(1ms);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'sleep_for' blocks
    co_return 3;
  }();
}

// A task resumed by hand in plain code runs on the caller's thread until it
// first suspends; one handed to something else, or resumed from a
// coroutine, does not.
struct HandTask {
  struct promise_type {
    HandTask get_return_object();
    std::suspend_always initial_suspend() noexcept;
    std::suspend_always final_suspend() noexcept;
    void return_void();
    void unhandled_exception();
  };
  bool await_ready();
  void await_suspend(std::coroutine_handle<>);
  void await_resume();
  void resume();
};
void spawn_elsewhere(HandTask);
void resumed_by_hand() {
  auto t = []() -> HandTask {
    std::this_thread::sleep_for(1ms);
    co_return;
  }();
  t.resume();
  t.resume();
}
void handed_on() {
  spawn_elsewhere([]() -> HandTask {
    std::this_thread::sleep_for(1ms);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'sleep_for' blocks
    co_return;
  }());
}
HandTask resumed_from_a_coroutine() {
  auto t = []() -> HandTask {
    std::this_thread::sleep_for(1ms);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'sleep_for' blocks
    co_return;
  }();
  t.resume();
  co_return;
}

// A test macro's coroutine body method, driven by a bridge in the plain
// test body: the code before its first suspension runs on the test thread.
struct CoroTestCase {
  async_simple::coro::Lazy<void> co_body();
  async_simple::coro::Lazy<void> co_shared();
  void body() { async_simple::coro::syncAwait(co_body()); }
  void shared() { async_simple::coro::syncAwait(co_shared()); }
  async_simple::coro::Lazy<void> also() { co_await co_shared(); }
};
async_simple::coro::Lazy<void> CoroTestCase::co_body() {
  std::this_thread::sleep_for(1ms);
  co_return;
}
async_simple::coro::Lazy<void> CoroTestCase::co_shared() {
  std::this_thread::sleep_for(1ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'sleep_for' blocks
  co_return;
}

// A branch where the coroutine has no executor (an executor query yielded
// none) runs inline on whoever resumed it, with no event loop to stall: a
// library's fallback sleep. The executor query here mirrors async_simple's
// `CurrentExecutor` as a plain awaitable.
namespace async_simple {
class Executor;
struct CurrentExecutor {
  bool await_ready();
  void await_suspend(std::coroutine_handle<>);
  Executor *await_resume();
};
} // namespace async_simple
async_simple::coro::Lazy<void> sleep_without_executor() {
  auto ex = co_await async_simple::CurrentExecutor{};
  if (!ex) {
    std::this_thread::sleep_for(1ms);
    co_return;
  }
  co_await async_simple::coro::Lazy<void>{};
}
async_simple::coro::Lazy<void> sleep_when_null(bool) {
  auto *ex = co_await async_simple::CurrentExecutor{};
  if (ex == nullptr)
    std::this_thread::sleep_for(1ms);
  else
    co_await async_simple::coro::Lazy<void>{};
}
async_simple::coro::Lazy<void> sleep_in_else() {
  if (auto *ex = co_await async_simple::CurrentExecutor{}; ex)
    co_await async_simple::coro::Lazy<void>{};
  else
    std::this_thread::sleep_for(1ms);
}
// Near-misses: the branch where it has one, after the branch, and a null
// test of something else the coroutine awaited.
async_simple::coro::Lazy<void> sleep_with_executor() {
  auto ex = co_await async_simple::CurrentExecutor{};
  if (ex) {
    std::this_thread::sleep_for(1ms);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'sleep_for' blocks
  }
  if (!ex)
    co_return;
  std::this_thread::sleep_for(1ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'sleep_for' blocks
}
async_simple::coro::Lazy<int *> acquire_connection();
async_simple::coro::Lazy<void> sleep_when_no_connection() {
  int *connection = co_await acquire_connection();
  if (!connection)
    std::this_thread::sleep_for(1ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'sleep_for' blocks
}

// The frameworks' own blocking bridges (the profiles' AsyncBlockingBridges):
// a concurrencpp result waited for with `wait()`/`get()`, a folly Baton
// waited for, inside a coroutine.
concurrencpp::result<int> waits_for_result(concurrencpp::result<int> figures) {
  figures.wait();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'wait' blocks the thread that runs the event loop (a blocking wait)
  // Waited for above (and reported there): its result is at hand.
  co_return figures.get();
}
// Settled, as its status says: `get` returns at once.
concurrencpp::result<int> reads_settled(concurrencpp::result<int> figures) {
  if (figures.status() == concurrencpp::result_status::value)
    co_return figures.get();
  co_return co_await figures;
}
folly::coro::Task<int> waits_for_baton(folly::Baton<> &ready) {
  ready.wait();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'wait' blocks the thread that runs the event loop (a blocking wait)
  co_return 1;
}
// Near misses: the result awaited, a zero-length poll, the baton only
// posted or tried, the waits in plain functions, and a wait in a coroutine
// that runs on the pool it is given (concurrencpp's executor_tag).
concurrencpp::result<int> awaits_result(concurrencpp::result<int> figures) {
  int n = co_await figures;
  if (figures.wait_for(std::chrono::seconds(0)) == 0)
    co_return n;
  co_return n + 1;
}
folly::coro::Task<int> posts_baton(folly::Baton<> &ready) {
  ready.post();
  co_return ready.try_wait() ? 1 : 0;
}
int plain_waits(concurrencpp::result<int> figures, folly::Baton<> &ready) {
  ready.wait();
  figures.wait();
  return figures.get();
}
concurrencpp::result<int>
waits_on_pool(concurrencpp::executor_tag,
              std::shared_ptr<concurrencpp::thread_pool_executor> ex,
              concurrencpp::result<int> figures) {
  figures.wait();
  co_return figures.get();
}

// Reading the result of work the coroutine started itself waits for it;
// reading results it was handed (a join's results, a parameter) does not
// say so: those are usually ready.
concurrencpp::result<int> start_figures();
concurrencpp::result<int> reads_started_work() {
  concurrencpp::result<int> figures = start_figures();
  co_return figures.get();
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: 'get' blocks the thread that runs the event loop (a blocking wait)
}
concurrencpp::result<int>
sums_joined_results(std::vector<concurrencpp::result<int>> done) {
  int total = 0;
  for (auto &r : done)
    total += r.get();
  co_return total;
}
