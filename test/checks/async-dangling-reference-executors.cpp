// A task bound to an executor (`co_withExecutor`, an AsyncExecutorSwitches
// role) is still the task: handed to a scope, it runs past the statement
// that binds a temporary to its reference parameter.
// RUN: %check_asynclint %s async-dangling-reference %t -- -std=c++20 -I%S/Inputs

#include "library-shapes.h"
#include <string>
#include <vector>

struct Doc {
  std::string url;
};
folly::coro::Task<> index_doc(const Doc &doc);
std::vector<Doc> passing(const std::vector<Doc> &docs);
folly::coro::Task<> index_all(const std::vector<Doc> &docs);

void submit_meta(folly::coro::AsyncScope &scope, folly::Executor *ex,
                 std::string index) {
  scope.add(folly::coro::co_withExecutor(ex, index_doc(Doc{index + "/_meta"})));
  // CHECK-MESSAGES: :[[@LINE-1]]:56: warning: reference parameter 'doc' of lazy coroutine 'index_doc' is bound to this temporary, which is destroyed at the end of the statement, but the task is spawned
}

void submit_filtered(folly::coro::AsyncScope &scope, folly::Executor *ex,
                     const std::vector<Doc> &docs) {
  scope.add(folly::coro::co_withExecutor(ex, index_all(passing(docs))));
  // CHECK-MESSAGES: :[[@LINE-1]]:56: warning: reference parameter 'docs' of lazy coroutine 'index_all' is bound to this temporary
}

// Near-misses: the caller's object outlives the scope's work; the bound
// task awaited in its statement.
void submit_owned(folly::coro::AsyncScope &scope, folly::Executor *ex,
                  const Doc &doc) {
  scope.add(folly::coro::co_withExecutor(ex, index_doc(doc)));
}
folly::coro::Task<> index_now(folly::Executor *ex, std::string index) {
  co_await folly::coro::co_withExecutor(ex, index_doc(Doc{index}));
}
