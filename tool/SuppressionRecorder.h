//===--- SuppressionRecorder.h - what NOLINT silenced ------------*- C++ -*-===//
//
// clang-tidy's diagnostic consumer, which also keeps the findings a NOLINT
// comment silences (with the comment's reason) and hands the `#include` a
// silenced fix would have inserted on to the next fix that needs it. The
// CLI and the compiler plugin collect their findings through it alike.
//
//===----------------------------------------------------------------------===//

#ifndef ASYNCLINT_TOOL_SUPPRESSIONRECORDER_H
#define ASYNCLINT_TOOL_SUPPRESSIONRECORDER_H

#include "clang-tidy/ClangTidyDiagnosticConsumer.h"
#include "clang/Tooling/Core/Replacement.h"
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace asynclint {

/// A finding that a NOLINT comment silenced; reports keep it with the
/// comment's reason text.
struct Suppression {
  std::string Check;
  std::string File;
  unsigned Offset = 0;
  std::string Message;
  std::string Reason;
};

class SuppressionRecorder : public clang::tidy::ClangTidyDiagnosticConsumer {
public:
  SuppressionRecorder(clang::tidy::ClangTidyContext &Context,
                      bool FixesFromNotes, std::vector<Suppression> &Out);

  void HandleDiagnostic(clang::DiagnosticsEngine::Level Level,
                        const clang::Diagnostic &Info) override;

  /// Gives each `#include` a silenced finding (or its note's unsafe fix)
  /// would have inserted to the first finding of the same check whose
  /// taken fix changes the same file, unless that fix already inserts it:
  /// without it, that fix would not compile.
  void adoptSuppressedIncludes(std::vector<clang::tidy::ClangTidyError> &Findings,
                               bool FixesFromNotes) const;

private:
  void recordIfSuppressed(clang::DiagnosticsEngine::Level Level,
                          const clang::Diagnostic &Info);
  void keepIncludeInsertions(const std::string &Check,
                             const clang::Diagnostic &Info);

  clang::tidy::ClangTidyContext &Context;
  std::vector<Suppression> &Out;
  std::vector<std::pair<std::string, clang::tooling::Replacement>>
      SuppressedIncludes;
  /// The check of the warning NOLINT silenced last, while its notes come.
  std::string SilencedCheck;
};

/// A diagnostics engine that reports to \p Recorder, installed as
/// \p Context's (which keeps its options): what the checks' findings go
/// through in a standalone run.
std::unique_ptr<clang::DiagnosticsEngine>
installRecordingEngine(clang::tidy::ClangTidyContext &Context,
                       SuppressionRecorder &Recorder);

} // namespace asynclint

#endif
