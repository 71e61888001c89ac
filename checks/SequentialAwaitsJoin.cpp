//===--- SequentialAwaitsJoin.cpp - asynclint -----------------------------===//
//
// The unsafe repairs of async-sequential-awaits: a run of independent
// awaits becomes one await of the framework's join, a run of `std::async`
// futures launches every task before the first `get()`, and a loop that
// awaits once per element becomes the framework's bounded map.
//
//===----------------------------------------------------------------------===//

#include "SequentialAwaitsCheck.h"
#include "SequentialAwaitsRun.h"
#include "analysis/Ranges.h"
#include "model/AsyncMatchers.h"
#include "model/NetworkModel.h"
#include "frameworks/Profiles.h"
#include "clang/AST/ExprCXX.h"
#include "clang/Lex/Lexer.h"

namespace clang::tidy::async {

Fix SequentialAwaitsCheck::loopFix(const CXXForRangeStmt *Loop,
                                   const CallExpr *Call,
                                   const DeclRefExpr *Results,
                                   const FunctionDecl *FD, ASTContext &Ctx) {
  if (inInstantiation())
    return {};
  bool Known =
      Model.canAwaitIn(FD, Call->getType()) &&
      llvm::any_of(lookupQualified(Ctx, BoundedJoinFunction),
                   [&](const NamedDecl *Join) {
                     return sameLibrary(Join, recordOf(Call->getType()));
                   });
  CharSourceRange Whole = fixableRange(Loop->getSourceRange(), Ctx);
  if (!Known || Whole.isInvalid())
    return {};
  // The element's declaration up to its name (its range runs on to the
  // implicit initializer at the colon).
  const VarDecl *Var = Loop->getLoopVariable();
  llvm::StringRef Element =
      sourceText({Var->getBeginLoc(), Var->getLocation()}, Ctx);
  llvm::StringRef Range =
      sourceText(Loop->getRangeInit()->getSourceRange(), Ctx);
  llvm::StringRef Operation = sourceText(Call->getSourceRange(), Ctx);
  if (Element.empty() || Range.empty() || Operation.empty())
    return {};
  std::string Name = Results->getDecl()->getName().str();
  std::string Indent = indentationOf(Loop->getBeginLoc(), Ctx);
  std::string Comments = hoistedComments(
      Whole,
      {fixableRange({Var->getBeginLoc(), Var->getLocation()}, Ctx),
       fixableRange(Loop->getRangeInit()->getSourceRange(), Ctx),
       fixableRange(Call->getSourceRange(), Ctx)},
      Indent, Ctx);
  return {FixItHint::CreateReplacement(
      Whole, Comments + "for (auto &&value : co_await " + BoundedJoinFunction + "(" +
                 Range.str() + ", " + std::to_string(MaxConcurrency) +
                 ", [&](" + Element.str() + ") { return " + Operation.str() +
                 "; }))\n" + Indent + "  " + Name +
                 ".push_back(std::move(value));")};
}

namespace {
/// How the framework of a run's tasks joins them: `Prefix op1 Sep op2 ...
/// Suffix`, plus a statement to put first and a header to include.
struct Joiner {
  std::string Prefix, Separator, Suffix, Preamble, Header;
};

/// Whether a call of \p Join with \p Count task operands is known to
/// compile and to be awaitable in \p Coroutine. A function object (a CPO)
/// or a deduced return type cannot be judged here and is trusted to the
/// profile; a declared signature must take the operands and return
/// something the coroutine can await.
bool joinAcceptsOperands(const NamedDecl *Join, unsigned Count,
                         const FunctionDecl *Coroutine, AsyncModel &Model) {
  const FunctionDecl *FD = Join->getAsFunction();
  if (!FD)
    return isa<VarDecl>(Join);
  bool Variadic = llvm::any_of(FD->parameters(), [](const ParmVarDecl *P) {
    return P->isParameterPack();
  });
  if (!Variadic && FD->getNumParams() != Count)
    return false;
  QualType Result = FD->getReturnType();
  if (Result->getContainedDeducedType())
    return true;
  const CXXRecordDecl *RD = Result->getAsCXXRecordDecl();
  if (const auto *Spec = Result->getAs<TemplateSpecializationType>())
    if (const auto *Template = dyn_cast_or_null<ClassTemplateDecl>(
            Spec->getTemplateName().getAsTemplateDecl()))
      RD = Template->getTemplatedDecl();
  if (!RD)
    return false;
  return Model.canAwaitIn(Coroutine, RD);
}

/// The variadic join of the framework that declares \p Task, when the
/// unit declares one that takes \p Count operands and can be awaited in
/// \p Coroutine: `co_await join(a(), b())` gives a tuple of the values.
std::optional<Joiner> profileJoiner(const CXXRecordDecl *Task, unsigned Count,
                                    const FunctionDecl *Coroutine,
                                    AsyncModel &Model, ASTContext &Ctx) {
  std::optional<FrameworkProfile::Spelled> Join =
      declaredSpelling(Task, Spelling::VariadicJoin, Ctx);
  // A function called `join(a, b)`, not an operator (Asio's `&&`).
  if (!Join || !Join->Call.contains("::"))
    return std::nullopt;
  if (llvm::none_of(lookupQualified(Ctx, Join->Call),
                    [&](const NamedDecl *D) {
                      return joinAcceptsOperands(D, Count, Coroutine, Model);
                    }))
    return std::nullopt;
  return Joiner{"co_await " + Join->Call.str() + "(", ", ", ")", "",
                Join->Header.str()};
}

} // namespace

Fix SequentialAwaitsCheck::joinFix(const Run &R, const FunctionDecl *FD,
                                   ASTContext &Ctx, std::string &WhyNot) {
  auto No = [&](llvm::StringRef Why) {
    WhyNot = Why.str();
    return Fix();
  };
  if (inInstantiation())
    return No(TemplateNoFix);
  if (llvm::any_of(R.Ops, [](const Operation &Op) { return Op.Appends; }))
    return No("the results are appended to a container");
  // Either all declare or all assign. Declarations: one form for all, the
  // same const-ness, and each declared type exactly what its await produces
  // (a structured binding cannot convert). Assignments: `std::tie(...) =`
  // assigns each element as the statement did, unless a result is itself a
  // tuple (the Asio operators would flatten it).
  bool Assigns = !R.Ops.front().Path.empty();
  bool Const = !Assigns && R.Ops.front().Var->getType().isConstQualified();
  bool Flattens = isAsio(recordOf(R.Ops.front().Call->getType()));
  for (const Operation &Op : R.Ops) {
    if (Op.Path.empty() == Assigns)
      return No("the run mixes declarations and assignments");
    const CXXRecordDecl *Result = recordOf(Op.Wait->getType());
    if ((Assigns || Flattens) && Result && Result->getIdentifier() &&
        Result->isInStdNamespace() &&
        llvm::is_contained({"tuple", "pair"}, Result->getName()))
      return No("a result is itself a tuple");
    if (Assigns)
      continue;
    QualType Declared = Op.Var->getType();
    if (isa<DecompositionDecl>(Op.Var))
      return No("a declaration is a structured binding");
    if (Declared.isConstQualified() != Const)
      return No("the declarations differ in const-ness");
    if (Declared.getCanonicalType().getUnqualifiedType() !=
        Op.Wait->getType().getCanonicalType().getUnqualifiedType())
      return No("a declared type differs from what its await produces");
  }

  const CXXRecordDecl *Task = recordOf(R.Ops.front().Call->getType());
  std::optional<Joiner> How;
  const CXXRecordDecl *Promise = Model.promiseOfCoroutine(FD);
  if (isAsio(Task) && isAsio(Promise)) {
    AsioSpelling Asio = asioSpellingOf(Task);
    std::string Using =
        seesUsingDirective(FD, {"awaitable_operators"})
            ? ""
            : "using namespace " + Asio.OperatorsNamespace + ";";
    How = Joiner{"co_await (", " && ", ")", Using, Asio.OperatorsHeader};
  } else if (Model.canAwaitIn(FD, R.Ops.front().Call->getType()) &&
             llvm::any_of(lookupQualified(Ctx, WhenAllFunction),
                          [&](const NamedDecl *WhenAll) {
                            return sameLibrary(WhenAll, Task);
                          })) {
    How = Joiner{"co_await " + WhenAllFunction + "(", ", ", ")", "", ""};
  }
  if (!How)
    How = profileJoiner(Task, R.Ops.size(), FD, Model, Ctx);
  if (!How)
    return No("no join is known for these tasks here");
  // Every operation must be of the same task family the joiner accepts.
  for (const Operation &Op : R.Ops) {
    const CXXRecordDecl *RD = recordOf(Op.Call->getType());
    const auto *Spec = dyn_cast<ClassTemplateSpecializationDecl>(RD);
    const auto *FirstSpec = dyn_cast<ClassTemplateSpecializationDecl>(Task);
    bool SameFamily = Spec && FirstSpec
                          ? Spec->getSpecializedTemplate() ==
                                FirstSpec->getSpecializedTemplate()
                          : RD == Task;
    if (!SameFamily)
      return No("the operations are tasks of different types");
  }

  SourceRange Whole(R.Ops.front().Statement->getBeginLoc(),
                    R.Ops.back().Statement->getEndLoc());
  CharSourceRange Range = runRange(R, Ctx);
  if (Range.isInvalid())
    return No("part of the run is spelled in a macro");
  // The run's comments (its `// why` lines) go before the joined statement;
  // those inside an operation stay with its copied text.
  llvm::SmallVector<CharSourceRange, 4> Copied;
  for (const Operation &Op : R.Ops)
    for (const Expr *Kept : {Op.Call, Op.Target})
      if (Kept)
        Copied.push_back(fixableRange(Kept->getSourceRange(), Ctx));
  std::string Text = hoistedComments(Range, Copied,
                                     indentationOf(Whole.getBegin(), Ctx), Ctx);
  if (!How->Preamble.empty())
    Text += How->Preamble + "\n" + indentationOf(Whole.getBegin(), Ctx);
  if (Assigns) {
    Text += "std::tie(";
    for (size_t I = 0; I < R.Ops.size(); ++I) {
      CharSourceRange Target =
          fixableRange(R.Ops[I].Target->getSourceRange(), Ctx);
      if (Target.isInvalid())
        return No("part of the run is spelled in a macro");
      Text += (I ? ", " : "") + Lexer::getSourceText(Target,
                                                     Ctx.getSourceManager(),
                                                     Ctx.getLangOpts())
                                    .str();
    }
    Text += ") = " + How->Prefix;
  } else {
    Text += Const ? "const auto [" : "auto [";
    for (size_t I = 0; I < R.Ops.size(); ++I)
      Text += (I ? ", " : "") + R.Ops[I].Var->getName().str();
    Text += "] = " + How->Prefix;
  }
  for (size_t I = 0; I < R.Ops.size(); ++I) {
    CharSourceRange Op = fixableRange(R.Ops[I].Call->getSourceRange(), Ctx);
    if (Op.isInvalid())
      return No("part of the run is spelled in a macro");
    std::string Operand =
        Lexer::getSourceText(Op, Ctx.getSourceManager(), Ctx.getLangOpts())
            .str();
    if (R.Ops[I].NamedTask)
      Operand = "std::move(" + Operand + ")";
    Text += (I ? How->Separator : "") + Operand;
  }
  Text += How->Suffix + ";";

  Fix Hints{FixItHint::CreateReplacement(Range, Text)};
  FileID File = Ctx.getSourceManager().getFileID(Range.getBegin());
  bool Moves = llvm::any_of(R.Ops, [](const Operation &Op) {
    return Op.NamedTask;
  });
  for (llvm::StringRef Header :
       {llvm::StringRef(How->Header), llvm::StringRef(Assigns ? "<tuple>" : ""),
        llvm::StringRef(Moves ? "<utility>" : "")})
    if (!Header.empty())
      if (auto Include = Inserter.createIncludeInsertion(File, Header))
        Hints.push_back(*Include);
  return Hints;
}

/// The run's statements, each with its `;`.
CharSourceRange SequentialAwaitsCheck::runRange(const Run &R,
                                                const ASTContext &Ctx) {
  auto WithSemi = [&](const Stmt *S) {
    // A declaration's range already ends with its `;`.
    return isa<DeclStmt>(S) ? fixableRange(S->getSourceRange(), Ctx)
                            : statementRange(S, Ctx);
  };
  CharSourceRange First = WithSemi(R.Ops.front().Statement);
  CharSourceRange Last = WithSemi(R.Ops.back().Statement);
  if (First.isInvalid() || Last.isInvalid())
    return {};
  return CharSourceRange::getCharRange(First.getBegin(), Last.getEnd());
}

/// `T a = std::async(p, f, x).get(); U b = ...;` becomes the launches of
/// every future first, then the `get()`s in the same order, each into the
/// declaration as written.
Fix SequentialAwaitsCheck::futuresFix(const Run &R, const FunctionDecl *FD,
                                      ASTContext &Ctx) {
  if (inInstantiation())
    return {};
  const SourceManager &SM = Ctx.getSourceManager();
  SourceRange Whole(R.Ops.front().Statement->getBeginLoc(),
                    R.Ops.back().Statement->getEndLoc());
  CharSourceRange Range = runRange(R, Ctx);
  if (Range.isInvalid() || isInInstantiation(FD))
    return {};
  FreshNames Fresh(FD);
  std::string Indent = indentationOf(Whole.getBegin(), Ctx);
  std::string Launches, Gets;
  llvm::SmallVector<CharSourceRange, 4> Copied;
  for (const Operation &Op : R.Ops) {
    CharSourceRange Statement =
        fixableRange(Op.Statement->getSourceRange(), Ctx);
    CharSourceRange Call = fixableRange(Op.Call->getSourceRange(), Ctx);
    if ((Op.Var && Op.Var->getInitStyle() != VarDecl::CInit) ||
        Statement.isInvalid() || Call.isInvalid())
      return {};
    llvm::StringRef CallText =
        Lexer::getSourceText(Call, SM, Ctx.getLangOpts());
    const Expr *Policy = launchPolicyOf(cast<CallExpr>(Op.Call));
    std::string Launch = CallText.str();
    if (!Policy) {
      // Without a policy the library may defer the task into get().
      const Expr *First = cast<CallExpr>(Op.Call)->getArg(0);
      if (First->getBeginLoc().isMacroID())
        return {};
      unsigned At = SM.getFileOffset(First->getBeginLoc()) -
                    SM.getFileOffset(Call.getBegin());
      Launch.insert(At, "std::launch::async, ");
    } else if (const auto *Ref = dyn_cast<DeclRefExpr>(Policy);
               !Ref || Ref->getDecl()->getName() != "async") {
      return {};
    }
    // Named after what receives the result: the variable or the member.
    llvm::StringRef Receiver =
        Op.Path.empty() ? Op.Var->getName() : Op.Path.back()->getName();
    std::string Future =
        Fresh.take((Receiver.empty() ? std::string("result") : Receiver.str()) +
                   "_future");
    llvm::StringRef Declaration = Lexer::getSourceText(
        CharSourceRange::getCharRange(Statement.getBegin(), Call.getBegin()),
        SM, Ctx.getLangOpts());
    Copied.push_back(
        CharSourceRange::getCharRange(Statement.getBegin(), Call.getEnd()));
    Launches += "auto " + Future + " = " + Launch + ";\n" + Indent;
    Gets += (Gets.empty() ? "" : "\n" + Indent) + Declaration.str() + Future +
            ".get();";
  }
  return {FixItHint::CreateReplacement(
      Range, hoistedComments(Range, Copied, Indent, Ctx) + Launches + Gets)};
}

} // namespace clang::tidy::async
