//===--- Analysis.h - running the checks over translation units -*- C++ -*-===//
//
// Runs the clang-tidy machinery with the `async` module over a set of
// translation units on worker threads. Each unit is isolated: a parse
// failure or a crash in one (in a check or in Clang) is recorded in its
// outcome and the others still run.
//
//===----------------------------------------------------------------------===//

#ifndef ASYNCLINT_TOOL_ANALYSIS_H
#define ASYNCLINT_TOOL_ANALYSIS_H

#include "Findings.h"
#include "SuppressionRecorder.h"
#include "clang-tidy/ClangTidyDiagnosticConsumer.h"
#include "clang-tidy/ClangTidyOptions.h"
#include "clang/Frontend/CompilerInvocation.h"
#include "clang/Tooling/ArgumentsAdjusters.h"
#include "clang/Tooling/CompilationDatabase.h"
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace asynclint {

/// What the analysis of one translation unit produced.
struct UnitOutcome {
  std::string File;
  /// Findings and the compiler's errors (check `clang-diagnostic-error`).
  std::vector<clang::tidy::ClangTidyError> Findings;
  std::vector<Suppression> Suppressions;
  /// Set when the analysis crashed: where (the check, or Clang itself).
  std::optional<std::string> Crash;
  /// The compiler's first error, when the unit does not compile.
  std::optional<std::string> FirstError;
  /// Taken from the result cache, not analysed.
  bool FromCache = false;
};

struct AnalysisSettings {
  unsigned Jobs = 1;
  /// Keep the fixes offered on notes (`--fix-notes`).
  bool FixesFromNotes = false;
  /// A fresh options provider for each unit (a clang-tidy context keeps
  /// state from one run to the next), reading through the unit's file system.
  std::function<std::unique_ptr<clang::tidy::ClangTidyOptionsProvider>(
      llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem>)>
      MakeOptions;
  /// Where outcomes are kept between runs (`--cache-dir`); empty: nowhere.
  std::string CacheDir;
  /// Called after each unit, one call at a time (progress reporting).
  std::function<void(const UnitOutcome &)> OnUnitDone;
};

/// Makes \p Invocation compile the code as the analysis sees it.
void prepareAnalysedInvocation(clang::CompilerInvocation &Invocation);

/// The ExtraArgs/ExtraArgsBefore/RemovedArgs of the unit's configuration.
clang::tooling::ArgumentsAdjuster
configuredArguments(clang::tidy::ClangTidyContext &Context);

/// Analyses every file of \p Files; outcomes come back in the order of
/// \p Files.
std::vector<UnitOutcome>
analyse(const std::vector<std::string> &Files,
        const clang::tooling::CompilationDatabase &Compilations,
        const AnalysisSettings &Settings);

} // namespace asynclint

#endif
