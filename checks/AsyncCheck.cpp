//===--- AsyncCheck.cpp - what every asynclint check shares ---------------===//

#include "AsyncCheck.h"
#include "fix/FixUtils.h"

namespace clang::tidy::async {

bool AsyncCheck::enterFunction(const FunctionDecl *FD, const ASTContext &Ctx) {
  if (Unit != &Ctx) {
    Unit = &Ctx;
    Templates.clear();
    ReportedWritten.clear();
    ReportedInInstantiations.clear();
  }
  Instantiation = isInInstantiation(FD) ? FD : nullptr;
  return !Instantiation || Templates.awaitsDependOnTemplate(FD);
}

bool AsyncCheck::repeatsAnInstantiation(SourceLocation Loc) {
  const SourceManager &SM = Unit->getSourceManager();
  Loc = SM.getExpansionLoc(Loc);
  if (!Instantiation) {
    ReportedWritten.insert(Loc);
    return ReportedInInstantiations.contains(Loc);
  }
  return ReportedWritten.contains(Loc) ||
         !Templates.isDependentCode(Instantiation, Loc, SM) ||
         !ReportedInInstantiations.insert(Loc).second;
}

DiagnosticBuilder AsyncCheck::diag(SourceLocation Loc,
                                   llvm::StringRef Description,
                                   DiagnosticIDs::Level Level) {
  // An ignored warning silences the notes that follow it as well.
  if (Level == DiagnosticIDs::Warning && Unit && repeatsAnInstantiation(Loc))
    Level = DiagnosticIDs::Ignored;
  return ClangTidyCheck::diag(Loc, Description, Level);
}

} // namespace clang::tidy::async
