//===--- EagerStreamPipeline.cpp - asynclint ------------------------------===//
//
// The unsafe repair of async-eager-stream: the read loop becomes a
// generator and the per-element await a pipeline stage over it, so reading
// overlaps the work and at most MaxConcurrency elements are held.
//
//===----------------------------------------------------------------------===//

#include "EagerStreamCheck.h"
#include "model/AsyncMatchers.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "clang/AST/TypeLoc.h"
#include "clang/Lex/Lexer.h"
#include <optional>
#include "analysis/StreamReads.h"

namespace clang::tidy::async {

namespace {
bool isRtNamed(const NamedDecl *D, llvm::StringRef Name) {
  return D && D->getQualifiedNameAsString() == ("rt::" + Name).str();
}

/// An object expression that computes nothing: `x`, `this`, `x.member`,
/// `p->member`.
bool isPlainName(const Expr *E) {
  E = E->IgnoreParenImpCasts();
  while (const auto *Member = dyn_cast<MemberExpr>(E))
    E = Member->getBase()->IgnoreParenImpCasts();
  return isa<DeclRefExpr, CXXThisExpr>(E);
}

/// Whether \p Outer evaluates nothing before the await \p Await it
/// contains: the await itself, one-argument calls of plain names around it
/// (`report.add(co_await f(x))`), or an assignment to a plain name
/// (`sum += co_await f(x)`).
bool awaitsFirst(const Expr *Outer, const Expr *Await) {
  Outer = stripImplicit(Outer);
  if (Outer == Await)
    return true;
  if (const auto *Assign = dyn_cast<BinaryOperator>(Outer))
    return Assign->isAssignmentOp() && isPlainName(Assign->getLHS()) &&
           awaitsFirst(Assign->getRHS(), Await);
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(Outer))
    return Op->isAssignmentOp() && Op->getNumArgs() == 2 &&
           isPlainName(Op->getArg(0)) && awaitsFirst(Op->getArg(1), Await);
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(Outer))
    return Construct->getNumArgs() == 1 &&
           awaitsFirst(Construct->getArg(0), Await);
  const auto *Call = dyn_cast<CallExpr>(Outer);
  if (!Call || Call->getNumArgs() != 1 || !Call->getDirectCallee() ||
      isa<CXXOperatorCallExpr>(Call))
    return false;
  if (const auto *Member = dyn_cast<CXXMemberCallExpr>(Call)) {
    if (!isPlainName(Member->getImplicitObjectArgument()))
      return false;
  } else if (!isa<DeclRefExpr>(Call->getCallee()->IgnoreParenImpCasts())) {
    return false;
  }
  return awaitsFirst(Call->getArg(0), Await);
}

/// The function a stage can be given by name: \p E is `f(value)` or
/// `f(std::move(value))` for a free function `f` of one parameter that is
/// not overloaded, that the code in \p From finds by its name as written
/// (not through its argument's namespace), and \p Param accepts the
/// parameter's type.
std::string namedFunction(const Expr *E, const VarDecl *Value,
                          const DeclContext *From, const ASTContext &Ctx,
                          llvm::function_ref<bool(QualType)> Param) {
  const auto *Call = dyn_cast<CallExpr>(stripImplicit(E));
  const FunctionDecl *F = Call ? Call->getDirectCallee() : nullptr;
  if (!F || isa<CXXMemberCallExpr, CXXOperatorCallExpr>(Call) ||
      Call->usesADL() || Call->getNumArgs() != 1 || F->getNumParams() != 1 ||
      F->getPrimaryTemplate() || variableOf(Call->getArg(0)) != Value ||
      !Param(F->getParamDecl(0)->getType()))
    return "";
  const DeclContext *Home = F->getDeclContext()->getRedeclContext();
  const auto *Ref = dyn_cast<DeclRefExpr>(Call->getCallee()->IgnoreImpCasts());
  if (!Ref || !Home->lookup(F->getDeclName()).isSingleResult() ||
      (!Ref->hasQualifier() && !Home->Encloses(From)))
    return "";
  return sourceText(Call->getCallee()->getSourceRange(), Ctx).str();
}

