//===--- EndScope.cpp - end a block's locals early ------------------------===//

#include "fix/EndScope.h"
#include "model/AsyncModel.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"

namespace clang::tidy::async {
namespace {

/// Whether a block around \p Wrapped could change where a jump goes or
/// what a name other than a variable's means.
bool blockWouldChangeMeaning(llvm::ArrayRef<const Stmt *> Wrapped) {
  bool Changes = false;
  for (const Stmt *S : Wrapped)
    forEachStmtInBody(S, [&](const Stmt *Child) {
      if (isa<LabelStmt, SwitchCase>(Child))
        Changes = true;
      else if (const auto *Declaration = dyn_cast<DeclStmt>(Child))
        Changes = Changes || !llvm::all_of(Declaration->decls(), [](Decl *D) {
                    return isa<VarDecl>(D);
                  });
    });
  return Changes;
}

/// Whether a statement of \p Later uses a variable that \p Wrapped declares.
bool usedLater(llvm::ArrayRef<const Stmt *> Wrapped,
               llvm::ArrayRef<const Stmt *> Later) {
  UseCounts Uses;
  for (const Stmt *S : Later)
    Uses.add(S);
  for (const Stmt *S : Wrapped)
    if (const auto *Declaration = dyn_cast<DeclStmt>(S))
      for (const Decl *D : Declaration->decls())
        if (Uses.of(cast<VarDecl>(D)))
          return true;
  return false;
}

/// The lines of \p Text, a piece of a block indented by \p Indent, as the
/// body of a new block opened at \p Indent (indented by one more \p Unit).
std::string asBlock(llvm::StringRef Text, llvm::StringRef Indent,
                    llvm::StringRef Unit) {
  std::string Inner = (Indent + Unit).str();
  return "{\n" + Inner + reindent(Text, Indent, Inner) + "\n" + Indent.str() +
         "}";
}

} // namespace

Fix endScopeAfter(const CompoundStmt *Block,
                  llvm::ArrayRef<const Stmt *> Wrapped, const ASTContext &Ctx) {
  if (Wrapped.empty())
    return {};
  llvm::ArrayRef<const Stmt *> Body(Block->body_begin(), Block->body_end());
  const auto *Last = llvm::find(Body, Wrapped.back());
  if (Last == Body.end() || blockWouldChangeMeaning(Wrapped) ||
      usedLater(Wrapped, llvm::ArrayRef<const Stmt *>(Last + 1, Body.end())))
    return {};
  for (const Stmt *S : Wrapped)
    if (statementRange(S, Ctx).isInvalid())
      return {};
  CharSourceRange Range = CharSourceRange::getCharRange(
      statementRange(Wrapped.front(), Ctx).getBegin(),
      statementRange(Wrapped.back(), Ctx).getEnd());
  const SourceManager &SM = Ctx.getSourceManager();
  if (!SM.isWrittenInSameFile(Range.getBegin(), Range.getEnd()))
    return {};
  // One level deeper than the block's own lines, as they are indented.
  std::string Indent = indentationOf(Range.getBegin(), Ctx);
  std::string Outer = indentationOf(Block->getLBracLoc(), Ctx);
  llvm::StringRef Unit =
      llvm::StringRef(Indent).starts_with(Outer) && Indent.size() > Outer.size()
          ? llvm::StringRef(Indent).drop_front(Outer.size())
          : "  ";
  llvm::StringRef Text = Lexer::getSourceText(Range, SM, Ctx.getLangOpts());
  return {FixItHint::CreateReplacement(Range, asBlock(Text, Indent, Unit))};
}

} // namespace clang::tidy::async
