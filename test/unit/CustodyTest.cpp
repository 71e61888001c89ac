//===--- CustodyTest.cpp - what a function does with a callable -----------===//

#include "analysis/Custody.h"
#include "ParsedCode.h"
#include "gtest/gtest.h"

using namespace clang;
using namespace clang::tidy::async;
using asynclint::test::Parsed;

namespace {

/// Custody of the first argument of the first call of \p Callee in \p Code.
Custody custodyIn(llvm::StringRef Code, llvm::StringRef Callee,
                  llvm::StringRef Keepers = "", llvm::StringRef Spawns = "",
                  llvm::StringRef Bridges = "") {
  Parsed P(Code);
  const auto *Call = dyn_cast_or_null<CallExpr>(P.call(Callee));
  EXPECT_NE(Call, nullptr) << "no call of " << Callee.str();
  if (!Call)
    return Custody::Unknown;
  NameList KeeperNames(Keepers), SpawnNames(Spawns), BridgeNames(Bridges);
  auto HandsBackWork = [](const CallExpr *C) {
    const CXXRecordDecl *RD = C->getType()->getAsCXXRecordDecl();
    return RD && RD->getName() == "Task";
  };
  return custodyOfArgument(Call, 0,
                           {KeeperNames, SpawnNames, BridgeNames, HandsBackWork,
                            P.context().getSourceManager()});
}

TEST(Custody, AFunctionThatStoresTheCallableKeepsIt) {
  EXPECT_EQ(custodyIn(R"(
    struct Callback { template <class F> Callback(F) {} };
    struct Registry { Callback cb = Callback(0); };
    Registry registry;
    template <class F> void on_event(F f) { registry.cb = Callback(f); }
    void use() { on_event([] {}); }
  )", "on_event"), Custody::Kept);
}

TEST(Custody, ACoroutineKeepsAByValueCallableInItsFrame) {
  EXPECT_EQ(custodyIn(R"(
    template <class F> Task retry(F f) { co_await Reply{}; f(); }
    void use() { retry([] {}); }
  )", "retry"), Custody::Kept);
}

TEST(Custody, ACoroutineTakingItByReferenceDropsIt) {
  EXPECT_EQ(custodyIn(R"(
    template <class F> Task then(F &&f) { co_await Reply{}; f(); }
    void use() { then([] {}); }
  )", "then"), Custody::Dropped);
}

TEST(Custody, ForwardedToAFunctionThatReturnsTheCallsWorkIsDropped) {
  EXPECT_EQ(custodyIn(R"(
    namespace std {
    template <class T> T &&forward(T &t) { return static_cast<T &&>(t); }
    }
    template <class F> Task run(F &&f) { return f(); }
    template <class F> void spawn(F &&f) { run(std::forward<F>(f)); }
    void use() { spawn([]() -> Task { return {}; }); }
  )", "spawn"), Custody::Dropped);
}

TEST(Custody, ALibraryCoroutineTakingItByValueKeepsIt) {
  EXPECT_EQ(custodyIn(R"(
    namespace folly {
    template <class F> Task withLock(F f) { co_await Reply{}; f(); }
    }
    void use() { folly::withLock([] {}); }
  )", "withLock"), Custody::Kept);
}

TEST(Custody, WorkABridgeRunsToCompletionKeepsIt) {
  EXPECT_EQ(custodyIn(R"(
    template <class F> Task run_task(F &&f) { return f(); }
    void blockingWait(Task);
    template <class F> void run(F f) { blockingWait(run_task(f)); }
    void use() { run([]() -> Task { return {}; }); }
  )", "run", "", "", "blockingWait"), Custody::Kept);
}

TEST(Custody, AKeeperKeepsItWithoutABodyToRead) {
  EXPECT_EQ(custodyIn(R"(
    template <class F> Task co_invoke(F &&f);
    void use() { co_invoke([] {}); }
  )", "co_invoke", "co_invoke"), Custody::Kept);
}

TEST(Custody, ALibraryRunnerThatHandsBackTheWorkDropsIt) {
  EXPECT_EQ(custodyIn(R"(
    template <class F> Task submit(F &&f);
    void use() { submit([] {}); }
  )", "submit"), Custody::Dropped);
}

TEST(Custody, ALibraryFunctionThatHandsBackNothingIsUnknown) {
  EXPECT_EQ(custodyIn(R"(
    template <class F> int subscribe(F &&f);
    void use() { subscribe([] {}); }
  )", "subscribe"), Custody::Unknown);
}

TEST(Custody, ALibrarySpawnDropsIt) {
  EXPECT_EQ(custodyIn(R"(
    template <class F> void post(F &&f);
    void use() { post([] {}); }
  )", "post", "", "post"), Custody::Dropped);
}

TEST(Custody, CalledForWorkThatOutlivesThePlainFunctionIsDropped) {
  EXPECT_EQ(custodyIn(R"(
    template <class F> void fire(F &&f) { auto work = f(); (void)work; }
    void use() { fire([]() -> Task { return {}; }); }
  )", "fire"), Custody::Dropped);
}

TEST(Custody, ABodyThatOnlyCallsItInPlaceSaysNeither) {
  EXPECT_EQ(custodyIn(R"(
    template <class F> void twice(F &&f) { f(); f(); }
    void use() { twice([] {}); }
  )", "twice"), Custody::Unknown);
}

TEST(Custody, AWrapperWhoseCallReturnsNothingDiscardsResults) {
  Parsed P(R"(
    struct VoidCallback { void operator()(int) const; };
    struct IntCallback { int operator()(int) const; };
    VoidCallback v; IntCallback i;
  )");
  EXPECT_TRUE(callDiscardsResult(P.var("v")->getType()));
  EXPECT_FALSE(callDiscardsResult(P.var("i")->getType()));
}

} // namespace
