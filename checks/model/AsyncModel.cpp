//===--- AsyncModel.cpp - shared knowledge about asynchronous C++ ---------===//

#include "model/AsyncModel.h"
#include "frameworks/Profiles.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Basic/IdentifierTable.h"

namespace clang::tidy::async {

NameList::NameList(llvm::StringRef Option) {
  llvm::SmallVector<llvm::StringRef, 8> Parts;
  Option.split(Parts, ';', -1, /*KeepEmpty=*/false);
  for (llvm::StringRef Part : Parts) {
    Part = Part.trim();
    // `::name` names a function of the global namespace.
    bool Qualified = Part.contains("::");
    Part.consume_front("::");
    if (Part.empty())
      continue;
    llvm::StringRef Last = Part.rsplit("::").second;
    Entries.push_back(
        {Part.str(), (Last.empty() ? Part : Last).str(), Qualified});
  }
}

bool isImplementationNamespace(llvm::StringRef Name) {
  return Name.starts_with("__") || Name.ends_with("__");
}

/// \p Qualified as a library's users spell it: without the namespaces
/// reserved for its implementation (`__scope` in stdexec's
/// `execution::__scope::async_scope`, `folly_cpo__` in folly's
/// `coro::folly_cpo__::co_invoke`, which the library re-exports with a
/// using-declaration or directive).
static std::string publicSpelling(llvm::StringRef Qualified) {
  llvm::SmallVector<llvm::StringRef, 6> Parts;
  Qualified.split(Parts, "::");
  std::string Out;
  for (size_t I = 0; I < Parts.size(); ++I)
    if (I + 1 == Parts.size() || !isImplementationNamespace(Parts[I]))
      Out += (Out.empty() ? "" : "::") + Parts[I].str();
  return Out;
}

bool NameList::matches(llvm::StringRef Unqualified,
                       llvm::function_ref<std::string()> Qualified) const {
  // Compare the cheap unqualified name first; build the qualified name only
  // for a candidate.
  std::string Full;
  for (const Entry &E : Entries) {
    if (E.Last != Unqualified)
      continue;
    if (!E.Qualified)
      return true;
    if (Full.empty())
      Full = publicSpelling(Qualified());
    if (Full == E.Name)
      return true;
  }
  return false;
}

/// Whether an entry can name \p D: by its identifier, or as `operator||`
/// when it is an overloaded operator.
static bool isNameable(const NamedDecl *D) {
  return D->getIdentifier() ||
         D->getDeclName().getNameKind() == DeclarationName::CXXOperatorName;
}

bool NameList::contains(const NamedDecl *D) const {
  if (!D || Entries.empty() || !isNameable(D))
    return false;
  auto Qualified = [D] { return D->getQualifiedNameAsString(); };
  return D->getIdentifier() ? matches(D->getName(), Qualified)
                            : matches(D->getNameAsString(), Qualified);
}

bool NameList::containsCall(const CallExpr *Call) const {
  if (const VarDecl *Object = functionObjectCalled(Call))
    return contains(Object);
  const FunctionDecl *Callee = Call ? Call->getDirectCallee() : nullptr;
  if (!Callee || Entries.empty() || !Callee->getIdentifier()) {
    // An operator (`a || b`) is named as one.
    return Callee && !isa<CXXMemberCallExpr>(Call) && contains(Callee);
  }
  const auto *Member = dyn_cast<CXXMemberCallExpr>(Call);
  if (!Member)
    return contains(Callee);
  // Name a method after a class without template arguments: the class it
  // is called on (`fut.wait()` is std::future::wait even though libstdc++
  // declares it in a base class), else the class that declares it
  // (concurrencpp's `pool->post(f)` is derivable_executor::post).
  auto MethodOf = [&](const CXXRecordDecl *RD) {
    const NamedDecl *Named = RD;
    if (const auto *Spec =
            dyn_cast_or_null<ClassTemplateSpecializationDecl>(RD))
      Named = Spec->getSpecializedTemplate();
    return Named ? Named->getQualifiedNameAsString() +
                       "::" + Callee->getNameAsString()
                 : Callee->getQualifiedNameAsString();
  };
  QualType Object =
      Member->getImplicitObjectArgument()->IgnoreParenImpCasts()->getType();
  if (Object->isPointerType())
    Object = Object->getPointeeType();
  const CXXRecordDecl *Called = recordOf(Object);
  const auto *Declaring = dyn_cast<CXXRecordDecl>(Callee->getDeclContext());
  return matches(Callee->getName(), [&] { return MethodOf(Called); }) ||
         (Declaring && Declaring != Called &&
          matches(Callee->getName(), [&] { return MethodOf(Declaring); }));
}

bool NameList::containsType(QualType T) const {
  return containsRecord(recordOf(T));
}

bool NameList::containsRecord(const CXXRecordDecl *RD) const {
  if (!RD)
    return false;
  if (contains(RD))
    return true;
  const auto *Spec = dyn_cast<ClassTemplateSpecializationDecl>(RD);
  return Spec && contains(Spec->getSpecializedTemplate());
}

const CXXConstructExpr *constructionIn(const Expr *E) {
  E = stripImplicit(E);
  if (const auto *Cast = dyn_cast_or_null<CXXFunctionalCastExpr>(E))
    E = stripImplicit(Cast->getSubExpr());
  const auto *Construct = dyn_cast_or_null<CXXConstructExpr>(E);
  return Construct && !Construct->getConstructor()->isCopyOrMoveConstructor()
             ? Construct
             : nullptr;
}

const Expr *stripImplicit(const Expr *E) {
  while (E) {
    const Expr *Next = E->IgnoreImplicit()->IgnoreParens();
    if (const auto *Bind = dyn_cast<CXXBindTemporaryExpr>(Next))
      Next = Bind->getSubExpr();
    if (const auto *Construct = dyn_cast<CXXConstructExpr>(Next);
        Construct && Construct->getNumArgs() == 1 &&
        Construct->getConstructor()->isCopyOrMoveConstructor())
      Next = Construct->getArg(0);
    if (Next == E)
      return E;
    E = Next;
  }
  return E;
}

bool isStdNamed(const NamedDecl *D, llvm::StringRef Name) {
  return D && D->isInStdNamespace() && D->getIdentifier() &&
         D->getName() == Name;
}

bool isInStdLibrary(const Decl *D) {
  for (const DeclContext *DC = D ? D->getDeclContext() : nullptr; DC;
       DC = DC->getParent())
    if (DC->isStdNamespace())
      return true;
  return false;
}

const VarDecl *variableOf(const Expr *E) {
  E = stripImplicit(E);
  if (const auto *Call = dyn_cast_or_null<CallExpr>(E);
      Call && Call->getNumArgs() == 1 &&
      isStdNamed(Call->getDirectCallee(), "move"))
    E = stripImplicit(Call->getArg(0));
  const auto *Ref = dyn_cast_or_null<DeclRefExpr>(E);
  return Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
}

std::pair<const Expr *, const Expr *> assignmentOf(const Expr *E) {
  E = stripImplicit(E);
  if (const auto *Op = dyn_cast<BinaryOperator>(E);
      Op && Op->getOpcode() == BO_Assign)
    return {Op->getLHS(), Op->getRHS()};
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(E);
      Op && Op->getOperator() == OO_Equal && Op->getNumArgs() == 2)
    return {Op->getArg(0), Op->getArg(1)};
  return {nullptr, nullptr};
}

bool isThreadType(QualType T) {
  const CXXRecordDecl *RD = recordOf(T);
  return isStdNamed(RD, "thread") || isStdNamed(RD, "jthread");
}

bool isContainerInsertion(const CXXMemberCallExpr *Call) {
  const CXXMethodDecl *M = Call->getMethodDecl();
  return M && M->getIdentifier() &&
         llvm::is_contained({"push_back", "emplace_back", "emplace",
                             "push_front", "emplace_front", "insert"},
                            M->getName());
}

bool isAwaitExpr(const Stmt *S) {
  return isa_and_nonnull<CoawaitExpr, DependentCoawaitExpr>(S);
}

const Expr *awaitedOperand(const Stmt *S) {
  const Expr *E =
      isa_and_nonnull<Expr>(S) ? stripImplicit(cast<Expr>(S)) : nullptr;
  if (const auto *Await = dyn_cast_or_null<CoawaitExpr>(E))
    return Await->getOperand();
  if (const auto *Await = dyn_cast_or_null<DependentCoawaitExpr>(E))
    return Await->getOperand();
  return nullptr;
}

std::string calleeName(const Expr *E) {
  if (const VarDecl *Object =
          functionObjectCalled(dyn_cast_or_null<CallExpr>(stripImplicit(E))))
    return Object->getName().str();
  if (const FunctionDecl *FD = calleeOf(E))
    return FD->getDeclName().getAsString();
  return "the expression";
}

const VarDecl *functionObjectCalled(const CallExpr *Call) {
  const auto *Object = dyn_cast_or_null<VarDecl>(
      Call && calledObject(Call) ? namedCallee(Call) : nullptr);
  return Object && Object->hasGlobalStorage() && !Object->isStaticLocal() &&
                 Object->getIdentifier()
             ? Object
             : nullptr;
}

const FunctionDecl *calleeOf(const Expr *E) {
  E = stripImplicit(E);
  if (const auto *Call = dyn_cast_or_null<CallExpr>(E))
    return Call->getDirectCallee();
  return nullptr;
}

const CXXRecordDecl *recordOf(QualType T) {
  if (T.isNull())
    return nullptr;
  T = T.getNonReferenceType().getCanonicalType();
  if (const auto *RD = T->getAsCXXRecordDecl())
    return RD->hasDefinition() ? RD->getDefinition() : RD;
  return nullptr;
}

