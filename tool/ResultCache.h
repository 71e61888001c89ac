//===--- ResultCache.h - unchanged units from the last run -------*- C++ -*-===//
//
// `--cache-dir DIR`: a unit's outcome is stored under a key made of what
// decides it — the text of every file its preprocessing reads (comments and
// spacing too: NOLINT and the findings' offsets depend on them), its cc1
// command line, the asynclint and LLVM versions and the unit's effective
// configuration — and reused while that key stays the same. An entry that
// cannot be read back is ignored and rewritten, never trusted.
//
//===----------------------------------------------------------------------===//

#ifndef ASYNCLINT_TOOL_RESULTCACHE_H
#define ASYNCLINT_TOOL_RESULTCACHE_H

#include "Analysis.h"
#include <optional>
#include <string>

namespace asynclint {

/// The stored outcome of the unit \p File under \p Key, if there is a
/// readable one.
std::optional<UnitOutcome> loadCachedOutcome(llvm::StringRef Dir,
                                             llvm::StringRef Key,
                                             const std::string &File);

/// Stores \p Outcome under \p Key (whole or not at all); a unit that crashed
/// or does not compile is not stored, so it is analysed again.
void storeCachedOutcome(llvm::StringRef Dir, llvm::StringRef Key,
                        const UnitOutcome &Outcome);

} // namespace asynclint

#endif
