//===--- LockAcrossSuspensionCheck.cpp - asynclint ------------------------===//
//
// A coroutine that suspends while it holds a thread mutex keeps the mutex
// locked while other work runs: it may resume on another thread of its
// executor, which then unlocks a mutex it does not own (undefined behaviour
// for std::mutex), and a coroutine that locks the mutex meanwhile blocks
// its thread, for good when the holder needs that thread to resume. Held
// means held on some path, asked over the CFG: a lock released on every
// path before the suspension (its block ends, `unlock()`) is not reported,
// unlike the scope-based misc-coroutine-hostile-raii.
//
//===----------------------------------------------------------------------===//

#include "LockAcrossSuspensionCheck.h"
#include "model/AsyncMatchers.h"
#include "model/AsyncModel.h"
#include "analysis/Flow.h"
#include "fix/EndScope.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "llvm/ADT/SmallPtrSet.h"
#include <algorithm>
#include <optional>

using namespace clang::ast_matchers;

namespace clang::tidy::async {

/// One lock the coroutine takes: a guard object, or a mutex locked by hand.
struct LockAcrossSuspensionCheck::Lock {
  const VarDecl *Guard = nullptr;   ///< null for a mutex locked by hand
  const ValueDecl *Mutex = nullptr; ///< the mutex locked by hand
  llvm::SmallVector<const Expr *, 2> Mutexes; ///< what it locks, as written
  llvm::SmallVector<const CXXRecordDecl *, 2> Types; ///< their classes
  llvm::SmallVector<const Stmt *, 2> Opens, Closes;
  /// The guard's declaration and the block it is a statement of, if it is
  /// one: the guard is held nowhere else.
  const DeclStmt *Declaration = nullptr;
  const CompoundStmt *Block = nullptr;
  /// A guard given `std::adopt_lock`: it takes over a lock taken by hand.
  bool Adopts = false;
  /// Suspensions whose awaitable takes the guard (see handOvers).
  llvm::SmallPtrSet<const Stmt *, 1> HandedTo;
};

/// What one walk over a coroutine's own statements finds.
struct LockAcrossSuspensionCheck::Scan {
  llvm::SmallVector<const Stmt *, 8> Suspensions;
  llvm::SmallVector<Lock, 4> Locks;
  /// Member calls that may take or release a lock, resolved after the walk.
  llvm::SmallVector<const CXXMemberCallExpr *, 4> Calls;
  /// `std::move(guard)`: the lock goes with the object moved to.
  llvm::SmallVector<const CallExpr *, 2> Moves;
  /// Classes of which the coroutine awaits a method (`co_await m.lock()`):
  /// coroutine-aware mutexes, whatever a list says.
  llvm::SmallPtrSet<const CXXRecordDecl *, 2> AwaitedTypes;
  /// A variable handed by reference to the awaitable of a suspension.
  struct HandOver {
    const VarDecl *Var;
    const Stmt *Call, *Suspension;
  };
  llvm::SmallVector<HandOver, 1> HandOvers;
  llvm::DenseMap<const DeclStmt *, const CompoundStmt *> BlockOf;
};

namespace {

using Lock = LockAcrossSuspensionCheck::Lock;
using Scan = LockAcrossSuspensionCheck::Scan;

/// The methods that lock and unlock a mutex by hand: the standard names
/// and Abseil's.
bool locksByHand(llvm::StringRef Method) {
  return llvm::is_contained(
      {"lock", "lock_shared", "Lock", "ReaderLock", "WriterLock"}, Method);
}
bool unlocksByHand(llvm::StringRef Method) {
  return llvm::is_contained(
      {"unlock", "unlock_shared", "Unlock", "ReaderUnlock", "WriterUnlock"},
      Method);
}
/// What a guard object does to its lock (`std::unique_lock`,
/// `absl::ReleasableMutexLock`). `release()` hands the mutex back still
/// locked, but no longer held by the guard, which is what the check
/// follows; whoever unlocks it by hand then is not followed.
bool relocksGuard(llvm::StringRef Method) {
  return Method == "lock" || Method == "Lock";
}
bool releasesGuard(llvm::StringRef Method) {
  return llvm::is_contained({"unlock", "release", "Unlock", "Release"}, Method);
}

bool isSuspension(const Stmt *S) {
  // co_await and co_yield; co_return is no suspension while locals live:
  // they are destroyed before the final suspend.
  return isa<CoroutineSuspendExpr, DependentCoawaitExpr>(S);
}

/// The class of the object \p E is or points to.
const CXXRecordDecl *objectClass(const Expr *E) {
  QualType T = E->getType();
  if (T->isPointerType())
    T = T->getPointeeType();
  return recordOf(T);
}

/// The variable or member an object expression names (`m`, `this->m_`,
/// `*p`, `p` of `p->lock()`), if any.
const ValueDecl *storageOf(const Expr *E) {
  E = E->IgnoreParenImpCasts();
  if (const auto *Deref = dyn_cast<UnaryOperator>(E);
      Deref && Deref->getOpcode() == UO_Deref)
    E = Deref->getSubExpr()->IgnoreParenImpCasts();
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E))
    return Ref->getDecl();
  if (const auto *Member = dyn_cast<MemberExpr>(E))
    return Member->getMemberDecl();
  return nullptr;
}

