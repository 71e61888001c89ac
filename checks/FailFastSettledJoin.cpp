//===--- FailFastSettledJoin.cpp - asynclint ------------------------------===//
//
// The safe repair of async-fail-fast-aggregate: a fail-fast join over a
// container, in a `try` whose handler marks every item down, becomes the
// settled join, with each item's success and failure handled in its own
// branch.
//
//===----------------------------------------------------------------------===//

#include "FailFastAggregateCheck.h"
#include "analysis/Exceptions.h"
#include "model/AsyncMatchers.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/SmallPtrSet.h"

namespace clang::tidy::async {

namespace {
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