/// The capture a stage lambda needs for \p E, given \p Param.
llvm::StringRef captureFor(const Expr *E, const VarDecl *Param,
                           const FunctionDecl *FD) {
  Access Acc = accessesOf(E, FD);
  bool Outer = llvm::any_of(Acc.Reads, [&](const Decl *D) {
    const auto *Var = dyn_cast<VarDecl>(D);
    return !Var || (Var->hasLocalStorage() && Var != Param->getCanonicalDecl());
  });
  return Outer ? "[&]" : "[]";
}

/// The text of a type as written in a declaration, without its
/// qualifiers (`const LogEntry e` -> `LogEntry`, `auto`).
std::string writtenType(const DeclaratorDecl *D, const ASTContext &Ctx) {
  const TypeSourceInfo *TSI = D->getTypeSourceInfo();
  if (!TSI)
    return "";
  TypeLoc Loc = TSI->getTypeLoc().getUnqualifiedLoc();
  if (fixableRange(Loc.getSourceRange(), Ctx).isInvalid())
    return "";
  return sourceText(Loc.getSourceRange(), Ctx).str();
}

/// True when the source text of \p S declares something other than
/// variables (a type, an alias, a using-declaration): names a function
/// written outside \p S could not see.
bool declaresNames(const Stmt *S) {
  bool Found = false;
  forEachStmtInBody(S, [&](const Stmt *Child) {
    if (const auto *Decl = dyn_cast<DeclStmt>(Child))
      Found = Found || llvm::any_of(Decl->decls(), [](const class Decl *D) {
                return !isa<VarDecl>(D);
              });
  });
  return Found;
}

/// Whether \p Name is declared in \p DC or a context around it.
bool isDeclaredAround(const DeclContext *DC, llvm::StringRef Name,
                      ASTContext &Ctx) {
  DeclarationName Decl(&Ctx.Idents.get(Name));
  for (; DC; DC = DC->getParent())
    if (!DC->getPrimaryContext()->lookup(Decl).empty())
      return true;
  return false;
}

std::string textOf(CharSourceRange Range, const ASTContext &Ctx) {
  return Lexer::getSourceText(Range, Ctx.getSourceManager(), Ctx.getLangOpts())
      .str();
}

/// The text of \p Range with the part \p Part replaced by \p With.
std::string replacedText(CharSourceRange Range, CharSourceRange Part,
                         llvm::StringRef With, const ASTContext &Ctx) {
  const SourceManager &SM = Ctx.getSourceManager();
  std::string Text = textOf(Range, Ctx);
  unsigned Begin = SM.getFileOffset(Range.getBegin());
  unsigned PartBegin = SM.getFileOffset(Part.getBegin()) - Begin;
  unsigned PartEnd = SM.getFileOffset(Part.getEnd()) - Begin;
  return Text.substr(0, PartBegin) + With.str() + Text.substr(PartEnd);
}
} // namespace

/// The read and the loop, taken apart for the rewrite.
struct EagerStreamCheck::Pipeline {
  const VarDecl *Held = nullptr;
  const Stmt *Read = nullptr;
  /// `lines.push_back(...)` / `lines.emplace_back(...)` in the read loop.
  const CXXMemberCallExpr *Push = nullptr;
  /// The first statement replaced: a declaration before the read loop.
  const Stmt *First = nullptr;
  /// What the generator runs: the declarations it takes over (the stream,
  /// the read loop's variables), then the read loop.
  llvm::SmallVector<const Stmt *, 4> Moved;
  /// Parameters of the coroutine that the generator takes over.
  llvm::SmallVector<const ParmVarDecl *, 2> Params;
  std::string ElementType;
  /// A function before the coroutine, or a lambda in it.
  bool AsFunction = false;

  const VarDecl *Element = nullptr;
  /// `T x = f(element);` before the await.
  const VarDecl *Prefix = nullptr;
  /// `if (cond)` around the await.
  const Expr *Guard = nullptr;
  const CoawaitExpr *Await = nullptr;
  const CallExpr *Call = nullptr;
  /// The statement of the await and those after it.
  llvm::SmallVector<const Stmt *, 4> Sink;

  /// What flows into the await: the element or what the prefix made of it.
  const VarDecl *value() const { return Prefix ? Prefix : Element; }
};

