//===--- UnboundedFanoutWorkerPool.cpp - asynclint ------------------------===//
//
// The unsafe repair of async-unbounded-fanout for a loop that spawns one
// coroutine per element: a fixed number of workers that share one cursor
// over the range, so at most MaxConcurrency elements are in flight.
//
//===----------------------------------------------------------------------===//

#include "UnboundedFanoutCheck.h"
#include "model/AsyncMatchers.h"
#include "analysis/Ranges.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/QualTypeNames.h"
#include "clang/Lex/Lexer.h"
#include "frameworks/Profiles.h"
#include <algorithm>
#include <optional>

namespace clang::tidy::async {

namespace {
/// The completion handler a spawn passes after its work, if any (defaulted
/// arguments, such as Asio's constraints, are not written).
const Expr *completionHandler(const CallExpr *Spawn, const Expr *Work) {
  llvm::ArrayRef<const Expr *> Args = writtenArguments(Spawn);
  for (size_t I = 0; I + 1 < Args.size(); ++I)
    if (stripImplicit(Args[I]) == Work)
      return I + 2 == Args.size() ? Args[I + 1] : nullptr;
  return nullptr;
}

/// A range the fix may evaluate again: a variable of class type.
bool isNamedContainer(const Expr *Range) {
  const auto *Ref =
      Range ? dyn_cast<DeclRefExpr>(Range->IgnoreParenImpCasts()) : nullptr;
  return Ref && isa<VarDecl>(Ref->getDecl()) && recordOf(Ref->getType());
}

bool containsLambda(const Stmt *S) {
  bool Found = isa<LambdaExpr>(S);
  // The walker does not enter lambdas: look for them among the children of
  // what it visits.
  forEachStmtInBody(S, [&](const Stmt *Child) {
    Found = Found || llvm::any_of(Child->children(), [](const Stmt *C) {
              return isa_and_nonnull<LambdaExpr>(C);
            });
  });
  return Found;
}
} // namespace

/// Rewrites `for (decl : range) spawn(..., work(decl), handler);` followed
/// by a join into a fixed number of workers that share one cursor over the
/// range: each worker awaits one element's work before taking the next, so
/// at most MaxConcurrency run at once; the workers are spawned with the
/// original executor and handler, so the join still waits for them and
/// still sees their failures.
Fix UnboundedFanoutCheck::workerPoolFix(const CallExpr *Spawn, const Stmt *Loop,
                                        Walk &W, std::string &WhyNot) {
  auto No = [&](llvm::StringRef Why) {
    WhyNot = Why.str();
    return Fix();
  };
  // A range-for, or a loop pulling each element into the variable its
  // condition declares (`while (auto line = source.next())`).
  const auto *For = dyn_cast<CXXForRangeStmt>(Loop);
  const auto *While = dyn_cast<WhileStmt>(Loop);
  const VarDecl *Element = For     ? For->getLoopVariable()
                           : While ? While->getConditionVariable()
                                   : nullptr;
  if (!Element)
    return No("only a range-for, or a while loop declaring each element in "
              "its condition, is rewritten into workers");
  const auto *Only = dyn_cast_or_null<Expr>(
      soleStatement(For ? For->getBody() : While->getBody()));
  if (!Only || stripImplicit(Only) != Spawn)
    return No("the loop does more than spawn one task per element");
  if (!isCoroutine(W.FD))
    return No("only a coroutine can wait for a pool of workers");
  const Expr *Work = Model.taskArgumentOf(Spawn);
  if (!Work || !isa<CallExpr>(Work) || containsLambda(Work))
    return No("the spawned work is not a plain call creating a task");
  QualType Value = taskValueType(Work->getType());
  if (Value.isNull() || !Value->isVoidType())
    return No("the spawned task's result goes to its completion handler");
  if (isa<DecompositionDecl>(Element) ||
      llvm::any_of(Spawn->arguments(), [&](const Expr *Arg) {
        return stripImplicit(Arg) != Work && mentions(Arg, Element);
      }))
    return No("the spawn's other arguments use the element");
  if (For && !isNamedContainer(For->getRangeInit()))
    return No("the range is not a named container");
  // Workers take turns pulling: each pull must finish before another
  // worker can run, so it may not suspend.
  bool PullSuspends = false;
  if (While)
    for (const Stmt *Pull : {static_cast<const Stmt *>(Element->getInit()),
                             static_cast<const Stmt *>(While->getCond())})
      forEachStmtInBody(Pull, [&](const Stmt *S) {
        PullSuspends = PullSuspends || isAwaitExpr(S);
      });
  if (PullSuspends)
    return No("the loop's condition suspends");
  const Expr *Awaited = joinAwaited(Spawn, Work, Loop, W);
  if (!Awaited)
    return No("nothing right after the loop waits for the spawned tasks, "
              "so workers could outlive the range");
  if (isInInstantiation(W.FD))
    return No("the loop is in a template instantiation");
  CharSourceRange Whole = fixableRange(Loop->getSourceRange(), W.Ctx);
  CharSourceRange SpawnRange = fixableRange(Spawn->getSourceRange(), W.Ctx);
  CharSourceRange WorkRange = fixableRange(Work->getSourceRange(), W.Ctx);
  if (Whole.isInvalid() || SpawnRange.isInvalid() || WorkRange.isInvalid())
    return No("the loop is written in a macro");
  if (!W.Ctx.getLangOpts().CXXExceptions)
    return No("exceptions are disabled, and the workers catch failures");
  // Workers stop at the first failure: right only when the caller hears of
  // it. When failures are only logged, the original went on with the rest of
  // the input, which a pool can only do by calling the handler differently.
  auto FunctionUses = [&]() -> const UseCounts & {
    if (!W.Uses)
      W.Uses.emplace(W.FD->getBody());
    return *W.Uses;
  };
  if (!joinRethrowsHandlerFailures(
          completionHandler(Spawn, Work), Awaited,
          W.NextStatement.lookup(W.NextStatement.lookup(Loop)), W.FD,
          FunctionUses))
    return No("the join does not rethrow the failures the completion "
              "handler is given; workers that stop at a failure would skip "
              "the rest of the input unnoticed");
  return workerPoolText(Spawn, Loop, Element, Work, W);
}

Fix UnboundedFanoutCheck::workerPoolText(const CallExpr *Spawn,
                                         const Stmt *Loop,
                                         const VarDecl *Element,
                                         const Expr *Work, Walk &W) {
  const SourceManager &SM = W.Ctx.getSourceManager();
  if (!W.Names)
    W.Names.emplace(W.FD);
  std::string Indent = indentationOf(Loop->getBeginLoc(), W.Ctx);
  llvm::StringRef WorkText = sourceText(Work->getSourceRange(), W.Ctx);
  // What each worker runs: the loop again, over a shared cursor for a
  // range-for, or over the same pull for a while loop, until the range ends
  // or an element fails. A failed element sets the flag before its failure
  // goes on to the handler, so no worker takes another element.
  std::string Cursor, Take, More;
  std::string Line = "\n" + Indent + "    ";
  if (const auto *For = dyn_cast<CXXForRangeStmt>(Loop)) {
    Cursor = W.Names->take("next");
    std::string Range =
        sourceText(For->getRangeInit()->getSourceRange(), W.Ctx).str();
    More = " && " + Cursor + " != " + Range + ".end()";
    Take = sourceText({Element->getBeginLoc(), Element->getLocation()}, W.Ctx)
               .str() +
           " = *" + Cursor + "++;";
    Cursor = "auto " + Cursor + " = " + Range + ".begin();\n" + Indent;
  } else {
    Take = sourceText(Element->getSourceRange(), W.Ctx).str() + ";" + Line +
           "if (!" + Element->getName().str() + ")" + Line + "  break;";
  }
  std::string Failed = W.Names->take("failed");
  std::string WorkerLoop = "while (!" + Failed + More + ") {" + Line + Take +
                           Line + "try {" + Line + "  co_await " +
                           WorkText.str() + ";" + Line + "} catch (...) {" +
                           Line + "  " + Failed + " = true;" + Line +
                           "  throw;" + Line + "}\n" + Indent + "  }";
  Cursor += "bool " + Failed + " = false;\n" + Indent;
  std::string Worker = W.Names->take("worker");
  std::string Index = W.Names->take("i");
  PrintingPolicy Policy(W.Ctx.getLangOpts());
  std::string TaskType =
      TypeName::getFullyQualifiedName(Work->getType(), W.Ctx, Policy);

  // The spawn as written, with the element's work replaced by a worker.
  CharSourceRange SpawnRange = fixableRange(Spawn->getSourceRange(), W.Ctx);
  CharSourceRange WorkRange = fixableRange(Work->getSourceRange(), W.Ctx);
  unsigned SpawnBegin = SM.getFileOffset(SpawnRange.getBegin());
  llvm::StringRef SpawnText =
      Lexer::getSourceText(SpawnRange, SM, W.Ctx.getLangOpts());
  unsigned WorkBegin = SM.getFileOffset(WorkRange.getBegin()) - SpawnBegin;
  unsigned WorkEnd = SM.getFileOffset(WorkRange.getEnd()) - SpawnBegin;

  // The loop's comments go before the workers, but for those in the text
  // the workers copy.
  CharSourceRange Whole = fixableRange(Loop->getSourceRange(), W.Ctx);
  llvm::SmallVector<CharSourceRange, 3> Copied{
      SpawnRange, fixableRange(Element->getSourceRange(), W.Ctx)};
  if (const auto *For = dyn_cast<CXXForRangeStmt>(Loop))
    Copied.push_back(
        fixableRange(For->getRangeInit()->getSourceRange(), W.Ctx));
  std::string Text = hoistedComments(Whole, Copied, Indent, W.Ctx);
  std::string Launch = SpawnText.substr(0, WorkBegin).str() + Worker + "()" +
                       SpawnText.substr(WorkEnd).str();
  Fix Hints;
  // Asio may run the workers on several threads: a strand makes the shared
  // cursor safe.
  // (co_spawn's executor or context comes first, before the work.)
  if (isAsio(Spawn->getDirectCallee()) && Spawn->getNumArgs() > 1 &&
      stripImplicit(Spawn->getArg(0)) != Work) {
    std::string NS = asioNamespaceOf(Spawn->getDirectCallee());
    std::string Strand = W.Names->take("strand");
    CharSourceRange ExecutorRange =
        fixableRange(Spawn->getArg(0)->getSourceRange(), W.Ctx);
    if (ExecutorRange.isInvalid())
      return {};
    unsigned ExecutorBegin =
        SM.getFileOffset(ExecutorRange.getBegin()) - SpawnBegin;
    unsigned ExecutorEnd =
        SM.getFileOffset(ExecutorRange.getEnd()) - SpawnBegin;
    Text += "auto " + Strand + " = " + NS + "::make_strand(" +
            SpawnText.slice(ExecutorBegin, ExecutorEnd).str() + ");\n" + Indent;
    Launch = SpawnText.substr(0, ExecutorBegin).str() + Strand +
             SpawnText.slice(ExecutorEnd, WorkBegin).str() + Worker + "()" +
             SpawnText.substr(WorkEnd).str();
    if (lookupQualified(W.Ctx, NS + "::make_strand").empty())
      if (auto Include = Inserter.createIncludeInsertion(
              SM.getFileID(Loop->getBeginLoc()),
              NS == "asio" ? "<asio/strand.hpp>" : "<boost/asio/strand.hpp>"))
        Hints.push_back(*Include);
  }
  const Stmt *Body = isa<WhileStmt>(Loop)
                         ? cast<WhileStmt>(Loop)->getBody()
                         : cast<CXXForRangeStmt>(Loop)->getBody();
  Text += Cursor + "auto " + Worker + " = [&]() -> " + TaskType + " {\n" +
          Indent + "  " + WorkerLoop + "\n" + Indent + "};\n" + Indent +
          "for (int " + Index + " = 0; " + Index + " < " +
          std::to_string(MaxConcurrency) + "; ++" + Index + ")\n" + Indent +
          "  " + Launch + (isa<CompoundStmt>(Body) ? ";" : "");
  Hints.insert(Hints.begin(), FixItHint::CreateReplacement(Whole, Text));
  return Hints;
}

} // namespace clang::tidy::async
