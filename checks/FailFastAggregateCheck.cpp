//===--- FailFastAggregateCheck.cpp - asynclint ---------------------------===//

#include "FailFastAggregateCheck.h"
#include "analysis/Exceptions.h"
#include "model/AsyncMatchers.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/SmallPtrSet.h"

using namespace clang::ast_matchers;

namespace clang::tidy::async {

namespace {
constexpr llvm::StringRef FailFastJoinsOpt = "FailFastJoins";
constexpr llvm::StringRef SettledJoinOpt = "SettledJoin";
/// Joins a project adds to those of the framework profiles (roles
/// VariadicJoins, RangeJoins and BoundedJoins fail at the first failure;
/// SettledJoins keep every outcome): here, joins known by their name alone
/// in any namespace.
constexpr llvm::StringRef FailFastJoinsDefault = "";
constexpr llvm::StringRef SettledJoinsDefault = "when_all_settled;wait_for_all";

/// Whether a join starts several operations: two or more arguments, or one
/// container of tasks (a single task joins nothing).
bool joinsSeveral(const CallExpr *Join, AsyncModel &Model) {
  llvm::ArrayRef<const Expr *> Args = writtenArguments(Join);
  if (Args.size() >= 2)
    return true;
  return Args.size() == 1 &&
         Model.classify(Args[0]->getType()) == AsyncKind::None;
}
} // namespace

FailFastAggregateCheck::FailFastAggregateCheck(llvm::StringRef Name,
                                               ClangTidyContext *Context)
    : AsyncCheck(Name, Context),
      FailFastJoinsOption(Options.get(FailFastJoinsOpt, FailFastJoinsDefault)),
      FailFastJoins(FailFastJoinsOption),
      SettledJoin(Options.get(SettledJoinOpt, "rt::when_all_settled")),
      SettledJoinsOption(Options.get("SettledJoins", SettledJoinsDefault)),
      SettledJoins(SettledJoinsOption),
      SettledFormsOption(Options.get("SettledForms", "")),
      Roles(Options) {
  // The project's pairs first, so that they override the profiles'.
  std::string AllForms = SettledFormsOption;
  for (const FrameworkProfile &Profile : builtinProfiles())
    AllForms += ";" + Profile.SettledForms.str();
  llvm::SmallVector<llvm::StringRef, 8> Pairs;
  llvm::StringRef(AllForms).split(Pairs, ';', -1, false);
  for (llvm::StringRef Pair : Pairs) {
    auto [Join, Settled] = Pair.split('=');
    if (!Join.trim().empty() && !Settled.trim().empty())
      SettledForms.emplace_back(NameList(Join.trim()), Settled.trim().str());
  }
}

void FailFastAggregateCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, FailFastJoinsOpt, FailFastJoinsOption);
  Options.store(Opts, SettledJoinOpt, SettledJoin);
  Options.store(Opts, "SettledJoins", SettledJoinsOption);
  Options.store(Opts, "SettledForms", SettledFormsOption);
  Roles.store(Options, Opts);
}

bool FailFastAggregateCheck::isSettledJoin(const CallExpr *Join) const {
  return SettledJoins.containsCall(Join) ||
         Roles.of(Role::SettledJoins).containsCall(Join);
}

bool FailFastAggregateCheck::isFailFastJoin(const CallExpr *Join) const {
  return FailFastJoins.containsCall(Join) ||
         llvm::any_of(std::initializer_list<Role>{Role::VariadicJoins,
                                                  Role::RangeJoins,
                                                  Role::BoundedJoins},
                      [&](Role R) { return Roles.of(R).containsCall(Join); });
}

void FailFastAggregateCheck::registerMatchers(MatchFinder *Finder) {
  Finder->addMatcher(userCoroutineDefinition(), this);
}

void FailFastAggregateCheck::check(const MatchFinder::MatchResult &Result) {
  const auto *FD = Result.Nodes.getNodeAs<FunctionDecl>("function");
  Model.bind(*Result.Context);
  if (!enterFunction(FD, *Result.Context))
    return;
  forEachStmtInBody(userBody(FD), [&](const Stmt *S) {
    if (const auto *Try = dyn_cast<CXXTryStmt>(S))
      checkTry(Try, FD, *Result.Context);
  });
}

