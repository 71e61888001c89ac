//===--- AsyncMatchers.h - matchers shared by the async checks --*- C++ -*-===//
//
// Every check matches top-down, once per function definition, and walks the
// body itself: no matcher looks upwards (no parent map is built).
//
//===----------------------------------------------------------------------===//

#ifndef ASYNCLINT_CHECKS_ASYNCMATCHERS_H
#define ASYNCLINT_CHECKS_ASYNCMATCHERS_H

#include "clang/ASTMatchers/ASTMatchers.h"

namespace clang::tidy::async {

/// Bound as "function": each function or lambda body outside system headers.
inline ast_matchers::DeclarationMatcher userFunctionDefinition() {
  using namespace ast_matchers;
  return functionDecl(isDefinition(), hasBody(stmt()),
                      unless(isExpansionInSystemHeader()))
      .bind("function");
}

/// Bound as "function": each coroutine body outside system headers.
inline ast_matchers::DeclarationMatcher userCoroutineDefinition() {
  using namespace ast_matchers;
  return functionDecl(isDefinition(), hasBody(coroutineBodyStmt()),
                      unless(isExpansionInSystemHeader()))
      .bind("function");
}

} // namespace clang::tidy::async

#endif
