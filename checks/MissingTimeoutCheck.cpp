//===--- MissingTimeoutCheck.cpp - asynclint ------------------------------===//

#include "MissingTimeoutCheck.h"
#include "AsyncMatchers.h"
#include "clang/AST/ExprCXX.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"

using namespace clang::ast_matchers;

namespace clang::tidy::async {

namespace {
constexpr llvm::StringRef IoOperationsOpt = "IoOperations";
constexpr llvm::StringRef DeadlineCallsOpt = "DeadlineCalls";
constexpr llvm::StringRef TimeoutFunctionOpt = "TimeoutFunction";
constexpr llvm::StringRef DefaultTimeoutOpt = "DefaultTimeoutMs";

// Waits on a peer. Servers' async_accept is expected to wait indefinitely.
constexpr llvm::StringRef DefaultIoOperations =
    "async_connect;async_resolve;async_read;async_read_some;async_read_until;"
    "async_read_at;async_write;async_write_some;async_write_at;async_receive;"
    "async_receive_from;async_send;async_send_to;async_handshake";
// A deadline timer armed in the same function bounds the waits in it.
constexpr llvm::StringRef DefaultDeadlineCalls =
    "expires_after;expires_at;cancel_after;cancel_at";

/// Whether \p Call hands a cancellation source to the operation: a stop
/// token or an Asio cancellation slot binding, written by the caller (a
/// defaulted token cancels nothing).
bool passesCancellation(const CallExpr *Call) {
  bool Found = false;
  for (const Expr *Written : Call->arguments())
    if (!isa<CXXDefaultArgExpr>(Written))
      forEachStmtInBody(Written, [&](const Stmt *S) {
        const auto *Arg = dyn_cast<Expr>(S);
        if (!Arg)
          return;
        if (isStopToken(Arg->getType()))
          Found = true;
        if (const auto *Call = dyn_cast<CallExpr>(Arg))
          if (const FunctionDecl *FD = Call->getDirectCallee();
              FD && FD->getIdentifier() &&
              FD->getName() == "bind_cancellation_slot")
            Found = true;
      });
  return Found;
}

/// The overload of \p FD that takes the same parameters plus a trailing
/// `std::stop_token`, if there is one.
const FunctionDecl *overloadTakingToken(const FunctionDecl *FD) {
  for (const NamedDecl *ND : FD->getDeclContext()->lookup(FD->getDeclName())) {
    const auto *Other = dyn_cast<FunctionDecl>(ND->getUnderlyingDecl());
    if (!Other || Other == FD ||
        Other->getNumParams() != FD->getNumParams() + 1 ||
        !isStopToken(Other->getParamDecl(FD->getNumParams())->getType()))
      continue;
    bool SameRest = true;
    for (unsigned I = 0; I < FD->getNumParams(); ++I)
      SameRest =
          SameRest && Other->getParamDecl(I)->getType().getCanonicalType() ==
                          FD->getParamDecl(I)->getType().getCanonicalType();
    if (SameRest)
      return Other;
  }
  return nullptr;
}
} // namespace

MissingTimeoutCheck::MissingTimeoutCheck(llvm::StringRef Name,
                                         ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context),
      IoOperationsOption(Options.get(IoOperationsOpt, DefaultIoOperations)),
      IoOperations(IoOperationsOption + ";" +
                   Options.get("ExtraIoOperations", "").str()),
      DeadlineCallsOption(Options.get(DeadlineCallsOpt, DefaultDeadlineCalls)),
      DeadlineCalls(DeadlineCallsOption),
      TimeoutFunction(Options.get(TimeoutFunctionOpt, "rt::with_timeout")),
      DefaultTimeoutMs(Options.get(DefaultTimeoutOpt, 2000U)) {}

void MissingTimeoutCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, IoOperationsOpt, IoOperationsOption);
  Options.store(Opts, DeadlineCallsOpt, DeadlineCallsOption);
  Options.store(Opts, TimeoutFunctionOpt, TimeoutFunction);
  Options.store(Opts, DefaultTimeoutOpt, DefaultTimeoutMs);
}

void MissingTimeoutCheck::registerMatchers(MatchFinder *Finder) {
  Finder->addMatcher(userFunctionDefinition(), this);
}

