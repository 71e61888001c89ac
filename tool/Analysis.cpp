//===--- Analysis.cpp - running the checks over translation units ---------===//

#include "Analysis.h"
#include "CrashGuard.h"
#include "Findings.h"
#include "Fixes.h"
#include "Paths.h"
#include "Report.h"
#include "ResultCache.h"
#include "clang/Basic/TokenKinds.h"
#include "clang/Lex/Preprocessor.h"
#include "llvm/Config/llvm-config.h"
#include "llvm/Support/xxhash.h"
#include "clang-tidy/ClangTidy.h"
#include "clang-tidy/ClangTidyModule.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendActions.h"
#include "clang/Lex/PreprocessorOptions.h"
#include "clang/Tooling/ArgumentsAdjusters.h"
#include "clang/Tooling/Tooling.h"
#include "llvm/Support/Path.h"
#include <atomic>
#include <mutex>
#include <thread>

using namespace clang;
using namespace clang::tidy;

namespace asynclint {
namespace {

/// The text a NOLINT directive carries after its name and check list, e.g.
/// "reason" in `// NOLINT(async-floating-future): reason`.
std::string reasonAfterDirective(llvm::StringRef Line, size_t At) {
  llvm::StringRef Rest = Line.drop_front(At);
  Rest = Rest.drop_while([](char C) { return llvm::isAlpha(C); });
  if (Rest.starts_with("(")) {
    size_t Close = Rest.find(')');
    Rest = Close == llvm::StringRef::npos ? "" : Rest.drop_front(Close + 1);
  }
  Rest = Rest.trim();
  Rest.consume_back("*/");
  Rest = Rest.ltrim(" \t:-");
  return Rest.rtrim().str();
}

/// The reason of the directive that suppresses a diagnostic at \p Offset:
/// a NOLINT on its line, a NOLINTNEXTLINE on the line before, or the nearest
/// NOLINTBEGIN above it.
std::string nolintReason(llvm::StringRef Buffer, unsigned Offset) {
  size_t LineStart = Buffer.rfind('\n', Offset);
  LineStart = LineStart == llvm::StringRef::npos ? 0 : LineStart + 1;
  llvm::StringRef Line =
      Buffer.substr(LineStart).take_until([](char C) { return C == '\n'; });
  size_t At = Line.find("NOLINT");
  if (At != llvm::StringRef::npos && !Line.substr(At).starts_with("NOLINTEND"))
    return reasonAfterDirective(Line, At);
  llvm::StringRef Above = Buffer.take_front(LineStart);
  for (llvm::StringRef Directive : {"NOLINTNEXTLINE", "NOLINTBEGIN"}) {
    size_t Found = Above.rfind(Directive);
    if (Found == llvm::StringRef::npos)
      continue;
    size_t Start = Above.rfind('\n', Found);
    Start = Start == llvm::StringRef::npos ? 0 : Start + 1;
    llvm::StringRef DirectiveLine =
        Above.substr(Start).take_until([](char C) { return C == '\n'; });
    return reasonAfterDirective(DirectiveLine, Found - Start);
  }
  return "";
}

/// clang-tidy's consumer, which also keeps the check warnings that a NOLINT
/// comment silences.
class SuppressionRecorder : public ClangTidyDiagnosticConsumer {
public:
  SuppressionRecorder(ClangTidyContext &Context, bool FixesFromNotes,
                      std::vector<Suppression> &Out)
      : ClangTidyDiagnosticConsumer(Context, nullptr,
                                    /*RemoveIncompatibleErrors=*/true,
                                    FixesFromNotes),
        Context(Context), Out(Out) {}

