//===--- BlockingInCoroutineFixes.cpp - asynclint -------------------------===//
//
// The repairs of async-blocking-in-coroutine: a thread sleep becomes the
// framework's awaited sleep (safe), and a blocking call is awaited on the
// framework's offload (unsafe: it now runs beside the loop's coroutines).
//
//===----------------------------------------------------------------------===//

#include "BlockingInCoroutineCheck.h"
#include "model/AsyncMatchers.h"
#include "model/NetworkModel.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Lex/Lexer.h"
#include <functional>

namespace clang::tidy::async {

namespace {
/// \p T as the fix writes it.
std::string typeText(QualType T, const ASTContext &Ctx) {
  PrintingPolicy Policy = Ctx.getPrintingPolicy();
  Policy.SuppressTagKeyword = true;
  return T.getAsString(Policy);
}

/// The period of a `std::chrono::duration` type as a fraction, and whether
/// its count is integral.
struct Period {
  llvm::APSInt Num, Den;
  bool Integral;
};
std::optional<Period> periodOf(QualType T) {
  const auto *Spec = dyn_cast_or_null<ClassTemplateSpecializationDecl>(
      T.getNonReferenceType()->getAsCXXRecordDecl());
  if (!Spec || !isChronoType(T) || Spec->getName() != "duration" ||
      Spec->getTemplateArgs().size() != 2)
    return std::nullopt;
  const auto *Ratio = dyn_cast_or_null<ClassTemplateSpecializationDecl>(
      Spec->getTemplateArgs()[1].getAsType()->getAsCXXRecordDecl());
  if (!Ratio || Ratio->getTemplateArgs().size() != 2 ||
      Ratio->getTemplateArgs()[0].getKind() != TemplateArgument::Integral ||
      Ratio->getTemplateArgs()[1].getKind() != TemplateArgument::Integral)
    return std::nullopt;
  return Period{Ratio->getTemplateArgs()[0].getAsIntegral(),
                Ratio->getTemplateArgs()[1].getAsIntegral(),
                Spec->getTemplateArgs()[0].getAsType()->isIntegerType()};
}

/// Whether a duration of type \p From converts implicitly to \p To: a
/// floating count takes anything, an integral one only whole multiples of
/// its period (seconds to milliseconds, not the other way).
bool convertsImplicitly(QualType From, QualType To) {
  std::optional<Period> F = periodOf(From), T = periodOf(To);
  if (!F || !T)
    return false;
  if (!T->Integral)
    return true;
  if (!F->Integral)
    return false;
  int64_t Num = F->Num.getExtValue() * T->Den.getExtValue();
  int64_t Den = F->Den.getExtValue() * T->Num.getExtValue();
  return Den != 0 && Num % Den == 0;
}

/// A free function of the coroutine's own library that sleeps
/// asynchronously and takes \p Duration as it is: named `sleep` or
/// `sleep_for`, declared in the namespace of the coroutine's task type,
/// with one duration parameter, returning something to await
/// (`folly::coro::sleep`, `async_simple::coro::sleep`, `seastar::sleep`).
const FunctionDecl *librarySleep(const FunctionDecl *Coroutine,
                                 const Expr *Duration, AsyncModel &Model) {
  const CXXRecordDecl *Task = recordOf(Coroutine->getReturnType());
  const DeclContext *NS = Task ? Task->getEnclosingNamespaceContext() : nullptr;
  if (!NS || !isa<NamespaceDecl>(NS))
    return nullptr;
  ASTContext &Ctx = Coroutine->getASTContext();
  for (llvm::StringRef Name : {"sleep", "sleep_for"})
    for (const NamedDecl *D : NS->lookup(&Ctx.Idents.get(Name))) {
      const auto *FD = dyn_cast<FunctionDecl>(D);
      if (FD && FD->getNumParams() == 1 &&
          Model.isAsyncWork(FD->getReturnType()) &&
          convertsImplicitly(Duration->getType(),
                             FD->getParamDecl(0)->getType()))
        return FD;
    }
  return nullptr;
}
} // namespace

Fix BlockingInCoroutineCheck::sleepFix(const CallExpr *Call,
                                       const Stmt *Statement,
                                       const FunctionDecl *Coroutine,
                                       ASTContext &Ctx) {
  const FunctionDecl *Callee = Call->getDirectCallee();
  if (!isa<Expr>(Statement) || stripImplicit(cast<Expr>(Statement)) != Call ||
      Call->getNumArgs() != 1 ||
      Callee->getQualifiedNameAsString() != "std::this_thread::sleep_for")
    return {};
  llvm::StringRef Duration = sourceText(Call->getArg(0)->getSourceRange(), Ctx);
  const CXXRecordDecl *Promise = Model.promiseOfCoroutine(Coroutine);
  if (isAsio(Promise)) {
    // The sleep is a whole statement of a block (see checkBody), so a timer
    // can be declared in its place.
    std::string NS = asioNamespaceOf(Promise);
    if (!Names)
      Names.emplace(Coroutine);
    std::string Timer = Names->take("pause");
    return replaceFix(Call,
                      NS + "::steady_timer " + Timer + "(co_await " + NS +
                          "::this_coro::executor, " + Duration.str() + ");\n" +
                          indentationOf(beginOf(Call), Ctx) + "co_await " +
                          Timer + ".async_wait(" + NS + "::use_awaitable)",
                      Ctx);
  }
  // A caller's stop token in scope makes the new sleep cancellable too.
  std::string Token;
  if (const ParmVarDecl *Param = stopTokenParameter(Coroutine))
    Token = ", " + Param->getName().str();
  for (const NamedDecl *Sleep : lookupQualified(Ctx, AsyncSleepFunction))
    if (sameLibrary(Sleep, Promise))
      return replaceFix(Call,
                        "co_await " + AsyncSleepFunction + "(" +
                            Duration.str() + Token + ")",
                        Ctx);
  if (const FunctionDecl *Sleep =
          librarySleep(Coroutine, Call->getArg(0), Model))
    return replaceFix(Call,
                      "co_await " + Sleep->getQualifiedNameAsString() + "(" +
                          Duration.str() + ")",
                      Ctx);
  return {};
}

Fix BlockingInCoroutineCheck::offloadFix(const CallExpr *Call,
                                         const Stmt *Statement,
                                         const FunctionDecl *Coroutine,
                                         ASTContext &Ctx) {
  if (OffloadPool.empty() || Call->getCallReturnType(Ctx)->isReferenceType())
    return {};
  // The wrapper keeps the value only where the call is the whole statement
  // or the whole initializer of a declaration.
  bool WholeStatement =
      isa<Expr>(Statement) && stripImplicit(cast<Expr>(Statement)) == Call;
  const auto *DS = dyn_cast<DeclStmt>(Statement);
  const auto *Var = DS && DS->isSingleDecl()
                        ? dyn_cast<VarDecl>(DS->getSingleDecl())
                        : nullptr;
  bool WholeInit =
      Var && Var->getInit() && stripImplicit(Var->getInit()) == Call;
  if (!WholeStatement && !WholeInit)
    return {};
  bool Void = Call->getType()->isVoidType();
  std::string Text = sourceText(Call->getSourceRange(), Ctx).str();
  const CXXRecordDecl *Promise = Model.promiseOfCoroutine(Coroutine);
  if (isAsio(Promise)) {
    std::string NS = asioNamespaceOf(Promise);
    std::string Body = Void ? Text + "; co_return;" : "co_return " + Text + ";";
    return replaceFix(Call,
                      "co_await " + NS + "::co_spawn(" + OffloadPool +
                          ", [&]() -> " + NS + "::awaitable<" +
                          typeText(Call->getType(), Ctx) + "> { " + Body +
                          " }, " + NS + "::use_awaitable)",
                      Ctx);
  }
  for (const NamedDecl *Offload : lookupQualified(Ctx, OffloadFunction))
    if (sameLibrary(Offload, Promise))
      return replaceFix(Call,
                        "co_await " + OffloadFunction + "(" + OffloadPool +
                            ", [&] { " + (Void ? "" : "return ") + Text +
                            "; })",
                        Ctx);
  return {};
}

} // namespace clang::tidy::async
