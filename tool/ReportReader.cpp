//===--- ReportReader.cpp - reading JSON reports back ---------------------===//

#include "ReportReader.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"

using clang::tidy::ClangTidyError;
namespace json = llvm::json;

namespace asynclint {
namespace {

/// The replacements of a `fixes` array, by file.
bool readFixes(const json::Array *Fixes,
               llvm::StringMap<clang::tooling::Replacements> &Into) {
  if (!Fixes)
    return true;
  for (const json::Value &Value : *Fixes) {
    const json::Object *Fix = Value.getAsObject();
    if (!Fix)
      return false;
    auto File = Fix->getString("file");
    auto Offset = Fix->getInteger("offset");
    auto Length = Fix->getInteger("length");
    auto Text = Fix->getString("text");
    if (!File || !Offset || !Length || !Text || *Offset < 0 || *Length < 0)
      return false;
    if (llvm::Error E = Into[*File].add(clang::tooling::Replacement(
            *File, static_cast<unsigned>(*Offset),
            static_cast<unsigned>(*Length), *Text))) {
      llvm::consumeError(std::move(E));
      return false;
    }
  }
  return true;
}

/// A message's place and text: `file`, `offset` and `message`.
bool readMessage(const json::Object &From,
                 clang::tooling::DiagnosticMessage &Into) {
  auto File = From.getString("file");
  auto Offset = From.getInteger("offset");
  auto Message = From.getString("message");
  if (!File || !Offset || !Message || *Offset < 0)
    return false;
  Into.FilePath = File->str();
  Into.FileOffset = static_cast<unsigned>(*Offset);
  Into.Message = Message->str();
  return readFixes(From.getArray("fixes"), Into.Fix);
}

bool readFinding(const json::Object &From, ReadFinding &Into) {
  auto Check = From.getString("check");
  auto Level = From.getString("level");
  auto Fingerprint = From.getString("fingerprint");
  if (!Check || !Level || !Fingerprint)
    return false;
  Into.Finding = ClangTidyError(*Check,
                                *Level == "error" ? ClangTidyError::Error
                                                  : ClangTidyError::Warning,
                                /*BuildDirectory=*/"", false);
  Into.Fingerprint = Fingerprint->str();
  if (!readMessage(From, Into.Finding.Message))
    return false;
  if (const json::Array *Notes = From.getArray("notes"))
    for (const json::Value &Value : *Notes) {
      const json::Object *Note = Value.getAsObject();
      clang::tooling::DiagnosticMessage Read;
      if (!Note || !readMessage(*Note, Read))
        return false;
      Into.Finding.Notes.push_back(std::move(Read));
    }
  return true;
}

bool readSuppression(const json::Object &From, Suppression &Into) {
  auto Check = From.getString("check");
  auto File = From.getString("file");
  auto Offset = From.getInteger("offset");
  auto Message = From.getString("message");
  auto Reason = From.getString("reason");
  if (!Check || !File || !Offset || !Message || !Reason || *Offset < 0)
    return false;
  Into = {Check->str(), File->str(), static_cast<unsigned>(*Offset),
          Message->str(), Reason->str()};
  return true;
}

} // namespace

llvm::Error readJsonReport(llvm::StringRef Path, ReadReports &Into) {
  auto Fail = [&](const llvm::Twine &Why) {
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "'" + Path + "': " + Why);
  };
  auto Text = llvm::MemoryBuffer::getFile(Path);
  if (!Text)
    return Fail("cannot read it: " + Text.getError().message());
  llvm::Expected<json::Value> Parsed = json::parse((*Text)->getBuffer());
  if (!Parsed) {
    llvm::consumeError(Parsed.takeError());
    return Fail("not JSON");
  }
  const json::Object *Report = Parsed->getAsObject();
  const json::Array *Findings = Report ? Report->getArray("findings") : nullptr;
  const json::Array *Suppressed =
      Report ? Report->getArray("suppressed") : nullptr;
  if (!Report || Report->getString("tool") != "asynclint" || !Findings ||
      !Suppressed)
    return Fail("not an asynclint JSON report (--format=json)");
  const std::string Damaged =
      "a finding lacks a field it needs (reports of asynclint 0.1.0 before "
      "offsets were written cannot be merged)";
  for (const json::Value &Value : *Findings) {
    ReadFinding Read;
    if (!Value.getAsObject() || !readFinding(*Value.getAsObject(), Read))
      return Fail(Damaged);
    Into.Findings.push_back(std::move(Read));
  }
  for (const json::Value &Value : *Suppressed) {
    Suppression Read;
    if (!Value.getAsObject() || !readSuppression(*Value.getAsObject(), Read))
      return Fail(Damaged);
    Into.Suppressions.push_back(std::move(Read));
  }
  return llvm::Error::success();
}

} // namespace asynclint
