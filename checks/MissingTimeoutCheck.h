//===--- MissingTimeoutCheck.h - asynclint ---------------------*- C++ -*-===//

#ifndef ASYNCLINT_CHECKS_MISSINGTIMEOUTCHECK_H
#define ASYNCLINT_CHECKS_MISSINGTIMEOUTCHECK_H

#include "AsyncCheck.h"
#include "AsyncModel.h"
#include "FixUtils.h"
#include "fix/IncludePlanner.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringSet.h"

namespace clang::tidy::async {

/// Finds network and IPC awaits with neither a deadline nor a way to cancel
/// them, calls that drop the caller's `std::stop_token` although the callee
/// has an overload that takes one, and retry loops that keep retrying after
/// the caller has cancelled.
///
/// Documentation: docs/checks/async-missing-timeout.md
class MissingTimeoutCheck : public AsyncCheck {
public:
  MissingTimeoutCheck(llvm::StringRef Name, ClangTidyContext *Context);
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;
  void registerPPCallbacks(const SourceManager &SM, Preprocessor *PP,
                           Preprocessor *ModuleExpanderPP) override;
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;

private:
  /// What the fixes of one function share: the names its tokens already
  /// use (new declarations must not hide them) and whether the Asio
  /// operators are in scope already (a using-directive the author wrote).
  struct FunctionFixes {
    const FunctionDecl *Function;
    std::optional<FreshNames> Names;
    bool OperatorsInScope;
  };
  void reportDroppedToken(const CallExpr *Call, const ParmVarDecl *Token,
                          ASTContext &Ctx);
  void checkUnboundedWait(const CoawaitExpr *Await, const Stmt *Statement,
                          bool HasDeadline, FunctionFixes &Fixes,
                          ASTContext &Ctx);
  void checkRetryLoop(const Stmt *Loop, const FunctionDecl *FD,
                      ASTContext &Ctx);
  std::string timeoutText(const FunctionDecl *FD) const;
  Fix timeoutFix(const Expr *Operation, const FunctionDecl *FD,
                 ASTContext &Ctx);
  Fix raceWithTimerFix(const CoawaitExpr *Await, const CallExpr *Operation,
                       const Stmt *Statement, FunctionFixes &Fixes,
                       ASTContext &Ctx);
  Fix cancellationCheckFix(const Stmt *Loop, const CXXTryStmt *Attempt,
                           const FunctionDecl *FD, ASTContext &Ctx);
  void addIncludes(Fix &Hints, SourceLocation In,
                   std::initializer_list<llvm::StringRef> Headers,
                   ASTContext &Ctx);

  const std::string IoOperationsOption;
  const NameList IoOperations;
  const std::string DeadlineCallsOption;
  const NameList DeadlineCalls;
  const std::string BackoffCallsOption;
  const NameList BackoffCalls;
  const std::string TimeoutFunction;
  const unsigned DefaultTimeoutMs;
  IncludePlanner Inserter;
  AsyncModel Model;
};

} // namespace clang::tidy::async

#endif
