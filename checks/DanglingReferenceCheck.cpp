//===--- DanglingReferenceCheck.cpp - asynclint ---------------------------===//
//
// A lazy task runs after the full-expression that creates it unless that
// full-expression awaits it. Its frame holds the references its parameters
// were bound to, and a lambda coroutine reads its captures through the
// closure object. When the task leaves the full-expression (stored,
// returned, started, spawned, put in a container) while a parameter refers
// to a temporary of that full-expression, or while the closure is one, the
// coroutine reads an object that is gone.
//
//===----------------------------------------------------------------------===//

#include "DanglingReferenceCheck.h"
#include "model/AsyncMatchers.h"
#include "fix/FixUtils.h"
#include "analysis/Custody.h"
#include "frameworks/Profiles.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "clang/AST/TypeLoc.h"
#include "clang/Lex/Lexer.h"
#include <functional>

using namespace clang::ast_matchers;

namespace clang::tidy::async {
namespace {

constexpr llvm::StringRef ViewTypesOpt = "ViewTypes";
constexpr llvm::StringRef DefaultViewTypes = "std::basic_string_view;std::span";

/// The expression \p E stands for once conversions, copies and
/// `std::move` are looked through.
const Expr *valueOf(const Expr *E) {
  E = stripImplicit(E);
  if (const auto *Call = dyn_cast_or_null<CallExpr>(E);
      Call && Call->getNumArgs() == 1 &&
      isStdNamed(Call->getDirectCallee(), "move"))
    E = stripImplicit(Call->getArg(0));
  return E;
}

/// Whether parameter \p Index of \p Callee is declared `T &&` for a
/// template parameter `T` of the function: a forwarding reference.
bool isForwardingReference(const FunctionDecl *Callee, unsigned Index) {
  const FunctionDecl *Pattern = Callee->getTemplateInstantiationPattern();
  if (!Pattern || Index >= Pattern->getNumParams())
    return false;
  const auto *Ref =
      Pattern->getParamDecl(Index)->getType()->getAs<RValueReferenceType>();
  return Ref && !Ref->getPointeeType().hasQualifiers() &&
         Ref->getPointeeType()->getAs<TemplateTypeParmType>();
}

/// The temporary an argument binds a reference parameter to, if it is one.
const MaterializeTemporaryExpr *boundTemporary(const Expr *Arg) {
  while (true) {
    Arg = Arg->IgnoreParens();
    if (const auto *Temporary = dyn_cast<MaterializeTemporaryExpr>(Arg))
      return Temporary->getExtendingDecl() ? nullptr : Temporary;
    const auto *Cast = dyn_cast<ImplicitCastExpr>(Arg);
    if (!Cast)
      return nullptr;
    Arg = Cast->getSubExpr();
  }
}

/// True when \p D lives as long as the program (a global, a static).
bool hasStaticStorage(const Expr *E) {
  const auto *Ref = dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts());
  const auto *Var = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
  return Var && Var->hasGlobalStorage();
}

bool isCopyable(QualType T) {
  T = T.getNonReferenceType().getUnqualifiedType();
  if (T->isScalarType())
    return true;
  const CXXRecordDecl *RD = T->getAsCXXRecordDecl();
  if (!RD || !RD->hasDefinition() || RD->isDependentContext())
    return false;
  if (RD->needsImplicitCopyConstructor())
    return !RD->defaultedCopyConstructorIsDeleted();
  for (const CXXConstructorDecl *Ctor : RD->ctors())
    if (Ctor->isCopyConstructor() && !Ctor->isDeleted() &&
        Ctor->getAccess() == AS_public)
      return true;
  return false;
}

/// Turns a `const T &` parameter into `const T`: the frame then keeps its
/// own copy. Only for a function declared once, here, outside templates
/// and macros, so that no other declaration disagrees.
Fix byValueFix(const ParmVarDecl *Param, const FunctionDecl *Callee,
               const ASTContext &Ctx) {
  const SourceManager &SM = Ctx.getSourceManager();
  QualType T = Param->getType();
  const auto *Method = dyn_cast<CXXMethodDecl>(Callee);
  if (!T->isLValueReferenceType() ||
      !T.getNonReferenceType().isConstQualified() || !isCopyable(T) ||
      Callee->getPreviousDecl() ||
      Callee->getTemplatedKind() != FunctionDecl::TK_NonTemplate ||
      Callee->isDependentContext() || (Method && Method->isVirtual()) ||
      !SM.isInMainFile(Param->getLocation()))
    return {};
  TypeSourceInfo *TSI = Param->getTypeSourceInfo();
  if (!TSI)
    return {};
  auto Ref = TSI->getTypeLoc().getAsAdjusted<LValueReferenceTypeLoc>();
  if (!Ref)
    return {};
  SourceLocation Sigil = Ref.getSigilLoc();
  if (Sigil.isInvalid() || Sigil.isMacroID())
    return {};
  return {FixItHint::CreateRemoval(CharSourceRange::getTokenRange(Sigil))};
}

/// The variables of automatic storage \p Body declares (not those of
/// nested lambdas, which are functions of their own).
void collectLocalVariables(const Stmt *Body,
                           llvm::SmallPtrSetImpl<const VarDecl *> &Locals) {
  forEachStmtInBody(Body, [&](const Stmt *S) {
    if (const auto *DS = dyn_cast<DeclStmt>(S))
      for (const Decl *D : DS->decls())
        if (const auto *Var = dyn_cast<VarDecl>(D);
            Var && Var->hasLocalStorage())
          Locals.insert(Var);
  });
}

/// The body of a loop statement and the variables that live for one
/// iteration of it, or for the loop (a `for` statement's own variables).
const Stmt *loopBody(const Stmt *Loop,
                     llvm::SmallPtrSetImpl<const VarDecl *> &Locals) {
  if (const auto *Range = dyn_cast<CXXForRangeStmt>(Loop))
    Locals.insert(Range->getLoopVariable());
  else if (const auto *For = dyn_cast<ForStmt>(Loop))
    if (const auto *Init = dyn_cast_or_null<DeclStmt>(For->getInit()))
      for (const Decl *D : Init->decls())
        if (const auto *Var = dyn_cast<VarDecl>(D))
          Locals.insert(Var);
  const Stmt *Body = loopBodyOf(Loop);
  collectLocalVariables(Body, Locals);
  return Body;
}

bool isLoop(const Stmt *S) { return loopBodyOf(S) != nullptr; }

/// The variable \p Capture takes by reference, whose storage the closure
/// then refers to (a reference captured by reference names what it is
/// bound to, which may live on).
const VarDecl *storageCapturedByReference(const LambdaCapture &Capture) {
  const auto *Var = Capture.capturesVariable()
                        ? dyn_cast<VarDecl>(Capture.getCapturedVar())
                        : nullptr;
  return Var && Capture.getCaptureKind() == LCK_ByRef &&
                 !Var->getType()->isReferenceType()
             ? Var
             : nullptr;
}

/// Whether \p Lambda's body may modify \p Var, or let something else
/// modify it (its address taken, a non-const reference bound to it, walked
/// by a range-for). Asked of the body alone: clang's ExprMutationAnalyzer
/// answers it too, but builds the parent map of the whole translation unit
/// (50 MB on an Asio unit, inside the compiler plugin).
bool mayModify(const LambdaExpr *Lambda, const VarDecl *Var) {
  const Decl *Key = Var->getCanonicalDecl();
  Access A = accessesOf(Lambda->getBody(), Lambda->getCallOperator());
  if (A.MutatesUnknown || A.Mutates.contains(Key))
    return true;
  auto Names = [&](const Expr *E) {
    const auto *Ref =
        E ? dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts()) : nullptr;
    return Ref && Ref->getDecl()->getCanonicalDecl() == Key;
  };
  bool Escapes = false;
  forEachStmtInBody(Lambda->getBody(), [&](const Stmt *S) {
    if (const auto *Op = dyn_cast<UnaryOperator>(S);
        Op && Op->getOpcode() == UO_AddrOf && Names(Op->getSubExpr()))
      Escapes = true;
    else if (const auto *For = dyn_cast<CXXForRangeStmt>(S);
             For && Names(For->getRangeInit()))
      Escapes = true;
    else if (const auto *Decl = dyn_cast<DeclStmt>(S))
      for (const auto *D : Decl->decls())
        if (const auto *Alias = dyn_cast<VarDecl>(D);
            Alias && Alias->getType()->isReferenceType() &&
            !Alias->getType().getNonReferenceType().isConstQualified() &&
            Names(Alias->getInit()))
          Escapes = true;
  });
  return Escapes;
}