/// The construction that initialises \p Var, also through the cast of
/// `auto lk = std::unique_lock(m);`.
const CXXConstructExpr *constructionOf(const VarDecl *Var) {
  const Expr *E = Var->getInit();
  while (E) {
    E = E->IgnoreImplicit()->IgnoreParens();
    const auto *Cast = dyn_cast<CXXFunctionalCastExpr>(E);
    if (!Cast)
      return dyn_cast<CXXConstructExpr>(E);
    E = Cast->getSubExpr();
  }
  return nullptr;
}

/// Whether a constructor parameter can lock what it is given: a non-const
/// reference or pointer (a `const` mutex cannot be locked).
bool canLockThrough(QualType Param) {
  if (Param.isNull())
    return false;
  if (Param->isLValueReferenceType() || Param->isPointerType())
    return !Param->getPointeeType().isConstQualified();
  return false;
}

/// The thread mutex type an object of class \p Holder locks: a template
/// argument (folly's `Synchronized<T, SharedMutex>`) or a field's type.
const CXXRecordDecl *heldMutexType(const CXXRecordDecl *Holder,
                                   const NameList &MutexTypes) {
  // The standard library has no such holder; `weak_ptr<mutex>::lock()`
  // hands back the pointer, not a lock.
  if (!Holder || !Holder->hasDefinition() || isInStdLibrary(Holder))
    return nullptr;
  if (const auto *Spec = dyn_cast<ClassTemplateSpecializationDecl>(Holder))
    for (const TemplateArgument &Arg : Spec->getTemplateArgs().asArray())
      if (Arg.getKind() == TemplateArgument::Type)
        if (const CXXRecordDecl *Type = recordOf(Arg.getAsType());
            Type && MutexTypes.containsRecord(Type))
          return Type;
  for (const FieldDecl *Field : Holder->fields())
    if (const CXXRecordDecl *Type = recordOf(Field->getType());
        Type && MutexTypes.containsRecord(Type))
      return Type;
  return nullptr;
}

/// \p Var as the guard a locking accessor hands back: `auto locked =
/// totals.wlock();`, a method named for locking (`lock`, `wlock`,
/// `rlock`, `ulock`, `contextualLock`) called on an object that holds a
/// thread mutex (see heldMutexType). It holds the lock from its
/// declaration.
std::optional<Lock> accessorGuardOf(const VarDecl *Var,
                                    const NameList &MutexTypes) {
  const Expr *Init = Var->getInit() ? Var->getInit()->IgnoreImplicit() : nullptr;
  if (const auto *Copy = dyn_cast_or_null<CXXConstructExpr>(Init);
      Copy && Copy->getNumArgs() == 1)
    Init = Copy->getArg(0)->IgnoreImplicit();
  const auto *Call = dyn_cast_or_null<CXXMemberCallExpr>(Init);
  const CXXMethodDecl *Method = Call ? Call->getMethodDecl() : nullptr;
  if (!Method || !Method->getIdentifier())
    return std::nullopt;
  std::string Name = Method->getName().lower();
  if (!llvm::StringRef(Name).ends_with("lock") ||
      llvm::StringRef(Name).ends_with("unlock") ||
      llvm::StringRef(Name).starts_with("try"))
    return std::nullopt;
  // The holder as declared, not the base class that declares the accessor.
  const Expr *Holder = Call->getImplicitObjectArgument()->IgnoreImpCasts();
  const CXXRecordDecl *Mutex = heldMutexType(objectClass(Holder), MutexTypes);
  if (!Mutex)
    return std::nullopt;
  Lock Guard;
  Guard.Guard = Var;
  Guard.Mutexes.push_back(Holder);
  Guard.Types.push_back(Mutex);
  Guard.Opens.push_back(Var->getInit());
  return Guard;
}

