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
/// Joins whose completion condition argument decides whether they are
/// fail-fast: Asio's parallel groups.
constexpr llvm::StringRef ConditionalJoinsDefault =
    "asio::experimental::parallel_group::async_wait;"
    "asio::experimental::ranged_parallel_group::async_wait;"
    "boost::asio::experimental::parallel_group::async_wait;"
    "boost::asio::experimental::ranged_parallel_group::async_wait";
constexpr llvm::StringRef FailFastConditionsDefault =
    "asio::experimental::wait_for_one_error;"
    "boost::asio::experimental::wait_for_one_error";
/// What the message recommends instead of a fail-fast join.
constexpr llvm::StringRef SettledFormsDefault =
    "folly::coro::collectAll=folly::coro::collectAllTry;"
    "folly::coro::collectAllRange=folly::coro::collectAllTryRange;"
    "folly::coro::collectAllWindowed=folly::coro::collectAllTryWindowed;"
    "cppcoro::when_all=cppcoro::when_all_ready;"
    "asio::experimental::parallel_group::async_wait=wait_for_all();"
    "asio::experimental::ranged_parallel_group::async_wait=wait_for_all();"
    "boost::asio::experimental::parallel_group::async_wait=wait_for_all();"
    "boost::asio::experimental::ranged_parallel_group::async_wait=wait_for_all()";

/// Whether a join starts several operations: two or more arguments, or one
/// container of tasks (a single task joins nothing).
bool joinsSeveral(const CallExpr *Join, AsyncModel &Model) {
  llvm::ArrayRef<const Expr *> Args = writtenArguments(Join);
  if (Args.size() >= 2)
    return true;
  return Args.size() == 1 &&
         Model.classify(Args[0]->getType()) == AsyncKind::None;
}

/// Every node under \p S, nested lambdas included: a rewrite must see each
/// use of a variable it renames, wherever it is.
void forEachNode(const Stmt *S, llvm::function_ref<void(const Stmt *)> Visit) {
  forEachEvaluatedStmt(S, /*IntoLambdas=*/true, Visit);
}

const VarDecl *refTo(const Expr *E) {
  const auto *Ref =
      dyn_cast_or_null<DeclRefExpr>(E ? E->IgnoreParenImpCasts() : nullptr);
  return Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
}

unsigned countRefs(const Stmt *S, const VarDecl *V) {
  unsigned N = 0;
  forEachNode(S, [&](const Stmt *Child) {
    const auto *Ref = dyn_cast<DeclRefExpr>(Child);
    N += Ref && Ref->getDecl() == V;
  });
  return N;
}

/// `for (T I = 0; I < Range.size(); ++I)`: a loop over the indices of a
/// variable.
struct IndexLoop {
  const VarDecl *Index = nullptr;
  const VarDecl *Range = nullptr;
};

std::optional<IndexLoop> indexLoop(const ForStmt *Loop) {
  std::optional<CountingLoop> Counting = countingLoopOf(Loop);
  const VarDecl *Index = Counting ? Counting->Index : nullptr;
  const auto *Zero =
      Index && Index->getInit()
          ? dyn_cast<IntegerLiteral>(Index->getInit()->IgnoreParenImpCasts())
          : nullptr;
  if (!Zero || Zero->getValue() != 0)
    return std::nullopt;
  const auto *Size =
      dyn_cast<CXXMemberCallExpr>(Counting->Bound->IgnoreParenImpCasts());
  const CXXMethodDecl *Method = Size ? Size->getMethodDecl() : nullptr;
  const VarDecl *Range =
      Size ? refTo(Size->getImplicitObjectArgument()) : nullptr;
  if (!Method || !Method->getIdentifier() || Method->getName() != "size" ||
      !Range)
    return std::nullopt;
  return IndexLoop{Index, Range};
}

/// `Range[Index]`, built-in or overloaded.
bool isSubscript(const Stmt *S, const VarDecl *Range, const VarDecl *Index) {
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(S))
    return Op->getOperator() == OO_Subscript && Op->getNumArgs() == 2 &&
           refTo(Op->getArg(0)) == Range && refTo(Op->getArg(1)) == Index;
  const auto *Sub = dyn_cast<ArraySubscriptExpr>(S);
  return Sub && refTo(Sub->getBase()) == Range && refTo(Sub->getIdx()) == Index;
}

