//===--- EagerStreamCheck.h - asynclint -------------------------*- C++ -*-===//

#ifndef ASYNCLINT_CHECKS_EAGERSTREAMCHECK_H
#define ASYNCLINT_CHECKS_EAGERSTREAMCHECK_H

#include "AsyncCheck.h"
#include "model/AsyncModel.h"
#include "fix/FixUtils.h"
#include "fix/IncludePlanner.h"
#include "llvm/ADT/DenseMap.h"

namespace clang::tidy::async {

/// Finds a coroutine that reads a whole stream into memory and then awaits
/// once per element of what it read; rewrites a line-reading loop and the
/// loop over its lines into a pull-based generator pipeline.
///
/// Documentation: docs/checks/async-eager-stream.md
class EagerStreamCheck : public AsyncCheck {
public:
  EagerStreamCheck(llvm::StringRef Name, ClangTidyContext *Context);
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;
  void registerPPCallbacks(const SourceManager &SM, Preprocessor *PP,
                           Preprocessor *ModuleExpanderPP) override;
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;

  struct Walk {
    Walk(ASTContext &Ctx, const FunctionDecl *FD) : Ctx(Ctx), FD(FD) {}
    ASTContext &Ctx;
    const FunctionDecl *FD;
    /// Where a local variable was filled with a whole stream.
    llvm::DenseMap<const VarDecl *, const Stmt *> Reads;
    /// The block each statement of a block is in, and its index there.
    llvm::DenseMap<const Stmt *, std::pair<const CompoundStmt *, unsigned>>
        Position;
    /// How often each variable is named in the function; counted for the
    /// first fix only.
    std::optional<UseCounts> Uses;
    std::optional<FreshNames> Names;
  };
  struct Pipeline;

private:
  void checkIteration(const Stmt *Loop, Walk &W);
  bool isLoader(const FunctionDecl *Callee, const ASTContext &Ctx);
  Fix pipelineFix(const Stmt *Loop, const VarDecl *Held, const Stmt *Read,
                  Walk &W, std::string &WhyNot);
  bool takeOverRead(const CXXForRangeStmt *Loop, Pipeline &P, Walk &W,
                    std::string &WhyNot);
  bool splitBody(const CXXForRangeStmt *Loop, Pipeline &P, std::string &WhyNot);
  bool checkStages(Pipeline &P, Walk &W, std::string &WhyNot);
  Fix pipelineText(const Pipeline &P, CharSourceRange Whole, Walk &W,
                   std::string &WhyNot);

  /// Functions of the unit known to return a whole stream read into memory.
  llvm::DenseMap<const FunctionDecl *, bool> Loaders;
  const ASTContext *LoadersOf = nullptr;
  const unsigned MaxConcurrency;
  const std::string OrderedOperationsOption;
  const NameList OrderedOperations;
  IncludePlanner Inserter;
};

} // namespace clang::tidy::async

#endif
