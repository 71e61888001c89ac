//===--- AsyncTidyModule.cpp - the `async` clang-tidy module --------------===//
//
// Registers every asynclint check. The same object file is linked into the
// clang-tidy plugin and the asynclint CLI, so both run identical checks.
//
//===----------------------------------------------------------------------===//

#include "BlockingInCoroutineCheck.h"
#include "CallbackNestingCheck.h"
#include "DanglingReferenceCheck.h"
#include "EagerStreamCheck.h"
#include "FailFastAggregateCheck.h"
#include "FloatingFutureCheck.h"
#include "LockAcrossSuspensionCheck.h"
#include "MissingTimeoutCheck.h"
#include "SequentialAwaitsCheck.h"
#include "UnboundedFanoutCheck.h"
#include "clang-tidy/ClangTidyModule.h"

namespace clang::tidy::async {

class AsyncModule : public ClangTidyModule {
public:
  void addCheckFactories(ClangTidyCheckFactories &Factories) override {
    Factories.registerCheck<FloatingFutureCheck>("async-floating-future");
    Factories.registerCheck<SequentialAwaitsCheck>("async-sequential-awaits");
    Factories.registerCheck<UnboundedFanoutCheck>("async-unbounded-fanout");
    Factories.registerCheck<BlockingInCoroutineCheck>(
        "async-blocking-in-coroutine");
    Factories.registerCheck<MissingTimeoutCheck>("async-missing-timeout");
    Factories.registerCheck<FailFastAggregateCheck>(
        "async-fail-fast-aggregate");
    Factories.registerCheck<CallbackNestingCheck>("async-callback-nesting");
    Factories.registerCheck<EagerStreamCheck>("async-eager-stream");
    Factories.registerCheck<DanglingReferenceCheck>(
        "async-dangling-reference");
    Factories.registerCheck<LockAcrossSuspensionCheck>(
        "async-lock-across-suspension");
  }
};

} // namespace clang::tidy::async

static clang::tidy::ClangTidyModuleRegistry::Add<
    clang::tidy::async::AsyncModule>
    AsyncModuleRegistration("async-module",
                            "Checks for asynchronous anti-patterns.");
