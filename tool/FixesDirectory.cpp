//===--- FixesDirectory.cpp - fixes written per unit, applied once --------===//

#include "FixesDirectory.h"
#include "Findings.h"
#include "Paths.h"
#include "clang-tidy/ClangTidy.h"
#include "clang/Tooling/DiagnosticsYaml.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/xxhash.h"

using clang::tidy::ClangTidyError;
namespace fs = llvm::sys::fs;

namespace asynclint {
namespace {

llvm::Error failure(const llvm::Twine &Message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), Message);
}

/// One name per unit, stable from one compile to the next: the file's name
/// for the reader, a hash of its absolute path against clashes.
std::string fixesFileOf(llvm::StringRef Dir, llvm::StringRef MainFile) {
  std::string Absolute = absolutePath(MainFile);
  llvm::SmallString<256> Path(Dir);
  llvm::sys::path::append(
      Path, llvm::sys::path::filename(Absolute) + "-" +
                llvm::utohexstr(llvm::xxh3_64bits(Absolute)) + ".yaml");
  return std::string(Path);
}

bool hasFix(const ClangTidyError &Finding) {
  auto NonEmpty = [](const clang::tooling::DiagnosticMessage &M) {
    return llvm::any_of(M.Fix, [](const auto &F) { return !F.second.empty(); });
  };
  return NonEmpty(Finding.Message) || llvm::any_of(Finding.Notes, NonEmpty);
}

ClangTidyError asFinding(const clang::tooling::Diagnostic &D) {
  ClangTidyError Finding(D.DiagnosticName, D.DiagLevel, D.BuildDirectory,
                         /*IsWarningAsError=*/false);
  static_cast<clang::tooling::Diagnostic &>(Finding) = D;
  makePathsAbsolute(Finding);
  return Finding;
}

/// The fixes files of \p Dir, sorted (the same order whatever the file
/// system's).
llvm::Expected<std::vector<std::string>> fixesFilesIn(llvm::StringRef Dir) {
  if (!fs::is_directory(Dir))
    return failure("'" + Dir + "' is not a directory");
  std::vector<std::string> Files;
  std::error_code EC;
  for (fs::directory_iterator It(Dir, EC), End; It != End && !EC;
       It.increment(EC))
    if (llvm::sys::path::extension(It->path()) == ".yaml")
      Files.push_back(It->path());
  if (EC)
    return failure("cannot read '" + Dir + "': " + EC.message());
  llvm::sort(Files);
  return Files;
}

} // namespace

llvm::Error writeUnitFixes(llvm::StringRef Dir, llvm::StringRef MainFile,
                           llvm::ArrayRef<ClangTidyError> Findings,
                           bool KeepNoteFixes) {
  std::vector<ClangTidyError> Fixable;
  for (ClangTidyError &Finding : exportedFixes(Findings, KeepNoteFixes))
    if (!isCompilerError(Finding) && hasFix(Finding))
      Fixable.push_back(std::move(Finding));
  std::string Path = fixesFileOf(Dir, MainFile);
  if (Fixable.empty()) {
    std::error_code EC = fs::remove(Path);
    return EC ? failure("cannot remove '" + Path + "': " + EC.message())
              : llvm::Error::success();
  }
  if (std::error_code EC = fs::create_directories(Dir))
    return failure("cannot create '" + Dir + "': " + EC.message());
  // Written whole or not at all: a parallel build may read it meanwhile.
  return llvm::writeToOutput(Path, [&](llvm::raw_ostream &OS) {
    clang::tidy::exportReplacements(MainFile, Fixable, OS);
    return llvm::Error::success();
  });
}

llvm::Expected<std::vector<ClangTidyError>>
readFixesDirectory(llvm::StringRef Dir) {
  auto Files = fixesFilesIn(Dir);
  if (!Files)
    return Files.takeError();
  std::vector<ClangTidyError> Findings;
  for (const std::string &File : *Files) {
    auto Text = llvm::MemoryBuffer::getFile(File);
    if (!Text)
      return failure("cannot read '" + File +
                     "': " + Text.getError().message());
    clang::tooling::TranslationUnitDiagnostics Unit;
    // Quiet: a damaged file is reported once, below, not by the parser.
    llvm::yaml::Input YAML((*Text)->getBuffer(), nullptr,
                           [](const llvm::SMDiagnostic &, void *) {});
    YAML >> Unit;
    if (YAML.error())
      return failure("'" + File + "' is not a fixes file (clang-apply-" +
                     "replacements YAML)");
    for (const clang::tooling::Diagnostic &D : Unit.Diagnostics)
      Findings.push_back(asFinding(D));
  }
  return Findings;
}

llvm::Error clearFixesDirectory(llvm::StringRef Dir) {
  auto Files = fixesFilesIn(Dir);
  if (!Files)
    return Files.takeError();
  for (const std::string &File : *Files)
    if (std::error_code EC = fs::remove(File))
      return failure("cannot remove '" + File + "': " + EC.message());
  return llvm::Error::success();
}

} // namespace asynclint
