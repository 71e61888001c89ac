//===--- CompileCommands.h - how an open file is compiled -------*- C++ -*-===//
//
// Finds a file's compile command as clangd does: in `--compile-commands-dir`
// when given, else in the first compile_commands.json (or
// compile_flags.txt) found in the file's directory, one of its parents, or
// their `build/` subdirectory. A file the nearest database does not name
// gets the fallback command (no command is guessed from its neighbours'):
// the flags after `--lsp --`, or `-std=c++20`.
//
//===----------------------------------------------------------------------===//

#ifndef ASYNCLINT_TOOL_LSP_COMPILECOMMANDS_H
#define ASYNCLINT_TOOL_LSP_COMPILECOMMANDS_H

#include "clang/Tooling/CompilationDatabase.h"
#include "llvm/ADT/StringMap.h"
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace asynclint::lsp {

class CompileCommands {
public:
  CompileCommands(std::string Directory, std::vector<std::string> Fallback)
      : FixedDirectory(std::move(Directory)), Fallback(std::move(Fallback)) {}

  /// The command that compiles \p Path (absolute).
  clang::tooling::CompileCommand commandFor(llvm::StringRef Path);

  void setFallbackFlags(std::vector<std::string> Flags);

  /// Forgets the databases read so far (one changed on disk).
  void forget();

private:
  /// The database that applies to \p Path, if any.
  clang::tooling::CompilationDatabase *nearestDatabase(llvm::StringRef Path);

  /// The database of directory \p Dir (itself, or its `build/`), if any.
  clang::tooling::CompilationDatabase *databaseIn(llvm::StringRef Dir);

  std::string FixedDirectory;
  std::vector<std::string> Fallback;
  std::mutex Lock;
  /// Null where a directory holds no database.
  llvm::StringMap<std::unique_ptr<clang::tooling::CompilationDatabase>> Loaded;
};

} // namespace asynclint::lsp

#endif
