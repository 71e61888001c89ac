//===--- LockAcrossSuspensionCheck.h - asynclint ---------------*- C++ -*-===//

#ifndef ASYNCLINT_CHECKS_LOCKACROSSSUSPENSIONCHECK_H
#define ASYNCLINT_CHECKS_LOCKACROSSSUSPENSIONCHECK_H

#include "AsyncCheck.h"
#include "fix/FixUtils.h"
#include "frameworks/Vocabulary.h"
#include "llvm/ADT/SmallPtrSet.h"

namespace clang::tidy::async {

/// Finds a thread mutex (std::mutex and the other blocking mutexes of the
/// framework profiles) that a coroutine may still hold, through a guard
/// object or a `lock()` by hand, at a `co_await` or `co_yield`: flow
/// sensitive, so a lock released on every path before the suspension is
/// not reported.
///
/// Documentation: docs/checks/async-lock-across-suspension.md
class LockAcrossSuspensionCheck : public AsyncCheck {
public:
  LockAcrossSuspensionCheck(llvm::StringRef Name, ClangTidyContext *Context)
      : AsyncCheck(Name, Context), Names(Options) {}
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;

  struct Lock;
  struct Scan;

private:
  void report(const Stmt *Suspension, llvm::ArrayRef<const Lock *> Held,
              llvm::SmallPtrSetImpl<const Lock *> &Reported,
              const FunctionDecl *FD, ASTContext &Ctx);
  Fix scopeFix(const Lock &L, const Stmt *Suspension, const FunctionDecl *FD,
               ASTContext &Ctx) const;

  Vocabulary Names;
};

} // namespace clang::tidy::async

#endif