QualType taskValueType(QualType Task) {
  const auto *Spec =
      dyn_cast_or_null<ClassTemplateSpecializationDecl>(recordOf(Task));
  if (!Spec || Spec->getTemplateArgs().size() == 0 ||
      Spec->getTemplateArgs()[0].getKind() != TemplateArgument::Type)
    return {};
  return Spec->getTemplateArgs()[0].getAsType();
}

bool isCoroutine(const FunctionDecl *FD) {
  return FD && FD->hasBody() && isa<CoroutineBodyStmt>(FD->getBody());
}

QualType promiseTypeOf(const FunctionDecl *FD) {
  if (!isCoroutine(FD))
    return {};
  const auto *Body = cast<CoroutineBodyStmt>(FD->getBody());
  if (const VarDecl *Promise = Body->getPromiseDecl())
    return Promise->getType();
  return {};
}

const Stmt *userBody(const FunctionDecl *FD) {
  if (!FD || !FD->hasBody())
    return nullptr;
  const Stmt *Body = FD->getBody();
  if (const auto *Coro = dyn_cast<CoroutineBodyStmt>(Body))
    return Coro->getBody();
  return Body;
}

static const NamespaceDecl *outermostNamespace(const Decl *D) {
  const NamespaceDecl *Outer = nullptr;
  for (const DeclContext *DC = D->getDeclContext(); DC; DC = DC->getParent())
    if (const auto *NS = dyn_cast<NamespaceDecl>(DC))
      if (!NS->isInline() && !NS->isAnonymousNamespace())
        Outer = NS;
  return Outer;
}

bool isAsio(const Decl *D) {
  const NamespaceDecl *Outer = D ? outermostNamespace(D) : nullptr;
  if (!Outer)
    return false;
  if (Outer->getName() == "asio")
    return true;
  if (Outer->getName() != "boost")
    return false;
  for (const DeclContext *DC = D->getDeclContext(); DC; DC = DC->getParent())
    if (const auto *NS = dyn_cast<NamespaceDecl>(DC);
        NS && NS->getName() == "asio")
      return true;
  return false;
}

/// The declaration that holds \p RD's members: its definition, or for a
/// specialization Clang has not instantiated yet, the pattern it would be
/// instantiated from.
static const CXXRecordDecl *inspectable(const CXXRecordDecl *RD) {
  if (!RD)
    return nullptr;
  if (const CXXRecordDecl *Def = RD->getDefinition())
    return Def;
  if (const auto *Spec = dyn_cast<ClassTemplateSpecializationDecl>(RD))
    return inspectable(Spec->getSpecializedTemplate()->getTemplatedDecl());
  if (const CXXRecordDecl *Pattern = RD->getInstantiatedFromMemberClass())
    return inspectable(Pattern);
  return RD;
}

/// The record a (possibly dependent) type names.
static const CXXRecordDecl *namedRecord(QualType T) {
  if (const CXXRecordDecl *RD = recordOf(T))
    return RD;
  if (const auto *TST = T->getAs<TemplateSpecializationType>())
    if (const auto *CT = dyn_cast_or_null<ClassTemplateDecl>(
            TST->getTemplateName().getAsTemplateDecl()))
      return CT->getTemplatedDecl();
  return nullptr;
}

/// Calls \p Visit on \p RD and then its bases, depth first, also through
/// dependent bases of a template pattern, until \p Visit returns false.
static bool
forEachClassInHierarchy(const CXXRecordDecl *RD,
                        llvm::function_ref<bool(const CXXRecordDecl *)> Visit,
                        int Depth = 0) {
  RD = inspectable(RD);
  if (!RD || Depth > 8 || !Visit(RD))
    return false;
  if (!RD->hasDefinition())
    return true;
  for (const CXXBaseSpecifier &Base : RD->bases())
    if (!forEachClassInHierarchy(namedRecord(Base.getType()), Visit, Depth + 1))
      return false;
  return true;
}

bool isInProcessChannel(const Expr *Object) {
  if (!Object)
    return false;
  // Real Asio declares async_send/async_receive in a base of the channel:
  // the call's object is then a derived-to-base cast of the channel.
  QualType T = Object->IgnoreParenImpCasts()->getType();
  if (T->isPointerType())
    T = T->getPointeeType();
  bool Found = false;
  forEachClassInHierarchy(recordOf(T), [&](const CXXRecordDecl *RD) {
    Found = isAsio(RD) && RD->getIdentifier() &&
            (RD->getName() == "basic_channel" ||
             RD->getName() == "basic_concurrent_channel");
    return !Found;
  });
  return Found;
}

bool seesUsingDirective(const FunctionDecl *FD,
                        std::initializer_list<llvm::StringRef> Names) {
  for (const DeclContext *DC = FD; DC; DC = DC->getParent())
    for (const Decl *D : DC->decls())
      if (const auto *Using = dyn_cast<UsingDirectiveDecl>(D))
        if (llvm::is_contained(Names,
                               Using->getNominatedNamespace()->getName()))
          return true;
  return false;
}

bool isDeferredLaunch(const Expr *E) {
  const auto *Call = dyn_cast_or_null<CallExpr>(stripImplicit(E));
  if (!Call || Call->getNumArgs() == 0)
    return false;
  const auto *Ref = dyn_cast<DeclRefExpr>(stripImplicit(Call->getArg(0)));
  return Ref && Ref->getDecl()->getIdentifier() &&
         Ref->getDecl()->getName() == "deferred";
}

const Expr *launchPolicyOf(const CallExpr *AsyncCall) {
  if (AsyncCall->getNumArgs() == 0)
    return nullptr;
  const Expr *First = stripImplicit(AsyncCall->getArg(0));
  const auto *Enum = First->getType()->getAs<EnumType>();
  return Enum && isStdNamed(Enum->getDecl(), "launch") ? First : nullptr;
}

bool isStopToken(QualType T) { return isStdNamed(recordOf(T), "stop_token"); }

const ParmVarDecl *stopTokenParameter(const FunctionDecl *FD) {
  for (const ParmVarDecl *Param : FD->parameters())
    if (isStopToken(Param->getType()))
      return Param;
  return nullptr;
}

std::string asioNamespaceOf(const Decl *D) {
  const NamespaceDecl *Outer = outermostNamespace(D);
  return Outer && Outer->getName() == "boost" ? "boost::asio" : "asio";
}

AsioSpelling asioSpellingOf(const Decl *D) {
  std::string NS = asioNamespaceOf(D);
  std::string Path = NS == "asio" ? "asio" : "boost/asio";
  return {NS, "<" + Path + "/experimental/awaitable_operators.hpp>",
          NS + "::experimental::awaitable_operators",
          NS == "asio" ? "asio::system_error" : "boost::system::system_error"};
}

bool isDefaultExecutorAwaitable(QualType T) {
  const auto *Spec =
      dyn_cast_or_null<ClassTemplateSpecializationDecl>(recordOf(T));
  if (!Spec || !isAsio(Spec) || Spec->getName() != "awaitable")
    return false;
  // awaitable<T, Executor = any_io_executor>
  llvm::ArrayRef<TemplateArgument> Args = Spec->getTemplateArgs().asArray();
  return llvm::all_of(Args.drop_front(), [](const TemplateArgument &Arg) {
    const CXXRecordDecl *Executor = Arg.getKind() == TemplateArgument::Type
                                        ? recordOf(Arg.getAsType())
                                        : nullptr;
    return Executor && isAsio(Executor) &&
           Executor->getName() == "any_io_executor";
  });
}

static bool hasMethodNamed(const CXXRecordDecl *RD, llvm::StringRef Name) {
  bool Found = false;
  forEachClassInHierarchy(RD, [&](const CXXRecordDecl *R) {
    for (const Decl *D : R->decls())
      if (const auto *ND = dyn_cast<NamedDecl>(D))
        if (ND->getIdentifier() && ND->getName() == Name &&
            (isa<CXXMethodDecl>(ND) || isa<FunctionTemplateDecl>(ND)))
          Found = true;
    return !Found;
  });
  return Found;
}

bool returnsValue(const FunctionDecl *FD) {
  const CXXRecordDecl *Promise = recordOf(promiseTypeOf(FD));
  return !Promise || !Promise->hasDefinition() ||
         hasMethodNamed(Promise, "return_value");
}

namespace {
/// Finds what substitution into a signature can fail on (SFINAE): a
/// `decltype`, a dependent member type (`typename enable_if<...>::type`,
/// also behind an alias template such as `enable_if_t`).
class SubstitutionCanFail : public RecursiveASTVisitor<SubstitutionCanFail> {
public:
  bool Found = false;
  bool VisitDecltypeType(DecltypeType *) { return !(Found = true); }
  bool VisitDependentNameType(DependentNameType *) { return !(Found = true); }
  bool VisitTemplateSpecializationType(TemplateSpecializationType *T) {
    if (T->isTypeAlias() && !T->getAliasedType().isNull())
      TraverseType(T->getAliasedType());
    return !Found;
  }
};

bool substitutionCanFail(QualType T) {
  SubstitutionCanFail Finder;
  Finder.TraverseType(T);
  return Finder.Found;
}

/// Whether the class template specialization pattern \p Pattern (the
/// parameter type `Future<T>` of a template) matches the class \p RD:
/// same template, and every argument that is not dependent is equal.
bool matchesPattern(const TemplateSpecializationType *Pattern,
                    const CXXRecordDecl *RD) {
  const auto *Template = dyn_cast_or_null<ClassTemplateDecl>(
      Pattern->getTemplateName().getAsTemplateDecl());
  const auto *Spec = dyn_cast<ClassTemplateSpecializationDecl>(RD);
  if (!Template || !Spec ||
      Spec->getSpecializedTemplate()->getCanonicalDecl() !=
          Template->getCanonicalDecl())
    return false;
  llvm::ArrayRef<TemplateArgument> Written = Pattern->template_arguments();
  llvm::ArrayRef<TemplateArgument> Actual =
      Spec->getTemplateArgs().asArray();
  for (size_t I = 0; I < Written.size() && I < Actual.size(); ++I) {
    const TemplateArgument &W = Written[I];
    if (W.isDependent() || W.isPackExpansion())
      continue;
    if (W.getKind() != TemplateArgument::Type ||
        Actual[I].getKind() != TemplateArgument::Type)
      return false; // cannot compare cheaply: assume no match
    if (W.getAsType().getCanonicalType() !=
        Actual[I].getAsType().getCanonicalType())
      return false;
  }
  return true;
}
} // namespace

