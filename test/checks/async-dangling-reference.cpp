// RUN: %check_asynclint %s async-dangling-reference %t -- %mockflags

#include "async-mocks.h"
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

// A lazy task of a user's own framework, started by a member (folly-like).
namespace app {
struct Executor {};
template <class T = void> struct Job {
  struct promise_type : mock::ReturnsValue<T> {
    Job get_return_object() { return {}; }
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    void unhandled_exception() {}
  };
  bool await_ready() { return false; }
  void await_suspend(std::coroutine_handle<>) {}
  T await_resume();
  // What scheduling on an executor returns: awaitable, or started.
  struct Scheduled {
    bool await_ready() { return false; }
    void await_suspend(std::coroutine_handle<>) {}
    void await_resume() {}
    void start() {}
  };
  Scheduled scheduleOn(Executor) { return {}; }
  void start() {}
};
template <> inline void Job<void>::await_resume() {}
} // namespace app

struct Config {
  std::string name;
};

rt::Task<> publish(const std::string &topic) {
  co_await rt::sleep_for(std::chrono::milliseconds(1));
  (void)topic.size();
}
rt::Task<> publish_view(std::string_view topic) {
  co_await rt::sleep_for(std::chrono::milliseconds(1));
  (void)topic.size();
}
rt::Task<> sum(std::span<const int> values) {
  co_await rt::sleep_for(std::chrono::milliseconds(1));
  (void)values.size();
}
rt::Task<> push(const int &value) {
  co_await rt::sleep_for(std::chrono::milliseconds(1));
  (void)value;
}
app::Job<> delay(const std::chrono::milliseconds &d) {
  co_await rt::sleep_for(d);
}
rt::Task<> consume(std::string &&text) {
  co_await rt::sleep_for(std::chrono::milliseconds(1));
  (void)text.size();
}
rt::Task<int> lookup(const std::string &key) {
  co_await rt::sleep_for(std::chrono::milliseconds(1));
  co_return static_cast<int>(key.size());
}
// Declared here and defined elsewhere: a lazy coroutine keeps the reference.
rt::Task<> announce(const Config &config);

// ---------------------------------------------------------------- positives

rt::Task<> stored_then_awaited() {
  auto task = publish(std::string("orders"));
  // CHECK-MESSAGES: :[[@LINE-1]]:23: warning: reference parameter 'topic' of lazy coroutine 'publish' is bound to this temporary, which is destroyed at the end of the statement, but the task is stored in 'task': the coroutine reads a dangling reference when it runs [async-dangling-reference]
  // CHECK-MESSAGES: :40:39: note: parameter declared here; take it by value so that the coroutine frame keeps its own copy
  co_await std::move(task);
}
// CHECK-FIXES: rt::Task<> publish(const std::string topic) {

rt::Task<> converted_literal_is_a_temporary_string() {
  auto task = publish("orders");
  // CHECK-MESSAGES: :[[@LINE-1]]:23: warning: reference parameter 'topic' of lazy coroutine 'publish' is bound to this temporary
  // CHECK-MESSAGES: :40:39: note: parameter declared here
  co_await std::move(task);
}

void spawned(std::string name) {
  rt::spawn(publish(name + "-events"));
  // CHECK-MESSAGES: :[[@LINE-1]]:21: warning: reference parameter 'topic' of lazy coroutine 'publish' is bound to this temporary, which is destroyed at the end of the statement, but the task is spawned: the coroutine reads a dangling reference when it runs [async-dangling-reference]
  // CHECK-MESSAGES: :40:39: note: parameter declared here
}

rt::Task<> returned_from_a_plain_function() {
  return publish(std::string("audit"));
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: reference parameter 'topic' of lazy coroutine 'publish' is bound to this temporary, which is destroyed at the end of the statement, but the task is returned
  // CHECK-MESSAGES: :40:39: note: parameter declared here
}

void put_in_a_container(std::vector<rt::Task<>> &pending) {
  pending.push_back(push(42));
  // CHECK-MESSAGES: :[[@LINE-1]]:26: warning: reference parameter 'value' of lazy coroutine 'push' is bound to this temporary, which is destroyed at the end of the statement, but the task is put in a container
  // CHECK-MESSAGES: :52:28: note: parameter declared here
}
// CHECK-FIXES: rt::Task<> push(const int value) {

void started_on_an_executor(app::Executor ex) {
  delay(std::chrono::milliseconds(300)).scheduleOn(ex).start();
  // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: reference parameter 'd' of lazy coroutine 'delay' is bound to this temporary, which is destroyed at the end of the statement, but the task is started and runs past this statement
  // CHECK-MESSAGES: :56:51: note: parameter declared here
}
// CHECK-FIXES: app::Job<> delay(const std::chrono::milliseconds d) {

rt::Task<> view_of_a_temporary_string(std::string prefix) {
  auto task = publish_view(prefix + "/topic");
  // CHECK-MESSAGES: :[[@LINE-1]]:28: warning: view parameter 'topic' of lazy coroutine 'publish_view' is bound to this temporary, which is destroyed at the end of the statement, but the task is stored in 'task': the coroutine reads a dangling view when it runs [async-dangling-reference]
  // CHECK-MESSAGES: :44:42: note: parameter declared here
  co_await std::move(task);
}

