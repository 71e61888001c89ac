//===--- Ranges.h - how many elements a range has ----------------*- C++ -*-===//
//
// A loop over a braced list, an array, a `std::array` or a constant
// `views::take` walks a count the author chose, not an input's size: the
// checks about per-element concurrency leave such loops alone.
//
//===----------------------------------------------------------------------===//

#ifndef ASYNCLINT_CHECKS_ANALYSIS_RANGES_H
#define ASYNCLINT_CHECKS_ANALYSIS_RANGES_H

#include "clang/AST/ASTContext.h"
#include "clang/AST/Expr.h"
#include <optional>

namespace clang::tidy::async {

/// The number of elements of \p Range when the type or the expression
/// fixes it: a braced list, an array, a `std::array`, a constant `take`.
std::optional<uint64_t> staticRangeSize(const Expr *Range,
                                        const ASTContext &Ctx);

} // namespace clang::tidy::async

#endif
