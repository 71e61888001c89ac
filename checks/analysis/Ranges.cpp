//===--- Ranges.cpp - how many elements a range has -----------------------===//

#include "Ranges.h"
#include "model/AsyncModel.h"
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

/// Whether \p Adaptor (the right side of `range | adaptor`) is a standard
/// view adaptor whose view has at most as many elements as its range.
bool keepsAtMostSize(const Expr *Adaptor) {
  const auto *Call = dyn_cast<CallExpr>(Adaptor);
  const NamedDecl *Callee = Call ? namedCallee(Call) : nullptr;
  return Callee && Callee->getIdentifier() && isInStdLibrary(Callee) &&
         llvm::is_contained({"transform", "filter", "reverse", "as_const",
                             "as_rvalue", "enumerate", "keys", "values",
                             "elements", "common", "drop", "drop_while",
                             "take_while", "stride", "all"},
                            Callee->getName());
}

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
  const Expr *Written = stripImplicit(Range);
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(Written);
      Op && Op->getOperator() == OO_Pipe && Op->getNumArgs() == 2 &&
      keepsAtMostSize(stripImplicit(Op->getArg(1))))
    return staticRangeSize(Op->getArg(0), Ctx);
  return takenCount(Written, Ctx);
}


} // namespace clang::tidy::async
