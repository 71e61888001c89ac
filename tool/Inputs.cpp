//===--- Inputs.cpp - what the user asked to analyse ----------------------===//

#include "Inputs.h"
#include "Paths.h"
#include "clang-tidy/ClangTidyOptions.h"
#include "clang/Tooling/JSONCompilationDatabase.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/ConvertUTF.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SourceMgr.h"

using namespace clang;
namespace fs = llvm::sys::fs;

namespace asynclint {
namespace {

llvm::Error problem(const llvm::Twine &Message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), Message);
}

/// A source file must be readable text in UTF-8: Clang reads it as such,
/// and a fix must not mangle what it does not understand.
llvm::Error checkSourceFile(const std::string &Path) {
  fs::file_status Status;
  if (std::error_code EC = fs::status(Path, Status))
    return problem("cannot read '" + Path + "': " + EC.message());
  // Read bits, not only access(): as root every file is readable.
  const auto AnyRead = fs::owner_read | fs::group_read | fs::others_read;
  if ((Status.permissions() & AnyRead) == 0 ||
      fs::access(Path, fs::AccessMode::Exist))
    return problem("cannot read '" + Path + "': permission denied");
  auto Buffer = llvm::MemoryBuffer::getFile(Path);
  if (!Buffer)
    return problem("cannot read '" + Path +
                   "': " + Buffer.getError().message());
  llvm::StringRef Text = (*Buffer)->getBuffer();
  if (Text.contains('\0'))
    return problem("'" + Path +
                   "' is not a source file (it holds binary data)");
  const auto *Begin = reinterpret_cast<const llvm::UTF8 *>(Text.begin());
  const auto *Cursor = Begin;
  if (!llvm::isLegalUTF8String(
          &Cursor, reinterpret_cast<const llvm::UTF8 *>(Text.end())))
    return problem("'" + Path + "' is not valid UTF-8 (first bad byte at " +
                   "offset " + llvm::Twine(Cursor - Begin) +
                   "); convert it to UTF-8 first");
  return llvm::Error::success();
}

/// Every file of the database below \p Directory.
std::vector<std::string>
unitsBelow(llvm::StringRef Directory,
           const tooling::CompilationDatabase &Compilations) {
  std::string Prefix = absolutePath(Directory);
  if (!llvm::StringRef(Prefix).ends_with("/"))
    Prefix += "/";
  std::vector<std::string> Units;
  for (const std::string &File : Compilations.getAllFiles())
    if (std::string Unit = absolutePath(File);
        llvm::StringRef(Unit).starts_with(Prefix))
      Units.push_back(std::move(Unit));
  llvm::sort(Units);
  return Units;
}

/// Why the database in \p BuildPath did not load, in one line: the JSON
/// database's own reason when there is a compile_commands.json.
std::string whyNotLoaded(llvm::StringRef BuildPath, llvm::StringRef Error) {
  llvm::SmallString<256> Json(BuildPath);
  llvm::sys::path::append(Json, "compile_commands.json");
  if (!fs::exists(Json))
    return "no compile_commands.json in '" + BuildPath.str() +
           "' (CMake: -DCMAKE_EXPORT_COMPILE_COMMANDS=ON, or run the build "
           "under bear)";
  std::string Reason;
  if (!tooling::JSONCompilationDatabase::loadFromFile(
          Json, Reason, tooling::JSONCommandLineSyntax::AutoDetect))
    return "invalid compilation database '" + std::string(Json) +
           "': " + llvm::StringRef(Reason).trim().str();
  return "cannot load the compilation database in '" + BuildPath.str() +
         "': " + Error.trim().str();
}

} // namespace

