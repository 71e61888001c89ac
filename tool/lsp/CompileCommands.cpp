//===--- CompileCommands.cpp - how an open file is compiled ---------------===//

#include "lsp/CompileCommands.h"
#include "clang/Tooling/JSONCompilationDatabase.h"
#include "llvm/Support/Path.h"

namespace path = llvm::sys::path;
using clang::tooling::CompilationDatabase;
using clang::tooling::CompileCommand;

namespace asynclint::lsp {
namespace {

/// The default for files no database names: the standard the corpus and
/// most coroutine code need.
const std::vector<std::string> DefaultFallback = {"-std=c++20"};

/// The database files of \p Dir, read as they are: no command guessed for
/// the files they do not name (those get the fallback, as documented).
std::unique_ptr<CompilationDatabase> loadFrom(llvm::StringRef Dir) {
  std::string Ignored;
  llvm::SmallString<256> File(Dir);
  path::append(File, "compile_commands.json");
  if (auto Database = clang::tooling::JSONCompilationDatabase::loadFromFile(
          File, Ignored, clang::tooling::JSONCommandLineSyntax::AutoDetect))
    return Database;
  path::remove_filename(File);
  path::append(File, "compile_flags.txt");
  return clang::tooling::FixedCompilationDatabase::loadFromFile(File, Ignored);
}

} // namespace

CompilationDatabase *CompileCommands::databaseIn(llvm::StringRef Dir) {
  auto [It, Inserted] = Loaded.try_emplace(Dir);
  if (Inserted) {
    It->second = loadFrom(Dir);
    if (!It->second && FixedDirectory.empty()) {
      llvm::SmallString<256> Build(Dir);
      path::append(Build, "build");
      It->second = loadFrom(Build);
    }
  }
  return It->second.get();
}

CompilationDatabase *CompileCommands::nearestDatabase(llvm::StringRef Path) {
  if (!FixedDirectory.empty())
    return databaseIn(FixedDirectory);
  for (llvm::StringRef Dir = path::parent_path(Path); !Dir.empty();
       Dir = path::parent_path(Dir))
    if (CompilationDatabase *Database = databaseIn(Dir))
      return Database;
  return nullptr;
}

CompileCommand CompileCommands::commandFor(llvm::StringRef Path) {
  std::lock_guard<std::mutex> Guard(Lock);
  // The nearest database decides, as in clangd: a file it does not name
  // gets the fallback, not a farther database's command.
  if (CompilationDatabase *Database = nearestDatabase(Path)) {
    std::vector<CompileCommand> Commands = Database->getCompileCommands(Path);
    if (!Commands.empty())
      return Commands.front();
  }
  CompileCommand Command;
  Command.Directory = path::parent_path(Path).str();
  Command.Filename = Path.str();
  Command.CommandLine = {"clang++"};
  llvm::append_range(Command.CommandLine,
                     Fallback.empty() ? DefaultFallback : Fallback);
  Command.CommandLine.push_back(Path.str());
  Command.Heuristic = "fallback";
  return Command;
}

void CompileCommands::setFallbackFlags(std::vector<std::string> Flags) {
  std::lock_guard<std::mutex> Guard(Lock);
  Fallback = std::move(Flags);
}

void CompileCommands::forget() {
  std::lock_guard<std::mutex> Guard(Lock);
  Loaded.clear();
}

} // namespace asynclint::lsp
