//===--- AsyncCheck.h - what every asynclint check shares -------*- C++ -*-===//

#ifndef ASYNCLINT_CHECKS_ASYNCCHECK_H
#define ASYNCLINT_CHECKS_ASYNCCHECK_H

#include "clang-tidy/ClangTidyCheck.h"

namespace clang::tidy::async {

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
};

} // namespace clang::tidy::async

#endif
