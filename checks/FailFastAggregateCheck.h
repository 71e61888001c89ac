//===--- FailFastAggregateCheck.h - asynclint ------------------*- C++ -*-===//

#ifndef ASYNCLINT_CHECKS_FAILFASTAGGREGATECHECK_H
#define ASYNCLINT_CHECKS_FAILFASTAGGREGATECHECK_H

#include "AsyncCheck.h"
#include "AsyncModel.h"
#include "FixUtils.h"

namespace clang::tidy::async {

/// Finds a fail-fast join of several operations whose failure is caught as
/// a whole and turned into a result, losing every operation that succeeded.
///
/// Documentation: docs/checks/async-fail-fast-aggregate.md
class FailFastAggregateCheck : public AsyncCheck {
public:
  FailFastAggregateCheck(llvm::StringRef Name, ClangTidyContext *Context);
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;

private:
  void checkTry(const CXXTryStmt *Try, const FunctionDecl *FD, ASTContext &Ctx);
  const CallExpr *failFastJoin(const Stmt *S);
  /// The all-settled rewrite of \p Try, or none when its shape does not
  /// allow a mechanical one (see the doc's Fix safety).
  Fix settledFix(const CXXTryStmt *Try, const CallExpr *Join,
                 const FunctionDecl *FD, ASTContext &Ctx);
  bool settledJoinFits(const CallExpr *Join, ASTContext &Ctx);

  const std::string FailFastJoinsOption;
  const NameList FailFastJoins;
  const std::string SettledJoin;
  AsyncModel Model;
};

} // namespace clang::tidy::async

#endif
