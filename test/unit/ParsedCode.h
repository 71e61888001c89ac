//===--- ParsedCode.h - small translation units for unit tests -*- C++ -*-===//

#ifndef ASYNCLINT_TEST_UNIT_PARSEDCODE_H
#define ASYNCLINT_TEST_UNIT_PARSEDCODE_H

#include "clang/AST/ExprCXX.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/ASTMatchers/ASTMatchers.h"
#include "clang/Frontend/ASTUnit.h"
#include "clang/Tooling/Tooling.h"

namespace asynclint::test {

using namespace clang;
using namespace clang::ast_matchers;

/// Just enough of <coroutine> for a coroutine to type-check: the tests
/// parse without the standard library.
inline constexpr llvm::StringRef CoroutineSupport = R"(
  namespace std {
  template <class R, class... Args> struct coroutine_traits {
    using promise_type = typename R::promise_type;
  };
  template <class P = void> struct coroutine_handle;
  template <> struct coroutine_handle<void> {
    static coroutine_handle from_address(void *) noexcept;
    void *address() const noexcept;
  };
  template <class P> struct coroutine_handle : coroutine_handle<> {
    static coroutine_handle from_promise(P &) noexcept;
    static coroutine_handle from_address(void *) noexcept;
  };
  struct suspend_always {
    bool await_ready() noexcept { return false; }
    void await_suspend(coroutine_handle<>) noexcept {}
    void await_resume() noexcept {}
  };
  } // namespace std
  struct Task {
    struct promise_type {
      Task get_return_object();
      std::suspend_always initial_suspend() noexcept;
      std::suspend_always final_suspend() noexcept;
      void return_void();
      void unhandled_exception();
    };
  };
  struct Reply {
    bool await_ready();
    void await_suspend(std::coroutine_handle<>);
    int await_resume();
  };
)";

/// One parsed function and the statements the questions are about.
class Parsed {
public:
  explicit Parsed(llvm::StringRef Code)
      : AST(tooling::buildASTFromCodeWithArgs((CoroutineSupport + Code).str(),
                                              {"-std=c++20"})) {}

  ASTContext &context() { return AST->getASTContext(); }

  const FunctionDecl *function(llvm::StringRef Name) {
    auto Found =
        match(functionDecl(hasName(Name), isDefinition()).bind("f"), context());
    return Found.empty() ? nullptr : Found.front().getNodeAs<FunctionDecl>("f");
  }

  /// The \p Nth call (in source order) of the function named \p Callee.
  const Stmt *call(llvm::StringRef Callee, unsigned Nth = 0) {
    auto Found = match(
        callExpr(callee(functionDecl(hasName(Callee)))).bind("c"), context());
    return Nth < Found.size() ? Found[Nth].getNodeAs<Stmt>("c") : nullptr;
  }

  /// The \p Nth `co_await` in the translation unit, in source order.
  const Stmt *await(unsigned Nth) {
    auto Found = match(coawaitExpr().bind("a"), context());
    return Nth < Found.size() ? Found[Nth].getNodeAs<Stmt>("a") : nullptr;
  }

  /// The initializer of the local variable named \p Name.
  const Stmt *init(llvm::StringRef Name) {
    const VarDecl *Var = var(Name);
    return Var ? Var->getInit() : nullptr;
  }

  const VarDecl *var(llvm::StringRef Name) {
    auto Found = match(varDecl(hasName(Name)).bind("v"), context());
    return Found.empty() ? nullptr : Found.front().getNodeAs<VarDecl>("v");
  }

private:
  std::unique_ptr<ASTUnit> AST;
};

} // namespace asynclint::test

#endif
