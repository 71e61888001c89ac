//===--- SequentialAwaitsCheck.h - asynclint -------------------*- C++ -*-===//

#ifndef ASYNCLINT_CHECKS_SEQUENTIALAWAITSCHECK_H
#define ASYNCLINT_CHECKS_SEQUENTIALAWAITSCHECK_H

#include "AsyncCheck.h"
#include "model/AsyncModel.h"
#include "fix/FixUtils.h"
#include "frameworks/Vocabulary.h"
#include "fix/IncludePlanner.h"

namespace clang::tidy::async {

/// Finds consecutive `co_await`s (or `std::async(...).get()`s) of
/// independent operations in one block, which take the sum of their
/// latencies instead of the maximum, and joins them into one concurrent
/// await (or launches every future before the first `get()`).
///
/// Documentation: docs/checks/async-sequential-awaits.md
class SequentialAwaitsCheck : public AsyncCheck {
public:
  SequentialAwaitsCheck(llvm::StringRef Name, ClangTidyContext *Context);
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;
  void registerPPCallbacks(const SourceManager &SM, Preprocessor *PP,
                           Preprocessor *ModuleExpanderPP) override;
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;

  struct Operation;
  struct Run;

private:
  struct Region {
    bool InTry = false;
    bool LockHeld = false;
  };
  void checkOneExpression(const Stmt *S, const FunctionDecl *FD);
  void walk(const Stmt *S, Region R, const FunctionDecl *FD, ASTContext &Ctx);
  void scanBlock(const CompoundStmt *Block, Region R, const FunctionDecl *FD,
                 ASTContext &Ctx);
  std::optional<Operation> operationOf(const Stmt *S, const FunctionDecl *FD);
  static bool targetPath(const Expr *Target, const FunctionDecl *FD,
                         llvm::SmallVectorImpl<const ValueDecl *> &Path);
  static bool isUsed(const VarDecl *Var);
  const UseCounts &usesIn(const FunctionDecl *FD);
  Access operationAccesses(const Expr *Call, const FunctionDecl *FD);
  bool isJoin(const CallExpr *Call);
  std::optional<Operation> awaitOperation(const CoawaitExpr *Await,
                                          const FunctionDecl *FD);
  std::optional<Operation> futureOperation(const Expr *Init);
  bool declaresLock(const Stmt *S) const;
  void report(const Run &R, const FunctionDecl *FD, ASTContext &Ctx);
  void noteOperations(const Run &R);
  void checkCollectingLoop(const Stmt *Loop, const FunctionDecl *FD,
                           ASTContext &Ctx);
  Fix loopFix(const CXXForRangeStmt *Loop, const CallExpr *Call,
              const DeclRefExpr *Results, const FunctionDecl *FD,
              ASTContext &Ctx);
  static CharSourceRange runRange(const Run &R, const ASTContext &Ctx);
  Fix joinFix(const Run &R, const FunctionDecl *FD, ASTContext &Ctx,
              std::string &WhyNot);
  Fix futuresFix(const Run &R, const FunctionDecl *FD, ASTContext &Ctx);

  const std::string WhenAllFunction;
  const std::string OrderedOperationsOption;
  const NameList OrderedOperations;
  const std::string LockTypesOption;
  const NameList LockTypes;
  const std::string BoundedJoinFunction;
  const NameList ConfiguredJoins;
  const unsigned MaxConcurrency;
  Vocabulary Names;
  IncludePlanner Inserter;
  AsyncModel Model;
  /// Use counts of the function last asked about (built on demand).
  UseCounts Uses;
  const FunctionDecl *UsesOf = nullptr;
  llvm::DenseSet<SourceLocation> Reported;
};

} // namespace clang::tidy::async

#endif
