//===--- MissingTimeoutCheck.h - asynclint ---------------------*- C++ -*-===//

#ifndef ASYNCLINT_CHECKS_MISSINGTIMEOUTCHECK_H
#define ASYNCLINT_CHECKS_MISSINGTIMEOUTCHECK_H

#include "AsyncCheck.h"
#include "model/AsyncModel.h"
#include "fix/FixUtils.h"
#include "model/NetworkModel.h"
#include "analysis/Flow.h"
#include "fix/IncludePlanner.h"
#include "frameworks/Vocabulary.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/StringSet.h"
#include <map>

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
  void onEndOfTranslationUnit() override;

private:
  /// What the fixes of one function share: the names its tokens already
  /// use (new declarations must not hide them) and whether the Asio
  /// operators are in scope already (a using-directive the author wrote).
  struct FunctionFixes {
    const FunctionDecl *Function;
    std::optional<FreshNames> Names;
    bool OperatorsInScope;
  };
  /// An un-timed network await, reported at the end of the translation
  /// unit unless it turns out to wait on a server's own client (family 4)
  /// or every caller bounds the coroutine (family 8).
  struct Candidate {
    const CoawaitExpr *Await;
    const CallExpr *Operation;
    const Stmt *Statement;
    const FunctionDecl *Function;
    const ValueDecl *Receiver;
    const CXXRecordDecl *ThisClass; ///< the receiver is `this` of this class
  };
  /// A variable, or a function's parameter by position (declarations and
  /// the definition share it).
  using Slot = std::pair<const Decl *, unsigned>;
  struct CallSites {
    unsigned Total = 0, Covered = 0;
    bool Escaped = false;
  };
  void resetUnit();
  void recordAccepts(const CallExpr *Call);
  void recordFlow(const Expr *Arg, const FunctionDecl *Callee, unsigned Index);
  /// What \p Var is initialized from: an accepted connection, or a local
  /// it may later turn out to be (directly or as a constructor argument).
  void recordInitialization(const VarDecl *Var);
  void recordConstruction(const Expr *Arg, const CXXRecordDecl *Built);
  bool isServerSide(const Candidate &C) const;
  void boundOperands(const CallExpr *Call,
                     llvm::SmallPtrSetImpl<const Expr *> &Bounded) const;
  bool sleepingHelper(const CallExpr *Call);
  /// The parameters of the plain function \p Callee through which it arms
  /// the timer a caller hands it (`arm_watchdog(timer, sock, 2s)`).
  llvm::ArrayRef<unsigned> timerParametersArmedBy(const FunctionDecl *Callee);
  void collectUnboundedWait(const CoawaitExpr *Await, const Stmt *Statement,
                            llvm::function_ref<bool(const Stmt *)> DeadlineAt,
                            const FunctionDecl *FD, ASTContext &Ctx);
  bool coveredByCallers(const FunctionDecl *FD) const;
  void checkThreadBackoff(const Stmt *Loop, const ValueDecl *Token,
                          const FunctionDecl *FD, ASTContext &Ctx);
  /// The locals of a sleep rewritten into a wait a stop request ends.
  struct SleepNames {
    std::string Mutex, Lock;
  };
  Fix stopWakesSleepFix(const CallExpr *Sleep, const ValueDecl *Token,
                        const FunctionDecl *FD,
                        std::optional<SleepNames> &Names, ASTContext &Ctx);
  void reportDroppedToken(const CallExpr *Call, const ParmVarDecl *Token,
                          ASTContext &Ctx);
  void reportUnboundedWait(const Candidate &C, ASTContext &Ctx);
  void checkRetryLoop(const Stmt *Loop, const FunctionDecl *FD,
                      ASTContext &Ctx);
  /// The exception types an await in \p FD throws once \p FD is cancelled
  /// through its framework (role CancellationErrors), as this unit declares
  /// them.
  llvm::SmallVector<const CXXRecordDecl *, 2>
  cancellationErrors(const FunctionDecl *FD, ASTContext &Ctx);
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
  const NameList ExtraIoOperations;
  const std::string DeadlineCallsOption;
  const NameList DeadlineCalls;
  const std::string BackoffCallsOption;
  const NameList BackoffCalls;
  const std::string TimeoutFunction;
  const unsigned DefaultTimeoutMs;
  const std::string NetworkTypesOption;
  const bool ReportServerConnections;
  IncludePlanner Inserter;
  AsyncModel Model;
  NetworkModel Network;
  const Vocabulary Roles;

  // What the translation unit has shown so far (reset per unit).
  ASTContext *Unit = nullptr;
  std::vector<Candidate> Candidates;
  std::map<const FunctionDecl *, FunctionFixes> FixesOf;
  llvm::DenseSet<Slot> Accepted;
  llvm::DenseMap<Slot, llvm::SmallVector<Slot, 2>> FlowsTo;
  llvm::DenseMap<Slot, llvm::SmallVector<const CXXRecordDecl *, 1>>
      ConstructsInto;
  llvm::SmallPtrSet<const CXXRecordDecl *, 8> ServerRecords;
  llvm::DenseMap<const FunctionDecl *, CallSites> Callers;
  llvm::DenseMap<const FunctionDecl *, bool> SleepingHelpers;
  llvm::DenseMap<const FunctionDecl *, llvm::SmallVector<unsigned, 1>>
      TimerArmingHelpers;
  FlowCache Flows;
};

} // namespace clang::tidy::async

#endif
