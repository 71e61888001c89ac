//===--- AsyncModel.h - shared knowledge about asynchronous C++ -----------===//
//
// The one place that answers "what is this?" for every async check: is a
// function a coroutine, is a type a coroutine task / awaitable / sender /
// future, which framework a declaration belongs to, and where the body of a
// function can be walked without descending into nested lambdas.
//
//===----------------------------------------------------------------------===//

#ifndef ASYNCLINT_CHECKS_ASYNCMODEL_H
#define ASYNCLINT_CHECKS_ASYNCMODEL_H

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/Expr.h"
#include "clang/AST/StmtCXX.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include <optional>
#include <string>
#include <vector>

namespace clang::tidy::async {

/// What a value of some type means to an asynchronous program.
enum class AsyncKind {
  None,
  LazyTask,     ///< coroutine type whose body starts only when awaited
  EagerTask,    ///< coroutine type that runs to its first suspension at once
  DetachedTask, ///< eager and self-destroying: fire-and-forget by design
  UnknownTask,  ///< coroutine type whose start policy cannot be told
  Awaitable,    ///< awaiter/awaitable that is not itself a coroutine type
  Sender,       ///< P2300 sender: nothing happens until it is started
  Future,       ///< std::future / std::shared_future
};

/// A `;`-separated list of names matched against declarations: an entry
/// with `::` is a fully qualified name (leading `::` optional), matched
/// exactly; an entry without is matched against the unqualified name.
class NameList {
public:
  NameList() = default;
  explicit NameList(llvm::StringRef Option);
  bool contains(const NamedDecl *D) const;
  /// Whether the function \p Call calls is listed; a method is named after
  /// the class of the object it is called on (`std::future::wait`).
  bool containsCall(const CallExpr *Call) const;
  /// Whether the class of \p T, or the template it specializes, is listed.
  bool containsType(QualType T) const;
  bool containsRecord(const CXXRecordDecl *RD) const;
  bool empty() const { return Entries.empty(); }

private:
  struct Entry {
    std::string Name, Last;
    bool Qualified;
  };
  bool matches(llvm::StringRef Unqualified,
               llvm::function_ref<std::string()> Qualified) const;
  std::vector<Entry> Entries;
};

/// Classifies types; caches per canonical type. One instance per check and
/// translation unit (call `reset` when a new AST arrives).
class AsyncModel {
public:
  explicit AsyncModel(NameList ExtraTaskTypes = {})
      : ExtraTaskTypes(std::move(ExtraTaskTypes)) {}
  /// Starts over on a new AST; returns true when \p Ctx is a new one.
  bool bind(ASTContext &Ctx);

  AsyncKind classify(QualType T);
  /// The first argument of \p Call that is a coroutine task (lazy, eager or
  /// of unknown start), as written: the work a spawn is given.
  const Expr *taskArgumentOf(const CallExpr *Call);
  /// Whether a value of type \p T is work a caller can wait for: a task,
  /// awaitable, sender or future (not a fire-and-forget task).
  bool isAsyncWork(QualType T);
  /// Whether \p Coroutine can `co_await` a value of type \p Awaited without
  /// its promise rejecting it.
  bool canAwaitIn(const FunctionDecl *Coroutine, QualType Awaited);
  bool canAwaitIn(const FunctionDecl *Coroutine,
                  const CXXRecordDecl *AwaitedRD);
  /// Whether a value of type \p T is a handle to work that is already
  /// running (a future): `std::future`/`std::shared_future`, or a class that
  /// is no lazy task, sender or fire-and-forget type and has a blocking
  /// `wait` and a result accessor (`get` or `value`), and is awaitable or a
  /// coroutine type or offers a continuation (`then`, `thenValue`,
  /// `thenTry`, `via`, `defer`). Dropping such a handle loses the result and
  /// the error, not the work; awaiting it waits for the work to finish.
  bool isRunningHandle(QualType T);
  ASTContext &context() const { return *const_cast<ASTContext *>(Ctx); }
  /// The promise class of \p Coroutine, also inside templates.
  const CXXRecordDecl *promiseOfCoroutine(const FunctionDecl *Coroutine);

private:
  AsyncKind classifyRecord(const CXXRecordDecl *RD);
  const CXXRecordDecl *promiseOf(const CXXRecordDecl *RD);
  const CXXRecordDecl *promiseFromCoroutineTraits(const CXXRecordDecl *RD);

