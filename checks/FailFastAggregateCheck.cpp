//===--- FailFastAggregateCheck.cpp - asynclint ---------------------------===//

#include "FailFastAggregateCheck.h"
#include "AsyncMatchers.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"

using namespace clang::ast_matchers;

namespace clang::tidy::async {

namespace {
constexpr llvm::StringRef FailFastJoinsOpt = "FailFastJoins";
constexpr llvm::StringRef SettledJoinOpt = "SettledJoin";

/// True when the handler lets the failure go on (`throw;` or a new throw).
bool rethrows(const CXXCatchStmt *Handler) {
  bool Found = false;
  forEachStmtInBody(Handler->getHandlerBlock(), [&](const Stmt *S) {
    Found = Found || isa<CXXThrowExpr>(S);
  });
  return Found;
}

/// Whether a join starts several operations: two or more arguments, or one
/// container of tasks (a single task joins nothing).
bool joinsSeveral(const CallExpr *Join, AsyncModel &Model) {
  if (Join->getNumArgs() >= 2)
    return true;
  return Join->getNumArgs() == 1 &&
         Model.classify(Join->getArg(0)->getType()) == AsyncKind::None;
}
} // namespace

FailFastAggregateCheck::FailFastAggregateCheck(llvm::StringRef Name,
                                               ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context),
      FailFastJoinsOption(Options.get(FailFastJoinsOpt, "rt::when_all")),
      FailFastJoins(FailFastJoinsOption),
      SettledJoin(Options.get(SettledJoinOpt, "rt::when_all_settled")) {}

void FailFastAggregateCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, FailFastJoinsOpt, FailFastJoinsOption);
  Options.store(Opts, SettledJoinOpt, SettledJoin);
}

void FailFastAggregateCheck::registerMatchers(MatchFinder *Finder) {
  Finder->addMatcher(userCoroutineDefinition(), this);
}

void FailFastAggregateCheck::check(const MatchFinder::MatchResult &Result) {
  const auto *FD = Result.Nodes.getNodeAs<FunctionDecl>("function");
  Model.bind(*Result.Context);
  if (isInInstantiation(FD))
    return;
  forEachStmtInBody(userBody(FD), [&](const Stmt *S) {
    if (const auto *Try = dyn_cast<CXXTryStmt>(S))
      checkTry(Try);
  });
}

const CallExpr *FailFastAggregateCheck::failFastJoin(const Stmt *S) {
  const auto *Await = dyn_cast<CoawaitExpr>(S);
  const auto *Join =
      Await ? dyn_cast<CallExpr>(stripImplicit(Await->getOperand())) : nullptr;
  return Join && FailFastJoins.containsCall(Join) && joinsSeveral(Join, Model)
             ? Join
             : nullptr;
}

void FailFastAggregateCheck::checkTry(const CXXTryStmt *Try) {
  // The shape: the joined results are used inside the try, and a handler
  // that does not rethrow turns the failure into the function's answer.
  const CXXCatchStmt *Swallowing = nullptr;
  for (unsigned I = 0; I < Try->getNumHandlers() && !Swallowing; ++I) {
    const CXXCatchStmt *Handler = Try->getHandler(I);
    const auto *Block = dyn_cast<CompoundStmt>(Handler->getHandlerBlock());
    if (Block && !Block->body_empty() && !rethrows(Handler))
      Swallowing = Handler;
  }
  if (!Swallowing)
    return;
  const CallExpr *Join = nullptr;
  forEachStmtInBody(Try->getTryBlock(), [&](const Stmt *S) {
    if (!Join)
      Join = failFastJoin(S);
  });
  if (!Join)
    return;
  diag(Join->getBeginLoc(),
       "'%0' fails as a whole when one operation fails, and the handler turns "
       "that failure into a result: the outcomes of every operation that "
       "succeeded are lost; use the all-settled form ('%1') and report each "
       "item")
      << Join->getDirectCallee()->getName() << SettledJoin;
  diag(Swallowing->getBeginLoc(), "the failure is handled here as a whole",
       DiagnosticIDs::Note);
}

} // namespace clang::tidy::async