  void HandleDiagnostic(DiagnosticsEngine::Level Level,
                        const Diagnostic &Info) override {
    if (Level == DiagnosticsEngine::Warning && Info.hasSourceManager() &&
        Info.getLocation().isValid())
      recordIfSuppressed(Level, Info);
    else if (Level != DiagnosticsEngine::Note)
      SilencedCheck.clear();
    else if (!SilencedCheck.empty())
      keepIncludeInsertions(SilencedCheck, Info);
    ClangTidyDiagnosticConsumer::HandleDiagnostic(Level, Info);
  }

private:
  void recordIfSuppressed(DiagnosticsEngine::Level Level,
                          const Diagnostic &Info) {
    SilencedCheck.clear();
    std::string Check = Context.getCheckName(Info.getID());
    if (Check.empty())
      return;
    llvm::SmallVector<tooling::Diagnostic, 1> DirectiveErrors;
    if (!Context.shouldSuppressDiagnostic(Level, Info, DirectiveErrors))
      return;
    // Its notes, which may carry its (unsafe) fix, are silenced with it.
    SilencedCheck = Check;
    const SourceManager &SM = Info.getSourceManager();
    SourceLocation Loc = SM.getFileLoc(Info.getLocation());
    FileID File = SM.getFileID(Loc);
    OptionalFileEntryRef Entry = SM.getFileEntryRefForID(File);
    if (!Entry)
      return;
    keepIncludeInsertions(Check, Info);
    llvm::SmallString<128> Message;
    Info.FormatDiagnostic(Message);
    unsigned Offset = SM.getFileOffset(Loc);
    Out.push_back({Check, std::string(Entry->getName()), Offset,
                   std::string(Message),
                   nolintReason(SM.getBufferData(File), Offset)});
  }

  /// A check asks clang-tidy's IncludeInserter for a header once per file:
  /// the first fix that needs it carries the `#include`, the later ones rely
  /// on it. When NOLINT silences that first finding, its insertion is kept
  /// here to be handed on (see adoptSuppressedIncludes).
  void keepIncludeInsertions(const std::string &Check, const Diagnostic &Info) {
    for (const FixItHint &Hint : Info.getFixItHints())
      if (Hint.RemoveRange.getBegin() == Hint.RemoveRange.getEnd() &&
          llvm::StringRef(Hint.CodeToInsert).ltrim().starts_with("#include"))
        SuppressedIncludes.emplace_back(
            Check, tooling::Replacement(Info.getSourceManager(),
                                        Hint.RemoveRange, Hint.CodeToInsert));
  }

public:
  /// Gives each `#include` a silenced finding (or its note's unsafe fix)
  /// would have inserted to the first finding of the same check whose
  /// taken fix changes the same file, unless that fix already inserts it:
  /// without it, that fix would not compile.
  void adoptSuppressedIncludes(std::vector<ClangTidyError> &Findings,
                               bool FixesFromNotes) const {
    using FixByFile = llvm::StringMap<tooling::Replacements>;
    for (const auto &[Check, Include] : SuppressedIncludes)
      for (ClangTidyError &Finding : Findings) {
        auto *Taken =
            const_cast<FixByFile *>(tidy::getFixIt(Finding, FixesFromNotes));
        if (Finding.DiagnosticName != Check || !Taken)
          continue;
        auto Edits = Taken->find(Include.getFilePath());
        if (Edits == Taken->end() || Edits->second.empty())
          continue;
        insertOnce(Edits->second, Include);
        break;
      }
  }

private:
  ClangTidyContext &Context;
  std::vector<Suppression> &Out;
  std::vector<std::pair<std::string, tooling::Replacement>> SuppressedIncludes;
  /// The check of the warning NOLINT silenced last, while its notes come.
  std::string SilencedCheck;
};

/// Runs a unit's compile as the analysis sees it.
class AnalysedInvocationFactory : public tooling::FrontendActionFactory {
public:
  bool runInvocation(std::shared_ptr<CompilerInvocation> Invocation,
                     FileManager *Files,
                     std::shared_ptr<PCHContainerOperations> PCHOps,
                     DiagnosticConsumer *Diagnostics) override {
    // No `__clang_analyzer__`: asynclint runs no Static Analyzer checks, so
    // it analyses the code the compiler compiles. (Libraries hide code from
    // the analyzer that it cannot model, and the rest may then not compile:
    // stdexec's task without its `await_transform`.)
    Invocation->getPreprocessorOpts().SetUpStaticAnalyzer = false;
    // No "N warnings generated." lines: findings are printed by the report.
    Invocation->getDiagnosticOpts().ShowCarets = false;
    return FrontendActionFactory::runInvocation(Invocation, Files, PCHOps,
                                                Diagnostics);
  }
};

/// Builds the AST consumer of the checks for each unit, as clang-tidy does.
class TidyActionFactory : public AnalysedInvocationFactory {
public:
  explicit TidyActionFactory(ClangTidyContext &Context) : Consumers(Context) {}