Fix EagerStreamCheck::pipelineFix(const Stmt *Loop, const VarDecl *Held,
                                  const Stmt *Read, Walk &W,
                                  std::string &WhyNot) {
  auto No = [&](llvm::StringRef Why) {
    WhyNot = Why.str();
    return Fix();
  };
  if (!isa<ForStmt, WhileStmt>(Read) || readLoopTarget(Read, W.Ctx) != Held)
    return No("only a getline or >> loop that appends to the container is "
              "rewritten into a generator");
  const auto *Range = dyn_cast<CXXForRangeStmt>(Loop);
  if (!Range || !Range->getLoopVariable() ||
      variableOf(Range->getRangeInit()) != Held)
    return No("only a range-for over the container is rewritten");
  if (W.FD->isTemplated())
    return No("the coroutine is a template");
  if (!isRtNamed(recordOf(W.FD->getReturnType()), "Task"))
    return No("the generator pipeline is written with the rt runtime, and "
              "the coroutine is not an rt::Task");
  const auto *Container = dyn_cast_or_null<ClassTemplateSpecializationDecl>(
      recordOf(Held->getType()));
  if (!Container ||
      !llvm::any_of(
          std::initializer_list<llvm::StringRef>{"vector", "deque", "list"},
          [&](llvm::StringRef Name) { return isStdNamed(Container, Name); }) ||
      Container->getTemplateArgs().size() == 0 ||
      Container->getTemplateArgs()[0].getKind() != TemplateArgument::Type)
    return No("the container is not a std::vector, std::deque or std::list, "
              "whose elements keep the order they were read in");
  Pipeline P;
  P.Held = Held;
  P.Read = Read;
  P.Element = Range->getLoopVariable();
  if (isa<DecompositionDecl>(P.Element) ||
      !W.Ctx.hasSameUnqualifiedType(
          P.Element->getType().getNonReferenceType(),
          Container->getTemplateArgs()[0].getAsType()))
    return No("the loop variable is not an element of the container");
  if (!takeOverRead(Range, P, W, WhyNot) || !splitBody(Range, P, WhyNot) ||
      !checkStages(P, W, WhyNot))
    return {};
  CharSourceRange Whole(SourceRange(statementRange(P.First, W.Ctx).getBegin(),
                                    statementRange(Loop, W.Ctx).getEnd()),
                        /*IsTokenRange=*/false);
  if (statementRange(P.First, W.Ctx).isInvalid() ||
      statementRange(Loop, W.Ctx).isInvalid())
    return No("the code is written in a macro");
  if (hasComments(Whole, W.Ctx))
    return No("the rewrite would drop comments");
  return pipelineText(P, Whole, W, WhyNot);
}

