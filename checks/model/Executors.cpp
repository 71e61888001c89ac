//===--- Executors.cpp - which executors are thread pools -----------------===//

#include "model/Executors.h"
#include "model/AsyncModel.h"
#include "model/NetworkModel.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"

namespace clang::tidy::async {
namespace {

/// Words that make a name an event loop's, whatever else it says.
bool namesEventLoop(llvm::ArrayRef<std::string> Words) {
  return hasWord(Words, {"io", "loop", "event", "context", "reactor", "main",
                            "ui", "net", "network"});
}

/// The name an executor expression is read from, if it is read from a
/// named thing: a variable, a field, a parameter, an accessor.
llvm::StringRef sourceName(const Expr *E) {
  for (int Depth = 0; E && Depth < 6; ++Depth) {
    E = stripImplicit(E);
    if (const auto *Cast = dyn_cast<ExplicitCastExpr>(E)) {
      E = Cast->getSubExpr();
      continue;
    }
    if (const auto *Construct = dyn_cast<CXXConstructExpr>(E);
        Construct && Construct->getNumArgs() >= 1) {
      E = Construct->getArg(0);
      continue;
    }
    if (const auto *Unary = dyn_cast<UnaryOperator>(E);
        Unary &&
        (Unary->getOpcode() == UO_AddrOf || Unary->getOpcode() == UO_Deref)) {
      E = Unary->getSubExpr();
      continue;
    }
    if (const auto *Ref = dyn_cast<DeclRefExpr>(E))
      return Ref->getDecl()->getIdentifier() ? Ref->getDecl()->getName() : "";
    if (const auto *Member = dyn_cast<MemberExpr>(E))
      return Member->getMemberDecl()->getIdentifier()
                 ? Member->getMemberDecl()->getName()
                 : "";
    // `pool.get()`, `pool.get_executor()`: the object's name; `workers()`:
    // the accessor's.
    if (const auto *Call = dyn_cast<CXXMemberCallExpr>(E)) {
      const CXXMethodDecl *Method = Call->getMethodDecl();
      if (Method && Method->getIdentifier() &&
          llvm::is_contained({"get", "get_executor", "executor"},
                             Method->getName())) {
        E = Call->getImplicitObjectArgument();
        continue;
      }
    }
    if (const auto *Call = dyn_cast<CallExpr>(E);
        Call && Call->getNumArgs() == 0 && Call->getDirectCallee() &&
        Call->getDirectCallee()->getIdentifier())
      return Call->getDirectCallee()->getName();
    return "";
  }
  return "";
}

} // namespace

QualType pointeeOfHandle(QualType T) {
  for (int Depth = 0; Depth < 4; ++Depth) {
    T = T.getNonReferenceType();
    if (T->isPointerType()) {
      T = T->getPointeeType();
      continue;
    }
    const auto *Spec = dyn_cast_or_null<ClassTemplateSpecializationDecl>(
        T->getAsCXXRecordDecl());
    if (!Spec || !Spec->isInStdNamespace() ||
        !llvm::is_contained({"shared_ptr", "unique_ptr"}, Spec->getName()) ||
        Spec->getTemplateArgs().size() == 0 ||
        Spec->getTemplateArgs()[0].getKind() != TemplateArgument::Type)
      break;
    T = Spec->getTemplateArgs()[0].getAsType();
  }
  return T;
}

bool isNamedAsThreadPool(QualType T) {
  const CXXRecordDecl *RD = pointeeOfHandle(T)->getAsCXXRecordDecl();
  if (!RD || !RD->getIdentifier())
    return false;
  llvm::SmallVector<std::string, 4> Words = identifierWords(RD->getName());
  return hasWord(Words, {"pool"}) &&
         hasWord(Words,
                    {"thread", "worker", "cpu", "blocking", "compute"}) &&
         !namesEventLoop(Words);
}

bool designatesThreadPool(const Expr *E) {
  if (!E)
    return false;
  if (isNamedAsThreadPool(stripImplicit(E)->getType()))
    return true;
  llvm::StringRef Name = sourceName(E);
  if (Name.empty())
    return false;
  llvm::SmallVector<std::string, 4> Words = identifierWords(Name);
  return hasWord(Words, {"cpu", "pool", "blocking", "worker", "workers",
                            "compute", "offload", "background"}) &&
         !namesEventLoop(Words);
}

} // namespace clang::tidy::async
