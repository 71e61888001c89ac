//===--- SequentialAwaitsCheck.cpp - asynclint ----------------------------===//

#include "SequentialAwaitsCheck.h"
#include "AsyncMatchers.h"
#include "clang/AST/ExprCXX.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Lex/Lexer.h"

using namespace clang::ast_matchers;

namespace clang::tidy::async {

namespace {
constexpr llvm::StringRef WhenAllFunctionOpt = "WhenAllFunction";
constexpr llvm::StringRef OrderedOperationsOpt = "OrderedOperations";
constexpr llvm::StringRef LockTypesOpt = "LockTypes";
constexpr llvm::StringRef BoundedJoinFunctionOpt = "BoundedJoinFunction";
constexpr llvm::StringRef MaxConcurrencyOpt = "MaxConcurrency";

constexpr llvm::StringRef DefaultLockTypes =
    "std::lock_guard;std::unique_lock;std::scoped_lock;std::shared_lock";

} // namespace

struct SequentialAwaitsCheck::Operation {
  const Stmt *Statement;
  const VarDecl *Var;
  /// The `co_await`, or the `.get()` of a `std::async` future.
  const Expr *Wait;
  const Expr *Call;
  Access Acc;
  bool Future = false;
};

struct SequentialAwaitsCheck::Run {
  llvm::SmallVector<Operation, 4> Ops;
  Access Acc;
  DeclSet Declared;

  bool admits(const Operation &Op) const {
    if (Op.Acc.MutatesUnknown || Acc.MutatesUnknown ||
        (!Ops.empty() && Ops.front().Future != Op.Future))
      return false;
    return !intersects(Op.Acc.Reads, Declared) &&
           !intersects(Op.Acc.Reads, Acc.Mutates) &&
           !intersects(Op.Acc.Mutates, Acc.Reads);
  }
  void add(Operation Op) {
    Acc.Reads.insert(Op.Acc.Reads.begin(), Op.Acc.Reads.end());
    Acc.Mutates.insert(Op.Acc.Mutates.begin(), Op.Acc.Mutates.end());
    Declared.insert(Op.Var->getCanonicalDecl());
    Ops.push_back(std::move(Op));
  }
};

SequentialAwaitsCheck::SequentialAwaitsCheck(llvm::StringRef Name,
                                             ClangTidyContext *Context)
    : AsyncCheck(Name, Context),
      WhenAllFunction(Options.get(WhenAllFunctionOpt, "rt::when_all")),
      OrderedOperationsOption(
          Options.get(OrderedOperationsOpt, DefaultOrderedOperations)),
      OrderedOperations(OrderedOperationsOption),
      LockTypesOption(Options.get(LockTypesOpt, DefaultLockTypes)),
      LockTypes(LockTypesOption),
      BoundedJoinFunction(
          Options.get(BoundedJoinFunctionOpt, "rt::when_all_bounded")),
      MaxConcurrency(Options.get(MaxConcurrencyOpt, 10U)),
      Inserter(Options.getLocalOrGlobal("IncludeStyle",
                                        utils::IncludeSorter::IS_LLVM),
               areDiagsSelfContained()) {}

void SequentialAwaitsCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, WhenAllFunctionOpt, WhenAllFunction);
  Options.store(Opts, OrderedOperationsOpt, OrderedOperationsOption);
  Options.store(Opts, LockTypesOpt, LockTypesOption);
  Options.store(Opts, BoundedJoinFunctionOpt, BoundedJoinFunction);
  Options.store(Opts, MaxConcurrencyOpt, MaxConcurrency);
  Options.store(Opts, "IncludeStyle", Inserter.getStyle());
}

void SequentialAwaitsCheck::registerPPCallbacks(const SourceManager &,
                                                Preprocessor *PP,
                                                Preprocessor *) {
  Inserter.registerPreprocessor(PP);
}

void SequentialAwaitsCheck::registerMatchers(MatchFinder *Finder) {
  // Futures are waited for in any function, awaits only in coroutines.
  Finder->addMatcher(userFunctionDefinition(), this);
}

void SequentialAwaitsCheck::check(const MatchFinder::MatchResult &Result) {
  const auto *FD = Result.Nodes.getNodeAs<FunctionDecl>("function");
  Model.bind(*Result.Context);
  if (isInInstantiation(FD))
    return;
  walk(userBody(FD), Region(), FD, *Result.Context);
}

