//===--- BlockingInCoroutineCheck.cpp - asynclint -------------------------===//

#include "BlockingInCoroutineCheck.h"
#include "model/AsyncMatchers.h"
#include "model/Executors.h"
#include "model/NetworkModel.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/StmtCXX.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Lex/Lexer.h"
#include <functional>

using namespace clang::ast_matchers;

namespace clang::tidy::async {

namespace {
constexpr llvm::StringRef SleepsDefault =
    "std::this_thread::sleep_for;std::this_thread::sleep_until;::sleep;"
    "::usleep;::nanosleep";
constexpr llvm::StringRef WaitsDefault =
    "std::future::get;std::future::wait;std::future::wait_for;"
    "std::future::wait_until;std::shared_future::get;std::shared_future::wait;"
    "std::shared_future::wait_for;std::shared_future::wait_until;"
    "std::thread::join;std::jthread::join;std::condition_variable::wait;"
    "std::condition_variable::wait_for;std::condition_variable::wait_until;"
    "std::condition_variable_any::wait;std::condition_variable_any::wait_for;"
    "std::condition_variable_any::wait_until;std::latch::wait;"
    "std::latch::arrive_and_wait;std::barrier::arrive_and_wait;"
    "std::counting_semaphore::acquire;std::counting_semaphore::try_acquire_for;"
    "std::counting_semaphore::try_acquire_until;folly::SemiFuture::get;"
    "folly::SemiFuture::wait;folly::Future::get;folly::Future::wait";
constexpr llvm::StringRef BlockingIODefault =
    "::read;::write;::pread;::pwrite;::recv;::recvfrom;::recvmsg;::send;"
    "::sendto;::sendmsg;::accept;::accept4;::connect;::select;::poll;"
    "::epoll_wait;::fread;::fwrite;::fgets;::fgetc;::getchar;::scanf;"
    "::system;::popen;::pclose;::waitpid;::getaddrinfo;::getnameinfo;"
    "::gethostbyname;::gethostbyname_r;::gethostbyaddr;::fsync;::fdatasync;"
    "::statfs;::statvfs;::fstatfs;::fstatvfs;std::filesystem::space";
/// Functions of any library that run an event loop until the work given to
/// them finishes, by the names they share; each profile's own are its
/// `EventLoopRuns`.
constexpr llvm::StringRef LoopRunsDefault = "sync_wait;blockingWait;syncAwait";
constexpr llvm::StringRef CpuHeavyDefault =
    "::EVP_PBE_scrypt;::PKCS5_PBKDF2_HMAC;::PKCS5_PBKDF2_HMAC_SHA1;"
    "::crypto_pwhash;::crypto_pwhash_str;"
    "::crypto_pwhash_scryptsalsa208sha256;::argon2_hash;::argon2i_hash_raw;"
    "::argon2id_hash_raw;::argon2d_hash_raw;::argon2i_hash_encoded;"
    "::argon2id_hash_encoded;::bcrypt;::crypt;::crypt_r;::crypt_rn;::crypt_ra";

/// Descriptor operations that return at once (EAGAIN, EINPROGRESS) on a
/// descriptor in non-blocking mode.
constexpr llvm::StringRef NonBlockingCapableDefault =
    "::read;::write;::recv;::recvfrom;::recvmsg;::send;::sendto;::sendmsg;"
    "::accept;::accept4;::connect";
/// Macros whose use shows a function works with non-blocking descriptors:
/// it tests for the errors only non-blocking calls return, or asks for the
/// mode.
constexpr llvm::StringRef NonBlockingMarkersDefault =
    "EAGAIN;EWOULDBLOCK;EINPROGRESS;EALREADY;O_NONBLOCK;SOCK_NONBLOCK;"
    "MSG_DONTWAIT";
/// Asynchronous readiness polls (those returning an awaitable): a
/// descriptor handed to one is in non-blocking mode.
constexpr llvm::StringRef ReadinessPollsDefault = "poll;poll_read;poll_write";
/// How many functions deep a blocking call is followed: deeper ones are
/// usually a rare path (a contention back-off), not the function's work.
constexpr unsigned MaxCallDepthDefault = 3;

llvm::StringRef describe(BlockingInCoroutineCheck::BlockKind Kind) {
  using K = BlockingInCoroutineCheck::BlockKind;
  switch (Kind) {
  case K::Sleep:
    return "a sleep";
  case K::Wait:
    return "a blocking wait";
  case K::IO:
    return "blocking I/O";
  case K::LoopReentry:
    return "it runs an event loop inside the event loop";
  case K::CpuHeavy:
    return "CPU-heavy work";
  }
  return "";
}

/// `wait_for(0s)` and friends poll without blocking.
bool isZeroDurationPoll(const CallExpr *Call, const ASTContext &Ctx) {
  const FunctionDecl *FD = Call->getDirectCallee();
  if (!FD || !FD->getIdentifier() || FD->getName() != "wait_for" ||
      Call->getNumArgs() == 0)
    return false;
  Expr::EvalResult Result;
  const Expr *Duration = Call->getArg(Call->getNumArgs() - 1);
  if (isa<CXXMemberCallExpr>(Call))
    Duration = Call->getArg(0);
  if (!Duration->EvaluateAsRValue(Result, Ctx))
    return false;
  const APValue &V = Result.Val;
  // std::chrono::duration holds a single arithmetic member.
  if (V.isStruct() && V.getStructNumFields() == 1 &&
      V.getStructField(0).isInt())
    return V.getStructField(0).getInt().isZero();
  return V.isInt() && V.getInt().isZero();
}

/// A synchronous operation of a socket, an acceptor or a resolver, as a
/// member (`resolver.resolve(host, "53")`, `sock.read_some(buf)`) or a free
/// function over one (`asio::write(sock, buf)`): it returns once the peer
/// has answered, on this thread. The asynchronous forms (`async_...`,
/// those returning an awaitable) are not, nor is a send on a datagram
/// socket, which completes once the datagram is queued.
bool isSynchronousSocketCall(const CallExpr *Call) {
  const FunctionDecl *Callee = Call->getDirectCallee();
  if (!Callee || !Callee->getIdentifier() || Call->isTypeDependent())
    return false;
  llvm::StringRef Name = Callee->getName();
  if (Name.starts_with_insensitive("async") ||
      !(isClientOperationName(Name) || Name == "accept"))
    return false;
  const auto *Member = dyn_cast<CXXMemberCallExpr>(Call);
  const Expr *Object = Member ? Member->getImplicitObjectArgument()
                      : Call->getNumArgs() > 0 && !isa<CXXOperatorCallExpr>(Call)
                          ? Call->getArg(0)
                          : nullptr;
  const CXXRecordDecl *RD =
      Object ? pointeeOfHandle(Object->getType())->getAsCXXRecordDecl()
             : nullptr;
  if (!RD || !RD->getIdentifier())
    return false;
  // Named for what it is (`basic_stream_socket`, `tcp::resolver`; not a
  // `socket_address`), and not for callbacks (folly's `AsyncSocket`).
  llvm::SmallVector<std::string, 4> Words = identifierWords(RD->getName());
  if (Words.empty() || hasWord(Words, {"async"}) ||
      !llvm::is_contained({"socket", "resolver", "acceptor"}, Words.back()))
    return false;
  bool Datagram = hasWord(Words, {"datagram", "udp", "raw"});
  return !(Datagram && (Name.starts_with("send") || Name.starts_with("write")));
}

/// Reads from the terminal or a pipe: `std::cin >> x`, `getline(std::cin, s)`.
bool readsStandardInput(const CallExpr *Call) {
  const Expr *Stream = nullptr;
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(Call);
      Op && Op->getOperator() == OO_GreaterGreater && Op->getNumArgs() == 2)
    Stream = Op->getArg(0);
  else if (isStdNamed(Call->getDirectCallee(), "getline") &&
           Call->getNumArgs() >= 2)
    Stream = Call->getArg(0);
  const auto *Ref =
      Stream ? dyn_cast<DeclRefExpr>(Stream->IgnoreParenImpCasts()) : nullptr;
  return Ref && isStdNamed(Ref->getDecl(), "cin");
}

/// The variable or member (of `this`) an object expression names: the key
/// under which readiness facts are kept.
const ValueDecl *receiverKey(const Expr *Object) {
  if (!Object)
    return nullptr;
  Object = Object->IgnoreParenImpCasts();
  // `std::move(f).get()` waits on f.
  if (const auto *Move = dyn_cast<CallExpr>(Object);
      Move && Move->getNumArgs() == 1 &&
      isStdNamed(Move->getDirectCallee(), "move"))
    Object = Move->getArg(0)->IgnoreParenImpCasts();
  if (const auto *Ref = dyn_cast<DeclRefExpr>(Object))
    return isa<VarDecl, BindingDecl>(Ref->getDecl()) ? Ref->getDecl() : nullptr;
  if (const auto *Member = dyn_cast<MemberExpr>(Object))
    return isa<CXXThisExpr>(Member->getBase()->IgnoreParenImpCasts())
               ? Member->getMemberDecl()
               : nullptr;
  return nullptr;
}

/// Whether \p E names an enumerator called one of \p Names.
bool isEnumeratorNamed(const Expr *E,
                       std::initializer_list<llvm::StringRef> Names) {
  const auto *Ref = dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts());
  const auto *Enumerator =
      Ref ? dyn_cast<EnumConstantDecl>(Ref->getDecl()) : nullptr;
  return Enumerator && Enumerator->getIdentifier() &&
         llvm::is_contained(Names, Enumerator->getName());
}

