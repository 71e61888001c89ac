//===--- Baseline.h - findings accepted earlier -----------------*- C++ -*-===//
//
// A baseline records the findings of a codebase at one point so that later
// runs report only new ones. A finding is known by its fingerprint: the
// check, the file, the finding's source line with all whitespace removed,
// the message, and its rank among equal fingerprints of the file. Lines
// moving (code added above) or being re-indented keep the fingerprint.
//
//===----------------------------------------------------------------------===//

#ifndef ASYNCLINT_TOOL_BASELINE_H
#define ASYNCLINT_TOOL_BASELINE_H

#include "SourceText.h"
#include "clang-tidy/ClangTidyDiagnosticConsumer.h"
#include "llvm/ADT/StringMap.h"
#include <optional>
#include <string>
#include <vector>

namespace asynclint {

/// The fingerprint of every finding of \p Findings (sorted by file and
/// position), in the same order.
std::vector<std::string>
fingerprints(llvm::ArrayRef<clang::tidy::ClangTidyError> Findings,
             SourceText &Sources);

/// Writes the baseline of \p Findings to \p Path.
std::optional<std::string>
writeBaseline(llvm::ArrayRef<clang::tidy::ClangTidyError> Findings,
              llvm::ArrayRef<std::string> Fingerprints, llvm::StringRef Path);

/// Reads a baseline: how many findings of each fingerprint it accepts.
std::optional<std::string> readBaseline(llvm::StringRef Path,
                                        llvm::StringMap<unsigned> &Accepted);

} // namespace asynclint

#endif
