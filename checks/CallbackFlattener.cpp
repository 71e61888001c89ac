//===--- CallbackFlattener.cpp - a callback chain as one coroutine --------===//
//
// The repair of async-callback-nesting: the chain's function starts one
// spawned coroutine that awaits each step through the runtime's promisify
// and answers its callback once, from one error path and one success path.
//
//===----------------------------------------------------------------------===//

#include "CallbackFlattener.h"
#include "fix/FixUtils.h"
#include "clang/AST/ExprCXX.h"
#include "clang/Lex/Lexer.h"

namespace clang::tidy::async {

const LambdaExpr *trailingLambda(const CallExpr *Call) {
  unsigned Last = Call->getNumArgs();
  while (Last > 0 && isa<CXXDefaultArgExpr>(Call->getArg(Last - 1)))
    --Last;
  if (Last == 0)
    return nullptr;
  const Expr *Arg = stripImplicit(Call->getArg(Last - 1));
  while (const auto *Convert = dyn_cast_or_null<CXXConstructExpr>(Arg)) {
    if (Convert->getNumArgs() != 1)
      return nullptr;
    Arg = stripImplicit(Convert->getArg(0));
  }
  return dyn_cast_or_null<LambdaExpr>(Arg);
}

namespace {
/// True for `std::error_code` itself (not a reference to it).
bool isErrorCode(QualType T) {
  return !T.isNull() && !T->isReferenceType() &&
         isStdNamed(recordOf(T), "error_code");
}

/// The signature `void(std::error_code[, T])` of a callback parameter typed
/// `std::function<...>` (through references), the shape `rt::promisify`
/// accepts as an API's last parameter; null otherwise.
const FunctionProtoType *promisableCallback(QualType T) {
  const auto *Spec =
      dyn_cast_or_null<ClassTemplateSpecializationDecl>(recordOf(T));
  if (!Spec || !isStdNamed(Spec, "function") ||
      Spec->getTemplateArgs().size() != 1 ||
      Spec->getTemplateArgs()[0].getKind() != TemplateArgument::Type)
    return nullptr;
  const auto *Sig =
      Spec->getTemplateArgs()[0].getAsType()->getAs<FunctionProtoType>();
  if (!Sig || !Sig->getReturnType()->isVoidType() || Sig->getNumParams() < 1 ||
      Sig->getNumParams() > 2 || !isErrorCode(Sig->getParamType(0)) ||
      (Sig->getNumParams() == 2 && Sig->getParamType(1)->isReferenceType()))
    return nullptr;
  return Sig;
}

/// The callback variable a call calls (`cb(..)`, also through
/// `std::function::operator()`) and the arguments it passes.
struct CallbackCall {
  const VarDecl *Callback = nullptr;
  llvm::ArrayRef<const Expr *> Args;
};
CallbackCall callbackCall(const CallExpr *Call) {
  unsigned First = 0;
  const Expr *Callee = Call->getCallee();
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(Call)) {
    if (Op->getOperator() != OO_Call)
      return {};
    Callee = Op->getArg(0);
    First = 1;
  } else if (isa<CXXMemberCallExpr>(Call)) {
    return {};
  }
  return {variableOf(Callee),
          llvm::ArrayRef(Call->getArgs() + First, Call->getNumArgs() - First)};
}

/// The call statement \p S is, also when it is returned.
const CallExpr *callStatement(const Stmt *S) {
  if (const auto *Return = dyn_cast_or_null<ReturnStmt>(S))
    S = Return->getRetValue();
  const auto *E = dyn_cast_or_null<Expr>(S);
  return E ? dyn_cast<CallExpr>(stripImplicit(E)) : nullptr;
}

/// The one call an error branch makes: `return cb(..);`, `cb(..);`,
/// `{ cb(..); }` or `{ cb(..); return; }`.
const CallExpr *branchCall(const Stmt *Then) {
  if (const auto *Block = dyn_cast<CompoundStmt>(Then)) {
    const auto *Return = dyn_cast<ReturnStmt>(Block->body_back());
    if (Block->size() == 2 && Return && !Return->getRetValue())
      Then = Block->body_front();
    else if (Block->size() == 1)
      Then = Block->body_front();
    else
      return nullptr;
  }
  return callStatement(Then);
}

/// `{}`, `T{}`, `T()`: a value built from nothing.
bool isEmptyConstruction(const Expr *E) {
  E = stripImplicit(E);
  if (const auto *Cast = dyn_cast<CXXFunctionalCastExpr>(E))
    E = stripImplicit(Cast->getSubExpr());
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(E))
    return Construct->getNumArgs() == 0;
  if (const auto *List = dyn_cast<InitListExpr>(E)) {
    if (const InitListExpr *Written = List->getSyntacticForm())
      List = Written;
    return List->getNumInits() == 0;
  }
  return isa<CXXScalarValueInitExpr, ImplicitValueInitExpr>(E);
}