/// The read loop, the stream and the read loop's variables go into the
/// generator: they must be declared right before the loop, in the same
/// block, and named nowhere else; the container only collects the elements
/// for the loop.
bool EagerStreamCheck::takeOverRead(const CXXForRangeStmt *Loop, Pipeline &P,
                                    Walk &W, std::string &WhyNot) {
  auto No = [&](llvm::StringRef Why) {
    WhyNot = Why.str();
    return false;
  };
  auto ReadAt = W.Position.find(P.Read), LoopAt = W.Position.find(Loop);
  if (ReadAt == W.Position.end() || LoopAt == W.Position.end() ||
      ReadAt->second.first != LoopAt->second.first ||
      LoopAt->second.second != ReadAt->second.second + 1)
    return No("the loop does not come right after the read");
  if (!W.Uses)
    W.Uses.emplace(userBody(W.FD));
  UseCounts InRead(P.Read);
  UseCounts InLoop(Loop);
  if (InRead.of(P.Held) != 1)
    return No("the read loop does more with the container than append to it");
  // Take the declarations right before the read loop that only the read
  // (and, for the container, the loop) names.
  const CompoundStmt *Block = ReadAt->second.first;
  const VarDecl *Stream = variableOf(streamRead(loopParts(P.Read).first));
  bool HasStream = false, HasHeld = false;
  llvm::SmallVector<const Stmt *, 4> Decls;
  for (unsigned I = ReadAt->second.second; I > 0; --I) {
    const auto *Decl = dyn_cast<DeclStmt>(Block->body_begin()[I - 1]);
    const auto *Var = Decl && Decl->isSingleDecl()
                          ? dyn_cast<VarDecl>(Decl->getSingleDecl())
                          : nullptr;
    if (!Var || InRead.of(Var) == 0 ||
        InRead.of(Var) + (Var == P.Held ? InLoop.of(Var) : 0) !=
            W.Uses->of(Var))
      break;
    InRead.add(Decl);
    HasStream = HasStream || Var == Stream;
    HasHeld = HasHeld || Var == P.Held;
    P.First = Decl;
    if (Var != P.Held)
      Decls.push_back(Decl);
  }
  if (!Stream || !HasStream || !HasHeld)
    return No("the stream and the container are not declared right before "
              "the read loop, or are used elsewhere");
  const auto *Empty = dyn_cast_or_null<CXXConstructExpr>(P.Held->getInit());
  if (P.Held->getInit() && (!Empty || Empty->getNumArgs() != 0))
    return No("the container does not start empty");
  P.Moved.assign(Decls.rbegin(), Decls.rend());
  P.Moved.push_back(P.Read);

  // The one append, as a statement of its own.
  forEachStmtInBody(P.Read, [&](const Stmt *S) {
    const auto *Member = dyn_cast<CXXMemberCallExpr>(S);
    if (Member && variableOf(Member->getImplicitObjectArgument()) == P.Held)
      P.Push = Member;
  });
  const CXXMethodDecl *Method = P.Push ? P.Push->getMethodDecl() : nullptr;
  bool Statement = false;
  forEachStmtInBody(P.Read, [&](const Stmt *S) {
    llvm::SmallVector<const Expr *, 4> Discarded;
    collectDiscardedChildren(S, Discarded);
    Statement = Statement || llvm::any_of(Discarded, [&](const Expr *E) {
                  return stripImplicit(E) == P.Push;
                });
  });
  if (!Method || !Method->getIdentifier() ||
      !llvm::is_contained({"push_back", "emplace_back"}, Method->getName()) ||
      (Method->getName() == "push_back" && P.Push->getNumArgs() != 1) ||
      !Statement)
    return No("the read loop does not append each element with a "
              "push_back or emplace_back statement");

  // What the generator needs from outside: globals, and by-value parameters
  // of the coroutine that nothing else uses.
  llvm::SmallPtrSet<const VarDecl *, 8> Declared, Named;
  bool Leaves = false;
  for (const Stmt *S : P.Moved)
    forEachEvaluatedStmt(S, /*IntoLambdas=*/true, [&](const Stmt *Child) {
      Leaves =
          Leaves ||
          isa<LambdaExpr, CXXThisExpr, CoroutineSuspendExpr,
              DependentCoawaitExpr, ReturnStmt, CoreturnStmt, GotoStmt>(Child);
      if (const auto *Decl = dyn_cast<DeclStmt>(Child))
        for (const auto *D : Decl->decls())
          if (const auto *Var = dyn_cast<VarDecl>(D))
            Declared.insert(Var);
      if (const auto *Ref = dyn_cast<DeclRefExpr>(Child))
        if (const auto *Var = dyn_cast<VarDecl>(Ref->getDecl()))
          Named.insert(Var);
    });
  if (Leaves)
    return No("the read suspends, returns, uses 'this' or creates a lambda");
  for (const VarDecl *Var : Named) {
    // The read runs later, between the calls: a global it reads must not
    // change meanwhile.
    if (Declared.count(Var) || Var == P.Held ||
        (!Var->isLocalVarDeclOrParm() && Var->getType().isConstQualified()))
      continue;
    const auto *Param = dyn_cast<ParmVarDecl>(Var);
    if (!Param || Param->getDeclContext() != W.FD ||
        Param->getType()->isReferenceType() ||
        InRead.of(Param) != W.Uses->of(Param))
      return No(("the read uses '" + Var->getName() +
                 "', which the generator cannot take over")
                    .str());
  }
  for (const ParmVarDecl *Param : W.FD->parameters())
    if (Named.count(Param))
      P.Params.push_back(Param);

  const TypeSourceInfo *HeldType = P.Held->getTypeSourceInfo();
  auto Spec = HeldType ? HeldType->getTypeLoc()
                             .getAsAdjusted<TemplateSpecializationTypeLoc>()
                       : TemplateSpecializationTypeLoc();
  if (!Spec || Spec.getNumArgs() == 0 ||
      fixableRange(Spec.getArgLoc(0).getSourceRange(), W.Ctx).isInvalid())
    return No("the container's element type is not written where it is "
              "declared");
  P.ElementType = sourceText(Spec.getArgLoc(0).getSourceRange(), W.Ctx).str();
  // A function before the coroutine sees the same names when the coroutine
  // is a plain function, defined in its namespace, that declares no names
  // of its own.
  P.AsFunction = W.FD->getDeclContext()->isFileContext() &&
                 W.FD->getLexicalDeclContext() == W.FD->getDeclContext() &&
                 !isa<CXXMethodDecl>(W.FD) && !declaresNames(userBody(W.FD));
  return true;
}

