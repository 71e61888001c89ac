//===--- TemplateSites.cpp - what of a template its instantiations judge --===//

#include "analysis/TemplateSites.h"
#include "model/AsyncModel.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtVisitor.h"

namespace clang::tidy::async {

const FunctionDecl *templatePatternOf(const FunctionDecl *Instantiation) {
  const FunctionDecl *Pattern =
      Instantiation->getTemplateInstantiationPattern();
  for (const DeclContext *DC = Instantiation->getDeclContext(); !Pattern && DC;
       DC = DC->getParent())
    if (const auto *Outer = dyn_cast<FunctionDecl>(DC))
      Pattern = Outer->getTemplateInstantiationPattern();
  return Pattern;
}

namespace {
bool isDependent(const Expr *E) {
  return E->isTypeDependent() || E->isValueDependent() ||
         E->isInstantiationDependent();
}

/// Collects the outermost dependent expressions under \p S, and whether an
/// await among them is type-dependent.
void collectDependent(const Stmt *S, std::vector<SourceRange> &Dependent,
                      bool &AwaitsDependent) {
  if (!S)
    return;
  if (const auto *E = dyn_cast<Expr>(S); E && isDependent(E)) {
    Dependent.push_back(E->getSourceRange());
    // An await nested in a dependent expression is dependent too.
    llvm::SmallVector<const Stmt *, 16> Work{S};
    while (!AwaitsDependent && !Work.empty()) {
      const Stmt *Next = Work.pop_back_val();
      if (!Next)
        continue;
      if (isa<CoawaitExpr, DependentCoawaitExpr, CoyieldExpr>(Next) &&
          cast<Expr>(Next)->isTypeDependent())
        AwaitsDependent = true;
      Work.append(Next->child_begin(), Next->child_end());
    }
    return;
  }
  size_t Before = Dependent.size();
  for (const Stmt *Child : S->children())
    collectDependent(Child, Dependent, AwaitsDependent);
  // A loop with dependent code in it is judged as a whole (a retry loop, a
  // loop that fans out) only once its awaits are typed.
  if (loopBodyOf(S) && Dependent.size() > Before) {
    Dependent.resize(Before);
    Dependent.push_back(S->getSourceRange());
  }
}
} // namespace

const TemplateSites::Pattern &
TemplateSites::patternOf(const FunctionDecl *Instantiation) {
  const FunctionDecl *Written = templatePatternOf(Instantiation);
  auto [It, New] = Patterns.try_emplace(Written);
  if (New && Written)
    collectDependent(Written->getBody(), It->second.Dependent,
                     It->second.AwaitsDependent);
  return It->second;
}

bool TemplateSites::awaitsDependOnTemplate(const FunctionDecl *Instantiation) {
  return patternOf(Instantiation).AwaitsDependent;
}

bool TemplateSites::isDependentCode(const FunctionDecl *Instantiation,
                                    SourceLocation Loc,
                                    const SourceManager &SM) {
  Loc = SM.getExpansionLoc(Loc);
  for (SourceRange R : patternOf(Instantiation).Dependent)
    if (SM.isPointWithin(Loc, SM.getExpansionLoc(R.getBegin()),
                         SM.getExpansionRange(R.getEnd()).getEnd()))
      return true;
  return false;
}

} // namespace clang::tidy::async