/// An empty construction or a literal: what an error answer passes for the
/// values it does not have.
bool isDefaultValue(const Expr *E) {
  return isEmptyConstruction(E) ||
         isa<CXXNullPtrLiteralExpr, IntegerLiteral, CXXBoolLiteralExpr,
             FloatingLiteral, CharacterLiteral, StringLiteral>(
             stripImplicit(E));
}

/// `if (ec)`: the error code converted to bool, nothing else.
bool testsError(const Expr *Cond, const ParmVarDecl *Error) {
  const auto *Convert =
      dyn_cast<CXXMemberCallExpr>(Cond->IgnoreParenImpCasts());
  if (!Convert || !isa_and_nonnull<CXXConversionDecl>(Convert->getMethodDecl()))
    return false;
  const auto *Ref = dyn_cast<DeclRefExpr>(
      Convert->getImplicitObjectArgument()->IgnoreParenImpCasts());
  return Ref && Ref->getDecl() == Error;
}

/// A type `T v;` declares with a usable value (its default constructor).
bool defaultInitializable(QualType T, unsigned Depth = 0) {
  if (T->isReferenceType() || T.isConstQualified() || Depth > 8)
    return false;
  if (const auto *Array = dyn_cast<ConstantArrayType>(T.getCanonicalType()))
    return defaultInitializable(Array->getElementType(), Depth + 1);
  const CXXRecordDecl *RD = T->getAsCXXRecordDecl();
  if (!RD)
    return T->isScalarType();
  if (!RD->hasDefinition())
    return false;
  RD = RD->getDefinition();
  if (RD->hasUserDeclaredConstructor())
    return llvm::any_of(RD->ctors(), [](const CXXConstructorDecl *Ctor) {
      return Ctor->isDefaultConstructor() && !Ctor->isDeleted() &&
             Ctor->getAccess() != AS_private &&
             Ctor->getAccess() != AS_protected;
    });
  return llvm::all_of(RD->bases(),
                      [&](const CXXBaseSpecifier &Base) {
                        return defaultInitializable(Base.getType(), Depth + 1);
                      }) &&
         llvm::all_of(RD->fields(), [&](const FieldDecl *Field) {
           return Field->hasInClassInitializer() ||
                  defaultInitializable(Field->getType(), Depth + 1);
         });
}

/// A type with a usable copy constructor.
bool copyable(QualType T) {
  const CXXRecordDecl *RD = recordOf(T);
  if (!RD)
    return true;
  return RD->hasDefinition() && !RD->isAbstract() &&
         (RD->hasSimpleCopyConstructor() ||
          llvm::any_of(RD->ctors(), [](const CXXConstructorDecl *Ctor) {
            return Ctor->isCopyConstructor() && !Ctor->isDeleted() &&
                   Ctor->getAccess() == AS_public;
          }));
}

