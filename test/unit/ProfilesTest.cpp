//===--- ProfilesTest.cpp - framework profiles ----------------------------===//

#include "model/AsyncModel.h"
#include "frameworks/Profiles.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/ASTMatchers/ASTMatchers.h"
#include "clang/Tooling/Tooling.h"
#include "llvm/ADT/StringSet.h"
#include "gtest/gtest.h"

using namespace clang;
using namespace clang::ast_matchers;
using namespace clang::tidy::async;

namespace {

std::unique_ptr<ASTUnit> parse(llvm::StringRef Code) {
  return tooling::buildASTFromCodeWithArgs(Code, {"-std=c++20"});
}

const FunctionDecl *function(ASTUnit &AST, llvm::StringRef Name) {
  auto Found = match(functionDecl(hasName(Name)).bind("f"),
                     AST.getASTContext());
  return Found.empty() ? nullptr
                       : Found.front().getNodeAs<FunctionDecl>("f");
}

TEST(Profiles, EveryRoleHasADistinctOptionName) {
  llvm::StringSet<> Seen;
  for (std::size_t I = 0; I != RoleCount; ++I) {
    llvm::StringRef Name = roleOptionName(static_cast<Role>(I));
    EXPECT_TRUE(Name.starts_with("Async")) << Name.str();
    EXPECT_TRUE(Seen.insert(Name).second) << Name.str();
    EXPECT_FALSE(roleDescription(static_cast<Role>(I)).empty());
  }
}

TEST(Profiles, EveryNameIsQualifiedUnderItsFrameworksNamespaces) {
  for (const FrameworkProfile &Profile : builtinProfiles()) {
    llvm::SmallVector<llvm::StringRef, 2> Spaces;
    Profile.Namespaces.split(Spaces, ';');
    for (std::size_t I = 0; I != RoleCount; ++I) {
      // What a cancelled await throws may be another library's type
      // (Boost.Asio throws boost::system's system_error).
      if (static_cast<Role>(I) == Role::CancellationErrors)
        continue;
      llvm::SmallVector<llvm::StringRef, 8> Names;
      Profile.of(static_cast<Role>(I)).split(Names, ';', -1, false);
      for (llvm::StringRef Name : Names)
        EXPECT_TRUE(llvm::any_of(Spaces,
                                 [&](llvm::StringRef Space) {
                                   return Name.starts_with(Space.str() + "::");
                                 }))
            << Profile.Name.str() << ": " << Name.str();
    }
  }
}

TEST(Profiles, ADeclarationBelongsToTheDeepestEnclosingProfile) {
  auto AST = parse(R"(
    namespace boost::asio { void post(); namespace detail { void op(); } }
    namespace boost::cobalt { void join(); }
    namespace folly::coro { inline namespace v1 { void collectAll(); } }
    namespace asio_like { void post(); }
    void plain();
  )");
  ASSERT_TRUE(AST);
  auto NameOf = [&](llvm::StringRef F) -> std::string {
    const FrameworkProfile *P = profileOf(function(*AST, F));
    return P ? P->Name.str() : "";
  };
  EXPECT_EQ(NameOf("::boost::asio::post"), "Asio");
  EXPECT_EQ(NameOf("::boost::asio::detail::op"), "Asio");
  EXPECT_EQ(NameOf("::boost::cobalt::join"), "Boost.Cobalt");
  EXPECT_EQ(NameOf("collectAll"), "folly::coro");
  EXPECT_EQ(NameOf("::asio_like::post"), "");
  EXPECT_EQ(NameOf("plain"), "");
}

TEST(Profiles, BuiltinNamesOfARoleMatchThatFrameworksDeclarations) {
  auto AST = parse(R"(
    namespace folly::coro {
      template <class T> struct Task {};
      template <class R> Task<int> collectAllRange(R);
      template <class R> Task<int> collectAllWindowed(R, int);
    }
    namespace app { template <class R> int collectAllRange(R); }
  )");
  ASSERT_TRUE(AST);
  NameList Range(builtinNames(Role::RangeJoins));
  NameList Bounded(builtinNames(Role::BoundedJoins));
  EXPECT_TRUE(Range.contains(function(*AST, "::folly::coro::collectAllRange")));
  EXPECT_FALSE(Range.contains(function(*AST, "::app::collectAllRange")));
  EXPECT_FALSE(
      Range.contains(function(*AST, "::folly::coro::collectAllWindowed")));
  EXPECT_TRUE(
      Bounded.contains(function(*AST, "::folly::coro::collectAllWindowed")));
}

TEST(Profiles, OperatorsAreNamedAsOperators) {
  auto AST = parse(R"(
    namespace asio::experimental::awaitable_operators {
      struct A {};
      A operator||(A, A);
      A operator&&(A, A);
    }
    namespace app { struct B {}; B operator||(B, B); }
  )");
  ASSERT_TRUE(AST);
  auto Operator = [&](llvm::StringRef Qualified) {
    auto Found = match(functionDecl(hasName(Qualified)).bind("f"),
                       AST->getASTContext());
    return Found.empty() ? nullptr : Found.front().getNodeAs<FunctionDecl>("f");
  };
  NameList Races(builtinNames(Role::Races));
  NameList Joins(builtinNames(Role::VariadicJoins));
  EXPECT_TRUE(Races.contains(
      Operator("::asio::experimental::awaitable_operators::operator||")));
  EXPECT_FALSE(Races.contains(
      Operator("::asio::experimental::awaitable_operators::operator&&")));
  EXPECT_TRUE(Joins.contains(
      Operator("::asio::experimental::awaitable_operators::operator&&")));
  EXPECT_FALSE(Races.contains(Operator("::app::operator||")));
  EXPECT_TRUE(NameList("app::operator||").contains(Operator("::app::operator||")));
}

TEST(Profiles, BlockingMutexesAreThreadMutexesNotCoroutineOnes) {
  auto AST = parse(R"(
    namespace std { inline namespace v1 { struct mutex {}; } }
    namespace folly {
      template <bool ReaderPriority> struct SharedMutexImpl {};
      using SharedMutex = SharedMutexImpl<false>;
      namespace coro { struct Mutex {}; struct SharedMutex {}; }
    }
    std::mutex a;
    folly::SharedMutex b;
    folly::coro::Mutex c;
    folly::coro::SharedMutex d;
  )");
  ASSERT_TRUE(AST);
  NameList Mutexes(builtinNames(Role::BlockingMutexes));
  auto TypeOf = [&](llvm::StringRef Var) {
    auto Found = match(varDecl(hasName(Var)).bind("v"), AST->getASTContext());
    return Found.front().getNodeAs<VarDecl>("v")->getType();
  };
  EXPECT_TRUE(Mutexes.containsType(TypeOf("a")));
  EXPECT_TRUE(Mutexes.containsType(TypeOf("b")));
  EXPECT_FALSE(Mutexes.containsType(TypeOf("c")));
  EXPECT_FALSE(Mutexes.containsType(TypeOf("d")));
}

TEST(Profiles, SpellingsNameTheirHeader) {
  for (const FrameworkProfile &Profile : builtinProfiles())
    for (std::size_t I = 0; I != SpellingCount; ++I) {
      const auto &Spelled = Profile.spelling(static_cast<Spelling>(I));
      EXPECT_EQ(Spelled.Call.empty(), Spelled.Header.empty())
          << Profile.Name.str();
      if (!Spelled.Header.empty())
        EXPECT_TRUE(Spelled.Header.starts_with("<") &&
                    Spelled.Header.ends_with(">"))
            << Spelled.Header.str();
    }
}

} // namespace
