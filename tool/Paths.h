//===--- Paths.h - how reports spell file paths -----------------*- C++ -*-===//

#ifndef ASYNCLINT_TOOL_PATHS_H
#define ASYNCLINT_TOOL_PATHS_H

#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/FileSystem.h"
#include <optional>
#include <string>

namespace asynclint {

/// \p Path relative to the working directory (the repository root in CI)
/// when it lies below it.
inline std::optional<std::string> belowWorkingDirectory(llvm::StringRef Path) {
  llvm::SmallString<256> Cwd;
  if (llvm::sys::fs::current_path(Cwd) || !Path.starts_with(Cwd) ||
      !Path.drop_front(Cwd.size()).starts_with("/"))
    return std::nullopt;
  return Path.drop_front(Cwd.size() + 1).str();
}

} // namespace asynclint

#endif