/// A type whose objects `v = x;` can assign.
bool assignable(QualType T) {
  const CXXRecordDecl *RD = recordOf(T);
  if (!RD)
    return !T->isReferenceType() && !T.isConstQualified();
  if (!RD->hasDefinition())
    return false;
  return RD->hasSimpleMoveAssignment() || RD->hasSimpleCopyAssignment() ||
         llvm::any_of(RD->methods(), [](const CXXMethodDecl *M) {
           return (M->isCopyAssignmentOperator() ||
                   M->isMoveAssignmentOperator()) &&
                  !M->isDeleted() && M->getAccess() == AS_public;
         });
}

/// A parameter's type as written; with \p Decay, a reference's referred
/// type without its qualifiers. Empty when the name sits inside the type
/// (arrays, function pointers) or a macro spells it.
std::string writtenType(const ParmVarDecl *P, bool Decay,
                        const ASTContext &Ctx) {
  const TypeSourceInfo *TSI = P->getTypeSourceInfo();
  if (!TSI)
    return "";
  TypeLoc TL = TSI->getTypeLoc();
  // A qualified type's own location leaves out its qualifiers: the written
  // type starts where the declaration does.
  SourceLocation Begin = P->getBeginLoc();
  if (auto Ref = TL.getAs<ReferenceTypeLoc>(); Decay && Ref) {
    TL = Ref.getPointeeLoc().getUnqualifiedLoc();
    Begin = TL.getBeginLoc();
  }
  CharSourceRange Range = fixableRange(SourceRange(Begin, TL.getEndLoc()), Ctx);
  if (Range.isInvalid() || Ctx.getSourceManager().isBeforeInTranslationUnit(
                               P->getLocation(), Range.getEnd()))
    return "";
  return Lexer::getSourceText(Range, Ctx.getSourceManager(), Ctx.getLangOpts())
      .str();
}

/// `Type Name`, or `Type &Name` when the type ends in a declarator.
std::string declaration(const ParmVarDecl *P, bool Decay,
                        const ASTContext &Ctx) {
  const std::string Type = writtenType(P, Decay, Ctx);
  const bool Attached = llvm::StringRef(Type).ends_with("&") ||
                        llvm::StringRef(Type).ends_with("*");
  return Type + (Attached ? "" : " ") + P->getName().str();
}

/// \p Call's text with the tokens of its argument \p Arg replaced.
std::string withArgument(const CallExpr *Call, const Expr *Arg,
                         llvm::StringRef Text, const ASTContext &Ctx) {
  CharSourceRange Whole = fixableRange(Call->getSourceRange(), Ctx);
  CharSourceRange Part = fixableRange(Arg->getSourceRange(), Ctx);
  if (Whole.isInvalid() || Part.isInvalid())
    return "";
  const SourceManager &SM = Ctx.getSourceManager();
  llvm::StringRef All = Lexer::getSourceText(Whole, SM, Ctx.getLangOpts());
  unsigned Begin = SM.getFileOffset(Whole.getBegin());
  return (All.substr(0, SM.getFileOffset(Part.getBegin()) - Begin) + Text +
          All.substr(SM.getFileOffset(Part.getEnd()) - Begin))
      .str();
}

/// One level as the flat coroutine awaits it.
struct Step {
  const CallExpr *Call;
  const ParmVarDecl *Error;
  const ParmVarDecl *Value; ///< null when the callback gets no value
  bool ValueRead = false;   ///< a later step or the answer reads it
};

