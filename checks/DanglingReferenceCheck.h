//===--- DanglingReferenceCheck.h - asynclint ------------------*- C++ -*-===//

#ifndef ASYNCLINT_CHECKS_DANGLINGREFERENCECHECK_H
#define ASYNCLINT_CHECKS_DANGLINGREFERENCECHECK_H

#include "AsyncCheck.h"
#include "model/AsyncModel.h"
#include "frameworks/Vocabulary.h"
#include "llvm/ADT/DenseSet.h"

namespace clang::tidy::async {

/// Finds lazy coroutine tasks that outlive the full-expression creating them
/// while their frame refers to a temporary of that full-expression: a
/// temporary bound to a reference or view parameter, or the closure of a
/// capturing coroutine lambda called in place; and callables spawned in a
/// loop that capture by reference a variable of one iteration.
///
/// Documentation: docs/checks/async-dangling-reference.md
class DanglingReferenceCheck : public AsyncCheck {
public:
  DanglingReferenceCheck(llvm::StringRef Name, ClangTidyContext *Context);
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;

private:
  /// Where a task created by a call goes, when it outlives the statement.
  struct Escape {
    const Expr *Task;
    std::string How; ///< "is stored in 't'", "is returned", ...
    /// The variable or container that keeps the task, if one does.
    const VarDecl *Into = nullptr;
    bool Returned = false;
  };
  /// Variables destroyed before a task that leaves their scope can run.
  struct Scope {
    const llvm::SmallPtrSetImpl<const VarDecl *> &Locals;
    std::string Ends; ///< "at the end of this loop iteration", ...
  };
  void collectEscapes(const Stmt *S, llvm::SmallVectorImpl<Escape> &Out);
  void checkEscape(const Escape &E, ASTContext &Ctx,
                   const Scope *Outlived = nullptr);
  void checkArguments(const CallExpr *Call, const FunctionDecl *Callee,
                      const Escape &E, ASTContext &Ctx, const Scope *Outlived,
                      bool Eager);
  void checkObjectArgument(const CXXMemberCallExpr *Call, const Escape &E,
                           ASTContext &Ctx, const Scope *Outlived, bool Eager);
  void checkLocalClosure(const CallExpr *Call, const VarDecl *Closure,
                         const Scope &Outlived, const Escape &E, bool Eager,
                         ASTContext &Ctx);
  bool isEager(QualType T);
  void reportArgument(const FunctionDecl *Callee, unsigned Index,
                      const Expr *Arg, std::string Dies, const Escape &E,
                      bool Eager, ASTContext &Ctx);
  void checkOutlivingTasks(const Stmt *Body, const Scope &Outlived,
                           ASTContext &Ctx, bool WaitsAfterwards = false);
  void checkReturnedTasks(const FunctionDecl *FD, ASTContext &Ctx);
  void checkResumingCallbacks(const FunctionDecl *FD, ASTContext &Ctx);
  void checkUnownedSelf(const FunctionDecl *FD);
  void checkDetachedSelf(const CXXMethodDecl *Method, ASTContext &Ctx);
  void noteCaptureByValue(const VarDecl *Var);
  void checkTemporaryClosure(const CallExpr *Call, const Escape &E, bool Eager,
                             ASTContext &Ctx);
  void checkHandedClosures(const CallExpr *Call, ASTContext &Ctx);
  const VarDecl *captureReturnedTaskReads(const LambdaExpr *Lambda,
                                          const SourceManager &SM);
  static bool waitsForEach(const CXXForRangeStmt *For);
  void checkSpawnedCaptures(const Stmt *Body, const Scope &Outlived,
                            ASTContext &Ctx, bool WaitsAfterwards = false);
  bool waitsAfter(const Stmt *Body, SourceLocation From,
                  const SourceManager &SM) const;
  bool holdsTemporary(const Expr *Arg, const ParmVarDecl *Param) const;
  const VarDecl *referredLocal(const Expr *Arg, const ParmVarDecl *Param,
                               const Scope &Outlived) const;
  bool isStart(const CXXMemberCallExpr *Call) const;
  bool isSpawn(const CallExpr *Call);

  const std::string ViewTypesOption;
  const NameList ViewTypes;
  Vocabulary Names;
  AsyncModel Model;
  /// Calls awaited within their own full-expression.
  llvm::DenseSet<const Expr *> Awaited;
  llvm::DenseSet<const ParmVarDecl *> FixedParameters;
  /// The variables the asynchronous work of one body shares by reference
  /// (see waitsAfter), for the body last asked about.
  mutable const Stmt *SharedVarsOf = nullptr;
  mutable llvm::SmallPtrSet<const VarDecl *, 8> SharedVars;
  /// Captures and arguments already reported (loops nest).
  llvm::DenseSet<SourceLocation> Reported;
};

} // namespace clang::tidy::async

#endif