/// `std::future_status::ready`, or any enumerator named `ready`.
bool isReadyEnumerator(const Expr *E) {
  return isEnumeratorNamed(E, {"ready"});
}

/// An enumerator of a status that says the work has settled: `ready`,
/// `value` or `exception` (concurrencpp's `result_status`).
bool isSettledEnumerator(const Expr *E) {
  return isEnumeratorNamed(E, {"ready", "value", "exception"});
}

/// Whether \p Call reads a result (`get`, `value`) of work that was not
/// started by a call in the reading function: not a local initialised from
/// a call (`auto f = submit(...); f.get();`), nor the result of a call that
/// \p StartsWork says starts it right there (`pool->submit(f).get()`).
bool readsResultOfOtherWork(
    const CallExpr *Call,
    llvm::function_ref<bool(const CallExpr *)> StartsWork) {
  const auto *Member = dyn_cast<CXXMemberCallExpr>(Call);
  const CXXMethodDecl *Method = Member ? Member->getMethodDecl() : nullptr;
  if (!Method || !Method->getIdentifier() ||
      !llvm::is_contained({"get", "value"}, Method->getName()))
    return false;
  const Expr *Object = stripImplicit(Member->getImplicitObjectArgument());
  if (const auto *Started = dyn_cast<CallExpr>(Object);
      Started && StartsWork(Started))
    return false;
  const auto *Ref = dyn_cast<DeclRefExpr>(Object);
  const auto *Var = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
  // A reference or a range-for element names a result kept elsewhere.
  if (!Var || !Var->isLocalVarDecl() || !Var->getInit() ||
      Var->isCXXForRangeDecl() || Var->getType()->isReferenceType())
    return true;
  const auto *Init = dyn_cast<CallExpr>(stripImplicit(Var->getInit()));
  return !Init || isStdNamed(calleeOf(Init), "move");
}

/// A statement after which control never reaches the next one.
bool alwaysExits(const Stmt *S) {
  if (const auto *Block = dyn_cast_or_null<CompoundStmt>(S))
    return !Block->body_empty() && alwaysExits(Block->body_back());
  if (const auto *E = dyn_cast_or_null<Expr>(S))
    return isa<CXXThrowExpr>(E->IgnoreParenImpCasts());
  return isa_and_nonnull<ReturnStmt, CoreturnStmt, BreakStmt, ContinueStmt>(S);
}

/// A `break` that leaves the loop whose body is \p S.
bool breaksOut(const Stmt *S) {
  if (!S ||
      isa<ForStmt, WhileStmt, DoStmt, CXXForRangeStmt, SwitchStmt, LambdaExpr>(
          S))
    return false;
  if (isa<BreakStmt, GotoStmt>(S))
    return true;
  return llvm::any_of(S->children(), breaksOut);
}

/// Whether \p Object's type (through pointers) is one of \p Types.
bool objectIsOf(const Expr *Object, const NameList &Types) {
  if (!Object)
    return false;
  return Types.containsType(
      pointeeOfHandle(Object->IgnoreParenImpCasts()->getType()));
}
} // namespace

BlockingInCoroutineCheck::BlockingInCoroutineCheck(llvm::StringRef Name,
                                                   ClangTidyContext *Context)
    : AsyncCheck(Name, Context),
      OffloadFunction(Options.get("OffloadFunction", "rt::offload")),
      OffloadPool(Options.get("OffloadPool", "")),
      AsyncSleepFunction(Options.get("AsyncSleepFunction", "rt::sleep_for")),
      MaxCallDepth(Options.get("MaxCallDepth", MaxCallDepthDefault)),
      Roles(Options) {
  // A catalogue is its option (or its default), the names the project adds
  // to it, and the names of the role that fills it in the profiles.
  auto Load = [&](Catalogue &C, llvm::StringRef Option,
                  llvm::StringRef Default, std::string RoleNames = "") {
    C.Option = Options.get(Option, Default).str();
    std::string Extra =
        Options.get(("Extra" + Option).str(), "").str() + ";" + RoleNames;
    C.Names = NameList(C.Option + ";" + Extra);
    std::string Global, Other;
    llvm::SmallVector<llvm::StringRef, 16> Entries;
    std::string All = C.Option + ";" + Extra;
    llvm::StringRef(All).split(Entries, ';', -1, false);
    for (llvm::StringRef Entry : Entries) {
      Entry = Entry.trim();
      std::string &Into = Entry.starts_with("::") ? Global : Other;
      Into += Entry.str() + ";";
    }
    C.Global = NameList(Global);
    C.Other = NameList(Other);
  };
  Load(Sleeps, "SleepFunctions", SleepsDefault);
  Load(Waits, "WaitFunctions", WaitsDefault);
  Load(BlockingIO, "BlockingIOFunctions", BlockingIODefault);
  Load(LoopRuns, "EventLoopRunFunctions", LoopRunsDefault,
       Roles.names(Role::EventLoopRuns));
  Load(CpuHeavy, "CpuHeavyFunctions", CpuHeavyDefault);
  Load(NonBlockingCapable, "NonBlockingCapableFunctions",
       NonBlockingCapableDefault);
  Load(NonBlockingMarkers, "NonBlockingMarkers", NonBlockingMarkersDefault);
  Load(ReadinessPolls, "ReadinessPolls", ReadinessPollsDefault);
  Markers = splitList(NonBlockingMarkers.Option);
}

void BlockingInCoroutineCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, "SleepFunctions", Sleeps.Option);
  Options.store(Opts, "WaitFunctions", Waits.Option);
  Options.store(Opts, "BlockingIOFunctions", BlockingIO.Option);
  Options.store(Opts, "EventLoopRunFunctions", LoopRuns.Option);
  Options.store(Opts, "CpuHeavyFunctions", CpuHeavy.Option);
  Options.store(Opts, "NonBlockingCapableFunctions", NonBlockingCapable.Option);
  Options.store(Opts, "NonBlockingMarkers", NonBlockingMarkers.Option);
  Options.store(Opts, "ReadinessPolls", ReadinessPolls.Option);
  Options.store(Opts, "MaxCallDepth", MaxCallDepth);
  Options.store(Opts, "OffloadFunction", OffloadFunction);
  Options.store(Opts, "OffloadPool", OffloadPool);
  Options.store(Opts, "AsyncSleepFunction", AsyncSleepFunction);
  Roles.store(Options, Opts);
}

void BlockingInCoroutineCheck::registerMatchers(MatchFinder *Finder) {
  // A coroutine lambda handed to a call on a thread pool (`co_spawn(pool,
  // [&]() -> awaitable<T> { ... })`) runs on the pool. The call is visited
  // before the lambda inside it, so it is known by the time the lambda is.
  Finder->addMatcher(
      callExpr(unless(isExpansionInSystemHeader()),
               optionally(cxxOperatorCallExpr().bind("operator-call")),
               forEachArgumentWithParam(
                   ignoringImplicit(lambdaExpr().bind("pool-lambda")),
                   parmVarDecl()),
               hasArgument(0, expr().bind("executor"))),
      this);
  // Or started by a call given to it: `co_withExecutor(&cpu,
  // co_invoke([]() -> Task<int> { ... }))`, `co_spawn(pool, [&] ...(), t)`.
  Finder->addMatcher(
      callExpr(unless(isExpansionInSystemHeader()),
               optionally(cxxOperatorCallExpr().bind("operator-call")),
               hasArgument(0, expr().bind("executor")),
               hasAnyArgument(ignoringImplicit(callExpr(hasAnyArgument(
                   ignoringImplicit(lambdaExpr().bind("pool-lambda"))))))),
      this);
  Finder->addMatcher(userCoroutineDefinition(), this);
}

void BlockingInCoroutineCheck::check(const MatchFinder::MatchResult &Result) {
  if (Model.bind(*Result.Context)) {
    Summaries.clear();
    OnPool.clear();
    NonBlocking.clear();
    BridgeStarted.reset();
    PolledMembers.clear();
    PolledLocals.clear();
  }
  if (const auto *Lambda = Result.Nodes.getNodeAs<LambdaExpr>("pool-lambda")) {
    const Expr *Executor = Result.Nodes.getNodeAs<Expr>("executor");
    if (const auto *Address =
            dyn_cast<UnaryOperator>(Executor->IgnoreParenImpCasts());
        Address && Address->getOpcode() == UO_AddrOf)
      Executor = Address->getSubExpr();
    // A function object's first argument is the object itself
    // (`blockingWait(task)`), not an executor: only a pool's type says so.
    bool OperatorCall = Result.Nodes.getNodeAs<Expr>("operator-call");
    if (OperatorCall ? objectIsOf(Executor, Roles.of(Role::ThreadPools))
                     : isThreadPool(Executor))
      OnPool.insert(Lambda->getCallOperator());
    return;
  }
  const auto *FD = Result.Nodes.getNodeAs<FunctionDecl>("function");
  if (!enterFunction(FD, *Result.Context) || OnPool.count(FD))
    return;
  Names.reset();
  checkBody(userBody(FD), FD, *Result.Context);
}

std::optional<BlockingInCoroutineCheck::BlockKind>
BlockingInCoroutineCheck::directKind(const CallExpr *Call) {
  const FunctionDecl *Callee = Call->getDirectCallee();
  // A call that returns a task, an awaitable, a sender or a future starts
  // work or describes it; it does not wait for it.
  if (!Callee || Model.classify(Call->getType()) != AsyncKind::None)
    return std::nullopt;
  // A catalogue entry for a global function (`::read`) names the C library
  // function: a declaration with C linkage or from a system header, not a
  // function of the program that happens to share its name.
  const auto MatchesDeclaration = [&](const Catalogue &C) {
    if (C.Other.containsCall(Call))
      return true;
    if (!C.Global.containsCall(Call))
      return false;
    if (isa<CXXMemberCallExpr>(Call) ||
        !Callee->getDeclContext()->getRedeclContext()->isTranslationUnit())
      return true;
    return Callee->isExternC() ||
           Model.context().getSourceManager().isInSystemHeader(
               Callee->getCanonicalDecl()->getLocation());
  };
  if (MatchesDeclaration(Sleeps))
    return BlockKind::Sleep;
  if (Waits.Names.containsCall(Call))
    return isZeroDurationPoll(Call, Model.context())
               ? std::nullopt
               : std::optional(BlockKind::Wait);
  if (MatchesDeclaration(BlockingIO)) {
    // On a descriptor in non-blocking mode these return EAGAIN or
    // EINPROGRESS at once; the function then awaits readiness.
    if (NonBlockingCapable.Names.containsCall(Call) &&
        ((CurrentBody && usesNonBlockingMode(CurrentBody)) ||
         descriptorIsPolled(Call) || isWakeUpSignal(Call)))
      return std::nullopt;
    return BlockKind::IO;
  }
  if (readsStandardInput(Call) || isSynchronousSocketCall(Call))
    return BlockKind::IO;
  if (LoopRuns.Names.containsCall(Call))
    return BlockKind::LoopReentry;
  // A framework's bridge that blocks until its work is done (concurrencpp
  // `result::get`, folly `Baton::wait`). Reading the result of work this
  // function did not start (a parameter, an element of a join's results)
  // is not known to wait: such results are usually ready.
  if (Roles.of(Role::BlockingBridges).containsCall(Call))
    return isZeroDurationPoll(Call, Model.context()) ||
                   readsResultOfOtherWork(Call,
                                          [&](const CallExpr *Started) {
                                            return startsWork(Started);
                                          })
               ? std::nullopt
               : std::optional(BlockKind::Wait);
  if (MatchesDeclaration(CpuHeavy))
    return BlockKind::CpuHeavy;
  return std::nullopt;
}

bool BlockingInCoroutineCheck::usesNonBlockingMode(const Stmt *Body) {
  auto [It, Inserted] = NonBlocking.try_emplace(Body, false);
  if (!Inserted)
    return It->second;
  const ASTContext &Ctx = Model.context();
  const SourceManager &SM = Ctx.getSourceManager();
  bool Found = false;
  forEachStmtInBody(Body, [&](const Stmt *S) {
    const auto *E = dyn_cast<Expr>(S);
    if (Found || !E || !isa<IntegerLiteral, DeclRefExpr>(E) ||
        !E->getBeginLoc().isMacroID())
      return;
    // The macro as written at the use: `EWOULDBLOCK`, not what it expands
    // to.
    SourceLocation Written = SM.getExpansionLoc(E->getBeginLoc());
    llvm::SmallString<32> Buffer;
    bool Invalid = false;
    llvm::StringRef Name =
        Lexer::getSpelling(Written, Buffer, SM, Ctx.getLangOpts(), &Invalid);
    if (Invalid || Name.empty())
      return;
    Found = llvm::is_contained(Markers, Name);
  });
  NonBlocking[Body] = Found;
  return Found;
}