/// Whether the free (or hidden friend) `operator co_await` \p D is viable for
/// an argument of class \p RD, as overload resolution would decide, within
/// what can be told without Sema:
/// - a non-template whose parameter is \p RD or one of its bases (by value or
///   reference) is viable;
/// - a template whose parameter is a specialization pattern (`Future<T>&&`)
///   is viable when \p RD or a base specializes that template with matching
///   non-dependent arguments;
/// - a template whose parameter is a bare template parameter (`T&&`) accepts
///   every type, so it is viable only when nothing can reject \p RD: no
///   constraints, no defaulted template parameter (the `enable_if` idiom),
///   and no `decltype` or dependent member type in its signature.
/// Constraints cannot be evaluated here: a constrained template (any
/// `requires` or constrained parameter) is never counted, and neither is
/// one whose signature can fail substitution. Precision first: such a type
/// is then not an awaitable by this rule (another rule may still see it).
static bool coawaitViableFor(const NamedDecl *D, const CXXRecordDecl *RD) {
  const FunctionDecl *FD = dyn_cast<FunctionDecl>(D);
  const auto *FT = dyn_cast<FunctionTemplateDecl>(D);
  if (FT)
    FD = FT->getTemplatedDecl();
  if (!FD || FD->getNumParams() != 1 || FD->isDeleted())
    return false;
  QualType Param = FD->getParamDecl(0)->getType();
  QualType Plain = Param.getNonReferenceType().getUnqualifiedType();
  auto AcceptsClass = [&](llvm::function_ref<bool(const CXXRecordDecl *)>
                              Matches) {
    bool Found = false;
    forEachClassInHierarchy(RD, [&](const CXXRecordDecl *R) {
      Found = Matches(R);
      return !Found;
    });
    return Found;
  };
  if (!FT || !Plain->isDependentType()) {
    if (FT && (FT->hasAssociatedConstraints() ||
               substitutionCanFail(FD->getReturnType())))
      return false;
    if (!FT && FD->getTrailingRequiresClause())
      return false;
    const CXXRecordDecl *ParamRD = recordOf(Plain);
    if (!ParamRD)
      return false;
    return AcceptsClass([&](const CXXRecordDecl *R) {
      return R->getCanonicalDecl() == ParamRD->getCanonicalDecl();
    });
  }
  // A function template: anything that can reject the argument makes its
  // viability unknown.
  if (FT->hasAssociatedConstraints() ||
      substitutionCanFail(FD->getReturnType()) || substitutionCanFail(Plain))
    return false;
  for (const NamedDecl *P : *FT->getTemplateParameters()) {
    if (const auto *TP = dyn_cast<TemplateTypeParmDecl>(P);
        TP && TP->hasDefaultArgument())
      return false;
    if (const auto *NTP = dyn_cast<NonTypeTemplateParmDecl>(P);
        NTP && NTP->hasDefaultArgument())
      return false;
  }
  if (const auto *Pattern = Plain->getAs<TemplateSpecializationType>())
    return AcceptsClass(
        [&](const CXXRecordDecl *R) { return matchesPattern(Pattern, R); });
  if (const auto *Parm = Plain->getAs<TemplateTypeParmType>())
    return Parm->getDepth() == FT->getTemplateParameters()->getDepth();
  return false;
}

/// Whether \p RD (or a base) declares an `operator co_await` itself: a
/// member, or a hidden friend viable for \p RD.
static bool hasOwnCoawait(const CXXRecordDecl *RD) {
  DeclarationName CoawaitName =
      RD->getASTContext().DeclarationNames.getCXXOperatorName(OO_Coawait);
  if (!RD->lookup(CoawaitName).empty())
    return true;
  bool Viable = false;
  forEachClassInHierarchy(RD, [&](const CXXRecordDecl *R) {
    if (R != RD && !R->lookup(CoawaitName).empty())
      return !(Viable = true);
    for (const FriendDecl *Friend : R->friends())
      if (const NamedDecl *F = Friend->getFriendDecl();
          F && F->getDeclName() == CoawaitName && coawaitViableFor(F, RD))
        return !(Viable = true);
    return true;
  });
  return Viable;
}

/// Whether a namespace-scope `operator co_await` that argument-dependent
/// lookup finds (in the namespaces of \p RD and its bases) is viable for
/// \p RD.
static bool hasFreeCoawait(const CXXRecordDecl *RD) {
  DeclarationName CoawaitName =
      RD->getASTContext().DeclarationNames.getCXXOperatorName(OO_Coawait);
  bool Viable = false;
  forEachClassInHierarchy(RD, [&](const CXXRecordDecl *R) {
    const DeclContext *NS = R->getEnclosingNamespaceContext();
    if (NS && isa<NamespaceDecl, TranslationUnitDecl>(NS))
      for (const NamedDecl *F : NS->lookup(CoawaitName))
        if (coawaitViableFor(F, RD))
          return !(Viable = true);
    return true;
  });
  return Viable;
}

static bool hasAwaiterMethods(const CXXRecordDecl *RD) {
  return hasMethodNamed(RD, "await_ready") &&
         hasMethodNamed(RD, "await_suspend") &&
         hasMethodNamed(RD, "await_resume");
}

bool isAwaitableRecord(const CXXRecordDecl *RD) {
  if (!RD || !RD->hasDefinition())
    return false;
  RD = RD->getDefinition();
  return hasOwnCoawait(RD) || hasAwaiterMethods(RD) || hasFreeCoawait(RD);
}

bool isAwaitableByOwnInterface(const CXXRecordDecl *RD) {
  if (!RD || !RD->hasDefinition())
    return false;
  RD = RD->getDefinition();
  return hasOwnCoawait(RD) || hasAwaiterMethods(RD);
}

static const CXXRecordDecl *memberRecord(const CXXRecordDecl *RD,
                                         llvm::StringRef Name) {
  RD = inspectable(RD);
  IdentifierInfo &II = RD->getASTContext().Idents.get(Name);
  for (const NamedDecl *ND : RD->lookup(&II)) {
    if (const auto *Nested = dyn_cast<CXXRecordDecl>(ND))
      return inspectable(Nested);
    if (const auto *Alias = dyn_cast<TypedefNameDecl>(ND))
      return inspectable(namedRecord(Alias->getUnderlyingType()));
  }
  return nullptr;
}

const CXXRecordDecl *nestedPromiseType(const CXXRecordDecl *RD) {
  return memberRecord(RD, "promise_type");
}

const CXXRecordDecl *
AsyncModel::promiseFromCoroutineTraits(const CXXRecordDecl *RD) {
  if (!CoroutineTraits)
    return nullptr;
  const auto *Spec = dyn_cast<ClassTemplateSpecializationDecl>(RD);
  const ClassTemplateDecl *Template =
      Spec ? Spec->getSpecializedTemplate() : nullptr;
  // A partial or explicit specialization of std::coroutine_traits whose
  // first argument names this class (template) supplies its promise.
  llvm::SmallVector<ClassTemplatePartialSpecializationDecl *, 4> Partials;
  const_cast<ClassTemplateDecl *>(CoroutineTraits)
      ->getPartialSpecializations(Partials);
  for (const ClassTemplatePartialSpecializationDecl *P : Partials) {
    const TemplateArgumentList &Args = P->getTemplateArgs();
    if (Args.size() == 0 || Args[0].getKind() != TemplateArgument::Type)
      continue;
    QualType First = Args[0].getAsType();
    const auto *TST = First->getAs<TemplateSpecializationType>();
    if (Template && TST &&
        TST->getTemplateName().getAsTemplateDecl() == Template) {
      const CXXRecordDecl *Promise = nestedPromiseType(P);
      return Promise ? Promise : P;
    }
    if (recordOf(First) == RD) {
      // `coroutine_traits<fire_and_forget, Args...>` for a class that is no
      // template: the promise is the specialization's `promise_type`.
      const CXXRecordDecl *Promise = nestedPromiseType(P);
      return Promise ? Promise : P;
    }
  }
  for (const ClassTemplateSpecializationDecl *S :
       CoroutineTraits->specializations()) {
    const TemplateArgumentList &Args = S->getTemplateArgs();
    if (Args.size() > 0 && Args[0].getKind() == TemplateArgument::Type &&
        recordOf(Args[0].getAsType()) == RD && S->hasDefinition())
      if (const CXXRecordDecl *Promise = nestedPromiseType(S))
        return Promise;
  }
  return nullptr;
}

