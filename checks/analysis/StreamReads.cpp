//===--- StreamReads.cpp - reading a whole stream into memory -------------===//

#include "StreamReads.h"
#include "model/AsyncModel.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "llvm/ADT/SmallPtrSet.h"

namespace clang::tidy::async {

namespace {
/// A standard input stream whose data is not in memory yet (a file,
/// standard input, a socket stream): not a string stream.
bool isExternalStream(QualType T) {
  const CXXRecordDecl *RD = recordOf(T);
  if (!RD || !RD->hasDefinition() || isStdNamed(RD, "basic_istringstream") ||
      isStdNamed(RD, "basic_stringstream"))
    return false;
  if (isStdNamed(RD, "basic_istream"))
    return true;
  return llvm::any_of(RD->bases(), [](const CXXBaseSpecifier &Base) {
    return isExternalStream(Base.getType());
  });
}

/// Whether \p E names an external stream, as declared rather than as the
/// `std::istream&` a call converts it to.
bool isExternalStream(const Expr *E) {
  return isExternalStream(E->IgnoreParenImpCasts()->getType());
}

bool isMethodNamed(const CXXMemberCallExpr *Call,
                   std::initializer_list<llvm::StringRef> Names) {
  const CXXMethodDecl *M = Call ? Call->getMethodDecl() : nullptr;
  return M && M->getIdentifier() && llvm::is_contained(Names, M->getName());
}

/// `file.rdbuf()` on an external stream: its whole remaining content.
bool isStreamBuffer(const Expr *E) {
  const auto *Call = dyn_cast_or_null<CXXMemberCallExpr>(stripImplicit(E));
  return isMethodNamed(Call, {"rdbuf"}) &&
         isExternalStream(Call->getImplicitObjectArgument());
}

} // namespace

/// The external stream that `std::getline(file, s)` or `file >> x` reads in
/// \p S, if it has such a read.
const Expr *streamRead(const Stmt *S) {
  const Expr *Stream = nullptr;
  forEachStmtInBody(S, [&](const Stmt *Child) {
    const auto *Call = dyn_cast<CallExpr>(Child);
    if (Stream || !Call || Call->getNumArgs() < 2)
      return;
    const auto *Op = dyn_cast<CXXOperatorCallExpr>(Call);
    if (((Op && Op->getOperator() == OO_GreaterGreater) ||
         isStdNamed(Call->getDirectCallee(), "getline")) &&
        isExternalStream(Call->getArg(0)))
      Stream = Call->getArg(0);
  });
  return Stream;
}

namespace {
/// An iterator range over an external stream:
/// `std::istreambuf_iterator<char>(file)`, `std::istream_iterator<T>(file)`.
bool iteratesStream(const Stmt *S) {
  bool Found = false;
  forEachStmtInBody(S, [&](const Stmt *Child) {
    // `std::views::istream<T>(file)`: a call of the view's factory.
    const auto *View = dyn_cast<CallExpr>(Child);
    const CXXRecordDecl *Made = View ? recordOf(View->getType()) : nullptr;
    if (Made && isInStdLibrary(Made) && Made->getIdentifier() &&
        Made->getName() == "basic_istream_view")
      Found = Found || llvm::any_of(View->arguments(), [](const Expr *Arg) {
                return isExternalStream(Arg);
              });
    const auto *Construct = dyn_cast<CXXConstructExpr>(Child);
    const CXXRecordDecl *RD =
        Construct ? recordOf(Construct->getType()) : nullptr;
    if (Construct && Construct->getNumArgs() == 1 &&
        (isStdNamed(RD, "istreambuf_iterator") ||
         isStdNamed(RD, "istream_iterator")))
      Found = Found || isExternalStream(Construct->getArg(0)) ||
              isStreamBuffer(Construct->getArg(0));
  });
  return Found;
}

/// A local variable that owns its data (not a reference or a parameter).
const VarDecl *localVariable(const Expr *E) {
  const VarDecl *Var = variableOf(E);
  return Var && Var->hasLocalStorage() && !isa<ParmVarDecl>(Var) &&
                 !Var->getType()->isReferenceType()
             ? Var
             : nullptr;
}

/// The local `std::copy(first, last, std::back_inserter(lines))` or
/// `std::ranges::copy(range, std::back_inserter(lines))` fills, when what it
/// copies iterates an external stream.
const VarDecl *copiedStreamTarget(const CallExpr *Call) {
  const NamedDecl *Callee = Call ? namedCallee(Call) : nullptr;
  llvm::ArrayRef<const Expr *> Args =
      Call ? writtenArguments(Call) : llvm::ArrayRef<const Expr *>();
  // `std::copy`, or `std::ranges::copy` (an object in a nested namespace).
  if (!Callee || !isInStdLibrary(Callee) || !Callee->getIdentifier() ||
      Callee->getName() != "copy" || Args.size() < 2 ||
      !iteratesStream(Args.front()))
    return nullptr;
  const auto *Inserter = dyn_cast<CallExpr>(stripImplicit(Args.back()));
  if (!Inserter || !isStdNamed(calleeOf(Inserter), "back_inserter") ||
      Inserter->getNumArgs() != 1)
    return nullptr;
  return localVariable(Inserter->getArg(0));
}

/// A size taken from the stream or the file itself (`tellg()`,
/// `std::filesystem::file_size`), directly or through a variable.
bool isWholeSize(const Stmt *Size, int Depth = 0) {
  bool Found = false;
  forEachStmtInBody(Size, [&](const Stmt *S) {
    if (const FunctionDecl *Callee = calleeOf(dyn_cast<Expr>(S)))
      Found = Found ||
              (Callee->getIdentifier() &&
               llvm::is_contained({"tellg", "file_size"}, Callee->getName()));
    if (const auto *Ref = dyn_cast<DeclRefExpr>(S))
      if (const auto *Var = dyn_cast<VarDecl>(Ref->getDecl());
          Var && Var->getInit() && Depth < 2)
        Found = Found || isWholeSize(Var->getInit(), Depth + 1);
  });
  return Found;
}

/// A loop or a read whose size is visibly bounded: its condition compares
/// with a constant, or its body can stop early.
bool isVisiblyBounded(const Stmt *Cond, const Stmt *Body,
                      const ASTContext &Ctx) {
  bool Bounded = false;
  forEachStmtInBody(Cond, [&](const Stmt *S) {
    const auto *Compare = dyn_cast<BinaryOperator>(S);
    if (!Compare || !Compare->isComparisonOp() || Compare->isEqualityOp())
      return;
    for (const Expr *Side : {Compare->getLHS(), Compare->getRHS()})
      Bounded = Bounded ||
                (!Side->isValueDependent() && Side->isIntegerConstantExpr(Ctx));
  });
  forEachStmtInBody(Body, [&](const Stmt *S) {
    Bounded = Bounded || isa<BreakStmt, ReturnStmt, CoreturnStmt>(S);
  });
  return Bounded;
}

} // namespace

/// The parts of a loop: what decides the next iteration, and the body.
std::pair<const Stmt *, const Stmt *> loopParts(const Stmt *Loop) {
  if (const auto *For = dyn_cast<ForStmt>(Loop))
    return {For->getCond(), For->getBody()};
  if (const auto *While = dyn_cast<WhileStmt>(Loop))
    return {While->getCond(), While->getBody()};
  if (const auto *Do = dyn_cast<DoStmt>(Loop))
    return {Do->getCond(), Do->getBody()};
  if (const auto *Range = dyn_cast<CXXForRangeStmt>(Loop))
    return {Range->getRangeInit(), Range->getBody()};
  return {nullptr, nullptr};
}

/// The local container an unbounded `getline`/`>>` loop appends every
/// element to.
const VarDecl *readLoopTarget(const Stmt *Loop, const ASTContext &Ctx) {
  auto [Cond, Body] = loopParts(Loop);
  if (!Cond || !Body || isa<CXXForRangeStmt>(Loop) || !streamRead(Cond) ||
      isVisiblyBounded(Cond, Body, Ctx))
    return nullptr;
  const VarDecl *Target = nullptr;
  forEachStmtInBody(Body, [&](const Stmt *S) {
    if (const auto *Member = dyn_cast<CXXMemberCallExpr>(S);
        Member && (isContainerInsertion(Member) ||
                   isMethodNamed(Member, {"append", "push"})))
      if (const VarDecl *Var =
              localVariable(Member->getImplicitObjectArgument()))
        Target = Var;
    if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(S);
        Op && Op->getOperator() == OO_PlusEqual && Op->getNumArgs() == 2)
      if (const VarDecl *Var = localVariable(Op->getArg(0)))
        Target = Var;
  });
  return Target;
}

