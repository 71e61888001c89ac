//===--- Profiles.cpp - what each coroutine framework calls things --------===//
//
// Names are taken from each library's public API (declarations, not code).
// A member is written `Class::member` under its namespace; an entry lists
// every spelling a user can reach (both Asio distributions, for instance).
//
//===----------------------------------------------------------------------===//

#include "frameworks/Profiles.h"
#include "model/AsyncModel.h"
#include "clang/AST/Decl.h"
#include "clang/AST/DeclBase.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVector.h"
#include <algorithm>
#include <string>

namespace clang::tidy::async {
namespace {

using P = FrameworkProfile;

constexpr P Profiles[] = {
    {"std",
     "std",
     {.EagerTasks = "std::future;std::shared_future",
      .Spawns = "std::async",
      .BlockingBridges =
          "std::future::get;std::future::wait;std::shared_future::get;"
          "std::shared_future::wait;std::thread::join",
      .CancellationTokens = "std::stop_token",
      .BlockingMutexes = "std::mutex;std::recursive_mutex;std::timed_mutex;"
                         "std::recursive_timed_mutex;std::shared_mutex;"
                         "std::shared_timed_mutex"},
     {}},
    {"Asio",
     "asio;boost::asio",
     {.LazyTasks = "asio::awaitable;boost::asio::awaitable",
      .VariadicJoins =
          "asio::experimental::awaitable_operators::operator&&;"
          "boost::asio::experimental::awaitable_operators::operator&&",
      .RangeJoins = "asio::experimental::make_parallel_group;"
                    "boost::asio::experimental::make_parallel_group",
      .SettledJoins = "asio::experimental::wait_for_all;"
                      "boost::asio::experimental::wait_for_all",
      .Spawns = "asio::co_spawn;boost::asio::co_spawn;asio::spawn;"
                "boost::asio::spawn",
      .OutcomeDroppers = "asio::detached_t;boost::asio::detached_t",
      .Timeouts = "asio::experimental::awaitable_operators::operator||;"
                  "boost::asio::experimental::awaitable_operators::operator||;"
                  "asio::cancel_after;boost::asio::cancel_after",
      .Sleeps = "asio::basic_waitable_timer::async_wait;"
                "boost::asio::basic_waitable_timer::async_wait",
      .ExecutorSwitches =
          "asio::post;boost::asio::post;asio::dispatch;boost::asio::dispatch",
      .BlockingBridges =
          "asio::io_context::run;asio::io_context::run_one;"
          "asio::io_context::run_for;asio::io_context::run_until;"
          "asio::thread_pool::join;asio::thread_pool::wait;"
          "boost::asio::io_context::run;boost::asio::io_context::run_one;"
          "boost::asio::io_context::run_for;"
          "boost::asio::io_context::run_until;"
          "boost::asio::thread_pool::join;boost::asio::thread_pool::wait",
      .CancellationTokens =
          "asio::cancellation_slot;asio::cancellation_state;"
          "boost::asio::cancellation_slot;boost::asio::cancellation_state",
      .NetworkOperations =
          "asio::async_connect;asio::async_read;asio::async_read_until;"
          "asio::async_write;asio::basic_stream_socket::async_connect;"
          "asio::basic_stream_socket::async_read_some;"
          "asio::basic_stream_socket::async_write_some;"
          "asio::basic_stream_socket::async_receive;"
          "asio::basic_stream_socket::async_send;"
          "asio::ip::basic_resolver::async_resolve;"
          "asio::ssl::stream::async_handshake;"
          "asio::ssl::stream::async_read_some;"
          "asio::ssl::stream::async_write_some;"
          "boost::asio::async_connect;boost::asio::async_read;"
          "boost::asio::async_read_until;boost::asio::async_write;"
          "boost::asio::basic_stream_socket::async_connect;"
          "boost::asio::basic_stream_socket::async_read_some;"
          "boost::asio::basic_stream_socket::async_write_some;"
          "boost::asio::basic_stream_socket::async_receive;"
          "boost::asio::basic_stream_socket::async_send;"
          "boost::asio::ip::basic_resolver::async_resolve;"
          "boost::asio::ssl::stream::async_handshake;"
          "boost::asio::ssl::stream::async_read_some;"
          "boost::asio::ssl::stream::async_write_some;",
      .CallableKeepers = "asio::co_spawn;boost::asio::co_spawn;asio::spawn;"
                         "boost::asio::spawn",
      .CancellationErrors = "std::system_error;boost::system::system_error",
      .CancellationChecks = "asio::this_coro::cancellation_state;"
                            "asio::this_coro::throw_if_cancelled;"
                            "boost::asio::this_coro::cancellation_state;"
                            "boost::asio::this_coro::throw_if_cancelled",
      .Races = "asio::experimental::awaitable_operators::operator||;"
               "boost::asio::experimental::awaitable_operators::operator||",
      .ExecutorQueries =
          "asio::this_coro::executor;boost::asio::this_coro::executor",
      .EventLoopRuns =
          "asio::io_context::run;asio::io_context::run_one;"
          "asio::io_context::run_for;asio::io_context::run_until;"
          "boost::asio::io_context::run;boost::asio::io_context::run_one;"
          "boost::asio::io_context::run_for;boost::asio::io_context::run_until",
      .ThreadPools =
          "asio::thread_pool;asio::static_thread_pool;"
          "asio::thread_pool::basic_executor_type;boost::asio::thread_pool;"
          "boost::asio::static_thread_pool;"
          "boost::asio::thread_pool::basic_executor_type",
      .ConditionalJoins =
          "asio::experimental::parallel_group::async_wait;"
          "asio::experimental::ranged_parallel_group::async_wait;"
          "boost::asio::experimental::parallel_group::async_wait;"
          "boost::asio::experimental::ranged_parallel_group::async_wait",
      .FailFastConditions = "asio::experimental::wait_for_one_error;"
                            "boost::asio::experimental::wait_for_one_error"},
     {{{"operator&&", "<asio/experimental/awaitable_operators.hpp>"},
       {},
       {},
       {"operator||", "<asio/experimental/awaitable_operators.hpp>"}}},
     "asio::experimental::parallel_group::async_wait=wait_for_all();"
     "asio::experimental::ranged_parallel_group::async_wait=wait_for_all();"
     "boost::asio::experimental::parallel_group::async_wait=wait_for_all();"
     "boost::asio::experimental::ranged_parallel_group::async_wait="
     "wait_for_all()"},
    {"folly::coro",
     "folly",
     {.LazyTasks = "folly::coro::Task;folly::coro::AsyncGenerator",
      .EagerTasks = "folly::SemiFuture;folly::Future",
      .VariadicJoins = "folly::coro::collectAll",
      .RangeJoins = "folly::coro::collectAllRange",
      .SettledJoins =
          "folly::coro::collectAllTry;folly::coro::collectAllTryRange;"
          "folly::coro::collectAllTryWindowed",
      .BoundedJoins = "folly::coro::collectAllWindowed;"
                      "folly::coro::collectAllTryWindowed",
      .Spawns =
          "folly::coro::AsyncScope::add;folly::coro::CancellableAsyncScope::"
          "add;folly::coro::TaskWithExecutor::start;"
          "folly::coro::TaskWithExecutor::startInlineUnsafe",
      .Timeouts = "folly::coro::timeout;folly::coro::timeoutNoDiscard",
      .Sleeps = "folly::coro::sleep;folly::coro::sleepReturnEarlyOnCancel",
      .ExecutorSwitches = "folly::coro::co_withExecutor",
      .BlockingBridges =
          "folly::coro::blockingWait;folly::SemiFuture::get;"
          "folly::SemiFuture::wait;folly::Future::get;folly::Future::wait;"
          "folly::Baton::wait;folly::Baton::try_wait_for;"
          "folly::Baton::try_wait_until",
      .CancellationTokens = "folly::CancellationToken",
      .NetworkOperations =
          "folly::coro::Transport::read;folly::coro::Transport::write;"
          "folly::coro::Transport::newConnectedSocket",
      .BlockingMutexes = "folly::SharedMutexImpl",
      .CallableKeepers = "folly::coro::co_invoke",
      .CancellationErrors = "folly::OperationCancelled",
      .CancellationChecks = "folly::coro::co_current_cancellation_token;"
                            "folly::coro::co_safe_point;"
                            "folly::CancellationToken::isCancellationRequested",
      .Races = "folly::coro::collectAny;"
               "folly::coro::collectAnyWithoutException;"
               "folly::coro::collectAnyNoDiscard;folly::coro::collectAnyRange;"
               "folly::coro::collectAnyNoDiscardRange",
      .ExecutorQueries = "folly::coro::co_current_executor",
      .ThreadPools = "folly::CPUThreadPoolExecutor"},
     {{{"folly::coro::collectAll", "<folly/coro/Collect.h>"},
       {"folly::coro::collectAllWindowed", "<folly/coro/Collect.h>"},
       {"folly::coro::collectAllTryRange", "<folly/coro/Collect.h>"},
       {"folly::coro::timeout", "<folly/coro/Timeout.h>"},
       {"folly::coro::co_invoke", "<folly/coro/Invoke.h>"}}},
     "folly::coro::collectAll=folly::coro::collectAllTry;"
     "folly::coro::collectAllRange=folly::coro::collectAllTryRange;"
     "folly::coro::collectAllWindowed=folly::coro::collectAllTryWindowed"},
    {"cppcoro",
     "cppcoro",
     {.LazyTasks = "cppcoro::task;cppcoro::shared_task;cppcoro::generator;"
                   "cppcoro::async_generator",
      .VariadicJoins = "cppcoro::when_all",
      .RangeJoins = "cppcoro::when_all",
      .SettledJoins = "cppcoro::when_all_ready",
      .Spawns = "cppcoro::async_scope::spawn",
      .Sleeps = "cppcoro::io_service::schedule_after",
      .ExecutorSwitches =
          "cppcoro::static_thread_pool::schedule;cppcoro::resume_on;"
          "cppcoro::schedule_on",
      .BlockingBridges =
          "cppcoro::sync_wait;cppcoro::io_service::process_events;"
          "cppcoro::io_service::process_one_event",
      .CancellationTokens = "cppcoro::cancellation_token",
      .NetworkOperations =
          "cppcoro::net::socket::connect;cppcoro::net::socket::recv;"
          "cppcoro::net::socket::send",
      .EventLoopRuns = "cppcoro::io_service::process_events;"
                       "cppcoro::io_service::process_one_event",
      .PoolSwitches = "cppcoro::static_thread_pool::schedule",
      .ThreadPools = "cppcoro::static_thread_pool"},
     {{{"cppcoro::when_all", "<cppcoro/when_all.hpp>"},
       {},
       {"cppcoro::when_all_ready", "<cppcoro/when_all_ready.hpp>"},
       {}}},
     "cppcoro::when_all=cppcoro::when_all_ready"},
    // Its when_all hands back each task, whose return_value() gives that
    // task's value or rethrows its failure: neither a join that fails at
    // the first failure nor one of plain values. It is a join by shape.
    {"libcoro",
     "coro",
     {.LazyTasks = "coro::task;coro::generator",
      .Spawns = "coro::task_container::start;coro::io_scheduler::spawn;"
                "coro::io_scheduler::spawn_detached;"
                "coro::scheduler::spawn_detached;"
                "coro::scheduler::spawn_joinable;"
                "coro::thread_pool::spawn;coro::thread_pool::spawn_detached;"
                "coro::spawn_detached",
      // Their self-deleting wrapper swallows the task's exception.
      .OutcomeDroppers =
          "coro::io_scheduler::spawn;coro::io_scheduler::spawn_detached;"
          "coro::scheduler::spawn_detached;coro::thread_pool::spawn;"
          "coro::thread_pool::spawn_detached",
      .Sleeps = "coro::io_scheduler::yield_for;"
                "coro::io_scheduler::yield_until;"
                "coro::io_scheduler::schedule_after;"
                "coro::scheduler::yield_for;coro::scheduler::yield_until;"
                "coro::scheduler::schedule_after",
      .ExecutorSwitches =
          "coro::thread_pool::schedule;coro::io_scheduler::schedule;"
          "coro::scheduler::schedule",
      .BlockingBridges = "coro::sync_wait",
      .NetworkOperations =
          "coro::net::tcp::client::connect;coro::net::tcp::client::poll;"
          "coro::net::tcp::client::recv;coro::net::tcp::client::send;"
          "coro::net::tcp::client::read_some;"
          "coro::net::tcp::client::write_some",
      .Races = "coro::when_any",
      .PoolSwitches = "coro::thread_pool::schedule",
      .ThreadPools = "coro::thread_pool"},
     {{{}, {}, {}, {}}}},
    {"Boost.Cobalt",
     "boost::cobalt",
     {.LazyTasks = "boost::cobalt::task",
      .EagerTasks = "boost::cobalt::promise",
      .VariadicJoins = "boost::cobalt::join",
      .RangeJoins = "boost::cobalt::join",
      .SettledJoins = "boost::cobalt::gather",
      .Spawns = "boost::cobalt::spawn;boost::cobalt::wait_group::push_back",
      .Sleeps = "boost::cobalt::sleep",
      .BlockingBridges = "boost::cobalt::run",
      .CancellationErrors = "boost::system::system_error",
      .CancellationChecks = "boost::cobalt::this_coro::cancellation_state;"
                            "boost::cobalt::this_coro::throw_if_cancelled",
      .Races = "boost::cobalt::race;boost::cobalt::left_race",
      .ExecutorQueries = "boost::cobalt::this_coro::executor"},
     {{{"boost::cobalt::join", "<boost/cobalt/join.hpp>"},
       {},
       {"boost::cobalt::gather", "<boost/cobalt/gather.hpp>"},
       {}}}},
    // `exec` is stdexec's alias of `experimental::execution` in its newer
    // headers: declarations are named there.
    {"stdexec",
     "stdexec;exec;experimental::execution",
     {.LazyTasks = "exec::task;experimental::execution::task",
      .VariadicJoins = "stdexec::when_all",
      .Spawns = "exec::async_scope::spawn;exec::async_scope::spawn_future;"
                "experimental::execution::async_scope::spawn;"
                "experimental::execution::async_scope::spawn_future;"
                "stdexec::start_detached",
      .ExecutorSwitches = "stdexec::starts_on;stdexec::continues_on;"
                          "exec::reschedule_coroutine_on;"
                          "experimental::execution::reschedule_coroutine_on",
      .BlockingBridges = "stdexec::sync_wait;stdexec::sync_wait_with_variant",
      .CancellationTokens = "stdexec::inplace_stop_token",
      .CallableKeepers =
          "stdexec::let_value;stdexec::let_error;stdexec::let_stopped",
      .Races = "exec::when_any"},
     {{{"stdexec::when_all", "<stdexec/execution.hpp>"}, {}, {}, {}}}},
    {"async_simple",
     "async_simple",
     {.LazyTasks = "async_simple::coro::Lazy",
      .EagerTasks = "async_simple::Future",
      .SettledJoins =
          "async_simple::coro::collectAll;async_simple::coro::collectAllPara;"
          "async_simple::coro::collectAllWindowed;"
          "async_simple::coro::collectAllWindowedPara",
      .BoundedJoins = "async_simple::coro::collectAllWindowed;"
                      "async_simple::coro::collectAllWindowedPara",
      .Spawns = "async_simple::coro::Lazy::start;"
                "async_simple::coro::RescheduleLazy::start;"
                "async_simple::coro::Lazy::detach;"
                "async_simple::coro::RescheduleLazy::detach",
      // No detaching completion: detach() rethrows a failure from its
      // callback, and the detached coroutine prints it and rethrows;
      // nothing is lost silently.
      .OutcomeDroppers = "",
      .Sleeps = "async_simple::coro::sleep",
      .ExecutorSwitches = "async_simple::coro::Lazy::via",
      .BlockingBridges =
          "async_simple::coro::syncAwait;async_simple::Future::get;"
          "async_simple::Future::wait",
      .CancellationErrors = "async_simple::SignalException",
      .ExecutorQueries = "async_simple::CurrentExecutor"},
     {{{},
       {"async_simple::coro::collectAllWindowed",
        "<async_simple/coro/Collect.h>"},
       {"async_simple::coro::collectAll", "<async_simple/coro/Collect.h>"},
       {}}}},
    {"concurrencpp",
     "concurrencpp",
     {.LazyTasks = "concurrencpp::lazy_result",
      .EagerTasks = "concurrencpp::result",
      .SettledJoins = "concurrencpp::when_all",
      // Executors inherit these from derivable_executor; a concrete
      // executor may declare its own.
      .Spawns = "concurrencpp::executor::submit;concurrencpp::executor::post;"
                "concurrencpp::executor::bulk_submit;"
                "concurrencpp::executor::bulk_post;"
                "concurrencpp::derivable_executor::submit;"
                "concurrencpp::derivable_executor::post;"
                "concurrencpp::derivable_executor::bulk_submit;"
                "concurrencpp::derivable_executor::bulk_post;"
                "concurrencpp::thread_pool_executor::submit;"
                "concurrencpp::thread_pool_executor::post;"
                "concurrencpp::worker_thread_executor::submit;"
                "concurrencpp::worker_thread_executor::post;"
                "concurrencpp::thread_executor::submit;"
                "concurrencpp::thread_executor::post",
      .Sleeps = "concurrencpp::timer_queue::make_delay_object",
      .ExecutorSwitches = "concurrencpp::resume_on",
      .BlockingBridges =
          "concurrencpp::result::get;concurrencpp::result::wait;"
          "concurrencpp::result::wait_for;concurrencpp::shared_result::get",
      .PoolSwitches = "concurrencpp::resume_on",
      .ThreadPools =
          "concurrencpp::thread_pool_executor;concurrencpp::thread_executor;"
          "concurrencpp::worker_thread_executor",
      .ExecutorTags = "concurrencpp::executor_tag",
      .ThreadPerTask = "concurrencpp::thread_executor"},
     {{{},
       {},
       {"concurrencpp::when_all", "<concurrencpp/concurrencpp.h>"},
       {}}}},
    {"Seastar",
     "seastar",
     {.EagerTasks = "seastar::future",
      .VariadicJoins = "seastar::when_all_succeed",
      .RangeJoins = "seastar::parallel_for_each",
      .SettledJoins = "seastar::when_all",
      .BoundedJoins = "seastar::max_concurrent_for_each",
      .Timeouts = "seastar::with_timeout",
      .Sleeps = "seastar::sleep;seastar::sleep_abortable",
      // get() waits, and may be called only inside a seastar::thread.
      .BlockingBridges = "seastar::future::get;seastar::future::wait",
      .CancellationTokens = "seastar::abort_source",
      .NetworkOperations = "seastar::connect",
      .CallableKeepers = "seastar::do_with"},
     {{{"seastar::when_all_succeed", "<seastar/core/when_all.hh>"},
       // max_concurrent_for_each(range, limit, fn) is not a
       // join(range, limit): no bounded spelling.
       {},
       {"seastar::when_all", "<seastar/core/when_all.hh>"},
       {"seastar::with_timeout", "<seastar/core/with_timeout.hh>"}}}},
    // Its nursery and try-block macros hand their lambdas to operators
    // (`%`, `/`) whose results hold them: no keeper needs naming for those.
    {"corral",
     "corral",
     {.LazyTasks = "corral::Task",
      .Sleeps = "corral::sleepFor",
      .CallableKeepers = "corral::BasicNursery::start",
      .Races = "corral::anyOf"},
     {}},
    {"corpus runtime",
     "rt",
     {.LazyTasks = "rt::Task;rt::Generator",
      .VariadicJoins = "rt::when_all",
      .RangeJoins = "rt::when_all",
      .SettledJoins = "rt::when_all_settled",
      .BoundedJoins = "rt::when_all_bounded",
      .Spawns = "rt::spawn",
      .OutcomeDroppers = "rt::detached_t",
      .Timeouts = "rt::with_timeout",
      .Sleeps = "rt::sleep_for",
      .ExecutorSwitches = "rt::offload",
      .BlockingBridges = "rt::EventLoop::run",
      .EventLoopRuns =
          "rt::EventLoop::run;rt::EventLoop::run_for;rt::run;rt::run_for",
      .ThreadPools = "rt::ThreadPool"},
     {{{"rt::when_all", "<rt/when_all.hpp>"},
       {"rt::when_all_bounded", "<rt/when_all.hpp>"},
       {"rt::when_all_settled", "<rt/when_all.hpp>"},
       {"rt::with_timeout", "<rt/timeout.hpp>"}}}},
};

struct RoleInfo {
  llvm::StringRef Option, Description;
};
constexpr RoleInfo RoleInfos[RoleCount] = {
    {"AsyncLazyTasks", "coroutine types that start only when awaited"},
    {"AsyncEagerTasks", "task and future types that are already running"},
    {"AsyncVariadicJoins",
     "wait for every operand; the first failure fails the join"},
    {"AsyncRangeJoins", "the same over a runtime-sized range of tasks"},
    {"AsyncSettledJoins", "wait for every operand and keep each outcome"},
    {"AsyncBoundedJoins", "range joins with a limit on how many run at once"},
    {"AsyncSpawns", "start work that is not awaited where it starts"},
    {"AsyncOutcomeDroppers",
     "completion tokens and spawns that drop the outcome of the work"},
    {"AsyncTimeouts", "wrap an operation in a deadline"},
    {"AsyncSleeps", "asynchronous timers and sleeps"},
    {"AsyncExecutorSwitches",
     "run the rest of the work on another executor (off the event loop)"},
    {"AsyncBlockingBridges",
     "block the calling thread until asynchronous work finishes"},
    {"AsyncCancellationTokens", "types through which a caller cancels"},
    {"AsyncNetworkOperations", "operations that wait on a peer"},
    {"AsyncBlockingMutexes",
     "mutexes whose lock blocks the thread (never held across a suspension)"},
    {"AsyncCallableKeepers",
     "take a callable and keep it alive until the work it starts finishes"},
    {"AsyncCancellationErrors",
     "exception types an await throws once its coroutine is cancelled"},
    {"AsyncCancellationChecks",
     "calls and names that read the running coroutine's cancellation state"},
    {"AsyncRaces",
     "run operands together; the first to finish cancels the others"},
    {"AsyncExecutorQueries",
     "awaited, yield the running coroutine's executor (none: it runs inline)"},
    {"AsyncEventLoopRuns",
     "run an event loop on the calling thread until the work given to it "
     "finishes"},
    {"AsyncPoolSwitches",
     "awaited, resume the rest of the coroutine on a thread pool"},
    {"AsyncThreadPools",
     "executor types whose threads are a pool, not an event loop"},
    {"AsyncExecutorTags",
     "tag parameters after which a coroutine takes the executor it runs on"},
    {"AsyncConditionalJoins",
     "joins whose completion condition decides whether a failure ends them"},
    {"AsyncFailFastConditions",
     "completion conditions that end a conditional join at the first "
     "failure"},
    {"AsyncThreadPerTask",
     "executors that start a new thread for every task they are given"},
};

/// The named namespaces enclosing \p DC, outermost first (inline and
/// anonymous namespaces are not part of how users spell names).
llvm::SmallVector<llvm::StringRef, 4> namespacesOf(const DeclContext *DC) {
  llvm::SmallVector<llvm::StringRef, 4> Chain;
  for (const DeclContext *C = DC; C; C = C->getParent())
    if (const auto *NS = llvm::dyn_cast<NamespaceDecl>(C))
      // Inline and implementation namespaces (`__scope`) are not spelled.
      if (!NS->isInline() && !NS->isAnonymousNamespace() &&
          !isImplementationNamespace(NS->getName()))
        Chain.insert(Chain.begin(), NS->getName());
  return Chain;
}

/// True when \p Qualified (`boost::asio`) is a prefix of \p Chain.
bool startsWithNamespace(llvm::ArrayRef<llvm::StringRef> Chain,
                         llvm::StringRef Qualified) {
  llvm::SmallVector<llvm::StringRef, 4> Parts;
  Qualified.split(Parts, "::");
  return Parts.size() <= Chain.size() &&
         std::equal(Parts.begin(), Parts.end(), Chain.begin());
}

} // namespace

llvm::ArrayRef<FrameworkProfile> builtinProfiles() { return Profiles; }

llvm::StringRef roleOptionName(Role R) {
  return RoleInfos[static_cast<std::size_t>(R)].Option;
}

llvm::StringRef roleDescription(Role R) {
  return RoleInfos[static_cast<std::size_t>(R)].Description;
}

const FrameworkProfile *profileOf(const Decl *D) {
  if (!D)
    return nullptr;
  llvm::SmallVector<llvm::StringRef, 4> Chain =
      namespacesOf(D->getDeclContext());
  const FrameworkProfile *Best = nullptr;
  size_t BestDepth = 0;
  for (const FrameworkProfile &Profile : Profiles) {
    llvm::SmallVector<llvm::StringRef, 2> Spaces;
    Profile.Namespaces.split(Spaces, ';', -1, false);
    for (llvm::StringRef Space : Spaces) {
      size_t Depth = Space.count("::") + 1;
      // The deepest match wins: boost::cobalt before boost::asio's parent.
      if (Depth > BestDepth && startsWithNamespace(Chain, Space)) {
        Best = &Profile;
        BestDepth = Depth;
      }
    }
  }
  return Best;
}

std::string builtinNames(Role R) {
  std::string Names;
  for (const FrameworkProfile &Profile : Profiles) {
    llvm::StringRef List = Profile.of(R);
    if (List.empty())
      continue;
    if (!Names.empty())
      Names += ';';
    Names += List.str();
  }
  return Names;
}

/// Whether one of \p Found, or a redeclaration of it, is declared in the
/// file \p Header names (`<folly/coro/Collect.h>`): only then is that
/// header known to exist.
static bool declaredInHeader(llvm::ArrayRef<const NamedDecl *> Found,
                             llvm::StringRef Header, ASTContext &Ctx) {
  std::string Suffix = "/" + Header.drop_front().drop_back().str();
  const SourceManager &SM = Ctx.getSourceManager();
  return llvm::any_of(Found, [&](const NamedDecl *D) {
    return llvm::any_of(D->redecls(), [&](const Decl *Redecl) {
      std::string File =
          "/" + SM.getFilename(SM.getExpansionLoc(Redecl->getLocation())).str();
      return llvm::StringRef(File).ends_with(Suffix);
    });
  });
}

std::optional<FrameworkProfile::Spelled>
declaredSpelling(const Decl *D, Spelling S, ASTContext &Ctx) {
  const FrameworkProfile *Profile = profileOf(D);
  if (!Profile)
    return std::nullopt;
  FrameworkProfile::Spelled Spelled = Profile->spelling(S);
  if (Spelled.Call.empty())
    return std::nullopt;
  auto Found = lookupQualified(Ctx, Spelled.Call);
  if (Found.empty())
    return std::nullopt;
  if (!Spelled.Header.empty() && !declaredInHeader(Found, Spelled.Header, Ctx))
    Spelled.Header = "";
  return Spelled;
}

} // namespace clang::tidy::async
