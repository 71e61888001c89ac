//===--- Flow.h - order questions over a function's control flow ----------===//
//
// The checks ask order questions: is this deadline armed before that await
// on every path, can this call run after that one. Lexical order answers
// them wrongly across branches, loops and early returns; this layer answers
// them over Clang's CFG of the function, as bugprone-use-after-move does.
//
// Inside one CFG block, statements are ordered by the block's elements:
// the CFG lists every call of a full-expression after its arguments, and
// full-expressions in the order they run. clang-tidy's utils::ExprSequence
// answers that question too, but through ASTContext::getParents, whose
// first call maps the parents of the whole translation unit (measured:
// 0.2 s per Asio translation unit, a tenth of the front end's time, paid by
// any file that arms one timer); a ParentMap of the one body costs what
// the body costs.
//
// Nothing is built until a check asks: FlowCache builds a function's CFG on
// the first question about that function, the dominator tree on the first
// dominance question. Every graph and answer is linear in the function's
// size.
//
//===----------------------------------------------------------------------===//

#ifndef ASYNCLINT_CHECKS_ANALYSIS_FLOW_H
#define ASYNCLINT_CHECKS_ANALYSIS_FLOW_H

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/ParentMap.h"
#include "clang/Analysis/Analyses/Dominators.h"
#include "clang/Analysis/CFG.h"
#include "clang/Analysis/CFGStmtMap.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/BitVector.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallVector.h"
#include <memory>

namespace clang::tidy::async {

class FunctionFlow;

/// Where something started by one of a set of "opening" statements is in
/// effect: a path from the function's entry to the point passes an opening
/// statement, and no "closing" statement (or scope end) after it. Two
/// quantifiers share the markers and the pass: on every path (a deadline
/// is in effect where a timer was armed on every path and not spent since)
/// and on some path (a mutex may be held where it was locked on one path
/// and not released since).
class PathCoverage {
public:
  /// Whether the coverage holds just before \p S runs. False for a
  /// statement outside the function's CFG (in a lambda, unevaluated).
  bool at(const Stmt *S) const;

private:
  friend class FunctionFlow;
  enum class Event { None, Open, Close };
  struct Marker {
    /// How many of the block's elements run before it takes effect: one
    /// more than the index of its element, 0 on entry to the block.
    unsigned After;
    bool Opens;
  };
  PathCoverage(const FunctionFlow &Flow, llvm::ArrayRef<const Stmt *> Opens,
               llvm::ArrayRef<const Stmt *> Closes,
               llvm::ArrayRef<const VarDecl *> ClosedAtScopeEnd,
               bool OnEveryPath);
  /// The must-analysis: covered on entry when covered on exit from every
  /// predecessor.
  void coverEveryPath();
  /// The may-analysis: covered on entry when covered on exit from some
  /// predecessor.
  void coverSomePath();
  bool coveredOnExit(const CFGBlock *B) const;
  /// The last of the block's markers in effect once its first \p Limit
  /// elements ran.
  Event lastEvent(const CFGBlock *B, unsigned Limit) const;

  const FunctionFlow &Flow;
  bool OnEveryPath;
  llvm::DenseMap<const CFGBlock *, llvm::SmallVector<Marker, 2>> MarkersIn;
  /// Per block ID: covered on entry to the block.
  llvm::BitVector CoveredOnEntry;
};

/// Order questions about one function body, answered over its CFG.
class FunctionFlow {
public:
  /// Builds the CFG of \p FD's body as the author wrote it: for a coroutine,
  /// the user's statements, not the implicit promise calls around them.
  FunctionFlow(const FunctionDecl *FD, ASTContext &Ctx);
  ~FunctionFlow();

  /// False when Clang could not build a CFG; every question is then
  /// answered false.
  bool valid() const { return Graph != nullptr; }

  /// The CFG block that evaluates \p S (for a branch's condition, the
  /// block it ends), or null when \p S is not part of this function's body.
  /// A nested lambda's statements are placed where the lambda is created.
  const CFGBlock *blockOf(const Stmt *S) const;

  /// Whether \p B can run after \p A on some path: \p A comes first in one
  /// block, or \p B's block is reachable from \p A's (through a loop's back
  /// edge too).
  bool before(const Stmt *A, const Stmt *B) const;

  /// Whether \p A runs before \p B on every path that reaches \p B: \p A
  /// comes first in one block, or \p A's block strictly dominates \p B's.
  bool onEveryPathBefore(const Stmt *A, const Stmt *B) const;

  /// Where one of \p Opens ran on every path and none of \p Closes since
  /// (one forward pass over the CFG). The end of the scope of a local in
  /// \p ClosedAtScopeEnd closes too: where its destructor runs, so only
  /// for a local whose class has a non-trivial destructor (a guard object).
  PathCoverage
  coverage(llvm::ArrayRef<const Stmt *> Opens,
           llvm::ArrayRef<const Stmt *> Closes = {},
           llvm::ArrayRef<const VarDecl *> ClosedAtScopeEnd = {}) const;

  /// Where one of \p Opens ran on some path and nothing closed since on
  /// that path: where a lock taken by a guard or by hand may still be
  /// held. Closing is as for coverage(). One forward pass over the CFG.
  PathCoverage coverageOnSomePath(
      llvm::ArrayRef<const Stmt *> Opens,
      llvm::ArrayRef<const Stmt *> Closes = {},
      llvm::ArrayRef<const VarDecl *> ClosedAtScopeEnd = {}) const;

private:
  friend class PathCoverage;
  /// Where \p S runs: its block and the index of the element that
  /// evaluates it (the block's size for a terminator's condition).
  struct Position {
    const CFGBlock *Block = nullptr;
    unsigned Index = 0;
  };
  Position positionOf(const Stmt *S) const;
  /// A point of a block: once its first \p After elements ran.
  struct Point {
    const CFGBlock *Block;
    unsigned After;
  };
  /// Where the scope of \p Var ends: after each element that runs its
  /// destructor, and on entry to each handler of a `try` whose block
  /// declares it (the CFG's exception edges run no destructors, but
  /// unwinding does).
  llvm::SmallVector<Point, 2> scopeEndsOf(const VarDecl *Var) const;
  void gatherScopeEnds() const;
  bool reachable(const CFGBlock *From, const CFGBlock *To) const;

  std::unique_ptr<CFG> Graph;
  std::unique_ptr<ParentMap> Parents;
  std::unique_ptr<CFGStmtMap> Blocks;
  /// Each element's statement and where it is.
  llvm::DenseMap<const Stmt *, Position> Elements;
  /// Built on the first dominance question.
  mutable std::unique_ptr<CFGDomTree> Dominators;
  /// Each local's destructor elements and each handler's block, gathered
  /// on the first scope question.
  mutable llvm::DenseMap<const VarDecl *, llvm::SmallVector<Point, 2>>
      Destructors;
  mutable llvm::DenseMap<const Stmt *, const CFGBlock *> Handlers;
  mutable bool ScopeEndsGathered = false;
};

/// The flows of the functions a check asks about, each built on the first
/// question and kept until clear() (call it at the end of a translation
/// unit: the flows point into its AST).
class FlowCache {
public:
  const FunctionFlow &of(const FunctionDecl *FD, ASTContext &Ctx);
  void clear() { Flows.clear(); }

private:
  llvm::DenseMap<const FunctionDecl *, std::unique_ptr<FunctionFlow>> Flows;
};

} // namespace clang::tidy::async

#endif
