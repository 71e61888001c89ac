//===--- EagerStreamCheck.cpp - asynclint ---------------------------------===//

#include "EagerStreamCheck.h"
#include "model/AsyncMatchers.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "clang/AST/TypeLoc.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Lex/Lexer.h"
#include "analysis/StreamReads.h"
#include <optional>

using namespace clang::ast_matchers;

namespace clang::tidy::async {

namespace {
constexpr llvm::StringRef MaxConcurrencyOpt = "MaxConcurrency";
constexpr llvm::StringRef OrderedOperationsOpt = "OrderedOperations";

} // namespace

EagerStreamCheck::EagerStreamCheck(llvm::StringRef Name,
                                   ClangTidyContext *Context)
    : AsyncCheck(Name, Context),
      MaxConcurrency(Options.get(MaxConcurrencyOpt, 8U)),
      OrderedOperationsOption(
          Options.get(OrderedOperationsOpt, DefaultOrderedOperations)),
      OrderedOperations(OrderedOperationsOption),
      Inserter(Options.getLocalOrGlobal("IncludeStyle",
                                        utils::IncludeSorter::IS_LLVM),
               areDiagsSelfContained()) {}

void EagerStreamCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, MaxConcurrencyOpt, MaxConcurrency);
  Options.store(Opts, OrderedOperationsOpt, OrderedOperationsOption);
  Options.store(Opts, "IncludeStyle", Inserter.getStyle());
}

void EagerStreamCheck::registerPPCallbacks(const SourceManager &,
                                           Preprocessor *PP, Preprocessor *) {
  Inserter.registerPreprocessor(PP);
}

void EagerStreamCheck::registerMatchers(MatchFinder *Finder) {
  Finder->addMatcher(userCoroutineDefinition(), this);
}

void EagerStreamCheck::check(const MatchFinder::MatchResult &Result) {
  const auto *FD = Result.Nodes.getNodeAs<FunctionDecl>("function");
  if (!enterFunction(FD, *Result.Context))
    return;
  Walk W(*Result.Context, FD);
  // Statements are visited in source order, so a read is recorded before
  // the loops that come after it, and a block before its statements.
  forEachStmtInBody(userBody(FD), [&](const Stmt *S) {
    if (const auto *Block = dyn_cast<CompoundStmt>(S)) {
      unsigned Index = 0;
      for (const Stmt *Child : Block->body())
        W.Position.try_emplace(Child, Block, Index++);
      return;
    }
    if (isa<ForStmt, WhileStmt, DoStmt, CXXForRangeStmt>(S)) {
      if (const VarDecl *Target = readLoopTarget(S, W.Ctx))
        W.Reads.try_emplace(Target, S);
      else
        checkIteration(S, W);
      return;
    }
    if (const VarDecl *Target = wholeReadTarget(S)) {
      W.Reads.try_emplace(Target, S);
      return;
    }
    // `auto rows = load_rows(path);` over a loader of the program, also
    // what is made of its result (`split_lines(slurp(path))`).
    if (const auto *Decl = dyn_cast<DeclStmt>(S))
      for (const auto *D : Decl->decls())
        if (const auto *Var = dyn_cast<VarDecl>(D);
            Var && Var->hasLocalStorage() && Var->getInit() &&
            recordOf(Var->getType()))
          forEachStmtInBody(Var->getInit(), [&](const Stmt *Child) {
            const auto *Call = dyn_cast<CallExpr>(Child);
            if (Call && isLoader(Call->getDirectCallee(), W.Ctx))
              W.Reads.try_emplace(Var, S);
          });
    // What is derived from the whole content holds it too:
    // `std::istringstream lines(text)`, `auto words = split(text)`.
    if (const auto *Decl = dyn_cast<DeclStmt>(S); Decl && !W.Reads.empty())
      for (const auto *D : Decl->decls())
        if (const auto *Var = dyn_cast<VarDecl>(D);
            Var && Var->getInit() && recordOf(Var->getType()))
          forEachStmtInBody(Var->getInit(), [&](const Stmt *Child) {
            const auto *Ref = dyn_cast<DeclRefExpr>(Child);
            const auto *Source =
                Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
            if (auto It = W.Reads.find(Source); Source && It != W.Reads.end())
              W.Reads.try_emplace(Var, It->second);
          });
  });
}

bool EagerStreamCheck::isLoader(const FunctionDecl *Callee,
                                const ASTContext &Ctx) {
  if (!Callee)
    return false;
  if (LoadersOf != &Ctx) {
    Loaders.clear();
    LoadersOf = &Ctx;
  }
  auto [It, New] = Loaders.try_emplace(Callee->getCanonicalDecl(), false);
  if (New)
    It->second = loadsWholeStream(Callee, Ctx);
  return It->second;
}

void EagerStreamCheck::checkIteration(const Stmt *Loop, Walk &W) {
  if (W.Reads.empty())
    return;
  auto [Head, Body] = loopParts(Loop);
  if (const auto *For = dyn_cast<ForStmt>(Loop); For && For->getInit())
    Head = Head ? Head : For->getInit();
  const VarDecl *Held = nullptr;
  const Stmt *Read = nullptr;
  forEachStmtInBody(Head, [&](const Stmt *S) {
    const auto *Ref = dyn_cast<DeclRefExpr>(S);
    const auto *Var = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
    if (auto It = W.Reads.find(Var); Var && !Held && It != W.Reads.end()) {
      Held = Var;
      Read = It->second;
    }
  });
  if (!Held)
    return;
  const Stmt *Await = nullptr;
  forEachStmtInBody(Body, [&](const Stmt *S) {
    if (!Await && isAwaitExpr(S))
      Await = S;
  });
  if (!Await)
    return;
  std::string WhyNot = inInstantiation() ? TemplateNoFix.str() : "";
  Fix Rewrite =
      WhyNot.empty() ? pipelineFix(Loop, Held, Read, W, WhyNot) : Fix();
  diag(Await->getBeginLoc(),
       "awaits once per element of '%0', which holds the whole stream read "
       "beforehand: memory grows with the input and the first element waits "
       "for the last one to be read; pull the elements through an async "
       "generator pipeline instead%1")
      << Held->getName() << (WhyNot.empty() ? "" : " (no fix: " + WhyNot + ")");
  diag(Read->getBeginLoc(), "the whole stream is read into memory here",
       DiagnosticIDs::Note);
  noteUnsafeFix(Await->getBeginLoc(), Rewrite,
                "reading now overlaps the per-element work, so the first "
                "elements are processed before a later read error shows");
}

} // namespace clang::tidy::async
