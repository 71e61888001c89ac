//===--- AsyncLintMain.cpp - the asynclint command line ------------------===//
//
// A clang-tidy driver that knows only the `async` module: it reads the usual
// .clang-tidy files and NOLINT comments, prints clang-tidy-style diagnostics
// and applies fixes. Exit status: 0 no findings, 1 findings, 2 usage or tool
// error.
//
//===----------------------------------------------------------------------===//

#include "Docs.h"
#include "Report.h"
#include "clang-tidy/ClangTidy.h"
#include "clang-tidy/ClangTidyDiagnosticConsumer.h"
#include "clang-tidy/ClangTidyOptions.h"
#include "clang-tidy/GlobList.h"
#include "clang/Tooling/CompilationDatabase.h"
#include "llvm/Config/llvm-config.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/VirtualFileSystem.h"
#include "llvm/Support/WithColor.h"
#include "llvm/Support/raw_ostream.h"
#include <algorithm>
#include <atomic>
#include <thread>
#include <tuple>
#include <unistd.h>

using namespace clang;
using namespace clang::tidy;
namespace cl = llvm::cl;

namespace {

constexpr int ExitClean = 0;
constexpr int ExitFindings = 1;
constexpr int ExitError = 2;
constexpr llvm::StringRef DefaultChecks = "-*,async-*";
constexpr llvm::StringRef NotOurChecks = "-clang-analyzer-*";

cl::OptionCategory Category("asynclint options");

cl::list<std::string> Sources(cl::Positional, cl::desc("<source files>"),
                              cl::cat(Category));
cl::opt<std::string> BuildPath("p",
                               cl::desc("Build directory holding "
                                        "compile_commands.json"),
                               cl::value_desc("dir"), cl::cat(Category));
cl::opt<std::string> ChecksOpt("checks",
                               cl::desc("Comma-separated globs of checks to "
                                        "run (default: all async-* checks)"),
                               cl::init(""), cl::cat(Category));
cl::opt<std::string> ConfigFile("config-file",
                                cl::desc("Read the configuration from this "
                                         ".clang-tidy-format file instead of "
                                         "looking for .clang-tidy files"),
                                cl::init(""), cl::cat(Category));
cl::opt<bool> Fix("fix", cl::desc("Apply the fixes of warnings in place"),
                  cl::cat(Category));
cl::opt<bool> FixNotes("fix-notes",
                       cl::desc("Also apply fixes offered on notes (the "
                                "alternative repairs)"),
                       cl::cat(Category));
cl::opt<std::string> ExportFixes("export-fixes",
                                 cl::desc("Write the fixes as YAML for "
                                          "clang-apply-replacements"),
                                 cl::value_desc("file"), cl::cat(Category));
cl::opt<bool> ListChecks("list-checks", cl::desc("List the checks and exit"),
                         cl::cat(Category));
cl::opt<std::string> Explain("explain",
                             cl::desc("Print the documentation of a check"),
                             cl::value_desc("check"), cl::cat(Category));
cl::opt<bool> Quiet("quiet", cl::desc("Do not print the summary line"),
                    cl::cat(Category));
enum class OutputFormat { Text, Json, Sarif };
cl::opt<OutputFormat>
    Format("format", cl::desc("How to report findings"),
           cl::values(clEnumValN(OutputFormat::Text, "text",
                                 "clang-tidy style diagnostics (default)"),
                      clEnumValN(OutputFormat::Json, "json",
                                 "JSON (docs/json-output.md)"),
                      clEnumValN(OutputFormat::Sarif, "sarif", "SARIF 2.1.0")),
           cl::init(OutputFormat::Text), cl::cat(Category));
cl::opt<std::string> OutputFile("output",
                                cl::desc("Write the report to this file"),
                                cl::value_desc("file"), cl::cat(Category));
cl::opt<int> Jobs("j",
                  cl::desc("Translation units analysed in parallel "
                           "(default: all cores)"),
                  cl::init(0), cl::Prefix, cl::cat(Category));

int fail(const llvm::Twine &Message) {
  llvm::WithColor::error(llvm::errs(), "asynclint") << Message << "\n";
  return ExitError;
}

/// Splits `argv` at `--`: flags after it are the compile command for every
/// source file given.
struct SplitArgs {
  llvm::SmallVector<const char *, 16> Own;
  std::vector<std::string> CompilerFlags;
  bool HasCompilerFlags = false;
};

SplitArgs splitAtDashDash(int Argc, const char **Argv) {
  SplitArgs Out;
  for (int I = 0; I < Argc; ++I) {
    if (I > 0 && llvm::StringRef(Argv[I]) == "--") {
      Out.HasCompilerFlags = true;
      Out.CompilerFlags.assign(Argv + I + 1, Argv + Argc);
      break;
    }
    Out.Own.push_back(Argv[I]);
  }
  return Out;
}

std::unique_ptr<tooling::CompilationDatabase>
loadCompilations(const SplitArgs &Args, std::string &Error) {
  if (Args.HasCompilerFlags)
    return std::make_unique<tooling::FixedCompilationDatabase>(
        ".", Args.CompilerFlags);
  if (!BuildPath.empty()) {
    auto DB = tooling::CompilationDatabase::loadFromDirectory(BuildPath, Error);
    if (!DB)
      Error = "cannot load a compilation database from '" + BuildPath +
              "': " + Error;
    return DB;
  }
  if (auto DB = tooling::CompilationDatabase::autoDetectFromSource(
          Sources.front(), Error))
    return DB;
  Error = "no compilation database found for '" + Sources.front() +
          "'; pass -p <build-dir> with a compile_commands.json (CMake: "
          "-DCMAKE_EXPORT_COMPILE_COMMANDS=ON, or run the build under bear), "
          "or give compiler flags after --";
  return nullptr;
}

std::unique_ptr<ClangTidyOptionsProvider>
makeOptionsProvider(std::string &Error) {
  ClangTidyGlobalOptions Global;
  ClangTidyOptions Defaults = ClangTidyOptions::getDefaults();
  Defaults.Checks = DefaultChecks.str();
  ClangTidyOptions Overrides;
  // The clang-tidy core always offers the Clang Static Analyzer's checkers;
  // asynclint runs its own module only, whatever a .clang-tidy file enables.
  Overrides.Checks =
      (ChecksOpt.empty() ? "" : ChecksOpt + ",") + NotOurChecks.str();
  if (ConfigFile.empty())
    return std::make_unique<FileOptionsProvider>(
        std::move(Global), std::move(Defaults), std::move(Overrides),
        llvm::vfs::getRealFileSystem());
  auto Text = llvm::MemoryBuffer::getFile(ConfigFile);
  if (!Text) {
    Error = "cannot read config file '" + ConfigFile +
            "': " + Text.getError().message();
    return nullptr;
  }
  auto Parsed = parseConfiguration((*Text)->getMemBufferRef());
  if (!Parsed) {
    Error = "invalid config file '" + ConfigFile +
            "': " + Parsed.getError().message();
    return nullptr;
  }
  return std::make_unique<ConfigOptionsProvider>(
      std::move(Global), std::move(Defaults), std::move(*Parsed),
      std::move(Overrides), llvm::vfs::getRealFileSystem());
}

/// Every check name a `--checks` glob without wildcards names must exist.
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

std::vector<std::string> allCheckNames() {
  ClangTidyOptions All = ClangTidyOptions::getDefaults();
  All.Checks = ("*," + NotOurChecks).str();
  return getCheckNames(All, /*AllowEnablingAnalyzerAlphaCheckers=*/false,
                       /*ExperimentalCustomChecks=*/false);
}

int listChecks() {
  for (const std::string &Name : allCheckNames())
    llvm::outs() << Name << "\n";
  return ExitClean;
}

int explain(llvm::StringRef Check) {
  std::optional<llvm::StringRef> Doc = asynclint::checkDoc(Check);
  if (!Doc)
    return fail("unknown check '" + Check +
                "'; see --list-checks for the available ones");
  llvm::outs() << *Doc;
  return ExitClean;
}

unsigned jobCount(size_t Files) {
  unsigned Cores = std::max(1u, std::thread::hardware_concurrency());
  unsigned Wanted = Jobs > 0 ? static_cast<unsigned>(Jobs) : Cores;
  return static_cast<unsigned>(std::min<size_t>(Wanted, Files));
}

auto findingKey(const ClangTidyError &E) {
  return std::tie(E.Message.FilePath, E.Message.FileOffset, E.DiagnosticName,
                  E.Message.Message);
}

/// Runs the checks over \p Files, one translation unit at a time on each of
/// the worker threads, each with a clang-tidy context of its own. Findings
/// come back in a deterministic order (file, offset, check), and a finding
/// in a header shared by several translation units comes back once.
std::vector<ClangTidyError>
analyse(const std::vector<std::string> &Files,
        const tooling::CompilationDatabase &Compilations) {
  std::atomic<size_t> Next{0};
  unsigned Workers = jobCount(Files.size());
  std::vector<std::vector<ClangTidyError>> PerWorker(Workers);
  auto Work = [&](unsigned Worker) {
    auto FS = llvm::makeIntrusiveRefCnt<llvm::vfs::OverlayFileSystem>(
        llvm::vfs::getRealFileSystem());
    for (size_t I = Next++; I < Files.size(); I = Next++) {
      // A fresh context per translation unit: a context carries state from
      // one run to the next (e.g. which diagnostics alias which).
      std::string Unused;
      ClangTidyContext Context(makeOptionsProvider(Unused));
      std::vector<ClangTidyError> Found =
          runClangTidy(Context, Compilations, {Files[I]}, FS, Fix || FixNotes,
                       /*EnableCheckProfile=*/false,
                       /*StoreCheckProfile=*/"", /*Quiet=*/true);
      llvm::append_range(PerWorker[Worker], std::move(Found));
    }
  };
  std::vector<std::thread> Threads;
  for (unsigned W = 1; W < Workers; ++W)
    Threads.emplace_back(Work, W);
  Work(0);
  for (std::thread &T : Threads)
    T.join();

  std::vector<ClangTidyError> All;
  for (std::vector<ClangTidyError> &Found : PerWorker)
    llvm::append_range(All, std::move(Found));
  llvm::sort(All, [](const ClangTidyError &A, const ClangTidyError &B) {
    return findingKey(A) < findingKey(B);
  });
  All.erase(std::unique(All.begin(), All.end(),
                        [](const ClangTidyError &A, const ClangTidyError &B) {
                          return findingKey(A) == findingKey(B);
                        }),
            All.end());
  return All;
}

bool isCompilerError(const ClangTidyError &E) {
  return E.DiagLevel == ClangTidyError::Error &&
         llvm::StringRef(E.DiagnosticName).starts_with("clang-diagnostic-");
}

} // namespace