void BlockingInCoroutineCheck::collectPolled(
    const Stmt *Body, llvm::SmallPtrSetImpl<const ValueDecl *> &Out) {
  forEachStmtInBody(Body, [&](const Stmt *S) {
    const auto *Call = dyn_cast<CallExpr>(S);
    if (!Call || !ReadinessPolls.Names.containsCall(Call) ||
        Model.classify(Call->getType()) == AsyncKind::None)
      return;
    auto Add = [&](const Expr *E) {
      if (const ValueDecl *D = receiverKey(E))
        Out.insert(D);
    };
    for (const Expr *Arg : Call->arguments())
      Add(Arg);
    if (const auto *Member = dyn_cast<CXXMemberCallExpr>(Call))
      Add(Member->getImplicitObjectArgument());
  });
}

/// `write(fd, &v, sizeof(v))` (or `send`) of one integer: the eventfd or
/// self-pipe wake-up. The kernel takes those few bytes at once; only a pipe
/// already holding its whole buffer of unread signals would block.
bool BlockingInCoroutineCheck::isWakeUpSignal(const CallExpr *Call) {
  // Only the signalling side: reading a signal waits for it.
  const FunctionDecl *Callee = Call->getDirectCallee();
  if (Call->getNumArgs() != 3 || !Callee || !Callee->getIdentifier() ||
      !llvm::is_contained({"write", "send"}, Callee->getName()))
    return false;
  const auto *Address =
      dyn_cast<UnaryOperator>(Call->getArg(1)->IgnoreParenImpCasts());
  if (!Address || Address->getOpcode() != UO_AddrOf)
    return false;
  const auto *Signal =
      dyn_cast<DeclRefExpr>(Address->getSubExpr()->IgnoreParenImpCasts());
  if (!Signal || !Signal->getType()->isIntegerType())
    return false;
  std::optional<llvm::APSInt> Size =
      Call->getArg(2)->getIntegerConstantExpr(Model.context());
  return Size && *Size <= 8;
}

bool BlockingInCoroutineCheck::startsOnPool(const FunctionDecl *Coroutine) {
  // The executor after the tag, by pointer or smart pointer.
  for (unsigned I = 0; I + 1 < Coroutine->getNumParams(); ++I)
    if (Roles.of(Role::ExecutorTags).containsType(
            Coroutine->getParamDecl(I)->getType()))
      return Roles.of(Role::ThreadPools).containsType(
          pointeeOfHandle(Coroutine->getParamDecl(I + 1)->getType()));
  return false;
}

bool BlockingInCoroutineCheck::descriptorIsPolled(const CallExpr *Call) {
  if (Call->getNumArgs() == 0)
    return false;
  // The descriptor, or the object it is read from (`s.native_handle()`).
  const Expr *Descriptor = Call->getArg(0)->IgnoreParenImpCasts();
  if (const auto *Handle = dyn_cast<CXXMemberCallExpr>(Descriptor))
    Descriptor = Handle->getImplicitObjectArgument();
  const ValueDecl *Root = receiverKey(Descriptor);
  if (!Root)
    return false;
  if (const auto *Field = dyn_cast<FieldDecl>(Root)) {
    const CXXRecordDecl *Owner = dyn_cast<CXXRecordDecl>(Field->getParent());
    if (!Owner)
      return false;
    auto [It, Inserted] = PolledMembers.try_emplace(Owner);
    if (Inserted) {
      llvm::SmallPtrSet<const ValueDecl *, 4> Found;
      for (const CXXMethodDecl *Method : Owner->methods())
        if (const FunctionDecl *Definition = Method->getDefinition())
          collectPolled(userBody(Definition), Found);
      PolledMembers[Owner] = std::move(Found);
    }
    return PolledMembers[Owner].contains(Root);
  }
  if (!CurrentBody)
    return false;
  auto [It, Inserted] = PolledLocals.try_emplace(CurrentBody);
  if (Inserted) {
    llvm::SmallPtrSet<const ValueDecl *, 4> Found;
    collectPolled(CurrentBody, Found);
    PolledLocals[CurrentBody] = std::move(Found);
  }
  return PolledLocals[CurrentBody].contains(Root);
}

namespace {
/// Counts, per coroutine of the main file, its uses and those that are a
/// call handed straight to a blocking bridge by a plain function.
class BridgeIndex : public RecursiveASTVisitor<BridgeIndex> {
public:
  explicit BridgeIndex(const NameList &Bridges) : Bridges(Bridges) {}
  bool shouldVisitTemplateInstantiations() const { return false; }
  bool shouldVisitLambdaBody() const { return true; }

  bool TraverseDecl(Decl *D) {
    const auto *FD = dyn_cast_or_null<FunctionDecl>(D);
    if (FD)
      Functions.push_back(FD);
    bool Result = RecursiveASTVisitor::TraverseDecl(D);
    if (FD)
      Functions.pop_back();
    return Result;
  }
  bool TraverseLambdaExpr(LambdaExpr *L) {
    Functions.push_back(L->getCallOperator());
    bool Result = RecursiveASTVisitor::TraverseLambdaExpr(L);
    Functions.pop_back();
    return Result;
  }
  bool VisitDeclRefExpr(DeclRefExpr *E) {
    if (const FunctionDecl *FD = coroutineNamedBy(E->getDecl()))
      ++Uses[FD];
    return true;
  }
  bool VisitMemberExpr(MemberExpr *E) {
    if (const FunctionDecl *FD = coroutineMethod(E->getMemberDecl()))
      ++Uses[FD];
    return true;
  }
  /// A coroutine method (a test macro's `co_TestBody`) named by a member
  /// access.
  static const FunctionDecl *coroutineMethod(const Decl *D) {
    const auto *Method = dyn_cast_or_null<CXXMethodDecl>(D);
    const FunctionDecl *Def = Method ? Method->getDefinition() : nullptr;
    return Def && isCoroutine(Def) ? Def : nullptr;
  }
  bool VisitCallExpr(CallExpr *Call) {
    // A coroutine lambda called where it is written is used there once.
    if (const FunctionDecl *Immediate = immediateLambda(Call))
      ++Uses[Immediate];
    bool InPlainCode = !Functions.empty() && !isCoroutine(Functions.back());
    if (!InPlainCode)
      return true;
    // A task put in a local container starts where the container is run.
    if (const auto *Insert = dyn_cast<CXXMemberCallExpr>(Call);
        Insert && isContainerInsertion(Insert) && Insert->getNumArgs() == 1)
      if (const FunctionDecl *FD = startedBy(stripImplicit(Insert->getArg(0))))
        if (const VarDecl *Container =
                variableOf(Insert->getImplicitObjectArgument()))
          Inserted[FD].push_back(Container);
    // `auto t = task(); t.resume();`: resumed by hand, it runs on the
    // caller's thread until it first suspends, as under a bridge.
    if (const VarDecl *Task = resumedByHand(Call)) {
      if (ResumedTasks.insert(Task).second)
        ++Bridged[startedBy(stripImplicit(Task->getInit()))];
      return true;
    }
    if (!Bridges.containsCall(Call))
      return true;
    for (const Expr *Arg : Call->arguments()) {
      if (const FunctionDecl *FD = startedBy(stripImplicit(Arg))) {
        ++Bridged[FD];
        continue;
      }
      // Through a join the bridge waits for (`sync_wait(when_all_ready(
      // a(), b()))`): each operand starts on the bridge's thread too, and
      // so does each task of a container it joins.
      if (const auto *Join = dyn_cast<CallExpr>(stripImplicit(Arg)))
        for (const Expr *Operand : Join->arguments()) {
          if (const FunctionDecl *FD = startedBy(stripImplicit(Operand)))
            ++Bridged[FD];
          else if (const VarDecl *Container = variableOf(Operand))
            BridgedContainers.insert(Container);
        }
    }
    return true;
  }

