//===--- CodeActions.h - fixes and suppressions as code actions -*- C++ -*-===//
//
// For each finding at the requested range: its fix as a quick fix, each
// alternative a note offers (an unsafe fix, which `--fix` takes only with
// `--unsafe-fixes`) as a further action, and a `// NOLINT(check)` comment.
// One more action applies every finding's fix in the file, as `--fix` does.
// The edits are the replacements the CLI's fix planner makes, with the
// #includes the fixes insert.
//
//===----------------------------------------------------------------------===//

#ifndef ASYNCLINT_TOOL_LSP_CODEACTIONS_H
#define ASYNCLINT_TOOL_LSP_CODEACTIONS_H

#include "clang-tidy/ClangTidyDiagnosticConsumer.h"
#include "lsp/SourceCode.h"
#include "llvm/Support/JSON.h"

namespace asynclint::lsp {

/// The actions for the \p Findings of the analysed file \p Path (published
/// ones) whose span meets the bytes [Begin, End].
llvm::json::Array
codeActions(llvm::ArrayRef<clang::tidy::ClangTidyError> Findings,
            llvm::StringRef Path, size_t Begin, size_t End, FileTexts &Texts);

} // namespace asynclint::lsp

#endif