void SequentialAwaitsCheck::walk(const Stmt *S, Region R,
                                 const FunctionDecl *FD, ASTContext &Ctx) {
  if (!S || isa<LambdaExpr, BlockExpr>(S))
    return;
  if (const auto *Try = dyn_cast<CXXTryStmt>(S)) {
    // A handler may rely on which operation failed first.
    walk(Try->getTryBlock(), Region{true, R.LockHeld}, FD, Ctx);
    for (unsigned I = 0; I < Try->getNumHandlers(); ++I)
      walk(Try->getHandler(I)->getHandlerBlock(), R, FD, Ctx);
    return;
  }
  if (const auto *Block = dyn_cast<CompoundStmt>(S)) {
    scanBlock(Block, R, FD, Ctx);
    return;
  }
  if (const auto *Loop = dyn_cast<CXXForRangeStmt>(S);
      Loop && !R.InTry && !R.LockHeld)
    checkCollectingLoop(Loop, FD, Ctx);
  for (const Stmt *Child : S->children())
    walk(Child, R, FD, Ctx);
}

void SequentialAwaitsCheck::checkCollectingLoop(const CXXForRangeStmt *Loop,
                                                const FunctionDecl *FD,
                                                ASTContext &Ctx) {
  // The shape: the body is one `results.push_back(co_await op(...));`.
  const Stmt *Body = soleStatement(Loop->getBody());
  const auto *Push = dyn_cast_or_null<CXXMemberCallExpr>(
      isa_and_nonnull<Expr>(Body) ? stripImplicit(cast<Expr>(Body)) : nullptr);
  const CXXMethodDecl *Method = Push ? Push->getMethodDecl() : nullptr;
  if (!Method || !Method->getIdentifier() || Push->getNumArgs() != 1 ||
      !llvm::is_contained({"push_back", "emplace_back"}, Method->getName()))
    return;
  const auto *Results = dyn_cast<DeclRefExpr>(
      Push->getImplicitObjectArgument()->IgnoreParenImpCasts());
  const auto *Await = dyn_cast<CoawaitExpr>(stripImplicit(Push->getArg(0)));
  const auto *Call =
      Await ? dyn_cast<CallExpr>(stripImplicit(Await->getOperand())) : nullptr;
  if (!Results || !Call || Call->isTypeDependent() ||
      OrderedOperations.containsCall(Call))
    return;
  AsyncKind Kind = Model.classify(Call->getType());
  if (Kind != AsyncKind::LazyTask && Kind != AsyncKind::UnknownTask)
    return;
  // Each operation may read the element and loop-invariant values; it may
  // not touch the results or write anything another iteration reads.
  Access Acc = accessesOf(Call, FD);
  if (!Acc.Mutates.empty() || Acc.MutatesUnknown ||
      Acc.Reads.count(Results->getDecl()->getCanonicalDecl()))
    return;
  auto Diag = diag(Await->getBeginLoc(),
                   "each iteration waits for '%0' before the next one starts: "
                   "the calls run one at a time; run them concurrently with "
                   "at most %1 in flight")
              << calleeName(Call) << MaxConcurrency;
  Diag << loopFix(Loop, Call, Results, FD, Ctx);
}

Fix SequentialAwaitsCheck::loopFix(const CXXForRangeStmt *Loop,
                                   const CallExpr *Call,
                                   const DeclRefExpr *Results,
                                   const FunctionDecl *FD, ASTContext &Ctx) {
  bool Known =
      Model.canAwaitIn(FD, Call->getType()) &&
      llvm::any_of(lookupQualified(Ctx, BoundedJoinFunction),
                   [&](const NamedDecl *Join) {
                     return sameLibrary(Join, recordOf(Call->getType()));
                   });
  CharSourceRange Whole = fixableRange(Loop->getSourceRange(), Ctx);
  if (!Known || Whole.isInvalid() || hasComments(Whole, Ctx))
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
  return {FixItHint::CreateReplacement(
      Whole, "for (auto &&value : co_await " + BoundedJoinFunction + "(" +
                 Range.str() + ", " + std::to_string(MaxConcurrency) +
                 ", [&](" + Element.str() + ") { return " + Operation.str() +
                 "; }))\n" + indentationOf(Loop->getBeginLoc(), Ctx) + "  " +
                 Name + ".push_back(std::move(value));")};
}

bool SequentialAwaitsCheck::declaresLock(const Stmt *S) const {
  const auto *DS = dyn_cast<DeclStmt>(S);
  if (!DS)
    return false;
  return llvm::any_of(DS->decls(), [&](const Decl *D) {
    const auto *Var = dyn_cast<VarDecl>(D);
    return Var && LockTypes.containsType(Var->getType());
  });
}