/// Builds the flat coroutine for a chain, or says why it cannot.
class Flattener {
public:
  Flattener(const FunctionDecl *FD, ASTContext &Ctx) : FD(FD), Ctx(Ctx) {}
  /// The fix, or empty with the reason in \p WhyNot.
  Fix flatten(const CallbackNestingCheck::Chain &Levels, std::string &WhyNot);

private:
  bool refuse(const llvm::Twine &Reason) {
    if (WhyNot.empty())
      WhyNot = Reason.str();
    return false;
  }
  bool function(const CallExpr *Start);
  bool callee(const CallExpr *Call, unsigned Level);
  bool level(const CallbackNestingCheck::Level &L, const CallExpr *Next,
             unsigned Index);
  bool errorAnswer(const CallExpr *Answer, const ParmVarDecl *Error,
                   unsigned Index);
  bool successAnswer(const CallExpr *Answer, const ParmVarDecl *Error);
  enum class Role { FirstArguments, Arguments, Answer };
  void reads(const Stmt *S, Role R, unsigned Level);
  void readsDecl(const ValueDecl *D, Role R, unsigned Level);
  bool parameters();
  Fix text(const CallExpr *Start);

  const FunctionDecl *FD;
  ASTContext &Ctx;
  std::string WhyNot;
  llvm::SmallVector<Step, 4> Steps;
  const VarDecl *Callback = nullptr;
  const CallExpr *FirstErrorAnswer = nullptr;
  unsigned ErrorIndex = 0;
  const CallExpr *Success = nullptr;
  const Expr *SuccessError = nullptr; ///< the success answer's `ec`, if any
  /// The function's parameters the chain reads, and how levels capture them.
  llvm::SmallPtrSet<const VarDecl *, 4> Read, ByCopy, ByRef;
};

bool Flattener::function(const CallExpr *Start) {
  const auto *Body = dyn_cast_or_null<CompoundStmt>(FD->getBody());
  if (!Body || Body->body_empty() || !isa<Expr>(Body->body_back()) ||
      stripImplicit(cast<Expr>(Body->body_back())) != Start)
    return refuse("the chain is not the last statement of the function");
  if (!FD->getReturnType()->isVoidType() || isCoroutine(FD))
    return refuse("the function returns a value or is a coroutine");
  if (FD->isTemplated())
    return refuse("the function is a template");
  CharSourceRange Range = fixableRange(Start->getSourceRange(), Ctx);
  if (Range.isInvalid())
    return refuse("the chain is written with a macro");
  if (hasComments(Range, Ctx))
    return refuse("the chain holds comments a rewrite would lose");
  return true;
}

bool Flattener::callee(const CallExpr *Call, unsigned Level) {
  const FunctionDecl *Callee = Call->getDirectCallee();
  if (Callee && isAsio(Callee))
    return refuse("'" + Callee->getNameAsString() +
                  "' is an Asio operation; await it with use_awaitable");
  const auto *Ref = dyn_cast<DeclRefExpr>(stripImplicit(Call->getCallee()));
  if (!Callee || !Ref || isa<CXXMemberCallExpr, CXXOperatorCallExpr>(Call) ||
      Ref->hasExplicitTemplateArgs())
    return refuse("level " + llvm::Twine(Level) +
                  " does not call a function by its name");
  const std::string Name = Callee->getNameAsString();
  if (const auto *Method = dyn_cast<CXXMethodDecl>(Callee);
      Method && !Method->isStatic())
    return refuse("'" + Name + "' is a member function");
  if (Callee->getTemplatedKind() != FunctionDecl::TK_NonTemplate ||
      Callee->isVariadic())
    return refuse("'" + Name + "' is a template or variadic");
  const DeclContext *Home = Callee->getDeclContext()->getRedeclContext();
  for (const NamedDecl *Other : Home->lookup(Callee->getDeclName()))
    if (Other->getUnderlyingDecl()->getCanonicalDecl() !=
        Callee->getCanonicalDecl())
      return refuse("'" + Name + "' is overloaded");
  if (Call->usesADL() && !Home->Encloses(FD))
    return refuse("'" + Name + "' is found by argument-dependent lookup");
  const unsigned NumArgs = Call->getNumArgs();
  if (Callee->getNumParams() != NumArgs ||
      isa<CXXDefaultArgExpr>(Call->getArg(NumArgs - 1)) ||
      !promisableCallback(Callee->getParamDecl(NumArgs - 1)->getType()))
    return refuse("the last parameter of '" + Name +
                  "' is not a std::function<void(std::error_code[, T])>");
  for (unsigned I = 0; I + 1 < NumArgs; ++I) {
    QualType Param = Callee->getParamDecl(I)->getType();
    if (Param->isLValueReferenceType() &&
        !Param.getNonReferenceType().isConstQualified())
      return refuse("'" + Name + "' takes an argument by non-const reference");
    const Expr *Arg = Call->getArg(I)->IgnoreImplicit();
    const auto *Construct = dyn_cast<CXXConstructExpr>(Arg);
    if (isa<InitListExpr>(Arg) ||
        (Construct && Construct->isListInitialization() &&
         !isa<CXXTemporaryObjectExpr>(Construct)))
      return refuse("an argument of '" + Name + "' is a braced list");
  }
  return true;
}

