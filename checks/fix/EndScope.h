//===--- EndScope.h - end a block's locals early ----------------*- C++ -*-===//
//
// Some fixes end the life of a local before a later statement (a lock guard
// before an await): the statements from its declaration up to that
// statement move into a block of their own. The rewrite is syntactic; it is
// refused where the new block would change what the code means.
//
//===----------------------------------------------------------------------===//

#ifndef ASYNCLINT_CHECKS_FIX_ENDSCOPE_H
#define ASYNCLINT_CHECKS_FIX_ENDSCOPE_H

#include "fix/FixUtils.h"
#include "clang/AST/Stmt.h"

namespace clang::tidy::async {

/// Wraps the statements \p Wrapped (consecutive statements of \p Block)
/// in a new block, indented one level deeper, so that what they declare is
/// destroyed before the statements after them run. Empty when the block
/// would hide a name that a later statement of \p Block (nested lambdas
/// included) uses, when the statements declare anything but variables or
/// hold a label or a `case`, or when an end of a statement is spelled in a
/// macro.
Fix endScopeAfter(const CompoundStmt *Block,
                  llvm::ArrayRef<const Stmt *> Wrapped, const ASTContext &Ctx);

} // namespace clang::tidy::async

#endif
