//===--- ExceptionsTest.cpp - whether running code can throw --------------===//

#include "analysis/Exceptions.h"
#include "model/AsyncModel.h"
#include "ParsedCode.h"
#include "gtest/gtest.h"

using namespace clang;
using namespace clang::tidy::async;
using asynclint::test::Parsed;

namespace {

/// Whether the function named `work` in \p Code may throw, calls followed.
bool workMayThrow(llvm::StringRef Code) {
  Parsed P(Code);
  const FunctionDecl *Work = P.function("work");
  EXPECT_NE(Work, nullptr);
  ThrowReach Reach;
  return Reach.mayThrow(Work);
}

TEST(Exceptions, AThrowInAHelperIsFollowed) {
  EXPECT_TRUE(workMayThrow(R"(
    struct Error {};
    void check(int n) { if (n < 0) throw Error{}; }
    void work() { check(1); }
  )"));
}

TEST(Exceptions, HelpersThatDoNotThrowLeaveTheWorkNonThrowing) {
  EXPECT_FALSE(workMayThrow(R"(
    int twice(int n) { return 2 * n; }
    int depth(int n) { return n <= 0 ? 0 : 1 + depth(n - 1); }
    int work() { return twice(depth(3)); }
  )"));
}

TEST(Exceptions, ACallTheMainFileOnlyDeclaresMayThrow) {
  EXPECT_TRUE(workMayThrow(R"(
    void persist(int);
    void work() { persist(1); }
  )"));
}

TEST(Exceptions, ANonThrowingDeclarationIsTrusted) {
  EXPECT_FALSE(workMayThrow(R"(
    void persist(int) noexcept;
    void work() { persist(1); }
  )"));
}

TEST(Exceptions, AVirtualCallMayReachAThrowingOverride) {
  EXPECT_TRUE(workMayThrow(R"(
    struct Sink { virtual void put(int) {} };
    void work(Sink &s) { s.put(1); }
  )"));
}

TEST(Exceptions, AHandlerThatCatchesEverythingForGoodEndsTheFailure) {
  EXPECT_FALSE(workMayThrow(R"(
    struct Error {};
    void check(int n) { if (n < 0) throw Error{}; }
    void work() { try { check(-1); } catch (...) {} }
  )"));
}

TEST(Exceptions, AHandlerThatRethrowsDoesNot) {
  EXPECT_TRUE(workMayThrow(R"(
    struct Error {};
    void check(int n) { if (n < 0) throw Error{}; }
    void work() { try { check(-1); } catch (...) { throw; } }
  )"));
}

TEST(Exceptions, AwaitingACoroutineFollowsItsBody) {
  EXPECT_FALSE(workMayThrow(R"(
    struct Count {
      struct promise_type {
        Count get_return_object();
        std::suspend_always initial_suspend() noexcept;
        std::suspend_always final_suspend() noexcept;
        void return_value(int);
        void unhandled_exception();
      };
      bool await_ready();
      void await_suspend(std::coroutine_handle<>);
      int await_resume();
    };
    Count twice(int n) { co_return 2 * n; }
    Task work() { int n = co_await twice(2); (void)n; }
  )"));
}

TEST(Exceptions, AnAwaiterTheMainFileOnlyDeclaresMayThrow) {
  EXPECT_TRUE(workMayThrow("Task work() { co_await Reply{}; }"));
}

TEST(Exceptions, WithoutFollowingCallsEveryCallAndAwaitMayThrow) {
  Parsed P(R"(
    int twice(int n) { return 2 * n; }
    Task work() { co_await std::suspend_always{}; }
    int plain() { return twice(2); }
  )");
  EXPECT_TRUE(mayThrow(userBody(P.function("work"))));
  EXPECT_TRUE(mayThrow(userBody(P.function("plain"))));
}

} // namespace
