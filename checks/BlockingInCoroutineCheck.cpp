//===--- BlockingInCoroutineCheck.cpp - asynclint -------------------------===//

#include "BlockingInCoroutineCheck.h"
#include "AsyncMatchers.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
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
    "std::counting_semaphore::try_acquire_until";
constexpr llvm::StringRef BlockingIODefault =
    "::read;::write;::pread;::pwrite;::recv;::recvfrom;::recvmsg;::send;"
    "::sendto;::sendmsg;::accept;::accept4;::connect;::select;::poll;"
    "::epoll_wait;::fread;::fwrite;::fgets;::fgetc;::getchar;::scanf;"
    "::system;::popen;::pclose;::waitpid";
constexpr llvm::StringRef LoopRunsDefault =
    "asio::io_context::run;asio::io_context::run_one;asio::io_context::run_for;"
    "asio::io_context::run_until;boost::asio::io_context::run;"
    "boost::asio::io_context::run_one;boost::asio::io_context::run_for;"
    "boost::asio::io_context::run_until;rt::EventLoop::run;"
    "rt::EventLoop::run_for;rt::run;rt::run_for;sync_wait;blockingWait";
constexpr llvm::StringRef CpuHeavyDefault =
    "::EVP_PBE_scrypt;::PKCS5_PBKDF2_HMAC;::PKCS5_PBKDF2_HMAC_SHA1;"
    "::crypto_pwhash;::crypto_pwhash_str;"
    "::crypto_pwhash_scryptsalsa208sha256;::argon2_hash;::argon2i_hash_raw;"
    "::argon2id_hash_raw;::argon2d_hash_raw;::argon2i_hash_encoded;"
    "::argon2id_hash_encoded;::bcrypt;::crypt";

constexpr llvm::StringRef PoolTypesDefault =
    "asio::thread_pool;asio::static_thread_pool;"
    "asio::thread_pool::basic_executor_type;boost::asio::thread_pool;"
    "boost::asio::static_thread_pool;"
    "boost::asio::thread_pool::basic_executor_type;rt::ThreadPool";

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

std::string typeText(QualType T, const ASTContext &Ctx) {
  PrintingPolicy Policy = Ctx.getPrintingPolicy();
  Policy.SuppressTagKeyword = true;
  return T.getAsString(Policy);
}
} // namespace

BlockingInCoroutineCheck::BlockingInCoroutineCheck(llvm::StringRef Name,
                                                   ClangTidyContext *Context)
    : AsyncCheck(Name, Context),
      OffloadFunction(Options.get("OffloadFunction", "rt::offload")),
      OffloadPool(Options.get("OffloadPool", "")),
      AsyncSleepFunction(Options.get("AsyncSleepFunction", "rt::sleep_for")) {
  auto Load = [&](Catalogue &C, llvm::StringRef Option,
                  llvm::StringRef Default) {
    C.Option = Options.get(Option, Default).str();
    std::string Extra = Options.get(("Extra" + Option).str(), "").str();
    C.Names = NameList(C.Option + ";" + Extra);
  };
  Load(Sleeps, "SleepFunctions", SleepsDefault);
  Load(Waits, "WaitFunctions", WaitsDefault);
  Load(BlockingIO, "BlockingIOFunctions", BlockingIODefault);
  Load(LoopRuns, "EventLoopRunFunctions", LoopRunsDefault);
  Load(CpuHeavy, "CpuHeavyFunctions", CpuHeavyDefault);
  Load(ExecutorSwitches, "ExecutorSwitches", "");
  Load(PoolTypes, "PoolTypes", PoolTypesDefault);
}

void BlockingInCoroutineCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, "SleepFunctions", Sleeps.Option);
  Options.store(Opts, "WaitFunctions", Waits.Option);
  Options.store(Opts, "BlockingIOFunctions", BlockingIO.Option);
  Options.store(Opts, "EventLoopRunFunctions", LoopRuns.Option);
  Options.store(Opts, "CpuHeavyFunctions", CpuHeavy.Option);
  Options.store(Opts, "ExecutorSwitches", ExecutorSwitches.Option);
  Options.store(Opts, "PoolTypes", PoolTypes.Option);
  Options.store(Opts, "OffloadFunction", OffloadFunction);
  Options.store(Opts, "OffloadPool", OffloadPool);
  Options.store(Opts, "AsyncSleepFunction", AsyncSleepFunction);
}

void BlockingInCoroutineCheck::registerMatchers(MatchFinder *Finder) {
  // A coroutine lambda handed to a call on a thread pool (`co_spawn(pool,
  // [&]() -> awaitable<T> { ... })`) runs on the pool. The call is visited
  // before the lambda inside it, so it is known by the time the lambda is.
  Finder->addMatcher(
      callExpr(unless(isExpansionInSystemHeader()),
               forEachArgumentWithParam(
                   ignoringImplicit(lambdaExpr().bind("pool-lambda")),
                   parmVarDecl()),
               hasArgument(0, expr().bind("executor"))),
      this);
  Finder->addMatcher(userCoroutineDefinition(), this);
}

