//===--- StreamReads.h - reading a whole stream into memory ------*- C++ -*-===//
//
// Where a function reads a whole external stream (a file, standard input,
// a socket stream; not a string stream) into a local before it works on
// the elements: a `getline` / `>>` loop that appends every element, a
// single statement that takes the whole content (`istreambuf_iterator`
// ranges, `rdbuf()`, `read` of the file's size), or a call of a loader of
// the program that returns such a local.
//
//===----------------------------------------------------------------------===//

#ifndef ASYNCLINT_CHECKS_ANALYSIS_STREAMREADS_H
#define ASYNCLINT_CHECKS_ANALYSIS_STREAMREADS_H

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Stmt.h"
#include <utility>

namespace clang::tidy::async {

/// The external stream that `std::getline(file, s)` or `file >> x` reads in
/// \p S, if it has such a read.
const Expr *streamRead(const Stmt *S);

/// The parts of a loop: what decides the next iteration, and the body.
std::pair<const Stmt *, const Stmt *> loopParts(const Stmt *Loop);

/// The local container an unbounded `getline`/`>>` loop appends every
/// element to.
const VarDecl *readLoopTarget(const Stmt *Loop, const ASTContext &Ctx);

/// The local variable a single statement fills with a whole stream.
const VarDecl *wholeReadTarget(const Stmt *S);

/// Whether \p Callee, a plain function written in the program, reads a
/// whole stream into a local and returns that local: its caller holds the
/// whole stream. One level deep.
bool loadsWholeStream(const FunctionDecl *Callee, const ASTContext &Ctx);

} // namespace clang::tidy::async

#endif
