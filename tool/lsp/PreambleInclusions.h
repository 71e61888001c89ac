//===--- PreambleInclusions.h - #includes a preamble hides ------*- C++ -*-===//
//
// With a precompiled preamble the preprocessor skips the main file's
// #include lines, so the checks' preprocessor callbacks never see them: a
// fix would insert an #include the file already has, or in the wrong
// place. The inclusions are recorded while the preamble is built and
// replayed to the checks when the preprocessor enters the main file (as
// clangd does for clang-tidy).
//
//===----------------------------------------------------------------------===//

#ifndef ASYNCLINT_TOOL_LSP_PREAMBLEINCLUSIONS_H
#define ASYNCLINT_TOOL_LSP_PREAMBLEINCLUSIONS_H

#include "clang/Basic/SourceManager.h"
#include "clang/Frontend/PrecompiledPreamble.h"
#include "clang/Lex/PPCallbacks.h"
#include "clang/Lex/Preprocessor.h"
#include <memory>
#include <string>
#include <vector>

namespace asynclint::lsp {

/// An #include of the main file's preamble, by offsets in the main file
/// (which stay valid: the preamble is reused only while its text is equal).
struct RecordedInclusion {
  unsigned HashOffset = 0;
  unsigned KeywordOffset = 0;
  std::string Keyword;
  std::string Spelled;
  bool Angled = false;
  unsigned FilenameBegin = 0;
  unsigned FilenameEnd = 0;
  bool FilenameIsTokenRange = false;
  std::string ResolvedPath;
  std::string SearchPath;
  std::string RelativePath;
  clang::SrcMgr::CharacteristicKind FileType = clang::SrcMgr::C_User;
};

/// Records the main file's inclusions while a preamble is built.
class InclusionRecorder : public clang::PreambleCallbacks {
public:
  void BeforeExecute(clang::CompilerInstance &Compiler) override;
  std::unique_ptr<clang::PPCallbacks> createPPCallbacks() override;

  std::vector<RecordedInclusion> Inclusions;

private:
  const clang::SourceManager *SM = nullptr;
};

/// Callbacks that replay \p Inclusions to \p Checks once, when \p PP enters
/// the main file.
std::unique_ptr<clang::PPCallbacks>
replayInclusions(const std::vector<RecordedInclusion> &Inclusions,
                 clang::PPCallbacks &Checks, clang::Preprocessor &PP);

} // namespace asynclint::lsp

#endif