const CXXRecordDecl *AsyncModel::promiseOf(const CXXRecordDecl *RD) {
  // `R::promise_type` also names a nested type a base declares.
  const CXXRecordDecl *Promise = nullptr;
  forEachClassInHierarchy(RD, [&](const CXXRecordDecl *R) {
    Promise = nestedPromiseType(R);
    return Promise == nullptr;
  });
  return Promise ? Promise : promiseFromCoroutineTraits(RD);
}

/// The value of `if constexpr (Flag)` in \p FD, a member of a class
/// template specialization, when `Flag` is a template parameter of that
/// class: the specialization's argument.
static std::optional<bool> constexprCondition(const Expr *Cond,
                                              const FunctionDecl *FD) {
  const auto *Ref = dyn_cast<DeclRefExpr>(Cond->IgnoreParenImpCasts());
  const auto *Parm =
      Ref ? dyn_cast<NonTypeTemplateParmDecl>(Ref->getDecl()) : nullptr;
  const auto *Spec =
      dyn_cast<ClassTemplateSpecializationDecl>(FD->getDeclContext());
  if (!Parm || !Spec ||
      Parm->getDepth() !=
          Spec->getSpecializedTemplate()->getTemplateParameters()->getDepth() ||
      Parm->getIndex() >= Spec->getTemplateArgs().size())
    return std::nullopt;
  const TemplateArgument &Arg = Spec->getTemplateArgs()[Parm->getIndex()];
  if (Arg.getKind() != TemplateArgument::Integral)
    return std::nullopt;
  return Arg.getAsIntegral().getBoolValue();
}

/// The type of the first expression \p S returns, choosing the branch of
/// an `if constexpr` that \p FD's class decides.
static const CXXRecordDecl *firstReturned(const Stmt *S,
                                          const FunctionDecl *FD) {
  if (!S)
    return nullptr;
  if (const auto *Return = dyn_cast<ReturnStmt>(S)) {
    const Expr *Value = Return->getRetValue();
    return Value ? namedRecord(Value->getType()) : nullptr;
  }
  if (const auto *If = dyn_cast<IfStmt>(S); If && If->isConstexpr()) {
    std::optional<bool> Taken = constexprCondition(If->getCond(), FD);
    if (!Taken)
      return nullptr;
    return firstReturned(*Taken ? If->getThen() : If->getElse(), FD);
  }
  if (const auto *Block = dyn_cast<CompoundStmt>(S))
    for (const Stmt *Child : Block->body())
      if (isa<ReturnStmt, IfStmt, CompoundStmt>(Child))
        return firstReturned(Child, FD);
  return nullptr;
}

/// The record \p FD returns; for a deduced `auto` return type not deduced
/// yet (a member of an uninstantiated template, or of a specialization
/// whose member is not instantiated), the type of the first returned
/// expression.
static const CXXRecordDecl *returnedRecordOf(const FunctionDecl *FD) {
  if (const CXXRecordDecl *RD = namedRecord(FD->getReturnType()))
    return RD;
  const FunctionDecl *Written = FD;
  if (!FD->getBody())
    if (const FunctionDecl *Member = FD->getInstantiatedFromMemberFunction())
      Written = Member;
  return firstReturned(Written->getBody(), FD);
}

/// The record type returned by \p Promise's method \p Method, searching
/// its bases too.
static const CXXRecordDecl *returnedRecord(const CXXRecordDecl *Promise,
                                           llvm::StringRef Method) {
  const CXXRecordDecl *Found = nullptr;
  forEachClassInHierarchy(Promise, [&](const CXXRecordDecl *R) {
    for (const Decl *D : R->decls()) {
      const auto *FD = dyn_cast<FunctionDecl>(D);
      if (const auto *FT = dyn_cast<FunctionTemplateDecl>(D))
        FD = FT->getTemplatedDecl();
      if (FD && FD->getIdentifier() && FD->getName() == Method)
        Found = returnedRecordOf(FD);
    }
    return Found == nullptr;
  });
  return Found;
}

/// Reads the start policy from the awaiters `initial_suspend` and
/// `final_suspend` return.
static AsyncKind startPolicy(const CXXRecordDecl *Promise) {
  auto AwaiterName = [&](llvm::StringRef Method) -> llvm::StringRef {
    const CXXRecordDecl *Awaiter = returnedRecord(Promise, Method);
    return Awaiter && Awaiter->getIdentifier() ? Awaiter->getName() : "";
  };
  llvm::StringRef Initial = AwaiterName("initial_suspend");
  if (Initial == "suspend_always")
    return AsyncKind::LazyTask;
  if (Initial == "suspend_never")
    return AwaiterName("final_suspend") == "suspend_never"
               ? AsyncKind::DetachedTask
               : AsyncKind::EagerTask;
  return AsyncKind::UnknownTask;
}

static bool isSenderRecord(const CXXRecordDecl *RD) {
  return memberRecord(RD, "sender_concept") || [&] {
    IdentifierInfo &II = RD->getASTContext().Idents.get("is_sender");
    return !RD->lookup(&II).empty();
  }();
}

AsyncKind AsyncModel::classifyRecord(const CXXRecordDecl *RD) {
  if (isStdNamed(RD, "future") || isStdNamed(RD, "shared_future"))
    return AsyncKind::Future;
  // A raw handle names a frame someone else owns; dropping it starts,
  // stops and loses nothing.
  if (isStdNamed(RD, "coroutine_handle"))
    return AsyncKind::None;
  if (ExtraTaskTypes.containsRecord(RD))
    return AsyncKind::LazyTask;
  std::optional<AsyncKind> Started;
  if (const CXXRecordDecl *Promise = promiseOf(RD))
    Started = startPolicy(Promise);
  // A self-destroying frame whose type can be awaited hands its outcome
  // over through shared state (Seastar's future, a concurrencpp-like
  // result): running work like a future's, not fire-and-forget.
  if (Started == AsyncKind::DetachedTask && isAwaitableRecord(RD))
    return AsyncKind::Future;
  if (Started && *Started != AsyncKind::UnknownTask)
    return *Started;
  // A framework's task whose promise this unit never instantiates
  // (concurrencpp's lazy_result, through a coroutine_traits partial
  // specialization; a specialization no coroutine of the unit returns,
  // whose promise is left incomplete) starts as its profile says.
  static const NameList ProfileLazyTasks(builtinNames(Role::LazyTasks));
  static const NameList ProfileEagerTasks(builtinNames(Role::EagerTasks));
  if (ProfileLazyTasks.containsRecord(RD))
    return AsyncKind::LazyTask;
  if (Started)
    return ProfileEagerTasks.containsRecord(RD) ? AsyncKind::EagerTask
                                                : AsyncKind::UnknownTask;
  if (isSenderRecord(RD))
    return AsyncKind::Sender;
  if (isAwaitableRecord(RD))
    return AsyncKind::Awaitable;
  return AsyncKind::None;
}

bool AsyncModel::bind(ASTContext &NewCtx) {
  if (Ctx == &NewCtx)
    return false;
  Ctx = &NewCtx;
  Cache.clear();
  CoroutineTraits = nullptr;
  for (const NamedDecl *D : lookupQualified(NewCtx, "std::coroutine_traits"))
    if (const auto *CT = dyn_cast<ClassTemplateDecl>(D))
      CoroutineTraits = CT;
  return true;
}

bool AsyncModel::isAsyncWork(QualType T) {
  AsyncKind Kind = classify(T);
  return Kind != AsyncKind::None && Kind != AsyncKind::DetachedTask;
}

const Expr *AsyncModel::taskArgumentOf(const CallExpr *Call) {
  for (const Expr *Arg : Call->arguments()) {
    AsyncKind Kind = classify(Arg->getType());
    if (Kind == AsyncKind::LazyTask || Kind == AsyncKind::EagerTask ||
        Kind == AsyncKind::UnknownTask)
      return stripImplicit(Arg);
  }
  return nullptr;
}

AsyncKind AsyncModel::classify(QualType T) {
  if (T.isNull() || T->isDependentType())
    return AsyncKind::None;
  const CXXRecordDecl *RD = recordOf(T);
  if (!RD || !RD->hasDefinition())
    return AsyncKind::None;
  const CXXRecordDecl *Key = RD;
  auto It = Cache.find(Key);
  if (It != Cache.end())
    return It->second;
  AsyncKind Kind = classifyRecord(RD);
  Cache[Key] = Kind;
  return Kind;
}

bool AsyncModel::isRunningHandle(QualType T) {
  AsyncKind Kind = classify(T);
  if (Kind == AsyncKind::Future)
    return true;
  if (Kind == AsyncKind::LazyTask || Kind == AsyncKind::Sender ||
      Kind == AsyncKind::DetachedTask)
    return false;
  const CXXRecordDecl *RD = recordOf(T);
  if (!RD || !RD->hasDefinition() || !hasMethodNamed(RD, "wait") ||
      !(hasMethodNamed(RD, "get") || hasMethodNamed(RD, "value")))
    return false;
  if (Kind != AsyncKind::None)
    return true;
  for (llvm::StringRef Continuation :
       {"then", "thenValue", "thenTry", "via", "defer"})
    if (hasMethodNamed(RD, Continuation))
      return true;
  return false;
}

const CXXRecordDecl *AsyncModel::promiseOfCoroutine(const FunctionDecl *FD) {
  QualType Promise = promiseTypeOf(FD);
  if (!Promise.isNull() && !Promise->isDependentType())
    return recordOf(Promise);
  // Inside a template the promise depends on the parameter types; the
  // return type still names it.
  const CXXRecordDecl *Returned = recordOf(FD->getReturnType());
  return Returned ? promiseOf(Returned) : nullptr;
}

