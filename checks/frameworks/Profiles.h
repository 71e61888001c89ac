//===--- Profiles.h - what each coroutine framework calls things -*- C++ -*-===//
//
// A framework profile says, as data, which declarations of one library fill
// each role the checks ask about (its tasks, joins, spawns, timeouts, ...)
// and how a fix spells what it writes in that library. The checks ask the
// vocabulary for a role, never for a library: a library is added or
// corrected here, and a project adds its own names from `.clang-tidy` with
// the same role names (`CheckOptions: {key: AsyncRangeJoins, value: ...}`).
//
//===----------------------------------------------------------------------===//

#ifndef ASYNCLINT_CHECKS_FRAMEWORKS_PROFILES_H
#define ASYNCLINT_CHECKS_FRAMEWORKS_PROFILES_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include <array>
#include <cstddef>
#include <iterator>
#include <optional>

namespace clang {
class ASTContext;
class Decl;
namespace tidy::async {

/// What a declaration is to an asynchronous program.
enum class Role : unsigned {
  LazyTasks,          ///< coroutine types that start when awaited
  EagerTasks,         ///< coroutine or future types already running
  VariadicJoins,      ///< wait for every operand, fail at the first failure
  RangeJoins,         ///< the same over a runtime-sized range
  SettledJoins,       ///< wait for every operand, keep each outcome
  BoundedJoins,       ///< a range join with a limit on how many run at once
  Spawns,             ///< start work that is not awaited here
  OutcomeDroppers,    ///< completion tokens and spawns that drop the outcome
  Timeouts,           ///< wrap an operation in a deadline
  Sleeps,             ///< asynchronous timers and sleeps
  ExecutorSwitches,   ///< move the rest of a coroutine to another executor
  BlockingBridges,    ///< block a thread until asynchronous work finishes
  CancellationTokens, ///< types through which a caller cancels
  NetworkOperations,  ///< waits on a peer (connect, read, write, ...)
  BlockingMutexes,    ///< mutexes whose lock blocks the thread
  CallableKeepers,    ///< keep a callable alive until its work finishes
  CancellationErrors, ///< what an await throws once its coroutine is cancelled
  CancellationChecks, ///< read the running coroutine's cancellation state
  Races,              ///< run operands together; the first done cancels the rest
  ExecutorQueries,    ///< awaited, yield the running coroutine's executor
  EventLoopRuns,      ///< run an event loop on the calling thread
  PoolSwitches,       ///< awaited, resume the awaiting coroutine on a pool
  ThreadPools,        ///< executor types whose threads are a pool
  ExecutorTags,       ///< tag parameters before the executor a coroutine runs on
  ConditionalJoins,   ///< joins whose completion condition decides failure
  FailFastConditions, ///< conditions that end a conditional join at a failure
  ThreadPerTask,      ///< executors that start a new thread for every task
};
inline constexpr std::size_t RoleCount =
    static_cast<std::size_t>(Role::ThreadPerTask) + 1;

/// What a fix writes.
enum class Spelling : unsigned {
  VariadicJoin, ///< `join(a, b)` awaited to a tuple of values
  BoundedJoin,  ///< `join(range, limit)`
  SettledJoin,  ///< the all-settled form of a range join
  Timeout,      ///< `timeout(op, duration)`
  Invoke,       ///< `invoke(callable)`: a task that keeps its callable alive
};
inline constexpr std::size_t SpellingCount =
    static_cast<std::size_t>(Spelling::Invoke) + 1;

/// The declarations of one framework per role, each a `;`-separated name
/// list (see NameList): qualified names, `Class::member` for members. A
/// profile names only the roles its library fills.
struct RoleNames {
  // Defaulted, so that a profile names only the roles it fills.
  llvm::StringRef LazyTasks{};
  llvm::StringRef EagerTasks{};
  llvm::StringRef VariadicJoins{};
  llvm::StringRef RangeJoins{};
  llvm::StringRef SettledJoins{};
  llvm::StringRef BoundedJoins{};
  llvm::StringRef Spawns{};
  llvm::StringRef OutcomeDroppers{};
  llvm::StringRef Timeouts{};
  llvm::StringRef Sleeps{};
  llvm::StringRef ExecutorSwitches{};
  llvm::StringRef BlockingBridges{};
  llvm::StringRef CancellationTokens{};
  llvm::StringRef NetworkOperations{};
  llvm::StringRef BlockingMutexes{};
  llvm::StringRef CallableKeepers{};
  llvm::StringRef CancellationErrors{};
  llvm::StringRef CancellationChecks{};
  llvm::StringRef Races{};
  llvm::StringRef ExecutorQueries{};
  llvm::StringRef EventLoopRuns{};
  llvm::StringRef PoolSwitches{};
  llvm::StringRef ThreadPools{};
  llvm::StringRef ExecutorTags{};
  llvm::StringRef ConditionalJoins{};
  llvm::StringRef FailFastConditions{};
  llvm::StringRef ThreadPerTask{};
};

/// The field of each role, in the order of enum Role.
inline constexpr llvm::StringRef RoleNames::*RoleFields[] = {
    &RoleNames::LazyTasks,          &RoleNames::EagerTasks,
    &RoleNames::VariadicJoins,      &RoleNames::RangeJoins,
    &RoleNames::SettledJoins,       &RoleNames::BoundedJoins,
    &RoleNames::Spawns,             &RoleNames::OutcomeDroppers,
    &RoleNames::Timeouts,           &RoleNames::Sleeps,
    &RoleNames::ExecutorSwitches,   &RoleNames::BlockingBridges,
    &RoleNames::CancellationTokens, &RoleNames::NetworkOperations,
    &RoleNames::BlockingMutexes,    &RoleNames::CallableKeepers,
    &RoleNames::CancellationErrors, &RoleNames::CancellationChecks,
    &RoleNames::Races,              &RoleNames::ExecutorQueries,
    &RoleNames::EventLoopRuns,      &RoleNames::PoolSwitches,
    &RoleNames::ThreadPools,        &RoleNames::ExecutorTags,
    &RoleNames::ConditionalJoins,   &RoleNames::FailFastConditions,
    &RoleNames::ThreadPerTask};
static_assert(std::size(RoleFields) == RoleCount,
              "every role has its field in RoleNames");

struct FrameworkProfile {
  llvm::StringRef Name;
  /// The namespaces whose declarations belong to the framework
  /// (`;`-separated, outermost first: `folly::coro`).
  llvm::StringRef Namespaces;
  RoleNames Roles;
  /// What a fix writes for one spelling, and the header that declares it;
  /// an empty call when the framework has none (the fix is then not
  /// offered).
  struct Spelled {
    llvm::StringRef Call, Header;
  };
  std::array<Spelled, SpellingCount> Spellings;
  /// What each fail-fast join's all-settled form is called, as
  /// `join=settled` pairs (`folly::coro::collectAll=folly::coro::collectAllTry`),
  /// for the message that recommends it.
  llvm::StringRef SettledForms{};

  llvm::StringRef of(Role R) const {
    return Roles.*RoleFields[static_cast<std::size_t>(R)];
  }
  const Spelled &spelling(Spelling S) const {
    return Spellings[static_cast<std::size_t>(S)];
  }
};

/// The built-in profiles, in the order `--list-frameworks` prints them.
llvm::ArrayRef<FrameworkProfile> builtinProfiles();

/// The option key of a role (`AsyncRangeJoins`) and what the role means.
llvm::StringRef roleOptionName(Role R);
llvm::StringRef roleDescription(Role R);

/// The profile whose namespaces enclose \p D, if any.
const FrameworkProfile *profileOf(const Decl *D);

/// What the framework of \p D writes for \p S (`folly::coro::collectAll`),
/// when this unit declares it; none when the framework has no such
/// spelling or the unit does not see it. The header is kept only when the
/// unit's declaration comes from it: a unit that declares the name some
/// other way (its own copy, an umbrella header) may have no such file.
std::optional<FrameworkProfile::Spelled>
declaredSpelling(const Decl *D, Spelling S, ASTContext &Ctx);

/// Every built-in name of role \p R, `;`-separated.
std::string builtinNames(Role R);

} // namespace tidy::async
} // namespace clang

#endif