namespace {
/// The element types of a tuple-like specialization (`std::tuple<A, B>`,
/// packs expanded).
llvm::SmallVector<QualType, 4> tupleElements(QualType T) {
  llvm::SmallVector<QualType, 4> Out;
  const auto *Spec =
      dyn_cast_or_null<ClassTemplateSpecializationDecl>(recordOf(T));
  if (!Spec)
    return Out;
  for (const TemplateArgument &Arg : Spec->getTemplateArgs().asArray()) {
    if (Arg.getKind() == TemplateArgument::Pack) {
      for (const TemplateArgument &Inner : Arg.pack_elements())
        if (Inner.getKind() == TemplateArgument::Type)
          Out.push_back(Inner.getAsType());
    } else if (Arg.getKind() == TemplateArgument::Type) {
      Out.push_back(Arg.getAsType());
    }
  }
  return Out;
}

bool sameValueType(QualType A, QualType B) {
  return !A.isNull() && !B.isNull() && !A->isVoidType() &&
         A.getCanonicalType().getUnqualifiedType() ==
             B.getCanonicalType().getUnqualifiedType();
}

} // namespace

bool FailFastAggregateCheck::joinsByShape(const CallExpr *Join,
                                          QualType Result) {
  if (Result.isNull() || Result->isDependentType())
    return false;
  // Several awaitables as arguments: a tuple of their values comes back.
  if (Join->getNumArgs() >= 2) {
    llvm::SmallVector<QualType, 4> Values = tupleElements(Result);
    if (Values.size() != Join->getNumArgs())
      return false;
    for (unsigned I = 0; I < Join->getNumArgs(); ++I) {
      QualType Arg = Join->getArg(I)->getType();
      if (Model.classify(Arg) == AsyncKind::None ||
          !sameValueType(taskValueType(Arg), Values[I]))
        return false;
    }
    return true;
  }
  // One range of awaitables: a range of their values comes back.
  if (Join->getNumArgs() != 1)
    return false;
  QualType Element = taskValueType(Join->getArg(0)->getType());
  return !Element.isNull() && Model.classify(Element) != AsyncKind::None &&
         recordOf(Join->getArg(0)->getType()) != recordOf(Element) &&
         sameValueType(taskValueType(Element), taskValueType(Result)) &&
         Model.classify(Result) == AsyncKind::None;
}

const CallExpr *FailFastAggregateCheck::failFastJoin(const Stmt *S) {
  const auto *Await = dyn_cast<CoawaitExpr>(S);
  const auto *Join =
      Await ? dyn_cast<CallExpr>(stripImplicit(Await->getOperand())) : nullptr;
  if (!Join || isSettledJoin(Join))
    return nullptr;
  // `a && b` of two awaitables yielding an awaitable: both or neither.
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(Join);
      Op && !calledObject(Join)) {
    return Op->getOperator() == OO_AmpAmp && Op->getNumArgs() == 2 &&
                   Model.classify(Op->getArg(0)->getType()) !=
                       AsyncKind::None &&
                   Model.classify(Op->getArg(1)->getType()) !=
                       AsyncKind::None &&
                   Model.classify(Op->getType()) != AsyncKind::None
               ? Join
               : nullptr;
  }
  if (isFailFastJoin(Join))
    return joinsSeveral(Join, Model) ? Join : nullptr;
  // A parallel group waited on with a fail-fast condition.
  if (Roles.of(Role::ConditionalJoins).containsCall(Join))
    return llvm::any_of(Join->arguments(),
                        [&](const Expr *Arg) {
                          return Roles.of(Role::FailFastConditions).containsType(
                              Arg->getType());
                        })
               ? Join
               : nullptr;
  return joinsByShape(Join, Await->getType()) ? Join : nullptr;
}

std::string FailFastAggregateCheck::settledFormOf(const CallExpr *Join) const {
  for (const auto &[Names, Settled] : SettledForms)
    if (Names.containsCall(Join))
      return Settled;
  // A bounded join's settled form needs its limit too: only a pair above
  // names one.
  if (const FunctionDecl *Callee = Join->getDirectCallee();
      Callee && isFailFastJoin(Join) &&
      !Roles.of(Role::BoundedJoins).containsCall(Join)) {
    // The configured settled join, when it belongs to the same library.
    for (const NamedDecl *D :
         lookupQualified(Callee->getASTContext(), SettledJoin))
      if (sameLibrary(D, Callee))
        return SettledJoin;
  }
  return "";
}

