//===--- CrashGuard.h - surviving a crash in a check -------------*- C++ -*-===//
//
// Runs work under LLVM's crash recovery and tells where a crash happened:
// in which check (the one whose callback was running) or in Clang itself.
//
//===----------------------------------------------------------------------===//

#ifndef ASYNCLINT_TOOL_CRASHGUARD_H
#define ASYNCLINT_TOOL_CRASHGUARD_H

#include "llvm/ADT/STLFunctionalExtras.h"
#include <optional>
#include <string>

namespace asynclint {

/// Where a crash happened.
struct CrashPlace {
  /// The check whose callback was running, if one was.
  std::optional<std::string> Check;
  /// "in check 'X'" or "in Clang, outside the checks".
  std::string describe() const;
};

/// Must be called once before runGuarded(): enables crash recovery.
void enableCrashRecovery();

/// Runs \p Work; where it crashed, if it did. Nothing else happens on a
/// crash: no stack dump, and the compiler's temporary files (the object
/// file being written) stay.
std::optional<CrashPlace> runGuarded(llvm::function_ref<void()> Work);

} // namespace asynclint

#endif
