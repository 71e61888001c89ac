//===--- Exceptions.cpp - whether running code can end in an exception ----===//

#include "analysis/Exceptions.h"
#include "model/AsyncModel.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/Attr.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/SmallPtrSet.h"
#include <functional>

namespace clang::tidy::async {

bool handlerRethrows(const CXXCatchStmt *Handler) {
  bool Found = false;
  forEachStmtInBody(Handler->getHandlerBlock(), [&](const Stmt *S) {
    Found = Found || isa<CXXThrowExpr>(S);
  });
  return Found;
}

namespace {
/// Calls followed from the function asked about, and function bodies read
/// per question: enough for a coroutine's helpers and the awaiters of a
/// framework's primitives, bounded for the unit's largest templates.
constexpr unsigned CallDepth = 12;
constexpr unsigned BodyBudget = 256;

/// Standard accessors that throw when their precondition fails (an empty
/// optional, an index out of range): in a library's code, a check of what
/// the library itself ensured.
bool isCheckedAccessor(const FunctionDecl *FD) {
  return FD->getIdentifier() &&
         llvm::is_contained({"at", "value", "get", "any_cast"}, FD->getName());
}

/// Standard functions that throw on bad input or run user code.
bool isThrowingStdFunction(const FunctionDecl *FD) {
  if (FD->isOverloadedOperator())
    return FD->getOverloadedOperator() == OO_Call;
  return isCheckedAccessor(FD) ||
         (FD->getIdentifier() &&
          llvm::is_contained({"stoi", "stol", "stoll", "stoul", "stoull",
                              "stof", "stod", "stold", "rethrow_exception",
                              "rethrow_if_nested", "throw_with_nested",
                              "invoke", "visit", "apply", "make_shared",
                              "make_unique", "allocate_shared"},
                             FD->getName()));
}

/// Whether a standard-library call may throw: \p Args is what it gets (an
/// algorithm given a callable runs the caller's code; a stream operator
/// given a function applies a manipulator such as `std::endl`).
bool stdCallMayThrow(const FunctionDecl *FD, ArrayRef<const Expr *> Args,
                     bool InLibrary) {
  if (InLibrary && isCheckedAccessor(FD))
    return false;
  if (isThrowingStdFunction(FD))
    return true;
  if (FD->getOverloadedOperator() == OO_LessLess ||
      FD->getOverloadedOperator() == OO_GreaterGreater)
    return false;
  return llvm::any_of(Args, [](const Expr *Arg) {
    QualType T = Arg->getType().getNonReferenceType();
    const CXXRecordDecl *RD = T->getAsCXXRecordDecl();
    return T->isFunctionPointerType() || T->isFunctionType() ||
           (RD && RD->hasDefinition() && RD->isLambda());
  });
}

/// Whether \p T is the task type of coroutines (it names their promise).
bool isCoroutineTask(QualType T) {
  const CXXRecordDecl *RD = recordOf(T);
  return RD && RD->hasDefinition() && nestedPromiseType(RD);
}

/// Whether \p T hands an operation's failure back as a value: an error
/// code, or a tuple or pair that holds one (`as_tuple`, `as_single`).
bool carriesErrorCode(QualType T) {
  const CXXRecordDecl *RD = recordOf(T);
  if (!RD || !RD->getIdentifier())
    return false;
  if (RD->getName() == "error_code")
    return true;
  const auto *Spec = dyn_cast<ClassTemplateSpecializationDecl>(RD);
  if (!Spec || !RD->isInStdNamespace() ||
      !llvm::is_contained({"tuple", "pair"}, RD->getName()))
    return false;
  // tuple's elements are one pack.
  std::function<bool(const TemplateArgument &)> Carries =
      [&](const TemplateArgument &Arg) {
        if (Arg.getKind() == TemplateArgument::Pack)
          return llvm::any_of(Arg.pack_elements(), Carries);
        return Arg.getKind() == TemplateArgument::Type &&
               carriesErrorCode(Arg.getAsType());
      };
  return llvm::any_of(Spec->getTemplateArgs().asArray(), Carries);
}

/// A handler that ends the failure for good: it catches every standard
/// exception (`catch (...)`, `catch (const std::exception &)`) and does
/// not throw again.
bool catchesForGood(const CXXCatchStmt *Handler) {
  QualType Caught = Handler->getCaughtType();
  return (Caught.isNull() || isStdNamed(recordOf(Caught), "exception")) &&
         !handlerRethrows(Handler);
}

/// Whether \p Throw, in a library's code, reports something other than a
/// failure the work meets at run time: a check of the library's own
/// preconditions (`throw std::logic_error`: a misuse, a bug to fix) or the
/// cancellation someone requested (\p SignalsCancellation).
bool reportsNoFailure(
    const CXXThrowExpr *Throw,
    const std::function<bool(const CXXRecordDecl *)> &SignalsCancellation) {
  const Expr *Thrown = Throw->getSubExpr();
  const CXXRecordDecl *RD = Thrown ? recordOf(Thrown->getType()) : nullptr;
  if (!RD || !RD->hasDefinition())
    return false;
  if (SignalsCancellation && SignalsCancellation(RD))
    return true;
  auto IsLogicError = [](const CXXRecordDecl *R) {
    return isStdNamed(R, "logic_error");
  };
  return IsLogicError(RD) || !RD->forallBases([&](const CXXRecordDecl *Base) {
    return !IsLogicError(Base);
  });
}

/// One question: whether running a statement may throw, following calls
/// up to \p Limit deep.
class Search {
public:
  Search(unsigned Limit, llvm::DenseMap<const FunctionDecl *, bool> *Known,
         const ASTContext *Ctx,
         const std::function<bool(const CXXRecordDecl *)> *SignalsCancellation)
      : Limit(Limit), Known(Known), Ctx(Ctx),
        SignalsCancellation(SignalsCancellation) {}