bool AsyncModel::canAwaitIn(const FunctionDecl *Coroutine, QualType Awaited) {
  return canAwaitIn(Coroutine, recordOf(Awaited));
}

bool AsyncModel::canAwaitIn(const FunctionDecl *Coroutine,
                            const CXXRecordDecl *AwaitedRD) {
  const CXXRecordDecl *PromiseRD = promiseOfCoroutine(Coroutine);
  if (!PromiseRD || !AwaitedRD)
    return false;
  if (!hasMethodNamed(PromiseRD, "await_transform"))
    return isAwaitableRecord(AwaitedRD);
  // A promise with await_transform accepts what its own library produces;
  // its overloads cannot be resolved here, so stay within the library.
  return sameLibrary(PromiseRD, AwaitedRD);
}

bool sameLibrary(const Decl *A, const Decl *B) {
  const NamespaceDecl *NA = A ? outermostNamespace(A) : nullptr;
  const NamespaceDecl *NB = B ? outermostNamespace(B) : nullptr;
  return NA && NB && NA->getCanonicalDecl() == NB->getCanonicalDecl();
}

void collectDiscardedChildren(const Stmt *S,
                              llvm::SmallVectorImpl<const Expr *> &Out) {
  auto Add = [&Out](const Stmt *Child) {
    if (const auto *E = dyn_cast_or_null<Expr>(Child))
      Out.push_back(E);
  };
  if (const auto *CS = dyn_cast<CompoundStmt>(S)) {
    for (const Stmt *Child : CS->body())
      Add(Child);
  } else if (const auto *If = dyn_cast<IfStmt>(S)) {
    Add(If->getThen());
    Add(If->getElse());
  } else if (const auto *For = dyn_cast<ForStmt>(S)) {
    Add(For->getInit());
    Add(For->getInc());
    Add(For->getBody());
  } else if (const auto *While = dyn_cast<WhileStmt>(S)) {
    Add(While->getBody());
  } else if (const auto *Do = dyn_cast<DoStmt>(S)) {
    Add(Do->getBody());
  } else if (const auto *Range = dyn_cast<CXXForRangeStmt>(S)) {
    Add(Range->getBody());
  } else if (const auto *Case = dyn_cast<SwitchCase>(S)) {
    Add(Case->getSubStmt());
  } else if (const auto *Label = dyn_cast<LabelStmt>(S)) {
    Add(Label->getSubStmt());
  } else if (const auto *Attributed = dyn_cast<AttributedStmt>(S)) {
    Add(Attributed->getSubStmt());
  }
}

llvm::SmallVector<const NamedDecl *, 2>
lookupQualified(ASTContext &Ctx, llvm::StringRef QualifiedName) {
  QualifiedName.consume_front("::");
  llvm::SmallVector<llvm::StringRef, 4> Parts;
  QualifiedName.split(Parts, "::");
  llvm::SmallVector<const DeclContext *, 4> Contexts{
      Ctx.getTranslationUnitDecl()};
  llvm::SmallVector<const NamedDecl *, 2> Found;
  for (size_t I = 0; I < Parts.size(); ++I) {
    IdentifierInfo &II = Ctx.Idents.get(Parts[I]);
    llvm::SmallVector<const DeclContext *, 4> Next;
    for (const DeclContext *DC : Contexts)
      for (const NamedDecl *ND : DC->lookup(&II)) {
        if (I + 1 == Parts.size())
          Found.push_back(ND);
        else if (const auto *Inner = dyn_cast<DeclContext>(ND))
          Next.push_back(Inner);
      }
    Contexts = std::move(Next);
  }
  return Found;
}

namespace {
class BodyWalker : public RecursiveASTVisitor<BodyWalker> {
public:
  explicit BodyWalker(llvm::function_ref<void(const Stmt *)> Visit)
      : Visit(Visit) {}
  bool shouldVisitImplicitCode() const { return false; }
  bool shouldVisitTemplateInstantiations() const { return false; }
  bool TraverseLambdaExpr(LambdaExpr *) { return true; }
  bool TraverseBlockExpr(BlockExpr *) { return true; }
  bool TraverseDecl(Decl *D) {
    // Local classes and functions are analysed as functions of their own.
    if (D && (isa<TagDecl>(D) || isa<FunctionDecl>(D)))
      return true;
    return RecursiveASTVisitor::TraverseDecl(D);
  }
  bool VisitStmt(Stmt *S) {
    Visit(S);
    return true;
  }

private:
  llvm::function_ref<void(const Stmt *)> Visit;
};
} // namespace

bool runsEventLoop(const Stmt *Body) {
  bool Found = false;
  forEachStmtInBody(Body, [&](const Stmt *S) {
    const auto *Call = dyn_cast<CXXMemberCallExpr>(S);
    const CXXMethodDecl *Method = Call ? Call->getMethodDecl() : nullptr;
    if (Found || !Method || !Method->getIdentifier() ||
        !llvm::is_contained(
            {"run", "run_one", "run_for", "run_until", "poll", "poll_one"},
            Method->getName()))
      return;
    // A loop the callable creates for itself serves only its own work.
    const VarDecl *Own = variableOf(Call->getImplicitObjectArgument());
    if (Own && Own->isLocalVarDecl())
      return;
    const CXXRecordDecl *Loop = Method->getParent();
    Found = (isAsio(Loop) && Loop->getName() == "io_context") ||
            Loop->getQualifiedNameAsString() == "rt::EventLoop";
  });
  return Found;
}

bool withinCatchHandler(const Stmt *Body, const Stmt *Site) {
  bool Found = false;
  forEachStmtInBody(Body, [&](const Stmt *S) {
    const auto *Handler = dyn_cast<CXXCatchStmt>(S);
    if (Found || !Handler)
      return;
    forEachStmtInBody(Handler->getHandlerBlock(), [&](const Stmt *Inner) {
      Found = Found || Inner == Site;
    });
  });
  return Found;
}

bool startsWorkWhenDropped(const CXXRecordDecl *RD) {
  const CXXRecordDecl *Def = RD ? RD->getDefinition() : nullptr;
  const CXXDestructorDecl *Dtor = Def ? Def->getDestructor() : nullptr;
  if (!Dtor || !Dtor->isUserProvided())
    return false;
  const FunctionDecl *Body = Dtor->getDefinition();
  if (!Body)
    if (const FunctionDecl *Pattern = Dtor->getTemplateInstantiationPattern())
      Body = Pattern->getDefinition();
  if (!Body || !Body->getBody())
    return false;
  // Only the verbs that start a task: a destructor that posts or adds is
  // more often handing something back.
  static constexpr llvm::StringRef Verbs[] = {"start", "spawn", "launch"};
  bool Starts = false;
  forEachEvaluatedStmt(Body->getBody(), /*IntoLambdas=*/true,
                       [&](const Stmt *S) {
    // The called name, also where a template leaves the callee open.
    std::string Name;
    if (const auto *Dependent = dyn_cast<CXXDependentScopeMemberExpr>(S))
      Name = Dependent->getMember().getAsString();
    else if (const auto *Overloads = dyn_cast<OverloadExpr>(S))
      Name = Overloads->getName().getAsString();
    else if (const auto *Call = dyn_cast<CallExpr>(S))
      if (const auto *Callee =
              dyn_cast_or_null<NamedDecl>(Call->getCalleeDecl());
          Callee && Callee->getIdentifier())
        Name = Callee->getName().str();
    Starts = Starts || llvm::is_contained(Verbs, Name);
  });
  return Starts;
}

namespace {
class FieldReadCollector : public RecursiveASTVisitor<FieldReadCollector> {
public:
  // A member expression is visited before its base.
  bool VisitMemberExpr(MemberExpr *E) {
    const auto *Field = dyn_cast<FieldDecl>(E->getMemberDecl());
    const auto *Base =
        dyn_cast<DeclRefExpr>(E->getBase()->IgnoreParenImpCasts());
    if (Field && Base && !E->isArrow() && isa<VarDecl>(Base->getDecl())) {
      FieldBases.insert(Base);
      Read.insert({Base->getDecl()->getCanonicalDecl(),
                   Field->getCanonicalDecl()});
    }
    return true;
  }
  bool VisitDeclRefExpr(DeclRefExpr *E) {
    if (!FieldBases.contains(E))
      Whole.insert(E->getDecl()->getCanonicalDecl());
    return true;
  }
  // A copy capture copies the whole variable.
  bool VisitLambdaExpr(LambdaExpr *E) {
    for (const LambdaCapture &C : E->captures())
      if (C.capturesVariable() && C.getCaptureKind() == LCK_ByCopy)
        Whole.insert(C.getCapturedVar()->getCanonicalDecl());
    return true;
  }
  llvm::SmallPtrSet<const DeclRefExpr *, 8> FieldBases;
  DeclSet Whole;
  llvm::DenseSet<std::pair<const Decl *, const Decl *>> Read;
};
} // namespace

FieldReads fieldReadsOf(const Stmt *S) {
  FieldReadCollector Collector;
  Collector.TraverseStmt(const_cast<Stmt *>(S));
  FieldReads Out;
  for (const auto &[Var, Field] : Collector.Read)
    if (!Collector.Whole.contains(Var))
      Out.Only.insert(Var);
  Out.Read = std::move(Collector.Read);
  return Out;
}

