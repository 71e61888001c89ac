//===--- Flow.cpp - order questions over a function's control flow --------===//

#include "analysis/Flow.h"
#include "AsyncModel.h"
#include "clang-tidy/utils/ExprSequence.h"

namespace clang::tidy::async {

namespace {
/// Implicit destructors make a `[[noreturn]]` destructor end its path, as in
/// bugprone-use-after-move.
CFG::BuildOptions flowOptions() {
  CFG::BuildOptions Options;
  Options.AddImplicitDtors = true;
  Options.AddTemporaryDtors = true;
  return Options;
}
} // namespace

FunctionFlow::FunctionFlow(const FunctionDecl *FD, ASTContext &Ctx) {
  // A coroutine's CFG is built over the statements the author wrote: the
  // implicit promise calls around them order nothing a check asks about.
  const Stmt *Body = userBody(FD);
  if (!Body)
    return;
  Graph = CFG::buildCFG(FD, const_cast<Stmt *>(Body), &Ctx, flowOptions());
  if (!Graph)
    return;
  Sequence = std::make_unique<utils::ExprSequence>(Graph.get(), Body, &Ctx);
  Blocks = std::make_unique<utils::StmtToBlockMap>(Graph.get(), &Ctx);
}

FunctionFlow::~FunctionFlow() = default;

const CFGBlock *FunctionFlow::blockOf(const Stmt *S) const {
  return Graph && S ? Blocks->blockContainingStmt(S) : nullptr;
}

bool FunctionFlow::sequencedBefore(const Stmt *A, const Stmt *B) const {
  return Sequence->inSequence(A, B);
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
  const CFGBlock *BlockA = blockOf(A), *BlockB = blockOf(B);
  if (!BlockA || !BlockB)
    return false;
  return (BlockA == BlockB && sequencedBefore(A, B)) ||
         reachable(BlockA, BlockB);
}

bool FunctionFlow::onEveryPathBefore(const Stmt *A, const Stmt *B) const {
  const CFGBlock *BlockA = blockOf(A), *BlockB = blockOf(B);
  if (!BlockA || !BlockB)
    return false;
  if (BlockA == BlockB)
    return sequencedBefore(A, B);
  if (!Dominators)
    Dominators = std::make_unique<CFGDomTree>(Graph.get());
  return Dominators->properlyDominates(BlockA, BlockB);
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
  for (const Stmt *S : Opens)
    if (const CFGBlock *B = Flow.blockOf(S))
      MarkersIn[B].push_back({S, true});
  for (const Stmt *S : Closes)
    if (const CFGBlock *B = Flow.blockOf(S))
      MarkersIn[B].push_back({S, false});
  // A must-analysis: covered on entry to a block when covered on exit from
  // every predecessor. Start from "covered" everywhere and push "not
  // covered" from the function's entry and from every closing block; a
  // block changes at most once, so the pass is linear.
  const CFG &Graph = *Flow.Graph;
  CoveredOnEntry.assign(Graph.getNumBlockIDs(), true);
  llvm::SmallVector<const CFGBlock *, 16> Uncovered{&Graph.getEntry()};
  CoveredOnEntry[Graph.getEntry().getBlockID()] = false;
  for (const auto &[B, Markers] : MarkersIn)
    Uncovered.push_back(B);
  while (!Uncovered.empty()) {
    const CFGBlock *B = Uncovered.pop_back_val();
    Event Last = lastEvent(B, nullptr);
    bool CoveredOnExit = Last == Event::Open ||
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
                                            const Stmt *Limit) const {
  auto It = MarkersIn.find(B);
  if (It == MarkersIn.end())
    return Event::None;
  auto RunsFirst = [&](const Marker &M) {
    return !Limit || Flow.sequencedBefore(M.S, Limit);
  };
  // The last markers are those no other marker is sequenced after. When
  // an opening and a closing one are unsequenced, the opening one wins:
  // an unknown order does not make a finding.
  Event Last = Event::None;
  for (const Marker &M : It->second) {
    if (!RunsFirst(M) || llvm::any_of(It->second, [&](const Marker &Later) {
          return RunsFirst(Later) && Flow.sequencedBefore(M.S, Later.S);
        }))
      continue;
    if (M.Opens)
      return Event::Open;
    Last = Event::Close;
  }
  return Last;
}

bool PathCoverage::at(const Stmt *S) const {
  const CFGBlock *B = Flow.blockOf(S);
  if (!B)
    return false;
  switch (lastEvent(B, S)) {
  case Event::Open:
    return true;
  case Event::Close:
    return false;
  case Event::None:
    return CoveredOnEntry[B->getBlockID()];
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
