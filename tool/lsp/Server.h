//===--- Server.h - asynclint as a language server --------------*- C++ -*-===//
//
// `asynclint --lsp`: the Language Server Protocol over standard input and
// output, beside the editor's C++ server (clangd). It analyses each open
// file's unsaved text as it changes and publishes the checks' findings,
// with their fixes and NOLINT suppressions as code actions. Bad input costs
// an error response and a line on standard error, never the session.
//
//===----------------------------------------------------------------------===//

#ifndef ASYNCLINT_TOOL_LSP_SERVER_H
#define ASYNCLINT_TOOL_LSP_SERVER_H

#include "Config.h"
#include "llvm/Support/raw_ostream.h"
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

namespace asynclint::lsp {

struct ServerOptions {
  /// `--checks` and `--config-file`, as for the CLI.
  ConfigRequest Config;
  /// `--compile-commands-dir`; empty: look above each file.
  std::string CompileCommandsDir;
  /// The flags after `--`: the compile command of files no database names.
  std::vector<std::string> FallbackFlags;
  /// How long after an edit its analysis starts (a newer edit postpones it).
  std::chrono::milliseconds Debounce{250};
};

/// Serves until `exit` or the end of \p In: 0 after a `shutdown` request,
/// 1 otherwise (the protocol's exit codes).
int runServer(const ServerOptions &Options, std::FILE *In,
              llvm::raw_ostream &Out);

} // namespace asynclint::lsp

#endif
