//===--- NetworkModel.cpp - what waits on a peer --------------------------===//

#include "model/NetworkModel.h"
#include "clang/AST/ExprCXX.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/StringSwitch.h"
#include <cctype>

namespace clang::tidy::async {

llvm::SmallVector<std::string, 4> identifierWords(llvm::StringRef Name) {
  llvm::SmallVector<std::string, 4> Words;
  std::string Word;
  auto Flush = [&] {
    if (!Word.empty())
      Words.push_back(Word);
    Word.clear();
  };
  for (size_t I = 0; I < Name.size(); ++I) {
    char C = Name[I];
    if (!std::isalnum(static_cast<unsigned char>(C))) {
      Flush();
      continue;
    }
    // A new word at a lower-to-upper change, and before the last capital of
    // a capital run followed by lower case (`HTTPClient` -> http, client).
    if (std::isupper(static_cast<unsigned char>(C)) && I > 0 &&
        (std::islower(static_cast<unsigned char>(Name[I - 1])) ||
         (std::isupper(static_cast<unsigned char>(Name[I - 1])) &&
          I + 1 < Name.size() &&
          std::islower(static_cast<unsigned char>(Name[I + 1])))))
      Flush();
    Word += static_cast<char>(std::tolower(static_cast<unsigned char>(C)));
  }
  Flush();
  return Words;
}

bool hasWord(llvm::ArrayRef<std::string> Words,
             std::initializer_list<llvm::StringRef> Wanted) {
  return llvm::any_of(Words, [&](const std::string &W) {
    return llvm::is_contained(Wanted, llvm::StringRef(W));
  });
}

bool isCancellationToken(QualType T) {
  const CXXRecordDecl *RD = recordOf(T);
  if (!RD || !RD->getIdentifier())
    return false;
  llvm::SmallVector<std::string, 4> Words = identifierWords(RD->getName());
  bool Stop = hasWord(Words, {"stop"}), Cancel = hasWord(Words, {"cancellation"});
  return ((Stop || Cancel) && hasWord(Words, {"token"})) ||
         (Cancel && hasWord(Words, {"slot"})) ||
         (hasWord(Words, {"abort"}) && hasWord(Words, {"source", "token"}));
}

bool isChronoType(QualType T) {
  const CXXRecordDecl *RD = recordOf(T);
  if (!RD || !RD->getIdentifier() || !isInStdLibrary(RD))
    return false;
  const auto *NS = dyn_cast<NamespaceDecl>(RD->getDeclContext());
  return NS && NS->getName() == "chrono" &&
         (RD->getName() == "duration" || RD->getName() == "time_point");
}

std::optional<double> constantDurationMs(const Expr *E, const ASTContext &Ctx) {
  if (!E || E->isValueDependent() || E->isTypeDependent())
    return std::nullopt;
  const auto *Spec =
      dyn_cast_or_null<ClassTemplateSpecializationDecl>(recordOf(E->getType()));
  if (!Spec || Spec->getName() != "duration" || !isChronoType(E->getType()) ||
      Spec->getTemplateArgs().size() != 2)
    return std::nullopt;
  Expr::EvalResult Result;
  if (!E->EvaluateAsRValue(Result, Ctx) || !Result.Val.isStruct() ||
      Result.Val.getStructNumFields() < 1)
    return std::nullopt;
  const APValue &Rep = Result.Val.getStructField(0);
  double Count;
  if (Rep.isInt())
    Count = static_cast<double>(Rep.getInt().getExtValue());
  else if (Rep.isFloat())
    Count = Rep.getFloat().convertToDouble();
  else
    return std::nullopt;
  // The period: std::ratio<N, D>.
  const auto *Ratio = dyn_cast_or_null<ClassTemplateSpecializationDecl>(
      recordOf(Spec->getTemplateArgs()[1].getAsType()));
  double Period = 1.0;
  if (Ratio && Ratio->getTemplateArgs().size() == 2 &&
      Ratio->getTemplateArgs()[0].getKind() == TemplateArgument::Integral &&
      Ratio->getTemplateArgs()[1].getKind() == TemplateArgument::Integral)
    Period = static_cast<double>(
                 Ratio->getTemplateArgs()[0].getAsIntegral().getExtValue()) /
             static_cast<double>(
                 Ratio->getTemplateArgs()[1].getAsIntegral().getExtValue());
  return Count * Period * 1000.0;
}

static bool namesDeadline(const ParmVarDecl *P) {
  if (!P || !P->getIdentifier())
    return false;
  return hasWord(identifierWords(P->getName()),
                 {"timeout", "deadline", "expiry", "ttl"});
}

static bool isConstantZero(const Expr *E, const ASTContext &Ctx) {
  if (std::optional<double> Ms = constantDurationMs(E, Ctx))
    return *Ms == 0;
  Expr::EvalResult Result;
  return !E->isValueDependent() && E->getType()->isIntegerType() &&
         E->EvaluateAsInt(Result, Ctx) && Result.Val.getInt().isZero();
}

bool passesDeadlineArgument(const CallExpr *Call, const ASTContext &Ctx) {
  const FunctionDecl *Callee = Call->getDirectCallee();
  for (unsigned I = 0; I < Call->getNumArgs(); ++I) {
    const Expr *Arg = Call->getArg(I);
    if (isa<CXXDefaultArgExpr>(Arg))
      continue;
    const ParmVarDecl *Param =
        Callee && I < Callee->getNumParams() ? Callee->getParamDecl(I) : nullptr;
    if ((isChronoType(Arg->getType()) || namesDeadline(Param)) &&
        !isConstantZero(Arg, Ctx))
      return true;
  }
  return false;
}

bool isDatagramOperationName(llvm::StringRef Name) {
  return llvm::any_of(
      std::initializer_list<llvm::StringRef>{"_from", "_to", "recvfrom",
                                              "sendto"},
      [&](llvm::StringRef Suffix) { return Name.ends_with_insensitive(Suffix); });
}

bool isClientOperationName(llvm::StringRef Name) {
  if (Name.consume_front("async_") || Name.consume_front("async") ||
      Name.consume_front("co_"))
    ;
  for (llvm::StringRef Stem : {"connect", "resolve", "handshake", "poll"})
    if (Name.equals_insensitive(Stem))
      return true;
  for (llvm::StringRef Prefix :
       {"read", "write", "recv", "send", "receive", "request"}) {
    if (Name.size() < Prefix.size() ||
        !Name.take_front(Prefix.size()).equals_insensitive(Prefix))
      continue;
    if (Name.size() == Prefix.size())
      return true;
    char Next = Name[Prefix.size()];
    if (Next == '_' || std::isupper(static_cast<unsigned char>(Next)))
      return true;
  }
  return false;
}


static const CXXRecordDecl *objectRecord(QualType T) {
  if (T.isNull())
    return nullptr;
  T = T.getNonReferenceType();
  if (T->isPointerType())
    T = T->getPointeeType();
  return recordOf(T);
}

bool NetworkModel::isNetworkType(QualType T) {
  return isNetworkRecord(objectRecord(T), 0);
}

/// Whether \p RD is declared in a namespace named for datagrams
/// (`coro::net::udp::peer`).
static bool inDatagramNamespace(const CXXRecordDecl *RD) {
  for (const DeclContext *DC = RD->getDeclContext(); DC; DC = DC->getParent())
    if (const auto *NS = dyn_cast<NamespaceDecl>(DC);
        NS && NS->getIdentifier() &&
        hasWord(identifierWords(NS->getName()), {"datagram", "udp"}))
      return true;
  return false;
}

/// How many accept or listen calls \p S makes (in nested lambdas too with
/// \p IntoLambdas), or with \p OnlyBlocking how many of them are an
/// `accept` that is not awaited; the functions it calls go to \p Calls.
static unsigned acceptCount(const Stmt *S, bool IntoLambdas,
                            llvm::SmallVectorImpl<const FunctionDecl *> *Calls,
                            bool OnlyBlocking = false) {
  unsigned Count = 0;
  llvm::SmallPtrSet<const Expr *, 8> Awaited;
  forEachEvaluatedStmt(S, IntoLambdas, [&](const Stmt *Child) {
    // An await is visited before its operand.
    if (const auto *Await = dyn_cast<CoawaitExpr>(Child))
      Awaited.insert(Await->getOperand()->IgnoreImplicit());
    const auto *Call = dyn_cast<CallExpr>(Child);
    const FunctionDecl *Callee = Call ? Call->getDirectCallee() : nullptr;
    if (!Callee || !Callee->getIdentifier())
      return;
    if (OnlyBlocking ? Callee->getName() == "accept" && !Awaited.count(Call)
                     : llvm::is_contained({"accept", "async_accept", "listen"},
                                          Callee->getName()))
      ++Count;
    if (Calls)
      Calls->push_back(Callee);
  });
  return Count;
}

bool NetworkModel::hostsServer(const FunctionDecl *F) {
  auto [It, Inserted] = Serving.try_emplace(F->getCanonicalDecl(), false);
  if (!Inserted || !F->getBody())
    return It->second;
  // A server run beside, not by, F's own statements: in a lambda of F, or
  // one call down in a function of the unit (a test starting its server
  // coroutine next to its client coroutine). An accept loop that hands
  // each connection on is the server itself.
  llvm::SmallVector<const FunctionDecl *, 16> Calls;
  bool Serves = acceptCount(F->getBody(), true, &Calls) >
                acceptCount(F->getBody(), false, nullptr);
  const SourceManager &SM = F->getASTContext().getSourceManager();
  for (const FunctionDecl *Callee : Calls) {
    if (Serves)
      break;
    const FunctionDecl *Def = Callee->getDefinition();
    if (Def && Def != F && Def->getBody() &&
        !SM.isInSystemHeader(Def->getLocation()))
      Serves = acceptCount(Def->getBody(), true, nullptr) > 0;
  }
  return It->second = Serves;
}

bool NetworkModel::servesOwnPeer(const FunctionDecl *FD) {
  const FunctionDecl *Outer = FD;
  for (const DeclContext *DC = FD->getParent(); DC; DC = DC->getParent())
    if (const auto *F = dyn_cast<FunctionDecl>(DC))
      Outer = F;
  // The peer is served beside this coroutine, not by it (a proxy that
  // accepts and connects upstream in one coroutine still waits on others),
  // or by it with a blocking accept: a test driving the server's end of
  // the connection itself, between its own client operations.
  return Outer != FD && FD->getBody() && hostsServer(Outer) &&
         (acceptCount(FD->getBody(), true, nullptr) == 0 ||
          acceptCount(FD->getBody(), false, nullptr, /*OnlyBlocking=*/true) >
              0);
}

bool NetworkModel::isDatagramType(QualType T) {
  bool Found = false;
  const CXXRecordDecl *RD = objectRecord(T);
  for (int Depth = 0; RD && !Found && Depth < 8; ++Depth) {
    if (RD->getIdentifier())
      Found = hasWord(identifierWords(RD->getName()), {"datagram", "udp"}) ||
              inDatagramNamespace(RD);
    if (const auto *Spec = dyn_cast<ClassTemplateSpecializationDecl>(RD))
      for (const TemplateArgument &Arg : Spec->getTemplateArgs().asArray())
        if (Arg.getKind() == TemplateArgument::Type)
          if (const CXXRecordDecl *A = recordOf(Arg.getAsType());
              A && A->getIdentifier() &&
              hasWord(identifierWords(A->getName()), {"udp", "datagram"}))
            Found = true;
    RD = RD->hasDefinition() && RD->getNumBases() > 0
             ? recordOf(RD->bases_begin()->getType())
             : nullptr;
  }
  return Found;
}

const Expr *NetworkModel::connectionOf(const Expr *Object) {
  if (isNetworkType(Object->getType()))
    return Object;
  const auto *Ref = dyn_cast<DeclRefExpr>(stripImplicit(Object));
  const auto *Var = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
  if (!Var || !Var->isLocalVarDecl() || !Var->getInit())
    return nullptr;
  const auto *HandedOut =
      dyn_cast<CXXMemberCallExpr>(stripImplicit(Var->getInit()));
  const Expr *Owner =
      HandedOut ? HandedOut->getImplicitObjectArgument() : nullptr;
  return Owner && isNetworkType(Owner->getType()) ? Owner : nullptr;
}

bool NetworkModel::isNetworkRecord(const CXXRecordDecl *RD, int Depth) {
  if (!RD || Depth > 4)
    return false;
  if (auto It = Cache.find(RD); It != Cache.end())
    return It->second;
  Cache[RD] = false; // recursion guard
  bool Network = false;
  if (ExtraTypes.containsRecord(RD)) {
    Network = true;
  } else if (RD->getIdentifier()) {
    llvm::SmallVector<std::string, 4> Words = identifierWords(RD->getName());
    // Local I/O and the server's own waiting objects are not peers; the
    // client of a remote store or queue is (`StoragePeer`, `QueueClient`).
    bool Remote =
        hasWord(Words, {"client", "peer", "stub", "rpc", "grpc", "gateway"});
    if (hasWord(Words, {"timer", "acceptor", "mutex"}) ||
        (!Remote && hasWord(Words, {"file", "files", "log", "logger",
                                    "journal", "wal", "disk", "storage",
                                    "queue", "pipe", "descriptor", "serial"}))) {
      Cache[RD] = false;
      return false;
    }
    Network = hasWord(Words, {"socket", "sock", "resolver", "connection",
                              "conn", "client", "transport", "peer", "stub",
                              "rpc", "grpc", "tcp", "tls", "ssl", "websocket",
                              "link", "uplink", "gateway"});
  }
  // A wrapper of a network type: ssl::stream<tcp::socket>, a buffered one.
  if (const auto *Spec = dyn_cast<ClassTemplateSpecializationDecl>(RD);
      !Network && Spec)
    for (const TemplateArgument &Arg : Spec->getTemplateArgs().asArray())
      if (Arg.getKind() == TemplateArgument::Type &&
          isNetworkRecord(objectRecord(Arg.getAsType()), Depth + 1))
        Network = true;
  if (!Network && RD->hasDefinition()) {
    for (const CXXBaseSpecifier &Base : RD->bases())
      Network = Network || isNetworkRecord(recordOf(Base.getType()), Depth + 1);
    // A user-written client: it connects, and connecting is awaited.
    for (const CXXMethodDecl *M : RD->methods()) {
      if (Network)
        break;
      if (M->getIdentifier() &&
          (M->getName() == "connect" || M->getName() == "async_connect" ||
           M->getName() == "Connect") &&
          Model.classify(M->getReturnType()) != AsyncKind::None)
        Network = true;
    }
  }
  Cache[RD] = Network;
  return Network;
}

} // namespace clang::tidy::async
