//===--- MissingTimeoutCheck.h - asynclint ---------------------*- C++ -*-===//

#ifndef ASYNCLINT_CHECKS_MISSINGTIMEOUTCHECK_H
#define ASYNCLINT_CHECKS_MISSINGTIMEOUTCHECK_H

#include "AsyncModel.h"
#include "FixUtils.h"
#include "clang-tidy/ClangTidyCheck.h"

namespace clang::tidy::async {

/// Finds network and IPC awaits with neither a deadline nor a way to cancel
/// them, and calls that drop the caller's `std::stop_token` although the
/// callee has an overload that takes one.
///
/// Documentation: docs/checks/async-missing-timeout.md
class MissingTimeoutCheck : public ClangTidyCheck {
public:
  MissingTimeoutCheck(llvm::StringRef Name, ClangTidyContext *Context);
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;
  bool isLanguageVersionSupported(const LangOptions &LangOpts) const override {
    return LangOpts.CPlusPlus20;
  }
  std::optional<TraversalKind> getCheckTraversalKind() const override {
    return TK_AsIs;
  }

private:
  void checkIgnoredToken(const CallExpr *Call, const ParmVarDecl *Token,
                         ASTContext &Ctx);
  void checkUnboundedWait(const CoawaitExpr *Await, const FunctionDecl *FD,
                          bool HasDeadline, ASTContext &Ctx);
  Fix timeoutFix(const Expr *Operation, const FunctionDecl *FD,
                 ASTContext &Ctx);

  const std::string IoOperationsOption;
  const NameList IoOperations;
  const std::string DeadlineCallsOption;
  const NameList DeadlineCalls;
  const std::string TimeoutFunction;
  const unsigned DefaultTimeoutMs;
  AsyncModel Model;
};

} // namespace clang::tidy::async

#endif
