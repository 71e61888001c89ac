//===--- CallbackNestingCheck.cpp - asynclint -----------------------------===//

#include "CallbackNestingCheck.h"
#include "CallbackFlattener.h"
#include "model/AsyncMatchers.h"
#include "fix/FixUtils.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/TypeLoc.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/SmallPtrSet.h"

using namespace clang::ast_matchers;

namespace clang::tidy::async {

namespace {
constexpr llvm::StringRef MaxDepthOpt = "MaxDepth";

/// Whether \p Call hands its lambda over as a continuation: not an operator
/// call, and not the standard library (algorithms, visitors, `std::function`
/// members take lambdas that run before the call returns).
bool takesContinuation(const CallExpr *Call) {
  if (isa<CXXOperatorCallExpr>(Call))
    return false;
  if (const FunctionDecl *Callee = Call->getDirectCallee())
    return !isInStdLibrary(Callee);
  if (const auto *Lookup =
          dyn_cast<UnresolvedLookupExpr>(Call->getCallee()->IgnoreImplicit()))
    return llvm::none_of(Lookup->decls(), isInStdLibrary);
  return true;
}

/// Whether \p Call calls a callback that comes from outside the continuation
/// \p Continuation: a captured variable, a parameter of the enclosing
/// function, an init-capture or a data member holding a handler.
bool callsOuterCallback(const CallExpr *Call,
                        const FunctionDecl *Continuation) {
  const Expr *Callee = Call->getCallee();
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(Call)) {
    if (Op->getOperator() != OO_Call)
      return false;
    Callee = Op->getArg(0);
  } else if (isa<CXXMemberCallExpr>(Call)) {
    return false;
  }
  Callee = Callee->IgnoreParenImpCasts();
  if (const auto *Member = dyn_cast<MemberExpr>(Callee))
    return isa<FieldDecl>(Member->getMemberDecl());
  const auto *Ref = dyn_cast<DeclRefExpr>(Callee);
  const auto *Var = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
  return Var && (Var->isInitCapture() || Var->getDeclContext() != Continuation);
}

/// Whether \p Branch passes \p Error on to an outer callback.
bool forwardsError(const Stmt *Branch, const ParmVarDecl *Error,
                   const FunctionDecl *Continuation) {
  bool Found = false;
  forEachStmtInBody(Branch, [&](const Stmt *S) {
    const auto *Call = dyn_cast<CallExpr>(S);
    if (Found || !Call || !callsOuterCallback(Call, Continuation))
      return;
    const unsigned First = isa<CXXOperatorCallExpr>(Call) ? 1 : 0;
    for (unsigned I = First; I < Call->getNumArgs() && !Found; ++I)
      Found = mentions(Call->getArg(I), Error);
  });
  return Found;
}

/// Whether \p Branch always leaves the callback.
bool leaves(const Stmt *Branch) {
  if (const auto *Block = dyn_cast<CompoundStmt>(Branch))
    Branch = Block->body_empty() ? nullptr : Block->body_back();
  return isa_and_nonnull<ReturnStmt, CXXThrowExpr>(Branch);
}

/// The `if (err) ... cb(err) ...` statement of \p Continuation's body that
/// tests one of its parameters and passes it on to an outer callback.
std::optional<CallbackNestingCheck::Level>
errorForwarding(const CallExpr *Call, const LambdaExpr *Continuation) {
  const FunctionDecl *Op = Continuation->getCallOperator();
  const auto *Body = dyn_cast_or_null<CompoundStmt>(Continuation->getBody());
  if (!Op || !Body)
    return std::nullopt;
  for (auto It = Body->body_begin(); It != Body->body_end(); ++It) {
    const auto *If = dyn_cast<IfStmt>(*It);
    if (!If || !If->getCond())
      continue;
    for (const ParmVarDecl *Param : Op->parameters())
      if (mentions(If->getCond(), Param) &&
          forwardsError(If->getThen(), Param, Op)) {
        bool Last = std::next(It) == Body->body_end();
        return CallbackNestingCheck::Level{Call, If,
                                           !Last && !leaves(If->getThen())};
      }
  }
  return std::nullopt;
}

/// Whether \p Continuation hands an error code it was given on to an outer
/// callback as it is (`done(ec);`): the last step of a chain forwarding its
/// error without testing it.
bool answersWithError(const LambdaExpr *Continuation) {
  const FunctionDecl *Op = Continuation->getCallOperator();
  return Op && Continuation->getBody() &&
         llvm::any_of(Op->parameters(), [&](const ParmVarDecl *Param) {
           const CXXRecordDecl *Type = recordOf(Param->getType());
           return Type && Type->getIdentifier() &&
                  Type->getName() == "error_code" &&
                  forwardsError(Continuation->getBody(), Param, Op);
         });
}

/// Whether \p FD is a coroutine that already awaits.
bool awaitsAlready(const FunctionDecl *FD) {
  return isCoroutine(FD) && containsAwait(userBody(FD));
}

// ------------------------------------------------------------------------
// The fix: the function keeps its signature; its body starts one flat
// coroutine that awaits every step through `rt::promisify` and answers the
// same callback once, from one success path and one error path.

} // namespace

