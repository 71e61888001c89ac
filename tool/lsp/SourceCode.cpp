//===--- SourceCode.cpp - LSP positions, ranges and URIs ------------------===//

#include "lsp/SourceCode.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/MemoryBuffer.h"

namespace asynclint::lsp {
namespace {

/// The UTF-16 code units of the UTF-8 sequence that starts with \p Lead.
unsigned utf16Units(unsigned char Lead) { return Lead >= 0xF0 ? 2 : 1; }

/// The length in bytes of the UTF-8 sequence that starts with \p Lead.
unsigned utf8Length(unsigned char Lead) {
  return Lead < 0xC0 ? 1 : Lead < 0xE0 ? 2 : Lead < 0xF0 ? 3 : 4;
}

size_t lineStart(llvm::StringRef Text, unsigned Line) {
  size_t Start = 0;
  for (unsigned L = 0; L < Line; ++L) {
    size_t Break = Text.find('\n', Start);
    if (Break == llvm::StringRef::npos)
      return llvm::StringRef::npos;
    Start = Break + 1;
  }
  return Start;
}

bool isUnreserved(char C) {
  return llvm::isAlnum(C) || llvm::StringRef("-._~/").contains(C);
}

} // namespace

llvm::StringRef FileTexts::of(llvm::StringRef Path) {
  auto [It, Inserted] = Texts.try_emplace(Path);
  if (Inserted)
    if (auto Buffer = llvm::MemoryBuffer::getFile(Path))
      It->second = (*Buffer)->getBuffer().str();
  return It->second;
}

std::optional<size_t> offsetOf(llvm::StringRef Text,
                               const llvm::json::Value &Position) {
  const llvm::json::Object *P = Position.getAsObject();
  std::optional<int64_t> Line = P ? P->getInteger("line") : std::nullopt;
  std::optional<int64_t> Character =
      P ? P->getInteger("character") : std::nullopt;
  if (!Line || !Character || *Line < 0 || *Character < 0)
    return std::nullopt;
  size_t Offset = lineStart(Text, static_cast<unsigned>(*Line));
  if (Offset == llvm::StringRef::npos)
    return Text.size(); // past the last line: the end, as editors mean it
  for (int64_t Units = 0;
       Units < *Character && Offset < Text.size() && Text[Offset] != '\n';) {
    unsigned char Lead = Text[Offset];
    Units += utf16Units(Lead);
    Offset = std::min(Text.size(), Offset + utf8Length(Lead));
  }
  return Offset;
}

llvm::json::Object positionOf(llvm::StringRef Text, size_t Offset) {
  Offset = std::min(Offset, Text.size());
  llvm::StringRef Before = Text.take_front(Offset);
  size_t Start = Before.rfind('\n');
  Start = Start == llvm::StringRef::npos ? 0 : Start + 1;
  int64_t Character = 0;
  for (size_t I = Start; I < Offset; I += utf8Length(Text[I]))
    Character += utf16Units(Text[I]);
  return llvm::json::Object{{"line", static_cast<int64_t>(Before.count('\n'))},
                            {"character", Character}};
}

llvm::json::Object rangeOf(llvm::StringRef Text, size_t Begin, size_t End) {
  return llvm::json::Object{{"start", positionOf(Text, Begin)},
                            {"end", positionOf(Text, End)}};
}

bool applyChange(std::string &Text, const llvm::json::Object &Change) {
  std::optional<llvm::StringRef> NewText = Change.getString("text");
  if (!NewText)
    return false;
  const llvm::json::Object *Range = Change.getObject("range");
  if (!Range) {
    Text = NewText->str();
    return true;
  }
  const llvm::json::Value *Start = Range->get("start");
  const llvm::json::Value *End = Range->get("end");
  std::optional<size_t> From = Start ? offsetOf(Text, *Start) : std::nullopt;
  std::optional<size_t> To = End ? offsetOf(Text, *End) : std::nullopt;
  if (!From || !To || *To < *From)
    return false;
  Text.replace(*From, *To - *From, NewText->str());
  return true;
}

std::optional<std::string> pathOfUri(llvm::StringRef Uri) {
  if (!Uri.consume_front("file://"))
    return std::nullopt;
  std::string Path;
  for (size_t I = 0; I < Uri.size(); ++I) {
    unsigned Byte = 0;
    if (Uri[I] == '%' && I + 2 < Uri.size() &&
        !Uri.substr(I + 1, 2).getAsInteger(16, Byte)) {
      Path.push_back(static_cast<char>(Byte));
      I += 2;
      continue;
    }
    Path.push_back(Uri[I]);
  }
  if (Path.empty() || Path.front() != '/')
    return std::nullopt;
  return Path;
}

std::string uriOfPath(llvm::StringRef Path) {
  std::string Uri = "file://";
  for (char C : Path) {
    if (isUnreserved(C)) {
      Uri.push_back(C);
      continue;
    }
    Uri += "%" + llvm::utohexstr(static_cast<unsigned char>(C), false, 2);
  }
  return Uri;
}

} // namespace asynclint::lsp
