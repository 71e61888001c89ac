//===--- Ranges.h - how many elements a range has ----------------*- C++ -*-===//
//
// A loop over a braced list, an array, a `std::array` or a constant
// `views::take`, also seen through a view that keeps at most its range's
// size (`transform`, `filter`, ...), walks a count the author chose, not an
// input's size: the checks about per-element concurrency leave such loops
// alone. A container variable is sized by the input, even one written as a
// braced list: in code that stands a small list in for loaded data, it
// stands for the input.
//
//===----------------------------------------------------------------------===//

#ifndef ASYNCLINT_CHECKS_ANALYSIS_RANGES_H
#define ASYNCLINT_CHECKS_ANALYSIS_RANGES_H

#include "clang/AST/ASTContext.h"
#include "clang/AST/Expr.h"
#include <optional>

namespace clang::tidy::async {

/// The number of elements of \p Range when the type or the expression
/// fixes it: a braced list, an array, a `std::array`, a constant `take`,
/// or one of those through a size-keeping view adaptor.
std::optional<uint64_t> staticRangeSize(const Expr *Range,
                                        const ASTContext &Ctx);

} // namespace clang::tidy::async

#endif