CallbackNestingCheck::CallbackNestingCheck(llvm::StringRef Name,
                                           ClangTidyContext *Context)
    : AsyncCheck(Name, Context), MaxDepth(Options.get(MaxDepthOpt, 2U)) {}

void CallbackNestingCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, MaxDepthOpt, MaxDepth);
}

void CallbackNestingCheck::registerMatchers(MatchFinder *Finder) {
  Finder->addMatcher(userFunctionDefinition(), this);
}

CallbackNestingCheck::Chain
CallbackNestingCheck::chainFrom(const CallExpr *Call) {
  const LambdaExpr *Continuation =
      takesContinuation(Call) ? trailingLambda(Call) : nullptr;
  std::optional<Level> First =
      Continuation ? errorForwarding(Call, Continuation) : std::nullopt;
  if (!First) {
    // The innermost step may answer with its error untested: `done(ec)`.
    if (Continuation && answersWithError(Continuation))
      return {Level{Call, nullptr, false}};
    return {};
  }
  Chained.insert(Continuation->getCallOperator());
  // Each callback belongs to one call, so the chain is walked once.
  Chain Deepest;
  forEachStmtInBody(Continuation->getBody(), [&](const Stmt *S) {
    if (const auto *Inner = dyn_cast<CallExpr>(S)) {
      Chain Next = chainFrom(Inner);
      if (Next.size() > Deepest.size())
        Deepest = std::move(Next);
    }
  });
  Chain Result{*First};
  Result.append(Deepest.begin(), Deepest.end());
  return Result;
}

void CallbackNestingCheck::check(const MatchFinder::MatchResult &Result) {
  const auto *FD = Result.Nodes.getNodeAs<FunctionDecl>("function");
  if (Ctx != Result.Context) {
    Ctx = Result.Context;
    Chained.clear();
  }
  // A function is matched before the lambdas in its body, so a callback
  // already counted in an enclosing chain is skipped here.
  if (isInInstantiation(FD) || Chained.contains(FD))
    return;
  const bool Awaits = awaitsAlready(FD);
  forEachStmtInBody(userBody(FD), [&](const Stmt *S) {
    const auto *Call = dyn_cast<CallExpr>(S);
    if (!Call)
      return;
    Chain Levels = chainFrom(Call);
    if (Awaits || Levels.size() <= MaxDepth)
      return;
    std::string WhyNot;
    Fix Flat = flattenChain(FD, Levels, *Result.Context, WhyNot);
    diag(beginOf(Call),
         "%0 callbacks nested, each forwarding its error by hand: a level "
         "that forgets to 'return' after forwarding answers its caller "
         "twice; write the chain as a coroutine that awaits each step%1")
        << static_cast<unsigned>(Levels.size())
        << (WhyNot.empty() ? "" : " (no fix: " + WhyNot + ")");
    noteUnsafeFix(beginOf(Call), Flat,
                  "the chain now runs as a spawned coroutine, so its first "
                  "step starts on the next turn of the event loop rather "
                  "than during the call");
    for (size_t I = 0; I < Levels.size(); ++I)
      diag(Levels[I].Forwarding ? Levels[I].Forwarding->getBeginLoc()
                                : beginOf(Levels[I].Call),
           !Levels[I].Forwarding ? "level %0 passes its error on untested"
           : Levels[I].FallsThrough
               ? "level %0 forwards its error without returning: the rest of "
                 "the callback runs as well"
               : "level %0 forwards its error by hand",
           DiagnosticIDs::Note)
          << static_cast<unsigned>(I + 1);
  });
}

} // namespace clang::tidy::async