/// True when \p S reads \p V but never changes it: each use is converted
/// to a value, is the object of a const member call, or is subscripted,
/// which may change an element but not the range.
bool onlyReads(const Stmt *S, const VarDecl *V) {
  llvm::SmallPtrSet<const Expr *, 8> Reads;
  auto Read = [&](const Expr *E) {
    if (refTo(E) == V)
      Reads.insert(E->IgnoreParenImpCasts());
  };
  forEachNode(S, [&](const Stmt *Child) {
    if (const auto *Cast = dyn_cast<ImplicitCastExpr>(Child);
        Cast && Cast->getCastKind() == CK_LValueToRValue)
      Read(Cast->getSubExpr());
    else if (const auto *Call = dyn_cast<CXXMemberCallExpr>(Child);
             Call && Call->getMethodDecl() && Call->getMethodDecl()->isConst())
      Read(Call->getImplicitObjectArgument());
    else if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(Child);
             Op && Op->getOperator() == OO_Subscript && Op->getNumArgs() == 2)
      Read(Op->getArg(0));
    else if (const auto *Sub = dyn_cast<ArraySubscriptExpr>(Child))
      Read(Sub->getBase());
  });
  return Reads.size() == countRefs(S, V);
}

/// True when \p S leaves its loop or function early (a per-item rewrite
/// would change which items are handled).
bool jumpsOut(const Stmt *S) {
  bool Found = false;
  forEachNode(S, [&](const Stmt *Child) {
    Found =
        Found ||
        isa<BreakStmt, ReturnStmt, CoreturnStmt, GotoStmt, IndirectGotoStmt>(
            Child);
  });
  return Found;
}

/// A replacement of the characters [Begin, End) of the file.
struct Edit {
  unsigned Begin, End;
  std::string Text;
};

/// The file offsets of \p Range's tokens; nothing inside a macro.
std::optional<std::pair<unsigned, unsigned>> offsets(SourceRange Range,
                                                     const ASTContext &Ctx) {
  CharSourceRange Chars = fixableRange(Range, Ctx);
  if (Chars.isInvalid())
    return std::nullopt;
  const SourceManager &SM = Ctx.getSourceManager();
  return std::make_pair(SM.getFileOffset(Chars.getBegin()),
                        SM.getFileOffset(Chars.getEnd()));
}

/// The statements of a loop body as text, with \p Edits applied, each line
/// re-indented to \p Indent. None when an edit falls outside or in a macro.
std::optional<std::string> bodyText(const Stmt *Body, std::vector<Edit> Edits,
                                    llvm::StringRef Indent,
                                    const ASTContext &Ctx) {
  const SourceManager &SM = Ctx.getSourceManager();
  auto Whole = offsets(Body->getSourceRange(), Ctx);
  if (!Whole)
    return std::nullopt;
  unsigned Begin = Whole->first, End = Whole->second;
  SourceLocation First = Body->getBeginLoc();
  if (const auto *Block = dyn_cast<CompoundStmt>(Body)) {
    if (Block->body_empty())
      return std::nullopt;
    ++Begin, --End; // inside the braces
    First = Block->body_front()->getBeginLoc();
  } else {
    End = SM.getFileOffset(statementRange(Body, Ctx).getEnd());
  }
  llvm::StringRef Buffer = SM.getBufferData(SM.getFileID(Body->getBeginLoc()));
  llvm::sort(Edits,
             [](const Edit &A, const Edit &B) { return A.Begin > B.Begin; });
  std::string Text = Buffer.substr(Begin, End - Begin).str();
  unsigned Previous = End;
  for (const Edit &E : Edits) {
    if (E.Begin < Begin || E.End > Previous || E.Begin > E.End)
      return std::nullopt;
    Text.replace(E.Begin - Begin, E.End - E.Begin, E.Text);
    Previous = E.Begin;
  }
  // Re-indent: the first statement's indentation becomes \p Indent.
  std::string Old = indentationOf(First, Ctx);
  llvm::SmallVector<llvm::StringRef, 8> Lines;
  llvm::StringRef(Text).split(Lines, '\n');
  std::string Out, Blank;
  for (llvm::StringRef Line : Lines) {
    if (Line.trim().empty()) { // kept only between statements
      Blank += Out.empty() ? "" : "\n";
      continue;
    }
    if (!Line.consume_front(Old))
      Line = Line.ltrim();
    Out += Blank + Indent.str() + Line.rtrim().str() + "\n";
    Blank.clear();
  }
  return Out;
}

