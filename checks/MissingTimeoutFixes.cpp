//===--- MissingTimeoutFixes.cpp - asynclint ------------------------------===//
//
// The repairs of async-missing-timeout: a deadline on an await (the
// configured timeout wrapper, or an Asio race with a timer), a check of the
// coroutine's cancellation state in a retry loop, and a thread sleep that a
// stop request wakes.
//
//===----------------------------------------------------------------------===//

#include "MissingTimeoutCheck.h"
#include "clang/AST/ExprCXX.h"
#include "clang/Lex/Lexer.h"

namespace clang::tidy::async {

namespace {
/// The statements of \p Loop's body, when it is a block.
const CompoundStmt *loopBlock(const Stmt *Loop) {
  return dyn_cast_or_null<CompoundStmt>(loopBodyOf(Loop));
}

/// The names and text of one operation raced against a timer.
struct Race {
  std::string Timer, Result, Operation, OperationName;
};

/// Declares the timer, races \p R's operation against it and throws
/// `timed_out` when the timer wins; the last statement lacks its `;`.
std::string raceStatements(const Race &R, const AsioSpelling &Asio,
                           llvm::StringRef Timeout, llvm::StringRef Indent) {
  const std::string &NS = Asio.Namespace;
  return NS + "::steady_timer " + R.Timer + "(co_await " + NS +
         "::this_coro::executor, " + Timeout.str() + ");\n" + Indent.str() +
         "auto " + R.Result + " = co_await (" + R.Operation + " || " + R.Timer +
         ".async_wait(" + NS + "::use_awaitable));\n" + Indent.str() + "if (" +
         R.Result + ".index() == 1)\n" + Indent.str() + "  throw " +
         Asio.SystemError + "(" + NS + "::error::timed_out, \"" +
         R.OperationName + "\")";
}
} // namespace

std::string MissingTimeoutCheck::timeoutText(const FunctionDecl *FD) const {
  // Spell the timeout the way the file already spells durations.
  if (!seesUsingDirective(FD, {"chrono_literals", "literals", "chrono"}))
    return "std::chrono::milliseconds(" + std::to_string(DefaultTimeoutMs) +
           ")";
  return DefaultTimeoutMs % 1000 == 0
             ? std::to_string(DefaultTimeoutMs / 1000) + "s"
             : std::to_string(DefaultTimeoutMs) + "ms";
}

Fix MissingTimeoutCheck::timeoutFix(const Expr *Operation,
                                    const FunctionDecl *FD, ASTContext &Ctx) {
  const CXXRecordDecl *Promise = Model.promiseOfCoroutine(FD);
  bool Known = llvm::any_of(
      lookupQualified(Ctx, TimeoutFunction),
      [&](const NamedDecl *Timeout) { return sameLibrary(Timeout, Promise); });
  if (!Known)
    return {};
  std::string Suffix = ", " + timeoutText(FD);
  if (const ParmVarDecl *Token = stopTokenParameter(FD))
    Suffix += ", " + Token->getName().str();
  return wrapFix(Operation, TimeoutFunction + "(", Suffix + ")", Ctx);
}

Fix MissingTimeoutCheck::raceWithTimerFix(const CoawaitExpr *Await,
                                          const CallExpr *Operation,
                                          const Stmt *Statement,
                                          FunctionFixes &Fixes,
                                          ASTContext &Ctx) {
  // The race is written in front of the statement, whose await becomes the
  // operation's alternative of the result; a void result can only be
  // dropped.
  const FunctionDecl *FD = Fixes.Function;
  const CXXRecordDecl *Promise = Model.promiseOfCoroutine(FD);
  if (!Statement || !isDefaultExecutorAwaitable(Operation->getType()) ||
      asioNamespaceOf(recordOf(Operation->getType())) !=
          asioNamespaceOf(Promise))
    return {};
  bool Dropped =
      isa<Expr>(Statement) && stripImplicit(cast<Expr>(Statement)) == Await;
  if (Await->getType()->isVoidType() && !Dropped)
    return {};
  CharSourceRange Whole =
      fixableRange({Statement->getBeginLoc(), Await->getEndLoc()}, Ctx);
  CharSourceRange Lead =
      fixableRange({Statement->getBeginLoc(), Await->getBeginLoc()}, Ctx);
  CharSourceRange Op = fixableRange(Operation->getSourceRange(), Ctx);
  if (Whole.isInvalid() || Lead.isInvalid() || Op.isInvalid() ||
      Await->getBeginLoc().isMacroID())
    return {};

  if (!Fixes.Names)
    Fixes.Names.emplace(FD);
  Race R{
      Fixes.Names->take("deadline"), Fixes.Names->take("first"),
      Lexer::getSourceText(Op, Ctx.getSourceManager(), Ctx.getLangOpts()).str(),
      Operation->getDirectCallee()->getName().str()};
  AsioSpelling Asio = asioSpellingOf(Promise);
  std::string Indent = indentationOf(Statement->getBeginLoc(), Ctx);
  std::string Text = raceStatements(R, Asio, timeoutText(FD), Indent);
  // The statement keeps its own `;`; a dropped result needs nothing more,
  // else the statement follows with the operation's alternative in place of
  // the await ("T v = ", "co_return " kept as written).
  if (!Dropped)
    Text += ";\n" + Indent +
            sourceText({Statement->getBeginLoc(), Await->getBeginLoc()}, Ctx)
                .drop_back(Lexer::MeasureTokenLength(Await->getBeginLoc(),
                                                     Ctx.getSourceManager(),
                                                     Ctx.getLangOpts()))
                .str() +
            "std::get<0>(std::move(" + R.Result + "))";

  // Each fix brings the operators into its own block, so that it compiles
  // on its own, whichever of the function's fixes are applied.
  if (!Fixes.OperatorsInScope)
    Text = "using namespace " + Asio.OperatorsNamespace + ";\n" + Indent + Text;
  Fix Hints{FixItHint::CreateReplacement(Whole, Text)};
  addIncludes(Hints, Whole.getBegin(), {Asio.OperatorsHeader, "<variant>"},
              Ctx);
  return Hints;
}

Fix MissingTimeoutCheck::cancellationCheckFix(const Stmt *Loop,
                                              const CXXTryStmt *Attempt,
                                              const FunctionDecl *FD,
                                              ASTContext &Ctx) {
  // The check goes right after the failed attempt, before any back-off, so
  // it needs the attempt to be a statement of the loop's own block.
  const CompoundStmt *Block = loopBlock(Loop);
  const CXXRecordDecl *Promise = Model.promiseOfCoroutine(FD);
  if (!isAsio(Promise) || !Block ||
      !llvm::is_contained(Block->body(), Attempt) ||
      fixableRange(Attempt->getSourceRange(), Ctx).isInvalid())
    return {};
  AsioSpelling Asio = asioSpellingOf(Promise);
  // Only what this unit declares: the fix must compile.
  if (lookupQualified(Ctx, Asio.Namespace + "::this_coro::cancellation_state")
          .empty() ||
      lookupQualified(Ctx, Asio.Namespace + "::cancellation_type").empty())
    return {};
  std::string Indent = indentationOf(Attempt->getBeginLoc(), Ctx);
  SourceLocation After = Lexer::getLocForEndOfToken(
      Attempt->getEndLoc(), 0, Ctx.getSourceManager(), Ctx.getLangOpts());
  return {FixItHint::CreateInsertion(
      After, "\n" + Indent + "if ((co_await " + Asio.Namespace +
                 "::this_coro::cancellation_state).cancelled() != " +
                 Asio.Namespace + "::cancellation_type::none)\n" + Indent +
                 "  throw " + Asio.SystemError + "(" + Asio.Namespace +
                 "::error::operation_aborted);")};
}

void MissingTimeoutCheck::addIncludes(
    Fix &Hints, SourceLocation In,
    std::initializer_list<llvm::StringRef> Headers, ASTContext &Ctx) {
  FileID File = Ctx.getSourceManager().getFileID(In);
  for (llvm::StringRef Header : Headers)
    if (auto Include = Inserter.createIncludeInsertion(File, Header))
      Hints.push_back(*Include);
}

/// `std::this_thread::sleep_for(d);` becomes a wait on a condition variable
/// that the stop token interrupts and nothing else wakes: the same sleep,
/// cut short by a stop request.
Fix MissingTimeoutCheck::stopWakesSleepFix(const CallExpr *Sleep,
                                           const ValueDecl *Token,
                                           const FunctionDecl *FD,
                                           std::optional<SleepNames> &Names,
                                           ASTContext &Ctx) {
  const FunctionDecl *Callee = Sleep->getDirectCallee();
  const SourceManager &SM = Ctx.getSourceManager();
  if (!isStopToken(Token->getType()) || Sleep->getNumArgs() != 1 ||
      !isInStdLibrary(Callee) ||
      !SM.isBeforeInTranslationUnit(Token->getLocation(),
                                    Sleep->getBeginLoc()))
    return {};
  CharSourceRange Whole = statementRange(Sleep, Ctx);
  CharSourceRange Argument =
      fixableRange(Sleep->getArg(0)->getSourceRange(), Ctx);
  if (Whole.isInvalid() || Argument.isInvalid())
    return {};
  if (!Names) {
    FreshNames Fresh(FD);
    Names = SleepNames{Fresh.take("sleep_mutex"), Fresh.take("sleep_lock")};
  }
  std::string Indent = indentationOf(Sleep->getBeginLoc(), Ctx);
  llvm::StringRef Wait =
      Callee->getName() == "sleep_for" ? "wait_for" : "wait_until";
  Fix Hints{FixItHint::CreateReplacement(
      Whole,
      ("{\n" + Indent + "  std::mutex " + Names->Mutex + ";\n" + Indent +
       "  std::unique_lock<std::mutex> " + Names->Lock + "(" + Names->Mutex +
       ");\n" + Indent + "  std::condition_variable_any()." + Wait + "(" +
       Names->Lock + ", " + Token->getName() + ", " +
       Lexer::getSourceText(Argument, SM, Ctx.getLangOpts()) +
       ", [] { return false; });\n" + Indent + "}")
          .str())};
  addIncludes(Hints, Sleep->getBeginLoc(), {"<condition_variable>", "<mutex>"},
              Ctx);
  return Hints;
}

} // namespace clang::tidy::async
