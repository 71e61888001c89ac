//===--- IncludePlanner.cpp - where a fix's #include goes -----------------===//

#include "fix/IncludePlanner.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/PPCallbacks.h"
#include "clang/Lex/Preprocessor.h"
#include "llvm/ADT/STLExtras.h"

namespace clang::tidy::async {
namespace {

class IncludeRecorder : public PPCallbacks {
public:
  IncludeRecorder(IncludePlanner &Planner, const SourceManager &SM)
      : Planner(Planner), SM(SM) {}

  void InclusionDirective(SourceLocation HashLoc, const Token &IncludeToken,
                          StringRef FileName, bool IsAngled,
                          CharSourceRange Range, OptionalFileEntryRef,
                          StringRef, StringRef, const Module *, bool,
                          SrcMgr::CharacteristicKind) override {
    if (SM.isInSystemHeader(HashLoc))
      return;
    Planner.recordInclude(SM.getFileID(HashLoc),
                          {FileName.str(), IsAngled, HashLoc,
                           IncludeToken.getEndLoc(), nextLine(HashLoc, Range)});
  }

private:
  /// The start of the line after the directive (a trailing comment
  /// included), or an invalid location.
  SourceLocation nextLine(SourceLocation HashLoc, CharSourceRange Range) const {
    SourceLocation End = Range.getEnd();
    if (HashLoc.isMacroID() || End.isMacroID())
      return {};
    bool Invalid = false;
    const char *Text = SM.getCharacterData(End, &Invalid);
    if (Invalid)
      return {};
    unsigned Offset = 0;
    while (Text[Offset] && Text[Offset] != '\n')
      ++Offset;
    if (Text[Offset] != '\n')
      return {};
    return End.getLocWithOffset(Offset + 1);
  }

  IncludePlanner &Planner;
  const SourceManager &SM;
};

} // namespace

llvm::StringRef libraryOfHeader(llvm::StringRef Path) {
  llvm::StringRef First = Path.take_until([](char C) { return C == '/'; });
  return First.take_until([](char C) { return C == '.'; });
}

void IncludePlanner::registerPreprocessor(Preprocessor *PP) {
  SM = &PP->getSourceManager();
  PP->addPPCallbacks(std::make_unique<IncludeRecorder>(*this, *SM));
}

void IncludePlanner::recordInclude(FileID File, Directive D) {
  Includes[File].push_back(std::move(D));
}

std::optional<SourceLocation>
IncludePlanner::afterLibrary(llvm::ArrayRef<Directive> Directives,
                             llvm::StringRef Name) {
  llvm::StringRef Library = libraryOfHeader(Name);
  for (const Directive &D : llvm::reverse(Directives))
    if (D.NextLine.isValid() && libraryOfHeader(D.Spelled) == Library)
      return D.NextLine;
  return std::nullopt;
}

std::optional<FixItHint>
IncludePlanner::sortedInsertion(FileID File,
                                llvm::ArrayRef<Directive> Directives,
                                llvm::StringRef Name, bool Angled) const {
  utils::IncludeSorter Sorter(
      SM, File, SM->getFilename(SM->getLocForStartOfFile(File)), Style);
  for (const Directive &D : Directives)
    Sorter.addInclude(D.Spelled, D.Angled, D.Hash, D.Keyword);
  return Sorter.createIncludeInsertion(Name, Angled);
}

std::optional<FixItHint>
IncludePlanner::createIncludeInsertion(FileID File, llvm::StringRef Header) {
  llvm::StringRef Name = Header;
  bool Angled = Name.consume_front("<");
  if (Angled ? !Name.consume_back(">")
             : !(Name.consume_front("\"") && Name.consume_back("\"")))
    return std::nullopt;
  llvm::ArrayRef<Directive> Directives;
  if (auto Known = Includes.find(File); Known != Includes.end())
    Directives = Known->second;
  if (llvm::any_of(Directives, [&](const Directive &D) {
        return D.NextLine.isValid() && D.Spelled == Name;
      }))
    return std::nullopt;
  if (!SelfContainedDiags && !Inserted[File].insert(Name).second)
    return std::nullopt;
  if (std::optional<SourceLocation> After = afterLibrary(Directives, Name))
    return FixItHint::CreateInsertion(
        *After, (llvm::Twine("#include ") + Header + "\n").str());
  return sortedInsertion(File, Directives, Name, Angled);
}

} // namespace clang::tidy::async