  const ASTContext *Ctx = nullptr;
  NameList ExtraTaskTypes;
  llvm::DenseMap<const CXXRecordDecl *, AsyncKind> Cache;
  const ClassTemplateDecl *CoroutineTraits = nullptr;
};

/// True when \p FD has a body that is a coroutine body.
bool isCoroutine(const FunctionDecl *FD);

/// The promise type of coroutine \p FD (null type when not a coroutine).
QualType promiseTypeOf(const FunctionDecl *FD);

/// The `promise_type` class \p RD itself declares (nested or an alias), as
/// `std::coroutine_traits` finds it by default; null when it declares none.
const CXXRecordDecl *nestedPromiseType(const CXXRecordDecl *RD);

/// True when coroutine \p FD hands back a value (its promise takes one with
/// `return_value`), or when that is unknown.
bool returnsValue(const FunctionDecl *FD);

/// The statements of a function body as the author wrote them: for a
/// coroutine, the user's compound statement rather than the implicit wrapper.
const Stmt *userBody(const FunctionDecl *FD);

/// True when a using-directive for a namespace named one of \p Names is in
/// effect in \p FD (in its body or an enclosing scope).
bool seesUsingDirective(const FunctionDecl *FD,
                        std::initializer_list<llvm::StringRef> Names);

/// True when \p E is a `std::async` call launched with
/// `std::launch::deferred` alone: its task runs only when the future is
/// waited on.
bool isDeferredLaunch(const Expr *E);

/// The `std::launch` policy argument of a `std::async` call, or null when
/// the call has none (the library then chooses, and may defer the task).
const Expr *launchPolicyOf(const CallExpr *AsyncCall);

/// True for `std::stop_token`.
bool isStopToken(QualType T);

/// The `std::stop_token` parameter of \p FD through which its caller can
/// cancel it, if it has one.
const ParmVarDecl *stopTokenParameter(const FunctionDecl *FD);

/// How to spell the Asio namespace \p D belongs to: `asio` or `boost::asio`.
std::string asioNamespaceOf(const Decl *D);

/// True when \p D belongs to Asio (`asio::` or `boost::asio::`), whose
/// coroutines need their own spellings of spawn, timers and joins.
bool isAsio(const Decl *D);

/// How the Asio of one namespace spells what fixes write. The two
/// distributions differ beyond the namespace: Boost throws its errors as
/// `boost::system::system_error`.
struct AsioSpelling {
  std::string Namespace;          ///< `asio` or `boost::asio`
  std::string OperatorsHeader;    ///< header of the awaitable operators
  std::string OperatorsNamespace; ///< where `&&` and `||` are declared
  std::string SystemError;        ///< the exception type of its errors
};
AsioSpelling asioSpellingOf(const Decl *D);

/// True when \p Object (a member call's object, or a pointer to it) is an
/// in-process channel (Asio's experimental `basic_channel` /
/// `basic_concurrent_channel`, or a class derived from one): its sends and
/// receives wait on another coroutine of the same program, not on a peer.
bool isInProcessChannel(const Expr *Object);

/// True for Asio's `awaitable<T>` on the default executor: the operand the
/// awaitable operators accept beside a timer's `async_wait(use_awaitable)`.
bool isDefaultExecutorAwaitable(QualType T);

/// True when \p A and \p B are declared in the same top-level namespace
/// (the same library).
bool sameLibrary(const Decl *A, const Decl *B);

/// The record declaration behind \p T, looking through references,
/// qualifiers and template specializations.
const CXXRecordDecl *recordOf(QualType T);

/// What awaiting a task of template type \p Task produces, read from its
/// first template argument (`Task<void>`, `awaitable<int>`); null when the
/// type is not such a specialization.
QualType taskValueType(QualType Task);

/// True when \p RD has an awaiter interface or an `operator co_await`.
bool isAwaitableRecord(const CXXRecordDecl *RD);

/// True when \p RD is awaitable through its own interface: the awaiter
/// methods, or an `operator co_await` it declares (a member or a hidden
/// friend). A class awaitable only through a namespace-scope
/// `operator co_await` (folly's `Optional`, a future) is a value a library
/// lets coroutines await, not an operation described for awaiting.
bool isAwaitableByOwnInterface(const CXXRecordDecl *RD);

/// True when \p D is `std::Name` (declared directly in namespace std).
bool isStdNamed(const NamedDecl *D, llvm::StringRef Name);

/// True when \p D is declared inside namespace std, at any depth (a member
/// of a standard class, a function of an inline namespace of std).
bool isInStdLibrary(const Decl *D);

/// The name of the function \p E calls, for messages.
std::string calleeName(const Expr *E);
/// The namespace-scope function object \p Call calls, if it calls one: a
/// customization-point object (`stdexec::sync_wait(s)`,
/// `folly::coro::blockingWait(t)`), which profiles name like a function.
const VarDecl *functionObjectCalled(const CallExpr *Call);

/// The function called by \p E (through implicit nodes), if any.
const FunctionDecl *calleeOf(const Expr *E);

/// Strips the implicit nodes Clang wraps around a full expression.
const Expr *stripImplicit(const Expr *E);

/// The construction of a new object \p E is, also written as a cast
/// (`T{x}`, `T(x)`): not a copy or a move of one that exists.
const CXXConstructExpr *constructionIn(const Expr *E);

/// The variable \p E names, also through `std::move(var)`.
const VarDecl *variableOf(const Expr *E);
/// The variable, parameter or field an expression denotes, through
/// `std::move`, `*`, `->`, member accessors called without arguments
/// (`socket()`, `lowest_layer()`, `next_layer()`), smart pointers and
/// implicit conversions; for a structured binding, the decomposed variable.
const ValueDecl *rootDeclOf(const Expr *E);

/// `target = value` as a built-in or a class's assignment operator (implicit
/// nodes around \p E ignored); nulls for anything else.
std::pair<const Expr *, const Expr *> assignmentOf(const Expr *E);

/// True when \p Call adds an element to a container (`push_back`,
/// `emplace_back`, `insert`, ...).
bool isContainerInsertion(const CXXMemberCallExpr *Call);

/// Visits \p S's statements top-down as Sema built them: braced lists in
/// their semantic form, so implicit conversions and constructions are seen;
/// implicit coroutine machinery is not. Nested lambda bodies are visited
/// only with \p IntoLambdas (a rewrite must see every use of a variable).
void forEachEvaluatedStmt(const Stmt *S, bool IntoLambdas,
                          llvm::function_ref<void(const Stmt *)> Visit);

/// True for `co_await` (also a dependent one inside a template); false for
/// `co_yield`.
bool isAwaitExpr(const Stmt *S);

/// What \p S (a statement or an expression, implicit nodes around it
/// ignored) awaits when it is a `co_await`, also a dependent one in a
/// template whose promise type is not known yet.
const Expr *awaitedOperand(const Stmt *S);

/// True when \p S awaits something outside nested lambdas.
bool containsAwait(const Stmt *S);

/// True when \p S refers to \p D (a variable, or a member through `.`/`->`)
/// outside nested lambdas.
bool mentions(const Stmt *S, const ValueDecl *D);

/// The entries of a `;`-separated option, trimmed, empty ones dropped.
std::vector<std::string> splitList(llvm::StringRef List);

/// The object a call through `operator()` calls: a closure, or a function
/// object such as `std::ranges::for_each`; null for other calls.
const Expr *calledObject(const CallExpr *Call);
/// Where \p S begins. For a call, `CallExpr::getBeginLoc` reads the callee
/// unless the call stores its start: an operator call through a `const
/// CallExpr *` (`stdexec::sync_wait(s)`, `a || b`) would start at its
/// operator. Stmt's own dispatch asks the most derived class.
inline SourceLocation beginOf(const Stmt *S) { return S->getBeginLoc(); }
/// The statement a loop (`for`, range-`for`, `while`, `do`) repeats; null
/// for any other statement.
const Stmt *loopBodyOf(const Stmt *Loop);
/// The condition of a `while`, `do` or `for` loop; null for other loops
/// and statements.
const Expr *loopConditionOf(const Stmt *Loop);
/// A counting loop: `for (T i = first; i < bound; ++i)` over an integer
/// index declared in the loop (`i != bound`, `i++` too).
struct CountingLoop {
  const VarDecl *Index;
  const Expr *Bound;
};
std::optional<CountingLoop> countingLoopOf(const ForStmt *Loop);
/// The arguments of a call as written: a call operator's object and the
/// trailing defaulted arguments are not.
llvm::ArrayRef<const Expr *> writtenArguments(const CallExpr *Call);
/// Whether a namespace of this name holds a library's implementation, which
/// users do not spell (`__detail`, folly's `folly_cpo__`).
bool isImplementationNamespace(llvm::StringRef Name);

/// Whether \p Call is `std::move(x)` or `std::forward<T>(x)`: a cast in a
/// call's clothing, naming the same object as `x`.
bool isMoveOrForward(const CallExpr *Call);

/// The index of the parameter that argument \p ArgIndex of \p Call
/// initialises: a member operator's object is argument 0 and fills none.
std::optional<unsigned> parameterIndexOf(const CallExpr *Call,
                                         unsigned ArgIndex);
/// The lambda an argument passes, also wrapped in a `std::function`.
const LambdaExpr *passedLambda(const Expr *Arg);
/// What a call calls, by name: its function, or for a function object
/// called through `operator()` (`std::views::take(4)`,
/// `std::ranges::for_each(r, f)`) the object's declaration.
const NamedDecl *namedCallee(const CallExpr *Call);

/// The lambda a call of a lambda in place calls (`[&] { ... }()`), if any.
const LambdaExpr *calledClosure(const CallExpr *Call);

/// Expressions whose value is discarded because they are used as a statement
/// (directly in a block, or as the body of a control statement).
void collectDiscardedChildren(const Stmt *S,
                              llvm::SmallVectorImpl<const Expr *> &Out);

/// Finds a declaration by its fully qualified name (e.g. "rt::spawn").
llvm::SmallVector<const NamedDecl *, 2>
lookupQualified(ASTContext &Ctx, llvm::StringRef QualifiedName);

/// True when \p Body calls an event loop's run function (`run`, `run_one`,
/// `run_for`, `run_until`, `poll`, `poll_one` of Asio's `io_context` or the
/// runtime's `rt::EventLoop`) on a loop it did not create itself: a thread
/// started for that is a worker of a pool sized by configuration, not work
/// done per element.
bool runsEventLoop(const Stmt *Body);

/// Whether \p Site lies in a catch handler within \p Body, where the
/// language forbids `co_await`: a fix must not add one there.
bool withinCatchHandler(const Stmt *Body, const Stmt *Site);

/// Whether dropping an object of \p RD starts its work: its destructor
/// calls a `start`, `spawn` or `launch` function (an awaitable that, not
/// awaited, starts its task in the background as it goes).
bool startsWorkWhenDropped(const CXXRecordDecl *RD);

/// Awaits whose whole point is ordering: timers, locks, permits, queues,
/// reads and writes of one stream. Running two of them concurrently changes
/// what the program does.
inline constexpr llvm::StringRef DefaultOrderedOperations =
    "sleep_for;sleep_until;async_wait;acquire;try_acquire;scoped;lock;"
    "async_lock;lock_shared;receive;async_receive;send;async_send;"
    "async_read;async_read_some;async_read_until;async_write;"
    "async_write_some;read;write;recv;next";

using DeclSet = llvm::SmallPtrSet<const Decl *, 8>;

/// Declarations an expression reads, and those it may modify (assigned or
/// incremented, receivers of non-const member calls and operators,
/// arguments bound to non-const references or pointers, variables captured
/// by reference). `this` is keyed by the class of the function.
struct Access {
  DeclSet Reads;
  DeclSet Mutates;
  /// Something is modified whose variable cannot be told (`*f() = 1`).
  bool MutatesUnknown = false;
};

/// What \p S, evaluated in function \p FD, reads and may modify. With
/// \p RefCapturesMutate, every variable a lambda captures by reference
/// counts as modified; without, only those its body modifies (for a lambda
/// that runs while the caller waits for it, not one kept to run later).
Access accessesOf(const Stmt *S, const FunctionDecl *FD,
                  bool RefCapturesMutate = true);

bool intersects(const DeclSet &A, const DeclSet &B);

/// The variables an expression reads only through their fields, and which
/// fields (`probe(ep.path)` reads `path` of `ep`): a variable also read as
/// a whole (passed on, copied, its method called) is not in Only.
struct FieldReads {
  DeclSet Only;
  llvm::DenseSet<std::pair<const Decl *, const Decl *>> Read;
};
FieldReads fieldReadsOf(const Stmt *S);

/// Whether \p T is `std::thread` or `std::jthread`.
bool isThreadType(QualType T);

/// The one statement \p S consists of: \p S itself, or the only statement
/// of a block; null for a block of another size.
const Stmt *soleStatement(const Stmt *S);

/// True for `std::exception_ptr`.
bool isExceptionPtr(QualType T);

/// How often each variable and field is named in a statement, nested lambdas
/// included: one pass, then lookups.
class UseCounts {
public:
  UseCounts() = default;
  explicit UseCounts(const Stmt *S) { add(S); }
  /// Counts the names in \p S too.
  void add(const Stmt *S);
  unsigned of(const ValueDecl *D) const { return Counts.lookup(D); }

private:
  llvm::DenseMap<const ValueDecl *, unsigned> Counts;
};

/// True when every failure the completion handler \p Handler is given
/// reaches the code that awaits the join: the handler is a lambda whose first
/// statement records its `std::exception_ptr` argument into a state S
/// (`if (e && !S) S = e;`, `if (e) S = e;`, `if (!S) S = e;` and
/// parenthesised or braced forms) and never clears it, and the join rethrows
/// S once everything has finished. Two shapes are known:
/// - S is a local of \p FD captured by reference by a lambda written in the
///   call or held in a local, nothing else in \p FD names S, and \p AfterJoin
///   (the statement after the join) is `if (S) std::rethrow_exception(S);`;
/// - S is a private member of the class of an object whose method returned
///   the lambda (capturing `this`), \p Awaited calls a method of the same
///   object whose last statement is `if (S) std::rethrow_exception(S);` and
///   which has no other exit, and no other code of the class (every method
///   defined in the translation unit, no friends, no member templates)
///   names S.
/// \p FunctionUses gives the use counts of \p FD's body (built on demand).
bool joinRethrowsHandlerFailures(
    const Expr *Handler, const Expr *Awaited, const Stmt *AfterJoin,
    const FunctionDecl *FD,
    llvm::function_ref<const UseCounts &()> FunctionUses);

/// Visits \p Body's statements top-down, stopping at nested lambdas, blocks
/// and local classes: those are functions of their own and are matched as
/// such. Implicit coroutine machinery is not visited.
void forEachStmtInBody(const Stmt *Body,
                       llvm::function_ref<void(const Stmt *)> Visit);

} // namespace clang::tidy::async

#endif