namespace {
bool leavesObjectUnchanged(const CXXMethodDecl *Method);

/// The field \p E names on `this` (`x_`, `this->x_`), if it does.
const FieldDecl *fieldOfThis(const Expr *E) {
  const auto *Member = dyn_cast<MemberExpr>(E->IgnoreParenImpCasts());
  const auto *Field =
      Member ? dyn_cast<FieldDecl>(Member->getMemberDecl()) : nullptr;
  return Field && isa<CXXThisExpr>(Member->getBase()->IgnoreParenImpCasts())
             ? Field
             : nullptr;
}

class AccessCollector : public RecursiveASTVisitor<AccessCollector> {
public:
  AccessCollector(Access &Out, const Decl *ThisKey, bool RefCapturesMutate,
                  bool FollowMethods)
      : Out(Out), ThisKey(ThisKey), RefCapturesMutate(RefCapturesMutate),
        FollowMethods(FollowMethods) {}
  bool shouldVisitImplicitCode() const { return false; }

  bool VisitDeclRefExpr(DeclRefExpr *E) {
    if (isa<VarDecl, BindingDecl>(E->getDecl()))
      Out.Reads.insert(E->getDecl()->getCanonicalDecl());
    return true;
  }
  // A member of `this` is told apart from the others: reading `risk_` does
  // not read `fx_`. `this` itself stands for the whole object.
  bool VisitMemberExpr(MemberExpr *E) {
    if (const FieldDecl *Field = fieldOfThis(E)) {
      Out.Reads.insert(Field->getCanonicalDecl());
      FieldBases.insert(E->getBase()->IgnoreParenImpCasts());
    }
    return true;
  }
  bool VisitCXXThisExpr(CXXThisExpr *E) {
    if (!FieldBases.contains(E))
      Out.Reads.insert(ThisKey);
    return true;
  }
  bool VisitLambdaExpr(LambdaExpr *L) {
    if (!RefCapturesMutate)
      return true;
    for (const LambdaCapture &Capture : L->captures()) {
      if (Capture.capturesThis())
        Out.Mutates.insert(ThisKey);
      else if (Capture.capturesVariable() &&
               Capture.getCaptureKind() == LCK_ByRef)
        Out.Mutates.insert(Capture.getCapturedVar()->getCanonicalDecl());
    }
    return true;
  }
  bool VisitUnaryOperator(UnaryOperator *Op) {
    if (Op->isIncrementDecrementOp())
      mutate(Op->getSubExpr());
    return true;
  }
  bool VisitBinaryOperator(BinaryOperator *Op) {
    if (Op->isAssignmentOp())
      mutate(Op->getLHS());
    return true;
  }
  bool VisitCallExpr(CallExpr *Call) {
    if (const auto *Member = dyn_cast<CXXMemberCallExpr>(Call))
      if (const CXXMethodDecl *Method = Member->getMethodDecl();
          Method && !Method->isConst() && !Method->isStatic() &&
          !reachesAnElement(Method) &&
          !(FollowMethods && leavesObjectUnchanged(Method)))
        mutate(Member->getImplicitObjectArgument());
    const FunctionDecl *Callee = Call->getDirectCallee();
    if (!Callee)
      return true;
    // `a += b`, `a = b`, `it++` on a class: the object is modified.
    if (const auto *Method = dyn_cast<CXXMethodDecl>(Callee);
        Method && isa<CXXOperatorCallExpr>(Call) && Call->getNumArgs() > 0 &&
        !Method->isConst() && !Method->isStatic() && !reachesAnElement(Method))
      mutate(Call->getArg(0));
    if (isStdNamed(Callee, "async")) {
      asyncArguments(Call);
      return true;
    }
    unsigned Offset =
        isa<CXXOperatorCallExpr>(Call) && isa<CXXMethodDecl>(Callee) ? 1 : 0;
    for (unsigned I = Offset; I < Call->getNumArgs(); ++I) {
      unsigned Param = I - Offset;
      if (Param >= Callee->getNumParams())
        break;
      QualType T = Callee->getParamDecl(Param)->getType();
      bool Writable =
          (T->isLValueReferenceType() &&
           !T.getNonReferenceType().isConstQualified()) ||
          (T->isPointerType() && !T->getPointeeType().isConstQualified());
      if (Writable)
        mutate(Call->getArg(I));
    }
    return true;
  }

private:
  /// Whether \p Method only reaches an element of a standard sequence
  /// (`v[i]`, `v.at(i)`): its non-const overload hands out a reference, and
  /// what is done with that reference (assigned, passed as a non-const
  /// reference) decides whether the sequence changes.
  static bool reachesAnElement(const CXXMethodDecl *Method) {
    bool Access = Method->getOverloadedOperator() == OO_Subscript ||
                  (Method->getIdentifier() && Method->getName() == "at");
    const CXXRecordDecl *Sequence = Method->getParent();
    return Access && llvm::any_of(std::initializer_list<llvm::StringRef>{
                                      "vector", "deque", "array",
                                      "basic_string", "span"},
                                  [&](llvm::StringRef Name) {
                                    return isStdNamed(Sequence, Name);
                                  });
  }
  /// `std::async` copies its arguments into the new thread: only those
  /// passed through `std::ref` can be written by the task.
  void asyncArguments(const CallExpr *Call) {
    for (const Expr *Arg : Call->arguments())
      if (const auto *Ref = dyn_cast<CallExpr>(stripImplicit(Arg));
          Ref && Ref->getNumArgs() == 1 &&
          isStdNamed(Ref->getDirectCallee(), "ref"))
        mutate(Ref->getArg(0));
  }
  void mutate(const Expr *E) {
    if (const Decl *Root = rootOf(E))
      Out.Mutates.insert(Root);
    else
      Out.MutatesUnknown = true;
  }
  /// The variable, member of `this`, or `this`, whose storage an lvalue
  /// expression names.
  const Decl *rootOf(const Expr *E) const {
    while (E) {
      E = E->IgnoreParenImpCasts();
      if (const FieldDecl *Field = fieldOfThis(E))
        return Field->getCanonicalDecl();
      if (const auto *Ref = dyn_cast<DeclRefExpr>(E))
        return Ref->getDecl()->getCanonicalDecl();
      if (isa<CXXThisExpr>(E))
        return ThisKey;
      if (const auto *Member = dyn_cast<MemberExpr>(E))
        E = Member->getBase();
      else if (const auto *Subscript = dyn_cast<ArraySubscriptExpr>(E))
        E = Subscript->getBase();
      else if (const auto *Unary = dyn_cast<UnaryOperator>(E))
        E = Unary->getSubExpr();
      else if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(E);
               Op && Op->getNumArgs() > 0 &&
               (Op->getOperator() == OO_Arrow || Op->getOperator() == OO_Star ||
                Op->getOperator() == OO_Subscript))
        E = Op->getArg(0);
      else
        return nullptr;
    }
    return nullptr;
  }

  Access &Out;
  const Decl *ThisKey;
  bool RefCapturesMutate;
  /// Whether a call of a non-const method whose body is in view and leaves
  /// its object alone counts as reading it only (one level deep).
  bool FollowMethods;
  llvm::SmallPtrSet<const Expr *, 4> FieldBases;
};

/// Whether \p Method, defined in view, modifies nothing of its object and
/// lets no reference to it escape (`this` only reads members or calls
/// const methods): a non-const method that is a const one in all but name,
/// as a stateless client's `fetch(url)` often is.
bool leavesObjectUnchanged(const CXXMethodDecl *Method) {
  const FunctionDecl *Definition = Method->getDefinition();
  const Stmt *Body = Definition ? userBody(Definition) : nullptr;
  if (!Body || isa<CXXConstructorDecl, CXXDestructorDecl>(Method))
    return false;
  Access Inner;
  const Decl *Object = Method->getParent();
  AccessCollector(Inner, Object, /*RefCapturesMutate=*/true,
                  /*FollowMethods=*/false)
      .TraverseStmt(const_cast<Stmt *>(Body));
  return !Inner.MutatesUnknown && !Inner.Reads.contains(Object) &&
         llvm::none_of(Inner.Mutates, [&](const Decl *D) {
           return D == Object || isa<FieldDecl>(D);
         });
}
} // namespace

bool intersects(const DeclSet &A, const DeclSet &B) {
  const DeclSet &Small = A.size() < B.size() ? A : B;
  const DeclSet &Large = A.size() < B.size() ? B : A;
  if (llvm::any_of(Small, [&](const Decl *D) { return Large.count(D); }))
    return true;
  // All of `this` (keyed by a class) overlaps each member of `this`. Any
  // member counts: in a lambda, `this` is keyed by the closure's class
  // while the members are the enclosing class's.
  auto HasWhole = [](const DeclSet &S) {
    return llvm::any_of(S, [](const Decl *D) { return isa<CXXRecordDecl>(D); });
  };
  auto HasMember = [](const DeclSet &S) {
    return llvm::any_of(S, [](const Decl *D) { return isa<FieldDecl>(D); });
  };
  return (HasWhole(A) && HasMember(B)) || (HasWhole(B) && HasMember(A));
}

Access accessesOf(const Stmt *S, const FunctionDecl *FD,
                  bool RefCapturesMutate) {
  Access Out;
  const Decl *ThisKey = FD->getParent() ? cast<Decl>(FD->getParent()) : FD;
  AccessCollector(Out, ThisKey, RefCapturesMutate, /*FollowMethods=*/true)
      .TraverseStmt(const_cast<Stmt *>(S));
  return Out;
}

void forEachStmtInBody(const Stmt *Body,
                       llvm::function_ref<void(const Stmt *)> Visit) {
  if (Body)
    BodyWalker(Visit).TraverseStmt(const_cast<Stmt *>(Body));
}

bool containsAwait(const Stmt *S) {
  bool Found = false;
  forEachStmtInBody(
      S, [&](const Stmt *Child) { Found = Found || isAwaitExpr(Child); });
  return Found;
}