/// \p Var as a guard object over thread mutexes, recognised by shape: a
/// local of a class with a destructor, constructed from mutexes of
/// \p MutexTypes it can lock (`std::lock_guard`, `std::unique_lock`,
/// `std::scoped_lock`, `std::shared_lock`, `absl::MutexLock` alike). It
/// holds them from its declaration unless another argument than
/// `std::adopt_lock` says otherwise (`defer_lock`, `try_to_lock`, a
/// timeout): then only once its `lock()` is called.
std::optional<Lock> guardOf(const VarDecl *Var, const NameList &MutexTypes) {
  const CXXRecordDecl *Class = recordOf(Var->getType());
  if (!Var->hasLocalStorage() || isa<ParmVarDecl>(Var) ||
      Var->getType()->isReferenceType() || !Class || !Class->hasDefinition() ||
      Class->isDependentContext() || Class->hasTrivialDestructor())
    return std::nullopt;
  if (std::optional<Lock> Accessed = accessorGuardOf(Var, MutexTypes))
    return Accessed;
  const CXXConstructExpr *Construct = constructionOf(Var);
  if (!Construct)
    return std::nullopt;
  const CXXConstructorDecl *Ctor = Construct->getConstructor();
  Lock Guard;
  Guard.Guard = Var;
  bool HeldFromDeclaration = true;
  for (unsigned I = 0; I < Construct->getNumArgs(); ++I) {
    const Expr *Arg = Construct->getArg(I);
    if (isa<CXXDefaultArgExpr>(Arg))
      continue;
    const CXXRecordDecl *Type = objectClass(Arg);
    QualType Param = I < Ctor->getNumParams() ? Ctor->getParamDecl(I)->getType()
                                              : QualType();
    if (Type && MutexTypes.containsRecord(Type) && canLockThrough(Param)) {
      Guard.Mutexes.push_back(Arg);
      Guard.Types.push_back(Type);
    } else if (isStdNamed(recordOf(Arg->getType()), "adopt_lock_t")) {
      Guard.Adopts = true;
    } else {
      HeldFromDeclaration = false;
    }
  }
  if (Guard.Mutexes.empty())
    return std::nullopt;
  if (HeldFromDeclaration)
    Guard.Opens.push_back(Var->getInit());
  return Guard;
}

/// Records the variables that \p Suspension's operand passes by non-const
/// reference to a call or construction: an awaitable given a guard
/// (`co_await async_lock_awaiter(*this, lock)`) takes charge of the lock
/// and must release it before the coroutine suspends, or it could never be
/// resumed by another locker.
void handOvers(const Stmt *Suspension, Scan &Found) {
  auto Record = [&](const Stmt *Call, const FunctionDecl *Callee,
                    llvm::ArrayRef<const Expr *> Args) {
    for (unsigned I = 0; Callee && I < Args.size(); ++I) {
      const VarDecl *Var = variableOf(Args[I]);
      if (Var && I < Callee->getNumParams() &&
          Callee->getParamDecl(I)->getType()->isReferenceType() &&
          !Callee->getParamDecl(I)
               ->getType()
               .getNonReferenceType()
               .isConstQualified())
        Found.HandOvers.push_back({Var, Call, Suspension});
    }
  };
  forEachStmtInBody(awaitedOperand(Suspension), [&](const Stmt *S) {
    if (const auto *Construct = dyn_cast<CXXConstructExpr>(S))
      Record(S, Construct->getConstructor(),
             {Construct->getArgs(), Construct->getNumArgs()});
    else if (const auto *Call = dyn_cast<CallExpr>(S);
             Call && !isa<CXXMemberCallExpr, CXXOperatorCallExpr>(Call))
      Record(S, Call->getDirectCallee(), {Call->getArgs(), Call->getNumArgs()});
  });
}

