//===--- Fixes.h - planning, applying and showing fixes ---------*- C++ -*-===//
//
// A finding's fix is taken whole or not at all: when any of its
// replacements overlaps one already planned, the finding is reported as
// conflicting and none of its replacements is applied. Files are written
// through a temporary file in the same directory and an atomic rename, with
// their permissions kept.
//
//===----------------------------------------------------------------------===//

#ifndef ASYNCLINT_TOOL_FIXES_H
#define ASYNCLINT_TOOL_FIXES_H

#include "clang-tidy/ClangTidyDiagnosticConsumer.h"
#include "clang/Tooling/Core/Replacement.h"
#include "llvm/Support/raw_ostream.h"
#include <map>
#include <string>
#include <vector>

namespace asynclint {

struct FixPlan {
  std::map<std::string, clang::tooling::Replacements> ByFile;
  /// Findings whose fix was planned.
  unsigned Taken = 0;
  /// Findings whose fix overlaps another finding's fix.
  std::vector<const clang::tidy::ClangTidyError *> Conflicting;
};

/// Adds \p Insertion to \p Edits unless they already insert its text there;
/// after another insertion at the same place rather than conflicting with it.
void insertOnce(clang::tooling::Replacements &Edits,
                const clang::tooling::Replacement &Insertion);

FixPlan planFixes(llvm::ArrayRef<clang::tidy::ClangTidyError> Findings,
                  bool FixesFromNotes);

/// Checks that every file of \p Plan can be rewritten; the first problem as
/// a one-line message.
std::optional<std::string> cannotWrite(const FixPlan &Plan);

/// Rewrites the files of \p Plan; on failure, the message of the first file
/// that could not be written (files already written stay written, each one
/// whole).
std::optional<std::string> applyFixes(const FixPlan &Plan);

/// Prints \p Plan as a unified diff (paths as given, `a/` and `b/` sides).
std::optional<std::string> writeDiff(const FixPlan &Plan,
                                     llvm::raw_ostream &OS);

} // namespace asynclint

#endif
