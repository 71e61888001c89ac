//===--- Config.cpp - which checks run, with which options ---------------===//

#include "Config.h"
#include "clang-tidy/ClangTidy.h"
#include "llvm/Support/MemoryBuffer.h"

using namespace clang::tidy;

namespace asynclint {
namespace {

constexpr llvm::StringRef DefaultChecks = "-*,async-*";
// The clang-tidy core always offers the Clang Static Analyzer's checkers;
// asynclint runs its own module only.
constexpr llvm::StringRef NotOurChecks = "-clang-analyzer-*";

llvm::Error configError(const llvm::Twine &Message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), Message);
}

} // namespace

llvm::Expected<ClangTidyOptions> readConfigFile(llvm::StringRef Path) {
  auto Text = llvm::MemoryBuffer::getFile(Path);
  if (!Text)
    return configError("cannot read config file '" + Path +
                       "': " + Text.getError().message());
  auto Parsed = parseConfiguration((*Text)->getMemBufferRef());
  if (!Parsed)
    return configError("invalid config file '" + Path +
                       "': " + Parsed.getError().message());
  return std::move(*Parsed);
}

std::unique_ptr<ClangTidyOptionsProvider>
makeOptionsProvider(const ConfigRequest &Request,
                    llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> FS) {
  ClangTidyGlobalOptions Global;
  ClangTidyOptions Defaults = ClangTidyOptions::getDefaults();
  Defaults.Checks = DefaultChecks.str();
  ClangTidyOptions Overrides;
  Overrides.Checks = (Request.Checks.empty() ? "" : Request.Checks + ",") +
                     NotOurChecks.str();
  Overrides.HeaderFilterRegex = Request.HeaderFilter;
  Overrides.WarningsAsErrors = Request.WarningsAsErrors;
  if (!Request.ConfigFile)
    return std::make_unique<FileOptionsProvider>(
        std::move(Global), std::move(Defaults), std::move(Overrides), FS);
  return std::make_unique<ConfigOptionsProvider>(
      std::move(Global), std::move(Defaults), *Request.ConfigFile,
      std::move(Overrides), FS);
}

std::vector<std::string> allCheckNames() {
  ClangTidyOptions All = ClangTidyOptions::getDefaults();
  All.Checks = ("*," + NotOurChecks).str();
  return getCheckNames(All, /*AllowEnablingAnalyzerAlphaCheckers=*/false,
                       /*ExperimentalCustomChecks=*/false);
}

std::optional<std::string> unknownCheckIn(llvm::StringRef Globs,
                                          llvm::ArrayRef<std::string> Known) {
  llvm::SmallVector<llvm::StringRef, 8> Parts;
  Globs.split(Parts, ',', -1, false);
  for (llvm::StringRef Part : Parts) {
    Part = Part.trim();
    Part.consume_front("-");
    if (Part.empty() || Part.contains('*'))
      continue;
    if (!llvm::is_contained(Known, Part))
      return Part.str();
  }
  return std::nullopt;
}

std::optional<std::string>
configurationProblem(llvm::ArrayRef<ClangTidyError> Findings) {
  for (const ClangTidyError &E : Findings)
    if (E.DiagnosticName == "clang-tidy-config")
      return E.Message.Message;
  return std::nullopt;
}

} // namespace asynclint
