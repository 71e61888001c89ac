//===--- Baseline.cpp - findings accepted earlier -------------------------===//

#include "Baseline.h"
#include "Paths.h"
#include "Report.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/xxhash.h"

using clang::tidy::ClangTidyError;
namespace json = llvm::json;

namespace asynclint {
namespace {

std::string withoutWhitespace(llvm::StringRef Text) {
  std::string Out;
  for (char C : Text)
    if (!llvm::isSpace(C))
      Out += C;
  return Out;
}

} // namespace

std::vector<std::string> fingerprints(llvm::ArrayRef<ClangTidyError> Findings,
                                      SourceText &Sources) {
  std::vector<std::string> Out;
  llvm::StringMap<unsigned> Seen;
  for (const ClangTidyError &E : Findings) {
    const std::string &File = E.Message.FilePath;
    std::string Key =
        E.DiagnosticName + '\0' + belowWorkingDirectory(File).value_or(File) +
        '\0' + withoutWhitespace(Sources.lineAt(File, E.Message.FileOffset)) +
        '\0' + E.Message.Message;
    uint64_t Hash = llvm::xxh3_64bits(llvm::StringRef(Key));
    std::string Fingerprint = llvm::utohexstr(Hash, /*LowerCase=*/true, 16);
    unsigned Rank = Seen[Fingerprint]++;
    Out.push_back(Fingerprint + ":" + std::to_string(Rank));
  }
  return Out;
}

std::optional<std::string>
writeBaseline(llvm::ArrayRef<ClangTidyError> Findings,
              llvm::ArrayRef<std::string> Fingerprints, llvm::StringRef Path) {
  json::Array Items;
  for (size_t I = 0; I < Findings.size(); ++I) {
    const std::string &File = Findings[I].Message.FilePath;
    Items.push_back(
        json::Object{{"check", Findings[I].DiagnosticName},
                     {"file", belowWorkingDirectory(File).value_or(File)},
                     {"message", Findings[I].Message.Message},
                     {"fingerprint", Fingerprints[I]}});
  }
  std::error_code EC;
  llvm::raw_fd_ostream OS(Path, EC, llvm::sys::fs::OF_Text);
  if (EC)
    return "cannot write the baseline '" + Path.str() + "': " + EC.message();
  OS << llvm::formatv(
      "{0:2}\n", json::Value(json::Object{{"version", 1},
                                          {"tool", "asynclint"},
                                          {"toolVersion", Version},
                                          {"findings", std::move(Items)}}));
  return std::nullopt;
}

std::optional<std::string> readBaseline(llvm::StringRef Path,
                                        llvm::StringMap<unsigned> &Accepted) {
  auto Buffer = llvm::MemoryBuffer::getFile(Path);
  if (!Buffer)
    return "cannot read the baseline '" + Path.str() +
           "': " + Buffer.getError().message();
  auto Invalid = [&](llvm::StringRef Why) {
    return "invalid baseline '" + Path.str() + "': " + Why.str() +
           " (write one with --write-baseline)";
  };
  llvm::Expected<json::Value> Parsed = json::parse((*Buffer)->getBuffer());
  if (!Parsed) {
    std::string Why = llvm::toString(Parsed.takeError());
    return Invalid(Why);
  }
  const json::Object *Root = Parsed->getAsObject();
  const json::Array *Items = Root ? Root->getArray("findings") : nullptr;
  if (!Items)
    return Invalid("no \"findings\" array");
  for (const json::Value &Item : *Items) {
    const json::Object *Finding = Item.getAsObject();
    std::optional<llvm::StringRef> Fingerprint =
        Finding ? Finding->getString("fingerprint") : std::nullopt;
    if (!Fingerprint)
      return Invalid("a finding without a \"fingerprint\"");
    ++Accepted[*Fingerprint];
  }
  return std::nullopt;
}

} // namespace asynclint
