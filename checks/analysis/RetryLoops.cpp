//===--- RetryLoops.cpp - what one iteration of a loop does ---------------===//

#include "analysis/RetryLoops.h"

namespace clang::tidy::async {

bool leavesOrRethrows(const Stmt *S) {
  bool Found = false;
  forEachStmtInBody(S, [&](const Stmt *Child) {
    Found =
        Found ||
        isa<CXXThrowExpr, CoreturnStmt, ReturnStmt, BreakStmt, GotoStmt>(Child);
  });
  return Found;
}

void forEachInIteration(const Stmt *Loop,
                        llvm::function_ref<void(const Stmt *)> Visit) {
  llvm::SmallVector<const Stmt *, 16> Work(Loop->child_begin(),
                                           Loop->child_end());
  while (!Work.empty()) {
    const Stmt *S = Work.pop_back_val();
    if (!S ||
        isa<LambdaExpr, BlockExpr, ForStmt, CXXForRangeStmt, WhileStmt, DoStmt>(
            S))
      continue;
    Visit(S);
    // An await's implicit awaiter calls are not the program's calls.
    if (const auto *Await = dyn_cast<CoroutineSuspendExpr>(S))
      Work.push_back(Await->getOperand());
    else
      Work.append(S->child_begin(), S->child_end());
  }
}

bool advancesIterator(const Stmt *Loop) {
  bool Found = false;
  auto IsIterator = [](const Expr *E) {
    QualType T = stripImplicit(E)->getType();
    return !T->isIntegralOrEnumerationType() && !T->isFloatingType();
  };
  auto Visit = [&](const Stmt *S) {
    if (const auto *Inc = dyn_cast<UnaryOperator>(S))
      Found = Found || (Inc->isIncrementDecrementOp() &&
                        IsIterator(Inc->getSubExpr()));
    else if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(S))
      Found = Found || ((Op->getOperator() == OO_PlusPlus ||
                         Op->getOperator() == OO_MinusMinus) &&
                        Op->getNumArgs() >= 1 && IsIterator(Op->getArg(0)));
    else if (const auto *Call = dyn_cast<CallExpr>(S))
      Found = Found || isStdNamed(Call->getDirectCallee(), "next") ||
              isStdNamed(Call->getDirectCallee(), "advance");
  };
  // A range-for's own increment is implicit: the element rule covers it.
  const auto *Range = dyn_cast<CXXForRangeStmt>(Loop);
  forEachInIteration(Range ? Range->getBody() : Loop, Visit);
  return Found;
}

void forEachAwaitedLocal(const DeclStmt *DS,
                         llvm::function_ref<void(const VarDecl *)> Visit) {
  for (const Decl *D : DS->decls())
    if (const auto *Var = dyn_cast<VarDecl>(D);
        Var && Var->getInit() && containsAwait(Var->getInit()))
      Visit(Var);
}

bool retriesUntilSuccess(const Stmt *Loop) {
  llvm::SmallPtrSet<const ValueDecl *, 4> Awaited, Counters;
  llvm::SmallVector<const Expr *, 4> ExitConditions, Attempts;
  forEachInIteration(Loop, [&](const Stmt *S) {
    if (const auto *DS = dyn_cast<DeclStmt>(S)) {
      forEachAwaitedLocal(DS, [&](const VarDecl *Var) {
        Awaited.insert(Var);
        Attempts.push_back(Var->getInit());
      });
    } else if (const auto *Assign = dyn_cast<BinaryOperator>(S);
               Assign && Assign->isAssignmentOp()) {
      const ValueDecl *Target = rootDeclOf(Assign->getLHS());
      if (Target && Assign->getOpcode() == BO_Assign &&
          containsAwait(Assign->getRHS())) {
        Awaited.insert(Target);
        Attempts.push_back(Assign->getRHS());
      } else if (Target && Assign->isCompoundAssignmentOp() &&
               Target->getType()->isIntegerType())
        Counters.insert(Target);
    } else if (const auto *Inc = dyn_cast<UnaryOperator>(S);
               Inc && Inc->isIncrementOp()) {
      if (const ValueDecl *Target = rootDeclOf(Inc->getSubExpr());
          Target && Target->getType()->isIntegerType())
        Counters.insert(Target);
    } else if (const auto *If = dyn_cast<IfStmt>(S);
               If && If->getCond() && leavesOrRethrows(If->getThen())) {
      ExitConditions.push_back(If->getCond());
    }
  });
  const auto *For = dyn_cast<ForStmt>(Loop);
  llvm::SmallVector<const Expr *, 4> Conditions(ExitConditions);
  Conditions.push_back(loopConditionOf(Loop));
  std::optional<CountingLoop> Counting =
      For ? countingLoopOf(For) : std::nullopt;
  if (Counting)
    Counters.insert(Counting->Index);
  // An attempt that works on the count walks elements by index.
  if (llvm::any_of(Attempts, [&](const Expr *Attempt) {
        return llvm::any_of(Counters, [&](const ValueDecl *Counter) {
          return mentions(Attempt, Counter);
        });
      }))
    return false;
  bool Counts = Counting ||
                llvm::any_of(Counters, [&](const ValueDecl *Counter) {
                  return llvm::any_of(Conditions, [&](const Expr *Cond) {
                    return Cond && mentions(Cond, Counter);
                  });
                });
  return Counts && llvm::any_of(ExitConditions, [&](const Expr *Cond) {
           return llvm::any_of(Awaited, [&](const ValueDecl *Result) {
             return mentions(Cond, Result);
           });
         });
}

