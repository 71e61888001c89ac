//===--- Findings.cpp - what every front end does with a finding ----------===//

#include "Findings.h"
#include "Paths.h"

using clang::tidy::ClangTidyError;

namespace asynclint {
namespace {

void makePathsAbsolute(clang::tooling::DiagnosticMessage &Message,
                       llvm::StringRef BuildDir) {
  Message.FilePath = absolutePath(Message.FilePath, BuildDir);
  llvm::StringMap<clang::tooling::Replacements> Fix;
  for (const auto &[File, Edits] : Message.Fix) {
    clang::tooling::Replacements &Into = Fix[absolutePath(File, BuildDir)];
    for (const clang::tooling::Replacement &Edit : Edits)
      llvm::consumeError(Into.add(clang::tooling::Replacement(
          absolutePath(Edit.getFilePath(), BuildDir), Edit.getOffset(),
          Edit.getLength(), Edit.getReplacementText())));
  }
  Message.Fix = std::move(Fix);
}

} // namespace

bool isCompilerError(const ClangTidyError &E) {
  return E.DiagLevel == ClangTidyError::Error &&
         llvm::StringRef(E.DiagnosticName).starts_with("clang-diagnostic-");
}

void makePathsAbsolute(ClangTidyError &Finding) {
  makePathsAbsolute(Finding.Message, Finding.BuildDirectory);
  for (clang::tooling::DiagnosticMessage &Note : Finding.Notes)
    makePathsAbsolute(Note, Finding.BuildDirectory);
}

std::vector<ClangTidyError>
exportedFixes(llvm::ArrayRef<ClangTidyError> Findings, bool KeepNoteFixes) {
  std::vector<ClangTidyError> Exported(Findings.begin(), Findings.end());
  if (!KeepNoteFixes)
    for (ClangTidyError &Finding : Exported)
      for (auto &Note : Finding.Notes)
        Note.Fix.clear();
  return Exported;
}

} // namespace asynclint
