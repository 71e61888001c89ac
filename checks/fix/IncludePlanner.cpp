//===--- IncludePlanner.cpp - where a fix's #include goes -----------------===//

#include "fix/IncludePlanner.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/PPCallbacks.h"
#include "clang/Lex/Preprocessor.h"

namespace clang::tidy::async {
namespace {

class IncludeRecorder : public PPCallbacks {
public:
  IncludeRecorder(IncludePlanner &Planner, const SourceManager &SM)
      : Planner(Planner), SM(SM) {}

  void InclusionDirective(SourceLocation HashLoc, const Token &,
                          StringRef FileName, bool, CharSourceRange Range,
                          OptionalFileEntryRef, StringRef, StringRef,
                          const Module *, bool,
                          SrcMgr::CharacteristicKind) override {
    if (HashLoc.isMacroID() || Range.getEnd().isMacroID())
      return;
    SourceLocation End = Range.getEnd();
    bool Invalid = false;
    const char *Text = SM.getCharacterData(End, &Invalid);
    if (Invalid)
      return;
    // The directive ends at its line's end (a trailing comment included).
    unsigned Offset = 0;
    while (Text[Offset] && Text[Offset] != '\n')
      ++Offset;
    if (Text[Offset] != '\n')
      return;
    Planner.recordInclude(SM.getFileID(HashLoc), FileName,
                          End.getLocWithOffset(Offset + 1));
  }

private:
  IncludePlanner &Planner;
  const SourceManager &SM;
};

} // namespace

llvm::StringRef libraryOfHeader(llvm::StringRef Path) {
  llvm::StringRef First = Path.take_until([](char C) { return C == '/'; });
  return First.take_until([](char C) { return C == '.'; });
}

void IncludePlanner::registerPreprocessor(Preprocessor *PP) {
  Inserter.registerPreprocessor(PP);
  PP->addPPCallbacks(
      std::make_unique<IncludeRecorder>(*this, PP->getSourceManager()));
}

void IncludePlanner::recordInclude(FileID File, llvm::StringRef Spelled,
                                   SourceLocation NextLine) {
  FileIncludes &In = Includes[File];
  In.Spelled.insert(Spelled);
  In.AfterLibrary[libraryOfHeader(Spelled)] = NextLine;
}

std::optional<FixItHint>
IncludePlanner::createIncludeInsertion(FileID File, llvm::StringRef Header) {
  llvm::StringRef Name = Header;
  bool Angled = Name.consume_front("<");
  if (Angled ? !Name.consume_back(">")
             : !(Name.consume_front("\"") && Name.consume_back("\"")))
    return std::nullopt;
  auto Known = Includes.find(File);
  if (Known != Includes.end() && Known->second.Spelled.contains(Name))
    return std::nullopt;
  if (!SelfContainedDiags && !Inserted[File].insert(Name).second)
    return std::nullopt;
  if (Known != Includes.end()) {
    auto Library = Known->second.AfterLibrary.find(libraryOfHeader(Name));
    if (Library != Known->second.AfterLibrary.end())
      return FixItHint::CreateInsertion(
          Library->second, (llvm::Twine("#include ") + Header + "\n").str());
  }
  return Inserter.createIncludeInsertion(File, Header);
}

} // namespace clang::tidy::async
