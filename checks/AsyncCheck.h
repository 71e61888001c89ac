//===--- AsyncCheck.h - what every asynclint check shares -------*- C++ -*-===//

#ifndef ASYNCLINT_CHECKS_ASYNCCHECK_H
#define ASYNCLINT_CHECKS_ASYNCCHECK_H

#include "analysis/TemplateSites.h"
#include "clang-tidy/ClangTidyCheck.h"
#include "llvm/ADT/DenseSet.h"
#include <cstdlib>

namespace clang::tidy::async {

/// The check whose callback this thread is running, empty outside one: a
/// front end that survives a crash reports it under this name.
inline thread_local llvm::StringRef RunningCheck;

/// The base of every check: coroutines make C++20 the default language
/// (a check about threads and futures widens it), and every check matches
/// the AST as the compiler built it, implicit nodes included, because
/// coroutine bodies are full of them (co_await's operand, promise calls).
class AsyncCheck : public ClangTidyCheck {
public:
  using ClangTidyCheck::ClangTidyCheck;
  bool isLanguageVersionSupported(const LangOptions &LangOpts) const override {
    return LangOpts.CPlusPlus20;
  }
  std::optional<TraversalKind> getCheckTraversalKind() const override {
    return TK_AsIs;
  }

protected:
  using ClangTidyCheck::diag;
  /// Starts the walk of \p FD and says whether to walk it: written code
  /// always, an instantiation only when its template's awaits are dependent
  /// (see TemplateSites). While an instantiation is walked, its warnings are
  /// kept only in the template's dependent code and once per place, and
  /// inInstantiation() tells the fix builders to offer none.
  bool enterFunction(const FunctionDecl *FD, const ASTContext &Ctx);
  bool inInstantiation() const { return Instantiation != nullptr; }
  /// Why a finding in an instantiation has no fix, for its message.
  static constexpr llvm::StringRef TemplateNoFix =
      "the awaits depend on template parameters";
  /// ClangTidyCheck::diag, except that a warning an instantiation repeats
  /// (at a place already reported, or outside the template's dependent
  /// code) is dropped, and its notes with it.
  DiagnosticBuilder diag(SourceLocation Loc, llvm::StringRef Description,
                         DiagnosticIDs::Level Level = DiagnosticIDs::Warning);

  /// Offers \p Repair for the warning just reported at \p Loc as an unsafe
  /// fix. Fixes are ranked as ruff ranks them: a safe fix changes nothing
  /// but the defect and rides on the warning, so `--fix` applies it; an
  /// unsafe one also changes timing or failure semantics (a new deadline, a
  /// concurrency bound, operations that now overlap, work moved to another
  /// thread) and rides on this note, applied only with `--unsafe-fixes`
  /// (clang-tidy: `--fix-notes`). \p Change says what else it changes.
  void noteUnsafeFix(SourceLocation Loc, llvm::ArrayRef<FixItHint> Repair,
                     llvm::StringRef Change) {
    if (!Repair.empty())
      diag(Loc, "unsafe fix (applied with --unsafe-fixes): %0",
           DiagnosticIDs::Note)
          << Change << Repair;
  }

private:
  /// Containment of a crash in a check (the CLI and the compiler plugin
  /// report it and go on) is tested like Clang's `#pragma clang __debug
  /// crash`: `ASYNCLINT_TEST_CRASH=<check>` makes that check trap at its
  /// first match.
  void run(const ast_matchers::MatchFinder::MatchResult &Result) override {
    RunningCheck = getID();
    if (CrashOnPurpose)
      LLVM_BUILTIN_TRAP;
    check(Result);
    RunningCheck = {};
  }
  static bool crashRequested(llvm::StringRef Check) {
    const char *Requested = std::getenv("ASYNCLINT_TEST_CRASH");
    return Requested && Check == Requested;
  }
  const bool CrashOnPurpose = crashRequested(getID());

  bool repeatsAnInstantiation(SourceLocation Loc);
  TemplateSites Templates;
  /// The instantiation being walked, if it is one.
  const FunctionDecl *Instantiation = nullptr;
  const ASTContext *Unit = nullptr;
  /// Where warnings were reported, as written and in instantiations.
  llvm::DenseSet<SourceLocation> ReportedWritten, ReportedInInstantiations;
};

} // namespace clang::tidy::async

#endif
