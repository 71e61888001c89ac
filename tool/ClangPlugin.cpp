//===--- ClangPlugin.cpp - the checks inside the compile ------------------===//
//
// `clang++-22 -fplugin=asynclint-clang.so -c x.cpp` runs the async checks on
// the AST of the normal compile, before code generation (which still runs,
// unchanged), and reports their findings as compiler warnings. The checks
// read `.clang-tidy` files and honour NOLINT as the CLI does; a unit's fixes
// go to a directory as clang-apply-replacements YAML. A crash in a check is
// reported as a warning and the compile goes on.
//
// Arguments, each `-fplugin-arg-asynclint-NAME=VALUE`: checks, config-file,
// header-filter, warnings-as-errors, fixes-dir; `-fplugin-arg-asynclint-
// unsafe-fixes` also writes the unsafe fixes.
//
//===----------------------------------------------------------------------===//

#include "Config.h"
#include "CrashGuard.h"
#include "Findings.h"
#include "FixesDirectory.h"
#include "SuppressionRecorder.h"
#include "clang-tidy/ClangTidy.h"
#include "clang-tidy/ClangTidyModule.h"
#include "clang/AST/ASTConsumer.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendPluginRegistry.h"
#include "clang/Frontend/MultiplexConsumer.h"
#include "clang/Basic/Version.h"
#include <dlfcn.h>
#include "llvm/Support/Regex.h"
#include <cstdio>
#include <cstdlib>

using namespace clang;
using namespace clang::tidy;

namespace asynclint {
namespace {

struct PluginSettings {
  ConfigRequest Config;
  std::string FixesDir;
  bool UnsafeFixes = false;
};

/// An error of ours or a crash, as the compiler reports its own.
void reportProblem(DiagnosticsEngine &Diags, DiagnosticsEngine::Level Level,
                   llvm::StringRef Text) {
  Diags.Report(Diags.getCustomDiagID(Level, "asynclint: %0")) << Text;
}

/// Reports findings through the compiler's diagnostics, so they read like
/// its own warnings.
class CompilerReporter {
public:
  explicit CompilerReporter(CompilerInstance &Compiler)
      : Diags(Compiler.getDiagnostics()), SM(Compiler.getSourceManager()) {}

  void finding(const ClangTidyError &Finding) {
    std::string Label = Finding.DiagnosticName;
    if (Finding.IsWarningAsError)
      Label += ",-warnings-as-errors";
    report(Finding.IsWarningAsError ? DiagnosticsEngine::Error
                                    : DiagnosticsEngine::Warning,
           Finding.Message, Finding.Message.Message + " [" + Label + "]");
    for (const tooling::DiagnosticMessage &Note : Finding.Notes)
      report(DiagnosticsEngine::Note, Note, Note.Message);
  }

  void problem(DiagnosticsEngine::Level Level, llvm::StringRef Text) {
    reportProblem(Diags, Level, Text);
  }

private:
  void report(DiagnosticsEngine::Level Level,
              const tooling::DiagnosticMessage &Where, llvm::StringRef Text) {
    Diags.Report(locate(Where), Diags.getCustomDiagID(Level, "%0")) << Text;
  }

  /// The location a finding's file and offset name in this compile.
  SourceLocation locate(const tooling::DiagnosticMessage &Where) {
    if (Where.FilePath.empty())
      return {};
    auto File = SM.getFileManager().getOptionalFileRef(Where.FilePath);
    FileID ID = File ? SM.translateFile(*File) : FileID();
    if (ID.isInvalid())
      return {};
    return SM.getLocForStartOfFile(ID).getLocWithOffset(Where.FileOffset);
  }

  DiagnosticsEngine &Diags;
  SourceManager &SM;
};

/// What the checks need for one unit: their context, and the diagnostics
/// engine they report into (apart from the compiler's, so NOLINT and the
/// header filter apply before anything reaches the compiler's output).
class TidySession {
protected:
  TidySession(const PluginSettings &Settings, CompilerInstance &Compiler)
      : Settings(Settings),
        Context(makeOptionsProvider(
            Settings.Config, Compiler.getVirtualFileSystemPtr())),
        Collector(Context, Settings.UnsafeFixes, Silenced),
        Engine(installRecordingEngine(Context, Collector)), Factory(Context) {}

  PluginSettings Settings;
  ClangTidyContext Context;
  /// What NOLINT silenced: compiler output has no place for it.
  std::vector<Suppression> Silenced;
  SuppressionRecorder Collector;
  std::unique_ptr<DiagnosticsEngine> Engine;
  ClangTidyASTConsumerFactory Factory;
};

/// The checks' consumer, run under crash recovery; their findings go to
/// the compiler's diagnostics at the end of the unit. The session is a base
/// named first, so it outlives the checks the consumer owns.
class LintingConsumer : private TidySession, public MultiplexConsumer {
public:
  LintingConsumer(const PluginSettings &Settings, CompilerInstance &Compiler,
                  llvm::StringRef File)
      : TidySession(Settings, Compiler),
        MultiplexConsumer(Factory.createASTConsumer(Compiler, File)),
        Reporter(Compiler), MainFile(File.str()) {}

