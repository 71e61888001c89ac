//===--- FlowTest.cpp - the flow layer's order questions ------------------===//

#include "analysis/Flow.h"
#include "ParsedCode.h"
#include "clang/AST/ExprCXX.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/ASTMatchers/ASTMatchers.h"
#include "clang/Tooling/Tooling.h"
#include "gtest/gtest.h"

using namespace clang;
using namespace clang::ast_matchers;
using namespace clang::tidy::async;

namespace {

class Parsed : public asynclint::test::Parsed {
public:
  using asynclint::test::Parsed::Parsed;
  FunctionFlow flowOf(llvm::StringRef Name) {
    return FunctionFlow(function(Name), context());
  }
};

TEST(Flow, StraightLineCodeRunsInWrittenOrder) {
  Parsed P("void a(); void b(); void c(); void f() { a(); b(); c(); }");
  FunctionFlow Flow = P.flowOf("f");
  ASSERT_TRUE(Flow.valid());
  const Stmt *A = P.call("a"), *B = P.call("b"), *C = P.call("c");
  EXPECT_NE(Flow.blockOf(A), nullptr);
  EXPECT_TRUE(Flow.before(A, B));
  EXPECT_TRUE(Flow.onEveryPathBefore(A, C));
  EXPECT_FALSE(Flow.before(B, A));
  EXPECT_FALSE(Flow.before(C, A));
  EXPECT_FALSE(Flow.onEveryPathBefore(C, A));
  EXPECT_FALSE(Flow.onEveryPathBefore(A, A));
}

TEST(Flow, OneBranchOfAnIfIsNotEveryPath) {
  Parsed P(R"(
    void a(); void b(); void c(); void d();
    void f(bool x) { a(); if (x) { b(); } else { c(); } d(); }
  )");
  FunctionFlow Flow = P.flowOf("f");
  const Stmt *A = P.call("a"), *B = P.call("b"), *C = P.call("c"),
             *D = P.call("d");
  EXPECT_TRUE(Flow.before(B, D));
  EXPECT_TRUE(Flow.onEveryPathBefore(A, D));
  EXPECT_TRUE(Flow.onEveryPathBefore(A, B));
  EXPECT_FALSE(Flow.onEveryPathBefore(B, D));
  EXPECT_FALSE(Flow.onEveryPathBefore(C, D));
  EXPECT_FALSE(Flow.before(B, C));
  EXPECT_FALSE(Flow.before(C, B));
  EXPECT_FALSE(Flow.before(D, A));
  // Either branch opens: together they cover every path.
  EXPECT_FALSE(Flow.coverage({B}).at(D));
  EXPECT_TRUE(Flow.coverage({B, C}).at(D));
  EXPECT_FALSE(Flow.coverage({B, C}).at(A));
}

TEST(Flow, ALoopBodyRunsAgainAfterItself) {
  Parsed P(R"(
    void a(); void b(); void c(); bool more();
    void f() { while (more()) { a(); b(); } c(); }
  )");
  FunctionFlow Flow = P.flowOf("f");
  const Stmt *A = P.call("a"), *B = P.call("b"), *C = P.call("c");
  EXPECT_TRUE(Flow.onEveryPathBefore(A, B));
  EXPECT_TRUE(Flow.before(B, A)); // the next iteration
  EXPECT_TRUE(Flow.before(A, C));
  EXPECT_FALSE(Flow.onEveryPathBefore(B, A));
  EXPECT_FALSE(Flow.onEveryPathBefore(A, C)); // the loop may not run
  EXPECT_FALSE(Flow.before(C, A));
  EXPECT_FALSE(Flow.before(C, B));
}

TEST(Flow, CoverageIsOpenedAndClosedInEachIteration) {
  Parsed P(R"(
    void open(); void close(); void op(); void after(); bool more();
    void reopened() { while (more()) { open(); op(); close(); } after(); }
    void closedLater() { open(); while (more()) { op(); close(); } }
    void openedAfter() { while (more()) { op(); open(); } }
    void openedBefore() { open(); for (int i = 0; i < 3; ++i) op(); }
  )");
  auto CoveredAtOp = [&](llvm::StringRef Function, unsigned Nth) {
    FunctionFlow Flow = P.flowOf(Function);
    auto Opens = {P.call("open", Nth)};
    auto Closes = {P.call("close", Nth)};
    return Flow.coverage(Opens, Closes).at(P.call("op", Nth));
  };
  EXPECT_TRUE(CoveredAtOp("reopened", 0));
  EXPECT_TRUE(CoveredAtOp("openedBefore", 3));
  // The second iteration runs after close().
  EXPECT_FALSE(CoveredAtOp("closedLater", 1));
  // The first iteration runs before open().
  EXPECT_FALSE(CoveredAtOp("openedAfter", 2));
  FunctionFlow Reopened = P.flowOf("reopened");
  EXPECT_FALSE(Reopened.coverage({P.call("open")}, {P.call("close")})
                   .at(P.call("after")));
}

TEST(Flow, AnEarlyReturnEndsThePath) {
  Parsed P(R"(
    void a(); void b();
    void returnsUnlessOpened(bool x) { if (x) { a(); } else { return; } b(); }
    void returnsAfterOpening(bool x) { if (x) { a(); return; } b(); }
  )");
  FunctionFlow Opened = P.flowOf("returnsUnlessOpened");
  EXPECT_TRUE(Opened.onEveryPathBefore(P.call("a", 0), P.call("b", 0)));
  EXPECT_TRUE(Opened.coverage({P.call("a", 0)}).at(P.call("b", 0)));
  FunctionFlow Returned = P.flowOf("returnsAfterOpening");
  EXPECT_FALSE(Returned.before(P.call("a", 1), P.call("b", 1)));
  EXPECT_FALSE(Returned.onEveryPathBefore(P.call("a", 1), P.call("b", 1)));
  EXPECT_FALSE(Returned.coverage({P.call("a", 1)}).at(P.call("b", 1)));
}

TEST(Flow, AThrowLeavesATryForItsHandler) {
  Parsed P(R"(
    void a(); void b(); void c(); void d();
    void openedInTry() { try { a(); b(); } catch (...) { c(); } d(); }
    void openedBeforeTry() { b(); try { a(); } catch (...) { c(); } d(); }
  )");
  FunctionFlow InTry = P.flowOf("openedInTry");
  // a() may throw before b() runs: the handler and what follows the try
  // are reached without b().
  EXPECT_TRUE(InTry.before(P.call("a", 0), P.call("c", 0)));
  EXPECT_FALSE(InTry.onEveryPathBefore(P.call("b", 0), P.call("d", 0)));
  EXPECT_FALSE(InTry.coverage({P.call("b", 0)}).at(P.call("c", 0)));
  EXPECT_FALSE(InTry.coverage({P.call("b", 0)}).at(P.call("d", 0)));
  FunctionFlow BeforeTry = P.flowOf("openedBeforeTry");
  EXPECT_TRUE(BeforeTry.coverage({P.call("b", 1)}).at(P.call("c", 1)));
  EXPECT_TRUE(BeforeTry.coverage({P.call("b", 1)}).at(P.call("d", 1)));
}

TEST(Flow, ACoroutineIsWalkedThroughItsOwnStatements) {
  Parsed P(R"(
    void arm(); void cancel(); Reply read(); Reply write();
    Task f(bool x) {
      arm();
      int n = co_await read();
      if (x)
        cancel();
      co_await write();
      co_return;
    }
  )");
  FunctionFlow Flow = P.flowOf("f");
  ASSERT_TRUE(Flow.valid());
  const Stmt *Read = P.await(0), *Write = P.await(1);
  ASSERT_NE(Read, nullptr);
  ASSERT_NE(Write, nullptr);
  EXPECT_NE(Flow.blockOf(Read), nullptr);
  EXPECT_NE(Flow.blockOf(Write), nullptr);
  EXPECT_NE(Flow.blockOf(P.call("read")), nullptr);
  EXPECT_TRUE(Flow.onEveryPathBefore(P.call("arm"), Read));
  EXPECT_TRUE(Flow.onEveryPathBefore(Read, Write));
  EXPECT_TRUE(Flow.before(P.call("cancel"), Write));
  EXPECT_FALSE(Flow.before(Write, Read));
  EXPECT_FALSE(Flow.onEveryPathBefore(P.call("cancel"), Write));
  EXPECT_FALSE(Flow.onEveryPathBefore(Write, P.call("arm")));
  PathCoverage Armed = Flow.coverage({P.call("arm")}, {P.call("cancel")});
  EXPECT_TRUE(Armed.at(Read));
  EXPECT_FALSE(Armed.at(Write)); // cancelled on one path
}

TEST(Flow, SomePathCoverageHoldsWhereOneBranchOpened) {
  Parsed P(R"(
    void open(); void close(); void op(); void after();
    void oneBranch(bool x) { if (x) open(); op(); }
    void closedOnOneBranch(bool x) { open(); if (x) close(); op(); }
    void closedOnBoth(bool x) { open(); if (x) close(); else close(); op(); }
    void neverOpened(bool x) { if (x) close(); op(); }
  )");
  auto OnSomePath = [&](llvm::StringRef Function, unsigned Open,
                        std::initializer_list<unsigned> Closes, unsigned Op) {
    FunctionFlow Flow = P.flowOf(Function);
    llvm::SmallVector<const Stmt *, 2> ClosingCalls;
    for (unsigned Nth : Closes)
      ClosingCalls.push_back(P.call("close", Nth));
    llvm::SmallVector<const Stmt *, 1> Opens;
    if (const Stmt *O = P.call("open", Open))
      Opens.push_back(O);
    return Flow.coverageOnSomePath(Opens, ClosingCalls).at(P.call("op", Op));
  };
  EXPECT_TRUE(OnSomePath("oneBranch", 0, {}, 0));
  EXPECT_TRUE(OnSomePath("closedOnOneBranch", 1, {0}, 1));
  EXPECT_FALSE(OnSomePath("closedOnBoth", 2, {1, 2}, 2));
  EXPECT_FALSE(OnSomePath("neverOpened", 9, {3}, 3));
  // Over every path, one branch is not enough.
  FunctionFlow Flow = P.flowOf("oneBranch");
  EXPECT_FALSE(Flow.coverage({P.call("open", 0)}).at(P.call("op", 0)));
  EXPECT_FALSE(Flow.coverageOnSomePath({P.call("open", 0)})
                   .at(P.call("open", 0))); // before it runs
}

TEST(Flow, SomePathCoverageFollowsTheNextIteration) {
  Parsed P(R"(
    void open(); void close(); void op(); void after(); bool more();
    void openedAfter() { while (more()) { op(); open(); } }
    void closedEachTime() { while (more()) { op(); open(); close(); } after(); }
    void leftOpen() { while (more()) { open(); op(); } after(); }
  )");
  FunctionFlow After = P.flowOf("openedAfter");
  EXPECT_TRUE(
      After.coverageOnSomePath({P.call("open", 0)}).at(P.call("op", 0)));
  FunctionFlow Closed = P.flowOf("closedEachTime");
  PathCoverage Held =
      Closed.coverageOnSomePath({P.call("open", 1)}, {P.call("close", 0)});
  EXPECT_FALSE(Held.at(P.call("op", 1)));
  EXPECT_FALSE(Held.at(P.call("after", 0)));
  EXPECT_TRUE(Held.at(P.call("close", 0)));
  FunctionFlow Left = P.flowOf("leftOpen");
  EXPECT_TRUE(
      Left.coverageOnSomePath({P.call("open", 2)}).at(P.call("after", 1)));
}

TEST(Flow, AScopeEndClosesWhereTheDestructorRuns) {
  Parsed P(R"(
    struct Guard { Guard(); ~Guard(); };
    void op(); void after(); bool more();
    void block() { { Guard g1; op(); } after(); }
    void early(bool x) { { Guard g2; if (x) return; op(); } after(); }
    void loop() { while (more()) { after(); Guard g3; op(); } }
    void skipped() { while (more()) { Guard g4; if (more()) continue; op(); } after(); }
  )");
  struct Case {
    const char *Function, *Guard;
    unsigned Nth; ///< of the calls of op and after
  };
  for (auto [Function, Guard, Nth] :
       {Case{"block", "g1", 0}, Case{"early", "g2", 1}, Case{"loop", "g3", 2},
        Case{"skipped", "g4", 3}}) {
    FunctionFlow Flow = P.flowOf(Function);
    PathCoverage Coverage =
        Flow.coverageOnSomePath({P.init(Guard)}, {}, {P.var(Guard)});
    EXPECT_TRUE(Coverage.at(P.call("op", Nth))) << Function;
    EXPECT_FALSE(Coverage.at(P.call("after", Nth))) << Function;
    // Without the scope end, the guard would be held after its block.
    EXPECT_TRUE(
        Flow.coverageOnSomePath({P.init(Guard)}).at(P.call("after", Nth)))
        << Function;
  }
}

TEST(Flow, UnwindingToAHandlerEndsTheScopesOfItsTryBlock) {
  Parsed P(R"(
    struct Guard { Guard(); ~Guard(); };
    void mayThrow(); void op(); void after(); void log();
    void inTry() { try { Guard g; mayThrow(); } catch (...) { log(); } after(); }
    void aroundTry() {
      Guard outer;
      try { mayThrow(); } catch (...) { log(); }
      op();
    }
  )");
  FunctionFlow InTry = P.flowOf("inTry");
  // The exception edge skips the destructor element; the handler does not.
  PathCoverage Held = InTry.coverageOnSomePath({P.init("g")}, {}, {P.var("g")});
  EXPECT_FALSE(Held.at(P.call("log", 0)));
  EXPECT_FALSE(Held.at(P.call("after", 0)));
  EXPECT_TRUE(InTry.coverageOnSomePath({P.init("g")}).at(P.call("log", 0)));
  EXPECT_TRUE(Held.at(P.call("mayThrow", 0)));
  // A guard declared before the try lives through its handlers.
  FunctionFlow Around = P.flowOf("aroundTry");
  PathCoverage Outer =
      Around.coverageOnSomePath({P.init("outer")}, {}, {P.var("outer")});
  EXPECT_TRUE(Outer.at(P.call("log", 1)));
  EXPECT_TRUE(Outer.at(P.call("op", 0)));
}

TEST(Flow, SomePathCoverageReachesAnAwaitOfACoroutine) {
  Parsed P(R"(
    struct Guard { Guard(); ~Guard(); };
    Reply read(); Reply write(); void release();
    Task f(bool x) {
      {
        Guard g;
        if (x)
          release();
        co_await read();
      }
      co_await write();
    }
  )");
  FunctionFlow Flow = P.flowOf("f");
  PathCoverage Held =
      Flow.coverageOnSomePath({P.init("g")}, {P.call("release")}, {P.var("g")});
  EXPECT_TRUE(Held.at(P.await(0)));
  EXPECT_FALSE(Held.at(P.await(1)));
  EXPECT_FALSE(Flow.coverage({P.init("g")}, {P.call("release")}, {P.var("g")})
                   .at(P.await(0)));
}

TEST(Flow, StatementsOfOtherFunctionsAreNotInTheFlow) {
  Parsed P(R"(
    void a(); void b();
    void f() { a(); }
    void g() { b(); }
  )");
  FunctionFlow Flow = P.flowOf("f");
  EXPECT_EQ(Flow.blockOf(P.call("b")), nullptr);
  EXPECT_FALSE(Flow.before(P.call("a"), P.call("b")));
  EXPECT_FALSE(Flow.onEveryPathBefore(P.call("a"), P.call("b")));
  EXPECT_FALSE(Flow.coverage({P.call("a")}).at(P.call("b")));
}

TEST(Flow, TheCacheBuildsOneFlowPerFunction) {
  Parsed P("void a(); void f() { a(); } void g() { a(); }");
  FlowCache Cache;
  const FunctionFlow &F = Cache.of(P.function("f"), P.context());
  EXPECT_EQ(&F, &Cache.of(P.function("f"), P.context()));
  EXPECT_NE(&F, &Cache.of(P.function("g"), P.context()));
}

} // namespace