/// Captures \p Var by copy instead of by reference: `&v` becomes `v`, a
/// `[&]` default gains `, v`. Only for a copyable variable the lambda does
/// not modify (a copy of a non-`mutable` lambda is const).
Fix captureByCopyFix(const LambdaExpr *Lambda, const LambdaCapture &Capture,
                     ASTContext &Ctx) {
  const auto *Var = dyn_cast<VarDecl>(Capture.getCapturedVar());
  if (!Var || Var->getType()->isReferenceType() || !isCopyable(Var->getType()))
    return {};
  if (mayModify(Lambda, Var))
    return {};
  const SourceManager &SM = Ctx.getSourceManager();
  if (Capture.isExplicit()) {
    SourceLocation Name = Capture.getLocation();
    if (Name.isMacroID())
      return {};
    std::optional<Token> Before = Lexer::findPreviousToken(
        Name, SM, Ctx.getLangOpts(), /*IncludeComments=*/false);
    if (!Before || !Before->is(tok::amp) || Before->getLocation().isMacroID())
      return {};
    return {FixItHint::CreateRemoval(
        CharSourceRange::getTokenRange(Before->getLocation()))};
  }
  SourceLocation Default = Lambda->getCaptureDefaultLoc();
  if (Default.isInvalid() || Default.isMacroID())
    return {};
  return {FixItHint::CreateInsertion(
      Lexer::getLocForEndOfToken(Default, 0, SM, Ctx.getLangOpts()),
      (", " + Var->getName()).str())};
}

/// The variable an expression names, through `.` member accesses (a
/// member of a local object lives as long as the object).
const VarDecl *namedObject(const Expr *E) {
  E = E->IgnoreParenImpCasts();
  while (const auto *Member = dyn_cast<MemberExpr>(E)) {
    if (Member->isArrow())
      return nullptr;
    E = Member->getBase()->IgnoreParenImpCasts();
  }
  const auto *Ref = dyn_cast<DeclRefExpr>(E);
  return Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
}

/// The object a view argument is made from when it is made directly from
/// one (`std::string_view(s)`, a `std::span` of a vector); not through a
/// call that returns something else.
const Expr *viewedObject(const Expr *Arg) {
  while (true) {
    Arg = stripImplicit(Arg);
    if (const auto *Construct = dyn_cast<CXXConstructExpr>(Arg);
        Construct && Construct->getNumArgs() == 1) {
      Arg = Construct->getArg(0);
      continue;
    }
    if (const auto *Convert = dyn_cast<CXXMemberCallExpr>(Arg);
        Convert &&
        isa_and_nonnull<CXXConversionDecl>(Convert->getMethodDecl())) {
      Arg = Convert->getImplicitObjectArgument();
      continue;
    }
    return Arg;
  }
}

/// Where a variable's lifetime ends, for a message.
std::string whenDestroyed(const VarDecl *Var, llvm::StringRef ScopeEnds) {
  return "'" + Var->getName().str() + "', which is destroyed " +
         ScopeEnds.str();
}

bool isCoroutineHandle(QualType T) {
  const CXXRecordDecl *RD = T.getNonReferenceType()->getAsCXXRecordDecl();
  return RD && RD->getIdentifier() && RD->getName() == "coroutine_handle";
}

/// Whether a callee keeps what it is given past the call: standard
/// algorithms call a callable in place; a thread runs it later.
bool mayRunLater(const FunctionDecl *Callee) {
  if (!Callee || !Callee->isInStdNamespace())
    return true;
  const auto *Ctor = dyn_cast<CXXConstructorDecl>(Callee);
  return Ctor && Ctor->getParent()->getIdentifier() &&
         llvm::is_contained({"thread", "jthread"},
                            Ctor->getParent()->getName());
}

/// Whether objects of \p RD are owned through `shared_ptr` by design: the
/// class derives from `enable_shared_from_this`.
bool sharesOwnership(const CXXRecordDecl *RD) {
  if (!RD || !RD->hasDefinition())
    return false;
  for (const CXXBaseSpecifier &Base : RD->bases()) {
    const CXXRecordDecl *B = Base.getType()->getAsCXXRecordDecl();
    if (!B)
      continue;
    if ((B->getIdentifier() && B->getName() == "enable_shared_from_this") ||
        sharesOwnership(B))
      return true;
  }
  return false;
}

/// Whether \p S takes a share of the object's ownership: calls
/// `shared_from_this()` (or `weak_from_this()`), also in what a lambda
/// captures.
bool takesOwnership(const Stmt *S) {
  bool Found = false;
  forEachEvaluatedStmt(S, /*IntoLambdas=*/true, [&](const Stmt *Node) {
    const auto *Call = dyn_cast<CXXMemberCallExpr>(Node);
    const CXXMethodDecl *M = Call ? Call->getMethodDecl() : nullptr;
    Found = Found || (M && M->getIdentifier() &&
                      llvm::is_contained({"shared_from_this", "weak_from_this",
                                          "get_strong", "get_weak"},
                                         M->getName()));
  });
  return Found;
}

/// Where a coroutine body first suspends: the first `co_await`/`co_yield`
/// and the statement of a block that holds it. An object named in that
/// statement outside the operand (`v.push_back(co_await f())`) is used after
/// the resumption; the operand is evaluated before the suspension.
struct FirstSuspension {
  SourceRange Await;
  SourceLocation Statement;
};

std::optional<FirstSuspension> firstSuspension(const Stmt *Body,
                                               const SourceManager &SM) {
  const Stmt *First = nullptr;
  forEachStmtInBody(Body, [&](const Stmt *S) {
    if ((isAwaitExpr(S) || isa<CoyieldExpr>(S)) &&
        (!First ||
         SM.isBeforeInTranslationUnit(S->getBeginLoc(), First->getBeginLoc())))
      First = S;
  });
  if (!First)
    return std::nullopt;
  SourceLocation At = First->getBeginLoc();
  // The innermost statement of a block that holds the suspension.
  SourceLocation Statement;
  forEachStmtInBody(Body, [&](const Stmt *S) {
    const auto *Block = dyn_cast<CompoundStmt>(S);
    if (!Block)
      return;
    for (const Stmt *Child : Block->body()) {
      SourceRange R = Child->getSourceRange();
      if (!SM.isBeforeInTranslationUnit(At, R.getBegin()) &&
          !SM.isBeforeInTranslationUnit(R.getEnd(), At) &&
          (Statement.isInvalid() ||
           SM.isBeforeInTranslationUnit(Statement, R.getBegin())))
        Statement = R.getBegin();
    }
  });
  return FirstSuspension{First->getSourceRange(),
                         Statement.isValid() ? Statement : At};
}