/// The local variable a single statement fills with a whole stream:
/// `std::string s(std::istreambuf_iterator<char>(file), {})`,
/// `s.assign(...)`, `ss << file.rdbuf()`, `file.read(buf.data(), size)`
/// with the size of the file.
const VarDecl *wholeReadTarget(const Stmt *S) {
  if (const VarDecl *Copied = copiedStreamTarget(dyn_cast<CallExpr>(S)))
    return Copied;
  if (const auto *Decl = dyn_cast<DeclStmt>(S)) {
    for (const auto *D : Decl->decls())
      if (const auto *Var = dyn_cast<VarDecl>(D);
          Var && Var->hasLocalStorage() && Var->getInit() &&
          iteratesStream(Var->getInit()))
        return Var;
    return nullptr;
  }
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(S);
      Op && Op->getNumArgs() == 2) {
    if ((Op->getOperator() == OO_LessLess && isStreamBuffer(Op->getArg(1))) ||
        (Op->getOperator() == OO_Equal && iteratesStream(Op->getArg(1))))
      return localVariable(Op->getArg(0));
    return nullptr;
  }
  const auto *Member = dyn_cast<CXXMemberCallExpr>(S);
  if (!Member)
    return nullptr;
  if (isMethodNamed(Member, {"read"}) && Member->getNumArgs() == 2 &&
      isExternalStream(Member->getImplicitObjectArgument()) &&
      isWholeSize(Member->getArg(1))) {
    const VarDecl *Buffer = nullptr;
    forEachStmtInBody(Member->getArg(0), [&](const Stmt *Child) {
      if (const auto *Ref = dyn_cast<DeclRefExpr>(Child); Ref && !Buffer)
        Buffer = localVariable(Ref);
    });
    return Buffer;
  }
  if (!isMethodNamed(Member, {"assign", "append", "insert"}))
    return nullptr;
  for (const Expr *Arg : Member->arguments())
    if (iteratesStream(Arg))
      return localVariable(Member->getImplicitObjectArgument());
  return nullptr;
}