  bool statement(const Stmt *S, unsigned Depth);
  bool function(const FunctionDecl *FD, unsigned Depth);

private:
  bool call(const Expr *Site, unsigned Depth);
  bool await(const CoroutineSuspendExpr *Await, unsigned Depth);
  bool tryStatement(const CXXTryStmt *Try, unsigned Depth);
  bool isLibraryCode(const FunctionDecl *Definition) const {
    const SourceManager *SM = Ctx ? &Ctx->getSourceManager() : nullptr;
    return SM && !SM->isInMainFile(SM->getExpansionLoc(Definition->getLocation()));
  }

  unsigned Limit;
  llvm::DenseMap<const FunctionDecl *, bool> *Known;
  // Where library code can be told from the user's (null: it is not).
  const ASTContext *Ctx;
  const std::function<bool(const CXXRecordDecl *)> *SignalsCancellation;
  llvm::SmallPtrSet<const FunctionDecl *, 16> InProgress;
  unsigned Bodies = 0;
  // Whether the function being read is a library's (outside the main file).
  bool InLibrary = false;
  // An answer that a limit cut short, or that assumed a recursive call
  // returns normally, is not cached: it may differ when asked afresh.
  bool Provisional = false;
};

bool Search::function(const FunctionDecl *FD, unsigned Depth) {
  const FunctionDecl *Definition = nullptr;
  if (!FD || !FD->hasBody(Definition))
    return true;
  if (Known)
    if (auto It = Known->find(Definition); It != Known->end())
      return It->second;
  if (InProgress.contains(Definition)) {
    // Recursion: whether it throws is decided by its other paths.
    Provisional = true;
    return false;
  }
  if (++Bodies > BodyBudget) {
    Provisional = true;
    return true;
  }
  InProgress.insert(Definition);
  bool WasProvisional = std::exchange(Provisional, false);
  bool CallerInLibrary = std::exchange(InLibrary, isLibraryCode(Definition));
  bool Throws = statement(userBody(Definition), Depth);
  InLibrary = CallerInLibrary;
  InProgress.erase(Definition);
  if (Known && !Provisional)
    (*Known)[Definition] = Throws;
  Provisional = Provisional || WasProvisional;
  return Throws;
}

bool Search::call(const Expr *Site, unsigned Depth) {
  const FunctionDecl *FD = nullptr;
  ArrayRef<const Expr *> Args;
  if (const auto *Call = dyn_cast<CallExpr>(Site)) {
    FD = Call->getDirectCallee();
    Args = {Call->getArgs(), Call->getNumArgs()};
  } else if (const auto *Construct = dyn_cast<CXXConstructExpr>(Site)) {
    FD = Construct->getConstructor();
    Args = {Construct->getArgs(), Construct->getNumArgs()};
  }
  // What the code cannot see into: a call through a pointer, a dependent
  // call, a function only declared, an override that may run instead of the
  // body at hand. The user's code may fail there; a library's own
  // bookkeeping (scheduling, logging) is trusted to report failures the way
  // its visible code does, by throwing or rethrowing where it can be seen.
  if (!FD)
    return !InLibrary;
  if (FD->isDefaulted() || FD->isTrivial())
    return false;
  if (const auto *Proto = FD->getType()->getAs<FunctionProtoType>();
      Proto && Proto->isNothrow())
    return false;
  if (isInStdLibrary(FD))
    return stdCallMayThrow(FD, Args, InLibrary);
  // A C function cannot throw (it runs no callable here: those are in std).
  if (FD->isExternC())
    return false;
  const auto *Method = dyn_cast<CXXMethodDecl>(FD);
  bool Overridable = Method && Method->isVirtual() &&
                     !Method->hasAttr<FinalAttr>() &&
                     !Method->getParent()->hasAttr<FinalAttr>();
  if (!FD->hasBody() || Overridable)
    return !InLibrary;
  if (Depth >= Limit) {
    Provisional = true;
    return true;
  }
  return function(FD, Depth + 1);
}

/// An await runs the awaited expression, then the awaiter's steps. Awaiting
/// a coroutine's task rethrows what its body throws, which following the
/// call that made the task has already answered: the task type's own
/// machinery, which only hands that on, is not read.
bool Search::await(const CoroutineSuspendExpr *Await, unsigned Depth) {
  if (Depth >= Limit) {
    Provisional = true;
    return true;
  }
  if (carriesErrorCode(Await->getType()))
    return false;
  const Expr *Operand = Await->getOperand();
  if (statement(Operand, Depth))
    return true;
  // In a library, a task whose body is out of sight (made by a function
  // the unit only declares, or handed on by one) is trusted like the rest
  // of what the library does out of sight.
  if (isCoroutine(calleeOf(Operand)) ||
      (InLibrary && isCoroutineTask(Operand->getType())))
    return false;
  const Expr *Common = Await->getCommonExpr();
  return (Common != Operand && statement(Common, Depth)) ||
         statement(Await->getReadyExpr(), Depth) ||
         statement(Await->getSuspendExpr(), Depth) ||
         statement(Await->getResumeExpr(), Depth);
}

/// A handler's own code is how the work reports its failure (it logs): only
/// whether it ends the failure or throws again counts.
bool Search::tryStatement(const CXXTryStmt *Try, unsigned Depth) {
  for (unsigned I = 0; I < Try->getNumHandlers(); ++I)
    if (catchesForGood(Try->getHandler(I)))
      return false;
  return statement(Try->getTryBlock(), Depth);
}

bool Search::statement(const Stmt *S, unsigned Depth) {
  if (!S)
    return false;
  if (const auto *Lambda = dyn_cast<LambdaExpr>(S)) {
    // Creating a closure runs its captures' initializers, not its body.
    for (const Expr *Init : Lambda->capture_inits())
      if (statement(Init, Depth))
        return true;
    return false;
  }
  if (const auto *Try = dyn_cast<CXXTryStmt>(S))
    return tryStatement(Try, Depth);
  // Handing the result to the promise is the task type's machinery.
  if (const auto *Return = dyn_cast<CoreturnStmt>(S))
    return statement(Return->getOperand(), Depth);
  if (const auto *Await = dyn_cast<CoroutineSuspendExpr>(S))
    return await(Await, Depth);
  // The user's own throws always count.
  if (const auto *Throw = dyn_cast<CXXThrowExpr>(S))
    return !InLibrary || !reportsNoFailure(Throw, *SignalsCancellation);
  if (isa<DependentCoawaitExpr, CXXUnresolvedConstructExpr,
          CXXDependentScopeMemberExpr, UnresolvedLookupExpr,
          UnresolvedMemberExpr>(S))
    return true;
  if (const auto *Cast = dyn_cast<CXXDynamicCastExpr>(S);
      Cast && (Cast->getType()->isReferenceType() || Cast->isLValue()))
    return true;
  if (isa<CallExpr, CXXConstructExpr>(S) && call(cast<Expr>(S), Depth))
    return true;
  for (const Stmt *Child : S->children())
    if (statement(Child, Depth))
      return true;
  return false;
}
} // namespace

bool mayThrow(const Stmt *S) {
  return Search(/*Limit=*/0, /*Known=*/nullptr, /*Ctx=*/nullptr,
                /*SignalsCancellation=*/nullptr)
      .statement(S, 0);
}

bool ThrowReach::mayThrow(const FunctionDecl *FD) {
  return Search(CallDepth, &Known, FD ? &FD->getASTContext() : nullptr,
                &SignalsCancellation)
      .function(FD, 0);
}

} // namespace clang::tidy::async