/// Whether \p Body (of a coroutine) uses \p Captured — a variable, or
/// `this` when null — where it may run after the coroutine first suspends:
/// in the statement that first suspends (outside the awaited operand) or
/// after it, or in a loop that suspends. An eager coroutine runs in its
/// caller's statement only up to that point.
bool usedAfterSuspension(const Stmt *Body, const ValueDecl *Captured,
                         const SourceManager &SM) {
  std::optional<FirstSuspension> First = firstSuspension(Body, SM);
  if (!First)
    return false;
  auto After = [&](SourceLocation Use) {
    bool InOperand =
        !SM.isBeforeInTranslationUnit(Use, First->Await.getBegin()) &&
        !SM.isBeforeInTranslationUnit(First->Await.getEnd(), Use);
    return !InOperand && !SM.isBeforeInTranslationUnit(Use, First->Statement);
  };
  bool Found = false;
  std::function<void(const Stmt *, bool)> Visit = [&](const Stmt *S,
                                                      bool SuspendingLoop) {
    if (!S || Found || isa<LambdaExpr>(S))
      return;
    if (isLoop(S))
      SuspendingLoop = SuspendingLoop || containsAwait(S);
    const auto *Ref = dyn_cast<DeclRefExpr>(S);
    if ((Captured && Ref && Ref->getDecl() == Captured) ||
        (!Captured && isa<CXXThisExpr>(S)))
      Found = SuspendingLoop || After(S->getBeginLoc());
    for (const Stmt *Child : S->children())
      Visit(Child, SuspendingLoop);
  };
  Visit(Body, false);
  return Found;
}

/// The local lambda a call calls through its name (`body()` after
/// `auto body = [&]() -> Task<> {...};`), if any.
const VarDecl *calledNamedClosure(const CallExpr *Call) {
  const auto *Ref = dyn_cast_or_null<DeclRefExpr>(calledObject(Call));
  const auto *Var = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
  return Var && Var->getInit() && isa<LambdaExpr>(stripImplicit(Var->getInit()))
             ? Var
             : nullptr;
}

} // namespace

DanglingReferenceCheck::DanglingReferenceCheck(llvm::StringRef Name,
                                               ClangTidyContext *Context)
    : AsyncCheck(Name, Context),
      ViewTypesOption(Options.get(ViewTypesOpt, DefaultViewTypes)),
      ViewTypes(ViewTypesOption), Names(Options) {}

void DanglingReferenceCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, ViewTypesOpt, ViewTypesOption);
  Names.store(Options, Opts);
}

void DanglingReferenceCheck::registerMatchers(MatchFinder *Finder) {
  Finder->addMatcher(userFunctionDefinition(), this);
}

void DanglingReferenceCheck::check(const MatchFinder::MatchResult &Result) {
  const auto *FD = Result.Nodes.getNodeAs<FunctionDecl>("function");
  if (Model.bind(*Result.Context))
    FixedParameters.clear(), Reported.clear(), SharedVarsOf = nullptr;
  if (!enterFunction(FD, *Result.Context))
    return;
  ASTContext &Ctx = *Result.Context;
  Awaited.clear();
  llvm::SmallVector<Escape, 4> Escapes;
  llvm::SmallVector<const Stmt *, 4> Loops;
  bool Returns = false;
  // Top-down: an await is seen before what it awaits, so every call in its
  // operand is known to be awaited by the time the call's use is looked at.
  const NameList &Bridges = Names.of(Role::BlockingBridges);
  forEachStmtInBody(userBody(FD), [&](const Stmt *S) {
    const auto *Call = dyn_cast<CallExpr>(S);
    // A bridge blocks until what it is given finishes: awaited, too.
    if (isAwaitExpr(S) || (Call && Bridges.containsCall(Call)))
      forEachStmtInBody(S, [&](const Stmt *Inner) {
        if (const auto *E = dyn_cast<Expr>(Inner))
          Awaited.insert(E);
      });
    if (Call)
      checkHandedClosures(Call, Ctx);
    if (isLoop(S))
      Loops.push_back(S);
    Escapes.clear();
    collectEscapes(S, Escapes);
    for (const Escape &E : Escapes) {
      Returns = Returns || E.Returned;
      checkEscape(E, Ctx);
    }
  });
  // After the walk, when every awaited call is known.
  for (const Stmt *Loop : Loops) {
    llvm::SmallPtrSet<const VarDecl *, 8> Locals;
    const Stmt *Body = loopBody(Loop, Locals);
    Scope Iteration{Locals, "at the end of this loop iteration"};
    checkSpawnedCaptures(Body, Iteration, Ctx);
    checkOutlivingTasks(Body, Iteration, Ctx);
  }
  // A callback that resumes the coroutine is the more precise finding for
  // an awaiter's captures: reported first.
  const auto *Method = dyn_cast<CXXMethodDecl>(FD);
  if (Method && Method->getIdentifier() &&
      Method->getName() == "await_suspend")
    checkResumingCallbacks(FD, Ctx);
  // A plain function that spawns a callable and returns: the callable runs
  // later, after the function's locals are gone, unless the function waits
  // for it (runs the loop, joins, blocks on its result) before returning.
  if (!isCoroutine(FD)) {
    llvm::SmallPtrSet<const VarDecl *, 8> Locals;
    collectLocalVariables(FD->getBody(), Locals);
    for (const ParmVarDecl *Param : FD->parameters())
      Locals.insert(Param);
    Scope Function{Locals, "when '" + FD->getNameAsString() + "' returns"};
    checkSpawnedCaptures(FD->getBody(), Function, Ctx,
                         /*WaitsAfterwards=*/true);
    checkOutlivingTasks(FD->getBody(), Function, Ctx,
                        /*WaitsAfterwards=*/true);
  }
  if (Returns && !isCoroutine(FD))
    checkReturnedTasks(FD, Ctx);
  if (Method) {
    if (Method->isInstance() && sharesOwnership(Method->getParent()))
      checkUnownedSelf(FD);
    if (Method->isInstance() && !Method->getParent()->isLambda() &&
        isCoroutine(FD) &&
        Model.classify(FD->getReturnType()) == AsyncKind::DetachedTask)
      checkDetachedSelf(Method, Ctx);
  }
}

void DanglingReferenceCheck::checkOutlivingTasks(const Stmt *Body,
                                                 const Scope &Outlived,
                                                 ASTContext &Ctx,
                                                 bool WaitsAfterwards) {
  llvm::SmallVector<Escape, 4> Escapes;
  forEachStmtInBody(Body, [&](const Stmt *S) {
    Escapes.clear();
    collectEscapes(S, Escapes);
    for (const Escape &E : Escapes) {
      // Kept in a variable of the scope, the task dies with it; a returned
      // task is the function's question; one the scope waits for after
      // starting it (runs the loop, joins) is done before its locals go.
      if (E.Returned || (E.Into && Outlived.Locals.contains(E.Into)) ||
          Model.classify(E.Task->getType()) == AsyncKind::None)
        continue;
      if (!WaitsAfterwards ||
          !waitsAfter(Body, S->getEndLoc(), Ctx.getSourceManager()))
        checkEscape(E, Ctx, &Outlived);
    }
  });
}

void DanglingReferenceCheck::checkReturnedTasks(const FunctionDecl *FD,
                                                ASTContext &Ctx) {
  // A plain function that returns a lazy task returns before the task
  // runs: its parameters and locals are gone by then.
  llvm::SmallPtrSet<const VarDecl *, 8> Locals;
  for (const ParmVarDecl *Param : FD->parameters())
    Locals.insert(Param);
  collectLocalVariables(FD->getBody(), Locals);
  const auto *Method = dyn_cast<CXXMethodDecl>(FD);
  Scope Function{Locals, Method && Method->getParent()->isLambda()
                             ? std::string("when the lambda returns")
                             : "when '" + FD->getNameAsString() + "' returns"};
  // The returned task goes with the return, and so does a task handed to
  // a wrapper that returns one too (`return spawn_task(ex, body())`); not
  // one a bridge runs to completion inside the statement.
  std::function<void(const Expr *)> Returned = [&](const Expr *E) {
    const auto *Call = dyn_cast_or_null<CallExpr>(valueOf(E));
    if (!Call || !Model.isAsyncWork(Call->getType()))
      return;
    checkEscape({Call, "is returned", nullptr, true}, Ctx, &Function);
    for (const Expr *Arg : Call->arguments())
      Returned(Arg);
  };
  forEachStmtInBody(FD->getBody(), [&](const Stmt *S) {
    if (const auto *Return = dyn_cast<ReturnStmt>(S))
      Returned(Return->getRetValue());
  });
}

