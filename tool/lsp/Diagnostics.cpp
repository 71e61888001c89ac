//===--- Diagnostics.cpp - findings as LSP diagnostics --------------------===//

#include "lsp/Diagnostics.h"
#include "Findings.h"
#include "Report.h"
#include "llvm/ADT/StringExtras.h"

using clang::tidy::ClangTidyError;
using clang::tooling::DiagnosticMessage;

namespace asynclint::lsp {
namespace {

enum Severity { Error = 1, Warning = 2, Information = 3 };

int64_t severityOf(const ClangTidyError &Finding) {
  if (Finding.DiagLevel == ClangTidyError::Error || Finding.IsWarningAsError)
    return Error;
  return Finding.DiagLevel == ClangTidyError::Warning ? Warning : Information;
}

llvm::json::Object locationOf(const DiagnosticMessage &Message,
                              FileTexts &Texts) {
  llvm::StringRef Text = Texts.of(Message.FilePath);
  auto [Begin, End] = spanOf(Message, Text);
  return llvm::json::Object{{"uri", uriOfPath(Message.FilePath)},
                            {"range", rangeOf(Text, Begin, End)}};
}

} // namespace

std::vector<ClangTidyError>
publishedFindings(std::vector<ClangTidyError> Findings, llvm::StringRef Path) {
  llvm::erase_if(Findings, [&](const ClangTidyError &Finding) {
    return isCompilerError(Finding) || Finding.Message.FilePath != Path;
  });
  return Findings;
}

std::pair<size_t, size_t> spanOf(const DiagnosticMessage &Message,
                                 llvm::StringRef Text) {
  size_t Begin = std::min<size_t>(Message.FileOffset, Text.size());
  for (const clang::tooling::FileByteRange &Range : Message.Ranges)
    if (Range.FilePath == Message.FilePath && Range.FileOffset <= Begin &&
        Begin < Range.FileOffset + Range.Length)
      return {Range.FileOffset,
              std::min<size_t>(Range.FileOffset + Range.Length, Text.size())};
  // No range: the word at the location, so that the editor underlines it.
  size_t End = Begin;
  while (End < Text.size() && (llvm::isAlnum(Text[End]) || Text[End] == '_'))
    ++End;
  return {Begin, std::max(End, std::min(Begin + 1, Text.size()))};
}

llvm::json::Object diagnosticOf(const ClangTidyError &Finding,
                                FileTexts &Texts) {
  llvm::json::Object Located = locationOf(Finding.Message, Texts);
  llvm::json::Array Related;
  for (const DiagnosticMessage &Note : Finding.Notes)
    Related.push_back(llvm::json::Object{{"location", locationOf(Note, Texts)},
                                         {"message", Note.Message}});
  llvm::json::Object Diagnostic{
      {"range", std::move(*Located.get("range"))},
      {"severity", severityOf(Finding)},
      {"code", Finding.DiagnosticName},
      {"codeDescription",
       llvm::json::Object{{"href", checkPageUrl(Finding.DiagnosticName)}}},
      {"source", "asynclint"},
      {"message", Finding.Message.Message}};
  if (!Related.empty())
    Diagnostic["relatedInformation"] = std::move(Related);
  return Diagnostic;
}

} // namespace asynclint::lsp
