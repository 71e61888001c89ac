//===--- Ranges.cpp - how many elements a range has -----------------------===//

#include "Ranges.h"
#include "AsyncModel.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"

namespace clang::tidy::async {
namespace {

/// The number of elements of `range | std::views::take(N)` (or
/// `std::views::take(range, N)`) when N is a constant.
std::optional<uint64_t> takenCount(const Expr *Range, const ASTContext &Ctx) {
  const auto *Call = dyn_cast<CallExpr>(Range);
  if (!Call)
    return std::nullopt;
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(Call);
      Op && Op->getOperator() == OO_Pipe && Op->getNumArgs() == 2)
    return takenCount(stripImplicit(Op->getArg(1)), Ctx);
  const NamedDecl *Callee = namedCallee(Call);
  if (!Callee || !Callee->getIdentifier() || Callee->getName() != "take" ||
      !isInStdLibrary(Callee))
    return std::nullopt;
  Expr::EvalResult Count;
  const Expr *Last = Call->getArg(Call->getNumArgs() - 1);
  if (!Last->isValueDependent() && Last->EvaluateAsInt(Count, Ctx))
    return Count.Val.getInt().getZExtValue();
  return std::nullopt;
}

/// The number of elements of \p Range when the type or the expression
/// fixes it: a braced list, an array, a `std::array`, a constant `take`.
} // namespace

std::optional<uint64_t> staticRangeSize(const Expr *Range,
                                        const ASTContext &Ctx) {
  if (!Range)
    return std::nullopt;
  Range = Range->IgnoreImplicit();
  if (const auto *List = dyn_cast<CXXStdInitializerListExpr>(Range))
    if (const auto *Init =
            dyn_cast<InitListExpr>(List->getSubExpr()->IgnoreImplicit()))
      return Init->getNumInits();
  QualType T = Range->getType().getNonReferenceType();
  if (const auto *Array = dyn_cast<ConstantArrayType>(T.getCanonicalType()))
    return Array->getSize().getZExtValue();
  const auto *Spec =
      dyn_cast_or_null<ClassTemplateSpecializationDecl>(recordOf(T));
  if (Spec && isStdNamed(Spec, "array") &&
      Spec->getTemplateArgs().size() == 2 &&
      Spec->getTemplateArgs()[1].getKind() == TemplateArgument::Integral)
    return Spec->getTemplateArgs()[1].getAsIntegral().getZExtValue();
  return takenCount(stripImplicit(Range), Ctx);
}


} // namespace clang::tidy::async