void MissingTimeoutCheck::check(const MatchFinder::MatchResult &Result) {
  const auto *FD = Result.Nodes.getNodeAs<FunctionDecl>("function");
  Model.bind(*Result.Context);
  const ParmVarDecl *Token = stopTokenParameter(FD);
  bool Coroutine = isCoroutine(FD);
  if ((!Token && !Coroutine) || isInInstantiation(FD))
    return;
  bool HasDeadline = false;
  llvm::SmallVector<const CoawaitExpr *, 8> Awaits;
  forEachStmtInBody(userBody(FD), [&](const Stmt *S) {
    if (const auto *Call = dyn_cast<CallExpr>(S)) {
      HasDeadline = HasDeadline || DeadlineCalls.containsCall(Call);
      if (Token)
        checkIgnoredToken(Call, Token, *Result.Context);
    } else if (const auto *Await = dyn_cast<CoawaitExpr>(S)) {
      Awaits.push_back(Await);
    }
  });
  for (const CoawaitExpr *Await : Awaits)
    checkUnboundedWait(Await, FD, HasDeadline, *Result.Context);
}

void MissingTimeoutCheck::checkIgnoredToken(const CallExpr *Call,
                                            const ParmVarDecl *Token,
                                            ASTContext &Ctx) {
  const FunctionDecl *Callee = Call->getDirectCallee();
  if (!Callee || !Callee->getIdentifier() ||
      llvm::any_of(Call->arguments(),
                   [](const Expr *Arg) { return isStopToken(Arg->getType()); }))
    return;
  if (!overloadTakingToken(Callee))
    return;
  auto Diag = diag(Call->getBeginLoc(),
                   "'%0' has an overload that takes a std::stop_token, but "
                   "'%1' is not passed on: a cancelled caller keeps waiting "
                   "for this call")
              << Callee->getName() << Token->getName();
  SourceLocation RParen = Call->getRParenLoc();
  if (RParen.isInvalid() || RParen.isMacroID() ||
      fixableRange(Call->getSourceRange(), Ctx).isInvalid())
    return;
  Diag << FixItHint::CreateInsertion(
      RParen, (Call->getNumArgs() > 0 ? ", " : "") + Token->getName().str());
}

void MissingTimeoutCheck::checkUnboundedWait(const CoawaitExpr *Await,
                                             const FunctionDecl *FD,
                                             bool HasDeadline,
                                             ASTContext &Ctx) {
  const auto *Op = dyn_cast<CallExpr>(stripImplicit(Await->getOperand()));
  if (!Op || HasDeadline || !IoOperations.containsCall(Op) ||
      passesCancellation(Op))
    return;
  diag(Op->getBeginLoc(),
       "'%0' waits on another service with no deadline and no way to cancel "
       "it: if the peer never answers, this coroutine waits forever")
      << Op->getDirectCallee()->getName() << timeoutFix(Op, FD, Ctx);
}

Fix MissingTimeoutCheck::timeoutFix(const Expr *Operation,
                                    const FunctionDecl *FD, ASTContext &Ctx) {
  const CXXRecordDecl *Promise = Model.promiseOfCoroutine(FD);
  bool Known = llvm::any_of(
      lookupQualified(Ctx, TimeoutFunction),
      [&](const NamedDecl *Timeout) { return sameLibrary(Timeout, Promise); });
  if (!Known)
    return {};
  // Spell the timeout the way the file already spells durations.
  std::string Timeout;
  if (seesUsingDirective(FD, {"chrono_literals", "literals", "chrono"}))
    Timeout = DefaultTimeoutMs % 1000 == 0
                  ? std::to_string(DefaultTimeoutMs / 1000) + "s"
                  : std::to_string(DefaultTimeoutMs) + "ms";
  else
    Timeout =
        "std::chrono::milliseconds(" + std::to_string(DefaultTimeoutMs) + ")";
  std::string Suffix = ", " + Timeout;
  if (const ParmVarDecl *Token = stopTokenParameter(FD))
    Suffix += ", " + Token->getName().str();
  return wrapFix(Operation, TimeoutFunction + "(", Suffix + ")", Ctx);
}

} // namespace clang::tidy::async
