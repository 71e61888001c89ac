//===--- ResultCache.cpp - unchanged units from the last run --------------===//

#include "ResultCache.h"
#include "Report.h"
#include "ReportReader.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

namespace asynclint {
namespace {

std::string entryPath(llvm::StringRef Dir, llvm::StringRef Key) {
  llvm::SmallString<256> Path(Dir);
  llvm::sys::path::append(Path, Key + ".json");
  return std::string(Path);
}

} // namespace

std::optional<UnitOutcome> loadCachedOutcome(llvm::StringRef Dir,
                                             llvm::StringRef Key,
                                             const std::string &File) {
  ReadReports Read;
  if (llvm::Error E = readJsonReport(entryPath(Dir, Key), Read)) {
    llvm::consumeError(std::move(E)); // absent or damaged: analyse again
    return std::nullopt;
  }
  UnitOutcome Outcome;
  Outcome.File = File;
  for (ReadFinding &R : Read.Findings)
    Outcome.Findings.push_back(std::move(R.Finding));
  Outcome.Suppressions = std::move(Read.Suppressions);
  return Outcome;
}

void storeCachedOutcome(llvm::StringRef Dir, llvm::StringRef Key,
                        const UnitOutcome &Outcome) {
  if (Outcome.Crash || Outcome.FirstError ||
      llvm::sys::fs::create_directories(Dir))
    return;
  // Fingerprints are computed over the whole run's findings, not stored.
  std::vector<std::string> NoFingerprints(Outcome.Findings.size());
  SourceText Texts;
  // A failed write leaves no entry: the unit is analysed again next time.
  llvm::consumeError(llvm::writeToOutput(
      entryPath(Dir, Key), [&](llvm::raw_ostream &OS) {
        writeJson({Outcome.Findings, NoFingerprints, Outcome.Suppressions,
                   Texts},
                  OS);
        return llvm::Error::success();
      }));
}

} // namespace asynclint