/// Takes the loop body apart: an optional declaration `T x = f(element);`,
/// an optional `if (cond)` around the rest, then the statement of the one
/// await, which evaluates nothing before it, and the statements after it.
bool EagerStreamCheck::splitBody(const CXXForRangeStmt *Loop, Pipeline &P,
                                 std::string &WhyNot) {
  auto No = [&](llvm::StringRef Why) {
    WhyNot = Why.str();
    return false;
  };
  unsigned Awaits = 0;
  const char *Why = nullptr;
  forEachEvaluatedStmt(Loop->getBody(), /*IntoLambdas=*/true,
                       [&](const Stmt *S) {
                         if (isAwaitExpr(S) || isa<CoyieldExpr>(S))
                           ++Awaits;
                         else if (isa<CXXTryStmt>(S))
                           Why = "the loop body catches exceptions";
                         else if (isa<BreakStmt, ContinueStmt, ReturnStmt,
                                      CoreturnStmt, GotoStmt>(S))
                           Why = "the loop body can end an iteration early";
                         else if (isa<LambdaExpr>(S))
                           Why = "the loop body creates a lambda";
                       });
  if (Why)
    return No(Why);
  if (Awaits != 1)
    return No("the loop body awaits more than once");
  auto Statements = [](const Stmt *S) {
    if (const auto *Block = dyn_cast<CompoundStmt>(S))
      return llvm::SmallVector<const Stmt *, 4>(Block->body());
    return llvm::SmallVector<const Stmt *, 4>{S};
  };
  llvm::SmallVector<const Stmt *, 4> Rest = Statements(Loop->getBody());
  if (Rest.size() > 1 && !containsAwait(Rest.front())) {
    const auto *Decl = dyn_cast<DeclStmt>(Rest.front());
    P.Prefix = Decl && Decl->isSingleDecl()
                   ? dyn_cast<VarDecl>(Decl->getSingleDecl())
                   : nullptr;
    if (!P.Prefix || isa<DecompositionDecl>(P.Prefix) || !P.Prefix->getInit() ||
        P.Prefix->getInitStyle() != VarDecl::CInit || P.Prefix->isStaticLocal())
      return No("only one declaration 'T x = f(element);' may come before "
                "the await");
    Rest.erase(Rest.begin());
  }
  if (const auto *If = dyn_cast<IfStmt>(Rest.front());
      If && Rest.size() == 1 && !containsAwait(If->getCond())) {
    if (If->getElse() || If->getInit() || If->getConditionVariable() ||
        If->isConstexpr() || If->isConsteval())
      return No("the condition before the await has an else branch or "
                "declares something");
    P.Guard = If->getCond();
    Rest = Statements(If->getThen());
  }
  if (Rest.empty() || !containsAwait(Rest.front()))
    return No("the await is not in the first statement after the "
              "declaration and the condition");
  forEachStmtInBody(Rest.front(), [&](const Stmt *S) {
    if (!P.Await)
      P.Await = dyn_cast<CoawaitExpr>(S);
  });
  P.Call = P.Await ? dyn_cast<CallExpr>(stripImplicit(P.Await->getOperand()))
                   : nullptr;
  if (!P.Call)
    return No("what is awaited is not a call");
  const Expr *Statement = dyn_cast<Expr>(Rest.front());
  if (const auto *Decl = dyn_cast<DeclStmt>(Rest.front());
      Decl && Decl->isSingleDecl())
    if (const auto *Var = dyn_cast<VarDecl>(Decl->getSingleDecl()))
      Statement = Var->getInit();
  if (!Statement || !awaitsFirst(Statement, P.Await))
    return No("its statement evaluates something before the await");
  QualType Result = P.Await->getType();
  if (Result->isVoidType() || Result->isReferenceType())
    return No("the await produces no value to pass on");
  P.Sink.assign(Rest.begin(), Rest.end());

  // The element (or what the declaration made of it) flows to the await
  // and ends there.
  UseCounts InCall(P.Call), After;
  for (const Stmt *S : P.Sink)
    After.add(S);
  for (const VarDecl *Var : {P.Element, P.Prefix})
    if (Var && After.of(Var) != InCall.of(Var))
      return No(("'" + Var->getName() + "' is used after the await").str());
  if (P.Prefix &&
      (InCall.of(P.Element) != 0 || (P.Guard && mentions(P.Guard, P.Element))))
    return No(
        ("the element is used besides '" + P.Prefix->getName() + "'").str());
  if (InCall.of(P.value()) == 0)
    return No("the awaited call does not use the element");
  return true;
}

