//===--- Exceptions.h - whether running code can end in an exception -*- C++ -*-===//
//
// One question, asked at two depths: may running a statement or a function
// throw? A rewrite asks it of a statement it moves, looking at that
// statement alone; async-floating-future asks it of the work a detached
// spawn or a dropped future runs, following the calls it makes into the
// definitions the unit holds.
//
// What counts as throwing: a `throw` no enclosing handler catches for good,
// a call of a function that is not declared non-throwing and whose body is
// not followed (or cannot be: only declared, virtual, called through a
// pointer or still dependent), a standard-library function that reports
// errors by throwing (`at`, `value`, `stoi`, ...) or runs a callable it is
// given. Other standard-library calls, C functions and defaulted special
// members count as non-throwing: they throw only when memory runs out.
//
// A library's code (a definition outside the main file) is judged by what
// it visibly throws or rethrows: what it reaches out of sight (its compiled
// part, a virtual executor, a task made elsewhere) is trusted, and so are
// its precondition checks (a std::logic_error, a checked accessor) and its
// report of a cancellation someone requested.
//
//===----------------------------------------------------------------------===//

#ifndef ASYNCLINT_ANALYSIS_EXCEPTIONS_H
#define ASYNCLINT_ANALYSIS_EXCEPTIONS_H

#include "clang/AST/Decl.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/StmtCXX.h"
#include "llvm/ADT/DenseMap.h"
#include <functional>

namespace clang::tidy::async {

/// True when the catch handler lets the failure go on (`throw;` or a new
/// throw).
bool handlerRethrows(const CXXCatchStmt *Handler);

/// Whether running \p S itself can throw, following no call: every call of
/// a function that is not declared non-throwing, and every await, counts as
/// throwing. Nested lambdas are not entered (creating one runs nothing).
bool mayThrow(const Stmt *S);

/// Whether running a function can end in an exception, following its calls
/// into the definitions the unit holds, at most a few calls deep, and its
/// awaits into the coroutines they await (what awaiting one rethrows) or the
/// awaiter's own methods. An await whose result carries an error code (an
/// error code, a tuple holding one: Asio's `as_tuple`) hands its failure
/// back as a value. Answers are cached for the translation unit.
class ThrowReach {
public:
  /// \p SignalsCancellation tells the exception types a library throws
  /// once the work is cancelled: cancellation is requested by whoever holds
  /// the work, not a failure it meets, so a library's throw of one does not
  /// count (nor does its throw of a `std::logic_error`: a precondition
  /// check, a misuse to fix).
  explicit ThrowReach(
      std::function<bool(const CXXRecordDecl *)> SignalsCancellation = {})
      : SignalsCancellation(std::move(SignalsCancellation)) {}

  /// Whether running \p FD's body (a coroutine's: what it runs once
  /// started) may throw. Unknown functions count as throwing.
  bool mayThrow(const FunctionDecl *FD);
  /// Forgets the answers: a new translation unit starts.
  void reset() { Known.clear(); }

private:
  std::function<bool(const CXXRecordDecl *)> SignalsCancellation;
  llvm::DenseMap<const FunctionDecl *, bool> Known;
};

} // namespace clang::tidy::async

#endif
