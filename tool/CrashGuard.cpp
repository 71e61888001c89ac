//===--- CrashGuard.cpp - surviving a crash in a check --------------------===//

#include "CrashGuard.h"
#include "AsyncCheck.h"
#include "llvm/Support/CrashRecoveryContext.h"

namespace asynclint {

std::string CrashPlace::describe() const {
  return Check ? "in check '" + *Check + "'" : "in Clang, outside the checks";
}

void enableCrashRecovery() { llvm::CrashRecoveryContext::Enable(); }

std::optional<CrashPlace> runGuarded(llvm::function_ref<void()> Work) {
  using clang::tidy::async::RunningCheck;
  RunningCheck = {};
  llvm::CrashRecoveryContext Recovery;
  if (Recovery.RunSafely(Work))
    return std::nullopt;
  CrashPlace Place;
  if (!RunningCheck.empty())
    Place.Check = RunningCheck.str();
  return Place;
}

} // namespace asynclint
