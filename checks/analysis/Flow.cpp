//===--- Flow.cpp - order questions over a function's control flow --------===//

#include "analysis/Flow.h"
#include "AsyncModel.h"
#include "llvm/ADT/BitVector.h"

namespace clang::tidy::async {

namespace {
/// Implicit destructors make a `[[noreturn]]` destructor end its path, as in
/// bugprone-use-after-move. Exception edges make a `catch` reachable: a
/// call in a `try` may leave for its handlers (after the call, so a throwing
/// call counts as done).
CFG::BuildOptions flowOptions() {
  CFG::BuildOptions Options;
  Options.AddImplicitDtors = true;
  Options.AddTemporaryDtors = true;
  Options.AddEHEdges = true;
  return Options;
}
} // namespace

FunctionFlow::FunctionFlow(const FunctionDecl *FD, ASTContext &Ctx) {
  // A coroutine's CFG is built over the statements the author wrote: the
  // implicit promise calls around them order nothing a check asks about.
  Stmt *Body = const_cast<Stmt *>(userBody(FD));
  if (!Body)
    return;
  Graph = CFG::buildCFG(FD, Body, &Ctx, flowOptions());
  if (!Graph)
    return;
  Parents = std::make_unique<ParentMap>(Body);
  Blocks = std::make_unique<CFGStmtMap>(*Graph, *Parents);
  for (const CFGBlock *B : *Graph) {
    unsigned Index = 0;
    for (const CFGElement &E : *B) {
      if (std::optional<CFGStmt> S = E.getAs<CFGStmt>())
        Elements.try_emplace(S->getStmt(), Position{B, Index});
      ++Index;
    }
  }
}

FunctionFlow::~FunctionFlow() = default;

const CFGBlock *FunctionFlow::blockOf(const Stmt *S) const {
  return Graph && S ? Blocks->getBlock(S) : nullptr;
}

FunctionFlow::Position FunctionFlow::positionOf(const Stmt *S) const {
  const CFGBlock *B = blockOf(S);
  if (!B)
    return {};
  // The nearest enclosing expression the block evaluates as an element.
  for (const Stmt *At = S; At; At = Parents->getParent(At))
    if (auto It = Elements.find(At);
        It != Elements.end() && It->second.Block == B)
      return It->second;
  return {B, static_cast<unsigned>(B->size())};
}

bool FunctionFlow::reachable(const CFGBlock *From, const CFGBlock *To) const {
  llvm::BitVector Seen(Graph->getNumBlockIDs());
  llvm::SmallVector<const CFGBlock *, 16> Work(From->succ_begin(),
                                               From->succ_end());
  while (!Work.empty()) {
    const CFGBlock *B = Work.pop_back_val();
    if (!B || Seen.test(B->getBlockID()))
      continue;
    if (B == To)
      return true;
    Seen.set(B->getBlockID());
    Work.append(B->succ_begin(), B->succ_end());
  }
  return false;
}

bool FunctionFlow::before(const Stmt *A, const Stmt *B) const {
  Position PosA = positionOf(A), PosB = positionOf(B);
  if (!PosA.Block || !PosB.Block)
    return false;
  return (PosA.Block == PosB.Block && PosA.Index < PosB.Index) ||
         reachable(PosA.Block, PosB.Block);
}

bool FunctionFlow::onEveryPathBefore(const Stmt *A, const Stmt *B) const {
  Position PosA = positionOf(A), PosB = positionOf(B);
  if (!PosA.Block || !PosB.Block)
    return false;
  if (PosA.Block == PosB.Block)
    return PosA.Index < PosB.Index;
  if (!Dominators)
    Dominators = std::make_unique<CFGDomTree>(Graph.get());
  return Dominators->properlyDominates(PosA.Block, PosB.Block);
}

PathCoverage FunctionFlow::coverage(llvm::ArrayRef<const Stmt *> Opens,
                                    llvm::ArrayRef<const Stmt *> Closes) const {
  return PathCoverage(*this, Opens, Closes);
}

PathCoverage::PathCoverage(const FunctionFlow &Flow,
                           llvm::ArrayRef<const Stmt *> Opens,
                           llvm::ArrayRef<const Stmt *> Closes)
    : Flow(Flow) {
  if (!Flow.valid())
    return;
  auto Mark = [&](const Stmt *S, bool Opens) {
    if (FunctionFlow::Position P = Flow.positionOf(S); P.Block)
      MarkersIn[P.Block].push_back({P.Index, Opens});
  };
  for (const Stmt *S : Opens)
    Mark(S, true);
  for (const Stmt *S : Closes)
    Mark(S, false);
  // A must-analysis: covered on entry to a block when covered on exit from
  // every predecessor. Start from "covered" everywhere and push "not
  // covered" from the function's entry and from every marked block; a
  // block changes at most once, so the pass is linear.
  const CFG &Graph = *Flow.Graph;
  CoveredOnEntry.assign(Graph.getNumBlockIDs(), true);
  llvm::SmallVector<const CFGBlock *, 16> Uncovered{&Graph.getEntry()};
  CoveredOnEntry[Graph.getEntry().getBlockID()] = false;
  for (const auto &[B, Markers] : MarkersIn)
    Uncovered.push_back(B);
  const unsigned BlockEnd = ~0U;
  while (!Uncovered.empty()) {
    const CFGBlock *B = Uncovered.pop_back_val();
    Event Last = lastEvent(B, BlockEnd);
    bool CoveredOnExit =
        Last == Event::Open ||
        (Last == Event::None && CoveredOnEntry[B->getBlockID()]);
    if (CoveredOnExit)
      continue;
    for (const CFGBlock *Succ : B->succs())
      if (Succ && CoveredOnEntry[Succ->getBlockID()]) {
        CoveredOnEntry[Succ->getBlockID()] = false;
        Uncovered.push_back(Succ);
      }
  }
}

PathCoverage::Event PathCoverage::lastEvent(const CFGBlock *B,
                                            unsigned Limit) const {
  auto It = MarkersIn.find(B);
  if (It == MarkersIn.end())
    return Event::None;
  // Two markers in one element (an opening and a closing call as arguments
  // of one call) have no known order: the opening one wins, as an unknown
  // order does not make a finding.
  const Marker *Last = nullptr;
  for (const Marker &M : It->second)
    if (M.Index < Limit &&
        (!Last || M.Index > Last->Index || (M.Index == Last->Index && M.Opens)))
      Last = &M;
  if (!Last)
    return Event::None;
  return Last->Opens ? Event::Open : Event::Close;
}

bool PathCoverage::at(const Stmt *S) const {
  FunctionFlow::Position P = Flow.positionOf(S);
  if (!P.Block)
    return false;
  switch (lastEvent(P.Block, P.Index)) {
  case Event::Open:
    return true;
  case Event::Close:
    return false;
  case Event::None:
    return CoveredOnEntry[P.Block->getBlockID()];
  }
  llvm_unreachable("covered switch");
}

const FunctionFlow &FlowCache::of(const FunctionDecl *FD, ASTContext &Ctx) {
  std::unique_ptr<FunctionFlow> &Flow = Flows[FD->getCanonicalDecl()];
  if (!Flow) {
    const FunctionDecl *Definition = FD;
    FD->hasBody(Definition);
    Flow = std::make_unique<FunctionFlow>(Definition, Ctx);
  }
  return *Flow;
}

} // namespace clang::tidy::async