llvm::Expected<std::unique_ptr<tooling::CompilationDatabase>>
loadCompilations(const DatabaseRequest &Request,
                 const std::vector<std::string> &Paths) {
  std::string Error;
  if (Request.CompilerFlags)
    return std::make_unique<tooling::FixedCompilationDatabase>(
        ".", *Request.CompilerFlags);
  if (!Request.BuildPath.empty()) {
    if (!fs::is_directory(Request.BuildPath))
      return problem("-p " + Request.BuildPath + ": no such directory");
    auto DB = tooling::CompilationDatabase::loadFromDirectory(Request.BuildPath,
                                                              Error);
    if (!DB)
      return problem(whyNotLoaded(Request.BuildPath, Error));
    return DB;
  }
  const std::string &First = Paths.front();
  auto DB =
      fs::is_directory(First)
          ? tooling::CompilationDatabase::autoDetectFromDirectory(First, Error)
          : tooling::CompilationDatabase::autoDetectFromSource(First, Error);
  if (DB)
    return DB;
  return problem("no compilation database found for '" + First +
                 "'; pass -p <build-dir> with a compile_commands.json (CMake: "
                 "-DCMAKE_EXPORT_COMPILE_COMMANDS=ON, or run the build under "
                 "bear), or give compiler flags after --");
}

llvm::Expected<std::vector<std::string>>
translationUnits(const std::vector<std::string> &Paths,
                 const tooling::CompilationDatabase &Compilations,
                 bool FromDatabase) {
  std::vector<std::string> Units;
  for (const std::string &Path : Paths) {
    if (!fs::exists(Path))
      return problem("no such file: '" + Path + "'");
    if (!fs::is_directory(Path)) {
      std::string File = absolutePath(Path);
      if (llvm::Error E = checkSourceFile(File))
        return std::move(E);
      if (Compilations.getCompileCommands(File).empty())
        return problem("no compile command for '" + File +
                       "' in the compilation database; is it part of the "
                       "build?");
      Units.push_back(File);
      continue;
    }
    if (!FromDatabase)
      return problem("'" + Path +
                     "' is a directory; with flags after -- give source "
                     "files, or use -p <build-dir> to analyse every file of "
                     "its compilation database below it");
    std::vector<std::string> Below = unitsBelow(Path, Compilations);
    if (Below.empty())
      return problem("no file of the compilation database is below '" + Path +
                     "'");
    for (const std::string &File : Below)
      if (llvm::Error E = checkSourceFile(File))
        return std::move(E);
    llvm::append_range(Units, Below);
  }
  // A file named twice (or through two directories) is analysed once.
  llvm::StringSet<> Seen;
  llvm::erase_if(Units,
                 [&](const std::string &F) { return !Seen.insert(F).second; });
  return Units;
}

llvm::Error checkConfigFiles(const std::vector<std::string> &Files) {
  llvm::StringSet<> Checked;
  for (const std::string &File : Files)
    for (llvm::StringRef Dir = llvm::sys::path::parent_path(File); !Dir.empty();
         Dir = llvm::sys::path::parent_path(Dir)) {
      if (!Checked.insert(Dir).second)
        break; // this directory and those above it are checked
      llvm::SmallString<256> Config(Dir);
      llvm::sys::path::append(Config, ".clang-tidy");
      if (!fs::exists(Config) || fs::is_directory(Config))
        continue;
      auto Text = llvm::MemoryBuffer::getFile(Config);
      if (!Text)
        return problem("cannot read '" + Config +
                       "': " + Text.getError().message());
      std::string FirstError;
      auto Parsed = tidy::parseConfigurationWithDiags(
          (*Text)->getMemBufferRef(), [&](const llvm::SMDiagnostic &D) {
            if (FirstError.empty())
              FirstError =
                  (llvm::Twine(D.getLineNo()) + ":" +
                   llvm::Twine(D.getColumnNo() + 1) + ": " + D.getMessage())
                      .str();
          });
      if (!Parsed)
        return problem(
            "invalid configuration '" + Config + "': " +
            (FirstError.empty() ? Parsed.getError().message() : FirstError));
    }
  return llvm::Error::success();
}

} // namespace asynclint
