//===--- ExecutorsTest.cpp - which executors are thread pools -------------===//

#include "model/Executors.h"
#include "ParsedCode.h"
#include "gtest/gtest.h"

using namespace clang;
using namespace clang::tidy::async;
using asynclint::test::Parsed;

namespace {

constexpr llvm::StringRef Executors = R"(
  struct Executor {};
  struct WorkerPool {};
  struct BlockingThreadPool {};
  struct IoContextPool {};
  struct ConnectionPool {};
  struct KeepAlive { KeepAlive(Executor *); };
  void use(KeepAlive);
  void use(Executor *);
  void use(WorkerPool &);
  void use(BlockingThreadPool *);
  void use(IoContextPool &);
  void use(ConnectionPool &);
  struct Service {
    Executor *cpu_, *io_;
    Executor *workers();
    void run(WorkerPool &pool, BlockingThreadPool *blocking, IoContextPool &loops,
             ConnectionPool &conns, Executor *blocking_pool, Executor *loop) {
      use(cpu_);
      use(io_);
      use(workers());
      use(pool);
      use(blocking);
      use(loops);
      use(conns);
      use(blocking_pool);
      use(loop);
      use(KeepAlive(cpu_));
    }
  };
)";

/// The argument of the \p Nth call of `use`.
const Expr *argumentOfUse(Parsed &P, unsigned Nth) {
  const auto *Call = dyn_cast_or_null<CallExpr>(P.call("use", Nth));
  return Call ? Call->getArg(0) : nullptr;
}

TEST(Executors, APoolTypeIsNamedForThreads) {
  Parsed P(Executors);
  EXPECT_TRUE(isNamedAsThreadPool(P.var("pool")->getType()));
  EXPECT_TRUE(isNamedAsThreadPool(P.var("blocking")->getType()));
  EXPECT_FALSE(isNamedAsThreadPool(P.var("loops")->getType()));
  EXPECT_FALSE(isNamedAsThreadPool(P.var("conns")->getType()));
}

TEST(Executors, AGenericExecutorIsAPoolByTheNameItIsReadFrom) {
  Parsed P(Executors);
  const char *Expected[] = {
      "cpu_",  "io_",   "workers()",     "pool", "blocking",
      "loops", "conns", "blocking_pool", "loop", "KeepAlive(cpu_)"};
  bool Pool[] = {true,  false, true, true,  true,
                 false, false, true, false, true};
  for (unsigned I = 0; I != std::size(Pool); ++I) {
    const Expr *Arg = argumentOfUse(P, I);
    ASSERT_NE(Arg, nullptr) << Expected[I];
    EXPECT_EQ(designatesThreadPool(Arg), Pool[I]) << Expected[I];
  }
}

} // namespace
