//===--- AsyncLintMain.cpp - the asynclint command line ------------------===//
//
// A clang-tidy driver that knows only the `async` module: it reads the usual
// .clang-tidy files and NOLINT comments, prints clang-tidy-style diagnostics
// and applies fixes. Exit status: 0 no findings, 1 findings, 2 usage or tool
// error.
//
//===----------------------------------------------------------------------===//

#include "Analysis.h"
#include "Baseline.h"
#include "Config.h"
#include "CrashGuard.h"
#include "Docs.h"
#include "Fixes.h"
#include "FixesDirectory.h"
#include "Inputs.h"
#include "Paths.h"
#include "Report.h"
#include "ReportReader.h"
#include "SourceText.h"
#include "lsp/Server.h"
#include "frameworks/Profiles.h"
#include "clang-tidy/ClangTidy.h"
#include "clang-tidy/ClangTidyDiagnosticConsumer.h"
#include "clang-tidy/ClangTidyOptions.h"
#include "clang-tidy/GlobList.h"
#include "clang/Tooling/CompilationDatabase.h"
#include "llvm/Config/llvm-config.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/Regex.h"
#include "llvm/Support/VirtualFileSystem.h"
#include "llvm/Support/WithColor.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Support/xxhash.h"
#include <algorithm>
#include <chrono>
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
cl::opt<bool> UnsafeFixes(
    "unsafe-fixes",
    cl::desc("With --fix, --diff or --export-fixes: also take the unsafe "
             "fixes (those that change timing or failure semantics, offered "
             "on notes)"),
    cl::cat(Category));
cl::opt<bool> FixNotes("fix-notes",
                       cl::desc("clang-tidy's spelling of --fix "
                                "--unsafe-fixes: also apply the fixes "
                                "offered on notes"),
                       cl::cat(Category));
cl::opt<std::string> ExportFixes("export-fixes",
                                 cl::desc("Write the fixes as YAML for "
                                          "clang-apply-replacements"),
                                 cl::value_desc("file"), cl::cat(Category));
cl::opt<std::string> Shard(
    "shard",
    cl::desc("Analyse shard I of N (1 <= I <= N): a fixed 1/N of the units, "
             "chosen by path whatever their order; the N shards' reports "
             "together are the whole run (see --merge-reports)"),
    cl::value_desc("I/N"), cl::cat(Category));
cl::opt<std::string> CacheDir(
    "cache-dir",
    cl::desc("Keep each unit's findings in <dir>, keyed by the text of every "
             "file it reads, its flags, the version and its configuration; "
             "an unchanged unit is not analysed again"),
    cl::value_desc("dir"), cl::cat(Category));
cl::opt<bool> MergeReports(
    "merge-reports",
    cl::desc("The paths are JSON reports (--format=json), of shards say: "
             "write them as one report in --format and exit"),
    cl::cat(Category));
cl::opt<std::string> ApplyFixesDir(
    "apply-fixes",
    cl::desc("Apply the fixes the compiler plugin wrote into <dir> "
             "(fixes-dir), each once, and exit; with --diff, show them"),
    cl::value_desc("dir"), cl::cat(Category));
cl::opt<bool> ListChecks("list-checks", cl::desc("List the checks and exit"),
                         cl::cat(Category));