rt::Task<> span_of_a_temporary_vector() {
  auto task = sum(std::vector<int>{1, 2, 3});
  // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: view parameter 'values' of lazy coroutine 'sum' is bound to this temporary
  // CHECK-MESSAGES: :48:37: note: parameter declared here
  co_await std::move(task);
}

rt::Task<> rvalue_reference_to_a_temporary() {
  auto task = consume(std::string("payload"));
  // CHECK-MESSAGES: :[[@LINE-1]]:23: warning: reference parameter 'text' of lazy coroutine 'consume' is bound to this temporary
  // CHECK-MESSAGES: :59:34: note: parameter declared here
  co_await std::move(task);
}

rt::Task<> declared_elsewhere() {
  auto task = announce(Config{"x"});
  // CHECK-MESSAGES: :[[@LINE-1]]:24: warning: reference parameter 'config' of lazy coroutine 'announce' is bound to this temporary
  // CHECK-MESSAGES: :68:35: note: parameter declared here
  co_await std::move(task);
}

rt::Task<> capturing_lambda_called_in_place(int id) {
  auto task = [&]() -> rt::Task<> { co_await push(id); }();
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: this coroutine lambda reads its captures through its closure, a temporary destroyed at the end of the statement, but the task is stored in 'task': every capture it reads after that is dangling [async-dangling-reference]
  // CHECK-MESSAGES: :[[@LINE-2]]:15: note: name the lambda in a scope that outlives the task
  co_await std::move(task);
}

void copy_capturing_lambda_spawned(std::string name) {
  rt::spawn([name]() -> rt::Task<> { co_await publish(name); }());
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: this coroutine lambda reads its captures through its closure, a temporary destroyed at the end of the statement, but the task is spawned
  // CHECK-MESSAGES: :[[@LINE-2]]:13: note: name the lambda in a scope that outlives the task
}

// ---------------------------------------------------------------- negatives

rt::Task<> awaited_in_the_same_statement() {
  co_await publish(std::string("orders"));
  co_await publish("literal");
  co_await push(7);
  co_await publish_view(std::string("a") + "b");
}

rt::Task<> joined_in_the_same_statement() {
  auto [a, b] = co_await rt::when_all(lookup(std::string("a")), lookup("b"));
  (void)a;
  (void)b;
}

void never_started(int id) {
  // A lazy task nothing names again never runs: it reads nothing.
  [[maybe_unused]] auto unused = [&]() -> rt::Task<> { co_await push(id); }();
  [[maybe_unused]] auto idle = publish(std::string("orders"));
}

rt::Task<> awaited_lambda_in_place(int id) {
  co_await [&]() -> rt::Task<> { co_await push(id); }();
}

rt::Task<> named_lambda_outlives_the_task(int id) {
  auto body = [&]() -> rt::Task<> { co_await push(id); };
  auto task = body();
  co_await std::move(task);
}

rt::Task<> lambda_without_captures() {
  auto task = []() -> rt::Task<> { co_await push(1); }();
  co_await std::move(task);
}

rt::Task<> arguments_that_outlive_the_task(std::string topic, int value) {
  auto a = publish(topic);
  auto b = push(value);
  auto c = publish_view("a literal lives forever");
  static const std::string Global = "global";
  auto d = publish(Global);
  co_await std::move(a);
  co_await std::move(b);
  co_await std::move(c);
  co_await std::move(d);
}

rt::Task<> by_value_parameter(std::string topic) {
  co_await rt::sleep_for(std::chrono::milliseconds(1));
  (void)topic;
}
rt::Task<> temporary_into_a_by_value_parameter() {
  auto task = by_value_parameter(std::string("copied into the frame"));
  co_await std::move(task);
}

rt::Task<> unused_parameter(const std::string &) { co_return; }
rt::Task<> parameter_the_body_never_names() {
  auto task = unused_parameter(std::string("never read"));
  co_await std::move(task);
}

// A plain function returning a task may copy before making the coroutine.
rt::Task<> forwards_a_copy(const std::string &topic) {
  return by_value_parameter(topic);
}
rt::Task<> plain_function_callee() {
  auto task = forwards_a_copy(std::string("copied"));
  co_await std::move(task);
}

void discarded_is_another_checks_finding() {
  // The task never runs, so nothing reads the temporary (async-floating-
  // future reports the discarded task).
  (void)publish(std::string("never runs"));
}

rt::Task<> reference_to_a_member(const Config &config) {
  auto task = publish(config.name);
  co_await std::move(task);
}

// (A positive among the negatives: what an await produces is a temporary
// of the statement too.)
rt::Task<std::string> make_name();
rt::Task<> result_of_an_await_is_a_temporary_of_the_statement() {
  auto task = publish(co_await make_name());
  // CHECK-MESSAGES: :[[@LINE-1]]:23: warning: reference parameter 'topic' of lazy coroutine 'publish' is bound to this temporary
  // CHECK-MESSAGES: :40:39: note: parameter declared here
  co_await std::move(task);
}

int blocking_wait(rt::Task<> task);
void run_to_completion_in_the_statement() {
  // A bridge that runs the task to completion: the temporary outlives it.
  blocking_wait(publish(std::string("done before the statement ends")));
}

// Declared elsewhere and taking a task by `&&`: a wrapper that takes the
// task over (moves it into the task it returns), not a reference kept.
rt::Task<> joinable(rt::Task<> &&task);
rt::Task<> make_name_task();
rt::Task<> wrapped_temporary_task() {
  auto joined = joinable(make_name_task());
  co_await std::move(joined);
}
