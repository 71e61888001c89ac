//===--- TemplateSites.h - what of a template its instantiations judge -*- C++
//-*-===//
//
// A template's code whose types depend on its parameters cannot be judged as
// written: every await of a member coroutine of a class template is
// dependent (its promise type depends on `this`), and so is a call whose
// argument is. Checks walk the instantiations of such templates and report
// there: only in the template's dependent code (the rest is judged once, as
// written), once per place however many instantiations there are, and
// without fixes (one rewrite of the template's text would have to suit every
// instantiation).
//
//===----------------------------------------------------------------------===//

#ifndef ASYNCLINT_CHECKS_ANALYSIS_TEMPLATESITES_H
#define ASYNCLINT_CHECKS_ANALYSIS_TEMPLATESITES_H

#include "clang/AST/Decl.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/DenseMap.h"
#include <vector>

namespace clang::tidy::async {

/// The written template \p Instantiation was instantiated from: its own
/// pattern, or, for a lambda or local class inside an instantiated
/// function, that function's pattern (whose body holds the lambda's).
const FunctionDecl *templatePatternOf(const FunctionDecl *Instantiation);

/// The dependent code of the templates a translation unit instantiates,
/// computed once per template.
class TemplateSites {
public:
  /// Whether \p Instantiation is worth walking: its template awaits
  /// something of dependent type, so the written template was not judged.
  bool awaitsDependOnTemplate(const FunctionDecl *Instantiation);
  /// Whether \p Loc lies in an expression of \p Instantiation's template
  /// whose type or value depends on the template's parameters, or in a loop
  /// that holds one.
  bool isDependentCode(const FunctionDecl *Instantiation, SourceLocation Loc,
                       const SourceManager &SM);
  void clear() { Patterns.clear(); }

private:
  struct Pattern {
    bool AwaitsDependent = false;
    /// The outermost dependent expressions, in source order.
    std::vector<SourceRange> Dependent;
  };
  const Pattern &patternOf(const FunctionDecl *Instantiation);
  llvm::DenseMap<const FunctionDecl *, Pattern> Patterns;
};

} // namespace clang::tidy::async

#endif
