//===--- TemplateSitesTest.cpp - what of a template its instantiations judge
//===//

#include "analysis/TemplateSites.h"
#include "ParsedCode.h"
#include "gtest/gtest.h"

using namespace clang;
using namespace clang::ast_matchers;
using namespace clang::tidy::async;
using asynclint::test::Parsed;

namespace {

/// The instantiation of the function named \p Name.
const FunctionDecl *instantiation(Parsed &P, llvm::StringRef Name) {
  auto Found = match(
      functionDecl(hasName(Name), isDefinition(), isTemplateInstantiation())
          .bind("f"),
      P.context());
  return Found.empty() ? nullptr : Found.front().getNodeAs<FunctionDecl>("f");
}

constexpr llvm::StringRef Store = R"(
  struct Disk { int load(); };
  template <class S> struct Cache {
    Task get() {
      int fixed = 1;
      int value = store.load();
      for (int i = 0; i < 3; ++i)
        store.load();
      co_await Reply{};
    }
    S store;
  };
  void use() { Cache<Disk>().get(); }
)";

TEST(TemplateSites, AMemberOfAClassTemplateAwaitsThroughADependentThis) {
  Parsed P(Store);
  const FunctionDecl *Get = instantiation(P, "get");
  ASSERT_NE(Get, nullptr);
  TemplateSites Sites;
  EXPECT_TRUE(Sites.awaitsDependOnTemplate(Get));
}

TEST(TemplateSites, ADependentCallIsTheInstantiationsToJudge) {
  Parsed P(Store);
  const FunctionDecl *Get = instantiation(P, "get");
  ASSERT_NE(Get, nullptr);
  const SourceManager &SM = P.context().getSourceManager();
  TemplateSites Sites;
  EXPECT_TRUE(Sites.isDependentCode(Get, P.call("load")->getBeginLoc(), SM));
  // Code that does not depend on the template is judged as written.
  EXPECT_FALSE(Sites.isDependentCode(Get, P.var("fixed")->getLocation(), SM));
}

TEST(TemplateSites, ALoopHoldingDependentCodeIsJudgedWhole) {
  Parsed P(Store);
  const FunctionDecl *Get = instantiation(P, "get");
  ASSERT_NE(Get, nullptr);
  // The loop's own variable lies outside any dependent expression.
  EXPECT_TRUE(TemplateSites().isDependentCode(Get, P.var("i")->getLocation(),
                                              P.context().getSourceManager()));
}

TEST(TemplateSites,
     AFunctionTemplateOverNoDependentParameterIsJudgedAsWritten) {
  Parsed P(R"(
    template <class T> Task tick() { co_await Reply{}; }
    void use() { tick<int>(); }
  )");
  const FunctionDecl *Tick = instantiation(P, "tick");
  ASSERT_NE(Tick, nullptr);
  EXPECT_FALSE(TemplateSites().awaitsDependOnTemplate(Tick));
}

TEST(TemplateSites, ALambdaInAnInstantiationIsJudgedByItsFunctionsTemplate) {
  Parsed P(R"(
    template <class T> void run(T t) { [t] { return t; }(); }
    void use() { run(1); }
  )");
  auto Found =
      match(cxxMethodDecl(hasName("operator()"), isDefinition()).bind("f"),
            P.context());
  // Only the instantiated lambda has a template, whose body holds its own.
  unsigned Instantiated = 0;
  for (const auto &Node : Found) {
    const auto *Call = Node.getNodeAs<FunctionDecl>("f");
    if (const FunctionDecl *Written = templatePatternOf(Call)) {
      ++Instantiated;
      EXPECT_TRUE(P.context().getSourceManager().isPointWithin(
          Call->getBody()->getBeginLoc(), Written->getBeginLoc(),
          Written->getEndLoc()));
    }
  }
  EXPECT_EQ(Instantiated, 1u);
}

} // namespace