  std::unique_ptr<FrontendAction> create() override {
    return std::make_unique<TidyAction>(Consumers);
  }

private:
  class TidyAction : public ASTFrontendAction {
  public:
    explicit TidyAction(ClangTidyASTConsumerFactory &Consumers)
        : Consumers(Consumers) {}
    std::unique_ptr<ASTConsumer> CreateASTConsumer(CompilerInstance &Compiler,
                                                   StringRef File) override {
      return Consumers.createASTConsumer(Compiler, File);
    }

  private:
    ClangTidyASTConsumerFactory &Consumers;
  };

  ClangTidyASTConsumerFactory Consumers;
};

/// The ExtraArgs/ExtraArgsBefore/RemovedArgs of the unit's configuration.
tooling::ArgumentsAdjuster configuredArguments(ClangTidyContext &Context) {
  return [&Context](const tooling::CommandLineArguments &Args,
                    llvm::StringRef File) {
    ClangTidyOptions Options = Context.getOptionsForFile(File);
    tooling::CommandLineArguments Adjusted;
    for (const std::string &Arg : Args)
      if (!Options.RemovedArgs ||
          !llvm::is_contained(*Options.RemovedArgs, Arg))
        Adjusted.push_back(Arg);
    if (Options.ExtraArgsBefore) {
      auto At = Adjusted.begin();
      if (At != Adjusted.end() && !llvm::StringRef(*At).starts_with("-"))
        ++At; // after the compiler's name
      Adjusted.insert(At, Options.ExtraArgsBefore->begin(),
                      Options.ExtraArgsBefore->end());
    }
    if (Options.ExtraArgs)
      llvm::append_range(Adjusted, *Options.ExtraArgs);
    return Adjusted;
  };
}

/// Hashes what a unit's compile reads: its cc1 command line and the name
/// and text of every file its preprocessing enters.
class InputHashAction : public PreprocessorFrontendAction {
public:
  explicit InputHashAction(std::string &Digest) : Digest(Digest) {}

protected:
  void ExecuteAction() override {
    CompilerInstance &Compiler = getCompilerInstance();
    Preprocessor &PP = Compiler.getPreprocessor();
    PP.EnterMainSourceFile();
    Token Tok;
    do
      PP.Lex(Tok);
    while (Tok.isNot(tok::eof));
    std::vector<std::pair<std::string, llvm::XXH128_hash_t>> Files;
    SourceManager &SM = Compiler.getSourceManager();
    for (auto It = SM.fileinfo_begin(); It != SM.fileinfo_end(); ++It)
      if (std::optional<llvm::StringRef> Text =
              It->second->getBufferDataIfLoaded())
        Files.emplace_back(It->first.getName().str(),
                           llvm::xxh3_128bits(llvm::arrayRefFromStringRef(*Text)));
    llvm::sort(Files, [](const auto &A, const auto &B) { return A.first < B.first; });
    std::string Inputs;
    llvm::raw_string_ostream OS(Inputs);
    Compiler.getInvocation().generateCC1CommandLine(
        [&](const llvm::Twine &Arg) { OS << Arg << '\0'; });
    for (const auto &[Name, Hash] : Files)
      OS << Name << '\0' << Hash.high64 << ':' << Hash.low64 << '\0';
    Digest = Inputs;
  }

private:
  std::string &Digest;
};

/// Preprocesses a unit as the analysis compiles it, hashing its inputs.
class InputHashFactory : public AnalysedInvocationFactory {
public:
  explicit InputHashFactory(std::string &Digest) : Digest(Digest) {}
  std::unique_ptr<FrontendAction> create() override {
    return std::make_unique<InputHashAction>(Digest);
  }

private:
  std::string &Digest;
};

/// The result-cache key of \p File: its inputs (InputHashAction), the
/// versions and its effective configuration; none when it does not
/// preprocess.
std::optional<std::string>
cacheKeyOf(const std::string &File,
           const tooling::CompilationDatabase &Compilations,
           llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> FS,
           ClangTidyContext &Context, const AnalysisSettings &Settings) {
  std::string Inputs;
  tooling::ClangTool Tool(Compilations, {File},
                          std::make_shared<PCHContainerOperations>(), FS);
  Tool.setPrintErrorMessage(false);
  Tool.appendArgumentsAdjuster(configuredArguments(Context));
  Tool.appendArgumentsAdjuster(tooling::getStripPluginsAdjuster());
  IgnoringDiagConsumer Quiet;
  Tool.setDiagnosticConsumer(&Quiet);
  InputHashFactory Factory(Inputs);
  if (Tool.run(&Factory) != 0 || Inputs.empty())
    return std::nullopt;
  std::string Key = "asynclint " + Version.str() + " LLVM " LLVM_VERSION_STRING;
  Key += Settings.FixesFromNotes ? " notes\n" : "\n";
  Key += configurationAsText(Context.getOptionsForFile(File));
  Key += Inputs;
  llvm::XXH128_hash_t Hash = llvm::xxh3_128bits(llvm::arrayRefFromStringRef(Key));
  return llvm::utohexstr(Hash.high64, false, 16) +
         llvm::utohexstr(Hash.low64, false, 16);
}

UnitOutcome analyseUnit(const std::string &File,
                        const tooling::CompilationDatabase &Compilations,
                        const AnalysisSettings &Settings) {
  UnitOutcome Outcome;
  Outcome.File = File;
  // A file system with a working directory of its own: the process-wide one
  // would chdir() under the other workers' feet. The configuration is read
  // through it too, as the compile command's relative paths are relative to
  // the directory the tool switches it to.
  llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> FS =
      llvm::vfs::createPhysicalFileSystem();
  ClangTidyContext Context(Settings.MakeOptions(FS));
  tooling::ClangTool Tool(Compilations, {File},
                          std::make_shared<PCHContainerOperations>(), FS);
  Tool.setPrintErrorMessage(false);
  Tool.appendArgumentsAdjuster(configuredArguments(Context));
  Tool.appendArgumentsAdjuster(tooling::getStripPluginsAdjuster());
  SuppressionRecorder Consumer(Context, Settings.FixesFromNotes,
                               Outcome.Suppressions);
  auto DiagOptions = std::make_unique<DiagnosticOptions>();
  DiagnosticsEngine Engine(DiagnosticIDs::create(), *DiagOptions, &Consumer,
                           /*ShouldOwnClient=*/false);
  Context.setDiagnosticsEngine(std::move(DiagOptions), &Engine);
  Tool.setDiagnosticConsumer(&Consumer);
  TidyActionFactory Factory(Context);
  std::optional<std::string> Key;
  if (!Settings.CacheDir.empty()) {
    Key = cacheKeyOf(File, Compilations, FS, Context, Settings);
    if (Key)
      if (std::optional<UnitOutcome> Cached =
              loadCachedOutcome(Settings.CacheDir, *Key, File)) {
        Cached->FromCache = true;
        return *Cached;
      }
  }

  if (auto Crash = runGuarded([&] { Tool.run(&Factory); })) {
    Outcome.Crash = Crash->describe();
    return Outcome;
  }
  Outcome.Findings = Consumer.take();
  Consumer.adoptSuppressedIncludes(Outcome.Findings, Settings.FixesFromNotes);
  llvm::for_each(Outcome.Findings,
                 [](ClangTidyError &E) { makePathsAbsolute(E); });
  auto Error = llvm::find_if(Outcome.Findings, isCompilerError);
  if (Error != Outcome.Findings.end())
    Outcome.FirstError = Error->Message.Message;
  if (Key)
    storeCachedOutcome(Settings.CacheDir, *Key, Outcome);
  return Outcome;
}

} // namespace

std::vector<UnitOutcome>
analyse(const std::vector<std::string> &Files,
        const tooling::CompilationDatabase &Compilations,
        const AnalysisSettings &Settings) {
  std::vector<UnitOutcome> Outcomes(Files.size());
  std::atomic<size_t> Next{0};
  std::mutex Reporting;
  auto Work = [&] {
    for (size_t I = Next++; I < Files.size(); I = Next++) {
      Outcomes[I] = analyseUnit(Files[I], Compilations, Settings);
      if (Settings.OnUnitDone) {
        std::lock_guard<std::mutex> Lock(Reporting);
        Settings.OnUnitDone(Outcomes[I]);
      }
    }
  };
  unsigned Workers =
      static_cast<unsigned>(std::min<size_t>(Settings.Jobs, Files.size()));
  std::vector<std::thread> Threads;
  for (unsigned W = 1; W < Workers; ++W)
    Threads.emplace_back(Work);
  Work();
  for (std::thread &T : Threads)
    T.join();
  return Outcomes;
}

} // namespace asynclint
