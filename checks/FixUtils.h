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

/// The blanks that start the line \p Loc is on, to indent inserted lines.
std::string indentationOf(SourceLocation Loc, const ASTContext &Ctx);

/// Every identifier spelled in \p Range (raw tokens: names of variables,
/// types, macros, members alike).
llvm::StringSet<> identifiersIn(SourceRange Range, const ASTContext &Ctx);

/// \p Base, or \p Base followed by the smallest number from 2 up, that is
/// not in \p Taken; the result is added to \p Taken. A name no token of a
/// function (parameters included) spells can be declared anywhere in its
/// body without clashing with or hiding anything the function uses.
std::string freshName(llvm::StringRef Base, llvm::StringSet<> &Taken);

/// True inside a template instantiation (where a fix would be applied to the
/// pattern shared by every instantiation).
bool isInInstantiation(const Decl *D);

} // namespace clang::tidy::async

#endif
