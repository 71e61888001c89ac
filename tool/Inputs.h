//===--- Inputs.h - what the user asked to analyse --------------*- C++ -*-===//
//
// Turns the command line's paths into translation units and rejects what
// cannot be analysed before any work starts, each problem as one line.
//
//===----------------------------------------------------------------------===//

#ifndef ASYNCLINT_TOOL_INPUTS_H
#define ASYNCLINT_TOOL_INPUTS_H

#include "clang/Tooling/CompilationDatabase.h"
#include "llvm/Support/Error.h"
#include <memory>
#include <string>
#include <vector>

namespace asynclint {

struct DatabaseRequest {
  /// `-p DIR`, or empty.
  std::string BuildPath;
  /// Flags after `--`, when given.
  std::optional<std::vector<std::string>> CompilerFlags;
};

/// The compilation database for \p Paths: the flags after `--`, the one in
/// `-p DIR`, or one found above the first path.
llvm::Expected<std::unique_ptr<clang::tooling::CompilationDatabase>>
loadCompilations(const DatabaseRequest &Request,
                 const std::vector<std::string> &Paths);

/// The absolute paths of the translation units \p Paths name: files as they
/// are, directories as every file of the database below them.
llvm::Expected<std::vector<std::string>>
translationUnits(const std::vector<std::string> &Paths,
                 const clang::tooling::CompilationDatabase &Compilations,
                 bool FromDatabase);

/// Every `.clang-tidy` file that applies to \p Files must parse.
llvm::Error checkConfigFiles(const std::vector<std::string> &Files);

} // namespace asynclint

#endif