namespace {
/// The local a return statement gives back whole: `return lines;`,
/// `return std::move(lines);`, or an accessor of it (`return all.str();`).
const VarDecl *returnedLocal(const ReturnStmt *Return) {
  const Expr *Value = stripImplicit(Return->getRetValue());
  if (const auto *Accessor = dyn_cast<CXXMemberCallExpr>(Value);
      Accessor && Accessor->getNumArgs() == 0)
    Value = Accessor->getImplicitObjectArgument();
  return localVariable(Value);
}

} // namespace

/// Whether \p Callee, a plain function written in the program, reads a
/// whole stream into a local and returns that local (`std::vector<Row>
/// load_rows(path)` over a `getline` loop): its caller holds the whole
/// stream. One level deep.
bool loadsWholeStream(const FunctionDecl *Callee, const ASTContext &Ctx) {
  const FunctionDecl *Definition = Callee ? Callee->getDefinition() : nullptr;
  const Stmt *Body = Definition ? userBody(Definition) : nullptr;
  if (!Body || isCoroutine(Definition) ||
      Definition->getReturnType()->isReferenceType() ||
      !recordOf(Definition->getReturnType()))
    return false;
  llvm::SmallPtrSet<const VarDecl *, 2> Filled;
  bool Returned = false;
  forEachStmtInBody(Body, [&](const Stmt *S) {
    const VarDecl *Target = isa<ForStmt, WhileStmt, DoStmt>(S)
                                ? readLoopTarget(S, Ctx)
                                : wholeReadTarget(S);
    if (Target)
      Filled.insert(Target);
    if (const auto *Return = dyn_cast<ReturnStmt>(S); Return &&
        Return->getRetValue())
      Returned = Returned || Filled.contains(returnedLocal(Return));
  });
  return Returned;
}

} // namespace clang::tidy::async