void DanglingReferenceCheck::checkResumingCallbacks(const FunctionDecl *FD,
                                                    ASTContext &Ctx) {
  // A callable that resumes the coroutine is a completion callback: it runs
  // after await_suspend has returned and its parameters and locals are gone.
  auto CheckArgument = [&](const FunctionDecl *Callee, const Expr *Arg) {
    const LambdaExpr *Lambda = passedLambda(Arg);
    if (!Lambda || !mayRunLater(Callee))
      return;
    bool Resumes = false;
    forEachEvaluatedStmt(
        Lambda->getBody(), /*IntoLambdas=*/true, [&](const Stmt *S) {
          const auto *E = dyn_cast<Expr>(S);
          Resumes = Resumes || (E && isa<DeclRefExpr>(E) &&
                                isCoroutineHandle(E->getType()));
        });
    if (!Resumes)
      return;
    for (const LambdaCapture &Capture : Lambda->captures()) {
      const VarDecl *Var = storageCapturedByReference(Capture);
      if (!Var || !Var->hasLocalStorage() || Var->getDeclContext() != FD ||
          !Reported.insert(Capture.getLocation()).second)
        continue;
      diag(Capture.getLocation(),
           "'%0' is captured by reference by a callback that resumes the "
           "coroutine, but it is destroyed when 'await_suspend' returns, "
           "before the callback runs: the callback reads a dangling "
           "reference")
          << Var->getName()
          << (inInstantiation() ? Fix()
                                : captureByCopyFix(Lambda, Capture, Ctx));
      noteCaptureByValue(Var);
    }
  };
  forEachStmtInBody(FD->getBody(), [&](const Stmt *S) {
    if (const auto *Call = dyn_cast<CallExpr>(S))
      for (const Expr *Arg : Call->arguments())
        CheckArgument(Call->getDirectCallee(), Arg);
    if (const auto *Construct = dyn_cast<CXXConstructExpr>(S))
      for (const Expr *Arg : Construct->arguments())
        CheckArgument(Construct->getConstructor(), Arg);
  });
}

void DanglingReferenceCheck::checkUnownedSelf(const FunctionDecl *FD) {
  // An object owned through shared_ptr lives as long as someone holds a
  // share. A member coroutine spawned to run on its own uses `this` until
  // it finishes, so it must hold a share itself.
  auto SelfCoroutine = [&](const Expr *Arg) -> const FunctionDecl * {
    Arg = stripImplicit(Arg);
    if (const auto *Member = dyn_cast<CXXMemberCallExpr>(Arg);
        Member &&
        isa<CXXThisExpr>(
            Member->getImplicitObjectArgument()->IgnoreParenImpCasts()))
      return Member->getMethodDecl();
    if (const auto *Lambda = dyn_cast<LambdaExpr>(Arg);
        Lambda && llvm::any_of(Lambda->captures(), [](const LambdaCapture &C) {
          return C.capturesThis();
        }))
      return Lambda->getCallOperator();
    return nullptr;
  };
  forEachStmtInBody(FD->getBody(), [&](const Stmt *S) {
    const auto *Call = dyn_cast<CallExpr>(S);
    if (!Call || !isSpawn(Call) || Awaited.contains(Call) ||
        takesOwnership(Call))
      return;
    // A scope the object owns is joined before the object goes away.
    if (const auto *Member = dyn_cast<CXXMemberCallExpr>(Call);
        Member &&
        isa<MemberExpr>(
            Member->getImplicitObjectArgument()->IgnoreParenImpCasts()))
      return;
    for (const Expr *Arg : Call->arguments()) {
      const FunctionDecl *Coroutine = SelfCoroutine(Arg);
      const FunctionDecl *Definition =
          Coroutine ? Coroutine->getDefinition() : nullptr;
      // A coroutine that takes its own share first is the author's way.
      if (!Definition || !isCoroutine(Definition) ||
          takesOwnership(Definition->getBody()))
        continue;
      diag(Arg->getBeginLoc(),
           "'%0' spawns a coroutine that uses 'this' of '%1', an object "
           "owned through shared_ptr, without holding a share of it: when "
           "the last owner lets go, the coroutine runs on a destroyed object")
          << calleeName(Call)
          << cast<CXXMethodDecl>(FD)->getParent()->getName();
      diag(Arg->getBeginLoc(),
           "keep the object alive for as long as the coroutine runs: hand "
           "it 'shared_from_this()' (for example '[self = "
           "shared_from_this()]' in the spawned lambda)",
           DiagnosticIDs::Note);
    }
  });
}

/// Whether another member of \p Method's class waits for what \p Method
/// changes: loops until a field it modifies changes (`while (live_ > 0)
/// co_await ...;` after `--live_`), or waits on one (`done_.wait()`). The
/// object then tracks its own fire-and-forget coroutines, as a nursery
/// does, and whoever owns it joins them through it.
static bool waitedForByItsObject(const CXXMethodDecl *Method) {
  Access Changes = accessesOf(userBody(Method), Method);
  auto Tracked = [&](const Expr *E) {
    return E && llvm::any_of(Changes.Mutates, [&](const Decl *D) {
             const auto *Field = dyn_cast<FieldDecl>(D);
             return Field && mentions(E, Field);
           });
  };
  for (const CXXMethodDecl *Other : Method->getParent()->methods()) {
    const FunctionDecl *Def = Other->getDefinition();
    if (Other == Method || !Def || !Def->getBody())
      continue;
    bool Waits = false;
    forEachStmtInBody(Def->getBody(), [&](const Stmt *S) {
      if (isa<WhileStmt, DoStmt>(S))
        Waits = Waits || Tracked(loopConditionOf(S));
      else if (const auto *Call = dyn_cast<CXXMemberCallExpr>(S)) {
        const CXXMethodDecl *M = Call->getMethodDecl();
        Waits =
            Waits || (M && M->getIdentifier() &&
                      llvm::is_contained({"wait", "join", "arrive_and_wait"},
                                         M->getName()) &&
                      Tracked(Call->getImplicitObjectArgument()));
      }
    });
    if (Waits)
      return true;
  }
  return false;
}

void DanglingReferenceCheck::checkDetachedSelf(const CXXMethodDecl *Method,
                                               ASTContext &Ctx) {
  // Nothing can wait for a fire-and-forget coroutine, so nothing ties the
  // object's lifetime to it: once it has suspended, its object may be
  // destroyed (a window closed, a session ended) before it resumes.
  const Stmt *Body = userBody(Method);
  if (takesOwnership(Body) || waitedForByItsObject(Method) ||
      !usedAfterSuspension(Body, nullptr, Ctx.getSourceManager()))
    return;
  diag(Method->getLocation(),
       "fire-and-forget coroutine '%0' uses 'this' after it first suspends, "
       "but nothing keeps the '%1' object alive until it finishes: if the "
       "object is destroyed meanwhile, the coroutine resumes on a destroyed "
       "object")
      << Method->getName() << Method->getParent()->getName();
  diag(
      Method->getLocation(),
      "take a share of the object before the first suspension "
      "('weak_from_this()' or 'shared_from_this()', 'get_weak()' in C++/WinRT) "
      "and use it after resuming",
      DiagnosticIDs::Note);
}

/// Whether \p For calls `get()` or `wait()` on each element it walks.
bool DanglingReferenceCheck::waitsForEach(const CXXForRangeStmt *For) {
  const VarDecl *Element = For->getLoopVariable();
  bool Waits = false;
  forEachStmtInBody(For->getBody(), [&](const Stmt *S) {
    const auto *Call = dyn_cast<CXXMemberCallExpr>(S);
    const CXXMethodDecl *Method = Call ? Call->getMethodDecl() : nullptr;
    if (Method && Method->getIdentifier() &&
        llvm::is_contained({"get", "wait"}, Method->getName()) &&
        variableOf(Call->getImplicitObjectArgument()) == Element)
      Waits = true;
  });
  return Waits;
}

