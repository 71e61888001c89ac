//===--- SourceText.h - positions and lines of reported files ---*- C++ -*-===//

#ifndef ASYNCLINT_TOOL_SOURCETEXT_H
#define ASYNCLINT_TOOL_SOURCETEXT_H

#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/MemoryBuffer.h"
#include <string>
#include <utility>

namespace asynclint {

/// The text of the files a report mentions, each read once.
class SourceText {
public:
  /// 1-based line and (byte) column of \p Offset in \p Path.
  std::pair<unsigned, unsigned> of(const std::string &Path, unsigned Offset) {
    llvm::StringRef Before = text(Path).take_front(Offset);
    unsigned Line = 1 + Before.count('\n');
    size_t LineStart = Before.rfind('\n');
    unsigned Column =
        LineStart == llvm::StringRef::npos ? Offset + 1 : Offset - LineStart;
    return {Line, Column};
  }

  /// The line of \p Path that holds \p Offset, without its line break.
  llvm::StringRef lineAt(const std::string &Path, unsigned Offset) {
    llvm::StringRef Text = text(Path);
    size_t Start = Text.rfind('\n', Offset);
    Start = Start == llvm::StringRef::npos ? 0 : Start + 1;
    return Text.substr(Start).take_until([](char C) { return C == '\n'; });
  }

private:
  llvm::StringRef text(const std::string &Path) {
    auto [It, Inserted] = Files.try_emplace(Path);
    if (Inserted)
      if (auto Buffer = llvm::MemoryBuffer::getFile(Path))
        It->second = (*Buffer)->getBuffer().str();
    return It->second;
  }

  llvm::StringMap<std::string> Files;
};

} // namespace asynclint

#endif