cl::opt<bool> ListFrameworks(
    "list-frameworks",
    cl::desc("Print the built-in framework profiles (Markdown) and exit"),
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
cl::opt<bool> Diff("diff",
                   cl::desc("Print the fixes as a unified diff on standard "
                            "output and change nothing (the report goes to "
                            "--output or standard error)"),
                   cl::cat(Category));
cl::opt<std::string> Baseline("baseline",
                              cl::desc("Report only findings that are not in "
                                       "this baseline file"),
                              cl::value_desc("file"), cl::cat(Category));
cl::opt<std::string> WriteBaseline("write-baseline",
                                   cl::desc("Record the current findings as "
                                            "the baseline in this file"),
                                   cl::value_desc("file"), cl::cat(Category));
cl::opt<bool> DumpConfig("dump-config",
                         cl::desc("Print the configuration that applies to "
                                  "the first file (or the working "
                                  "directory) and exit"),
                         cl::cat(Category));
cl::opt<bool> Lsp(
    "lsp",
    cl::desc("Serve the Language Server Protocol on standard input and "
             "output (docs/editors.md); flags after `--` compile the files "
             "no compilation database names (default: -std=c++20)"),
    cl::cat(Category));
cl::opt<std::string> CompileCommandsDir(
    "compile-commands-dir",
    cl::desc("With --lsp: the directory of compile_commands.json (default: "
             "the first found above each file, or in its build/)"),
    cl::value_desc("dir"), cl::cat(Category));
cl::opt<std::string> HeaderFilter("header-filter",
                                  cl::desc("Regular expression: report "
                                           "findings in headers whose path "
                                           "matches (default: all non-system "
                                           "headers)"),
                                  cl::value_desc("regex"), cl::cat(Category));

int fail(const llvm::Twine &Message) {
  llvm::WithColor::error(llvm::errs(), "asynclint") << Message << "\n";
  return ExitError;
}

/// Splits `argv` at `--`: flags after it are the compile command for every
/// source file given.
struct SplitArgs {
  llvm::SmallVector<const char *, 16> Own;
  std::optional<std::vector<std::string>> CompilerFlags;
};

SplitArgs splitAtDashDash(int Argc, const char **Argv) {
  SplitArgs Out;
  for (int I = 0; I < Argc; ++I) {
    if (I > 0 && llvm::StringRef(Argv[I]) == "--") {
      Out.CompilerFlags.emplace(Argv + I + 1, Argv + Argc);
      break;
    }
    Out.Own.push_back(Argv[I]);
  }
  return Out;
}

/// The configuration the options ask for; the config file is read once.
llvm::Expected<asynclint::ConfigRequest> configRequest() {
  asynclint::ConfigRequest Request;
  Request.Checks = ChecksOpt;
  if (HeaderFilter.getNumOccurrences())
    Request.HeaderFilter = HeaderFilter;
  if (!ConfigFile.empty()) {
    auto Options = asynclint::readConfigFile(ConfigFile);
    if (!Options)
      return Options.takeError();
    Request.ConfigFile = std::move(*Options);
  }
  return Request;
}

using asynclint::allCheckNames;

int listChecks() {
  for (const std::string &Name : allCheckNames())
    llvm::outs() << Name << "\n";
  return ExitClean;
}

std::string codeList(llvm::StringRef Names) {
  llvm::SmallVector<llvm::StringRef, 8> Parts;
  Names.split(Parts, ';', -1, /*KeepEmpty=*/false);
  std::string Out;
  for (llvm::StringRef Part : Parts)
    Out += (Out.empty() ? "`" : ", `") + Part.str() + "`";
  return Out;
}

/// The profiles as docs/frameworks.md shows them (a test keeps the two
/// equal).
int listFrameworks() {
  using namespace clang::tidy::async;
  static constexpr llvm::StringRef SpellingNames[SpellingCount] = {
      "variadic join", "bounded join", "settled join", "timeout",
      "invoke"};
  for (const FrameworkProfile &Profile : builtinProfiles()) {
    llvm::outs() << "## " << Profile.Name << "\n\nNamespaces: "
                 << codeList(Profile.Namespaces) << "\n\n"
                 << "| role | option | declarations |\n|---|---|---|\n";
    for (std::size_t I = 0; I != RoleCount; ++I) {
      Role R = static_cast<Role>(I);
      if (!Profile.of(R).empty())
        llvm::outs() << "| " << roleDescription(R) << " | `"
                     << roleOptionName(R) << "` | " << codeList(Profile.of(R))
                     << " |\n";
    }
    llvm::outs() << "\nFixes write: ";
    std::string Written;
    for (std::size_t I = 0; I != SpellingCount; ++I) {
      const auto &Spelled = Profile.spelling(static_cast<Spelling>(I));
      if (Spelled.Call.empty())
        continue;
      Written += (Written.empty() ? "" : "; ") + SpellingNames[I].str() +
                 " `" + Spelled.Call.str() + "` from `" +
                 Spelled.Header.str() + "`";
    }
    llvm::outs() << (Written.empty() ? "nothing of its own" : Written)
                 << ".\n\n";
    if (!Profile.SettledForms.empty())
      llvm::outs() << "Settled forms the messages recommend (`join=settled`, "
                      "option `SettledForms`): "
                   << codeList(Profile.SettledForms) << ".\n\n";
  }
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

int dumpConfig() {
  auto Request = configRequest();
  if (!Request)
    return fail(llvm::toString(Request.takeError()));
  llvm::SmallString<256> Where;
  if (Sources.empty()) {
    llvm::sys::fs::current_path(Where);
    llvm::sys::path::append(Where, "-");
  } else {
    Where = Sources.front();
    llvm::sys::fs::make_absolute(Where);
  }
  ClangTidyContext Context(asynclint::makeOptionsProvider(*Request));
  llvm::outs() << configurationAsText(Context.getOptionsForFile(Where));
  return ExitClean;
}

unsigned jobCount() {
  unsigned Cores = std::max(1u, std::thread::hardware_concurrency());
  return Jobs > 0 ? static_cast<unsigned>(Jobs) : Cores;
}

/// A progress line on a terminal: units done, findings so far, time.
class Progress {
public:
  Progress(size_t Units, bool Shown) : Units(Units), Shown(Shown) {}

  void unitDone(const asynclint::UnitOutcome &Outcome) {
    ++Done;
    Findings += llvm::count_if(Outcome.Findings, [](const ClangTidyError &E) {
      return !asynclint::isCompilerError(E);
    });
    if (Shown)
      llvm::errs() << llvm::formatv(
          "\r\x1b[K[{0}/{1}] {2} finding(s), {3:f1} s", Done, Units, Findings,
          seconds());
  }

  void finish() {
    if (Shown)
      llvm::errs() << "\r\x1b[K";
  }

  double seconds() const {
    return std::chrono::duration<double>(Clock::now() - Start).count();
  }

private:
  using Clock = std::chrono::steady_clock;
  Clock::time_point Start = Clock::now();
  size_t Units;
  size_t Done = 0;
  size_t Findings = 0;
  bool Shown;
};

auto findingKey(const ClangTidyError &E) {
  return std::tie(E.Message.FilePath, E.Message.FileOffset, E.DiagnosticName,
                  E.Message.Message);
}

auto suppressionKey(const asynclint::Suppression &S) {
  return std::tie(S.File, S.Offset, S.Check, S.Message);
}

/// Sorts by \p Key and drops repeats: a header's finding comes from every
/// unit that includes it. Stable, so the first unit's copy is the one kept
/// whatever -j is.
template <typename T, typename KeyFn>
void sortUnique(std::vector<T> &Items, KeyFn Key) {
  std::stable_sort(Items.begin(), Items.end(),
                   [&](const T &A, const T &B) { return Key(A) < Key(B); });
  Items.erase(
      std::unique(Items.begin(), Items.end(),
                  [&](const T &A, const T &B) { return Key(A) == Key(B); }),
      Items.end());
}

/// Drops the findings \p Accepted holds, keeping fingerprints in step.
void dropAccepted(std::vector<ClangTidyError> &Findings,
                  std::vector<std::string> &Fingerprints,
                  llvm::StringMap<unsigned> Accepted) {
  std::vector<ClangTidyError> KeptFindings;
  std::vector<std::string> KeptFingerprints;
  for (size_t I = 0; I < Findings.size(); ++I) {
    unsigned &Left = Accepted[Fingerprints[I]];
    if (Left > 0 && !asynclint::isCompilerError(Findings[I])) {
      --Left;
      continue;
    }
    KeptFindings.push_back(std::move(Findings[I]));
    KeptFingerprints.push_back(std::move(Fingerprints[I]));
  }
  Findings = std::move(KeptFindings);
  Fingerprints = std::move(KeptFingerprints);
}

/// One line per unit that crashed or did not compile; true if there was any.
bool reportBrokenUnits(llvm::ArrayRef<asynclint::UnitOutcome> Outcomes) {
  bool Broken = false;
  for (const asynclint::UnitOutcome &Outcome : Outcomes) {
    if (Outcome.Crash) {
      fail("crashed while analysing '" + Outcome.File + "' (" + *Outcome.Crash +
           "); the other files were analysed; please report this with the "
           "file");
      Broken = true;
      continue;
    }
    if (!Outcome.FirstError)
      continue;
    fail("'" + Outcome.File + "' does not compile (first error: " +
         *Outcome.FirstError + "); its findings may be incomplete");
    Broken = true;
  }
  return Broken;
}

void printSummary(size_t Units, size_t FromCache,
                  llvm::ArrayRef<ClangTidyError> Findings,
                  unsigned FixesApplied, double Seconds) {
  llvm::StringMap<unsigned> PerCheck;
  size_t Count = 0;
  for (const ClangTidyError &E : Findings)
    if (!asynclint::isCompilerError(E)) {
      ++PerCheck[E.DiagnosticName];
      ++Count;
    }
  std::vector<std::string> Checks;
  for (const auto &Entry : PerCheck)
    Checks.push_back(
        (Entry.getKey() + ": " + llvm::Twine(Entry.getValue())).str());
  llvm::sort(Checks);
  llvm::errs() << llvm::formatv("asynclint: {0} file{1}, {2} finding{3}", Units,
                                Units == 1 ? "" : "s", Count,
                                Count == 1 ? "" : "s");
  if (!Checks.empty())
    llvm::errs() << " (" << llvm::join(Checks, ", ") << ")";
  if (Fix || FixNotes)
    llvm::errs() << ", " << FixesApplied << " fix"
                 << (FixesApplied == 1 ? "" : "es") << " applied";
  if (FromCache)
    llvm::errs() << ", " << FromCache << " from the cache";
  llvm::errs() << llvm::formatv(", {0:f1} s\n", Seconds);
}

/// Whether unsafe fixes, which ride on notes, are taken too.
bool takesNoteFixes() { return UnsafeFixes || FixNotes; }

/// Applies or shows the fixes of \p Findings; the number of findings fixed.
llvm::Expected<unsigned> handleFixes(llvm::ArrayRef<ClangTidyError> Findings,
                                     bool FixesFromNotes) {
  asynclint::FixPlan Plan = asynclint::planFixes(Findings, FixesFromNotes);
  for (const ClangTidyError *Clash : Plan.Conflicting)
    llvm::WithColor::warning(llvm::errs(), "asynclint")
        << "the fix of [" << Clash->DiagnosticName << "] at "
        << Clash->Message.FilePath << " offset " << Clash->Message.FileOffset
        << " overlaps another fix and is not applied; run --fix again\n";
  std::optional<std::string> Problem;
  if (Diff)
    Problem = asynclint::writeDiff(Plan, llvm::outs());
  else if (!(Problem = asynclint::cannotWrite(Plan)))
    Problem = asynclint::applyFixes(Plan);
  if (Problem)
    return llvm::createStringError(llvm::inconvertibleErrorCode(), *Problem);
  return Diff ? 0 : Plan.Taken;
}

/// The units to analyse again after a round of fixes: those with a finding
/// whose fix was taken.
std::vector<std::string>
unitsWithFixes(llvm::ArrayRef<asynclint::UnitOutcome> Outcomes) {
  std::vector<std::string> Units;
  for (const asynclint::UnitOutcome &Outcome : Outcomes)
    if (llvm::any_of(Outcome.Findings, [](const ClangTidyError &E) {
          const auto *Fix = clang::tidy::getFixIt(E, takesNoteFixes());
          return Fix && !Fix->empty();
        }))
      Units.push_back(Outcome.File);
  return Units;
}

/// The findings of \p Outcomes, each once, without those \p Accepted by
/// the baseline.
std::vector<ClangTidyError>
reportedFindings(std::vector<asynclint::UnitOutcome> &Outcomes,
                 const llvm::StringMap<unsigned> &Accepted) {
  std::vector<ClangTidyError> Findings;
  for (asynclint::UnitOutcome &Outcome : Outcomes)
    llvm::append_range(Findings, std::move(Outcome.Findings));
  sortUnique(Findings, findingKey);
  if (!Accepted.empty()) {
    asynclint::SourceText Texts;
    std::vector<std::string> Fingerprints =
        asynclint::fingerprints(Findings, Texts);
    dropAccepted(Findings, Fingerprints, Accepted);
  }
  return Findings;
}

/// A fix can make another one possible (an await the first round adds may
/// lack a deadline): like ruff, fix again, up to a few rounds, until a
/// round takes none, so that a second `--fix` changes nothing. The fixes
/// applied in the further rounds.
llvm::Expected<unsigned>
fixUntilStable(std::vector<std::string> Units,
               const clang::tooling::CompilationDatabase &Compilations,
               asynclint::AnalysisSettings Settings,
               const llvm::StringMap<unsigned> &Accepted) {
  constexpr unsigned MaxRounds = 4;
  Settings.OnUnitDone = nullptr;
  unsigned Applied = 0;
  for (unsigned Round = 1; Round < MaxRounds && !Units.empty(); ++Round) {
    std::vector<asynclint::UnitOutcome> Outcomes =
        asynclint::analyse(Units, Compilations, Settings);
    Units = unitsWithFixes(Outcomes);
    llvm::Expected<unsigned> Taken =
        handleFixes(reportedFindings(Outcomes, Accepted), takesNoteFixes());
    if (!Taken)
      return Taken.takeError();
    if (*Taken == 0)
      break;
    Applied += *Taken;
  }
  return Applied;
}

/// Prints the report in the chosen format; text goes through clang-tidy's
/// own printer, with the source line and caret.
void writeReport(const asynclint::ReportInput &Input, llvm::raw_ostream &OS,
                 int FD, ClangTidyContext &Context) {
  if (Format == OutputFormat::Json)
    return asynclint::writeJson(Input, OS);
  if (Format == OutputFormat::Sarif)
    return asynclint::writeSarif(Input, allCheckNames(), OS);
  // clang-tidy's printer writes to standard output; point that at \p FD,
  // the descriptor of \p OS.
  llvm::outs().flush();
  OS.flush();
  int Saved = dup(STDOUT_FILENO);
  dup2(FD, STDOUT_FILENO);
  unsigned WarningsAsErrors = 0;
  handleErrors(Input.Findings, Context, FB_NoFix, WarningsAsErrors,
               llvm::vfs::getRealFileSystem());
  llvm::outs().flush();
  dup2(Saved, STDOUT_FILENO);
  close(Saved);
}

/// 1 when a check found something, 0 otherwise (a unit that does not
/// compile is reported apart).
int exitStatusOf(llvm::ArrayRef<ClangTidyError> Findings) {
  bool AnyFinding = llvm::any_of(Findings, [](const ClangTidyError &E) {
    return !asynclint::isCompilerError(E);
  });
  return AnyFinding ? ExitFindings : ExitClean;
}

/// Opens --output (standard output, or standard error when --diff writes
/// the diff there, without it); the problem, if one.
std::optional<std::string> openOutput(std::optional<llvm::raw_fd_ostream> &Output,
                                      int &FD) {
  FD = Diff ? STDERR_FILENO : STDOUT_FILENO;
  if (OutputFile.empty())
    return std::nullopt;
  if (std::error_code EC = llvm::sys::fs::openFileForWrite(
          OutputFile, FD, llvm::sys::fs::CD_CreateAlways,
          llvm::sys::fs::OF_Text))
    return "cannot write '" + OutputFile + "': " + EC.message();
  Output.emplace(FD, /*shouldClose=*/true);
  return std::nullopt;
}

/// Shard I of N, as `--shard I/N` gives it.
std::optional<std::pair<unsigned, unsigned>> parseShard(llvm::StringRef Text) {
  auto [Index, Count] = Text.split('/');
  unsigned I = 0, N = 0;
  if (Index.getAsInteger(10, I) || Count.getAsInteger(10, N) || N == 0 ||
      I == 0 || I > N)
    return std::nullopt;
  return std::make_pair(I, N);
}

/// Keeps the units of shard \p I of \p N: by a hash of each path as the
/// report names it (relative to the working directory, the repository
/// root in CI, so that every machine of a matrix splits alike).
void keepShard(std::vector<std::string> &Files, unsigned I, unsigned N) {
  llvm::erase_if(Files, [&](const std::string &File) {
    std::string Key = asynclint::belowWorkingDirectory(File).value_or(File);
    return llvm::xxh3_64bits(Key) % N != I - 1;
  });
}

/// --merge-reports: the shards' JSON reports as one report; a finding
/// several shards saw (a header's) once.
int mergeReports() {
  asynclint::ReadReports All;
  for (const std::string &Path : Sources)
    if (llvm::Error E = asynclint::readJsonReport(Path, All))
      return fail(llvm::toString(std::move(E)));
  sortUnique(All.Findings, [](const asynclint::ReadFinding &R) {
    return findingKey(R.Finding);
  });
  sortUnique(All.Suppressions, suppressionKey);
  std::vector<ClangTidyError> Findings;
  std::vector<std::string> Fingerprints;
  for (asynclint::ReadFinding &R : All.Findings) {
    Findings.push_back(std::move(R.Finding));
    Fingerprints.push_back(std::move(R.Fingerprint));
  }
  auto Request = configRequest();
  if (!Request)
    return fail(llvm::toString(Request.takeError()));
  ClangTidyContext Context(asynclint::makeOptionsProvider(*Request));
  std::optional<llvm::raw_fd_ostream> Output;
  int ReportFD;
  if (auto Problem = openOutput(Output, ReportFD))
    return fail(*Problem);
  asynclint::SourceText Texts;
  writeReport({Findings, Fingerprints, All.Suppressions, Texts},
              Output ? *Output : llvm::outs(), ReportFD, Context);
  return exitStatusOf(Findings);
}

/// --apply-fixes: the fixes of every unit the plugin compiled, a header's
/// fix (offered by each unit that includes it) once. The plugin wrote the
/// notes' fixes only when it was asked to (unsafe-fixes), so they are taken.
/// The files are removed once applied, so a second run changes nothing.
int applyFixesDirectory() {
  auto Findings = asynclint::readFixesDirectory(ApplyFixesDir);
  if (!Findings)
    return fail(llvm::toString(Findings.takeError()));
  sortUnique(*Findings, findingKey);
  llvm::Expected<unsigned> Applied =
      handleFixes(*Findings, /*FixesFromNotes=*/true);
  if (!Applied)
    return fail(llvm::toString(Applied.takeError()));
  if (Diff)
    return ExitClean;
  if (llvm::Error E = asynclint::clearFixesDirectory(ApplyFixesDir))
    return fail(llvm::toString(std::move(E)));
  if (!Quiet)
    llvm::errs() << "asynclint: " << *Applied << " fix"
                 << (*Applied == 1 ? "" : "es") << " applied from '"
                 << ApplyFixesDir << "'\n";
  return ExitClean;
}

/// --lsp: serves an editor until it says `exit`.
int serveEditor(std::optional<std::vector<std::string>> FallbackFlags) {
  auto Request = configRequest();
  if (!Request)
    return fail(llvm::toString(Request.takeError()));
  asynclint::lsp::ServerOptions Options;
  Options.Config = std::move(*Request);
  Options.CompileCommandsDir = CompileCommandsDir;
  Options.FallbackFlags = FallbackFlags.value_or(std::vector<std::string>());
  return asynclint::lsp::runServer(Options, stdin, llvm::outs());
}

} // namespace

int main(int Argc, const char **Argv) {
  asynclint::enableCrashRecovery();
  SplitArgs Args = splitAtDashDash(Argc, Argv);
  cl::HideUnrelatedOptions(Category);
  cl::SetVersionPrinter([](llvm::raw_ostream &OS) {
    OS << "asynclint " << asynclint::Version << " (LLVM " LLVM_VERSION_STRING
       << ")\n";
  });
  if (!cl::ParseCommandLineOptions(
          static_cast<int>(Args.Own.size()), Args.Own.data(),
          "asynclint: finds and fixes asynchronous anti-patterns in C++\n\n"
          "  asynclint [options] paths... [-- compiler flags]\n\n"
          "Paths are source files, or directories: every file of the "
          "compilation\ndatabase (-p) below them.\n\n"
          "Exit status: 0 no findings, 1 findings, 2 usage or tool error "
          "(including\na file that does not compile or a crash; the other "
          "files are still\nanalysed and reported).\n",
          &llvm::errs()))
    return ExitError;

  if (ListChecks)
    return listChecks();
  if (ListFrameworks)
    return listFrameworks();
  if (!Explain.empty())
    return explain(Explain);
  if (auto Unknown = asynclint::unknownCheckIn(ChecksOpt, allCheckNames()))
    return fail("unknown check '" + *Unknown +
                "' in --checks; see --list-checks");
  if (DumpConfig)
    return dumpConfig();
  if (Lsp)
    return serveEditor(Args.CompilerFlags);
  if (!ApplyFixesDir.empty())
    return applyFixesDirectory();
  std::optional<std::pair<unsigned, unsigned>> ShardOf;
  if (!Shard.empty() && !(ShardOf = parseShard(Shard)))
    return fail("--shard: expected I/N with 1 <= I <= N, got '" + Shard +
                "'");
  if (MergeReports) {
    if (Sources.empty())
      return fail("--merge-reports: no reports given");
    return mergeReports();
  }
  if (Sources.empty())
    return fail("no source files given; usage: asynclint [options] paths... "
                "[-- compiler flags]");
  if (Diff && (Fix || FixNotes))
    return fail("--diff shows the fixes without applying them; drop --fix");
  if (!HeaderFilter.empty() && !llvm::Regex(HeaderFilter).isValid())
    return fail("--header-filter: invalid regular expression '" + HeaderFilter +
                "'");

  std::vector<std::string> Paths(Sources.begin(), Sources.end());
  auto Compilations =
      asynclint::loadCompilations({BuildPath, Args.CompilerFlags}, Paths);
  if (!Compilations)
    return fail(llvm::toString(Compilations.takeError()));
  auto Files = asynclint::translationUnits(Paths, **Compilations,
                                           !Args.CompilerFlags.has_value());
  if (!Files)
    return fail(llvm::toString(Files.takeError()));
  if (ShardOf)
    keepShard(*Files, ShardOf->first, ShardOf->second);
  if (llvm::Error E = asynclint::checkConfigFiles(*Files))
    return fail(llvm::toString(std::move(E)));
  llvm::StringMap<unsigned> Accepted;
  if (!Baseline.empty())
    if (auto Problem = asynclint::readBaseline(Baseline, Accepted))
      return fail(*Problem);

  auto Request = configRequest();
  if (!Request)
    return fail(llvm::toString(Request.takeError()));
  ClangTidyContext Context(asynclint::makeOptionsProvider(*Request));
  // A .clang-tidy may switch our checks off for part of a tree; an explicit
  // --checks that selects nothing is a mistake.
  if (!ChecksOpt.empty() && !Files->empty() &&
      getCheckNames(Context.getOptionsForFile(Files->front()), false, false)
          .empty())
    return fail("no checks enabled by --checks=" + ChecksOpt +
                "; see --list-checks");

  std::optional<llvm::raw_fd_ostream> Output;
  int ReportFD;
  if (auto Problem = openOutput(Output, ReportFD))
    return fail(*Problem);

  Progress Shown(Files->size(),
                 !Quiet && llvm::sys::Process::StandardErrIsDisplayed());
  asynclint::AnalysisSettings Settings;
  Settings.Jobs = jobCount();
  Settings.FixesFromNotes = takesNoteFixes();
  Settings.CacheDir = CacheDir;
  Settings.MakeOptions =
      [&Request](llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> FS) {
        return asynclint::makeOptionsProvider(*Request, std::move(FS));
      };
  Settings.OnUnitDone = [&](const asynclint::UnitOutcome &Outcome) {
    Shown.unitDone(Outcome);
  };
  std::vector<asynclint::UnitOutcome> Outcomes =
      asynclint::analyse(*Files, **Compilations, Settings);
  Shown.finish();

  std::vector<std::string> FixedUnits = unitsWithFixes(Outcomes);
  std::vector<ClangTidyError> Findings;
  std::vector<asynclint::Suppression> Suppressions;
  for (asynclint::UnitOutcome &Outcome : Outcomes) {
    llvm::append_range(Findings, std::move(Outcome.Findings));
    llvm::append_range(Suppressions, std::move(Outcome.Suppressions));
  }
  if (auto Problem = asynclint::configurationProblem(Findings))
    return fail(*Problem);
  sortUnique(Findings, findingKey);
  sortUnique(Suppressions, suppressionKey);

  asynclint::SourceText Texts;
  std::vector<std::string> Fingerprints =
      asynclint::fingerprints(Findings, Texts);
  if (!WriteBaseline.empty())
    if (auto Problem =
            asynclint::writeBaseline(Findings, Fingerprints, WriteBaseline))
      return fail(*Problem);
  if (!Baseline.empty())
    dropAccepted(Findings, Fingerprints, Accepted);

  llvm::raw_ostream &ReportStream = Output ? *Output
                                    : Diff ? llvm::errs()
                                           : llvm::outs();
  writeReport({Findings, Fingerprints, Suppressions, Texts}, ReportStream,
              ReportFD, Context);
  unsigned FixesApplied = 0;
  if (Fix || FixNotes || Diff) {
    llvm::Expected<unsigned> Applied = handleFixes(Findings, takesNoteFixes());
    if (!Applied)
      return fail(llvm::toString(Applied.takeError()));
    FixesApplied = *Applied;
    if (FixesApplied && !Diff) {
      llvm::Expected<unsigned> More =
          fixUntilStable(FixedUnits, **Compilations, Settings, Accepted);
      if (!More)
        return fail(llvm::toString(More.takeError()));
      FixesApplied += *More;
    }
  }
  if (!ExportFixes.empty()) {
    std::error_code EC;
    llvm::raw_fd_ostream OS(ExportFixes, EC, llvm::sys::fs::OF_None);
    if (EC)
      return fail("cannot write '" + ExportFixes + "': " + EC.message());
    // A shard may hold no unit at all.
    exportReplacements(Files->empty() ? "" : Files->front(),
                       asynclint::exportedFixes(Findings, takesNoteFixes()),
                       OS);
  }

  if (!Quiet)
    printSummary(Files->size(),
                 llvm::count_if(Outcomes,
                                [](const asynclint::UnitOutcome &O) {
                                  return O.FromCache;
                                }),
                 Findings, FixesApplied, Shown.seconds());
  if (reportBrokenUnits(Outcomes))
    return ExitError;
  return exitStatusOf(Findings);
}
