//===--- FixesDirectory.h - fixes written per unit, applied once -*- C++ -*-===//
//
// The compiler plugin sees one translation unit per process: it writes each
// unit's fixes into a directory as clang-apply-replacements YAML, one file
// per unit, and `asynclint --apply-fixes DIR` (or clang-apply-replacements)
// applies them once, a header's fix offered by several units only once.
//
//===----------------------------------------------------------------------===//

#ifndef ASYNCLINT_TOOL_FIXESDIRECTORY_H
#define ASYNCLINT_TOOL_FIXESDIRECTORY_H

#include "clang-tidy/ClangTidyDiagnosticConsumer.h"
#include "llvm/Support/Error.h"
#include <vector>

namespace asynclint {

/// Writes the fixes of \p Findings, the findings of the unit \p MainFile,
/// into \p Dir (created if needed), replacing what an earlier compile of the
/// unit wrote there; a unit without fixes leaves no file behind.
llvm::Error writeUnitFixes(llvm::StringRef Dir, llvm::StringRef MainFile,
                           llvm::ArrayRef<clang::tidy::ClangTidyError> Findings,
                           bool KeepNoteFixes);

/// Every finding with a fix that the YAML files of \p Dir hold, paths
/// absolute.
llvm::Expected<std::vector<clang::tidy::ClangTidyError>>
readFixesDirectory(llvm::StringRef Dir);

/// Removes the fixes files of \p Dir once applied: the offsets they hold
/// no longer fit the fixed files.
llvm::Error clearFixesDirectory(llvm::StringRef Dir);

} // namespace asynclint

#endif