  void HandleTranslationUnit(ASTContext &AST) override {
    if (auto Crash = runGuarded(
            [&] { MultiplexConsumer::HandleTranslationUnit(AST); })) {
      Reporter.problem(DiagnosticsEngine::Warning,
                       "crashed " + Crash->describe() + " while analysing '" +
                           MainFile +
                           "'; its findings are dropped, the compile goes "
                           "on; please report this with the file");
      return;
    }
    std::vector<ClangTidyError> Findings = Collector.take();
    Collector.adoptSuppressedIncludes(Findings, Settings.UnsafeFixes);
    if (auto Problem = configurationProblem(Findings))
      return Reporter.problem(DiagnosticsEngine::Error, *Problem);
    for (const ClangTidyError &Finding : Findings)
      Reporter.finding(Finding);
    if (!Settings.FixesDir.empty())
      if (llvm::Error E = writeUnitFixes(Settings.FixesDir, MainFile, Findings,
                                         Settings.UnsafeFixes))
        Reporter.problem(DiagnosticsEngine::Warning, llvm::toString(std::move(E)));
  }

private:
  CompilerReporter Reporter;
  std::string MainFile;
};

class AsyncLintAction : public PluginASTAction {
protected:
  std::unique_ptr<ASTConsumer> CreateASTConsumer(CompilerInstance &Compiler,
                                                 llvm::StringRef File) override {
    return std::make_unique<LintingConsumer>(Settings, Compiler, File);
  }

  bool ParseArgs(const CompilerInstance &Compiler,
                 const std::vector<std::string> &Args) override {
    for (const std::string &Arg : Args)
      if (auto Problem = apply(Arg)) {
        reportProblem(Compiler.getDiagnostics(), DiagnosticsEngine::Error,
                      *Problem);
        return false;
      }
    enableCrashRecovery();
    return true;
  }

  // Alongside code generation, not instead of it.
  ActionType getActionType() override { return AddBeforeMainAction; }

private:
  /// Takes one `NAME=VALUE` argument; what is wrong with it, if anything.
  std::optional<std::string> apply(llvm::StringRef Arg) {
    auto [Name, Value] = Arg.split('=');
    if (Name == "unsafe-fixes" && !Arg.contains('=')) {
      Settings.UnsafeFixes = true;
      return std::nullopt;
    }
    if (!Arg.contains('='))
      return "plugin argument '" + Arg.str() + "' needs a value (NAME=VALUE)";
    if (Name == "checks") {
      if (auto Unknown = unknownCheckIn(Value, allCheckNames()))
        return "unknown check '" + *Unknown + "' in checks=";
      Settings.Config.Checks = Value.str();
    } else if (Name == "config-file") {
      auto Options = readConfigFile(Value);
      if (!Options)
        return llvm::toString(Options.takeError());
      Settings.Config.ConfigFile = std::move(*Options);
    } else if (Name == "header-filter") {
      if (!llvm::Regex(Value).isValid())
        return "header-filter: invalid regular expression '" + Value.str() + "'";
      Settings.Config.HeaderFilter = Value.str();
    } else if (Name == "warnings-as-errors") {
      Settings.Config.WarningsAsErrors = Value.str();
    } else if (Name == "fixes-dir") {
      Settings.FixesDir = Value.str();
    } else {
      return "unknown plugin argument '" + Name.str() +
             "'; known: checks, config-file, header-filter, "
             "warnings-as-errors, fixes-dir, unsafe-fixes";
    }
    return std::nullopt;
  }

  PluginSettings Settings;
};

/// The major version of the Clang that loaded the plugin, as it reports
/// itself ("Debian clang version 14.0.6"); 0 when it cannot be told. Asked
/// by name in load order (the compiler's own library comes first): the
/// plugin's own reference binds to the versioned symbol of the Clang it was
/// built for, whichever process it is in.
unsigned hostClangMajor() {
  using VersionFn = std::string (*)();
  auto *Version = reinterpret_cast<VersionFn>(
      dlsym(RTLD_DEFAULT, "_ZN5clang19getClangFullVersionB5cxx11Ev"));
  if (!Version)
    return 0;
  std::string Full = Version();
  llvm::StringRef Rest(Full);
  size_t At = Rest.find("version ");
  unsigned Major = 0;
  if (At != llvm::StringRef::npos)
    Rest.drop_front(At + 8).consumeInteger(10, Major);
  return Major;
}

/// Registers the plugin with the Clang that loads it, if it is the one it
/// was built for: another would run this code with its own data layouts and
/// crash. Then the compile fails with one line saying which compiler to use.
struct Registration {
  Registration() {
    unsigned Host = hostClangMajor();
    if (Host != CLANG_VERSION_MAJOR) {
      std::fprintf(stderr,
                   "error: asynclint-clang.so is built for Clang %d and was "
                   "loaded by Clang %u; compile with clang++-%d\n",
                   CLANG_VERSION_MAJOR, Host, CLANG_VERSION_MAJOR);
      std::_Exit(1);
    }
    static FrontendPluginRegistry::Add<AsyncLintAction> Plugin(
        "asynclint", "asynclint: asynchronous anti-patterns in C++");
  }
} Registered;

} // namespace
} // namespace asynclint