  /// A coroutine awaited at its caller's first suspension starts on the
  /// caller's thread too: recorded, to be counted once the caller is known
  /// to start under a bridge.
  bool VisitCoawaitExpr(CoawaitExpr *Await) {
    const FunctionDecl *Caller = Functions.empty() ? nullptr : Functions.back();
    if (!Caller || !isCoroutine(Caller))
      return true;
    // Once per coroutine: a body's first statements are walked only once.
    auto [It, New] = FirstSuspensions.try_emplace(Caller, nullptr);
    if (New)
      It->second = firstSuspension(userBody(Caller));
    if (It->second != Await)
      return true;
    const Expr *Operand = stripImplicit(Await->getOperand());
    if (const FunctionDecl *Child = startedBy(Operand))
      AwaitedFirstBy[Child].push_back(Caller);
    else if (const auto *Join = dyn_cast<CallExpr>(Operand))
      for (const Expr *Arg : Join->arguments())
        if (const VarDecl *Container = variableOf(Arg))
          JoinedFirstBy[Container].push_back(Caller);
    return true;
  }
  /// A container moved into a lambda's init-capture goes with it.
  bool VisitLambdaExpr(LambdaExpr *Lambda) {
    for (const LambdaCapture &C : Lambda->captures())
      if (const auto *Var = C.capturesVariable()
                                ? dyn_cast<VarDecl>(C.getCapturedVar())
                                : nullptr;
          Var && Var->isInitCapture() && Var->getInit())
        if (const VarDecl *Source = variableOf(Var->getInit()))
          CapturedFrom[Var] = Source;
    return true;
  }

  /// The await where a coroutine whose body is \p Body first suspends,
  /// when plain to see: the only await of the first top-level statement
  /// that has one.
  static const CoawaitExpr *firstSuspension(const Stmt *Body) {
    const auto *Block = dyn_cast_or_null<CompoundStmt>(Body);
    if (!Block)
      return nullptr;
    for (const Stmt *S : Block->body()) {
      llvm::SmallVector<const Stmt *, 2> Awaits;
      forEachStmtInBody(S, [&](const Stmt *Node) {
        if (isAwaitExpr(Node))
          Awaits.push_back(Node);
      });
      if (!Awaits.empty())
        return Awaits.size() == 1 ? dyn_cast<CoawaitExpr>(Awaits.front())
                                  : nullptr;
    }
    return nullptr;
  }

  /// The task `Call` resumes (`t.resume()`, `t` a local initialised by
  /// calling a coroutine).
  static const VarDecl *resumedByHand(const CallExpr *Call) {
    const auto *Member = dyn_cast<CXXMemberCallExpr>(Call);
    const CXXMethodDecl *Method = Member ? Member->getMethodDecl() : nullptr;
    if (!Method || !Method->getIdentifier() || Method->getName() != "resume")
      return nullptr;
    const auto *Ref = dyn_cast<DeclRefExpr>(
        Member->getImplicitObjectArgument()->IgnoreParenImpCasts());
    const auto *Var = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
    return Var && Var->getInit() && startedBy(stripImplicit(Var->getInit()))
               ? Var
               : nullptr;
  }

  /// The coroutine lambda `[..]() -> task<> {...}()` calls where it is
  /// written.
  static const FunctionDecl *immediateLambda(const CallExpr *Call) {
    const LambdaExpr *Lambda = calledClosure(Call);
    return Lambda && isCoroutine(Lambda->getCallOperator())
               ? Lambda->getCallOperator()
               : nullptr;
  }

  /// The coroutine a name stands for: a function, or a variable holding a
  /// coroutine lambda.
  static const FunctionDecl *coroutineNamedBy(const Decl *D) {
    if (const auto *FD = dyn_cast<FunctionDecl>(D))
      return !isa<CXXMethodDecl>(FD) && isCoroutine(FD->getDefinition())
                 ? FD->getDefinition()
                 : nullptr;
    const auto *Var = dyn_cast<VarDecl>(D);
    const auto *Lambda =
        Var && Var->getInit()
            ? dyn_cast<LambdaExpr>(stripImplicit(Var->getInit()))
            : nullptr;
    return Lambda && isCoroutine(Lambda->getCallOperator())
               ? Lambda->getCallOperator()
               : nullptr;
  }
  /// `f(...)` or `lambda(...)` naming a coroutine.
  static const FunctionDecl *startedBy(const Expr *E) {
    const auto *Call = dyn_cast_or_null<CallExpr>(E);
    if (!Call)
      return nullptr;
    if (const FunctionDecl *Immediate = immediateLambda(Call))
      return Immediate;
    if (const auto *Member = dyn_cast<CXXMemberCallExpr>(Call))
      return coroutineMethod(Member->getMethodDecl());
    const Expr *Callee = isa<CXXOperatorCallExpr>(Call) && Call->getNumArgs()
                             ? Call->getArg(0)
                             : Call->getCallee();
    const auto *Ref = dyn_cast<DeclRefExpr>(Callee->IgnoreParenImpCasts());
    return Ref ? coroutineNamedBy(Ref->getDecl()) : nullptr;
  }

  const NameList &Bridges;
  llvm::SmallVector<const FunctionDecl *, 8> Functions;
  llvm::DenseMap<const FunctionDecl *, unsigned> Uses, Bridged;
  /// Per coroutine, the coroutines that await it at their first suspension.
  llvm::DenseMap<const FunctionDecl *, llvm::SmallVector<const FunctionDecl *, 1>>
      AwaitedFirstBy;
  /// Per coroutine, the local containers plain code puts its tasks in (once
  /// per insertion); the containers a bridge joins; per container, the
  /// coroutines that join it at their first suspension; the container an
  /// init-capture was moved from.
  llvm::DenseMap<const FunctionDecl *, llvm::SmallVector<const VarDecl *, 1>>
      Inserted;
  llvm::SmallPtrSet<const VarDecl *, 4> BridgedContainers;
  llvm::DenseMap<const VarDecl *, llvm::SmallVector<const FunctionDecl *, 1>>
      JoinedFirstBy;
  llvm::DenseMap<const VarDecl *, const VarDecl *> CapturedFrom;
  llvm::DenseMap<const FunctionDecl *, const CoawaitExpr *> FirstSuspensions;
  llvm::SmallPtrSet<const VarDecl *, 4> ResumedTasks;
};
} // namespace