/// Whether \p Body, after \p From, waits for what was spawned or runs it
/// itself: it runs an event loop, joins, waits on a result or a bridge, or
/// loops until a variable its asynchronous work shares changes (`while
/// (latch.load()) ;`).
bool DanglingReferenceCheck::waitsAfter(const Stmt *Body, SourceLocation From,
                                        const SourceManager &SM) const {
  // The variables the function's asynchronous work shares by reference:
  // what its lambdas (spawned callables, completion callbacks, closures
  // tasks are called through) capture by reference. Spinning until one
  // changes waits for that work (a test's latch its tasks count down).
  if (SharedVarsOf != Body) {
    SharedVarsOf = Body;
    SharedVars.clear();
    auto AddCaptures = [&](const LambdaExpr *Lambda) {
      for (const LambdaCapture &C : Lambda->captures())
        if (const VarDecl *Var = storageCapturedByReference(C))
          SharedVars.insert(Var);
    };
    forEachStmtInBody(Body, [&](const Stmt *S) {
      const auto *Call = dyn_cast<CallExpr>(S);
      if (!Call)
        return;
      if (const VarDecl *Closure = calledNamedClosure(Call))
        AddCaptures(cast<LambdaExpr>(stripImplicit(Closure->getInit())));
      for (const Expr *Arg : Call->arguments())
        if (const LambdaExpr *Lambda = passedLambda(Arg))
          AddCaptures(Lambda);
    });
  }
  auto Shared = [&](const Expr *Cond) {
    return Cond && llvm::any_of(SharedVars, [&](const VarDecl *Var) {
             return mentions(Cond, Var);
           });
  };
  bool Waits = false;
  forEachStmtInBody(Body, [&](const Stmt *S) {
    if (Waits || !SM.isBeforeInTranslationUnit(From, S->getBeginLoc()))
      return;
    if (isa<WhileStmt, DoStmt>(S) && Shared(loopConditionOf(S)))
      Waits = true;
    const auto *Call = dyn_cast<CallExpr>(S);
    const NamedDecl *Callee = Call ? namedCallee(Call) : nullptr;
    if (Waits || !Callee || !Callee->getIdentifier())
      return;
    Waits = Names.of(Role::BlockingBridges).containsCall(Call) ||
            llvm::is_contained({"run", "run_one", "run_for", "run_until",
                                "poll", "poll_one", "join", "wait", "wait_for",
                                "wait_until", "get", "arrive_and_wait",
                                "sync_wait"},
                               Callee->getName());
  });
  return Waits;
}

/// The construction of the `std::thread` that \p Call detaches, when it is
/// written in the call (`std::thread(f).detach()`) or initialises the local
/// it detaches (`std::thread t(f); ... t.detach();`).
static const CXXConstructExpr *detachedThread(const CallExpr *Call) {
  const auto *Detach = dyn_cast<CXXMemberCallExpr>(Call);
  const CXXMethodDecl *Method = Detach ? Detach->getMethodDecl() : nullptr;
  if (!Method || !Method->getIdentifier() || Method->getName() != "detach" ||
      !isThreadType(Detach->getImplicitObjectArgument()->getType()))
    return nullptr;
  const Expr *Object = Detach->getImplicitObjectArgument();
  if (const VarDecl *Local = variableOf(Object);
      Local && Local->hasLocalStorage() && Local->getInit())
    Object = Local->getInit();
  return constructionIn(Object);
}

void DanglingReferenceCheck::checkSpawnedCaptures(const Stmt *Body,
                                                  const Scope &Outlived,
                                                  ASTContext &Ctx,
                                                  bool WaitsAfterwards) {
  const llvm::SmallPtrSetImpl<const VarDecl *> &Locals = Outlived.Locals;
  // Where each std::async future of the body is kept: its destructor waits
  // for the task, so a future kept in a local of the iteration declared
  // after a captured variable joins the task before that variable dies.
  llvm::DenseMap<const Expr *, const VarDecl *> KeptIn;
  forEachStmtInBody(Body, [&](const Stmt *S) {
    if (const auto *Insert = dyn_cast<CXXMemberCallExpr>(S);
        Insert && isContainerInsertion(Insert) && Insert->getNumArgs() > 0)
      if (const VarDecl *Container =
              variableOf(Insert->getImplicitObjectArgument()))
        KeptIn[stripImplicit(Insert->getArg(0))] = Container;
    if (const auto *Decl = dyn_cast<DeclStmt>(S))
      for (const auto *D : Decl->decls())
        if (const auto *Var = dyn_cast<VarDecl>(D); Var && Var->getInit())
          KeptIn[stripImplicit(Var->getInit())] = Var;
  });
  const SourceManager &SM = Ctx.getSourceManager();
  // Containers of futures the body waits for one by one
  // (`for (auto &f : futures) f.get();`), and where.
  llvm::DenseMap<const VarDecl *, SourceLocation> Drained;
  forEachStmtInBody(Body, [&](const Stmt *S) {
    if (const auto *For = dyn_cast<CXXForRangeStmt>(S))
      if (const VarDecl *Container = variableOf(For->getRangeInit());
          Container && waitsForEach(For))
        Drained.try_emplace(Container, For->getBeginLoc());
  });
  auto JoinedBefore = [&](const CallExpr *Spawn, const VarDecl *Captured) {
    const VarDecl *Future = KeptIn.lookup(Spawn);
    if (!isStdNamed(Spawn->getDirectCallee(), "async") || !Future ||
        !Locals.contains(Future))
      return false;
    if (SourceLocation Wait = Drained.lookup(Future);
        Wait.isValid() &&
        SM.isBeforeInTranslationUnit(Spawn->getBeginLoc(), Wait))
      return true;
    return SM.isBeforeInTranslationUnit(Captured->getLocation(),
                                        Future->getLocation());
  };
  forEachStmtInBody(Body, [&](const Stmt *S) {
    const auto *Call = dyn_cast<CallExpr>(S);
    if (!Call || Awaited.contains(Call))
      return;
    // What runs the callables later: a spawn, or a thread detached from
    // this function (`std::thread(f).detach()`).
    llvm::SmallVector<const Expr *, 4> Args;
    std::string Runner;
    if (isSpawn(Call)) {
      Args.assign(Call->arg_begin(), Call->arg_end());
      Runner = calleeName(Call);
    } else if (const CXXConstructExpr *Thread = detachedThread(Call)) {
      Args.assign(Thread->arg_begin(), Thread->arg_end());
      Runner = Thread->getType().getUnqualifiedType().getAsString(
          Ctx.getPrintingPolicy());
    } else {
      return;
    }
    for (const Expr *Arg : Args) {
      const auto *Lambda = dyn_cast<LambdaExpr>(stripImplicit(Arg));
      if (!Lambda ||
          (WaitsAfterwards && waitsAfter(Body, Call->getEndLoc(), SM)))
        continue;
      for (const LambdaCapture &Capture : Lambda->captures()) {
        const VarDecl *Var = storageCapturedByReference(Capture);
        if (!Var || !Locals.contains(Var) || JoinedBefore(Call, Var) ||
            !Reported.insert(Capture.getLocation()).second)
          continue;
        // An implicit capture is where the body uses the variable; the
        // mistake is the `[&]` of the callable handed to the spawn.
        SourceLocation Where = Capture.isImplicit()
                                   ? Lambda->getCaptureDefaultLoc()
                                   : Capture.getLocation();
        diag(Where,
             "'%0' is captured by reference by a callable that '%1' runs "
             "later, but it is destroyed %2: the spawned work reads a "
             "dangling reference")
            << Var->getName() << Runner << Outlived.Ends
            << (inInstantiation() ? Fix()
                                  : captureByCopyFix(Lambda, Capture, Ctx));
        noteCaptureByValue(Var);
      }
    }
  });
}

