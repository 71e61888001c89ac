//===--- SourceCode.h - LSP positions, ranges and URIs ----------*- C++ -*-===//
//
// LSP positions count UTF-16 code units on a line (the protocol's default
// encoding); Clang counts bytes. These convert between the two on the text
// the server holds, and between `file:` URIs and paths.
//
//===----------------------------------------------------------------------===//

#ifndef ASYNCLINT_TOOL_LSP_SOURCECODE_H
#define ASYNCLINT_TOOL_LSP_SOURCECODE_H

#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/JSON.h"
#include <optional>
#include <string>

namespace asynclint::lsp {

/// The text of the files a finding mentions: the analysed buffer for its
/// own path, the others as they are on disk (read once).
class FileTexts {
public:
  FileTexts(llvm::StringRef Path, llvm::StringRef Text) {
    Texts[Path] = Text.str();
  }
  llvm::StringRef of(llvm::StringRef Path);

private:
  llvm::StringMap<std::string> Texts;
};

/// The byte offset of an LSP position ({line, character}) in \p Text;
/// positions past a line's end are clamped to it, as the protocol asks.
std::optional<size_t> offsetOf(llvm::StringRef Text,
                               const llvm::json::Value &Position);

/// The LSP position of byte \p Offset of \p Text.
llvm::json::Object positionOf(llvm::StringRef Text, size_t Offset);

/// The LSP range of bytes [Begin, End) of \p Text.
llvm::json::Object rangeOf(llvm::StringRef Text, size_t Begin, size_t End);

/// Applies one entry of didChange's contentChanges to \p Text: the whole
/// text, or a range and its new text. False when it is neither.
bool applyChange(std::string &Text, const llvm::json::Object &Change);

/// The path of a `file:` URI.
std::optional<std::string> pathOfUri(llvm::StringRef Uri);

/// The `file:` URI of an absolute path.
std::string uriOfPath(llvm::StringRef Path);

} // namespace asynclint::lsp

#endif
