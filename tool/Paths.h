//===--- Paths.h - how reports spell file paths -----------------*- C++ -*-===//

#ifndef ASYNCLINT_TOOL_PATHS_H
#define ASYNCLINT_TOOL_PATHS_H

#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
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

/// \p Path made absolute against \p Base (the working directory when empty),
/// without `.` and `..`: one file reads the same whoever names it (the
/// command line, a database entry, a unit that includes it via `../`).
inline std::string absolutePath(llvm::StringRef Path,
                                llvm::StringRef Base = {}) {
  if (Path.empty())
    return "";
  llvm::SmallString<256> Absolute(Path);
  if (!llvm::sys::path::is_absolute(Absolute)) {
    Absolute = Base;
    llvm::sys::path::append(Absolute, Path);
  }
  llvm::sys::fs::make_absolute(Absolute); // a relative Base, such as "."
  llvm::sys::path::remove_dots(Absolute, /*remove_dot_dot=*/true);
  return std::string(Absolute);
}

} // namespace asynclint

#endif
