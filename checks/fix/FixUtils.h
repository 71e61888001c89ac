//===--- FixUtils.h - building safe fix-its ---------------------*- C++ -*-===//
//
// Every fix goes through these helpers, which refuse to touch code that is
// spelled inside a macro expansion: such code is diagnosed without a fix.
//
//===----------------------------------------------------------------------===//

#ifndef ASYNCLINT_CHECKS_FIXUTILS_H
#define ASYNCLINT_CHECKS_FIXUTILS_H

#include "clang/AST/ASTContext.h"
#include "clang/AST/Expr.h"
#include "clang/Basic/Diagnostic.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringSet.h"
#include <string>

namespace clang::tidy::async {

using Fix = llvm::SmallVector<FixItHint, 2>;

/// The file range of \p Node's tokens, or an invalid range when any end of
/// it comes from a macro expansion.
CharSourceRange fixableRange(SourceRange Range, const ASTContext &Ctx);

/// The file range of statement \p S with the `;` that ends it (an
/// expression statement's range stops before it), or an invalid range when
/// any end of it comes from a macro expansion.
CharSourceRange statementRange(const Stmt *S, const ASTContext &Ctx);

/// Where the `//` comment lines directly above the line of \p Loc begin
/// (what a declaration starting at \p Loc says about itself), or \p Loc.
SourceLocation leadingComments(SourceLocation Loc, const ASTContext &Ctx);

/// \p Text, a piece of source that started on a line indented by \p From,
/// with its later lines indented by \p To instead.
std::string reindent(llvm::StringRef Text, llvm::StringRef From,
                     llvm::StringRef To);

/// Surrounds \p E with \p Prefix and \p Suffix; empty when not fixable.
Fix wrapFix(const Expr *E, llvm::StringRef Prefix, llvm::StringRef Suffix,
            const ASTContext &Ctx);

/// Replaces the tokens of \p E with \p Text; empty when not fixable.
Fix replaceFix(const Expr *E, llvm::StringRef Text, const ASTContext &Ctx);

/// The source text of \p Range as written.
llvm::StringRef sourceText(SourceRange Range, const ASTContext &Ctx);

/// True when a comment starts inside \p Range (a rewrite that rebuilds the
/// range from its pieces would drop it).
bool hasComments(CharSourceRange Range, const ASTContext &Ctx);

/// The comments that start inside \p Range but outside every range of
/// \p Kept (text a rewrite copies as written), each on its own line and
/// followed by a newline and \p Indent: a rewrite that rebuilds \p Range
/// puts them before its text rather than drop them.
std::string hoistedComments(CharSourceRange Range,
                            llvm::ArrayRef<CharSourceRange> Kept,
                            llvm::StringRef Indent, const ASTContext &Ctx);

/// The blanks that start the line \p Loc is on, to indent inserted lines.
std::string indentationOf(SourceLocation Loc, const ASTContext &Ctx);

/// True inside a template instantiation (where a fix would be applied to the
/// pattern shared by every instantiation).
bool isInInstantiation(const Decl *D);

/// Names a fix may introduce into a function without shadowing or
/// colliding with a name the function declares or refers to.
class FreshNames {
public:
  /// Collects the parameters of \p FD and every name its body (nested
  /// lambdas included) declares or refers to; one pass over the body.
  explicit FreshNames(const FunctionDecl *FD);
  /// \p Base, or \p Base with the first free numeric suffix; the name is
  /// then taken.
  std::string take(llvm::StringRef Base);

private:
  llvm::StringSet<> Used;
  /// Per base, the suffix to try first: names are never given back, so the
  /// search resumes where it stopped (many fixes in a function stay linear).
  llvm::StringMap<unsigned> NextSuffix;
};

} // namespace clang::tidy::async

#endif