int main(int Argc, const char **Argv) {
  llvm::InitLLVM Init(Argc, Argv);
  SplitArgs Args = splitAtDashDash(Argc, Argv);
  cl::HideUnrelatedOptions(Category);
  cl::SetVersionPrinter([](llvm::raw_ostream &OS) {
    OS << "asynclint " << asynclint::Version << " (LLVM " LLVM_VERSION_STRING
       << ")\n";
  });
  if (!cl::ParseCommandLineOptions(
          static_cast<int>(Args.Own.size()), Args.Own.data(),
          "asynclint: finds and fixes asynchronous anti-patterns in C++\n\n"
          "  asynclint [options] files... [-- compiler flags]\n\n"
          "Exit status: 0 no findings, 1 findings, 2 usage or tool error.\n",
          &llvm::errs()))
    return ExitError;

  if (ListChecks)
    return listChecks();
  if (!Explain.empty())
    return explain(Explain);
  if (Sources.empty())
    return fail("no source files given; usage: asynclint [options] files... "
                "[-- compiler flags]");
  if (auto Unknown = unknownCheckIn(ChecksOpt, allCheckNames()))
    return fail("unknown check '" + *Unknown +
                "' in --checks; see --list-checks");

  std::vector<std::string> Files;
  for (const std::string &Source : Sources) {
    if (llvm::sys::fs::is_directory(Source))
      return fail("'" + Source + "' is a directory; give source files");
    if (!llvm::sys::fs::exists(Source))
      return fail("no such file: '" + Source + "'");
    llvm::SmallString<256> Absolute(Source);
    llvm::sys::fs::make_absolute(Absolute);
    llvm::sys::path::remove_dots(Absolute, /*remove_dot_dot=*/true);
    Files.push_back(std::string(Absolute));
  }

  std::string Error;
  std::unique_ptr<tooling::CompilationDatabase> Compilations =
      loadCompilations(Args, Error);
  if (!Compilations)
    return fail(Error);
  for (const std::string &File : Files)
    if (Compilations->getCompileCommands(File).empty())
      return fail("no compile command for '" + File +
                  "' in the compilation database; is it part of the build?");
  std::unique_ptr<ClangTidyOptionsProvider> Provider =
      makeOptionsProvider(Error);
  if (!Provider)
    return fail(Error);

  ClangTidyContext Context(std::move(Provider));
  // A .clang-tidy may switch our checks off for part of a tree; an explicit
  // --checks that selects nothing is a mistake.
  if (!ChecksOpt.empty() &&
      getCheckNames(Context.getOptionsForFile(Files.front()), false, false)
          .empty())
    return fail("no checks enabled by --checks=" + ChecksOpt +
                "; see --list-checks");

  auto BaseFS = llvm::makeIntrusiveRefCnt<llvm::vfs::OverlayFileSystem>(
      llvm::vfs::getRealFileSystem());
  std::vector<ClangTidyError> Errors = analyse(Files, *Compilations);

  std::optional<llvm::raw_fd_ostream> Output;
  int OutputFD = -1;
  if (!OutputFile.empty()) {
    if (std::error_code EC = llvm::sys::fs::openFileForWrite(
            OutputFile, OutputFD, llvm::sys::fs::CD_CreateAlways,
            llvm::sys::fs::OF_Text))
      return fail("cannot write '" + OutputFile + "': " + EC.message());
    Output.emplace(OutputFD, /*shouldClose=*/true);
  }
  llvm::raw_ostream &Report = Output ? *Output : llvm::outs();

  unsigned WarningsAsErrors = 0;
  FixBehaviour Behaviour = FixNotes ? FB_FixNotes : Fix ? FB_Fix : FB_NoFix;
  if (Format == OutputFormat::Text && !Output) {
    handleErrors(Errors, Context, Behaviour, WarningsAsErrors, BaseFS);
  } else {
    // clang-tidy prints what it reports and fixes on standard output; send
    // that text where the report is not: the file, or standard error.
    llvm::outs().flush();
    int Saved = dup(STDOUT_FILENO);
    int Target = Format == OutputFormat::Text ? OutputFD : STDERR_FILENO;
    dup2(Target, STDOUT_FILENO);
    if (Format == OutputFormat::Text || Behaviour != FB_NoFix)
      handleErrors(Errors, Context, Behaviour, WarningsAsErrors, BaseFS);
    llvm::outs().flush();
    dup2(Saved, STDOUT_FILENO);
    close(Saved);
    if (Format == OutputFormat::Json)
      asynclint::writeJson(Errors, Report);
    else if (Format == OutputFormat::Sarif)
      asynclint::writeSarif(Errors, allCheckNames(), Report);
  }

  if (!ExportFixes.empty()) {
    std::error_code EC;
    llvm::raw_fd_ostream OS(ExportFixes, EC, llvm::sys::fs::OF_None);
    if (EC)
      return fail("cannot write '" + ExportFixes + "': " + EC.message());
    exportReplacements(Files.front(), Errors, OS);
  }

  size_t Findings = llvm::count_if(
      Errors, [](const ClangTidyError &E) { return !isCompilerError(E); });
  bool CompileFailed = llvm::any_of(Errors, isCompilerError);
  if (!Quiet && Findings > 0)
    llvm::errs() << Findings << " finding" << (Findings == 1 ? "" : "s")
                 << " in " << Files.size() << " file"
                 << (Files.size() == 1 ? "" : "s") << "\n";
  if (CompileFailed)
    return fail("a translation unit failed to compile; see the errors above");
  return Findings > 0 ? ExitFindings : ExitClean;
}
