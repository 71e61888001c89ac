//===--- Custody.h - what a function does with a callable --------*- C++
//-*-===//
//
// A coroutine lambda reads its captures through its closure. Handed to a
// function as a temporary, the closure lives as long as that function keeps
// it: a library that owns it until the work finishes (`co_invoke`,
// `co_spawn`), a coroutine that takes it by value into its frame, a
// registry that stores it, or nobody once it has been called (a
// continuation, a detached runner). This answers which, from the function's
// body where the project wrote it.
//
//===----------------------------------------------------------------------===//

#ifndef ASYNCLINT_CHECKS_ANALYSIS_CUSTODY_H
#define ASYNCLINT_CHECKS_ANALYSIS_CUSTODY_H

#include "model/AsyncModel.h"
#include "clang/AST/Decl.h"

namespace clang::tidy::async {

/// What a function does with a callable it is handed.
enum class Custody {
  Kept,    ///< holds it until its work is done, or stores it
  Dropped, ///< calls it and lets the resulting work outlive the call
  Unknown, ///< its body says neither
};

/// What decides custody besides the project's bodies.
struct CustodyRules {
  const NameList &Keepers; ///< keep their callable alive (`co_invoke`)
  const NameList &Spawns;  ///< start work that outlives them
  const NameList &Bridges; ///< block until what they are handed finishes
  /// Whether a call hands back the work it starts (its future or task).
  llvm::function_ref<bool(const CallExpr *)> HandsBackWork;
  const SourceManager &SM;
};

/// What the function \p Call calls does with the callable passed as
/// argument \p ArgIndex. Follows the callable through the project's own
/// forwarding functions (`std::forward<F>(f)` to another function). A
/// library's function (of a framework profile, of a system header, or
/// without a body) that is not a keeper drops the callable when it hands
/// back the work or spawns it: a continuation or a runner destroys what it
/// called once the call returns.
Custody custodyOfArgument(const CallExpr *Call, unsigned ArgIndex,
                          const CustodyRules &Rules);

/// Whether \p T is a callable wrapper whose call returns nothing
/// (`std::function<void(int)>`): a callable converted to it has its result
/// discarded at every call.
bool callDiscardsResult(QualType T);

} // namespace clang::tidy::async

#endif