bool Flattener::errorAnswer(const CallExpr *Answer, const ParmVarDecl *Error,
                            unsigned Index) {
  const auto Refuse = [&] {
    return refuse("level " + llvm::Twine(Index) +
                  " does not pass on only its error code");
  };
  CallbackCall Forward = callbackCall(Answer);
  if (!Forward.Callback || (Callback && Forward.Callback != Callback))
    return Refuse();
  const auto Passed = llvm::find_if(
      Forward.Args, [&](const Expr *Arg) { return variableOf(Arg) == Error; });
  if (Passed == Forward.Args.end())
    return Refuse();
  const unsigned At = Passed - Forward.Args.begin();
  const CallbackCall First =
      FirstErrorAnswer ? callbackCall(FirstErrorAnswer) : Forward;
  if (First.Args.size() != Forward.Args.size() ||
      (Callback && At != ErrorIndex))
    return Refuse();
  for (unsigned I = 0; I < Forward.Args.size(); ++I)
    if (I != At && (!isDefaultValue(Forward.Args[I]) ||
                    sourceText(Forward.Args[I]->getSourceRange(), Ctx) !=
                        sourceText(First.Args[I]->getSourceRange(), Ctx)))
      return Refuse();
  if (!Callback) {
    Callback = Forward.Callback;
    ErrorIndex = At;
    FirstErrorAnswer = Answer;
  }
  return true;
}

bool Flattener::level(const CallbackNestingCheck::Level &L,
                      const CallExpr *Next, unsigned Index) {
  const auto Refuse = [&](llvm::StringRef What) {
    return refuse("level " + llvm::Twine(Index) + " " + What);
  };
  if (!callee(L.Call, Index))
    return false;
  const LambdaExpr *Lambda = trailingLambda(L.Call);
  const FunctionDecl *Op = Lambda->getCallOperator();
  const auto *Body = dyn_cast<CompoundStmt>(Lambda->getBody());
  const FunctionProtoType *Sig =
      promisableCallback(L.Call->getDirectCallee()
                             ->getParamDecl(L.Call->getNumArgs() - 1)
                             ->getType());
  if (Lambda->isGenericLambda() || Op->getNumParams() != Sig->getNumParams() ||
      !isStdNamed(recordOf(Op->getParamDecl(0)->getType()), "error_code"))
    return Refuse("does not take (std::error_code[, T])");
  if (llvm::any_of(Lambda->captures(), [](const LambdaCapture &C) {
        const auto *Var = dyn_cast_or_null<VarDecl>(
            C.capturesVariable() ? C.getCapturedVar() : nullptr);
        return Var && Var->isInitCapture();
      }))
    return Refuse("has an init-capture");
  if (!Body || Body->size() != 2 || Body->body_front() != L.Forwarding)
    return Refuse("does more than test its error and go on");
  const IfStmt *If = L.Forwarding;
  if (fixableRange(If->getSourceRange(), Ctx).isInvalid())
    return refuse("the chain is written with a macro");
  if (If->getElse() || If->getInit() || If->getConditionVariable() ||
      If->isConstexpr() || If->isConsteval() ||
      !testsError(If->getCond(), Op->getParamDecl(0)))
    return Refuse("tests its error otherwise than 'if (ec)'");
  const CallExpr *Answer = branchCall(If->getThen());
  if (Answer && fixableRange(Answer->getSourceRange(), Ctx).isInvalid())
    return refuse("the chain is written with a macro");
  if (!Answer || !errorAnswer(Answer, Op->getParamDecl(0), Index))
    return Refuse("does not pass on only its error code");
  const CallExpr *After = callStatement(Body->body_back());
  const bool GoesOn =
      Next ? After == Next : After && successAnswer(After, Op->getParamDecl(0));
  if (!GoesOn)
    return Refuse("does more than test its error and go on");
  const ParmVarDecl *Value =
      Op->getNumParams() == 2 && Op->getParamDecl(1)->getIdentifier()
          ? Op->getParamDecl(1)
          : nullptr;
  Steps.push_back({L.Call, Op->getParamDecl(0), Value});
  for (const LambdaCapture &C : Lambda->captures())
    if (const auto *Var = dyn_cast_or_null<VarDecl>(
            C.capturesVariable() ? C.getCapturedVar() : nullptr))
      (C.getCaptureKind() == LCK_ByRef ? ByRef : ByCopy).insert(Var);
  return true;
}

