//===--- PreambleInclusions.cpp - #includes a preamble hides --------------===//

#include "lsp/PreambleInclusions.h"
#include "clang/Frontend/CompilerInstance.h"

using namespace clang;

namespace asynclint::lsp {
namespace {

/// Holds the preamble compile's source manager by reference: the callbacks
/// are made before the compile's BeforeExecute hands it over.
class Recorder : public PPCallbacks {
public:
  Recorder(const SourceManager *const &Sources,
           std::vector<RecordedInclusion> &Out)
      : Sources(Sources), Out(Out) {}

  void InclusionDirective(SourceLocation HashLoc, const Token &IncludeTok,
                          StringRef FileName, bool IsAngled,
                          CharSourceRange FilenameRange,
                          OptionalFileEntryRef File, StringRef SearchPath,
                          StringRef RelativePath, const Module *, bool,
                          SrcMgr::CharacteristicKind FileType) override {
    const SourceManager &SM = *Sources;
    if (!SM.isWrittenInMainFile(HashLoc) ||
        FilenameRange.getBegin().isMacroID())
      return;
    RecordedInclusion Inclusion;
    Inclusion.HashOffset = SM.getFileOffset(HashLoc);
    Inclusion.KeywordOffset = SM.getFileOffset(IncludeTok.getLocation());
    if (const IdentifierInfo *Keyword = IncludeTok.getIdentifierInfo())
      Inclusion.Keyword = Keyword->getName().str();
    Inclusion.Spelled = FileName.str();
    Inclusion.Angled = IsAngled;
    Inclusion.FilenameBegin = SM.getFileOffset(FilenameRange.getBegin());
    Inclusion.FilenameEnd = SM.getFileOffset(FilenameRange.getEnd());
    Inclusion.FilenameIsTokenRange = FilenameRange.isTokenRange();
    if (File)
      Inclusion.ResolvedPath = File->getName().str();
    Inclusion.SearchPath = SearchPath.str();
    Inclusion.RelativePath = RelativePath.str();
    Inclusion.FileType = FileType;
    Out.push_back(std::move(Inclusion));
  }

private:
  const SourceManager *const &Sources;
  std::vector<RecordedInclusion> &Out;
};

class Replayer : public PPCallbacks {
public:
  Replayer(const std::vector<RecordedInclusion> &Inclusions,
           PPCallbacks &Checks, Preprocessor &PP)
      : Inclusions(Inclusions), Checks(Checks), PP(PP) {}

  void FileChanged(SourceLocation Loc, FileChangeReason Reason,
                   SrcMgr::CharacteristicKind, FileID) override {
    const SourceManager &SM = PP.getSourceManager();
    if (Replayed || Reason != EnterFile ||
        SM.getFileID(Loc) != SM.getMainFileID())
      return;
    Replayed = true;
    for (const RecordedInclusion &Inclusion : Inclusions)
      replay(Inclusion, SM.getLocForStartOfFile(SM.getMainFileID()));
  }

private:
  void replay(const RecordedInclusion &Inclusion, SourceLocation Start) {
    Token Keyword;
    Keyword.startToken();
    Keyword.setKind(tok::identifier);
    Keyword.setLocation(Start.getLocWithOffset(Inclusion.KeywordOffset));
    Keyword.setLength(Inclusion.Keyword.size());
    Keyword.setIdentifierInfo(PP.getIdentifierInfo(Inclusion.Keyword));
    SourceLocation Begin = Start.getLocWithOffset(Inclusion.FilenameBegin);
    SourceLocation End = Start.getLocWithOffset(Inclusion.FilenameEnd);
    CharSourceRange Filename = Inclusion.FilenameIsTokenRange
                                   ? CharSourceRange::getTokenRange(Begin, End)
                                   : CharSourceRange::getCharRange(Begin, End);
    OptionalFileEntryRef File =
        Inclusion.ResolvedPath.empty()
            ? std::nullopt
            : PP.getFileManager().getOptionalFileRef(Inclusion.ResolvedPath);
    Checks.InclusionDirective(Start.getLocWithOffset(Inclusion.HashOffset),
                              Keyword, Inclusion.Spelled, Inclusion.Angled,
                              Filename, File, Inclusion.SearchPath,
                              Inclusion.RelativePath,
                              /*SuggestedModule=*/nullptr,
                              /*ModuleImported=*/false, Inclusion.FileType);
  }

  const std::vector<RecordedInclusion> &Inclusions;
  PPCallbacks &Checks;
  Preprocessor &PP;
  bool Replayed = false;
};

} // namespace

void InclusionRecorder::BeforeExecute(CompilerInstance &Compiler) {
  SM = &Compiler.getSourceManager();
}

std::unique_ptr<PPCallbacks> InclusionRecorder::createPPCallbacks() {
  return std::make_unique<Recorder>(SM, Inclusions);
}

std::unique_ptr<PPCallbacks>
replayInclusions(const std::vector<RecordedInclusion> &Inclusions,
                 PPCallbacks &Checks, Preprocessor &PP) {
  return std::make_unique<Replayer>(Inclusions, Checks, PP);
}

} // namespace asynclint::lsp