bool BlockingInCoroutineCheck::startedOnlyByBridges(const FunctionDecl *FD) {
  if (!BridgeStarted) {
    BridgeStarted.emplace();
    ASTContext &Ctx = Model.context();
    BridgeIndex Index(LoopRuns.Names);
    for (Decl *D : Ctx.getTranslationUnitDecl()->decls())
      if (Ctx.getSourceManager().isInMainFile(D->getLocation()))
        Index.TraverseDecl(D);
    for (const auto &[Coroutine, Count] : Index.Bridged)
      if (Count == Index.Uses.lookup(Coroutine))
        BridgeStarted->insert(Coroutine);
    // A child awaited first thing by bridge-started callers (and otherwise
    // bridged) starts on the bridge's thread as well; to a fixed point,
    // each child joins at most once.
    // So does a task of a container that a bridge joins, or that a
    // bridge-started coroutine joins first thing (also after moving it
    // into its capture).
    auto ContainerRuns = [&](const VarDecl *Container) {
      auto JoinedFirst = [&](const VarDecl *Var) {
        auto It = Index.JoinedFirstBy.find(Var);
        return It != Index.JoinedFirstBy.end() &&
               llvm::any_of(It->second, [&](const FunctionDecl *G) {
                 return BridgeStarted->contains(G);
               });
      };
      if (Index.BridgedContainers.contains(Container) || JoinedFirst(Container))
        return true;
      return llvm::any_of(Index.CapturedFrom, [&](const auto &Capture) {
        return Capture.second == Container && JoinedFirst(Capture.first);
      });
    };
    llvm::SmallVector<const FunctionDecl *, 8> Children;
    for (const auto &Entry : Index.AwaitedFirstBy)
      Children.push_back(Entry.first);
    for (const auto &Entry : Index.Inserted)
      Children.push_back(Entry.first);
    for (bool Grew = true; Grew;) {
      Grew = false;
      for (const FunctionDecl *Child : Children) {
        if (BridgeStarted->contains(Child))
          continue;
        unsigned Started = Index.Bridged.lookup(Child) +
                           llvm::count_if(Index.AwaitedFirstBy.lookup(Child),
                                          [&](const FunctionDecl *C) {
                                            return BridgeStarted->contains(C);
                                          }) +
                           llvm::count_if(Index.Inserted.lookup(Child),
                                          ContainerRuns);
        if (Started == Index.Uses.lookup(Child))
          Grew = BridgeStarted->insert(Child).second || Grew;
      }
    }
  }
  return BridgeStarted->contains(FD);
}

std::optional<BlockingInCoroutineCheck::Blocking>
BlockingInCoroutineCheck::summaryOf(const FunctionDecl *FD) {
  // Only plain functions of this TU with a body are followed: calling a
  // coroutine creates a task, a virtual call's target is unknown, and
  // library internals are the library's business.
  if (!FD || !FD->hasBody() || isCoroutine(FD) ||
      FD->getASTContext().getSourceManager().isInSystemHeader(
          FD->getLocation()))
    return std::nullopt;
  if (const auto *Method = dyn_cast<CXXMethodDecl>(FD);
      Method && Method->isVirtual())
    return std::nullopt;
  FD = FD->getDefinition();
  auto [It, Inserted] = Summaries.try_emplace(FD, std::nullopt);
  if (!Inserted)
    return It->second;
  // The shallowest blocking call of the body; none deeper than the cap.
  std::optional<Blocking> Found;
  const Stmt *Body = userBody(FD);
  const Stmt *Outer = CurrentBody;
  CurrentBody = Body;
  forEachStmtInBody(Body, [&](const Stmt *S) {
    const auto *Call = dyn_cast<CallExpr>(S);
    if (!Call || (Found && Found->Depth == 1))
      return;
    if (auto Why = blockingCall(Call);
        Why && Why->Depth + 1 <= MaxCallDepth &&
        (!Found || Why->Depth + 1 < Found->Depth))
      Found = Blocking{Why->Kind, Call, Why->Leaf, Why->Depth + 1};
  });
  CurrentBody = Outer;
  Summaries[FD] = Found;
  return Found;
}

std::optional<BlockingInCoroutineCheck::Blocking>
BlockingInCoroutineCheck::blockingCall(const CallExpr *Call) {
  // The awaiter protocol called by hand (a join's own implementation):
  // `await_resume` is called once the result is ready, and waits for nothing.
  if (const FunctionDecl *Callee = Call->getDirectCallee();
      Callee && Callee->getIdentifier() &&
      llvm::is_contained({"await_ready", "await_suspend", "await_resume"},
                         Callee->getName()))
    return std::nullopt;
  if (auto Kind = directKind(Call))
    return Blocking{*Kind, nullptr, Call, 0};
  if (auto Summary = summaryOf(Call->getDirectCallee()))
    return Blocking{Summary->Kind, Summary->Via, Summary->Leaf, Summary->Depth};
  return std::nullopt;
}

void BlockingInCoroutineCheck::readyWhen(
    const Expr *Cond, bool Value,
    llvm::SmallVectorImpl<const ValueDecl *> &Out) const {
  if (!Cond)
    return;
  Cond = Cond->IgnoreParenImpCasts();
  if (const auto *Not = dyn_cast<UnaryOperator>(Cond);
      Not && Not->getOpcode() == UO_LNot) {
    readyWhen(Not->getSubExpr(), !Value, Out);
    return;
  }
  // `F.isReady()` (`is_ready()`, `ready()`) holds: F is ready.
  if (const ValueDecl *Future = readinessPredicateOf(Cond)) {
    if (Value)
      Out.push_back(Future);
    return;
  }
  const Expr *LHS = nullptr, *RHS = nullptr;
  BinaryOperatorKind Op = BO_Comma;
  if (const auto *Bin = dyn_cast<BinaryOperator>(Cond)) {
    LHS = Bin->getLHS(), RHS = Bin->getRHS(), Op = Bin->getOpcode();
  } else if (const auto *Call = dyn_cast<CXXOperatorCallExpr>(Cond);
             Call && Call->getNumArgs() == 2 &&
             (Call->getOperator() == OO_EqualEqual ||
              Call->getOperator() == OO_ExclaimEqual)) {
    LHS = Call->getArg(0), RHS = Call->getArg(1);
    Op = Call->getOperator() == OO_EqualEqual ? BO_EQ : BO_NE;
  }
  if (!LHS)
    return;
  // `A && B` true: both hold; `A || B` false: neither holds.
  if ((Op == BO_LAnd && Value) || (Op == BO_LOr && !Value)) {
    readyWhen(LHS, Value, Out);
    readyWhen(RHS, Value, Out);
    return;
  }
  if (Op != BO_EQ && Op != BO_NE)
    return;
  // `F.wait_for(d) == ready` holds (or `!= ready` fails): F is ready.
  if ((Op == BO_EQ) != Value)
    return;
  // The enumerator on the right (every ready one is a settled one).
  if (isSettledEnumerator(LHS))
    std::swap(LHS, RHS);
  const auto *Poll = dyn_cast<CXXMemberCallExpr>(LHS->IgnoreParenImpCasts());
  const CXXMethodDecl *Method = Poll ? Poll->getMethodDecl() : nullptr;
  if (!Method || !Method->getIdentifier())
    return;
  // `F.status() == value` (concurrencpp's result_status): F has settled.
  bool SettledStatus = Method->getName() == "status" &&
                       Poll->getNumArgs() == 0 && isSettledEnumerator(RHS);
  bool ReadyPoll =
      isReadyEnumerator(RHS) &&
      llvm::is_contained({"wait_for", "wait_until"}, Method->getName()) &&
      isWait(Poll);
  if (!SettledStatus && !ReadyPoll)
    return;
  if (const ValueDecl *Future = receiverKey(Poll->getImplicitObjectArgument()))
    Out.push_back(Future);
}

const ValueDecl *BlockingInCoroutineCheck::readinessPredicateOf(const Expr *E) {
  const auto *Test = dyn_cast<CXXMemberCallExpr>(E->IgnoreParenImpCasts());
  const CXXMethodDecl *Method = Test ? Test->getMethodDecl() : nullptr;
  if (!Method || !Method->getIdentifier() || Test->getNumArgs() != 0 ||
      !Method->getReturnType()->isBooleanType() ||
      !llvm::is_contained({"isReady", "is_ready", "ready"}, Method->getName()))
    return nullptr;
  return receiverKey(Test->getImplicitObjectArgument());
}

