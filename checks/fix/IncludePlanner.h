//===--- IncludePlanner.h - where a fix's #include goes ----------*- C++ -*-===//
//
// clang-tidy's IncludeInserter assumes a file's includes are sorted: in a
// file whose includes are not (`<chrono>` before `<asio/...>`), it inserts a
// header the file already includes, and it puts a library's header above the
// configuration macros that must precede it (`#define ASIO_HAS_CO_AWAIT 1`
// before `#include <asio.hpp>`). The planner answers the two questions first:
// a header the file already includes is not inserted again, and a header of a
// library the file already includes goes right after that library's last
// include. Everything else is left to clang-tidy's IncludeSorter.
//
// Only the include directives of files outside system headers are recorded
// (a fix never lands in a system header), and a file's IncludeSorter is built
// only when a fix needs an include there: recording every directive of every
// header in each check cost megabytes per unit in the compiler plugin.
//
//===----------------------------------------------------------------------===//

#ifndef ASYNCLINT_CHECKS_FIX_INCLUDEPLANNER_H
#define ASYNCLINT_CHECKS_FIX_INCLUDEPLANNER_H

#include "clang-tidy/utils/IncludeSorter.h"
#include "clang/Basic/SourceLocation.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/ADT/StringSet.h"
#include <optional>
#include <string>
#include <vector>

namespace clang {
class Preprocessor;
namespace tidy::async {

class IncludePlanner {
public:
  IncludePlanner(utils::IncludeSorter::IncludeStyle Style,
                 bool SelfContainedDiags)
      : Style(Style), SelfContainedDiags(SelfContainedDiags) {}

  /// Must be called before the preprocessor runs (from registerPPCallbacks).
  void registerPreprocessor(Preprocessor *PP);

  /// The insertion of \p Header (`<x>` or `"x"`) into \p File, or none when
  /// \p File includes it already or an earlier fix of this check inserts it.
  std::optional<FixItHint> createIncludeInsertion(FileID File,
                                                  llvm::StringRef Header);

  utils::IncludeSorter::IncludeStyle getStyle() const { return Style; }

  /// An include directive as the preprocessor saw it.
  struct Directive {
    std::string Spelled; ///< the header's name, without `<>` or quotes
    bool Angled;
    SourceLocation Hash;     ///< the `#`
    SourceLocation Keyword;  ///< the end of the `include` keyword
    /// The start of the line after the directive; invalid when the directive
    /// comes from a macro or ends the file.
    SourceLocation NextLine;
  };
  /// Records a directive of the file \p File (the preprocessor's callback).
  void recordInclude(FileID File, Directive D);

private:
  /// Where \p Name goes when a file's \p Directives include a header of its
  /// library: after that library's last include.
  static std::optional<SourceLocation>
  afterLibrary(llvm::ArrayRef<Directive> Directives, llvm::StringRef Name);
  /// Where clang-tidy's IncludeSorter, fed \p File's \p Directives, puts it.
  std::optional<FixItHint> sortedInsertion(FileID File,
                                           llvm::ArrayRef<Directive> Directives,
                                           llvm::StringRef Name,
                                           bool Angled) const;

  utils::IncludeSorter::IncludeStyle Style;
  bool SelfContainedDiags;
  const SourceManager *SM = nullptr;
  llvm::DenseMap<FileID, std::vector<Directive>> Includes;
  llvm::DenseMap<FileID, llvm::StringSet<>> Inserted;
};

/// The library a header path belongs to: its first path component without
/// extension (`asio` for `asio/experimental/awaitable_operators.hpp` and for
/// `asio.hpp`).
llvm::StringRef libraryOfHeader(llvm::StringRef Path);

} // namespace tidy::async
} // namespace clang

#endif