bool Flattener::successAnswer(const CallExpr *Answer,
                              const ParmVarDecl *Error) {
  CallbackCall Done = callbackCall(Answer);
  if (Done.Callback != Callback ||
      Done.Args.size() != callbackCall(FirstErrorAnswer).Args.size())
    return false;
  const Expr *Passed = Done.Args[ErrorIndex];
  if (variableOf(Passed) == Error)
    SuccessError = Passed;
  else if (!isEmptyConstruction(Passed))
    return false;
  Success = Answer;
  return true;
}

/// Assignments, increments, and moves: a level's value or a parameter the
/// original copied into each callback must read the same in the flat body.
bool changesVariable(const Stmt *S, bool MayMove) {
  if (const auto *Unary = dyn_cast<UnaryOperator>(S))
    return Unary->isIncrementDecrementOp();
  if (const auto *Binary = dyn_cast<BinaryOperator>(S))
    return Binary->isAssignmentOp();
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(S))
    return Op->isAssignmentOp() || Op->getOperator() == OO_PlusPlus ||
           Op->getOperator() == OO_MinusMinus;
  const auto *Call = dyn_cast<CallExpr>(S);
  const FunctionDecl *Callee = Call ? Call->getDirectCallee() : nullptr;
  return !MayMove &&
         (isStdNamed(Callee, "move") || isStdNamed(Callee, "forward"));
}

void Flattener::reads(const Stmt *S, Role R, unsigned Level) {
  forEachEvaluatedStmt(S, /*IntoLambdas=*/true, [&](const Stmt *Child) {
    if (!WhyNot.empty())
      return;
    if (Child->getBeginLoc().isMacroID())
      refuse("the chain is written with a macro");
    else if (isa<LambdaExpr, BlockExpr, StmtExpr>(Child))
      refuse("an argument holds code of its own");
    else if (isa<CXXThisExpr>(Child))
      refuse("the chain uses 'this'");
    else if (changesVariable(Child, R == Role::Answer))
      refuse("an argument changes or moves a variable");
    else if (const auto *Call = dyn_cast<CallExpr>(Child);
             Call && R == Role::FirstArguments &&
             !isa_and_nonnull<CXXConversionDecl>(Call->getDirectCallee()))
      refuse("the first level's arguments call '" + calleeName(Call) +
             "', which would run later, when the coroutine starts");
    else if (const auto *Ref = dyn_cast<DeclRefExpr>(Child))
      readsDecl(Ref->getDecl(), R, Level);
  });
}

