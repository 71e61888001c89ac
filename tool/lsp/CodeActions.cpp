//===--- CodeActions.cpp - fixes and suppressions as code actions ---------===//

#include "lsp/CodeActions.h"
#include "Fixes.h"
#include "lsp/Diagnostics.h"

using clang::tidy::ClangTidyError;

namespace asynclint::lsp {
namespace {

constexpr llvm::StringLiteral QuickFix = "quickfix";
constexpr llvm::StringLiteral FixAll = "source.fixAll.asynclint";

/// The edits of \p Plan; none when it took no fix.
std::optional<llvm::json::Object> workspaceEditOf(const FixPlan &Plan,
                                                  FileTexts &Texts) {
  if (Plan.Taken == 0)
    return std::nullopt;
  llvm::json::Object Changes;
  for (const auto &[Path, Edits] : Plan.ByFile) {
    llvm::StringRef Text = Texts.of(Path);
    llvm::json::Array TextEdits;
    for (const clang::tooling::Replacement &Edit : Edits)
      TextEdits.push_back(llvm::json::Object{
          {"range", rangeOf(Text, Edit.getOffset(),
                            Edit.getOffset() + Edit.getLength())},
          {"newText", Edit.getReplacementText().str()}});
    Changes[uriOfPath(Path)] = std::move(TextEdits);
  }
  return llvm::json::Object{{"changes", std::move(Changes)}};
}

/// An action that applies \p Edit; for \p Diagnostic, if one.
llvm::json::Object action(llvm::StringRef Title, llvm::StringRef Kind,
                          llvm::json::Object Edit,
                          const llvm::json::Object *Diagnostic) {
  llvm::json::Object Action{
      {"title", Title.str()}, {"kind", Kind}, {"edit", std::move(Edit)}};
  if (Diagnostic)
    Action["diagnostics"] = llvm::json::Array{llvm::json::Object(*Diagnostic)};
  return Action;
}

/// The finding with only note \p Note's fix: how `--unsafe-fixes` takes it.
ClangTidyError withNoteFixOnly(const ClangTidyError &Finding,
                               const clang::tooling::DiagnosticMessage &Note) {
  ClangTidyError Alternative = Finding;
  Alternative.Message.Fix.clear();
  Alternative.Notes = {Note};
  return Alternative;
}

/// `// NOLINT(check)` at the end of the finding's line; inside a comment
/// the line already ends with, NOLINT is found anywhere in the line.
llvm::json::Object nolintEdit(const ClangTidyError &Finding,
                              llvm::StringRef Text) {
  size_t LineEnd = Text.find('\n', Finding.Message.FileOffset);
  if (LineEnd == llvm::StringRef::npos)
    LineEnd = Text.size();
  if (LineEnd > 0 && Text[LineEnd - 1] == '\r')
    --LineEnd;
  size_t LineStart = Text.rfind('\n', Finding.Message.FileOffset);
  LineStart = LineStart == llvm::StringRef::npos ? 0 : LineStart + 1;
  bool InComment = Text.slice(LineStart, LineEnd).contains("//");
  std::string Comment =
      (InComment ? " NOLINT(" : "  // NOLINT(") + Finding.DiagnosticName + ")";
  llvm::json::Array Edits{llvm::json::Object{
      {"range", rangeOf(Text, LineEnd, LineEnd)}, {"newText", Comment}}};
  return llvm::json::Object{
      {"changes", llvm::json::Object{{uriOfPath(Finding.Message.FilePath),
                                      std::move(Edits)}}}};
}

void addFindingActions(const ClangTidyError &Finding, FileTexts &Texts,
                       llvm::json::Array &Actions) {
  llvm::json::Object Diagnostic = diagnosticOf(Finding, Texts);
  auto Tagged = [&](llvm::StringRef Title) {
    return (Title + " [" + Finding.DiagnosticName + "]").str();
  };
  if (auto Edit = workspaceEditOf(planFixes({Finding}, false), Texts)) {
    llvm::json::Object Fix = action(Tagged("Fix: " + Finding.Message.Message),
                                    QuickFix, std::move(*Edit), &Diagnostic);
    Fix["isPreferred"] = true;
    Actions.push_back(std::move(Fix));
  }
  for (const auto &Note : Finding.Notes) {
    ClangTidyError Alternative = withNoteFixOnly(Finding, Note);
    if (auto Edit = workspaceEditOf(planFixes({Alternative}, true), Texts))
      Actions.push_back(action(Tagged("Unsafe fix: " + Note.Message), QuickFix,
                               std::move(*Edit), &Diagnostic));
  }
  Actions.push_back(
      action(Tagged("Suppress with // NOLINT(" + Finding.DiagnosticName + ")"),
             QuickFix, nolintEdit(Finding, Texts.of(Finding.Message.FilePath)),
             &Diagnostic));
}

} // namespace

llvm::json::Array codeActions(llvm::ArrayRef<ClangTidyError> Findings,
                              llvm::StringRef Path, size_t Begin, size_t End,
                              FileTexts &Texts) {
  llvm::json::Array Actions;
  llvm::StringRef Text = Texts.of(Path);
  for (const ClangTidyError &Finding : Findings) {
    auto [From, To] = spanOf(Finding.Message, Text);
    if (From <= End && Begin <= To)
      addFindingActions(Finding, Texts, Actions);
  }
  if (auto Edit = workspaceEditOf(planFixes(Findings, false), Texts))
    Actions.push_back(action("Fix every asynclint finding in this file", FixAll,
                             std::move(*Edit), nullptr));
  return Actions;
}

} // namespace asynclint::lsp