bool mentions(const Stmt *S, const ValueDecl *D) {
  bool Found = false;
  forEachStmtInBody(S, [&](const Stmt *Child) {
    if (const auto *Ref = dyn_cast<DeclRefExpr>(Child))
      Found = Found || Ref->getDecl() == D;
    else if (const auto *Member = dyn_cast<MemberExpr>(Child))
      Found = Found || Member->getMemberDecl() == D;
  });
  return Found;
}

std::vector<std::string> splitList(llvm::StringRef List) {
  llvm::SmallVector<llvm::StringRef, 8> Parts;
  List.split(Parts, ';', -1, /*KeepEmpty=*/false);
  std::vector<std::string> Entries;
  for (llvm::StringRef Part : Parts)
    if (!Part.trim().empty())
      Entries.push_back(Part.trim().str());
  return Entries;
}

const Expr *calledObject(const CallExpr *Call) {
  const auto *Op = dyn_cast<CXXOperatorCallExpr>(Call);
  if (!Op || Op->getOperator() != OO_Call || Op->getNumArgs() == 0)
    return nullptr;
  return stripImplicit(Op->getArg(0));
}

const ValueDecl *rootDeclOf(const Expr *E) {
  for (int Steps = 0; E && Steps < 16; ++Steps) {
    E = stripImplicit(E);
    if (const auto *Ref = dyn_cast<DeclRefExpr>(E)) {
      if (const auto *Binding = dyn_cast<BindingDecl>(Ref->getDecl()))
        return Binding->getDecomposedDecl();
      return Ref->getDecl();
    }
    if (const auto *Member = dyn_cast<MemberExpr>(E)) {
      if (isa<FieldDecl>(Member->getMemberDecl()))
        return Member->getMemberDecl();
      return nullptr;
    }
    if (const auto *Unary = dyn_cast<UnaryOperator>(E)) {
      if (Unary->getOpcode() != UO_Deref && Unary->getOpcode() != UO_AddrOf)
        return nullptr;
      E = Unary->getSubExpr();
      continue;
    }
    if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(E)) {
      if ((Op->getOperator() == OO_Star || Op->getOperator() == OO_Arrow) &&
          Op->getNumArgs() == 1) {
        E = Op->getArg(0);
        continue;
      }
      return nullptr;
    }
    if (const auto *Member = dyn_cast<CXXMemberCallExpr>(E)) {
      // An accessor: `conn->socket()`, `stream.next_layer()`, `p.get()`.
      if (Member->getNumArgs() != 0)
        return nullptr;
      E = Member->getImplicitObjectArgument();
      continue;
    }
    if (const auto *Call = dyn_cast<CallExpr>(E)) {
      const FunctionDecl *FD = Call->getDirectCallee();
      if (isMoveOrForward(Call) ||
          (Call->getNumArgs() == 1 && isStdNamed(FD, "ref"))) {
        E = Call->getArg(0);
        continue;
      }
      return nullptr;
    }
    return nullptr;
  }
  return nullptr;
}

const Stmt *loopBodyOf(const Stmt *Loop) {
  if (const auto *Range = dyn_cast_or_null<CXXForRangeStmt>(Loop))
    return Range->getBody();
  if (const auto *For = dyn_cast_or_null<ForStmt>(Loop))
    return For->getBody();
  if (const auto *While = dyn_cast_or_null<WhileStmt>(Loop))
    return While->getBody();
  if (const auto *Do = dyn_cast_or_null<DoStmt>(Loop))
    return Do->getBody();
  return nullptr;
}

const Expr *loopConditionOf(const Stmt *Loop) {
  if (const auto *While = dyn_cast_or_null<WhileStmt>(Loop))
    return While->getCond();
  if (const auto *Do = dyn_cast_or_null<DoStmt>(Loop))
    return Do->getCond();
  if (const auto *For = dyn_cast_or_null<ForStmt>(Loop))
    return For->getCond();
  return nullptr;
}

std::optional<CountingLoop> countingLoopOf(const ForStmt *Loop) {
  const auto *Init = dyn_cast_or_null<DeclStmt>(Loop->getInit());
  const auto *Index = Init && Init->isSingleDecl()
                          ? dyn_cast<VarDecl>(Init->getSingleDecl())
                          : nullptr;
  const auto *Cond =
      dyn_cast_or_null<BinaryOperator>(stripImplicit(Loop->getCond()));
  const auto *Step =
      dyn_cast_or_null<UnaryOperator>(stripImplicit(Loop->getInc()));
  if (!Index || !Index->getType()->isIntegerType() || !Cond ||
      !llvm::is_contained({BO_LT, BO_NE}, Cond->getOpcode()) || !Step ||
      !Step->isIncrementOp())
    return std::nullopt;
  const auto IsIndex = [&](const Expr *E) {
    const auto *Ref = dyn_cast<DeclRefExpr>(stripImplicit(E));
    return Ref && Ref->getDecl() == Index;
  };
  if (!IsIndex(Cond->getLHS()) || !IsIndex(Step->getSubExpr()))
    return std::nullopt;
  return CountingLoop{Index, Cond->getRHS()};
}

llvm::ArrayRef<const Expr *> writtenArguments(const CallExpr *Call) {
  llvm::ArrayRef<const Expr *> Args(Call->getArgs(), Call->getNumArgs());
  if (calledObject(Call))
    Args = Args.drop_front();
  while (!Args.empty() && isa<CXXDefaultArgExpr>(Args.back()))
    Args = Args.drop_back();
  return Args;
}

const NamedDecl *namedCallee(const CallExpr *Call) {
  if (const Expr *Object = calledObject(Call))
    if (const auto *Ref = dyn_cast<DeclRefExpr>(Object))
      return Ref->getDecl();
  return Call->getDirectCallee();
}

bool isMoveOrForward(const CallExpr *Call) {
  const FunctionDecl *Callee = Call ? Call->getDirectCallee() : nullptr;
  return Call && Call->getNumArgs() == 1 &&
         (isStdNamed(Callee, "move") || isStdNamed(Callee, "forward"));
}

std::optional<unsigned> parameterIndexOf(const CallExpr *Call,
                                         unsigned ArgIndex) {
  const FunctionDecl *Callee = Call->getDirectCallee();
  if (!Callee)
    return std::nullopt;
  unsigned Offset =
      isa<CXXOperatorCallExpr>(Call) && isa<CXXMethodDecl>(Callee) ? 1 : 0;
  if (ArgIndex < Offset || ArgIndex - Offset >= Callee->getNumParams())
    return std::nullopt;
  return ArgIndex - Offset;
}

const LambdaExpr *passedLambda(const Expr *Arg) {
  Arg = stripImplicit(Arg);
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(Arg);
      Construct && Construct->getNumArgs() == 1)
    Arg = stripImplicit(Construct->getArg(0));
  return dyn_cast<LambdaExpr>(Arg);
}

const LambdaExpr *calledClosure(const CallExpr *Call) {
  return dyn_cast_or_null<LambdaExpr>(calledObject(Call));
}

namespace {
class EvaluatedWalker : public RecursiveASTVisitor<EvaluatedWalker> {
public:
  EvaluatedWalker(bool IntoLambdas,
                  llvm::function_ref<void(const Stmt *)> Visit)
      : IntoLambdas(IntoLambdas), Visit(Visit) {}
  bool shouldVisitImplicitCode() const { return false; }
  bool TraverseLambdaExpr(LambdaExpr *L) {
    return !IntoLambdas || RecursiveASTVisitor::TraverseLambdaExpr(L);
  }
  bool TraverseInitListExpr(InitListExpr *List) {
    InitListExpr *Semantic = List->isSemanticForm() || !List->getSemanticForm()
                                 ? List
                                 : List->getSemanticForm();
    Visit(Semantic);
    for (Stmt *Child : Semantic->children())
      TraverseStmt(Child);
    return true;
  }
  bool VisitStmt(Stmt *S) {
    Visit(S);
    return true;
  }

private:
  bool IntoLambdas;
  llvm::function_ref<void(const Stmt *)> Visit;
};
} // namespace

void forEachEvaluatedStmt(const Stmt *S, bool IntoLambdas,
                          llvm::function_ref<void(const Stmt *)> Visit) {
  if (S)
    EvaluatedWalker(IntoLambdas, Visit).TraverseStmt(const_cast<Stmt *>(S));
}

const Stmt *soleStatement(const Stmt *S) {
  if (const auto *Block = dyn_cast_or_null<CompoundStmt>(S))
    return Block->size() == 1 ? Block->body_front() : nullptr;
  return S;
}

bool isExceptionPtr(QualType T) {
  const CXXRecordDecl *RD = recordOf(T);
  return RD && RD->getIdentifier() && RD->getName() == "exception_ptr" &&
         isInStdLibrary(RD);
}

void UseCounts::add(const Stmt *S) {
  forEachEvaluatedStmt(S, /*IntoLambdas=*/true, [&](const Stmt *Child) {
    if (const auto *Ref = dyn_cast<DeclRefExpr>(Child))
      ++Counts[Ref->getDecl()];
    else if (const auto *Member = dyn_cast<MemberExpr>(Child))
      ++Counts[Member->getMemberDecl()];
  });
}