/// Walks the coroutine's own statements once (not nested lambdas: a
/// lambda coroutine is matched as a coroutine of its own, and a plain
/// lambda's lock is released before it returns).
Scan scan(const Stmt *Body, const NameList &MutexTypes) {
  Scan Found;
  forEachStmtInBody(Body, [&](const Stmt *S) {
    if (isSuspension(S)) {
      Found.Suspensions.push_back(S);
      if (const auto *Call =
              dyn_cast_or_null<CXXMemberCallExpr>(awaitedOperand(S)))
        if (const CXXRecordDecl *Type =
                objectClass(Call->getImplicitObjectArgument()))
          Found.AwaitedTypes.insert(Type);
      handOvers(S, Found);
    } else if (const auto *Block = dyn_cast<CompoundStmt>(S)) {
      for (const Stmt *Child : Block->body())
        if (const auto *Declaration = dyn_cast<DeclStmt>(Child))
          Found.BlockOf[Declaration] = Block;
    } else if (const auto *Declaration = dyn_cast<DeclStmt>(S)) {
      for (const Decl *D : Declaration->decls())
        if (const auto *Var = dyn_cast<VarDecl>(D))
          if (std::optional<Lock> Guard = guardOf(Var, MutexTypes)) {
            Guard->Declaration = Declaration;
            Guard->Block = Found.BlockOf.lookup(Declaration);
            Found.Locks.push_back(std::move(*Guard));
          }
    } else if (const auto *Call = dyn_cast<CXXMemberCallExpr>(S)) {
      const CXXMethodDecl *Method = Call->getMethodDecl();
      if (Method && Method->getIdentifier() &&
          (locksByHand(Method->getName()) || unlocksByHand(Method->getName()) ||
           releasesGuard(Method->getName())))
        Found.Calls.push_back(Call);
    } else if (const auto *Call = dyn_cast<CallExpr>(S)) {
      if (Call->getNumArgs() == 1 &&
          isStdNamed(Call->getDirectCallee(), "move"))
        Found.Moves.push_back(Call);
    }
  });
  return Found;
}

/// Gives each lock the calls that take and release it, then drops the
/// locks never taken and those of coroutine-aware mutexes.
void resolveCalls(Scan &Found, const NameList &MutexTypes) {
  // Each lock by its guard variable or its mutex locked by hand, as an
  // index (the list grows).
  llvm::DenseMap<const ValueDecl *, size_t> Guards, Manual;
  for (size_t I = 0; I < Found.Locks.size(); ++I)
    Guards[Found.Locks[I].Guard] = I;
  auto GuardNamed = [&](const ValueDecl *D) -> Lock * {
    auto It = D ? Guards.find(D) : Guards.end();
    return It == Guards.end() ? nullptr : &Found.Locks[It->second];
  };
  // The lock a call takes or releases by hand, created on first use.
  auto ManualLock = [&](const ValueDecl *Mutex, const Expr *Object,
                        const CXXRecordDecl *Type) -> Lock & {
    auto [It, New] = Manual.try_emplace(Mutex, Found.Locks.size());
    if (New) {
      Lock &L = Found.Locks.emplace_back();
      L.Mutex = Mutex;
      L.Mutexes.push_back(Object);
      L.Types.push_back(Type);
    }
    return Found.Locks[It->second];
  };
  for (const CXXMemberCallExpr *Call : Found.Calls) {
    const Expr *Object = Call->getImplicitObjectArgument();
    const ValueDecl *Storage = Object ? storageOf(Object) : nullptr;
    if (!Storage)
      continue;
    llvm::StringRef Method = Call->getMethodDecl()->getName();
    if (Lock *Guard = GuardNamed(Storage)) {
      if (relocksGuard(Method))
        Guard->Opens.push_back(Call);
      else if (releasesGuard(Method))
        Guard->Closes.push_back(Call);
      continue;
    }
    const CXXRecordDecl *Type = objectClass(Object);
    if (!Type || !MutexTypes.containsRecord(Type))
      continue;
    if (locksByHand(Method))
      ManualLock(Storage, Object, Type).Opens.push_back(Call);
    else if (unlocksByHand(Method))
      ManualLock(Storage, Object, Type).Closes.push_back(Call);
  }
  for (const CallExpr *Move : Found.Moves)
    if (Lock *Guard = GuardNamed(variableOf(Move->getArg(0))))
      Guard->Closes.push_back(Move);
  // After the awaitable took the guard (or the mutex), the coroutine
  // holds it no more (whether the awaitable locks it again on resuming is
  // not followed).
  for (const Scan::HandOver &Hand : Found.HandOvers) {
    Lock *Taken = GuardNamed(Hand.Var);
    if (auto It = Manual.find(Hand.Var); !Taken && It != Manual.end())
      Taken = &Found.Locks[It->second];
    if (Taken) {
      Taken->Closes.push_back(Hand.Call);
      Taken->HandedTo.insert(Hand.Suspension);
    }
  }
  // A lock taken by hand and adopted by a guard is the guard's to release.
  for (size_t I : llvm::make_second_range(Guards))
    if (Found.Locks[I].Adopts)
      for (const Expr *Mutex : Found.Locks[I].Mutexes)
        if (auto It = Manual.find(storageOf(Mutex)); It != Manual.end())
          Found.Locks[It->second].Closes.push_back(
              Found.Locks[I].Guard->getInit());
  llvm::erase_if(Found.Locks, [&](const Lock &L) {
    return L.Opens.empty() ||
           llvm::any_of(L.Types, [&](const CXXRecordDecl *Type) {
             return Found.AwaitedTypes.contains(Type);
           });
  });
}

