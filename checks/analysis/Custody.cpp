//===--- Custody.cpp - what a function does with a callable ---------------===//

#include "analysis/Custody.h"
#include "frameworks/Profiles.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/DenseSet.h"

namespace clang::tidy::async {
namespace {

/// Forwarding functions nest a few levels (`spawn` to `spawn_then` to
/// `with_gate`); deeper chains are not followed.
constexpr unsigned MaxDepth = 4;

/// Whether \p E is \p Param itself, passed on: through `std::forward`,
/// `std::move` and a conversion to a callable wrapper.
bool passesOn(const Expr *E, const ParmVarDecl *Param) {
  while (true) {
    E = stripImplicit(E);
    if (const auto *Call = dyn_cast<CallExpr>(E); isMoveOrForward(Call)) {
      E = Call->getArg(0);
      continue;
    }
    if (const auto *Construct = dyn_cast<CXXConstructExpr>(E);
        Construct && Construct->getNumArgs() == 1) {
      E = Construct->getArg(0);
      continue;
    }
    if (const auto *Cast = dyn_cast<CXXFunctionalCastExpr>(E)) {
      E = Cast->getSubExpr();
      continue;
    }
    const auto *Ref = dyn_cast<DeclRefExpr>(E);
    return Ref && Ref->getDecl() == Param;
  }
}

/// Whether \p Call calls \p Param: `f()`, or hands it to an invoker as
/// what to call (`std::invoke(f)`, `futurize_invoke(f)`).
bool invokes(const CallExpr *Call, const ParmVarDecl *Param) {
  if (const Expr *Object = calledObject(Call))
    return passesOn(Object, Param);
  const FunctionDecl *Callee = Call->getDirectCallee();
  return Callee && Callee->getIdentifier() &&
         Callee->getName().contains("invoke") && Call->getNumArgs() > 0 &&
         passesOn(Call->getArg(0), Param);
}

/// Whether \p S calls \p Param anywhere inside.
bool invokesWithin(const Stmt *S, const ParmVarDecl *Param) {
  bool Found = false;
  forEachStmtInBody(S, [&](const Stmt *Node) {
    if (const auto *Call = dyn_cast<CallExpr>(Node))
      Found = Found || invokes(Call, Param);
  });
  return Found;
}

/// Kept wins over Unknown, Dropped over both: one path on which the work
/// outlives the closure is enough.
Custody merge(Custody A, Custody B) {
  if (A == Custody::Dropped || B == Custody::Dropped)
    return Custody::Dropped;
  return A == Custody::Kept || B == Custody::Kept ? Custody::Kept
                                                  : Custody::Unknown;
}

Custody custodyAt(const CallExpr *Call, unsigned ArgIndex,
                  const CustodyRules &Rules, unsigned Depth);

/// What a plain function's body does with its callable parameter.
Custody custodyInBody(const FunctionDecl *Def, const ParmVarDecl *Param,
                      const CustodyRules &Rules, unsigned Depth) {
  // What a bridge is handed finishes before the bridge returns.
  llvm::DenseSet<const Stmt *> Bridged;
  Custody Result = Custody::Unknown;
  forEachStmtInBody(Def->getBody(), [&](const Stmt *S) {
    if (Bridged.contains(S))
      return;
    if (const auto *Call = dyn_cast<CallExpr>(S);
        Call && Rules.Bridges.containsCall(Call)) {
      forEachStmtInBody(Call, [&](const Stmt *Inner) {
        Bridged.insert(Inner);
        if (const auto *E = dyn_cast<Expr>(Inner); E && passesOn(E, Param))
          Result = merge(Result, Custody::Kept);
      });
      return;
    }
    // Called, and the work returned or spawned: the closure stays here.
    if (const auto *Return = dyn_cast<ReturnStmt>(S)) {
      if (Return->getRetValue() && invokesWithin(Return->getRetValue(), Param))
        Result = Custody::Dropped;
      return;
    }
    // Stored (`cb_ = f`, `handlers_.push_back(std::move(f))`): a registry
    // owns it from here on.
    if (const auto *E = dyn_cast<Expr>(S))
      if (auto [Target, Value] = assignmentOf(E);
          Target && passesOn(Value, Param)) {
        Result = merge(Result, Custody::Kept);
        return;
      }
    const auto *Call = dyn_cast<CallExpr>(S);
    if (!Call)
      return;
    if (Rules.Spawns.containsCall(Call) && invokesWithin(Call, Param))
      Result = Custody::Dropped;
    // Called for work that runs on (outside a bridge, a plain function
    // cannot wait for it): the closure goes when the function returns.
    if (invokes(Call, Param)) {
      if (Rules.HandsBackWork(Call))
        Result = Custody::Dropped;
      return;
    }
    if (const auto *Member = dyn_cast<CXXMemberCallExpr>(Call);
        Member && isContainerInsertion(Member)) {
      for (const Expr *Arg : Member->arguments())
        if (passesOn(Arg, Param))
          Result = merge(Result, Custody::Kept);
      return;
    }
    // Handed on: the next function decides.
    for (unsigned I = 0; I < Call->getNumArgs(); ++I)
      if (passesOn(Call->getArg(I), Param))
        Result = merge(Result, custodyAt(Call, I, Rules, Depth + 1));
  });
  return Result;
}

/// Whether an object of class \p RD holds a \p Held by value: as a field,
/// a base's field, or a field of a field (two levels).
bool holdsByValue(const CXXRecordDecl *RD, QualType Held, unsigned Depth) {
  if (!RD || !RD->hasDefinition() || Depth > 2)
    return false;
  for (const FieldDecl *Field : RD->fields()) {
    QualType T = Field->getType().getCanonicalType().getUnqualifiedType();
    if (T == Held ||
        (!T->isReferenceType() &&
         holdsByValue(T->getAsCXXRecordDecl(), Held, Depth + 1)))
      return true;
  }
  return llvm::any_of(RD->bases(), [&](const CXXBaseSpecifier &Base) {
    return holdsByValue(Base.getType()->getAsCXXRecordDecl(), Held, Depth);
  });
}

/// Whether the object \p Call returns holds argument \p ArgIndex by value
/// (`Scope<Lambda>` with a `Lambda` field): whoever owns the object owns
/// the callable, and the object's await is what runs it.
bool resultHoldsArgument(const CallExpr *Call, unsigned ArgIndex) {
  QualType Held = stripImplicit(Call->getArg(ArgIndex))
                      ->getType()
                      .getCanonicalType()
                      .getUnqualifiedType();
  return Held->isRecordType() &&
         holdsByValue(Call->getType()->getAsCXXRecordDecl(), Held, 0);
}

Custody custodyAt(const CallExpr *Call, unsigned ArgIndex,
                  const CustodyRules &Rules, unsigned Depth) {
  const FunctionDecl *Callee = Call->getDirectCallee();
  std::optional<unsigned> Index = parameterIndexOf(Call, ArgIndex);
  if (!Callee || !Index)
    return Custody::Unknown;
  if (Rules.Keepers.containsCall(Call) ||
      resultHoldsArgument(Call, ArgIndex))
    return Custody::Kept;
  const FunctionDecl *Def = Callee->getDefinition();
  // A coroutine keeps a by-value parameter in its frame until it finishes;
  // a reference parameter refers to the caller's closure, gone when the
  // caller's statement ends. Whoever wrote it, its signature says so.
  if (Def && Def->getBody() && isCoroutine(Def))
    return Def->getParamDecl(*Index)->getType()->isReferenceType()
               ? Custody::Dropped
               : Custody::Kept;
  if (!Def || !Def->getBody() || profileOf(Def) ||
      Rules.SM.isInSystemHeader(Def->getLocation()))
    return Rules.HandsBackWork(Call) || Rules.Spawns.containsCall(Call)
               ? Custody::Dropped
               : Custody::Unknown;
  if (Depth > MaxDepth)
    return Custody::Unknown;
  const ParmVarDecl *Param = Def->getParamDecl(*Index);
  return custodyInBody(Def, Param, Rules, Depth);
}

} // namespace

Custody custodyOfArgument(const CallExpr *Call, unsigned ArgIndex,
                          const CustodyRules &Rules) {
  return custodyAt(Call, ArgIndex, Rules, 0);
}

bool callDiscardsResult(QualType T) {
  const CXXRecordDecl *RD = T.getNonReferenceType()->getAsCXXRecordDecl();
  if (!RD || RD->isLambda() || !RD->hasDefinition())
    return false;
  bool Any = false;
  for (const NamedDecl *D : RD->lookup(
           RD->getASTContext().DeclarationNames.getCXXOperatorName(OO_Call))) {
    const auto *Method = dyn_cast<CXXMethodDecl>(D->getUnderlyingDecl());
    if (!Method || !Method->getReturnType()->isVoidType())
      return false;
    Any = true;
  }
  return Any;
}

} // namespace clang::tidy::async