bool FailFastAggregateCheck::producesResult(const CXXTryStmt *Try,
                                            const CXXCatchStmt *Handler,
                                            const Stmt *JoinStatement,
                                            const FunctionDecl *FD,
                                            ASTContext &Ctx) {
  const SourceManager &SM = Ctx.getSourceManager();
  const Decl *ThisKey = FD->getParent() ? cast<Decl>(FD->getParent()) : FD;
  auto WritesOuter = [&](const Stmt *S) {
    Access A = accessesOf(S, FD);
    return llvm::any_of(A.Mutates, [&](const Decl *D) {
      if (isa<FieldDecl>(D))
        return true;
      if (D == ThisKey)
        return isa<CXXRecordDecl>(D);
      const auto *V = dyn_cast<VarDecl>(D);
      return V && V->isLocalVarDeclOrParm() && !V->isStaticLocal() &&
             SM.isBeforeInTranslationUnit(V->getLocation(),
                                          Try->getBeginLoc());
    });
  };
  const Stmt *HandlerBlock = Handler->getHandlerBlock();
  bool Returns = false;
  forEachStmtInBody(HandlerBlock, [&](const Stmt *S) {
    if (const auto *Return = dyn_cast<CoreturnStmt>(S))
      Returns = Returns || (Return->getOperand() &&
                            !Return->getOperand()->getType()->isVoidType());
  });
  if (Returns || WritesOuter(HandlerBlock))
    return true;
  // The handler leaves a result the try block writes at its default.
  for (const Stmt *Statement : Try->getTryBlock()->body())
    if (Statement != JoinStatement && WritesOuter(Statement))
      return true;
  return false;
}

void FailFastAggregateCheck::checkTry(const CXXTryStmt *Try,
                                      const FunctionDecl *FD, ASTContext &Ctx) {
  // The join, awaited in the try block itself (not in a nested try, whose
  // own handler sees its failure first).
  const CallExpr *Join = nullptr;
  const Stmt *JoinStatement = nullptr;
  const SourceManager &SM = Ctx.getSourceManager();
  for (const Stmt *Statement : Try->getTryBlock()->body()) {
    llvm::SmallVector<const CXXTryStmt *, 2> Nested;
    forEachStmtInBody(Statement, [&](const Stmt *S) {
      if (const auto *Inner = dyn_cast<CXXTryStmt>(S))
        Nested.push_back(Inner);
      const CallExpr *Found = Join ? nullptr : failFastJoin(S);
      if (Found && llvm::none_of(Nested, [&](const CXXTryStmt *Inner) {
            return SM.isPointWithin(Found->getBeginLoc(), Inner->getBeginLoc(),
                                    Inner->getEndLoc());
          }))
        Join = Found;
    });
    if (Join) {
      JoinStatement = Statement;
      break;
    }
  }
  if (!Join)
    return;
  // A handler that does not rethrow and turns the failure into the
  // function's answer.
  const CXXCatchStmt *Swallowing = nullptr;
  for (unsigned I = 0; I < Try->getNumHandlers() && !Swallowing; ++I) {
    const CXXCatchStmt *Handler = Try->getHandler(I);
    const auto *Block = dyn_cast<CompoundStmt>(Handler->getHandlerBlock());
    if (Block && !Block->body_empty() && !handlerRethrows(Handler) &&
        producesResult(Try, Handler, JoinStatement, FD, Ctx))
      Swallowing = Handler;
  }
  if (!Swallowing)
    return;
  std::string Settled = settledFormOf(Join);
  std::string Name = calleeName(Join);
  if (const FunctionDecl *Callee = Join->getDirectCallee();
      Callee && Callee->getIdentifier())
    Name = Callee->getName().str();
  diag(beginOf(Join),
       "'%0' fails as a whole when one operation fails, and the handler turns "
       "that failure into a result: the outcomes of every operation that "
       "succeeded are lost; use %1 and report each item")
      << Name
      << (Settled.empty() ? std::string("a join that settles every operation")
                          : "the all-settled form ('" + Settled + "')")
      << (inInstantiation() ? Fix() : settledFix(Try, Join, FD, Ctx));
  diag(Swallowing->getBeginLoc(), "the failure is handled here as a whole",
       DiagnosticIDs::Note);
}

} // namespace clang::tidy::async