SourceLocation expansionBegin(const Stmt *S, const SourceManager &SM) {
  return SM.getExpansionLoc(S->getBeginLoc());
}

/// The suspensions (sorted by position) at which \p L can be held: for a
/// guard that is a statement of a block, those between its declaration and
/// the end of the block; otherwise all.
llvm::ArrayRef<const Stmt *> candidates(const Lock &L,
                                        llvm::ArrayRef<const Stmt *> Sorted,
                                        const SourceManager &SM) {
  if (!L.Block)
    return Sorted;
  auto Before = [&](const Stmt *S, SourceLocation Loc) {
    return SM.isBeforeInTranslationUnit(expansionBegin(S, SM), Loc);
  };
  const Stmt *const *First = std::lower_bound(
      Sorted.begin(), Sorted.end(), expansionBegin(L.Declaration, SM), Before);
  const Stmt *const *Last = std::lower_bound(
      First, Sorted.end(), SM.getExpansionLoc(L.Block->getRBracLoc()), Before);
  return {First, Last};
}

/// `'m'`, `'a' and 'b'`: the mutexes of \p L as written.
std::string mutexNames(const Lock &L, const ASTContext &Ctx) {
  std::string Out;
  for (size_t I = 0; I < L.Mutexes.size(); ++I) {
    // A guard given a pointer names the mutex (`absl::MutexLock l(&mu)`).
    const Expr *Mutex = L.Mutexes[I]->IgnoreParenImpCasts();
    if (const auto *Address = dyn_cast<UnaryOperator>(Mutex);
        Address && Address->getOpcode() == UO_AddrOf)
      Mutex = Address->getSubExpr();
    llvm::StringRef Text = sourceText(Mutex->getSourceRange(), Ctx);
    if (I)
      Out += I + 1 == L.Mutexes.size() ? " and " : ", ";
    Out += Text.empty() ? std::string("the mutex") : "'" + Text.str() + "'";
  }
  return Out;
}

bool isLocal(const Decl *D) {
  const auto *Var = dyn_cast<VarDecl>(D);
  return Var && Var->hasLocalStorage();
}

/// Whether \p D is a local object of the coroutine that no other thread
/// sees: not a reference, a pointer or something used like one (a smart
/// pointer, an iterator).
bool isPrivateLocal(const Decl *D) {
  if (!isLocal(D))
    return false;
  QualType T = cast<VarDecl>(D)->getType();
  if (T->isReferenceType() || T->isPointerType() || T->isDependentType())
    return false;
  const CXXRecordDecl *Class = recordOf(T);
  if (!Class || !Class->hasDefinition())
    return !Class;
  auto PointsAway = [](const CXXRecordDecl *RD) {
    return llvm::any_of(RD->methods(), [](const CXXMethodDecl *M) {
      return M->getOverloadedOperator() == OO_Arrow ||
             M->getOverloadedOperator() == OO_Star;
    });
  };
  // libstdc++ declares a smart pointer's operators in a base.
  return !PointsAway(Class) &&
         Class->forallBases(
             [&](const CXXRecordDecl *Base) { return !PointsAway(Base); });
}

