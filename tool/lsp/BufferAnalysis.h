//===--- BufferAnalysis.h - the checks over an editor's buffer --*- C++ -*-===//
//
// Analyses the unsaved text of an open file: the text lies over the disk in
// an overlay file system, and the file's #include lines are compiled once
// into a precompiled preamble (kept in memory) that later analyses reuse
// while those lines, the compile command and the headers stay the same.
// The checks then traverse only the main file's declarations, as clangd
// runs clang-tidy: the headers' findings belong to the headers.
//
//===----------------------------------------------------------------------===//

#ifndef ASYNCLINT_TOOL_LSP_BUFFERANALYSIS_H
#define ASYNCLINT_TOOL_LSP_BUFFERANALYSIS_H

#include "clang-tidy/ClangTidyDiagnosticConsumer.h"
#include "clang-tidy/ClangTidyOptions.h"
#include "clang/Frontend/CompilerInvocation.h"
#include "clang/Tooling/CompilationDatabase.h"
#include "llvm/Support/MemoryBuffer.h"
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace asynclint::lsp {

using OptionsFactory =
    std::function<std::unique_ptr<clang::tidy::ClangTidyOptionsProvider>(
        llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem>)>;

/// What one analysis of a buffer produced.
struct BufferOutcome {
  /// Findings and compiler errors, paths absolute, the #includes that
  /// NOLINT-silenced fixes carried adopted as the CLI does.
  std::vector<clang::tidy::ClangTidyError> Findings;
  /// Why there are no findings: the command made no compile, or a crash.
  std::optional<std::string> Problem;
  bool PreambleReused = false;
};

/// The analyses of one open file; keeps its preamble between them.
class BufferAnalyser {
public:
  BufferAnalyser();
  ~BufferAnalyser();

  /// Analyses \p Text as the content of \p Path (absolute), compiled by
  /// \p Command.
  BufferOutcome analyse(llvm::StringRef Path,
                        const clang::tooling::CompileCommand &Command,
                        llvm::StringRef Text, const OptionsFactory &Options);

private:
  struct Preamble;

  /// Keeps the current preamble when it still fits this compile (true),
  /// else builds a new one; none when the file has no preamble or it does
  /// not build.
  bool refreshPreamble(const clang::CompilerInvocation &Invocation,
                       const llvm::MemoryBuffer &Buffer,
                       const std::vector<std::string> &Args,
                       llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> FS);

  std::shared_ptr<Preamble> Current;
};

} // namespace asynclint::lsp

#endif