void Flattener::readsDecl(const ValueDecl *D, Role R, unsigned Level) {
  for (unsigned I = 0; I < Steps.size(); ++I) {
    const ParmVarDecl *Value = Steps[I].Value;
    // The level's value is declared by the statement that awaits it; the
    // last one before them all.
    if (Value && D != Value && D->getDeclName() == Value->getDeclName() &&
        (I == Level || I + 1 == Steps.size()))
      refuse("'" + Value->getName() + "' would name two things");
  }
  if (isa<BindingDecl>(D))
    refuse("the chain reads the structured binding '" + D->getName() + "'");
  const auto *Var = dyn_cast<VarDecl>(D);
  if (!Var || !WhyNot.empty())
    return;
  for (unsigned I = 0; I < Steps.size(); ++I) {
    if (Var == Steps[I].Error)
      refuse("level " + llvm::Twine(I + 1) +
             " reads its error code after testing it");
    if (Var != Steps[I].Value)
      continue;
    Steps[I].ValueRead = true;
    if (R == Role::Answer && I + 1 != Steps.size())
      refuse("the answer passes the value of level " + llvm::Twine(I + 1) +
             ", not only the last level's");
    return;
  }
  if (Var->hasGlobalStorage()) {
    if (R == Role::FirstArguments && !Var->getType().isConstQualified())
      refuse("the first level's arguments read '" + Var->getName() +
             "', which may change before the coroutine starts");
  } else if (isa<ParmVarDecl>(Var) && Var->getDeclContext() == FD) {
    Read.insert(Var);
  } else {
    refuse("the chain reads '" + Var->getName() +
           "', which is not a parameter of the function");
  }
}

bool Flattener::parameters() {
  llvm::StringSet<> Names;
  for (const ParmVarDecl *Param : FD->parameters()) {
    if (!Read.contains(Param))
      continue;
    Names.insert(Param->getName());
    const bool Shared = ByRef.contains(Param);
    if (Shared && ByCopy.contains(Param))
      return refuse("'" + Param->getName() +
                    "' is captured by copy and by reference");
    if (Shared && !Param->getType()->isReferenceType())
      return refuse("a level captures the parameter '" + Param->getName() +
                    "' by reference, and it is gone when the function "
                    "returns");
    if (!Shared && !ByCopy.contains(Param) &&
        Param->getType()->isReferenceType() &&
        !copyable(Param->getType().getNonReferenceType()))
      return refuse("'" + Param->getName() +
                    "' would be copied into the coroutine, and it cannot be");
    if (writtenType(Param, !Shared, Ctx).empty())
      return refuse("the type of '" + Param->getName() +
                    "' is not written before its name");
  }
  for (const Step &S : Steps)
    if (S.Value && S.ValueRead &&
        (!Names.insert(S.Value->getName()).second ||
         writtenType(S.Value, false, Ctx).empty()))
      return refuse("the value '" + S.Value->getName() +
                    "' cannot be declared in the flat coroutine");
  const ParmVarDecl *Last = Steps.back().Value;
  if (Last && Steps.back().ValueRead &&
      (!defaultInitializable(Last->getType()) || !assignable(Last->getType())))
    return refuse("the last value '" + Last->getName() +
                  "' cannot be declared before the awaits and assigned "
                  "after");
  for (llvm::StringRef Name :
       {"rt::promisify", "rt::spawn", "rt::Task", "std::system_error"})
    if (lookupQualified(Ctx, Name).empty())
      return refuse("'" + Name + "' is not declared");
  return true;
}

