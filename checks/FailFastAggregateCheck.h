//===--- FailFastAggregateCheck.h - asynclint ------------------*- C++ -*-===//

#ifndef ASYNCLINT_CHECKS_FAILFASTAGGREGATECHECK_H
#define ASYNCLINT_CHECKS_FAILFASTAGGREGATECHECK_H

#include "AsyncCheck.h"
#include "model/AsyncModel.h"
#include "fix/FixUtils.h"
#include "frameworks/Vocabulary.h"

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
  /// A join of the vocabulary that keeps every outcome, or one that fails
  /// as a whole at the first failure (the profiles' variadic, range and
  /// bounded joins, and the project's names).
  bool isSettledJoin(const CallExpr *Join) const;
  bool isFailFastJoin(const CallExpr *Join) const;
  /// A join no list names, recognised by its shape: several awaitables in
  /// (as arguments or one range), their plain values out.
  bool joinsByShape(const CallExpr *Join, QualType Result);
  /// Whether the handler (or the try block after the join) turns the
  /// failure into the function's answer: it writes a variable declared
  /// before the try (or a member), or the handler returns a value.
  bool producesResult(const CXXTryStmt *Try, const CXXCatchStmt *Handler,
                      const Stmt *JoinStatement, const FunctionDecl *FD,
                      ASTContext &Ctx);
  /// The settled form to name in the message, if one is known.
  std::string settledFormOf(const CallExpr *Join) const;
  /// The all-settled rewrite of \p Try, or none when its shape does not
  /// allow a mechanical one (see the doc's Fix safety).
  Fix settledFix(const CXXTryStmt *Try, const CallExpr *Join,
                 const FunctionDecl *FD, ASTContext &Ctx);
  bool settledJoinFits(const CallExpr *Join, ASTContext &Ctx);

  const std::string FailFastJoinsOption;
  const NameList FailFastJoins;
  const std::string SettledJoin;
  const std::string SettledJoinsOption;
  const NameList SettledJoins;
  const std::string SettledFormsOption;
  /// `join=settled` pairs of SettledForms.
  llvm::SmallVector<std::pair<NameList, std::string>, 8> SettledForms;
  AsyncModel Model;
  const Vocabulary Roles;
};

} // namespace clang::tidy::async

#endif
