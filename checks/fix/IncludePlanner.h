//===--- IncludePlanner.h - where a fix's #include goes ----------*- C++ -*-===//
//
// clang-tidy's IncludeInserter assumes a file's includes are sorted: in a
// file whose includes are not (`<chrono>` before `<asio/...>`), it inserts a
// header the file already includes, and it puts a library's header above the
// configuration macros that must precede it (`#define ASIO_HAS_CO_AWAIT 1`
// before `#include <asio.hpp>`). The planner answers the two questions first:
// a header the file already includes is not inserted again, and a header of a
// library the file already includes goes right after that library's last
// include. Everything else is left to the IncludeInserter.
//
//===----------------------------------------------------------------------===//

#ifndef ASYNCLINT_CHECKS_FIX_INCLUDEPLANNER_H
#define ASYNCLINT_CHECKS_FIX_INCLUDEPLANNER_H

#include "clang-tidy/utils/IncludeInserter.h"
#include "clang/Basic/SourceLocation.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/ADT/StringSet.h"
#include <optional>

namespace clang {
class Preprocessor;
namespace tidy::async {

class IncludePlanner {
public:
  IncludePlanner(utils::IncludeSorter::IncludeStyle Style,
                 bool SelfContainedDiags)
      : Inserter(Style, SelfContainedDiags),
        SelfContainedDiags(SelfContainedDiags) {}

  /// Must be called before the preprocessor runs (from registerPPCallbacks).
  void registerPreprocessor(Preprocessor *PP);

  /// The insertion of \p Header (`<x>` or `"x"`) into \p File, or none when
  /// \p File includes it already or an earlier fix of this check inserts it.
  std::optional<FixItHint> createIncludeInsertion(FileID File,
                                                  llvm::StringRef Header);

  utils::IncludeSorter::IncludeStyle getStyle() const {
    return Inserter.getStyle();
  }

  /// Records an include directive of the file \p File (the preprocessor's
  /// callback).
  void recordInclude(FileID File, llvm::StringRef Spelled,
                     SourceLocation NextLine);

private:
  struct FileIncludes {
    llvm::StringSet<> Spelled;
    /// The start of the line after each library's last include.
    llvm::StringMap<SourceLocation> AfterLibrary;
  };

  utils::IncludeInserter Inserter;
  bool SelfContainedDiags;
  llvm::DenseMap<FileID, FileIncludes> Includes;
  llvm::DenseMap<FileID, llvm::StringSet<>> Inserted;
};

/// The library a header path belongs to: its first path component without
/// extension (`asio` for `asio/experimental/awaitable_operators.hpp` and for
/// `asio.hpp`).
llvm::StringRef libraryOfHeader(llvm::StringRef Path);

} // namespace tidy::async
} // namespace clang

#endif