/// The stages run ahead of the statements after the await (the next
/// elements are prepared and their calls started while the results of the
/// earlier ones are handled), and the calls run side by side: the stages
/// must not change anything, the statements after the await must not change
/// what the stages read, and every task must own what it refers to once
/// its stage has returned it.
bool EagerStreamCheck::checkStages(Pipeline &P, Walk &W, std::string &WhyNot) {
  auto No = [&](llvm::StringRef Why) {
    WhyNot = Why.str();
    return false;
  };
  // The stages are rebuilt from the text of these expressions.
  for (const Stmt *S :
       {static_cast<const Stmt *>(P.Prefix ? P.Prefix->getInit() : nullptr),
        static_cast<const Stmt *>(P.Guard), static_cast<const Stmt *>(P.Call)})
    if (S && fixableRange(S->getSourceRange(), W.Ctx).isInvalid())
      return No("the code is written in a macro");
  const Decl *Element = P.Element->getCanonicalDecl();
  DeclSet StageReads;
  if (P.Prefix) {
    Access Acc = accessesOf(P.Prefix->getInit(), W.FD);
    if (Acc.MutatesUnknown ||
        llvm::any_of(Acc.Mutates, [&](const Decl *D) { return D != Element; }))
      return No(("the declaration of '" + P.Prefix->getName() +
                 "' changes more than the element")
                    .str());
    QualType T = P.Prefix->getType();
    const CXXRecordDecl *RD = recordOf(T);
    if (T->isReferenceType() || T->isPointerType() ||
        isStdNamed(RD, "basic_string_view") || isStdNamed(RD, "span") ||
        !W.Ctx.hasSameUnqualifiedType(
            T, stripImplicit(P.Prefix->getInit())->getType()))
      return No(("'" + P.Prefix->getName() +
                 "' may refer into the element, or converts its initializer")
                    .str());
    StageReads.insert(Acc.Reads.begin(), Acc.Reads.end());
  }
  if (P.Guard) {
    Access Acc = accessesOf(P.Guard, W.FD);
    QualType T = stripImplicit(P.Guard)->getType();
    if (Acc.MutatesUnknown || !Acc.Mutates.empty() ||
        !(T->isBooleanType() || T->isIntegralOrEnumerationType() ||
          T->isPointerType()))
      return No("the condition changes something or is not a plain truth "
                "value");
    StageReads.insert(Acc.Reads.begin(), Acc.Reads.end());
  }
  const FunctionDecl *Callee = P.Call->getDirectCallee();
  if (!Callee || isa<CXXOperatorCallExpr>(P.Call) || Callee->isVariadic() ||
      P.Call->isTypeDependent())
    return No("the awaited function is not called directly");
  if (!isRtNamed(recordOf(P.Call->getType()), "Task"))
    return No("the awaited call does not make an rt::Task");
  if (OrderedOperations.containsCall(P.Call))
    return No(("'" + Callee->getName() + "' must run in order").str());
  // The stage owns the value it is given: only that may be moved from.
  Access Acc = accessesOf(P.Call, W.FD);
  if (Acc.MutatesUnknown || llvm::any_of(Acc.Mutates, [&](const Decl *D) {
        return D != P.value()->getCanonicalDecl();
      }))
    return No("the awaited call may change shared state");
  StageReads.insert(Acc.Reads.begin(), Acc.Reads.end());
  if (const auto *Member = dyn_cast<CXXMemberCallExpr>(P.Call);
      Member && (!isPlainName(Member->getImplicitObjectArgument()) ||
                 mentions(Member->getImplicitObjectArgument(), P.value())))
    return No("the awaited call is a method of the element");
  // A task starts after its stage returned: what it takes by reference
  // must live in the coroutine, not in the stage.
  for (unsigned I = 0; I < P.Call->getNumArgs(); ++I) {
    const ParmVarDecl *Param = Callee->getParamDecl(I);
    const VarDecl *Var = variableOf(P.Call->getArg(I));
    if (Param->getType()->isReferenceType() &&
        (!Var || Var == P.Element || Var == P.Prefix))
      return No(("'" + Callee->getName() + "' takes '" +
                 sourceText(P.Call->getArg(I)->getSourceRange(), W.Ctx) +
                 "' by reference, which would not outlive its stage")
                    .str());
  }
  Access After;
  for (const Stmt *S : P.Sink) {
    Access Acc = accessesOf(S, W.FD);
    After.Mutates.insert(Acc.Mutates.begin(), Acc.Mutates.end());
    After.MutatesUnknown = After.MutatesUnknown || Acc.MutatesUnknown;
  }
  // (The await among them moves the value; the stages are done with it.)
  After.Mutates.erase(Element);
  if (P.Prefix)
    After.Mutates.erase(P.Prefix->getCanonicalDecl());
  if (After.MutatesUnknown || intersects(After.Mutates, StageReads))
    return No("the statements after the await change what the stages "
              "before it read");
  return true;
}