/// The futures a test assertion states are ready
/// (`EXPECT_TRUE(f.isReady())`, `REQUIRE(f.is_ready())`): the statement is
/// a macro of an assertion that calls a readiness predicate.
void BlockingInCoroutineCheck::readyAsserted(
    const Stmt *S, const SourceManager &SM,
    llvm::SmallVectorImpl<const ValueDecl *> &Out) {
  // The outermost macro the statement is written with.
  llvm::StringRef Macro;
  for (SourceLocation Loc = S->getBeginLoc(); Loc.isMacroID();
       Loc = SM.getImmediateMacroCallerLoc(Loc))
    Macro = Lexer::getImmediateMacroNameForDiagnostics(Loc, SM, LangOptions());
  static constexpr llvm::StringRef Assertions[] = {
      "EXPECT_TRUE", "ASSERT_TRUE", "CHECK", "REQUIRE", "assert", "DCHECK"};
  if (!llvm::is_contained(Assertions, Macro))
    return;
  forEachEvaluatedStmt(S, false, [&](const Stmt *Child) {
    if (const auto *E = dyn_cast<Expr>(Child))
      if (const ValueDecl *Future = readinessPredicateOf(E))
        Out.push_back(Future);
  });
}

bool BlockingInCoroutineCheck::isWait(const CallExpr *Call) const {
  return Waits.Names.containsCall(Call) ||
         Roles.of(Role::BlockingBridges).containsCall(Call);
}

const ValueDecl *BlockingInCoroutineCheck::completedBy(const Stmt *S) const {
  const auto *E = dyn_cast<Expr>(S);
  const auto *Call =
      E ? dyn_cast<CXXMemberCallExpr>(stripImplicit(E)) : nullptr;
  const CXXMethodDecl *Method = Call ? Call->getMethodDecl() : nullptr;
  if (!Method || !Method->getIdentifier() ||
      !llvm::is_contained({"wait", "get"}, Method->getName()) || !isWait(Call))
    return nullptr;
  return receiverKey(Call->getImplicitObjectArgument());
}

bool BlockingInCoroutineCheck::waitsOnReady(const CallExpr *Call,
                                            const WalkState &State) {
  const auto *Member = dyn_cast<CXXMemberCallExpr>(Call);
  // A wait, or any call on a running handle (`getTry()` waits inside on
  // the handle's own completion).
  if (!Member || State.Ready.empty() ||
      (!isWait(Call) &&
       !Model.isRunningHandle(Member->getImplicitObjectArgument()->getType())))
    return false;
  const ValueDecl *Future = receiverKey(Member->getImplicitObjectArgument());
  return Future && llvm::is_contained(State.Ready, Future);
}

bool BlockingInCoroutineCheck::yieldsExecutor(const Expr *E) const {
  E = E->IgnoreParenImpCasts();
  // `!ex` on an executor object tests it through its `operator bool`.
  if (const auto *Conversion = dyn_cast<CXXMemberCallExpr>(E);
      Conversion && isa<CXXConversionDecl>(Conversion->getMethodDecl()))
    E = Conversion->getImplicitObjectArgument()->IgnoreParenImpCasts();
  const auto *Ref = dyn_cast<DeclRefExpr>(E);
  const auto *Var = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
  const Expr *Init =
      Var && Var->hasLocalStorage() ? Var->getInit() : nullptr;
  const auto *Await =
      Init ? dyn_cast<CoawaitExpr>(stripImplicit(Init)) : nullptr;
  if (!Await)
    return false;
  const NameList &Queries = Roles.of(Role::ExecutorQueries);
  const Expr *Query = stripImplicit(Await->getOperand());
  if (const auto *Named = dyn_cast<DeclRefExpr>(Query))
    return Queries.contains(Named->getDecl());
  return Queries.containsType(Query->getType());
}

std::optional<bool>
BlockingInCoroutineCheck::noExecutorWhen(const Expr *Cond,
                                         ASTContext &Ctx) const {
  if (!Cond)
    return std::nullopt;
  Cond = Cond->IgnoreParenImpCasts();
  if (const auto *Not = dyn_cast<UnaryOperator>(Cond);
      Not && Not->getOpcode() == UO_LNot) {
    std::optional<bool> Absent = noExecutorWhen(Not->getSubExpr(), Ctx);
    return Absent ? std::optional<bool>(!*Absent) : std::nullopt;
  }
  if (const auto *Compare = dyn_cast<BinaryOperator>(Cond);
      Compare && Compare->isEqualityOp()) {
    const Expr *LHS = Compare->getLHS(), *RHS = Compare->getRHS();
    if (LHS->isNullPointerConstant(Ctx, Expr::NPC_ValueDependentIsNotNull))
      std::swap(LHS, RHS);
    if (RHS->isNullPointerConstant(Ctx, Expr::NPC_ValueDependentIsNotNull) &&
        yieldsExecutor(LHS))
      return Compare->getOpcode() == BO_EQ;
    return std::nullopt;
  }
  if (yieldsExecutor(Cond))
    return false;
  return std::nullopt;
}

std::optional<bool>
BlockingInCoroutineCheck::switchesExecutor(const Expr *Operand) {
  const auto *Call = dyn_cast_or_null<CallExpr>(Operand);
  if (!Call)
    return std::nullopt;
  if (Roles.of(Role::PoolSwitches).containsCall(Call))
    return true;
  // `co_await P.schedule()` resumes on P's threads.
  const auto *Member = dyn_cast<CXXMemberCallExpr>(Call);
  const CXXMethodDecl *Method = Member ? Member->getMethodDecl() : nullptr;
  if (Method && Method->getIdentifier() && Method->getName() == "schedule")
    return isThreadPool(Member->getImplicitObjectArgument());
  // An awaiter made of a pool (`co_await dispatch(cpu)`, `co_await
  // hop_to(workers)`): awaiting it resumes there. A task or other work
  // made of it runs there, but the awaiting coroutine stays.
  if (Model.classify(Call->getType()) == AsyncKind::Awaitable &&
      llvm::any_of(writtenArguments(Call),
                   [&](const Expr *E) { return isThreadPool(E); }))
    return true;
  return std::nullopt;
}

/// Whether the executor \p E is a thread pool: of a profile's pool type,
/// or named as one (see model/Executors).
bool BlockingInCoroutineCheck::isThreadPool(const Expr *E) const {
  return objectIsOf(E, Roles.of(Role::ThreadPools)) || designatesThreadPool(E);
}

/// Whether \p Call starts the work whose handle it returns: a spawn, or a
/// function of the program or a library that returns an already running
/// task or future (`fx_rate_future(ccy)`): a free function, not an
/// accessor of one kept elsewhere (`get_future()`, `conn.future()`).
bool BlockingInCoroutineCheck::startsWork(const CallExpr *Call) {
  if (Roles.isSpawn(Call, Model))
    return true;
  AsyncKind Kind = Model.classify(Call->getType());
  const FunctionDecl *Callee = Call->getDirectCallee();
  if ((Kind != AsyncKind::EagerTask && Kind != AsyncKind::Future &&
       !Roles.of(Role::EagerTasks).containsType(Call->getType())) ||
      !Callee || !Callee->getIdentifier())
    return false;
  llvm::StringRef Name = Callee->getName();
  return !Name.starts_with_insensitive("get") && !isa<CXXMemberCallExpr>(Call);
}

