//===--- Fixes.cpp - planning, applying and showing fixes -----------------===//

#include "Fixes.h"
#include "Findings.h"
#include "Paths.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

using clang::tidy::ClangTidyError;
using clang::tooling::Replacement;
using clang::tooling::Replacements;
namespace fs = llvm::sys::fs;

namespace asynclint {
namespace {

constexpr unsigned ContextLines = 3;

bool isIncludeInsertion(const Replacement &Edit) {
  return Edit.getLength() == 0 &&
         Edit.getReplacementText().ltrim().starts_with("#include");
}

bool insertsAt(const Replacements &Edits, unsigned Offset) {
  return llvm::any_of(Edits, [&](const Replacement &E) {
    return E.getOffset() == Offset && E.getLength() == 0;
  });
}

/// Adds the replacements of one finding to \p Plan, all or none. Two fixes
/// (of one check or of two) that add an `#include` at the same place both
/// keep it: the headers are inserted there one after the other, each once.
bool addWhole(const llvm::StringMap<Replacements> &Fix, FixPlan &Plan) {
  std::map<std::string, Replacements> Merged;
  for (const auto &[File, Edits] : Fix) {
    std::string Path = File.str();
    auto Known = Plan.ByFile.find(Path);
    Replacements Into =
        Known == Plan.ByFile.end() ? Replacements() : Known->second;
    for (const Replacement &Edit : Edits) {
      // The same edit offered twice (one header seen from two units).
      if (llvm::is_contained(Into, Edit))
        continue;
      if (isIncludeInsertion(Edit) && insertsAt(Into, Edit.getOffset())) {
        insertOnce(Into, Edit);
        continue;
      }
      if (llvm::Error Clash = Into.add(Edit)) {
        llvm::consumeError(std::move(Clash));
        return false;
      }
    }
    Merged[Path] = std::move(Into);
  }
  for (auto &[Path, Edits] : Merged)
    Plan.ByFile[Path] = std::move(Edits);
  return true;
}

std::optional<std::string> readFile(const std::string &Path,
                                    std::string &Text) {
  auto Buffer = llvm::MemoryBuffer::getFile(Path);
  if (!Buffer)
    return "cannot read '" + Path + "': " + Buffer.getError().message();
  Text = (*Buffer)->getBuffer().str();
  return std::nullopt;
}

/// Writes \p Text next to \p Path and renames it over \p Path, so that a
/// reader sees the old file or the new one, never a part of it.
std::optional<std::string> replaceFile(const std::string &Path,
                                       llvm::StringRef Text) {
  llvm::SmallString<256> Target;
  if (std::error_code EC = fs::real_path(Path, Target))
    return "cannot write '" + Path + "': " + EC.message();
  fs::file_status Status;
  if (std::error_code EC = fs::status(Target, Status))
    return "cannot write '" + Path + "': " + EC.message();
  int FD = -1;
  llvm::SmallString<256> Temporary;
  if (std::error_code EC =
          fs::createUniqueFile(Target + ".asynclint-%%%%%%", FD, Temporary,
                               fs::OF_None, Status.permissions()))
    return "cannot write next to '" + Path + "': " + EC.message();
  {
    llvm::raw_fd_ostream OS(FD, /*shouldClose=*/true);
    OS << Text;
    OS.close();
    if (OS.has_error()) {
      OS.clear_error();
      fs::remove(Temporary);
      return "cannot write '" + Path + "': out of space or I/O error";
    }
  }
  // The umask may have narrowed the mode the file was created with.
  fs::setPermissions(Temporary, Status.permissions());
  if (std::error_code EC = fs::rename(Temporary, Target)) {
    fs::remove(Temporary);
    return "cannot replace '" + Path + "': " + EC.message();
  }
  return std::nullopt;
}

/// The lines of a text, each with its line break.
std::vector<llvm::StringRef> linesOf(llvm::StringRef Text) {
  std::vector<llvm::StringRef> Lines;
  while (!Text.empty()) {
    size_t End = Text.find('\n');
    End = End == llvm::StringRef::npos ? Text.size() : End + 1;
    Lines.push_back(Text.take_front(End));
    Text = Text.drop_front(End);
  }
  return Lines;
}

/// A run of whole old lines [First, Last] and what replaces them.
struct ChangedLines {
  size_t First;
  size_t Last;
  std::vector<std::string> NewLines;
};

class LineIndex {
public:
  explicit LineIndex(llvm::ArrayRef<llvm::StringRef> Lines) {
    size_t Offset = 0;
    for (llvm::StringRef Line : Lines) {
      Starts.push_back(Offset);
      Offset += Line.size();
    }
  }
  size_t lineOf(size_t Offset) const {
    auto After = llvm::upper_bound(Starts, Offset);
    return After == Starts.begin() ? 0 : (After - Starts.begin()) - 1;
  }
  size_t startOf(size_t Line) const { return Starts[Line]; }

private:
  std::vector<size_t> Starts;
};

std::vector<ChangedLines> changedLines(llvm::StringRef Text,
                                       llvm::ArrayRef<llvm::StringRef> Lines,
                                       const Replacements &Edits) {
  LineIndex Index(Lines);
  // Old line spans touched by each edit, merged when they touch.
  std::vector<std::pair<size_t, size_t>> Spans;
  for (const Replacement &Edit : Edits) {
    size_t First = Index.lineOf(Edit.getOffset());
    size_t End = Edit.getOffset() + std::max(Edit.getLength(), 1u) - 1;
    size_t Last = std::max(First, Index.lineOf(End));
    if (!Spans.empty() && First <= Spans.back().second + 1)
      Spans.back().second = std::max(Spans.back().second, Last);
    else
      Spans.push_back({First, Last});
  }
  std::vector<ChangedLines> Changes;
  for (auto [First, Last] : Spans) {
    size_t Begin = Lines.empty() ? 0 : Index.startOf(First);
    size_t End =
        Last + 1 < Lines.size() ? Index.startOf(Last + 1) : Text.size();
    std::string New;
    size_t At = Begin;
    for (const Replacement &Edit : Edits) {
      if (Edit.getOffset() < Begin || Edit.getOffset() > End)
        continue;
      New += Text.slice(At, Edit.getOffset()).str();
      New += Edit.getReplacementText().str();
      At = Edit.getOffset() + Edit.getLength();
    }
    New += Text.slice(At, End).str();
    ChangedLines Change{First, Last, {}};
    for (llvm::StringRef Line : linesOf(New))
      Change.NewLines.push_back(Line.str());
    Changes.push_back(std::move(Change));
  }
  return Changes;
}

void printLine(llvm::raw_ostream &OS, char Mark, llvm::StringRef Line) {
  OS << Mark << Line;
  if (!Line.ends_with("\n"))
    OS << "\n\\ No newline at end of file\n";
}

void printHunks(llvm::raw_ostream &OS, llvm::ArrayRef<llvm::StringRef> Lines,
                llvm::ArrayRef<ChangedLines> Changes) {
  long Shift = 0; // new line numbers minus old ones, from earlier hunks
  for (size_t I = 0; I < Changes.size();) {
    size_t J = I;
    while (J + 1 < Changes.size() &&
           Changes[J + 1].First <= Changes[J].Last + 2 * ContextLines + 1)
      ++J;
    size_t Begin =
        Changes[I].First > ContextLines ? Changes[I].First - ContextLines : 0;
    size_t End = std::min(Lines.size(), Changes[J].Last + 1 + ContextLines);
    long OldCount = static_cast<long>(End - Begin);
    long NewCount = OldCount;
    for (size_t K = I; K <= J; ++K)
      NewCount += static_cast<long>(Changes[K].NewLines.size()) -
                  static_cast<long>(Changes[K].Last - Changes[K].First + 1);
    OS << "@@ -" << Begin + 1 << "," << OldCount << " +"
       << static_cast<long>(Begin) + 1 + Shift << "," << NewCount << " @@\n";
    size_t Line = Begin;
    for (size_t K = I; K <= J; ++K) {
      for (; Line < Changes[K].First; ++Line)
        printLine(OS, ' ', Lines[Line]);
      for (; Line <= Changes[K].Last && Line < Lines.size(); ++Line)
        printLine(OS, '-', Lines[Line]);
      for (const std::string &New : Changes[K].NewLines)
        printLine(OS, '+', New);
    }
    for (; Line < End; ++Line)
      printLine(OS, ' ', Lines[Line]);
    Shift += NewCount - OldCount;
    I = J + 1;
  }
}

} // namespace

void insertOnce(Replacements &Edits, const Replacement &Insertion) {
  auto Here = llvm::find_if(Edits, [&](const Replacement &E) {
    return E.getOffset() == Insertion.getOffset() && E.getLength() == 0;
  });
  if (Here == Edits.end()) {
    llvm::consumeError(Edits.add(Insertion));
    return;
  }
  if (Here->getReplacementText().contains(Insertion.getReplacementText()))
    return;
  // merge() reads offsets in the edited text: just past what is inserted.
  unsigned After = Edits.getShiftedCodePosition(Insertion.getOffset());
  Edits = Edits.merge(Replacements(Replacement(
      Insertion.getFilePath(), After, 0, Insertion.getReplacementText())));
}

FixPlan planFixes(llvm::ArrayRef<ClangTidyError> Findings,
                  bool FixesFromNotes) {
  FixPlan Plan;
  for (const ClangTidyError &Finding : Findings) {
    if (isCompilerError(Finding))
      continue;
    const llvm::StringMap<Replacements> *Fix =
        clang::tidy::getFixIt(Finding, FixesFromNotes);
    if (!Fix || Fix->empty())
      continue;
    if (addWhole(*Fix, Plan))
      ++Plan.Taken;
    else
      Plan.Conflicting.push_back(&Finding);
  }
  return Plan;
}

std::optional<std::string> cannotWrite(const FixPlan &Plan) {
  for (const auto &[Path, Edits] : Plan.ByFile) {
    fs::file_status Status;
    if (std::error_code EC = fs::status(Path, Status))
      return "cannot fix '" + Path + "': " + EC.message();
    // Write bits, not access(): as root every file is writable, and a file
    // its owner made read-only is not to be rewritten.
    const auto AnyWrite = fs::owner_write | fs::group_write | fs::others_write;
    if ((Status.permissions() & AnyWrite) == 0 ||
        fs::access(Path, fs::AccessMode::Write))
      return "cannot fix '" + Path + "': the file is read-only";
    llvm::StringRef Dir = llvm::sys::path::parent_path(Path);
    if (fs::access(Dir.empty() ? "." : Dir, fs::AccessMode::Write))
      return "cannot fix '" + Path + "': its directory is not writable";
  }
  return std::nullopt;
}

std::optional<std::string> applyFixes(const FixPlan &Plan) {
  for (const auto &[Path, Edits] : Plan.ByFile) {
    std::string Text;
    if (auto Error = readFile(Path, Text))
      return Error;
    llvm::Expected<std::string> Fixed =
        clang::tooling::applyAllReplacements(Text, Edits);
    if (!Fixed)
      return "cannot fix '" + Path + "': " + llvm::toString(Fixed.takeError());
    if (auto Error = replaceFile(Path, *Fixed))
      return Error;
  }
  return std::nullopt;
}

std::optional<std::string> writeDiff(const FixPlan &Plan,
                                     llvm::raw_ostream &OS) {
  for (const auto &[Path, Edits] : Plan.ByFile) {
    std::string Text;
    if (auto Error = readFile(Path, Text))
      return Error;
    std::vector<llvm::StringRef> Lines = linesOf(Text);
    // A file outside the working directory is shown from the root, as git
    // does: `a/tmp/x.cpp`, applied with `patch -p1` from `/`.
    std::string Shown = belowWorkingDirectory(Path).value_or(
        llvm::StringRef(Path).ltrim('/').str());
    OS << "--- a/" << Shown << "\n+++ b/" << Shown << "\n";
    printHunks(OS, Lines, changedLines(Text, Lines, Edits));
  }
  return std::nullopt;
}

} // namespace asynclint