Fix Flattener::text(const CallExpr *Start) {
  const std::string Indent = indentationOf(Start->getBeginLoc(), Ctx);
  const std::string In = Indent + "  ";
  const std::string In2 = In + "  ";
  std::string Params, Pass;
  for (const ParmVarDecl *Param : FD->parameters()) {
    if (!Read.contains(Param))
      continue;
    const bool Shared = ByRef.contains(Param);
    const std::string Name = Param->getName().str();
    const QualType T = Param->getType();
    const bool Move = !T->isReferenceType() && !T.isConstQualified() &&
                      !T.isTriviallyCopyableType(Ctx);
    Params += (Params.empty() ? "" : ", ") + declaration(Param, !Shared, Ctx);
    Pass +=
        (Pass.empty() ? "" : ", ") + (Move ? "std::move(" + Name + ")" : Name);
  }
  const ParmVarDecl *Last = Steps.back().Value;
  const bool Hoist = Last && Steps.back().ValueRead;
  std::string Text = "rt::spawn([](" + Params + ") -> rt::Task<void> {\n";
  if (Hoist)
    Text += In + declaration(Last, false, Ctx) +
            (Last->getType()->isRecordType() ? ";\n" : "{};\n");
  Text += In + "try {\n";
  for (const Step &S : Steps) {
    Text += In2;
    if (S.Value && S.ValueRead)
      Text += (&S == &Steps.back() ? S.Value->getName().str()
                                   : declaration(S.Value, false, Ctx)) +
              " = ";
    Text +=
        "co_await rt::promisify(" +
        sourceText(stripImplicit(S.Call->getCallee())->getSourceRange(), Ctx)
            .str() +
        ")(";
    for (unsigned I = 0; I + 1 < S.Call->getNumArgs(); ++I)
      Text += (I ? ", " : "") +
              sourceText(S.Call->getArg(I)->getSourceRange(), Ctx).str();
    Text += ");\n";
  }
  const std::string Caught = FreshNames(FD).take("e");
  const std::string ErrorAnswer = withArgument(
      FirstErrorAnswer, callbackCall(FirstErrorAnswer).Args[ErrorIndex],
      Caught + ".code()", Ctx);
  const std::string SuccessAnswer =
      SuccessError ? withArgument(Success, SuccessError, "{}", Ctx)
                   : sourceText(Success->getSourceRange(), Ctx).str();
  if (ErrorAnswer.empty() || SuccessAnswer.empty()) {
    refuse("the chain is written with a macro");
    return {};
  }
  Text += In + "} catch (const std::system_error &" + Caught + ") {\n" + In2 +
          ErrorAnswer + ";\n" + In2 + "co_return;\n" + In + "}\n" + In +
          SuccessAnswer + ";\n" + Indent + "}(" + Pass + "))";
  return {FixItHint::CreateReplacement(
      fixableRange(Start->getSourceRange(), Ctx), Text)};
}

Fix Flattener::flatten(const CallbackNestingCheck::Chain &Levels,
                       std::string &Reason) {
  const CallExpr *Start = Levels.front().Call;
  if (llvm::any_of(Levels, [](const CallbackNestingCheck::Level &L) {
        return !L.Forwarding;
      })) {
    Reason = "the last step passes its error on untested";
    return {};
  }
  bool Flat = function(Start);
  for (unsigned I = 0; Flat && I < Levels.size(); ++I)
    Flat = level(Levels[I],
                 I + 1 < Levels.size() ? Levels[I + 1].Call : nullptr, I + 1);
  if (Flat) {
    for (unsigned I = 0; I < Steps.size(); ++I) {
      const Role R = I == 0 ? Role::FirstArguments : Role::Arguments;
      reads(Steps[I].Call->getCallee(), R, I);
      for (unsigned A = 0; A + 1 < Steps[I].Call->getNumArgs(); ++A)
        reads(Steps[I].Call->getArg(A), R, I);
    }
    for (const Stmt *Child : Success->children())
      if (Child != SuccessError)
        reads(Child, Role::Answer, Steps.size());
    Flat = WhyNot.empty() && parameters();
  }
  Fix Hints = Flat ? text(Start) : Fix{};
  Reason = WhyNot;
  return Hints;
}
} // namespace

Fix flattenChain(const FunctionDecl *FD,
                 const CallbackNestingCheck::Chain &Levels, ASTContext &Ctx,
                 std::string &WhyNot) {
  return Flattener(FD, Ctx).flatten(Levels, WhyNot);
}

} // namespace clang::tidy::async
