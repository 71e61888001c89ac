//===--- Executors.h - which executors are thread pools ----------*- C++ -*-===//
//
// Code that runs on a thread pool is off the event loop: blocking there is
// what the pool is for. The profiles name the frameworks' pools
// (`AsyncThreadPools`); a program's own pool, or a framework's generic
// executor interface handed around as `cpu` or `blocking_pool`, is known by
// how it is named. A name that also says it is an event loop (`io`, `loop`,
// `event`, `context`) is not a pool: Asio's `io_context_pool` is a pool of
// event loops.
//
//===----------------------------------------------------------------------===//

#ifndef ASYNCLINT_CHECKS_MODEL_EXECUTORS_H
#define ASYNCLINT_CHECKS_MODEL_EXECUTORS_H

#include "clang/AST/Expr.h"

namespace clang::tidy::async {

/// \p T without references, pointers and standard smart pointers: what a
/// handle to an executor designates (`std::shared_ptr<thread_pool> &` ->
/// `thread_pool`).
QualType pointeeOfHandle(QualType T);

/// Whether the class of \p T (through pointers and smart pointers) is
/// named as a pool of threads: the word `pool` with `thread`, `worker`,
/// `cpu`, `blocking` or `compute` (`WorkerPool`, `blocking_thread_pool`).
bool isNamedAsThreadPool(QualType T);

/// Whether the executor \p E designates is named for a pool of threads:
/// its type (see isNamedAsThreadPool), or the variable, field, parameter
/// or accessor it is read from (`cpu_`, `blocking_pool`, `workers()`),
/// seen through `&x`, `x.get()`, `*x` and conversions
/// (`folly::Executor::KeepAlive`).
bool designatesThreadPool(const Expr *E);

} // namespace clang::tidy::async

#endif
