//===--- ModelTest.cpp - what kind of async work a type is ----------------===//

#include "model/AsyncModel.h"
#include "ParsedCode.h"
#include "gtest/gtest.h"

using namespace clang;
using namespace clang::tidy::async;
using asynclint::test::Parsed;

namespace {

/// Awaiters of the two standard start policies, in the test's own std.
constexpr llvm::StringRef Never = R"(
  namespace std {
  struct suspend_never {
    bool await_ready() noexcept { return true; }
    void await_suspend(coroutine_handle<>) noexcept {}
    void await_resume() noexcept {}
  };
  } // namespace std
  // The policies' promises: start when awaited or at once, keep the frame
  // at the end or destroy it.
  struct LazyPromise {
    std::suspend_always initial_suspend() noexcept;
    std::suspend_always final_suspend() noexcept;
    void return_void();
    void unhandled_exception();
  };
  struct EagerPromise {
    std::suspend_never initial_suspend() noexcept;
    std::suspend_always final_suspend() noexcept;
    void return_void();
    void unhandled_exception();
  };
  struct SelfDestroyingPromise {
    std::suspend_never initial_suspend() noexcept;
    std::suspend_never final_suspend() noexcept;
    void return_void();
    void unhandled_exception();
  };
  struct Awaitable {
    bool await_ready();
    void await_suspend(std::coroutine_handle<>);
    void await_resume();
  };
)";

/// The kind of the type of the local named `probe` in \p Code.
AsyncKind kindOfProbe(llvm::StringRef Code) {
  Parsed P((Never + Code).str());
  const VarDecl *Probe = P.var("probe");
  EXPECT_NE(Probe, nullptr);
  if (!Probe)
    return AsyncKind::None;
  AsyncModel Model;
  Model.bind(P.context());
  return Model.classify(Probe->getType());
}

TEST(Model, APromiseThatSuspendsFirstIsALazyTask) {
  EXPECT_EQ(kindOfProbe(R"(
    struct Lazy { using promise_type = LazyPromise; };
    Lazy probe;
  )"), AsyncKind::LazyTask);
}

TEST(Model, APromiseThatRunsAtOnceAndKeepsItsFrameIsAnEagerTask) {
  EXPECT_EQ(kindOfProbe(R"(
    struct Eager { using promise_type = EagerPromise; };
    Eager probe;
  )"), AsyncKind::EagerTask);
}

TEST(Model, ASelfDestroyingFrameNobodyAwaitsIsFireAndForget) {
  EXPECT_EQ(kindOfProbe(R"(
    struct Detached { using promise_type = SelfDestroyingPromise; };
    Detached probe;
  )"), AsyncKind::DetachedTask);
}

TEST(Model, ASelfDestroyingFrameThatCanBeAwaitedIsRunningWorkLikeAFuture) {
  EXPECT_EQ(kindOfProbe(R"(
    struct Shared : Awaitable { using promise_type = SelfDestroyingPromise; };
    Shared probe;
  )"), AsyncKind::Future);
}

TEST(Model, AnAwaiterWithoutAPromiseIsAnAwaitable) {
  EXPECT_EQ(kindOfProbe("Awaitable probe;"), AsyncKind::Awaitable);
}

TEST(Model, ASenderIsASender) {
  EXPECT_EQ(kindOfProbe(R"(
    struct sender_t {};
    struct Just { using sender_concept = sender_t; };
    Just probe;
  )"), AsyncKind::Sender);
}

TEST(Model, AFrameworkTaskWhosePromiseIsNeverInstantiatedStartsAsItsProfileSays) {
  // No coroutine returns task<long>: its promise stays incomplete.
  EXPECT_EQ(kindOfProbe(R"(
    namespace boost::cobalt {
    template <class T> struct task {
      struct promise_type;
      bool await_ready();
      void await_suspend(std::coroutine_handle<>);
      T await_resume();
    };
    } // namespace boost::cobalt
    boost::cobalt::task<long> probe;
  )"), AsyncKind::LazyTask);
}

} // namespace