void SequentialAwaitsCheck::scanBlock(const CompoundStmt *Block, Region R,
                                      const FunctionDecl *FD, ASTContext &Ctx) {
  Run Current;
  auto Flush = [&] {
    if (Current.Ops.size() >= 2)
      report(Current, FD, Ctx);
    Current = Run();
  };
  for (const Stmt *S : Block->body()) {
    if (declaresLock(S))
      R.LockHeld = true;
    std::optional<Operation> Op =
        R.InTry || R.LockHeld ? std::nullopt : operationOf(S, FD);
    if (!Op) {
      Flush();
      walk(S, R, FD, Ctx);
      continue;
    }
    if (!Current.admits(*Op))
      Flush();
    Current.add(std::move(*Op));
  }
  Flush();
}

std::optional<SequentialAwaitsCheck::Operation>
SequentialAwaitsCheck::operationOf(const Stmt *S, const FunctionDecl *FD) {
  const auto *DS = dyn_cast<DeclStmt>(S);
  if (!DS || !DS->isSingleDecl())
    return std::nullopt;
  const auto *Var = dyn_cast<VarDecl>(DS->getSingleDecl());
  // An unused result marks a guard or a side effect: it must finish first.
  if (!Var || !Var->getInit() || !Var->isReferenced() ||
      Var->getType()->isReferenceType() || Var->isStaticLocal())
    return std::nullopt;
  const Expr *Init = stripImplicit(Var->getInit());
  std::optional<Operation> Op = isa<CoawaitExpr>(Init)
                                    ? awaitOperation(cast<CoawaitExpr>(Init))
                                    : futureOperation(Init);
  if (!Op)
    return std::nullopt;
  Op->Statement = S;
  Op->Var = Var;
  Op->Acc = accessesOf(Op->Call, FD);
  return Op;
}

std::optional<SequentialAwaitsCheck::Operation>
SequentialAwaitsCheck::awaitOperation(const CoawaitExpr *Await) {
  if (Await->isTypeDependent())
    return std::nullopt;
  const Expr *Call = stripImplicit(Await->getOperand());
  if (!isa<CallExpr>(Call) || OrderedOperations.contains(calleeOf(Call)))
    return std::nullopt;
  AsyncKind Kind = Model.classify(Call->getType());
  if (Kind != AsyncKind::LazyTask && Kind != AsyncKind::EagerTask &&
      Kind != AsyncKind::UnknownTask)
    return std::nullopt;
  // Awaiting a task created earlier: an eager one is already running.
  if (!Call->isPRValue() && Kind != AsyncKind::LazyTask)
    return std::nullopt;
  return Operation{nullptr, nullptr, Await, Call, {}};
}

/// `std::async(...).get()`: the task is launched and at once waited for.
/// A deferred one runs inside `get()` whatever the order, so it is no
/// candidate; without a policy the library may defer it too, which the fix
/// rules out by asking for `std::launch::async`.
std::optional<SequentialAwaitsCheck::Operation>
SequentialAwaitsCheck::futureOperation(const Expr *Init) {
  const auto *Get = dyn_cast<CXXMemberCallExpr>(Init);
  const CXXMethodDecl *Method = Get ? Get->getMethodDecl() : nullptr;
  if (!Method || !Method->getIdentifier() || Method->getName() != "get" ||
      Get->getNumArgs() != 0 ||
      Model.classify(Get->getImplicitObjectArgument()->getType()) !=
          AsyncKind::Future)
    return std::nullopt;
  const auto *Call =
      dyn_cast<CallExpr>(stripImplicit(Get->getImplicitObjectArgument()));
  if (!Call || !isStdNamed(calleeOf(Call), "async") || isDeferredLaunch(Call))
    return std::nullopt;
  return Operation{nullptr, nullptr, Get, Call, {}, /*Future=*/true};
}

void SequentialAwaitsCheck::report(const Run &R, const FunctionDecl *FD,
                                   ASTContext &Ctx) {
  const Operation &First = R.Ops.front();
  if (First.Future)
    diag(First.Call->getBeginLoc(),
         "%0 independent std::async tasks are each waited for before the "
         "next one is launched: their latencies add up; launch them all "
         "before the first get()")
        << static_cast<unsigned>(R.Ops.size()) << futuresFix(R, FD, Ctx);
  else
    diag(First.Wait->getBeginLoc(),
         "%0 independent operations are awaited one after another: their "
         "latencies add up; await them together so they run concurrently")
        << static_cast<unsigned>(R.Ops.size()) << joinFix(R, FD, Ctx);
  for (size_t I = 0; I < R.Ops.size(); ++I)
    diag(R.Ops[I].Call->getBeginLoc(),
         "operation %0 of %1 does not depend on the others",
         DiagnosticIDs::Note)
        << static_cast<unsigned>(I + 1) << static_cast<unsigned>(R.Ops.size());
}

