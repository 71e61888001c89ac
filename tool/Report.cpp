//===--- Report.cpp - machine-readable reports of findings ----------------===//

#include "Report.h"
#include "Docs.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"

using clang::tidy::ClangTidyError;
namespace json = llvm::json;

namespace asynclint {
namespace {

/// 1-based line and column of byte offsets, reading each file once.
class Positions {
public:
  std::pair<unsigned, unsigned> of(const std::string &Path, unsigned Offset) {
    auto [It, Inserted] = Files.try_emplace(Path);
    if (Inserted)
      if (auto Buffer = llvm::MemoryBuffer::getFile(Path))
        It->second = (*Buffer)->getBuffer().str();
    llvm::StringRef Text = It->second;
    Text = Text.take_front(Offset);
    unsigned Line = 1 + Text.count('\n');
    size_t LineStart = Text.rfind('\n');
    unsigned Column =
        LineStart == llvm::StringRef::npos ? Offset + 1 : Offset - LineStart;
    return {Line, Column};
  }

private:
  llvm::StringMap<std::string> Files;
};

/// A SARIF artifact URI: relative to the working directory (the repository
/// root in CI) when the file is below it, else an absolute file URI.
std::string uriOf(llvm::StringRef Path) {
  llvm::SmallString<256> Cwd;
  if (!llvm::sys::fs::current_path(Cwd) && Path.starts_with(Cwd) &&
      Path.drop_front(Cwd.size()).starts_with("/"))
    return Path.drop_front(Cwd.size() + 1).str();
  return ("file://" + Path).str();
}

std::string levelOf(const ClangTidyError &E) {
  return E.DiagLevel == ClangTidyError::Error ? "error" : "warning";
}

json::Array replacementsOf(const ClangTidyError &E, Positions &P) {
  json::Array Out;
  for (const auto &[File, Replacements] : E.Message.Fix)
    for (const clang::tooling::Replacement &R : Replacements) {
      auto [Line, Column] = P.of(R.getFilePath().str(), R.getOffset());
      Out.push_back(json::Object{{"file", R.getFilePath()},
                                 {"offset", R.getOffset()},
                                 {"length", R.getLength()},
                                 {"line", Line},
                                 {"column", Column},
                                 {"text", R.getReplacementText()}});
    }
  return Out;
}

/// The check's one-line summary: the first sentence of its page that says
/// what it finds.
std::string summaryOf(llvm::StringRef Check) {
  std::optional<llvm::StringRef> Doc = checkDoc(Check);
  if (!Doc)
    return Check.str();
  size_t Start = Doc->find("Finds ");
  if (Start == llvm::StringRef::npos)
    return Check.str();
  llvm::StringRef Rest = Doc->drop_front(Start);
  return Rest.take_until([](char C) { return C == '.'; }).str() + ".";
}

} // namespace

void writeJson(llvm::ArrayRef<ClangTidyError> Findings, llvm::raw_ostream &OS) {
  Positions P;
  json::Array Items;
  for (const ClangTidyError &E : Findings) {
    auto [Line, Column] = P.of(E.Message.FilePath, E.Message.FileOffset);
    json::Array Notes;
    for (const clang::tooling::DiagnosticMessage &N : E.Notes) {
      auto [NLine, NColumn] = P.of(N.FilePath, N.FileOffset);
      Notes.push_back(json::Object{{"file", N.FilePath},
                                   {"line", NLine},
                                   {"column", NColumn},
                                   {"message", N.Message}});
    }
    Items.push_back(json::Object{{"check", E.DiagnosticName},
                                 {"level", levelOf(E)},
                                 {"file", E.Message.FilePath},
                                 {"line", Line},
                                 {"column", Column},
                                 {"message", E.Message.Message},
                                 {"notes", std::move(Notes)},
                                 {"fixes", replacementsOf(E, P)}});
  }
  OS << llvm::formatv(
      "{0:2}\n", json::Value(json::Object{{"version", 1},
                                          {"tool", "asynclint"},
                                          {"toolVersion", Version},
                                          {"findings", std::move(Items)}}));
}

void writeSarif(llvm::ArrayRef<ClangTidyError> Findings,
                llvm::ArrayRef<std::string> Checks, llvm::raw_ostream &OS) {
  Positions P;
  json::Array Rules;
  for (const std::string &Check : Checks) {
    std::string Summary = summaryOf(Check);
    Rules.push_back(json::Object{
        {"id", Check},
        {"name", Check},
        {"shortDescription", json::Object{{"text", Summary}}},
        {"fullDescription", json::Object{{"text", Summary}}},
        {"help", json::Object{{"text", Summary},
                              {"markdown", checkDoc(Check).value_or("")}}},
        {"defaultConfiguration", json::Object{{"level", "warning"}}}});
  }
  auto Location = [&](const std::string &File, unsigned Offset) {
    auto [Line, Column] = P.of(File, Offset);
    return json::Object{
        {"physicalLocation",
         json::Object{{"artifactLocation", json::Object{{"uri", uriOf(File)}}},
                      {"region", json::Object{{"startLine", Line},
                                              {"startColumn", Column}}}}}};
  };
  json::Array Results;
  for (const ClangTidyError &E : Findings) {
    json::Object Result{
        {"ruleId", E.DiagnosticName},
        {"level", levelOf(E)},
        {"message", json::Object{{"text", E.Message.Message}}},
        {"locations",
         json::Array{Location(E.Message.FilePath, E.Message.FileOffset)}}};
    json::Array Related;
    for (const clang::tooling::DiagnosticMessage &N : E.Notes) {
      json::Object Note = Location(N.FilePath, N.FileOffset);
      Note["message"] = json::Object{{"text", N.Message}};
      Related.push_back(std::move(Note));
    }
    if (!Related.empty())
      Result["relatedLocations"] = std::move(Related);
    json::Array Changes;
    for (const auto &[File, Replacements] : E.Message.Fix) {
      json::Array Edits;
      for (const clang::tooling::Replacement &R : Replacements) {
        auto [Line, Column] = P.of(R.getFilePath().str(), R.getOffset());
        Edits.push_back(json::Object{
            {"deletedRegion", json::Object{{"startLine", Line},
                                           {"startColumn", Column},
                                           {"charOffset", R.getOffset()},
                                           {"charLength", R.getLength()}}},
            {"insertedContent",
             json::Object{{"text", R.getReplacementText()}}}});
      }
      Changes.push_back(
          json::Object{{"artifactLocation", json::Object{{"uri", uriOf(File)}}},
                       {"replacements", std::move(Edits)}});
    }
    if (!Changes.empty())
      Result["fixes"] = json::Array{
          json::Object{{"description", json::Object{{"text", "asynclint fix"}}},
                       {"artifactChanges", std::move(Changes)}}};
    Results.push_back(std::move(Result));
  }
  json::Object Log{
      {"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
      {"version", "2.1.0"},
      {"runs",
       json::Array{json::Object{
           {"tool", json::Object{{"driver",
                                  json::Object{{"name", "asynclint"},
                                               {"version", Version},
                                               {"rules", std::move(Rules)}}}}},
           {"results", std::move(Results)}}}}};
  OS << llvm::formatv("{0:2}\n", json::Value(std::move(Log)));
}

} // namespace asynclint
