//===--- SuppressionRecorder.cpp - what NOLINT silenced -------------------===//

#include "SuppressionRecorder.h"
#include "Fixes.h"
#include "clang/Basic/SourceManager.h"

using namespace clang;
using namespace clang::tidy;

namespace asynclint {
namespace {

/// The text a NOLINT directive carries after its name and check list, e.g.
/// "reason" in `// NOLINT(async-floating-future): reason`.
std::string reasonAfterDirective(llvm::StringRef Line, size_t At) {
  llvm::StringRef Rest = Line.drop_front(At);
  Rest = Rest.drop_while([](char C) { return llvm::isAlpha(C); });
  if (Rest.starts_with("(")) {
    size_t Close = Rest.find(')');
    Rest = Close == llvm::StringRef::npos ? "" : Rest.drop_front(Close + 1);
  }
  Rest = Rest.trim();
  Rest.consume_back("*/");
  Rest = Rest.ltrim(" \t:-");
  return Rest.rtrim().str();
}

/// The reason of the directive that suppresses a diagnostic at \p Offset:
/// a NOLINT on its line, a NOLINTNEXTLINE on the line before, or the nearest
/// NOLINTBEGIN above it.
std::string nolintReason(llvm::StringRef Buffer, unsigned Offset) {
  size_t LineStart = Buffer.rfind('\n', Offset);
  LineStart = LineStart == llvm::StringRef::npos ? 0 : LineStart + 1;
  llvm::StringRef Line =
      Buffer.substr(LineStart).take_until([](char C) { return C == '\n'; });
  size_t At = Line.find("NOLINT");
  if (At != llvm::StringRef::npos && !Line.substr(At).starts_with("NOLINTEND"))
    return reasonAfterDirective(Line, At);
  llvm::StringRef Above = Buffer.take_front(LineStart);
  for (llvm::StringRef Directive : {"NOLINTNEXTLINE", "NOLINTBEGIN"}) {
    size_t Found = Above.rfind(Directive);
    if (Found == llvm::StringRef::npos)
      continue;
    size_t Start = Above.rfind('\n', Found);
    Start = Start == llvm::StringRef::npos ? 0 : Start + 1;
    llvm::StringRef DirectiveLine =
        Above.substr(Start).take_until([](char C) { return C == '\n'; });
    return reasonAfterDirective(DirectiveLine, Found - Start);
  }
  return "";
}

} // namespace

SuppressionRecorder::SuppressionRecorder(ClangTidyContext &Context,
                                         bool FixesFromNotes,
                                         std::vector<Suppression> &Out)
    : ClangTidyDiagnosticConsumer(Context, nullptr,
                                  /*RemoveIncompatibleErrors=*/true,
                                  FixesFromNotes),
      Context(Context), Out(Out) {}

void SuppressionRecorder::HandleDiagnostic(DiagnosticsEngine::Level Level,
                                           const Diagnostic &Info) {
  if (Level == DiagnosticsEngine::Warning && Info.hasSourceManager() &&
      Info.getLocation().isValid())
    recordIfSuppressed(Level, Info);
  else if (Level != DiagnosticsEngine::Note)
    SilencedCheck.clear();
  else if (!SilencedCheck.empty())
    keepIncludeInsertions(SilencedCheck, Info);
  ClangTidyDiagnosticConsumer::HandleDiagnostic(Level, Info);
}

void SuppressionRecorder::recordIfSuppressed(DiagnosticsEngine::Level Level,
                                             const Diagnostic &Info) {
  SilencedCheck.clear();
  std::string Check = Context.getCheckName(Info.getID());
  if (Check.empty())
    return;
  llvm::SmallVector<tooling::Diagnostic, 1> DirectiveErrors;
  if (!Context.shouldSuppressDiagnostic(Level, Info, DirectiveErrors))
    return;
  // Its notes, which may carry its (unsafe) fix, are silenced with it.
  SilencedCheck = Check;
  const SourceManager &SM = Info.getSourceManager();
  SourceLocation Loc = SM.getFileLoc(Info.getLocation());
  FileID File = SM.getFileID(Loc);
  OptionalFileEntryRef Entry = SM.getFileEntryRefForID(File);
  if (!Entry)
    return;
  keepIncludeInsertions(Check, Info);
  llvm::SmallString<128> Message;
  Info.FormatDiagnostic(Message);
  unsigned Offset = SM.getFileOffset(Loc);
  Out.push_back({Check, std::string(Entry->getName()), Offset,
                 std::string(Message),
                 nolintReason(SM.getBufferData(File), Offset)});
}

/// A check asks clang-tidy's IncludeInserter for a header once per file:
/// the first fix that needs it carries the `#include`, the later ones rely
/// on it. When NOLINT silences that first finding, its insertion is kept
/// here to be handed on (see adoptSuppressedIncludes).
void SuppressionRecorder::keepIncludeInsertions(const std::string &Check,
                                                const Diagnostic &Info) {
  for (const FixItHint &Hint : Info.getFixItHints())
    if (Hint.RemoveRange.getBegin() == Hint.RemoveRange.getEnd() &&
        llvm::StringRef(Hint.CodeToInsert).ltrim().starts_with("#include"))
      SuppressedIncludes.emplace_back(
          Check, tooling::Replacement(Info.getSourceManager(),
                                      Hint.RemoveRange, Hint.CodeToInsert));
}

void SuppressionRecorder::adoptSuppressedIncludes(
    std::vector<ClangTidyError> &Findings, bool FixesFromNotes) const {
  using FixByFile = llvm::StringMap<tooling::Replacements>;
  for (const auto &[Check, Include] : SuppressedIncludes)
    for (ClangTidyError &Finding : Findings) {
      auto *Taken =
          const_cast<FixByFile *>(tidy::getFixIt(Finding, FixesFromNotes));
      if (Finding.DiagnosticName != Check || !Taken)
        continue;
      auto Edits = Taken->find(Include.getFilePath());
      if (Edits == Taken->end() || Edits->second.empty())
        continue;
      insertOnce(Edits->second, Include);
      break;
    }
}

std::unique_ptr<clang::DiagnosticsEngine>
installRecordingEngine(clang::tidy::ClangTidyContext &Context,
                       SuppressionRecorder &Recorder) {
  auto Options = std::make_unique<clang::DiagnosticOptions>();
  auto Engine = std::make_unique<clang::DiagnosticsEngine>(
      clang::DiagnosticIDs::create(), *Options, &Recorder,
      /*ShouldOwnClient=*/false);
  Context.setDiagnosticsEngine(std::move(Options), Engine.get());
  return Engine;
}

} // namespace asynclint
