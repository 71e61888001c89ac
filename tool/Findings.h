//===--- Findings.h - what every front end does with a finding ---*- C++ -*-===//

#ifndef ASYNCLINT_TOOL_FINDINGS_H
#define ASYNCLINT_TOOL_FINDINGS_H

#include "clang-tidy/ClangTidyDiagnosticConsumer.h"
#include <vector>

namespace asynclint {

/// A compiler error (the unit does not compile), not a check's finding.
bool isCompilerError(const clang::tidy::ClangTidyError &E);

/// Spells every path of \p Finding (its message, notes and fixes) absolute
/// against its build directory.
void makePathsAbsolute(clang::tidy::ClangTidyError &Finding);

/// \p Findings as clang-apply-replacements YAML carries them: that tool
/// takes a note's fix when the warning has none, so the notes' (unsafe)
/// fixes are dropped unless \p KeepNoteFixes.
std::vector<clang::tidy::ClangTidyError>
exportedFixes(llvm::ArrayRef<clang::tidy::ClangTidyError> Findings,
              bool KeepNoteFixes);

} // namespace asynclint

#endif
