//===--- ReportReader.h - reading JSON reports back --------------*- C++ -*-===//
//
// CI matrices run asynclint in shards (`--shard I/N`), each writing a JSON
// report; `--merge-reports` reads them back into findings, fingerprints and
// suppressions and writes one report in any format, as a single run would.
//
//===----------------------------------------------------------------------===//

#ifndef ASYNCLINT_TOOL_REPORTREADER_H
#define ASYNCLINT_TOOL_REPORTREADER_H

#include "Analysis.h"
#include "clang-tidy/ClangTidyDiagnosticConsumer.h"
#include "llvm/Support/Error.h"
#include <string>
#include <vector>

namespace asynclint {

/// A finding read back, with the fingerprint its report gave it.
struct ReadFinding {
  clang::tidy::ClangTidyError Finding{"", clang::tidy::ClangTidyError::Warning,
                                      "", false};
  std::string Fingerprint;
};

struct ReadReports {
  std::vector<ReadFinding> Findings;
  std::vector<Suppression> Suppressions;
};

/// Adds what the JSON report \p Path holds to \p Into; an error naming the
/// file when it cannot be read or is not asynclint's JSON report.
llvm::Error readJsonReport(llvm::StringRef Path, ReadReports &Into);

} // namespace asynclint

#endif