/// A constant (`asio::use_awaitable`) is no state a lock protects.
bool isConstant(const Decl *D) {
  const auto *Var = dyn_cast<VarDecl>(D);
  return Var && !Var->getType()->isReferenceType() &&
         Var->getType().isConstQualified();
}

/// Whether statements \p After may use what the lock protects when it no
/// longer covers them: members and globals (what a member or global mutex
/// protects), what the statements under the lock (\p Locked) use besides
/// private locals, or something modified that cannot be told.
bool mayNeedTheLock(llvm::ArrayRef<const Stmt *> Locked,
                    llvm::ArrayRef<const Stmt *> After,
                    const FunctionDecl *FD) {
  DeclSet UnderLock;
  for (const Stmt *S : Locked) {
    Access A = accessesOf(S, FD);
    UnderLock.insert(A.Reads.begin(), A.Reads.end());
    UnderLock.insert(A.Mutates.begin(), A.Mutates.end());
  }
  auto Needs = [&](const Decl *D) {
    return !isPrivateLocal(D) && !isConstant(D) &&
           (!isLocal(D) || UnderLock.contains(D));
  };
  for (const Stmt *S : After) {
    Access A = accessesOf(S, FD);
    if (A.MutatesUnknown || llvm::any_of(A.Reads, Needs) ||
        llvm::any_of(A.Mutates, Needs))
      return true;
  }
  return false;
}

/// How to release \p L before a suspension by hand.
std::string advice(const Lock &L, llvm::StringRef Keyword) {
  if (!L.Guard)
    return ("unlock it before the " + Keyword).str();
  std::string Out = ("end its block before the " + Keyword).str();
  const CXXRecordDecl *Class = recordOf(L.Guard->getType());
  if (Class && llvm::any_of(Class->methods(), [](const CXXMethodDecl *M) {
        return M->getIdentifier() && M->getName() == "unlock";
      }))
    Out += ", call '" + L.Guard->getName().str() + ".unlock()' before it";
  return Out;
}

} // namespace

void LockAcrossSuspensionCheck::storeOptions(
    ClangTidyOptions::OptionMap &Opts) {
  Names.store(Options, Opts);
}

void LockAcrossSuspensionCheck::registerMatchers(MatchFinder *Finder) {
  Finder->addMatcher(userCoroutineDefinition(), this);
}

void LockAcrossSuspensionCheck::check(const MatchFinder::MatchResult &Result) {
  const auto *FD = Result.Nodes.getNodeAs<FunctionDecl>("function");
  if (!enterFunction(FD, *Result.Context))
    return;
  const NameList &MutexTypes = Names.of(Role::BlockingMutexes);
  Scan Found = scan(userBody(FD), MutexTypes);
  // The cheap filter: no graph for a coroutine without both a lock and a
  // suspension.
  if (Found.Suspensions.empty() || (Found.Locks.empty() && Found.Calls.empty()))
    return;
  resolveCalls(Found, MutexTypes);
  if (Found.Locks.empty())
    return;
  ASTContext &Ctx = *Result.Context;
  FunctionFlow Flow(FD, Ctx);
  if (!Flow.valid())
    return;
  const SourceManager &SM = Ctx.getSourceManager();
  llvm::sort(Found.Suspensions, [&](const Stmt *A, const Stmt *B) {
    return SM.isBeforeInTranslationUnit(expansionBegin(A, SM),
                                        expansionBegin(B, SM));
  });
  llvm::DenseMap<const Stmt *, llvm::SmallVector<const Lock *, 1>> HeldAt;
  for (const Lock &L : Found.Locks) {
    llvm::ArrayRef<const VarDecl *> ScopeEnd;
    if (L.Guard)
      ScopeEnd = L.Guard;
    PathCoverage Held = Flow.coverageOnSomePath(L.Opens, L.Closes, ScopeEnd);
    for (const Stmt *S : candidates(L, Found.Suspensions, SM))
      if (Held.at(S) && !L.HandedTo.contains(S))
        HeldAt[S].push_back(&L);
  }
  // One finding per lock, at its first suspension: the later ones are the
  // same defect, and the fix (or the hand repair) of the first removes them.
  llvm::SmallPtrSet<const Lock *, 4> Reported;
  for (const Stmt *S : Found.Suspensions)
    if (auto It = HeldAt.find(S);
        It != HeldAt.end() && llvm::any_of(It->second, [&](const Lock *L) {
          return !Reported.contains(L);
        }))
      report(S, It->second, Reported, FD, Ctx);
}