/// Writes the generator (a function before the coroutine, or a lambda
/// called at once), the stages, and the loop pulling the results:
///
///   auto results = rt::map_ordered(
///       rt::filter(rt::map(read_lines(std::move(path)), parse), is_error),
///       enrich, 8);
///   while (auto result = co_await results.next())
///     report.add(std::move(*result));
///
/// The stage lambdas capture by reference: the pipeline is a local of the
/// coroutine, declared after everything they refer to, and is destroyed
/// before it.
Fix EagerStreamCheck::pipelineText(const Pipeline &P, CharSourceRange Whole,
                                   Walk &W, std::string &WhyNot) {
  const ASTContext &Ctx = W.Ctx;
  const SourceManager &SM = Ctx.getSourceManager();
  if (!W.Names)
    W.Names.emplace(W.FD);
  std::string Indent = indentationOf(P.First->getBeginLoc(), Ctx);
  std::string Inner = Indent + "  ";

  // The generator: the taken-over statements, yielding what was appended.
  CharSourceRange PushRange = fixableRange(P.Push->getSourceRange(), Ctx);
  std::string Yield = "co_yield ";
  const Expr *Only = P.Push->getNumArgs() == 1 ? P.Push->getArg(0) : nullptr;
  if (Only &&
      (P.Push->getMethodDecl()->getName() == "push_back" ||
       Ctx.hasSameUnqualifiedType(stripImplicit(Only)->getType(),
                                  P.Element->getType().getNonReferenceType())))
    Yield += sourceText(Only->getSourceRange(), Ctx).str();
  else
    Yield +=
        P.ElementType + "(" +
        (P.Push->getNumArgs() == 0
             ? std::string()
             : textOf(
                   CharSourceRange::getTokenRange(
                       P.Push->getArg(0)->getBeginLoc(),
                       P.Push->getArg(P.Push->getNumArgs() - 1)->getEndLoc()),
                   Ctx)) +
        ")";
  std::string Params, Args;
  for (const ParmVarDecl *Param : P.Params) {
    Params +=
        (Params.empty() ? "" : ", ") +
        sourceText({Param->getBeginLoc(), Param->getLocation()}, Ctx).str();
    Args += (Args.empty() ? "" : ", ") +
            (recordOf(Param->getType())
                 ? "std::move(" + Param->getName().str() + ")"
                 : Param->getName().str());
  }
  std::string Outer =
      P.AsFunction ? indentationOf(W.FD->getBeginLoc(), Ctx) : Indent;
  std::string Body;
  for (const Stmt *S : P.Moved) {
    CharSourceRange Range = statementRange(S, Ctx);
    if (Range.isInvalid() || PushRange.isInvalid()) {
      WhyNot = "the code is written in a macro";
      return {};
    }
    std::string Text = S == P.Read ? replacedText(Range, PushRange, Yield, Ctx)
                                   : textOf(Range, Ctx);
    Body += Outer + "  " +
            reindent(Text, indentationOf(S->getBeginLoc(), Ctx), Outer + "  ") +
            "\n";
  }
  std::string Generator = "rt::Generator<" + P.ElementType + ">";
  std::string Source;
  Fix Hints;
  if (P.AsFunction) {
    std::string Base = ("read_" + P.Held->getName()).str();
    std::string Name = W.Names->take(Base);
    while (isDeclaredAround(W.FD->getDeclContext(), Name, W.Ctx))
      Name = W.Names->take(Base);
    std::string Storage = W.FD->getStorageClass() == SC_Static ? "static "
                          : W.FD->isInlineSpecified()          ? "inline "
                                                               : "";
    SourceLocation Before = leadingComments(W.FD->getBeginLoc(), Ctx);
    if (Before.isMacroID()) {
      WhyNot = "the coroutine is declared in a macro";
      return {};
    }
    Hints.push_back(FixItHint::CreateInsertion(
        Before, Storage + Generator + " " + Name + "(" + Params + ") {\n" +
                    Body + Outer + "}\n\n" + Outer));
    Source = Name + "(" + Args + ")";
  } else {
    Source = "[](" + Params + ") -> " + Generator + " {\n" + Body + Indent +
             "}(" + Args + ")";
  }

  // The stages, each a function named as written or a lambda.
  std::string Pipe = Source;
  std::string ValueType = P.ElementType;
  const VarDecl *Value = P.Element;
  auto Stage = [&](const Expr *E, llvm::StringRef Param,
                   llvm::function_ref<bool(QualType)> Accepts) {
    std::string Named =
        namedFunction(E, Value, W.FD->getDeclContext(), Ctx, Accepts);
    if (!Named.empty())
      return Named;
    return (captureFor(E, Value, W.FD) + "(" + Param + Value->getName() +
            ") { return " + sourceText(E->getSourceRange(), Ctx) + "; }")
        .str();
  };
  auto ByValue = [](QualType T) { return !T->isReferenceType(); };
  if (P.Prefix) {
    Pipe = "rt::map(" + Pipe + ", " +
           Stage(P.Prefix->getInit(), ValueType + " ",
                 [](QualType T) {
                   return !T->isLValueReferenceType() ||
                          T.getNonReferenceType().isConstQualified();
                 }) +
           ")";
    ValueType = writtenType(P.Prefix, Ctx);
    Value = P.Prefix;
  }
  if (P.Guard)
    Pipe = "rt::filter(" + Pipe + ", " +
           Stage(P.Guard, "const " + ValueType + " &",
                 [](QualType T) {
                   return !T->isReferenceType() ||
                          (T->isLValueReferenceType() &&
                           T.getNonReferenceType().isConstQualified());
                 }) +
           ")";
  std::string Results = W.Names->take("results");
  std::string Result = W.Names->take("result");
  std::string Text = "auto " + Results + " = rt::map_ordered(" + Pipe + ", " +
                     Stage(P.Call, ValueType + " ", ByValue) + ", " +
                     std::to_string(MaxConcurrency) + ");\n" + Indent +
                     "while (auto " + Result + " = co_await " + Results +
                     ".next())";

  // The statements after the await, given each result in turn.
  std::string Pulled = "std::move(*" + Result + ")";
  std::string Sink;
  for (const Stmt *S : P.Sink) {
    CharSourceRange Range = statementRange(S, Ctx);
    CharSourceRange AwaitRange = fixableRange(P.Await->getSourceRange(), Ctx);
    if (Range.isInvalid() || AwaitRange.isInvalid() || ValueType.empty()) {
      WhyNot = "the code is written in a macro";
      return {};
    }
    std::string Statement = S == P.Sink.front()
                                ? replacedText(Range, AwaitRange, Pulled, Ctx)
                                : textOf(Range, Ctx);
    Sink += "\n" + Inner +
            reindent(Statement, indentationOf(S->getBeginLoc(), Ctx), Inner);
  }
  Text += P.Sink.size() == 1 ? Sink : " {" + Sink + "\n" + Indent + "}";
  Hints.push_back(FixItHint::CreateReplacement(Whole, Text));
  if (lookupQualified(W.Ctx, "rt::map_ordered").empty())
    if (auto Include = Inserter.createIncludeInsertion(
            SM.getFileID(Whole.getBegin()), "<rt/generator.hpp>"))
      Hints.push_back(*Include);
  return Hints;
}

} // namespace clang::tidy::async
