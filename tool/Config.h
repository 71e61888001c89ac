//===--- Config.h - which checks run, with which options ---------*- C++ -*-===//
//
// The configuration every front end reads the same way: `.clang-tidy` files
// next to the sources (or one `--config-file`), overridden by the checks,
// header filter and warnings-as-errors the user passed. Only the `async`
// module runs, whatever a `.clang-tidy` file enables.
//
//===----------------------------------------------------------------------===//

#ifndef ASYNCLINT_TOOL_CONFIG_H
#define ASYNCLINT_TOOL_CONFIG_H

#include "clang-tidy/ClangTidyDiagnosticConsumer.h"
#include "clang-tidy/ClangTidyOptions.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/VirtualFileSystem.h"
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace asynclint {

/// What the user asked for on the command line (or in plugin arguments).
struct ConfigRequest {
  /// `--checks` globs, added after those of the configuration files.
  std::string Checks;
  /// The options of one YAML file used instead of the `.clang-tidy` files
  /// (see readConfigFile).
  std::optional<clang::tidy::ClangTidyOptions> ConfigFile;
  std::optional<std::string> HeaderFilter;
  std::optional<std::string> WarningsAsErrors;
};

/// The options of the configuration file \p Path; an error when it cannot
/// be read or parsed.
llvm::Expected<clang::tidy::ClangTidyOptions>
readConfigFile(llvm::StringRef Path);

/// The options provider for \p Request, reading through \p FS.
std::unique_ptr<clang::tidy::ClangTidyOptionsProvider>
makeOptionsProvider(const ConfigRequest &Request,
                    llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> FS =
                        llvm::vfs::getRealFileSystem());

/// Every check asynclint has.
std::vector<std::string> allCheckNames();

/// The first check name a globs list names without wildcards that is not
/// one of \p Known (a typo would otherwise select nothing, silently).
std::optional<std::string> unknownCheckIn(llvm::StringRef Globs,
                                          llvm::ArrayRef<std::string> Known);

/// A settings problem clang-tidy reports as a diagnostic (an option value
/// of the wrong type): a usage error for asynclint.
std::optional<std::string>
configurationProblem(llvm::ArrayRef<clang::tidy::ClangTidyError> Findings);

} // namespace asynclint

#endif
