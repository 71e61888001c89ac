//===--- BufferAnalysis.cpp - the checks over an editor's buffer ----------===//

#include "lsp/BufferAnalysis.h"
#include "Analysis.h"
#include "CrashGuard.h"
#include "Findings.h"
#include "SuppressionRecorder.h"
#include "clang-tidy/ClangTidy.h"
#include "clang-tidy/ClangTidyModule.h"
#include "lsp/PreambleInclusions.h"
#include "clang/Driver/CreateInvocationFromArgs.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendActions.h"
#include "clang/Frontend/MultiplexConsumer.h"
#include "clang/Frontend/PrecompiledPreamble.h"
#include "clang/Lex/PreprocessorOptions.h"
#include "clang/Options/OptionUtils.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/MemoryBuffer.h"

using namespace clang;
using namespace clang::tidy;

namespace asynclint::lsp {

struct BufferAnalyser::Preamble {
  std::vector<std::string> Arguments;
  PrecompiledPreamble PCH;
  std::vector<RecordedInclusion> Inclusions;
};

namespace {

/// The disk, with the editor's text of \p Path over it.
llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem>
overlayOf(llvm::StringRef Path, llvm::StringRef Directory,
          llvm::StringRef Text) {
  auto Buffers = llvm::makeIntrusiveRefCnt<llvm::vfs::InMemoryFileSystem>();
  Buffers->addFile(Path, /*ModificationTime=*/0,
                   llvm::MemoryBuffer::getMemBufferCopy(Text, Path));
  auto FS = llvm::makeIntrusiveRefCnt<llvm::vfs::OverlayFileSystem>(
      llvm::vfs::createPhysicalFileSystem());
  FS->pushOverlay(std::move(Buffers));
  FS->setCurrentWorkingDirectory(Directory);
  return FS;
}

/// The command line as the CLI's ClangTool runs it: syntax only, no
/// output or dependency files, the configuration's extra arguments, no
/// plugins, and the resource directory of the running tool.
std::vector<std::string>
analysedArguments(llvm::StringRef Path, const tooling::CompileCommand &Command,
                  ClangTidyContext &Context) {
  std::vector<std::string> Args = Command.CommandLine;
  for (const tooling::ArgumentsAdjuster &Adjust :
       {tooling::getClangSyntaxOnlyAdjuster(),
        tooling::getClangStripOutputAdjuster(),
        tooling::getClangStripDependencyFileAdjuster(),
        configuredArguments(Context), tooling::getStripPluginsAdjuster()})
    Args = Adjust(Args, Path);
  if (!Args.empty() && llvm::none_of(Args, [](llvm::StringRef Arg) {
        return Arg.starts_with("-resource-dir");
      }))
    Args.insert(Args.begin() + 1,
                "-resource-dir=" +
                    GetResourcesPath("clang_tool",
                                     reinterpret_cast<void *>(&overlayOf)));
  return Args;
}

/// For making the invocation and the preamble: their diagnostics are no
/// findings, and compiler errors are clangd's to show (one worker thread
/// uses it).
IntrusiveRefCntPtr<DiagnosticsEngine>
quietDiagnostics(llvm::vfs::FileSystem &FS) {
  static DiagnosticOptions Options;
  static IgnoringDiagConsumer Quiet;
  return CompilerInstance::createDiagnostics(FS, Options, &Quiet,
                                             /*ShouldOwnClient=*/false);
}

std::shared_ptr<CompilerInvocation>
invocationOf(const std::vector<std::string> &Args,
             llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> FS) {
  std::vector<const char *> Argv;
  for (const std::string &Arg : Args)
    Argv.push_back(Arg.c_str());
  CreateInvocationOptions Options;
  Options.Diags = quietDiagnostics(*FS);
  Options.VFS = FS;
  std::shared_ptr<CompilerInvocation> Invocation =
      createInvocation(Argv, std::move(Options));
  if (!Invocation)
    return nullptr;
  prepareAnalysedInvocation(*Invocation);
  // A server analyses again and again: the AST must be freed each time.
  Invocation->getFrontendOpts().DisableFree = false;
  // The main file's buffer stays ours (the preamble remaps it).
  Invocation->getPreprocessorOpts().RetainRemappedFileBuffers = true;
  return Invocation;
}

/// Gives the checks only the main file's declarations to traverse.
class MainFileScope : public ASTConsumer {
public:
  explicit MainFileScope(const SourceManager &SM) : SM(SM) {}

  bool HandleTopLevelDecl(DeclGroupRef Group) override {
    for (Decl *D : Group)
      if (SM.isWrittenInMainFile(SM.getExpansionLoc(D->getLocation())))
        Decls.push_back(D);
    return true;
  }

  void HandleTranslationUnit(ASTContext &Context) override {
    Context.setTraversalScope(Decls);
  }

private:
  const SourceManager &SM;
  std::vector<Decl *> Decls;
};

/// The checks' AST consumer, told the #includes a preamble hides.
class BufferTidyAction : public ASTFrontendAction {
public:
  BufferTidyAction(ClangTidyASTConsumerFactory &Checks,
                   const std::vector<RecordedInclusion> *Hidden)
      : Checks(Checks), Hidden(Hidden) {}

