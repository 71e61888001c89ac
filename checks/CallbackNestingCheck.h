//===--- CallbackNestingCheck.h - asynclint ---------------------*- C++ -*-===//

#ifndef ASYNCLINT_CHECKS_CALLBACKNESTINGCHECK_H
#define ASYNCLINT_CHECKS_CALLBACKNESTINGCHECK_H

#include "AsyncCheck.h"
#include "model/AsyncModel.h"
#include "llvm/ADT/DenseSet.h"

namespace clang::tidy::async {

/// Finds continuation-passing code nested deeper than `MaxDepth` callbacks
/// where every level forwards its error to the caller by hand.
///
/// Documentation: docs/checks/async-callback-nesting.md
class CallbackNestingCheck : public AsyncCheck {
public:
  CallbackNestingCheck(llvm::StringRef Name, ClangTidyContext *Context);
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;
  bool isLanguageVersionSupported(const LangOptions &LangOpts) const override {
    return LangOpts.CPlusPlus11;
  }

  /// One callback of a chain: the call it is passed to and the `if` that
  /// forwards its error.
  struct Level {
    const CallExpr *Call;
    const IfStmt *Forwarding; ///< null: the last step answers `done(ec)`
    bool FallsThrough; ///< the forwarding `if` does not leave the callback
  };
  using Chain = llvm::SmallVector<Level, 4>;

private:
  Chain chainFrom(const CallExpr *Call);

  const unsigned MaxDepth;
  /// Callbacks already counted as a level of an enclosing chain; they are
  /// not the start of a chain of their own.
  llvm::DenseSet<const FunctionDecl *> Chained;
  const ASTContext *Ctx = nullptr;
};

} // namespace clang::tidy::async

#endif