bool catchesOneOf(const CXXCatchStmt *Handler,
                  llvm::ArrayRef<const CXXRecordDecl *> Errors) {
  if (!Handler->getExceptionDecl())
    return true;
  const CXXRecordDecl *Caught = recordOf(Handler->getCaughtType());
  return Caught && llvm::any_of(Errors, [&](const CXXRecordDecl *Error) {
           return Error->getCanonicalDecl() == Caught->getCanonicalDecl() ||
                  Error->isDerivedFrom(Caught);
         });
}

const CXXCatchStmt *
swallowingHandler(const CXXTryStmt *Try,
                  llvm::ArrayRef<const CXXRecordDecl *> Cancellations) {
  bool OnlyCancellation = !Cancellations.empty();
  for (unsigned I = 0; I < Try->getNumHandlers(); ++I) {
    const CXXCatchStmt *Handler = Try->getHandler(I);
    if (OnlyCancellation && !catchesOneOf(Handler, Cancellations))
      continue;
    if (!leavesOrRethrows(Handler->getHandlerBlock()))
      return Handler;
    if (OnlyCancellation)
      return nullptr;
  }
  return nullptr;
}

std::optional<Attempt>
retriedAttempt(const Stmt *Loop,
               llvm::ArrayRef<const CXXRecordDecl *> Cancellations) {
  std::optional<Attempt> Found;
  forEachInIteration(Loop, [&](const Stmt *S) {
    const auto *Try = dyn_cast<CXXTryStmt>(S);
    if (Found || !Try || !containsAwait(Try->getTryBlock()))
      return;
    if (const CXXCatchStmt *Handler = swallowingHandler(Try, Cancellations))
      Found = Attempt{Try, Handler};
  });
  return Found;
}

bool readsCancellationState(
    const Stmt *S, const NameList &Checks,
    llvm::ArrayRef<const CXXRecordDecl *> Cancellations) {
  auto IsCancellation = [&](const TemplateArgument &Arg) {
    const CXXRecordDecl *Type = Arg.getKind() == TemplateArgument::Type
                                    ? recordOf(Arg.getAsType())
                                    : nullptr;
    return Type && llvm::any_of(Cancellations, [&](const CXXRecordDecl *E) {
             return E->getCanonicalDecl() == Type->getCanonicalDecl();
           });
  };
  bool Found = false;
  forEachStmtInBody(S, [&](const Stmt *Child) {
    if (const auto *Ref = dyn_cast<DeclRefExpr>(Child)) {
      Found = Found || Checks.contains(Ref->getDecl());
    } else if (const auto *Call = dyn_cast<CallExpr>(Child)) {
      const FunctionDecl *Callee = Call->getDirectCallee();
      const TemplateArgumentList *Args =
          Callee ? Callee->getTemplateSpecializationArgs() : nullptr;
      Found = Found || Checks.containsCall(Call) ||
              (Args && llvm::any_of(Args->asArray(), IsCancellation));
    }
  });
  return Found;
}

bool holdsAsyncWork(QualType T, AsyncModel &Model, int Depth) {
  if (Model.isAsyncWork(T))
    return true;
  const auto *Spec =
      dyn_cast_or_null<ClassTemplateSpecializationDecl>(recordOf(T));
  if (!Spec || Depth >= 2)
    return false;
  for (const TemplateArgument &Arg : Spec->getTemplateArgs().asArray()) {
    // A variadic template (`std::tuple<Ts...>`) holds its types in a pack.
    llvm::ArrayRef<TemplateArgument> Types =
        Arg.getKind() == TemplateArgument::Pack ? Arg.pack_elements()
                                                : llvm::ArrayRef(Arg);
    for (const TemplateArgument &Type : Types)
      if (Type.getKind() == TemplateArgument::Type &&
          holdsAsyncWork(Type.getAsType(), Model, Depth + 1))
        return true;
  }
  return false;
}

