//===--- Report.h - machine-readable reports of findings -------*- C++ -*-===//

#ifndef ASYNCLINT_TOOL_REPORT_H
#define ASYNCLINT_TOOL_REPORT_H

#include "Analysis.h"
#include "SourceText.h"
#include "clang-tidy/ClangTidyDiagnosticConsumer.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/raw_ostream.h"
#include <string>

namespace asynclint {

/// The version every report and `--version` states.
inline constexpr llvm::StringLiteral Version = "0.1.0";

/// What a report holds: the findings (sorted), the fingerprint of each, the
/// findings NOLINT comments silenced, and the text of the files they are in
/// (read once, for fingerprints and positions alike).
struct ReportInput {
  llvm::ArrayRef<clang::tidy::ClangTidyError> Findings;
  llvm::ArrayRef<std::string> Fingerprints;
  llvm::ArrayRef<Suppression> Suppressions;
  SourceText &Sources;
};

/// The page of \p Check in the documentation (`ASYNCLINT_DOCS_URL`), as
/// SARIF's helpUri and the language server's codeDescription link it.
std::string checkPageUrl(llvm::StringRef Check);

/// Writes asynclint's JSON report (schema in docs/json-output.md).
void writeJson(const ReportInput &Input, llvm::raw_ostream &OS);

/// Writes a SARIF 2.1.0 log with one rule per check in \p Checks, as GitHub
/// code scanning reads it.
void writeSarif(const ReportInput &Input, llvm::ArrayRef<std::string> Checks,
                llvm::raw_ostream &OS);

} // namespace asynclint

#endif