void LockAcrossSuspensionCheck::report(
    const Stmt *Suspension, llvm::ArrayRef<const Lock *> Held,
    llvm::SmallPtrSetImpl<const Lock *> &Reported, const FunctionDecl *FD,
    ASTContext &Ctx) {
  const Lock &First = *Held.front();
  std::string Mutexes = mutexNames(First, Ctx);
  std::string Holder = First.Guard ? "'" + First.Guard->getName().str() +
                                         "' keeps " + Mutexes + " locked"
                                   : Mutexes + " stays locked";
  llvm::StringRef Keyword =
      isa<CoyieldExpr>(Suspension) ? "co_yield" : "co_await";
  diag(Suspension->getBeginLoc(),
       "%0 across this %1: the coroutine may resume on another thread, which "
       "must not unlock %select{it|them}2, and a coroutine that locks "
       "%select{it|them}2 meanwhile blocks its thread, for good if this "
       "coroutine must resume there")
      << Holder << Keyword << (First.Mutexes.size() > 1);
  // The first suspension of a guard alone can have its scope ended before
  // it; after the fix, the later ones are no longer reached.
  Fix Repair;
  if (!inInstantiation() && Held.size() == 1 && First.Guard &&
      !Reported.contains(&First))
    Repair = scopeFix(First, Suspension, FD, Ctx);
  for (const Lock *L : Held) {
    Reported.insert(L);
    std::string Names = mutexNames(*L, Ctx);
    // Where it was first taken: a guard's name, or its `lock()` call.
    SourceLocation Where = L->Opens.front()->getBeginLoc();
    if (L->Guard && L->Opens.front() == L->Guard->getInit())
      Where = L->Guard->getLocation();
    std::string Taken = L->Guard ? "'" + L->Guard->getName().str() +
                                       "' locks " + Names + " here"
                                 : Names + " is locked here";
    if (!Repair.empty()) {
      diag(Where, Taken, DiagnosticIDs::Note);
      continue;
    }
    diag(Where,
         "%0; %1, or use a coroutine-aware mutex (locked with "
         "'co_await')",
         DiagnosticIDs::Note)
        << Taken << advice(*L, Keyword);
  }
  if (!Repair.empty())
    noteUnsafeFix(First.Guard->getLocation(), Repair,
                  "the guard's block now ends before the " + Keyword.str() +
                      ", so the statements from it to the end of the old "
                      "block no longer run under the lock");
}

/// Ends the guard's scope before the statement of its block that holds
/// \p Suspension: the statements from the declaration up to it move into a
/// block of their own (see endScopeAfter), when that statement and those
/// after it seem not to need the lock (see mayNeedTheLock).
Fix LockAcrossSuspensionCheck::scopeFix(const Lock &L, const Stmt *Suspension,
                                        const FunctionDecl *FD,
                                        ASTContext &Ctx) const {
  if (!L.Block || !L.Declaration->isSingleDecl())
    return {};
  llvm::ArrayRef<const Stmt *> Body(L.Block->body_begin(), L.Block->body_end());
  const auto *Declared = llvm::find(Body, L.Declaration);
  auto HoldsSuspension = [&](const Stmt *S) {
    bool Found = false;
    forEachStmtInBody(
        S, [&](const Stmt *Child) { Found = Found || Child == Suspension; });
    return Found;
  };
  const auto *Holding = std::find_if(Declared, Body.end(), HoldsSuspension);
  // The guard alone in its block would lock nothing: what it protects is
  // the await itself, which only a coroutine-aware mutex can protect.
  if (Holding == Body.end() || Holding - Declared < 2)
    return {};
  llvm::ArrayRef<const Stmt *> Wrapped(Declared, Holding);
  if (mayNeedTheLock(Wrapped, llvm::ArrayRef<const Stmt *>(Holding, Body.end()),
                     FD))
    return {};
  return endScopeAfter(L.Block, Wrapped, Ctx);
}

} // namespace clang::tidy::async
