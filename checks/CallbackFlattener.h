//===--- CallbackFlattener.h - a callback chain as one coroutine -*- C++ -*-===//

#ifndef ASYNCLINT_CALLBACKFLATTENER_H
#define ASYNCLINT_CALLBACKFLATTENER_H

#include "CallbackNestingCheck.h"
#include "fix/FixUtils.h"

namespace clang::tidy::async {

/// The lambda passed as the last argument of \p Call (the completion
/// handler position), also through a conversion to `std::function`.
/// Defaulted parameters after it (Asio's SFINAE constraints) do not count.
const LambdaExpr *trailingLambda(const CallExpr *Call);

/// The chain \p Levels that starts \p FD's body, rewritten as one spawned
/// coroutine that awaits each step; empty, with the reason in \p WhyNot,
/// when it cannot be.
Fix flattenChain(const FunctionDecl *FD,
                 const CallbackNestingCheck::Chain &Levels, ASTContext &Ctx,
                 std::string &WhyNot);

} // namespace clang::tidy::async

#endif
