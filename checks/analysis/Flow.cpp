//===--- Flow.cpp - order questions over a function's control flow --------===//

#include "analysis/Flow.h"
#include "model/AsyncModel.h"

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

/// A position after every element of a block (lastEvent's limit for the
/// block's exit).
constexpr unsigned BlockEnd = ~0U;
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

void FunctionFlow::gatherScopeEnds() const {
  // One pass over the graph for every local, on the first question: the
  // flows other checks ask about never pay for it.
  ScopeEndsGathered = true;
  for (const CFGBlock *B : *Graph) {
    if (const auto *Handler = dyn_cast_or_null<CXXCatchStmt>(B->getLabel()))
      Handlers[Handler] = B;
    unsigned Index = 0;
    for (const CFGElement &E : *B) {
      if (std::optional<CFGAutomaticObjDtor> Dtor =
              E.getAs<CFGAutomaticObjDtor>())
        Destructors[Dtor->getVarDecl()].push_back({B, Index + 1});
      ++Index;
    }
  }
}

llvm::SmallVector<FunctionFlow::Point, 2>
FunctionFlow::scopeEndsOf(const VarDecl *Var) const {
  if (!ScopeEndsGathered)
    gatherScopeEnds();
  llvm::SmallVector<Point, 2> Ends(Destructors.lookup(Var));
  // A class local with a destructor has an initializer (its construction):
  // climb from it to the `try` blocks around the declaration.
  const Stmt *Child = Var->getInit();
  for (const Stmt *Parent = Child ? Parents->getParent(Child) : nullptr; Parent;
       Child = Parent, Parent = Parents->getParent(Parent))
    if (const auto *Try = dyn_cast<CXXTryStmt>(Parent);
        Try && Try->getTryBlock() == Child)
      for (unsigned I = 0; I < Try->getNumHandlers(); ++I)
        if (const CFGBlock *B = Handlers.lookup(Try->getHandler(I)))
          Ends.push_back({B, 0});
  return Ends;
}

PathCoverage
FunctionFlow::coverage(llvm::ArrayRef<const Stmt *> Opens,
                       llvm::ArrayRef<const Stmt *> Closes,
                       llvm::ArrayRef<const VarDecl *> ClosedAtScopeEnd) const {
  return PathCoverage(*this, Opens, Closes, ClosedAtScopeEnd,
                      /*OnEveryPath=*/true);
}

PathCoverage FunctionFlow::coverageOnSomePath(
    llvm::ArrayRef<const Stmt *> Opens, llvm::ArrayRef<const Stmt *> Closes,
    llvm::ArrayRef<const VarDecl *> ClosedAtScopeEnd) const {
  return PathCoverage(*this, Opens, Closes, ClosedAtScopeEnd,
                      /*OnEveryPath=*/false);
}

PathCoverage::PathCoverage(const FunctionFlow &Flow,
                           llvm::ArrayRef<const Stmt *> Opens,
                           llvm::ArrayRef<const Stmt *> Closes,
                           llvm::ArrayRef<const VarDecl *> ClosedAtScopeEnd,
                           bool OnEveryPath)
    : Flow(Flow), OnEveryPath(OnEveryPath) {
  if (!Flow.valid())
    return;
  // A statement takes effect once its element ran.
  auto Mark = [&](const Stmt *S, bool Opens) {
    if (FunctionFlow::Position P = Flow.positionOf(S); P.Block)
      MarkersIn[P.Block].push_back({P.Index + 1, Opens});
  };
  for (const Stmt *S : Opens)
    Mark(S, true);
  for (const Stmt *S : Closes)
    Mark(S, false);
  for (const VarDecl *Var : ClosedAtScopeEnd)
    for (FunctionFlow::Point P : Flow.scopeEndsOf(Var))
      MarkersIn[P.Block].push_back({P.After, false});
  if (OnEveryPath)
    coverEveryPath();
  else
    coverSomePath();
}

bool PathCoverage::coveredOnExit(const CFGBlock *B) const {
  Event Last = lastEvent(B, BlockEnd);
  return Last == Event::Open ||
         (Last == Event::None && CoveredOnEntry.test(B->getBlockID()));
}

void PathCoverage::coverEveryPath() {
  // Start from "covered" everywhere and push "not covered" from the
  // function's entry and from every marked block; a block changes at most
  // once, so the pass is linear.
  const CFG &Graph = *Flow.Graph;
  CoveredOnEntry = llvm::BitVector(Graph.getNumBlockIDs(), true);
  llvm::SmallVector<const CFGBlock *, 16> Uncovered{&Graph.getEntry()};
  CoveredOnEntry.reset(Graph.getEntry().getBlockID());
  for (const auto &[B, Markers] : MarkersIn)
    Uncovered.push_back(B);
  while (!Uncovered.empty()) {
    const CFGBlock *B = Uncovered.pop_back_val();
    if (coveredOnExit(B))
      continue;
    for (const CFGBlock *Succ : B->succs())
      if (Succ && CoveredOnEntry.test(Succ->getBlockID())) {
        CoveredOnEntry.reset(Succ->getBlockID());
        Uncovered.push_back(Succ);
      }
  }
}

void PathCoverage::coverSomePath() {
  // The dual: start from "not covered" everywhere and push "covered" from
  // every block that opens last; a block changes at most once, and only
  // the blocks the coverage reaches are visited.
  CoveredOnEntry = llvm::BitVector(Flow.Graph->getNumBlockIDs(), false);
  llvm::SmallVector<const CFGBlock *, 16> Covered;
  for (const auto &[B, Markers] : MarkersIn)
    if (coveredOnExit(B))
      Covered.push_back(B);
  while (!Covered.empty()) {
    const CFGBlock *B = Covered.pop_back_val();
    for (const CFGBlock *Succ : B->succs())
      if (Succ && !CoveredOnEntry.test(Succ->getBlockID())) {
        CoveredOnEntry.set(Succ->getBlockID());
        // A block that opens last is already on the list.
        if (lastEvent(Succ, BlockEnd) == Event::None)
          Covered.push_back(Succ);
      }
  }
}

PathCoverage::Event PathCoverage::lastEvent(const CFGBlock *B,
                                            unsigned Limit) const {
  auto It = MarkersIn.find(B);
  if (It == MarkersIn.end())
    return Event::None;
  // Two markers in one element (an opening and a closing call as arguments
  // of one call) have no known order: the one that makes no finding wins
  // (over every path, covered: a deadline armed; over some path, not
  // covered: a lock released).
  const Marker *Last = nullptr;
  for (const Marker &M : It->second)
    if (M.After <= Limit &&
        (!Last || M.After > Last->After ||
         (M.After == Last->After && M.Opens == OnEveryPath)))
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
    return CoveredOnEntry.test(P.Block->getBlockID());
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
