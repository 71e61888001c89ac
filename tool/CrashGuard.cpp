//===--- CrashGuard.cpp - surviving a crash in a check --------------------===//

#include "CrashGuard.h"
#include "llvm/Support/CrashRecoveryContext.h"
#include "llvm/Support/PrettyStackTrace.h"
#include "llvm/Support/Regex.h"
#include "llvm/Support/Signals.h"
#include "llvm/Support/raw_ostream.h"

namespace asynclint {
namespace {

/// What the pretty stack trace of the crashing thread said; filled by the
/// signal callback while the crashed frames still exist.
thread_local std::string CrashTrace;

void recordCrashTrace(void *) {
  llvm::raw_string_ostream OS(CrashTrace);
  for (auto *Entry = static_cast<const llvm::PrettyStackTraceEntry *>(
           llvm::SavePrettyStackState());
       Entry; Entry = Entry->getNextEntry())
    Entry->print(OS);
}

CrashPlace placeOf(llvm::StringRef Trace) {
  llvm::SmallVector<llvm::StringRef, 2> Match;
  if (llvm::Regex("Processing '([^']+)'").match(Trace, &Match))
    return {Match[1].str()};
  return {};
}

} // namespace

std::string CrashPlace::describe() const {
  return Check ? "in check '" + *Check + "'" : "in Clang, outside the checks";
}

void enableCrashRecovery() {
  llvm::CrashRecoveryContext::Enable();
  llvm::sys::AddSignalHandler(recordCrashTrace, nullptr);
}

std::optional<CrashPlace> runGuarded(llvm::function_ref<void()> Work) {
  llvm::CrashRecoveryContext Recovery;
  // Runs the signal callbacks on a crash, recordCrashTrace among them.
  Recovery.DumpStackAndCleanupOnFailure = true;
  CrashTrace.clear();
  if (Recovery.RunSafely(Work))
    return std::nullopt;
  // A signal callback runs once; arm it again for the next crash.
  llvm::sys::AddSignalHandler(recordCrashTrace, nullptr);
  return placeOf(CrashTrace);
}

} // namespace asynclint