/// `Error.what()` when \p E is that call.
const CXXMemberCallExpr *whatOf(const Expr *E, const VarDecl *Error) {
  const auto *What = dyn_cast<CXXMemberCallExpr>(E->IgnoreParenImpCasts());
  const CXXMethodDecl *Method = What ? What->getMethodDecl() : nullptr;
  return Method && Method->getIdentifier() && Method->getName() == "what" &&
                 refTo(What->getImplicitObjectArgument()) == Error
             ? What
             : nullptr;
}

bool isStdString(QualType T) {
  const auto *RD = T.getNonReferenceType()->getAsCXXRecordDecl();
  return RD && isStdNamed(RD, "basic_string");
}

/// `Error.what()` where \p S uses it as a `std::string`: a string built from
/// it, or appended to a string. There a per-item error message (a
/// `std::string` too) can stand for it.
const Expr *whatUsedAsString(const Stmt *S, const VarDecl *Error) {
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(S))
    return isStdString(Construct->getType()) && Construct->getNumArgs() > 0 &&
                   llvm::all_of(llvm::drop_begin(Construct->arguments()),
                                [](const Expr *Arg) {
                                  return isa<CXXDefaultArgExpr>(Arg);
                                })
               ? whatOf(Construct->getArg(0), Error)
               : nullptr;
  const auto *Plus = dyn_cast<CXXOperatorCallExpr>(S);
  if (!Plus || Plus->getOperator() != OO_Plus || Plus->getNumArgs() != 2 ||
      !isInStdLibrary(Plus->getDirectCallee()))
    return nullptr;
  for (unsigned I = 0; I < 2; ++I)
    if (isStdString(Plus->getArg(1 - I)->getType()))
      if (const Expr *What = whatOf(Plus->getArg(I), Error))
        return What;
  return nullptr;
}

/// Whether \p E is a `std::exception` the handler catches by reference, or
/// a catch-all: the only handlers whose failures are all the join's.
bool catchesEveryStdFailure(const CXXCatchStmt *Handler) {
  QualType Caught = Handler->getCaughtType();
  if (Caught.isNull())
    return true; // catch (...)
  const auto *RD = Caught.getNonReferenceType()->getAsCXXRecordDecl();
  return Caught->isReferenceType() && RD && isStdNamed(RD, "exception");
}