void DanglingReferenceCheck::noteCaptureByValue(const VarDecl *Var) {
  diag(Var->getLocation(), "'%0' declared here; capture it by value",
       DiagnosticIDs::Note)
      << Var->getName();
}

bool DanglingReferenceCheck::isStart(const CXXMemberCallExpr *Call) const {
  const CXXMethodDecl *M = Call->getMethodDecl();
  if (!M || !M->getIdentifier())
    return false;
  return Names.of(Role::Spawns).contains(M) ||
         llvm::is_contained({"start", "detach", "startInlineUnsafe"},
                            M->getName());
}

bool DanglingReferenceCheck::isSpawn(const CallExpr *Call) {
  return Names.isSpawn(Call, Model);
}

void DanglingReferenceCheck::collectEscapes(
    const Stmt *S, llvm::SmallVectorImpl<Escape> &Out) {
  auto Add = [&](const Expr *E, std::string How,
                 const VarDecl *Into = nullptr) {
    if (E && !Awaited.contains(E))
      Out.push_back({valueOf(E), std::move(How), Into});
  };
  auto Stored = [](const VarDecl *Var) {
    return "is stored in '" + Var->getName().str() + "'";
  };
  if (const auto *DS = dyn_cast<DeclStmt>(S)) {
    for (const Decl *D : DS->decls())
      if (const auto *Var = dyn_cast<VarDecl>(D);
          Var && Var->getInit() && !Var->getType()->isReferenceType())
        Add(Var->getInit(), Stored(Var), Var);
    return;
  }
  if (isa<ReturnStmt, CoreturnStmt>(S)) {
    const Expr *Value = isa<ReturnStmt>(S)
                            ? cast<ReturnStmt>(S)->getRetValue()
                            : cast<CoreturnStmt>(S)->getOperand();
    if (Value && !Awaited.contains(Value))
      Out.push_back({valueOf(Value), "is returned", nullptr, true});
    return;
  }
  // `t = f(x);`: kept in a variable declared earlier, or in a member.
  if (isa<BinaryOperator, CXXOperatorCallExpr>(S))
    if (auto [Target, Value] = assignmentOf(cast<Expr>(S)); Target) {
      const VarDecl *Into = variableOf(Target);
      return Add(Value, Into ? Stored(Into) : std::string("is stored"), Into);
    }
  // A fire-and-forget coroutine runs past the statement that starts it
  // once it first suspends, whatever happens to its return object.
  if (const auto *Call = dyn_cast<CallExpr>(S);
      Call && !Awaited.contains(Call) &&
      Model.classify(Call->getType()) == AsyncKind::DetachedTask)
    Out.push_back({Call, "runs on after its first suspension"});
  if (const auto *Member = dyn_cast<CXXMemberCallExpr>(S)) {
    if (isSpawn(Member)) {
      for (const Expr *Arg : Member->arguments())
        Add(Arg, "is spawned");
    } else if (isContainerInsertion(Member)) {
      const VarDecl *Container =
          variableOf(Member->getImplicitObjectArgument());
      for (const Expr *Arg : Member->arguments())
        Add(Arg, "is put in a container", Container);
      return;
    }
    if (isStart(Member) && !Awaited.contains(Member)) {
      // `task.start()`, `task.scheduleOn(ex).start()`: the task, or the
      // task an adaptor wraps, starts and outlives the statement. An
      // adaptor is a member call on a task (`via(&ex)` gives back a
      // RescheduleLazy, which need not be a task type itself).
      const Expr *Object = valueOf(Member->getImplicitObjectArgument());
      if (const auto *Adaptor = dyn_cast<CXXMemberCallExpr>(Object);
          Adaptor &&
          Model.classify(
              valueOf(Adaptor->getImplicitObjectArgument())->getType()) !=
              AsyncKind::None)
        Object = valueOf(Adaptor->getImplicitObjectArgument());
      Out.push_back({Object, "is started and runs past this statement"});
    }
    return;
  }
  if (const auto *Call = dyn_cast<CallExpr>(S); Call && isSpawn(Call))
    for (const Expr *Arg : Call->arguments())
      Add(Arg, "is spawned");
}

void DanglingReferenceCheck::checkEscape(const Escape &E, ASTContext &Ctx,
                                         const Scope *Outlived) {
  const auto *Call = dyn_cast_or_null<CallExpr>(E.Task);
  // An executor switch binds the task to an executor and hands it on
  // (`scope.add(co_withExecutor(ex, f(tmp)))`): the task escapes with it.
  // (Whether the executor runs it before a named closure goes is not
  // known: a test's manual executor is drained in the same function.)
  bool Bound = false;
  for (int Depth = 0;
       Call && Depth < 4 && Names.of(Role::ExecutorSwitches).containsCall(Call);
       ++Depth, Bound = true)
    Call = dyn_cast_or_null<CallExpr>(
        Model.taskArgumentOf(Call) ? valueOf(Model.taskArgumentOf(Call))
                                   : nullptr);
  if (!Call)
    return;
  bool Eager = isEager(Call->getType());
  if (!Eager && Model.classify(Call->getType()) != AsyncKind::LazyTask)
    return;
  // A lazy task kept in a local that nothing names again never runs: it
  // reads nothing. (An eager one's unnamed handle is async-floating-future's
  // finding.)
  if (E.Into && E.Into->isLocalVarDecl() && !E.Into->isReferenced())
    return;
  if (calledClosure(Call)) {
    if (!Outlived)
      checkTemporaryClosure(Call, E, Eager, Ctx);
    return;
  }
  if (const VarDecl *Closure = calledNamedClosure(Call)) {
    if (!Bound && Outlived && Outlived->Locals.contains(Closure))
      checkLocalClosure(Call, Closure, *Outlived, E, Eager, Ctx);
    return;
  }
  if (const FunctionDecl *Callee = Call->getDirectCallee())
    checkArguments(Call, Callee, E, Ctx, Outlived, Eager);
  if (const auto *Member = dyn_cast<CXXMemberCallExpr>(Call))
    checkObjectArgument(Member, E, Ctx, Outlived, Eager);
}

bool DanglingReferenceCheck::isEager(QualType T) {
  AsyncKind Kind = Model.classify(T);
  return Kind == AsyncKind::EagerTask || Kind == AsyncKind::DetachedTask;
}

/// Whether the closure of a coroutine lambda is read when the task runs:
/// it captures something, and an eager one reads a capture after it first
/// suspends (before that, it runs inside the creating statement).
static bool readsClosureLater(const LambdaExpr *Lambda, bool Eager,
                              const SourceManager &SM) {
  if (Lambda->capture_size() == 0 || !isCoroutine(Lambda->getCallOperator()))
    return false;
  if (!Eager)
    return true;
  const Stmt *Body = userBody(Lambda->getCallOperator());
  return llvm::any_of(Lambda->captures(), [&](const LambdaCapture &C) {
    if (C.capturesThis())
      return usedAfterSuspension(Body, nullptr, SM);
    return C.capturesVariable() &&
           usedAfterSuspension(Body, C.getCapturedVar(), SM);
  });
}

void DanglingReferenceCheck::checkLocalClosure(const CallExpr *Call,
                                               const VarDecl *Closure,
                                               const Scope &Outlived,
                                               const Escape &E, bool Eager,
                                               ASTContext &Ctx) {
  const auto *Lambda = cast<LambdaExpr>(stripImplicit(Closure->getInit()));
  if (!readsClosureLater(Lambda, Eager, Ctx.getSourceManager()) ||
      !Reported.insert(beginOf(Call)).second)
    return;
  diag(beginOf(Call),
       "this coroutine lambda reads its captures through its closure %0, "
       "but the task %1: every capture it reads after that is dangling")
      << whenDestroyed(Closure, Outlived.Ends) << E.How;
  diag(Closure->getLocation(),
       "closure declared here; pass what it captures as parameters of the "
       "coroutine, or await the task before the closure goes away",
       DiagnosticIDs::Note);
}