/// Whether \p Why is a bridge or event loop that \p Coroutine, a function
/// the program names (not a lambda, not one a test macro writes), calls
/// itself: wrong on any thread, as whoever later runs it on an executor
/// deadlocks. A test's lambda that drives the loop beside its work
/// (`[&]() -> task<> { io.process_events(); co_return; }()`) is the
/// harness's idiom on the bridge's thread.
bool BlockingInCoroutineCheck::bridgesInOwnCode(
    const Blocking &Why, const FunctionDecl *Coroutine) {
  const auto *Method = dyn_cast<CXXMethodDecl>(Coroutine);
  return Why.Kind == BlockKind::LoopReentry &&
         Why.Depth == 0 && !(Method && Method->getParent()->isLambda()) &&
         !Coroutine->getLocation().isMacroID();
}

void BlockingInCoroutineCheck::checkBody(const Stmt *Body,
                                         const FunctionDecl *Coroutine,
                                         ASTContext &Ctx) {
  CurrentBody = Body;
  // Walks statements in order, remembering the full statement a call sits
  // in (for the fix), whether the coroutine has moved to a pool and which
  // futures are known to be ready.
  std::function<void(const Stmt *, const Stmt *, const WalkState &)> Walk =
      [&](const Stmt *S, const Stmt *Statement, const WalkState &In) {
        if (!S || isa<LambdaExpr, BlockExpr>(S))
          return;
        if (const auto *Block = dyn_cast<CompoundStmt>(S)) {
          WalkState State = In;
          for (const Stmt *Child : Block->body()) {
            // The first statement that may suspend ends the caller's part.
            if (State.CallerThread && containsAwait(Child))
              State.CallerThread = false;
            Walk(Child, Child, State);
            // What the statement leaves behind for the next ones.
            if (const Expr *Awaited = awaitedOperand(Child)) {
              if (std::optional<bool> Pool =
                      switchesExecutor(stripImplicit(Awaited)))
                State.OnPool = *Pool;
            } else if (const auto *Loop = dyn_cast<WhileStmt>(Child);
                       Loop && !breaksOut(Loop->getBody())) {
              readyWhen(Loop->getCond(), false, State.Ready);
            } else if (const auto *Loop = dyn_cast<DoStmt>(Child);
                       Loop && !breaksOut(Loop->getBody())) {
              readyWhen(Loop->getCond(), false, State.Ready);
            } else if (const auto *Loop = dyn_cast<ForStmt>(Child);
                       Loop && Loop->getCond() && !breaksOut(Loop->getBody())) {
              readyWhen(Loop->getCond(), false, State.Ready);
            } else if (const auto *If = dyn_cast<IfStmt>(Child);
                       If && !If->getElse() && alwaysExits(If->getThen()) &&
                       !If->getBeginLoc().isMacroID()) {
              readyWhen(If->getCond(), false, State.Ready);
            } else if (const ValueDecl *Done = completedBy(Child)) {
              // Waited for once (and reported there): done from then on.
              State.Ready.push_back(Done);
            } else if (Child->getBeginLoc().isMacroID()) {
              readyAsserted(Child, Ctx.getSourceManager(), State.Ready);
            } else if (const auto *Assign = dyn_cast<CXXOperatorCallExpr>(
                           isa<Expr>(Child) ? stripImplicit(cast<Expr>(Child))
                                            : nullptr);
                       Assign && Assign->getOperator() == OO_Equal) {
              // A new future is not known to be ready.
              if (const ValueDecl *Target = receiverKey(Assign->getArg(0)))
                llvm::erase(State.Ready, Target);
            }
          }
          return;
        }
        if (const auto *If = dyn_cast<IfStmt>(S)) {
          Walk(If->getInit(), Statement, In);
          Walk(If->getConditionVariableDeclStmt(), Statement, In);
          Walk(If->getCond(), Statement, In);
          WalkState Then = In, Else = In;
          readyWhen(If->getCond(), true, Then.Ready);
          readyWhen(If->getCond(), false, Else.Ready);
          if (std::optional<bool> Absent = noExecutorWhen(If->getCond(), Ctx))
            (*Absent ? Then : Else).CallerThread = true;
          Walk(If->getThen(), Statement, Then);
          Walk(If->getElse(), Statement, Else);
          return;
        }
        if (const auto *Await = dyn_cast<CoawaitExpr>(S)) {
          // What is awaited is never itself a blocking call (a program's
          // own `connect(...)` coroutine is not POSIX `connect`); its
          // arguments are evaluated on the loop, though.
          const Expr *Operand = stripImplicit(Await->getOperand());
          if (isa<CallExpr>(Operand)) {
            for (const Stmt *Child : Operand->children())
              Walk(Child, Statement, In);
            return;
          }
          Walk(Await->getOperand(), Statement, In);
          return;
        }
        if (const auto *Call = dyn_cast<CallExpr>(S);
            Call && !In.OnPool && !waitsOnReady(Call, In))
          if (auto Why = blockingCall(Call);
              Why && (!In.CallerThread || bridgesInOwnCode(*Why, Coroutine))) {
            report(Call, *Why, Statement, Coroutine, Ctx);
            return;
          }
        for (const Stmt *Child : S->children())
          Walk(Child, Statement, In);
      };
  WalkState Start;
  Start.CallerThread = startedOnlyByBridges(Coroutine);
  Start.OnPool = startsOnPool(Coroutine);
  Walk(Body, Body, Start);
}

void BlockingInCoroutineCheck::report(const CallExpr *Call, const Blocking &Why,
                                      const Stmt *Statement,
                                      const FunctionDecl *Coroutine,
                                      ASTContext &Ctx) {
  std::string Reason = describe(Why.Kind).str();
  if (Why.Leaf != Call)
    Reason += ", in '" + calleeName(Why.Leaf) + "'";
  // Sleeping asynchronously keeps the wait and frees the thread: safe.
  // Offloading runs the call on another thread: unsafe.
  // Both repairs add a `co_await`, which a catch handler may not hold.
  bool CanAwait = !inInstantiation() &&
                  !withinCatchHandler(Coroutine->getBody(), Call);
  Fix Asleep =
      Why.Kind == BlockKind::Sleep && Why.Leaf == Call && CanAwait
          ? sleepFix(Call, Statement, Coroutine, Ctx)
          : Fix();
  Fix Offload = Why.Kind != BlockKind::LoopReentry &&
                        Why.Kind != BlockKind::Sleep && CanAwait
                    ? offloadFix(Call, Statement, Coroutine, Ctx)
                    : Fix();
  diag(beginOf(Call), "'%0' blocks the thread that runs the event "
                      "loop (%1): every other coroutine on that thread "
                      "stalls until it returns")
      << calleeName(Call) << Reason << Call->getSourceRange() << Asleep;
  noteUnsafeFix(beginOf(Call), Offload,
                "the call now runs on a pool thread, at the same time as the "
                "loop's other coroutines: what it touches must be safe to "
                "share");
  // The path from the coroutine to the blocking call, one note per hop.
  const CallExpr *Hop = Why.Via;
  for (int Depth = 0; Hop && Depth < 16; ++Depth) {
    diag(beginOf(Hop), "'%0' is called here", DiagnosticIDs::Note)
        << calleeName(Hop);
    if (Hop == Why.Leaf)
      break;
    std::optional<Blocking> Next = summaryOf(Hop->getDirectCallee());
    Hop = Next ? Next->Via : nullptr;
  }
}

} // namespace clang::tidy::async