namespace {
unsigned usesOf(const Stmt *S, const ValueDecl *D) {
  return UseCounts(S).of(D);
}

/// The `std::exception_ptr` \p E names: a variable, or a field of `this`.
const ValueDecl *exceptionStateOf(const Expr *E) {
  E = stripImplicit(E);
  const ValueDecl *D = nullptr;
  if (const auto *Ref = dyn_cast_or_null<DeclRefExpr>(E))
    D = dyn_cast<VarDecl>(Ref->getDecl());
  else if (const auto *Member = dyn_cast_or_null<MemberExpr>(E);
           Member && isa<CXXThisExpr>(Member->getBase()->IgnoreImpCasts()))
    D = dyn_cast<FieldDecl>(Member->getMemberDecl());
  return D && isExceptionPtr(D->getType()) ? D : nullptr;
}

/// What a condition asks about an exception state: which one, and whether
/// it must be empty (`!S`) rather than set (`S`).
std::pair<const ValueDecl *, bool> testedState(const Expr *E) {
  bool Empty = false;
  for (;;) {
    E = stripImplicit(E);
    if (const auto *Not = dyn_cast<UnaryOperator>(E);
        Not && Not->getOpcode() == UO_LNot) {
      Empty = !Empty;
      E = Not->getSubExpr();
    } else if (const auto *Conversion = dyn_cast<CXXMemberCallExpr>(E);
               Conversion && isa_and_nonnull<CXXConversionDecl>(
                                 Conversion->getMethodDecl())) {
      E = Conversion->getImplicitObjectArgument();
    } else {
      return {exceptionStateOf(E), Empty};
    }
  }
}

/// Whether every term of \p Cond, a chain of `&&`, is `Error` (the handler
/// got a failure) or `!State` (none recorded yet): such a guard never lets
/// the assignment clear a recorded failure.
bool onlyRecordingGuards(const Expr *Cond, const ValueDecl *Error,
                         const ValueDecl *State) {
  Cond = stripImplicit(Cond);
  if (const auto *And = dyn_cast<BinaryOperator>(Cond);
      And && And->getOpcode() == BO_LAnd)
    return onlyRecordingGuards(And->getLHS(), Error, State) &&
           onlyRecordingGuards(And->getRHS(), Error, State);
  auto [Tested, Empty] = testedState(Cond);
  return (Tested == Error && !Empty) || (Tested == State && Empty);
}

/// A plain `if (Cond) Then;`, without else, initializer or declaration.
const IfStmt *plainIf(const Stmt *S) {
  const auto *If = dyn_cast_or_null<IfStmt>(S);
  return If && !If->getElse() && !If->getInit() &&
                 !If->getConditionVariable() && !If->isConsteval()
             ? If
             : nullptr;
}

/// The state handler \p L records the failure it is given into, when its
/// first statement does so and nothing else in it names that state.
const ValueDecl *recordedFailureState(const LambdaExpr *L) {
  const CXXMethodDecl *Call = L->getCallOperator();
  if (L->isGenericLambda() || !Call || Call->getNumParams() != 1 ||
      !isExceptionPtr(Call->getParamDecl(0)->getType()))
    return nullptr;
  const auto *Body = dyn_cast_or_null<CompoundStmt>(L->getBody());
  const IfStmt *If =
      Body && !Body->body_empty() ? plainIf(Body->body_front()) : nullptr;
  const auto *Then =
      If ? dyn_cast_or_null<Expr>(soleStatement(If->getThen())) : nullptr;
  const auto *Assign =
      Then ? dyn_cast<CXXOperatorCallExpr>(stripImplicit(Then)) : nullptr;
  if (!Assign || Assign->getOperator() != OO_Equal || Assign->getNumArgs() != 2)
    return nullptr;
  const ValueDecl *State = exceptionStateOf(Assign->getArg(0));
  const ParmVarDecl *Error = Call->getParamDecl(0);
  if (!State || variableOf(Assign->getArg(1)) != Error ||
      !onlyRecordingGuards(If->getCond(), Error, State) ||
      usesOf(Body, State) != usesOf(If, State))
    return nullptr;
  // The assignment reaches a local captured by reference, or a member
  // through `this`; not a copy.
  bool Reaches = llvm::any_of(L->captures(), [&](const LambdaCapture &C) {
    if (isa<FieldDecl>(State))
      return C.getCaptureKind() == LCK_This;
    return C.capturesVariable() && C.getCapturedVar() == State &&
           C.getCaptureKind() == LCK_ByRef;
  });
  return Reaches ? State : nullptr;
}

/// Whether \p S is `if (State) std::rethrow_exception(State);`.
bool rethrowsState(const Stmt *S, const ValueDecl *State) {
  const IfStmt *If = plainIf(S);
  const auto *Then =
      If ? dyn_cast_or_null<Expr>(soleStatement(If->getThen())) : nullptr;
  const auto *Rethrow =
      Then ? dyn_cast<CallExpr>(stripImplicit(Then)) : nullptr;
  const FunctionDecl *Callee = Rethrow ? Rethrow->getDirectCallee() : nullptr;
  return Callee && Callee->getIdentifier() &&
         Callee->getName() == "rethrow_exception" && isInStdLibrary(Callee) &&
         Rethrow->getNumArgs() == 1 &&
         exceptionStateOf(Rethrow->getArg(0)) == State &&
         testedState(If->getCond()) == std::make_pair(State, false);
}

/// The lambda a completion handler is: written in place, held in a local,
/// or returned by a method (\p Factory is then that call).
const LambdaExpr *handlerLambda(const Expr *Handler,
                                const CXXMemberCallExpr *&Factory) {
  Handler = stripImplicit(Handler);
  if (const auto *L = dyn_cast<LambdaExpr>(Handler))
    return L;
  if (const VarDecl *Var = variableOf(Handler);
      Var && Var->isLocalVarDecl() && Var->getInit())
    return dyn_cast<LambdaExpr>(stripImplicit(Var->getInit()));
  const auto *Call = dyn_cast<CXXMemberCallExpr>(Handler);
  const FunctionDecl *Def = nullptr;
  if (!Call || !Call->getMethodDecl() || !Call->getMethodDecl()->hasBody(Def))
    return nullptr;
  const auto *Body = dyn_cast_or_null<CompoundStmt>(Def->getBody());
  const auto *Return = Body && !Body->body_empty()
                           ? dyn_cast<ReturnStmt>(Body->body_back())
                           : nullptr;
  unsigned Returns = 0;
  forEachStmtInBody(Body,
                    [&](const Stmt *S) { Returns += isa<ReturnStmt>(S); });
  if (!Return || !Return->getRetValue() || Returns != 1)
    return nullptr;
  Factory = Call;
  return dyn_cast<LambdaExpr>(stripImplicit(Return->getRetValue()));
}

/// Whether only \p Handler and \p Rethrow name private member \p State of a
/// class whose code is all in view.
bool onlyRecordedAndRethrown(const FieldDecl *State, const LambdaExpr *Handler,
                             const Stmt *Rethrow) {
  const auto *RD = dyn_cast<CXXRecordDecl>(State->getParent());
  if (!RD || State->getAccess() != AS_private || !RD->hasDefinition() ||
      RD->hasFriends())
    return false;
  unsigned InClass = 0;
  for (const Decl *D : RD->decls()) {
    if (isa<FunctionTemplateDecl>(D))
      return false;
    const auto *Method = dyn_cast<CXXMethodDecl>(D);
    const FunctionDecl *Def = nullptr;
    if (!Method || Method->isImplicit() || Method->isDeleted() ||
        Method->isDefaulted() || Method->isPureVirtual())
      continue;
    if (!Method->hasBody(Def))
      return false;
    InClass += usesOf(Def->getBody(), State);
  }
  return InClass == usesOf(Handler, State) + usesOf(Rethrow, State);
}
} // namespace

bool joinRethrowsHandlerFailures(
    const Expr *Handler, const Expr *Awaited, const Stmt *AfterJoin,
    const FunctionDecl *FD,
    llvm::function_ref<const UseCounts &()> FunctionUses) {
  const CXXMemberCallExpr *Factory = nullptr;
  const LambdaExpr *L = Handler ? handlerLambda(Handler, Factory) : nullptr;
  const ValueDecl *State = L ? recordedFailureState(L) : nullptr;
  if (!State)
    return false;
  if (const auto *Local = dyn_cast<VarDecl>(State))
    return !Factory && Local->isLocalVarDecl() && !Local->isStaticLocal() &&
           Local->getDeclContext() == FD && rethrowsState(AfterJoin, Local) &&
           FunctionUses().of(Local) ==
               usesOf(L, Local) + usesOf(AfterJoin, Local);
  // A member: recorded through one object, rethrown by a method of the same
  // object that has no other way out.
  const auto *Join = dyn_cast_or_null<CXXMemberCallExpr>(Awaited);
  const CXXMethodDecl *Wait = Join ? Join->getMethodDecl() : nullptr;
  const VarDecl *Object =
      Factory ? variableOf(Factory->getImplicitObjectArgument()) : nullptr;
  const FunctionDecl *WaitDef = nullptr;
  if (!Object || !Wait ||
      Wait->getParent() != cast<FieldDecl>(State)->getParent() ||
      variableOf(Join->getImplicitObjectArgument()) != Object ||
      !Wait->hasBody(WaitDef))
    return false;
  const auto *Body = dyn_cast_or_null<CompoundStmt>(userBody(WaitDef));
  if (!Body || Body->body_empty() || !rethrowsState(Body->body_back(), State))
    return false;
  bool Exits = false;
  forEachStmtInBody(Body, [&](const Stmt *S) {
    Exits = Exits || isa<ReturnStmt, CoreturnStmt, GotoStmt>(S);
  });
  return !Exits &&
         onlyRecordedAndRethrown(cast<FieldDecl>(State), L, Body->body_back());
}

} // namespace clang::tidy::async