bool DanglingReferenceCheck::holdsTemporary(const Expr *Arg,
                                            const ParmVarDecl *Param) const {
  QualType T = Param->getType();
  if (T->isReferenceType())
    return boundTemporary(Arg) != nullptr;
  // A view parameter refers to whatever it was made from.
  if (!ViewTypes.containsType(T))
    return false;
  bool FromTemporary = false;
  forEachStmtInBody(Arg, [&](const Stmt *S) {
    if (const auto *Temporary = dyn_cast<MaterializeTemporaryExpr>(S))
      FromTemporary =
          FromTemporary || (!Temporary->getExtendingDecl() &&
                            !ViewTypes.containsType(Temporary->getType()) &&
                            Temporary->getType()->isRecordType() &&
                            !hasStaticStorage(Temporary->getSubExpr()));
  });
  return FromTemporary;
}

const VarDecl *
DanglingReferenceCheck::referredLocal(const Expr *Arg, const ParmVarDecl *Param,
                                      const Scope &Outlived) const {
  QualType T = Param->getType();
  const VarDecl *Var = nullptr;
  if (T->isReferenceType() && !boundTemporary(Arg))
    Var = namedObject(Arg);
  else if (ViewTypes.containsType(T))
    Var = namedObject(viewedObject(Arg));
  // A reference local names what it is bound to; a view local is itself
  // the reference, copied into the frame.
  if (!Var || !Outlived.Locals.contains(Var) ||
      Var->getType()->isReferenceType() ||
      ViewTypes.containsType(Var->getType()))
    return nullptr;
  return Var;
}

void DanglingReferenceCheck::checkArguments(const CallExpr *Call,
                                            const FunctionDecl *Callee,
                                            const Escape &E, ASTContext &Ctx,
                                            const Scope *Outlived, bool Eager) {
  // The frame keeps the reference only if the callee is the coroutine; a
  // visible plain function may copy before it creates one. An eager one
  // reads it late only where its body says so.
  const FunctionDecl *Definition = Callee->getDefinition();
  if ((Definition && !isCoroutine(Definition)) || (Eager && !Definition))
    return;
  unsigned Shift =
      isa<CXXOperatorCallExpr>(Call) && isa<CXXMethodDecl>(Callee) ? 1 : 0;
  for (unsigned I = Shift; I < Call->getNumArgs(); ++I) {
    unsigned Index = I - Shift;
    if (Index >= Callee->getNumParams())
      break;
    const ParmVarDecl *Param = Callee->getParamDecl(Index);
    const Expr *Arg = Call->getArg(I);
    if (isa<CXXDefaultArgExpr>(Arg))
      continue;
    std::string Dies;
    if (!Outlived && holdsTemporary(Arg, Param))
      Dies = "this temporary, which is destroyed at the end of the statement";
    else if (const VarDecl *Var =
                 Outlived ? referredLocal(Arg, Param, *Outlived) : nullptr)
      Dies = whenDestroyed(Var, Outlived->Ends);
    if (Dies.empty())
      continue;
    // A parameter the body never names keeps nothing alive.
    if (Definition &&
        !mentions(userBody(Definition), Definition->getParamDecl(Index)))
      continue;
    if (Eager && !usedAfterSuspension(userBody(Definition),
                                      Definition->getParamDecl(Index),
                                      Ctx.getSourceManager()))
      continue;
    // A framework algorithm's `F&&` (`parallel_for_each(r, [&] {...})`):
    // whether it keeps the callable alive is that library's contract, not
    // a mistake the caller can see or repair at this call. A project's own
    // coroutine taking `F&&` is reported: there the fix is in reach.
    if (isForwardingReference(Callee, Index) &&
        (profileOf(Callee) ||
         Ctx.getSourceManager().isInSystemHeader(Callee->getLocation())))
      continue;
    // Unseen, a function taking a task by `&&` takes it over (a wrapper
    // that moves it into the task it returns): nothing to dangle.
    if (!Definition && Param->getType()->isRValueReferenceType() &&
        Model.classify(Param->getType().getNonReferenceType()) !=
            AsyncKind::None)
      continue;
    if (!Reported.insert(Arg->getBeginLoc()).second)
      continue;
    reportArgument(Callee, Index, Arg, std::move(Dies), E, Eager, Ctx);
  }
}

void DanglingReferenceCheck::checkObjectArgument(const CXXMemberCallExpr *Call,
                                                 const Escape &E,
                                                 ASTContext &Ctx,
                                                 const Scope *Outlived,
                                                 bool Eager) {
  // A member coroutine's frame keeps `this`: the object it is called on is
  // a reference parameter like any other. Only for a coroutine whose body
  // is visible; an adaptor called on a task (`std::move(t).scheduleOn(ex)`)
  // takes the task over.
  const CXXMethodDecl *Method = Call->getMethodDecl();
  const FunctionDecl *Definition = Method ? Method->getDefinition() : nullptr;
  const Expr *Object = Call->getImplicitObjectArgument();
  if (!Definition || !isCoroutine(Definition) || Method->isStatic() ||
      !Object || Object->getType()->isPointerType() ||
      Model.classify(Object->getType()) != AsyncKind::None)
    return;
  std::string Dies;
  if (!Outlived && boundTemporary(Object))
    Dies = "a temporary, which is destroyed at the end of the statement";
  else if (const VarDecl *Var = Outlived ? namedObject(Object) : nullptr;
           Var && Outlived->Locals.contains(Var) &&
           !Var->getType()->isReferenceType())
    Dies = whenDestroyed(Var, Outlived->Ends);
  const Stmt *Body = userBody(Definition);
  bool ReadsThis = false;
  forEachStmtInBody(Body, [&](const Stmt *S) {
    ReadsThis = ReadsThis || isa<CXXThisExpr>(S);
  });
  if (Dies.empty() || !ReadsThis ||
      (Eager && !usedAfterSuspension(Body, nullptr, Ctx.getSourceManager())) ||
      !Reported.insert(Object->getBeginLoc()).second)
    return;
  diag(Object->getBeginLoc(),
       "member coroutine '%0' is called on %1, but the task %2: the "
       "coroutine reads its object through a dangling 'this' when it "
       "%select{runs|resumes}3")
      << Method->getName() << Dies << E.How << Eager
      << Object->getSourceRange();
  diag(Object->getBeginLoc(),
       "keep the object alive until the task finishes: await the task in "
       "this statement, or own the object where the task is awaited",
       DiagnosticIDs::Note);
}

void DanglingReferenceCheck::reportArgument(const FunctionDecl *Callee,
                                            unsigned Index, const Expr *Arg,
                                            std::string Dies, const Escape &E,
                                            bool Eager, ASTContext &Ctx) {
  const ParmVarDecl *Param = Callee->getParamDecl(Index);
  const FunctionDecl *Definition = Callee->getDefinition();
  std::string Kind = Param->getType()->isReferenceType() ? "reference" : "view";
  {
    auto Diag = diag(Arg->getBeginLoc(),
                     "%0 parameter '%1' of %select{lazy|eager}5 coroutine "
                     "'%2' is bound to %3, but the task %4: the coroutine "
                     "reads a dangling %0 when it %select{runs|resumes}5")
                << Kind << Param->getName() << Callee->getName() << Dies
                << E.How << Eager << Arg->getSourceRange();
    // One fix per parameter, however many calls pass it a temporary.
    if (Definition && !inInstantiation() &&
        FixedParameters.insert(Param).second)
      Diag << byValueFix(Definition->getParamDecl(Index), Definition, Ctx);
  }
  diag(Param->getLocation(),
       Kind == "view"
           ? "parameter declared here; take an owning type so that the "
             "coroutine frame keeps its own copy"
           : "parameter declared here; take it by value so that the "
             "coroutine frame keeps its own copy",
       DiagnosticIDs::Note);
}

