//===--- FixUtils.cpp - building safe fix-its -----------------------------===//

#include "fix/FixUtils.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"

namespace clang::tidy::async {

CharSourceRange fixableRange(SourceRange Range, const ASTContext &Ctx) {
  if (Range.isInvalid() || Range.getBegin().isMacroID() ||
      Range.getEnd().isMacroID())
    return {};
  return Lexer::makeFileCharRange(CharSourceRange::getTokenRange(Range),
                                  Ctx.getSourceManager(), Ctx.getLangOpts());
}

CharSourceRange statementRange(const Stmt *S, const ASTContext &Ctx) {
  CharSourceRange Range = fixableRange(S->getSourceRange(), Ctx);
  if (Range.isInvalid())
    return {};
  const SourceManager &SM = Ctx.getSourceManager();
  std::optional<Token> Next =
      Lexer::findNextToken(S->getEndLoc(), SM, Ctx.getLangOpts());
  if (Next && Next->is(tok::semi) && !Next->getLocation().isMacroID())
    Range.setEnd(Next->getEndLoc());
  return Range;
}

SourceLocation leadingComments(SourceLocation Loc, const ASTContext &Ctx) {
  const SourceManager &SM = Ctx.getSourceManager();
  if (Loc.isMacroID())
    return Loc;
  auto [File, Offset] = SM.getDecomposedLoc(Loc);
  llvm::StringRef Buffer = SM.getBufferData(File);
  // The start of Loc's line, which must hold nothing before Loc.
  // (rfind looks before the position it is given.)
  size_t Line = Buffer.rfind('\n', Offset);
  Line = Line == llvm::StringRef::npos ? 0 : Line + 1;
  if (!Buffer.slice(Line, Offset).trim().empty())
    return Loc;
  size_t Begin = Offset;
  while (Line > 0) {
    size_t End = Line - 1; // the line break that ends the line above
    size_t Previous = Buffer.rfind('\n', End);
    Previous = Previous == llvm::StringRef::npos ? 0 : Previous + 1;
    llvm::StringRef Above = Buffer.slice(Previous, End);
    if (!Above.ltrim().starts_with("//"))
      break;
    Begin = Previous + (Above.size() - Above.ltrim().size());
    Line = Previous;
  }
  return Loc.getLocWithOffset(static_cast<int>(Begin) -
                              static_cast<int>(Offset));
}

std::string reindent(llvm::StringRef Text, llvm::StringRef From,
                     llvm::StringRef To) {
  llvm::SmallVector<llvm::StringRef, 8> Lines;
  Text.split(Lines, '\n');
  std::string Out = Lines.front().str();
  for (llvm::StringRef Line : llvm::drop_begin(Lines)) {
    Out += "\n";
    if (Line.consume_front(From))
      Out += To.str();
    Out += Line.str();
  }
  return Out;
}

Fix wrapFix(const Expr *E, llvm::StringRef Prefix, llvm::StringRef Suffix,
            const ASTContext &Ctx) {
  CharSourceRange Range = fixableRange(E->getSourceRange(), Ctx);
  if (Range.isInvalid())
    return {};
  Fix Hints;
  Hints.push_back(FixItHint::CreateInsertion(Range.getBegin(), Prefix));
  if (!Suffix.empty())
    Hints.push_back(
        FixItHint::CreateInsertion(Range.getEnd(), Suffix,
                                   /*BeforePreviousInsertions=*/true));
  return Hints;
}

Fix replaceFix(const Expr *E, llvm::StringRef Text, const ASTContext &Ctx) {
  CharSourceRange Range = fixableRange(E->getSourceRange(), Ctx);
  if (Range.isInvalid())
    return {};
  return {FixItHint::CreateReplacement(Range, Text)};
}

llvm::StringRef sourceText(SourceRange Range, const ASTContext &Ctx) {
  return Lexer::getSourceText(CharSourceRange::getTokenRange(Range),
                              Ctx.getSourceManager(), Ctx.getLangOpts());
}

/// Calls \p Visit with each comment token that starts inside \p Range;
/// stops when it returns false.
static void forEachComment(CharSourceRange Range, const ASTContext &Ctx,
                           llvm::function_ref<bool(const Token &)> Visit) {
  const SourceManager &SM = Ctx.getSourceManager();
  std::pair<FileID, unsigned> Begin = SM.getDecomposedLoc(Range.getBegin());
  std::pair<FileID, unsigned> End = SM.getDecomposedLoc(Range.getEnd());
  llvm::StringRef Buffer = SM.getBufferData(Begin.first);
  Lexer Raw(SM.getLocForStartOfFile(Begin.first), Ctx.getLangOpts(),
            Buffer.begin(), Buffer.begin() + Begin.second, Buffer.end());
  Raw.SetCommentRetentionState(true);
  Token Tok;
  while (!Raw.LexFromRawLexer(Tok) &&
         SM.getFileOffset(Tok.getLocation()) < End.second)
    if (Tok.is(tok::comment) && !Visit(Tok))
      return;
}

bool hasComments(CharSourceRange Range, const ASTContext &Ctx) {
  bool Found = false;
  forEachComment(Range, Ctx, [&](const Token &) { return !(Found = true); });
  return Found;
}

std::string hoistedComments(CharSourceRange Range,
                            llvm::ArrayRef<CharSourceRange> Kept,
                            llvm::StringRef Indent, const ASTContext &Ctx) {
  const SourceManager &SM = Ctx.getSourceManager();
  auto Within = [&](SourceLocation Loc, CharSourceRange R) {
    return !SM.isBeforeInTranslationUnit(Loc, R.getBegin()) &&
           SM.isBeforeInTranslationUnit(Loc, R.getEnd());
  };
  std::string Text;
  forEachComment(Range, Ctx, [&](const Token &Comment) {
    SourceLocation Loc = Comment.getLocation();
    if (llvm::none_of(Kept, [&](CharSourceRange R) { return Within(Loc, R); }))
      Text += Lexer::getSourceText(
                  CharSourceRange::getCharRange(Loc, Comment.getEndLoc()), SM,
                  Ctx.getLangOpts())
                  .str() +
              "\n" + Indent.str();
    return true;
  });
  return Text;
}

std::string indentationOf(SourceLocation Loc, const ASTContext &Ctx) {
  const SourceManager &SM = Ctx.getSourceManager();
  Loc = SM.getExpansionLoc(Loc);
  unsigned Column = SM.getSpellingColumnNumber(Loc);
  llvm::StringRef Line =
      SM.getBufferData(SM.getFileID(Loc))
          .substr(SM.getFileOffset(Loc) - (Column - 1), Column - 1);
  return Line.take_while([](char C) { return C == ' ' || C == '\t'; }).str();
}

bool isInInstantiation(const Decl *D) {
  for (; D; D = dyn_cast_or_null<Decl>(D->getDeclContext())) {
    if (const auto *FD = dyn_cast<FunctionDecl>(D);
        FD && FD->isTemplateInstantiation())
      return true;
    if (const auto *Spec = dyn_cast<ClassTemplateSpecializationDecl>(D);
        Spec && Spec->getSpecializationKind() != TSK_ExplicitSpecialization)
      return true;
  }
  return false;
}

namespace {

/// Every identifier spelled in \p Range (raw tokens: names of variables,
/// types, macros, members alike).
llvm::StringSet<> identifiersIn(SourceRange Range, const ASTContext &Ctx) {
  llvm::StringSet<> Names;
  CharSourceRange Chars = fixableRange(Range, Ctx);
  if (Chars.isInvalid())
    return Names;
  const SourceManager &SM = Ctx.getSourceManager();
  auto [File, Begin] = SM.getDecomposedLoc(Chars.getBegin());
  unsigned End = SM.getFileOffset(Chars.getEnd());
  llvm::StringRef Buffer = SM.getBufferData(File);
  Lexer Raw(SM.getLocForStartOfFile(File), Ctx.getLangOpts(), Buffer.begin(),
            Buffer.begin() + Begin, Buffer.end());
  Token Tok;
  while (!Raw.LexFromRawLexer(Tok) && SM.getFileOffset(Tok.getLocation()) < End)
    if (Tok.is(tok::raw_identifier))
      Names.insert(Tok.getRawIdentifier());
  return Names;
}

class NameCollector : public RecursiveASTVisitor<NameCollector> {
public:
  explicit NameCollector(llvm::StringSet<> &Used) : Used(Used) {}
  bool shouldVisitImplicitCode() const { return false; }
  bool VisitNamedDecl(NamedDecl *D) { return add(D); }
  bool VisitDeclRefExpr(DeclRefExpr *E) { return add(E->getDecl()); }
  bool VisitMemberExpr(MemberExpr *E) { return add(E->getMemberDecl()); }

private:
  bool add(const NamedDecl *D) {
    if (D && D->getIdentifier())
      Used.insert(D->getName());
    return true;
  }
  llvm::StringSet<> &Used;
};
} // namespace

FreshNames::FreshNames(const FunctionDecl *FD)
    // Spelled names catch macros (a new variable named like one would be
    // expanded); declared and referred names catch what macros expand to.
    : Used(identifiersIn(FD->getSourceRange(), FD->getASTContext())) {
  // A local may not reuse the name of a parameter, even an unused one.
  for (const ParmVarDecl *Param : FD->parameters())
    if (Param->getIdentifier())
      Used.insert(Param->getName());
  NameCollector(Used).TraverseStmt(FD->getBody());
}

std::string FreshNames::take(llvm::StringRef Base) {
  unsigned &Suffix = NextSuffix.try_emplace(Base, 1).first->second;
  auto Spell = [&] {
    return Suffix == 1 ? Base.str() : Base.str() + std::to_string(Suffix);
  };
  std::string Name = Spell();
  while (Used.contains(Name)) {
    ++Suffix;
    Name = Spell();
  }
  Used.insert(Name);
  return Name;
}

} // namespace clang::tidy::async