/// Whether the class template behind some part of \p T has the interface
/// of one operation's outcome: `ok()`, `value()`, `error_message()`.
bool mentionsOutcomeType(QualType T, ASTContext &Ctx) {
  const auto *Spec =
      T.isNull() ? nullptr : T->getAs<TemplateSpecializationType>();
  if (!Spec)
    return false;
  if (const auto *Template = dyn_cast_or_null<ClassTemplateDecl>(
          Spec->getTemplateName().getAsTemplateDecl())) {
    const CXXRecordDecl *RD = Template->getTemplatedDecl();
    if (llvm::all_of(std::initializer_list<llvm::StringRef>{"ok", "value",
                                                            "error_message"},
                     [&](llvm::StringRef Name) {
                       return !RD->lookup(&Ctx.Idents.get(Name)).empty();
                     }))
      return true;
  }
  return llvm::any_of(Spec->template_arguments(),
                      [&](const TemplateArgument &Arg) {
                        return Arg.getKind() == TemplateArgument::Type &&
                               mentionsOutcomeType(Arg.getAsType(), Ctx);
                      });
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
      ConditionalJoinsOption(
          Options.get("ConditionalJoins", ConditionalJoinsDefault)),
      ConditionalJoins(ConditionalJoinsOption),
      FailFastConditionsOption(
          Options.get("FailFastConditions", FailFastConditionsDefault)),
      FailFastConditions(FailFastConditionsOption),
      SettledFormsOption(Options.get("SettledForms", SettledFormsDefault)),
      Roles(Options) {
  llvm::SmallVector<llvm::StringRef, 8> Pairs;
  llvm::StringRef(SettledFormsOption).split(Pairs, ';', -1, false);
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
  Options.store(Opts, "ConditionalJoins", ConditionalJoinsOption);
  Options.store(Opts, "FailFastConditions", FailFastConditionsOption);
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
  if (ConditionalJoins.containsCall(Join))
    return llvm::any_of(Join->arguments(),
                        [&](const Expr *Arg) {
                          return FailFastConditions.containsType(
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

namespace {
/// The shape the fix rewrites, found in a `try` whose handler swallows the
/// join's failure:
///
///   try {
///     auto Results = co_await join(tasks);
///     for (T I = 0; I < Items.size(); ++I) SUCCESS  // uses Results[I]
///   } catch (const std::exception &Error) {        // or catch (...)
///     for (E Element : Items) FAILURE              // or an index loop
///   }
struct Plan {
  const DeclStmt *Declaration = nullptr;
  const VarDecl *Results = nullptr;
  const ForStmt *Loop = nullptr;
  IndexLoop Items;
  const CXXCatchStmt *Handler = nullptr;
  const Stmt *FailureBody = nullptr;
  const VarDecl *Element = nullptr; // the handler loop's element or index
  std::string ElementText;          // what each use of Element becomes
};

/// A range-for's element: a copy of the element type or a reference to it,
/// so `Items[I]` can stand for it.
bool elementIsItem(const CXXForRangeStmt *Loop) {
  const VarDecl *Element = Loop->getLoopVariable();
  const Expr *Init = Element->getInit();
  if (const auto *Construct = dyn_cast_or_null<CXXConstructExpr>(
          Init ? Init->IgnoreImplicit() : nullptr);
      Construct && Construct->getNumArgs() == 1 &&
      Construct->getConstructor()->isCopyConstructor())
    Init = Construct->getArg(0);
  if (!Init)
    return false;
  Init = Init->IgnoreImpCasts();
  if (!isa<UnaryOperator, CXXOperatorCallExpr>(Init))
    return false;
  return Element->getType()
             .getNonReferenceType()
             .getCanonicalType()
             .getUnqualifiedType() ==
         Init->getType().getCanonicalType().getUnqualifiedType();
}

/// The try block: the join's result declared with `auto`, then one index
/// loop. Anything else in the block might throw and be caught as a whole.
bool matchTryBlock(const CXXTryStmt *Try, const CallExpr *Join, Plan &P) {
  const CompoundStmt *Block = Try->getTryBlock();
  if (Block->size() != 2 || Join->getNumArgs() != 1)
    return false;
  P.Declaration = dyn_cast<DeclStmt>(Block->body_front());
  P.Results = P.Declaration && P.Declaration->isSingleDecl()
                  ? dyn_cast<VarDecl>(P.Declaration->getSingleDecl())
                  : nullptr;
  // The type as written: `auto` follows the join to its per-item results.
  const TypeSourceInfo *Written =
      P.Results ? P.Results->getTypeSourceInfo() : nullptr;
  if (!Written || !P.Results->getInit() ||
      !Written->getType()->getContainedAutoType())
    return false;
  const auto *Await =
      dyn_cast<CoawaitExpr>(stripImplicit(P.Results->getInit()));
  if (!Await || stripImplicit(Await->getOperand()) != Join)
    return false;
  P.Loop = dyn_cast<ForStmt>(Block->body_back());
  std::optional<IndexLoop> Items = P.Loop ? indexLoop(P.Loop) : std::nullopt;
  if (!Items || Items->Range == P.Results)
    return false;
  P.Items = *Items;
  return true;
}

/// The handler: one loop over the same items, per item.
bool matchHandler(const CXXCatchStmt *Handler, Plan &P) {
  const auto *Block = dyn_cast<CompoundStmt>(Handler->getHandlerBlock());
  if (!catchesEveryStdFailure(Handler) || !Block || Block->size() != 1)
    return false;
  P.Handler = Handler;
  std::string Index = P.Items.Index->getName().str();
  if (const auto *Loop = dyn_cast<CXXForRangeStmt>(Block->body_front())) {
    if (Loop->getInit() || refTo(Loop->getRangeInit()) != P.Items.Range ||
        !elementIsItem(Loop))
      return false;
    P.FailureBody = Loop->getBody();
    P.Element = Loop->getLoopVariable();
    P.ElementText = P.Items.Range->getName().str() + "[" + Index + "]";
    return true;
  }
  const auto *Loop = dyn_cast<ForStmt>(Block->body_front());
  std::optional<IndexLoop> Items = Loop ? indexLoop(Loop) : std::nullopt;
  // Its index becomes the try loop's, so it must have the same type.
  if (!Items || Items->Range != P.Items.Range ||
      Items->Index->getType().getCanonicalType() !=
          P.Items.Index->getType().getCanonicalType())
    return false;
  P.FailureBody = Loop->getBody();
  P.Element = Items->Index;
  P.ElementText = Index;
  return true;
}

/// True when a lambda in \p S names \p V in its capture list, which the
/// rewrite of \p V's uses would not reach.
bool capturesExplicitly(const Stmt *S, const VarDecl *V) {
  bool Found = false;
  forEachNode(S, [&](const Stmt *Child) {
    if (const auto *Lambda = dyn_cast<LambdaExpr>(Child))
      for (const LambdaCapture &Capture : Lambda->explicit_captures())
        Found = Found ||
                (Capture.capturesVariable() && Capture.getCapturedVar() == V);
  });
  return Found;
}

/// True when a name the merged loop introduces (the results, the index)
/// would capture a name the failure body uses or declares.
bool nameClashes(const Plan &P) {
  llvm::StringRef Taken[] = {P.Results->getName(), P.Items.Index->getName()};
  bool Clash = false;
  forEachNode(P.FailureBody, [&](const Stmt *S) {
    const NamedDecl *D = nullptr;
    if (const auto *Ref = dyn_cast<DeclRefExpr>(S))
      D = Ref->getDecl() == P.Element ? nullptr : Ref->getDecl();
    else if (const auto *DS = dyn_cast<DeclStmt>(S))
      for (const Decl *Declared : DS->decls())
        if (const auto *ND = dyn_cast<NamedDecl>(Declared);
            ND && ND->getIdentifier() &&
            llvm::is_contained(Taken, ND->getName()))
          Clash = true;
    Clash = Clash || (D && D->getIdentifier() &&
                      llvm::is_contained(Taken, D->getName()));
  });
  return Clash;
}
} // namespace

bool FailFastAggregateCheck::settledJoinFits(const CallExpr *Join,
                                             ASTContext &Ctx) {
  // The settled join of the same library, yielding one outcome per task,
  // takes the operands alone: not a bounded join's limit.
  if (Roles.of(Role::BoundedJoins).containsCall(Join))
    return false;
  return llvm::any_of(
      lookupQualified(Ctx, SettledJoin), [&](const NamedDecl *Settled) {
        const auto *FD = Settled->getAsFunction();
        return FD && sameLibrary(Settled, Join->getCalleeDecl()) &&
               mentionsOutcomeType(FD->getReturnType(), Ctx);
      });
}

namespace {
/// Whether the per-item rewrite keeps the meaning of both loop bodies.
bool bodiesArePerItem(const Plan &P) {
  const Stmt *Success = P.Loop->getBody();
  // Per item, the success body must not fail in a way the handler used to
  // catch, and neither body may skip items or change the range or index.
  return !mayThrow(Success) && !jumpsOut(Success) && !jumpsOut(P.FailureBody) &&
         onlyReads(Success, P.Items.Index) &&
         onlyReads(Success, P.Items.Range) &&
         onlyReads(P.FailureBody, P.Element) &&
         onlyReads(P.FailureBody, P.Items.Range) && !nameClashes(P) &&
         !capturesExplicitly(P.FailureBody, P.Element) &&
         !capturesExplicitly(P.FailureBody, P.Handler->getExceptionDecl());
}

/// Success: each `Results[Index]` becomes the item's value.
std::optional<std::vector<Edit>> successEdits(const Plan &P,
                                              const ASTContext &Ctx) {
  const Stmt *Success = P.Loop->getBody();
  std::vector<Edit> Edits;
  bool Fits = true;
  forEachNode(Success, [&](const Stmt *S) {
    if (!isSubscript(S, P.Results, P.Items.Index))
      return;
    auto Where = offsets(S->getSourceRange(), Ctx);
    Fits = Fits && Where;
    if (Where)
      Edits.push_back({Where->second, Where->second, ".value()"});
  });
  if (!Fits || Edits.size() != countRefs(Success, P.Results))
    return std::nullopt;
  return Edits;
}

/// Failure: the element becomes the item, the message the item's error.
std::optional<std::vector<Edit>>
failureEdits(const Plan &P, llvm::StringRef Item, const ASTContext &Ctx) {
  std::vector<Edit> Edits;
  const VarDecl *Error = P.Handler->getExceptionDecl();
  unsigned Messages = 0;
  bool Fits = true;
  auto Replace = [&](const Expr *E, std::string Text) {
    auto Where = offsets(E->getSourceRange(), Ctx);
    Fits = Fits && Where;
    if (Where)
      Edits.push_back({Where->first, Where->second, std::move(Text)});
  };
  forEachNode(P.FailureBody, [&](const Stmt *S) {
    if (const auto *Ref = dyn_cast<DeclRefExpr>(S);
        Ref && Ref->getDecl() == P.Element)
      Replace(Ref, P.ElementText);
    if (const Expr *Message = Error ? whatUsedAsString(S, Error) : nullptr) {
      ++Messages;
      Replace(Message, (Item + ".error_message()").str());
    }
  });
  if (!Fits || (Error && Messages != countRefs(P.FailureBody, Error)))
    return std::nullopt;
  return Edits;
}

/// True when a comment outside the two loop bodies would be lost.
bool commentsOutsideBodies(CharSourceRange Whole, const Plan &P,
                           const ASTContext &Ctx) {
  const SourceManager &SM = Ctx.getSourceManager();
  auto After = [&](const Stmt *S) {
    return Lexer::getLocForEndOfToken(S->getEndLoc(), 0, SM, Ctx.getLangOpts());
  };
  const Stmt *Success = P.Loop->getBody();
  return hasComments(CharSourceRange::getCharRange(Whole.getBegin(),
                                                   Success->getBeginLoc()),
                     Ctx) ||
         hasComments(CharSourceRange::getCharRange(
                         After(Success), P.FailureBody->getBeginLoc()),
                     Ctx) ||
         hasComments(CharSourceRange::getCharRange(After(P.FailureBody),
                                                   Whole.getEnd()),
                     Ctx);
}
} // namespace

Fix FailFastAggregateCheck::settledFix(const CXXTryStmt *Try,
                                       const CallExpr *Join,
                                       const FunctionDecl *FD,
                                       ASTContext &Ctx) {
  Plan P;
  if (FD->isDependentContext() || Try->getNumHandlers() != 1 ||
      !matchTryBlock(Try, Join, P) || !matchHandler(Try->getHandler(0), P) ||
      !settledJoinFits(Join, Ctx) || !bodiesArePerItem(P))
    return {};
  std::string Index = P.Items.Index->getName().str();
  std::string Item = P.Results->getName().str() + "[" + Index + "]";
  CharSourceRange Whole = fixableRange(Try->getSourceRange(), Ctx);
  auto JoinCallee = offsets(Join->getCallee()->getSourceRange(), Ctx);
  auto Declaration = offsets(P.Declaration->getSourceRange(), Ctx);
  std::optional<std::vector<Edit>> ForSuccess = successEdits(P, Ctx);
  std::optional<std::vector<Edit>> ForFailure = failureEdits(P, Item, Ctx);
  if (Whole.isInvalid() || !JoinCallee || !Declaration || !ForSuccess ||
      !ForFailure || commentsOutsideBodies(Whole, P, Ctx))
    return {};

  std::string Indent = indentationOf(Try->getBeginLoc(), Ctx);
  std::optional<std::string> SuccessText =
      bodyText(P.Loop->getBody(), *ForSuccess, Indent + "    ", Ctx);
  std::optional<std::string> FailureText =
      bodyText(P.FailureBody, *ForFailure, Indent + "    ", Ctx);
  if (!SuccessText || !FailureText)
    return {};
  // The declaration with the join's callee swapped for the settled join.
  const SourceManager &SM = Ctx.getSourceManager();
  llvm::StringRef Buffer = SM.getBufferData(SM.getFileID(Try->getBeginLoc()));
  std::string Declared =
      (Buffer.slice(Declaration->first, JoinCallee->first) + SettledJoin +
       Buffer.slice(JoinCallee->second, Declaration->second))
          .str();
  std::string Header =
      sourceText({P.Loop->getBeginLoc(), P.Loop->getRParenLoc()}, Ctx).str();
  std::string Text = Declared + "\n" + Indent + Header + " {\n" + Indent +
                     "  if (" + Item + ".ok()) {\n" + *SuccessText + Indent +
                     "  } else {\n" + *FailureText + Indent + "  }\n" + Indent +
                     "}";
  return {FixItHint::CreateReplacement(Whole, Text)};
}

} // namespace clang::tidy::async