bool attemptsReceivedItem(const Stmt *Loop, const CXXTryStmt *Attempt,
                          AsyncModel &Model) {
  llvm::SmallPtrSet<const Stmt *, 8> Inside;
  forEachStmtInBody(Attempt, [&](const Stmt *S) { Inside.insert(S); });
  llvm::SmallPtrSet<const ValueDecl *, 4> Received;
  forEachInIteration(Loop, [&](const Stmt *S) {
    const auto *DS = dyn_cast<DeclStmt>(S);
    if (!DS || Inside.contains(DS))
      return;
    forEachAwaitedLocal(DS, [&](const VarDecl *Var) {
      if (holdsAsyncWork(Var->getType(), Model))
        return;
      Received.insert(Var);
      if (const auto *Bindings = dyn_cast<DecompositionDecl>(Var))
        for (const BindingDecl *B : Bindings->bindings())
          Received.insert(B);
    });
  });
  return llvm::any_of(Received, [&](const ValueDecl *Item) {
    return mentions(Attempt->getTryBlock(), Item);
  });
}

bool usesToken(const Stmt *Loop, const ParmVarDecl *Token) {
  llvm::SmallVector<const Stmt *, 16> Work{Loop};
  while (!Work.empty()) {
    const Stmt *S = Work.pop_back_val();
    if (!S)
      continue;
    if (const auto *Ref = dyn_cast<DeclRefExpr>(S);
        Ref && Ref->getDecl() == Token)
      return true;
    if (const auto *Lambda = dyn_cast<LambdaExpr>(S)) {
      if (llvm::any_of(Lambda->captures(), [&](const LambdaCapture &C) {
            return C.capturesVariable() && C.getCapturedVar() == Token;
          }))
        return true;
      continue;
    }
    if (const auto *Await = dyn_cast<CoroutineSuspendExpr>(S))
      Work.push_back(Await->getOperand());
    else
      Work.append(S->child_begin(), S->child_end());
  }
  return false;
}

/// Whether \p E multiplies or shifts by something that names \p V
/// (`d * 2`, `50 << attempt`).
static bool scalesWith(const Expr *E, const ValueDecl *V) {
  bool Found = false;
  forEachStmtInBody(E, [&](const Stmt *S) {
    if (const auto *B = dyn_cast<BinaryOperator>(S);
        B && (B->getOpcode() == BO_Mul || B->getOpcode() == BO_Shl))
      Found = Found || mentions(B, V);
  });
  return Found;
}

LoopWrites loopWrites(const Stmt *Loop) {
  LoopWrites W;
  forEachInIteration(Loop, [&](const Stmt *S) {
    if (const auto *U = dyn_cast<UnaryOperator>(S);
        U && U->isIncrementDecrementOp()) {
      if (const auto *Ref =
              dyn_cast<DeclRefExpr>(stripImplicit(U->getSubExpr())))
        W.Written.insert(Ref->getDecl());
    } else if (const auto *B = dyn_cast<BinaryOperator>(S);
               B && B->isAssignmentOp()) {
      if (const auto *Ref = dyn_cast<DeclRefExpr>(stripImplicit(B->getLHS()))) {
        W.Written.insert(Ref->getDecl());
        if (B->getOpcode() == BO_MulAssign || B->getOpcode() == BO_ShlAssign ||
            (B->getOpcode() == BO_Assign && scalesWith(B->getRHS(), Ref->getDecl())))
          W.Grown.insert(Ref->getDecl());
      }
    } else if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(S);
               Op && Op->getNumArgs() == 2 &&
               (Op->getOperator() == OO_Equal ||
                Op->getOperator() == OO_StarEqual)) {
      if (const auto *Ref =
              dyn_cast<DeclRefExpr>(stripImplicit(Op->getArg(0)))) {
        W.Written.insert(Ref->getDecl());
        if (Op->getOperator() == OO_StarEqual ||
            scalesWith(Op->getArg(1), Ref->getDecl()))
          W.Grown.insert(Ref->getDecl());
      }
    }
  });
  return W;
}

bool isBackoffArgument(const Expr *Arg, const LoopWrites &W) {
  return llvm::any_of(W.Grown, [&](const ValueDecl *V) {
           return mentions(Arg, V);
         }) ||
         llvm::any_of(W.Written,
                      [&](const ValueDecl *V) { return scalesWith(Arg, V); });
}

} // namespace clang::tidy::async
