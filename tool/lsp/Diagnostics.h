//===--- Diagnostics.h - findings as LSP diagnostics ------------*- C++ -*-===//
//
// A finding becomes a diagnostic with the check's name as its code, a link
// to the check's page, its notes as related information and the source
// `asynclint`. Compiler errors are left to the server that compiles the
// file for the editor (clangd), which reports them already.
//
//===----------------------------------------------------------------------===//

#ifndef ASYNCLINT_TOOL_LSP_DIAGNOSTICS_H
#define ASYNCLINT_TOOL_LSP_DIAGNOSTICS_H

#include "clang-tidy/ClangTidyDiagnosticConsumer.h"
#include "lsp/SourceCode.h"
#include "llvm/Support/JSON.h"
#include <vector>

namespace asynclint::lsp {

/// The findings of \p Findings an editor shows for \p Path: the checks'
/// findings located in it.
std::vector<clang::tidy::ClangTidyError>
publishedFindings(std::vector<clang::tidy::ClangTidyError> Findings,
                  llvm::StringRef Path);

/// The bytes [begin, end) a finding's diagnostic covers in its file.
std::pair<size_t, size_t> spanOf(const clang::tooling::DiagnosticMessage &M,
                                 llvm::StringRef Text);

llvm::json::Object diagnosticOf(const clang::tidy::ClangTidyError &Finding,
                                FileTexts &Texts);

} // namespace asynclint::lsp

#endif
