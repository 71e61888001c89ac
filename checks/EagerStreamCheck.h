//===--- EagerStreamCheck.h - asynclint -------------------------*- C++ -*-===//

#ifndef ASYNCLINT_CHECKS_EAGERSTREAMCHECK_H
#define ASYNCLINT_CHECKS_EAGERSTREAMCHECK_H

#include "AsyncCheck.h"
#include "llvm/ADT/DenseMap.h"

namespace clang::tidy::async {

/// Finds a coroutine that reads a whole stream into memory and then awaits
/// once per element of what it read.
///
/// Documentation: docs/checks/async-eager-stream.md
class EagerStreamCheck : public AsyncCheck {
public:
  using AsyncCheck::AsyncCheck;
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;

private:
  /// Where a local variable was filled with a whole stream.
  using WholeReads = llvm::DenseMap<const VarDecl *, const Stmt *>;
  void checkIteration(const Stmt *Loop, const WholeReads &Reads);
};

} // namespace clang::tidy::async

#endif