/// The capture of \p Lambda, held by copy in its closure, that \p Arg
/// names (`std::move(req)` of `[req = std::move(r)]`), if any.
static const VarDecl *copiedCapture(const LambdaExpr *Lambda, const Expr *Arg) {
  const VarDecl *Var = namedObject(valueOf(Arg));
  if (!Var)
    return nullptr;
  for (const LambdaCapture &C : Lambda->captures())
    if (C.capturesVariable() && C.getCapturedVar() == Var &&
        C.getCaptureKind() == LCK_ByCopy)
      return Var;
  return nullptr;
}

/// A plain lambda whose returned task refers to one of its copied captures
/// (`[req = std::move(r)] { return handle(std::move(req)); }` with
/// `handle(Request &&)` a coroutine): the task outlives the call, so it
/// needs the closure as long as it runs. The capture, if so.
const VarDecl *
DanglingReferenceCheck::captureReturnedTaskReads(const LambdaExpr *Lambda,
                                                 const SourceManager &SM) {
  const VarDecl *Found = nullptr;
  forEachStmtInBody(Lambda->getBody(), [&](const Stmt *S) {
    const auto *Return = dyn_cast<ReturnStmt>(S);
    const auto *Task =
        Return ? dyn_cast_or_null<CallExpr>(valueOf(Return->getRetValue()))
               : nullptr;
    const FunctionDecl *Callee = Task ? Task->getDirectCallee() : nullptr;
    const FunctionDecl *Def = Callee ? Callee->getDefinition() : nullptr;
    if (Found || !Def || !isCoroutine(Def))
      return;
    bool Eager = isEager(Task->getType());
    if (!Eager && Model.classify(Task->getType()) != AsyncKind::LazyTask)
      return;
    for (unsigned I = 0; I < Task->getNumArgs() && !Found; ++I) {
      std::optional<unsigned> Index = parameterIndexOf(Task, I);
      const ParmVarDecl *Param = Index ? Def->getParamDecl(*Index) : nullptr;
      if (Param && Param->getType()->isReferenceType() &&
          (!Eager || usedAfterSuspension(userBody(Def), Param, SM)))
        Found = copiedCapture(Lambda, Task->getArg(I));
    }
  });
  return Found;
}

void DanglingReferenceCheck::checkHandedClosures(const CallExpr *Call,
                                                 ASTContext &Ctx) {
  if (calledClosure(Call))
    return;
  const SourceManager &SM = Ctx.getSourceManager();
  auto HandsBackWork = [&](const CallExpr *C) {
    return Model.classify(C->getType()) != AsyncKind::None;
  };
  const NameList &Keepers = Names.of(Role::CallableKeepers);
  auto CustodyOf = [&](unsigned I) {
    return custodyOfArgument(Call, I,
                             {Keepers, Names.of(Role::Spawns),
                              Names.of(Role::BlockingBridges), HandsBackWork,
                              SM});
  };
  for (unsigned I = 0; I < Call->getNumArgs(); ++I) {
    const Expr *Arg = Call->getArg(I);
    const LambdaExpr *Lambda = passedLambda(Arg);
    if (!Lambda)
      continue;
    if (!isCoroutine(Lambda->getCallOperator())) {
      const VarDecl *Capture = Awaited.contains(Call)
                                   ? nullptr
                                   : captureReturnedTaskReads(Lambda, SM);
      if (!Capture || CustodyOf(I) != Custody::Dropped ||
          !Reported.insert(Lambda->getBeginLoc()).second)
        continue;
      diag(Lambda->getBeginLoc(),
           "the task this lambda returns refers to its capture '%0', but "
           "'%1' destroys the closure once it has called it, before the task "
           "finishes: the task reads a dangling reference")
          << Capture->getName() << calleeName(Call)
          << Lambda->getIntroducerRange();
      diag(Capture->getLocation(),
           "capture declared here; make the coroutine take it by value, or "
           "make the lambda itself a coroutine that awaits the task",
           DiagnosticIDs::Note);
      continue;
    }
    QualType Result = Lambda->getCallOperator()->getReturnType();
    // Work nobody can wait for: a fire-and-forget coroutine, or a task a
    // wrapper whose call returns nothing discards (a lazy one never runs
    // then, and reads nothing).
    bool Discarded = callDiscardsResult(Arg->getType());
    bool Eager = isEager(Result);
    bool Unwaited = Model.classify(Result) == AsyncKind::DetachedTask ||
                    (Discarded && Eager);
    if ((Discarded && !Eager) || (!Unwaited && Awaited.contains(Call)) ||
        !readsClosureLater(Lambda, Eager, SM))
      continue;
    // Nothing waits for unwaited work: only a keeper holds its closure
    // until it finishes, not a registry that stores it.
    if (Unwaited ? Keepers.containsCall(Call)
                 : CustodyOf(I) != Custody::Dropped)
      continue;
    if (!Reported.insert(Lambda->getBeginLoc()).second)
      continue;
    diag(Lambda->getBeginLoc(),
         "this coroutine lambda reads its captures through its closure, but "
         "%select{'%1' does not keep the closure alive until the coroutine "
         "finishes|nothing waits for the coroutine, and '%1' does not keep the "
         "closure alive until it finishes}0: every capture it reads after its "
         "first suspension is dangling")
        << Unwaited << calleeName(Call) << Lambda->getIntroducerRange();
    diag(Lambda->getBeginLoc(),
         "pass what it captures as parameters of the coroutine, which copies "
         "them into its frame, or keep the closure in a scope that outlives "
         "the coroutine",
         DiagnosticIDs::Note);
  }
}

/// Wraps a coroutine lambda called in place, `[&]() -> Task<> {...}()`, in
/// the framework's invoke (`folly::coro::co_invoke([&]() -> Task<> {...})`),
/// which keeps the closure in the task's frame. Only where the unit
/// declares it, for a call without arguments, outside macros.
static Fix invokeFix(const CallExpr *Call, const LambdaExpr *Lambda,
                     ASTContext &Ctx) {
  const CXXRecordDecl *Task = recordOf(Call->getType());
  std::optional<FrameworkProfile::Spelled> Invoke =
      Task ? declaredSpelling(Task, Spelling::Invoke, Ctx) : std::nullopt;
  const auto *Operator = dyn_cast<CXXOperatorCallExpr>(Call);
  if (!Invoke || !Operator || Operator->getNumArgs() != 1)
    return {};
  if (fixableRange(Call->getSourceRange(), Ctx).isInvalid())
    return {};
  SourceLocation AfterLambda = Lexer::getLocForEndOfToken(
      Lambda->getEndLoc(), 0, Ctx.getSourceManager(), Ctx.getLangOpts());
  return {FixItHint::CreateInsertion(Lambda->getBeginLoc(),
                                     Invoke->Call.str() + "("),
          FixItHint::CreateReplacement(
              CharSourceRange::getTokenRange(AfterLambda, Call->getRParenLoc()),
              ")")};
}

void DanglingReferenceCheck::checkTemporaryClosure(const CallExpr *Call,
                                                   const Escape &E, bool Eager,
                                                   ASTContext &Ctx) {
  const LambdaExpr *Lambda = calledClosure(Call);
  if (!readsClosureLater(Lambda, Eager, Ctx.getSourceManager()) ||
      !Reported.insert(Lambda->getBeginLoc()).second)
    return;
  diag(Lambda->getBeginLoc(),
       "this coroutine lambda reads its captures through its closure, a "
       "temporary destroyed at the end of the statement, but the task %0: "
       "every capture it reads after that is dangling")
      << E.How << Lambda->getIntroducerRange()
      << (inInstantiation() ? Fix() : invokeFix(Call, Lambda, Ctx));
  diag(Lambda->getBeginLoc(),
       "name the lambda in a scope that outlives the task, or pass what it "
       "captures as parameters of the coroutine (the framework's "
       "'co_invoke' keeps the closure alive)",
       DiagnosticIDs::Note);
}

} // namespace clang::tidy::async
