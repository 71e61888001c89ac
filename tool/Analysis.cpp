//===--- Analysis.cpp - running the checks over translation units ---------===//

#include "Analysis.h"
#include "CrashGuard.h"
#include "Findings.h"
#include "Fixes.h"
#include "Paths.h"
#include "Report.h"
#include "SuppressionRecorder.h"
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

/// Runs a unit's compile as the analysis sees it.
class AnalysedInvocationFactory : public tooling::FrontendActionFactory {
public:
  bool runInvocation(std::shared_ptr<CompilerInvocation> Invocation,
                     FileManager *Files,
                     std::shared_ptr<PCHContainerOperations> PCHOps,
                     DiagnosticConsumer *Diagnostics) override {
    prepareAnalysedInvocation(*Invocation);
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
    Digest.clear();
    llvm::raw_string_ostream OS(Digest);
    Compiler.getInvocation().generateCC1CommandLine(
        [&](const llvm::Twine &Arg) { OS << Arg << '\0'; });
    for (const auto &[Name, Hash] : Files)
      OS << Name << '\0' << Hash.high64 << ':' << Hash.low64 << '\0';
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
  std::unique_ptr<DiagnosticsEngine> Engine =
      installRecordingEngine(Context, Consumer);
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

void prepareAnalysedInvocation(CompilerInvocation &Invocation) {
  // No `__clang_analyzer__`: asynclint runs no Static Analyzer checks, so
  // it analyses the code the compiler compiles. (Libraries hide code from
  // the analyzer that it cannot model, and the rest may then not compile:
  // stdexec's task without its `await_transform`.)
  Invocation.getPreprocessorOpts().SetUpStaticAnalyzer = false;
  // No "N warnings generated." lines: findings are printed by the report.
  Invocation.getDiagnosticOpts().ShowCarets = false;
}

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