  std::unique_ptr<ASTConsumer>
  CreateASTConsumer(CompilerInstance &Compiler, llvm::StringRef File) override {
    std::unique_ptr<ASTConsumer> Tidy =
        Checks.createASTConsumer(Compiler, File);
    Preprocessor &PP = Compiler.getPreprocessor();
    if (Hidden && PP.getPPCallbacks())
      PP.addPPCallbacks(replayInclusions(*Hidden, *PP.getPPCallbacks(), PP));
    std::vector<std::unique_ptr<ASTConsumer>> Consumers;
    Consumers.push_back(
        std::make_unique<MainFileScope>(Compiler.getSourceManager()));
    Consumers.push_back(std::move(Tidy));
    return std::make_unique<MultiplexConsumer>(std::move(Consumers));
  }

private:
  ClangTidyASTConsumerFactory &Checks;
  const std::vector<RecordedInclusion> *Hidden;
};

} // namespace

BufferAnalyser::BufferAnalyser() = default;
BufferAnalyser::~BufferAnalyser() = default;

bool BufferAnalyser::refreshPreamble(
    const CompilerInvocation &Invocation, const llvm::MemoryBuffer &Buffer,
    const std::vector<std::string> &Args,
    llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> FS) {
  PreambleBounds Bounds =
      ComputePreambleBounds(Invocation.getLangOpts(), Buffer, /*MaxLines=*/0);
  if (Current && Current->Arguments == Args &&
      Current->PCH.CanReuse(Invocation, Buffer, Bounds, *FS))
    return true;
  Current.reset();
  if (Bounds.Size == 0)
    return false;
  // The headers' own template instantiations are made once, in the
  // preamble, not again at the end of every analysis (-fpch-instantiate-
  // templates): what costs most in a re-analysis otherwise.
  CompilerInvocation ForPreamble(Invocation);
  ForPreamble.getLangOpts().PCHInstantiateTemplates = true;
  InclusionRecorder Recorder;
  llvm::ErrorOr<PrecompiledPreamble> PCH = PrecompiledPreamble::Build(
      ForPreamble, &Buffer, Bounds, quietDiagnostics(*FS), FS,
      std::make_shared<PCHContainerOperations>(), /*StoreInMemory=*/true,
      /*StoragePath=*/"", Recorder);
  if (PCH)
    Current = std::make_shared<Preamble>(
        Preamble{Args, std::move(*PCH), std::move(Recorder.Inclusions)});
  return false;
}

BufferOutcome BufferAnalyser::analyse(llvm::StringRef Path,
                                      const tooling::CompileCommand &Command,
                                      llvm::StringRef Text,
                                      const OptionsFactory &Options) {
  BufferOutcome Outcome;
  llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> FS =
      overlayOf(Path, Command.Directory, Text);
  ClangTidyContext Context(Options(FS));
  std::vector<Suppression> Suppressions;
  SuppressionRecorder Consumer(Context, /*FixesFromNotes=*/false, Suppressions);
  std::unique_ptr<DiagnosticsEngine> Engine =
      installRecordingEngine(Context, Consumer);

  std::vector<std::string> Args = analysedArguments(Path, Command, Context);
  std::shared_ptr<CompilerInvocation> Invocation = invocationOf(Args, FS);
  if (!Invocation) {
    Outcome.Problem = "the compile command makes no compile: " +
                      llvm::join(Command.CommandLine, " ");
    return Outcome;
  }
  std::unique_ptr<llvm::MemoryBuffer> Buffer =
      llvm::MemoryBuffer::getMemBufferCopy(Text, Path);
  std::optional<CrashPlace> Crash = runGuarded([&] {
    Outcome.PreambleReused = refreshPreamble(*Invocation, *Buffer, Args, FS);
    if (Current)
      Current->PCH.AddImplicitPreamble(*Invocation, FS, Buffer.get());
    CompilerInstance Compiler(Invocation);
    Compiler.setVirtualFileSystem(FS);
    Compiler.createFileManager();
    Compiler.createDiagnostics(&Consumer, /*ShouldOwnClient=*/false);
    ClangTidyASTConsumerFactory Checks(Context);
    BufferTidyAction Action(Checks, Current ? &Current->Inclusions : nullptr);
    Compiler.ExecuteAction(Action);
  });
  if (Crash) {
    Current.reset();
    Outcome.Problem = "crashed " + Crash->describe();
    return Outcome;
  }
  Outcome.Findings = Consumer.take();
  Consumer.adoptSuppressedIncludes(Outcome.Findings, /*FixesFromNotes=*/false);
  llvm::for_each(Outcome.Findings,
                 [](ClangTidyError &E) { makePathsAbsolute(E); });
  return Outcome;
}

} // namespace asynclint::lsp