namespace {
/// How the framework of a run's tasks joins them: `Prefix op1 Sep op2 ...
/// Suffix`, plus a statement to put first and a header to include.
struct Joiner {
  std::string Prefix, Separator, Suffix, Preamble, Header;
};

} // namespace

Fix SequentialAwaitsCheck::joinFix(const Run &R, const FunctionDecl *FD,
                                   ASTContext &Ctx) {
  // One declaration form for all: the same const-ness, and each declared
  // type exactly what its await produces (a structured binding cannot
  // convert).
  bool Const = R.Ops.front().Var->getType().isConstQualified();
  for (const Operation &Op : R.Ops) {
    QualType Declared = Op.Var->getType();
    if (Declared.isConstQualified() != Const ||
        Declared.getCanonicalType().getUnqualifiedType() !=
            Op.Wait->getType().getCanonicalType().getUnqualifiedType())
      return {};
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
    return {};
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
      return {};
  }

  SourceRange Whole(R.Ops.front().Statement->getBeginLoc(),
                    R.Ops.back().Statement->getEndLoc());
  CharSourceRange Range = fixableRange(Whole, Ctx);
  if (Range.isInvalid() || hasComments(Range, Ctx))
    return {};
  std::string Text;
  if (!How->Preamble.empty())
    Text += How->Preamble + "\n" + indentationOf(Whole.getBegin(), Ctx);
  Text += Const ? "const auto [" : "auto [";
  for (size_t I = 0; I < R.Ops.size(); ++I)
    Text += (I ? ", " : "") + R.Ops[I].Var->getName().str();
  Text += "] = " + How->Prefix;
  for (size_t I = 0; I < R.Ops.size(); ++I) {
    CharSourceRange Op = fixableRange(R.Ops[I].Call->getSourceRange(), Ctx);
    if (Op.isInvalid())
      return {};
    Text += (I ? How->Separator : "") +
            Lexer::getSourceText(Op, Ctx.getSourceManager(), Ctx.getLangOpts())
                .str();
  }
  Text += How->Suffix + ";";

  Fix Hints{FixItHint::CreateReplacement(Range, Text)};
  if (!How->Header.empty())
    if (auto Include = Inserter.createIncludeInsertion(
            Ctx.getSourceManager().getFileID(Whole.getBegin()), How->Header))
      Hints.push_back(*Include);
  return Hints;
}

/// `T a = std::async(p, f, x).get(); U b = ...;` becomes the launches of
/// every future first, then the `get()`s in the same order, each into the
/// declaration as written.
Fix SequentialAwaitsCheck::futuresFix(const Run &R, const FunctionDecl *FD,
                                      ASTContext &Ctx) {
  const SourceManager &SM = Ctx.getSourceManager();
  SourceRange Whole(R.Ops.front().Statement->getBeginLoc(),
                    R.Ops.back().Statement->getEndLoc());
  CharSourceRange Range = fixableRange(Whole, Ctx);
  if (Range.isInvalid() || hasComments(Range, Ctx) || isInInstantiation(FD))
    return {};
  FreshNames Names(FD);
  std::string Indent = indentationOf(Whole.getBegin(), Ctx);
  std::string Launches, Gets;
  for (const Operation &Op : R.Ops) {
    CharSourceRange Statement =
        fixableRange(Op.Statement->getSourceRange(), Ctx);
    CharSourceRange Call = fixableRange(Op.Call->getSourceRange(), Ctx);
    if (Op.Var->getInitStyle() != VarDecl::CInit || Statement.isInvalid() ||
        Call.isInvalid())
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
    std::string Future = Names.take(Op.Var->getName().str() + "_future");
    llvm::StringRef Declaration = Lexer::getSourceText(
        CharSourceRange::getCharRange(Statement.getBegin(), Call.getBegin()),
        SM, Ctx.getLangOpts());
    Launches += "auto " + Future + " = " + Launch + ";\n" + Indent;
    Gets += (Gets.empty() ? "" : "\n" + Indent) + Declaration.str() + Future +
            ".get();";
  }
  return {FixItHint::CreateReplacement(Range, Launches + Gets)};
}

} // namespace clang::tidy::async