void BlockingInCoroutineCheck::check(const MatchFinder::MatchResult &Result) {
  if (Model.bind(*Result.Context)) {
    Summaries.clear();
    OnPool.clear();
  }
  if (const auto *Lambda = Result.Nodes.getNodeAs<LambdaExpr>("pool-lambda")) {
    if (PoolTypes.Names.containsType(
            Result.Nodes.getNodeAs<Expr>("executor")->getType()))
      OnPool.insert(Lambda->getCallOperator());
    return;
  }
  const auto *FD = Result.Nodes.getNodeAs<FunctionDecl>("function");
  if (isInInstantiation(FD) || OnPool.count(FD))
    return;
  Names.reset();
  checkBody(userBody(FD), FD, *Result.Context);
}

std::optional<BlockingInCoroutineCheck::BlockKind>
BlockingInCoroutineCheck::directKind(const CallExpr *Call) const {
  if (Sleeps.Names.containsCall(Call))
    return BlockKind::Sleep;
  if (Waits.Names.containsCall(Call))
    return isZeroDurationPoll(Call, Model.context())
               ? std::nullopt
               : std::optional(BlockKind::Wait);
  if (BlockingIO.Names.containsCall(Call) || readsStandardInput(Call))
    return BlockKind::IO;
  if (LoopRuns.Names.containsCall(Call))
    return BlockKind::LoopReentry;
  if (CpuHeavy.Names.containsCall(Call))
    return BlockKind::CpuHeavy;
  return std::nullopt;
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
  std::optional<Blocking> Found;
  forEachStmtInBody(userBody(FD), [&](const Stmt *S) {
    if (const auto *Call = dyn_cast<CallExpr>(S); Call && !Found)
      if (auto Why = blockingCall(Call))
        Found = Blocking{Why->Kind, Call, Why->Leaf};
  });
  Summaries[FD] = Found;
  return Found;
}

std::optional<BlockingInCoroutineCheck::Blocking>
BlockingInCoroutineCheck::blockingCall(const CallExpr *Call) {
  if (auto Kind = directKind(Call))
    return Blocking{*Kind, nullptr, Call};
  if (auto Summary = summaryOf(Call->getDirectCallee()))
    return Blocking{Summary->Kind, Summary->Via, Summary->Leaf};
  return std::nullopt;
}

void BlockingInCoroutineCheck::checkBody(const Stmt *Body,
                                         const FunctionDecl *Coroutine,
                                         ASTContext &Ctx) {
  // Walks statements in order, remembering the full statement a call sits
  // in (for the fix) and whether the coroutine has moved to a pool.
  std::function<void(const Stmt *, const Stmt *, bool)> Walk =
      [&](const Stmt *S, const Stmt *Statement, bool OnPool) {
        if (!S || isa<LambdaExpr, BlockExpr>(S))
          return;
        if (const auto *Block = dyn_cast<CompoundStmt>(S)) {
          for (const Stmt *Child : Block->body()) {
            Walk(Child, Child, OnPool);
            if (const auto *Await = dyn_cast_or_null<CoawaitExpr>(
                    isa<Expr>(Child) ? stripImplicit(cast<Expr>(Child))
                                     : nullptr))
              OnPool = OnPool ||
                       ExecutorSwitches.Names.containsCall(dyn_cast<CallExpr>(
                           stripImplicit(Await->getOperand())));
          }
          return;
        }
        if (const auto *Await = dyn_cast<CoawaitExpr>(S)) {
          Walk(Await->getOperand(), Statement, OnPool);
          return;
        }
        if (const auto *Call = dyn_cast<CallExpr>(S); Call && !OnPool)
          if (auto Why = blockingCall(Call)) {
            report(Call, *Why, Statement, Coroutine, Ctx);
            return;
          }
        for (const Stmt *Child : S->children())
          Walk(Child, Statement, OnPool);
      };
  Walk(Body, Body, false);
}

