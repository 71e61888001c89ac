//===--- Report.cpp - machine-readable reports of findings ----------------===//

#include "Report.h"
#include "Docs.h"
#include "Paths.h"
#include "SourceText.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"

using clang::tidy::ClangTidyError;
namespace json = llvm::json;

namespace asynclint {
namespace {

/// A SARIF artifact URI: relative to the working directory when the file is
/// below it, else an absolute file URI.
std::string uriOf(llvm::StringRef Path) {
  return belowWorkingDirectory(Path).value_or(("file://" + Path).str());
}

std::string levelOf(const ClangTidyError &E) {
  return E.DiagLevel == ClangTidyError::Error ? "error" : "warning";
}

using FixByFile = llvm::StringMap<clang::tooling::Replacements>;

json::Array replacementsOf(const FixByFile &Fix, SourceText &P) {
  json::Array Out;
  for (const auto &[File, Replacements] : Fix)
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

void writeJson(const ReportInput &Input, llvm::raw_ostream &OS) {
  SourceText &P = Input.Sources;
  json::Array Items;
  for (size_t I = 0; I < Input.Findings.size(); ++I) {
    const ClangTidyError &E = Input.Findings[I];
    auto [Line, Column] = P.of(E.Message.FilePath, E.Message.FileOffset);
    json::Array Notes;
    for (const clang::tooling::DiagnosticMessage &N : E.Notes) {
      auto [NLine, NColumn] = P.of(N.FilePath, N.FileOffset);
      json::Object Note{{"file", N.FilePath},
                        {"offset", N.FileOffset},
                        {"line", NLine},
                        {"column", NColumn},
                        {"message", N.Message}};
      // An unsafe or alternative repair, taken with --unsafe-fixes.
      if (!N.Fix.empty())
        Note["fixes"] = replacementsOf(N.Fix, P);
      Notes.push_back(std::move(Note));
    }
    Items.push_back(json::Object{{"check", E.DiagnosticName},
                                 {"level", levelOf(E)},
                                 {"file", E.Message.FilePath},
                                 {"offset", E.Message.FileOffset},
                                 {"line", Line},
                                 {"column", Column},
                                 {"message", E.Message.Message},
                                 {"fingerprint", Input.Fingerprints[I]},
                                 {"notes", std::move(Notes)},
                                 {"fixes", replacementsOf(E.Message.Fix, P)}});
  }
  json::Array Suppressed;
  for (const Suppression &S : Input.Suppressions) {
    auto [Line, Column] = P.of(S.File, S.Offset);
    Suppressed.push_back(json::Object{{"check", S.Check},
                                      {"file", S.File},
                                      {"offset", S.Offset},
                                      {"line", Line},
                                      {"column", Column},
                                      {"message", S.Message},
                                      {"reason", S.Reason}});
  }
  OS << llvm::formatv("{0:2}\n", json::Value(json::Object{
                                     {"version", 1},
                                     {"tool", "asynclint"},
                                     {"toolVersion", Version},
                                     {"findings", std::move(Items)},
                                     {"suppressed", std::move(Suppressed)}}));
}

std::string checkPageUrl(llvm::StringRef Check) {
  return (ASYNCLINT_DOCS_URL + Check + ".md").str();
}

namespace {

json::Array sarifRules(llvm::ArrayRef<std::string> Checks) {
  json::Array Rules;
  for (const std::string &Check : Checks) {
    std::string Summary = summaryOf(Check);
    Rules.push_back(json::Object{
        {"id", Check},
        {"name", Check},
        {"shortDescription", json::Object{{"text", Summary}}},
        {"fullDescription", json::Object{{"text", Summary}}},
        {"helpUri", checkPageUrl(Check)},
        {"help", json::Object{{"text", Summary},
                              {"markdown", checkDoc(Check).value_or("")}}},
        {"defaultConfiguration", json::Object{{"level", "warning"}}}});
  }
  return Rules;
}

json::Object sarifLocation(SourceText &P, const std::string &File,
                           unsigned Offset) {
  auto [Line, Column] = P.of(File, Offset);
  return json::Object{
      {"physicalLocation",
       json::Object{{"artifactLocation", json::Object{{"uri", uriOf(File)}}},
                    {"region", json::Object{{"startLine", Line},
                                            {"startColumn", Column}}}}}};
}

/// One SARIF fix object for \p Fix, described by \p Description.
std::optional<json::Object> sarifFix(const FixByFile &Fix,
                                     llvm::StringRef Description,
                                     SourceText &P) {
  json::Array Changes;
  for (const auto &[File, Replacements] : Fix) {
    json::Array Edits;
    for (const clang::tooling::Replacement &R : Replacements) {
      auto [Line, Column] = P.of(R.getFilePath().str(), R.getOffset());
      Edits.push_back(json::Object{
          {"deletedRegion", json::Object{{"startLine", Line},
                                         {"startColumn", Column},
                                         {"charOffset", R.getOffset()},
                                         {"charLength", R.getLength()}}},
          {"insertedContent", json::Object{{"text", R.getReplacementText()}}}});
    }
    Changes.push_back(
        json::Object{{"artifactLocation", json::Object{{"uri", uriOf(File)}}},
                     {"replacements", std::move(Edits)}});
  }
  if (Changes.empty())
    return std::nullopt;
  return json::Object{{"description", json::Object{{"text", Description}}},
                      {"artifactChanges", std::move(Changes)}};
}

/// The warning's own (safe) fix first, then the notes' unsafe or
/// alternative ones, each described by its note.
std::optional<json::Array> sarifFixes(const ClangTidyError &E, SourceText &P) {
  json::Array Fixes;
  if (auto Safe = sarifFix(E.Message.Fix, "asynclint fix", P))
    Fixes.push_back(std::move(*Safe));
  for (const clang::tooling::DiagnosticMessage &N : E.Notes)
    if (auto Offered = sarifFix(N.Fix, N.Message, P))
      Fixes.push_back(std::move(*Offered));
  if (Fixes.empty())
    return std::nullopt;
  return Fixes;
}

json::Object sarifResult(const ClangTidyError &E, llvm::StringRef Fingerprint,
                         SourceText &P) {
  json::Object Result{
      {"ruleId", E.DiagnosticName},
      {"level", levelOf(E)},
      {"message", json::Object{{"text", E.Message.Message}}},
      {"locations",
       json::Array{sarifLocation(P, E.Message.FilePath, E.Message.FileOffset)}},
      {"partialFingerprints",
       json::Object{{"asynclintFingerprint/v1", Fingerprint}}}};
  json::Array Related;
  for (const clang::tooling::DiagnosticMessage &N : E.Notes) {
    json::Object Note = sarifLocation(P, N.FilePath, N.FileOffset);
    Note["message"] = json::Object{{"text", N.Message}};
    Related.push_back(std::move(Note));
  }
  if (!Related.empty())
    Result["relatedLocations"] = std::move(Related);
  if (std::optional<json::Array> Fixes = sarifFixes(E, P))
    Result["fixes"] = std::move(*Fixes);
  return Result;
}

json::Object sarifSuppressedResult(const Suppression &S, SourceText &P) {
  json::Object Suppressed{{"kind", "inSource"}};
  if (!S.Reason.empty())
    Suppressed["justification"] = S.Reason;
  return json::Object{
      {"ruleId", S.Check},
      {"level", "warning"},
      {"message", json::Object{{"text", S.Message}}},
      {"locations", json::Array{sarifLocation(P, S.File, S.Offset)}},
      {"suppressions", json::Array{std::move(Suppressed)}}};
}

} // namespace

void writeSarif(const ReportInput &Input, llvm::ArrayRef<std::string> Checks,
                llvm::raw_ostream &OS) {
  SourceText &P = Input.Sources;
  json::Array Results;
  for (size_t I = 0; I < Input.Findings.size(); ++I)
    Results.push_back(sarifResult(Input.Findings[I], Input.Fingerprints[I], P));
  for (const Suppression &S : Input.Suppressions)
    Results.push_back(sarifSuppressedResult(S, P));
  json::Object Log{
      {"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
      {"version", "2.1.0"},
      {"runs",
       json::Array{json::Object{
           {"tool",
            json::Object{
                {"driver", json::Object{{"name", "asynclint"},
                                        {"version", Version},
                                        {"informationUri", ASYNCLINT_DOCS_URL},
                                        {"rules", sarifRules(Checks)}}}}},
           {"results", std::move(Results)}}}}};
  OS << llvm::formatv("{0:2}\n", json::Value(std::move(Log)));
}

} // namespace asynclint