void BlockingInCoroutineCheck::report(const CallExpr *Call, const Blocking &Why,
                                      const Stmt *Statement,
                                      const FunctionDecl *Coroutine,
                                      ASTContext &Ctx) {
  std::string Reason = describe(Why.Kind).str();
  if (Why.Leaf != Call)
    Reason += ", in '" + calleeName(Why.Leaf) + "'";
  Fix Repair = Why.Kind == BlockKind::Sleep && Why.Leaf == Call
                   ? sleepFix(Call, Statement, Coroutine, Ctx)
                   : Fix();
  if (Repair.empty() && Why.Kind != BlockKind::LoopReentry &&
      Why.Kind != BlockKind::Sleep)
    Repair = offloadFix(Call, Statement, Coroutine, Ctx);
  diag(Call->getBeginLoc(), "'%0' blocks the thread that runs the event "
                            "loop (%1): every other coroutine on that thread "
                            "stalls until it returns")
      << calleeName(Call) << Reason << Call->getSourceRange() << Repair;
  // The path from the coroutine to the blocking call, one note per hop.
  const CallExpr *Hop = Why.Via;
  for (int Depth = 0; Hop && Depth < 16; ++Depth) {
    diag(Hop->getBeginLoc(), "'%0' is called here", DiagnosticIDs::Note)
        << calleeName(Hop);
    if (Hop == Why.Leaf)
      break;
    std::optional<Blocking> Next = summaryOf(Hop->getDirectCallee());
    Hop = Next ? Next->Via : nullptr;
  }
}

Fix BlockingInCoroutineCheck::sleepFix(const CallExpr *Call,
                                       const Stmt *Statement,
                                       const FunctionDecl *Coroutine,
                                       ASTContext &Ctx) {
  const FunctionDecl *Callee = Call->getDirectCallee();
  if (!isa<Expr>(Statement) || stripImplicit(cast<Expr>(Statement)) != Call ||
      Call->getNumArgs() != 1 ||
      Callee->getQualifiedNameAsString() != "std::this_thread::sleep_for")
    return {};
  llvm::StringRef Duration = sourceText(Call->getArg(0)->getSourceRange(), Ctx);
  const CXXRecordDecl *Promise = Model.promiseOfCoroutine(Coroutine);
  if (isAsio(Promise)) {
    // The sleep is a whole statement of a block (see checkBody), so a timer
    // can be declared in its place.
    std::string NS = asioNamespaceOf(Promise);
    if (!Names)
      Names.emplace(Coroutine);
    std::string Timer = Names->take("pause");
    return replaceFix(Call,
                      NS + "::steady_timer " + Timer + "(co_await " + NS +
                          "::this_coro::executor, " + Duration.str() + ");\n" +
                          indentationOf(Call->getBeginLoc(), Ctx) +
                          "co_await " + Timer + ".async_wait(" + NS +
                          "::use_awaitable)",
                      Ctx);
  }
  // A caller's stop token in scope makes the new sleep cancellable too.
  std::string Token;
  if (const ParmVarDecl *Param = stopTokenParameter(Coroutine))
    Token = ", " + Param->getName().str();
  for (const NamedDecl *Sleep : lookupQualified(Ctx, AsyncSleepFunction))
    if (sameLibrary(Sleep, Promise))
      return replaceFix(Call,
                        "co_await " + AsyncSleepFunction + "(" +
                            Duration.str() + Token + ")",
                        Ctx);
  return {};
}

Fix BlockingInCoroutineCheck::offloadFix(const CallExpr *Call,
                                         const Stmt *Statement,
                                         const FunctionDecl *Coroutine,
                                         ASTContext &Ctx) {
  if (OffloadPool.empty() || Call->getCallReturnType(Ctx)->isReferenceType())
    return {};
  // The wrapper keeps the value only where the call is the whole statement
  // or the whole initializer of a declaration.
  bool WholeStatement =
      isa<Expr>(Statement) && stripImplicit(cast<Expr>(Statement)) == Call;
  const auto *DS = dyn_cast<DeclStmt>(Statement);
  const auto *Var = DS && DS->isSingleDecl()
                        ? dyn_cast<VarDecl>(DS->getSingleDecl())
                        : nullptr;
  bool WholeInit =
      Var && Var->getInit() && stripImplicit(Var->getInit()) == Call;
  if (!WholeStatement && !WholeInit)
    return {};
  bool Void = Call->getType()->isVoidType();
  std::string Text = sourceText(Call->getSourceRange(), Ctx).str();
  const CXXRecordDecl *Promise = Model.promiseOfCoroutine(Coroutine);
  if (isAsio(Promise)) {
    std::string NS = asioNamespaceOf(Promise);
    std::string Body = Void ? Text + "; co_return;" : "co_return " + Text + ";";
    return replaceFix(Call,
                      "co_await " + NS + "::co_spawn(" + OffloadPool +
                          ", [&]() -> " + NS + "::awaitable<" +
                          typeText(Call->getType(), Ctx) + "> { " + Body +
                          " }, " + NS + "::use_awaitable)",
                      Ctx);
  }
  for (const NamedDecl *Offload : lookupQualified(Ctx, OffloadFunction))
    if (sameLibrary(Offload, Promise))
      return replaceFix(Call,
                        "co_await " + OffloadFunction + "(" + OffloadPool +
                            ", [&] { " + (Void ? "" : "return ") + Text +
                            "; })",
                        Ctx);
  return {};
}

} // namespace clang::tidy::async
