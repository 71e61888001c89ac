//===--- SequentialAwaitsRun.h - asynclint ----------------------*- C++ -*-===//
//
// A run of async-sequential-awaits: the awaited operations of one block,
// one after another, that neither reads what an earlier one produces nor
// writes what an earlier one reads, so a join could start them together.
// Shared by the detection and the join rewrite.
//
//===----------------------------------------------------------------------===//

#ifndef ASYNCLINT_CHECKS_SEQUENTIALAWAITSRUN_H
#define ASYNCLINT_CHECKS_SEQUENTIALAWAITSRUN_H

#include "SequentialAwaitsCheck.h"
#include <algorithm>
#include <optional>

namespace clang::tidy::async {

struct SequentialAwaitsCheck::Operation {
  const Stmt *Statement = nullptr;
  /// Where the result goes: a new variable, or an existing one (or a member
  /// of one) that `Target` assigns.
  const VarDecl *Var = nullptr;
  /// The `co_await`, or the `.get()` of a `std::async` future.
  const Expr *Wait = nullptr;
  const Expr *Call = nullptr;
  Access Acc;
  bool Future = false;
  /// The await names a lazy task created earlier (`co_await fx_task;`): a
  /// join takes it as `std::move(fx_task)`.
  bool NamedTask = false;
  /// The result is appended to the container `Target` names.
  bool Appends = false;
  /// The left side of `target = co_await op;` and the variable and fields it
  /// names, outermost first.
  const Expr *Target = nullptr;
  llvm::SmallVector<const ValueDecl *, 3> Path;
  /// The locals the operation reads only field by field, and those fields
  /// (`probe(ep.path)` reads field `path` of `ep`, not all of `ep`).
  FieldReads Fields;

  /// The field of a local this operation assigns (`ep.lufs = co_await
  /// ...`): the local and its field; none for any other target.
  std::optional<std::pair<const Decl *, const Decl *>> storedField() const {
    if (Path.size() < 2 || !isa<VarDecl>(Path.front()))
      return std::nullopt;
    return std::make_pair(Path[0]->getCanonicalDecl(),
                          Path[1]->getCanonicalDecl());
  }
  /// Whether this operation reads the field \p Stored of a local.
  bool reads(std::pair<const Decl *, const Decl *> Stored) const {
    return Acc.Reads.contains(Stored.first) &&
           (!Fields.Only.contains(Stored.first) ||
            Fields.Read.contains(Stored));
  }

  /// The declarations later operations of the run must not read: the new
  /// variable (and the names it binds), or the variable assigned.
  void declared(DeclSet &Out) const {
    if (!Path.empty()) {
      Out.insert(Path.front()->getCanonicalDecl());
      return;
    }
    if (!Var)
      return;
    Out.insert(Var->getCanonicalDecl());
    if (const auto *Decomposition = dyn_cast<DecompositionDecl>(Var))
      for (const BindingDecl *Binding : Decomposition->bindings())
        Out.insert(Binding->getCanonicalDecl());
  }
  /// One of two assignments stores into (a part of) the other's target.
  bool overlaps(const Operation &Other) const {
    // Appending to one container twice keeps both values, in order.
    if (Path.empty() || Other.Path.empty() ||
        (Appends && Other.Appends && Path == Other.Path))
      return false;
    size_t Common = std::min(Path.size(), Other.Path.size());
    return std::equal(Path.begin(), Path.begin() + Common, Other.Path.begin());
  }
};

struct SequentialAwaitsCheck::Run {
  llvm::SmallVector<Operation, 4> Ops;
  Access Acc;
  /// What the operations declare or assign; of those, what a later read of
  /// the variable conflicts with, and the fields of locals they store.
  DeclSet Declared, DeclaredWhole;
  llvm::SmallVector<std::pair<const Decl *, const Decl *>, 2> StoredFields;

  bool admits(const Operation &Op) const {
    if (Op.Acc.MutatesUnknown || Acc.MutatesUnknown ||
        (!Ops.empty() && Ops.front().Future != Op.Future))
      return false;
    // An assignment must not store into what an earlier operation reads,
    // writes or stores into: the join stores only once all have finished.
    // A field of a local is only what reads that field (or all of it).
    DeclSet Stored;
    Op.declared(Stored);
    auto StoredField = Op.storedField();
    bool ReadBefore =
        StoredField ? llvm::any_of(Ops,
                                   [&](const Operation &Earlier) {
                                     return Earlier.reads(*StoredField);
                                   })
                    : intersects(Stored, Acc.Reads);
    if (!Op.Path.empty() &&
        (ReadBefore || intersects(Stored, Acc.Mutates) ||
         llvm::any_of(Ops, [&](const Operation &Earlier) {
           return Earlier.overlaps(Op);
         })))
      return false;
    // Nor may it read what an earlier one stores.
    if (intersects(Op.Acc.Reads, DeclaredWhole) ||
        llvm::any_of(StoredFields, [&](auto Field) { return Op.reads(Field); }))
      return false;
    return !intersects(Op.Acc.Mutates, Declared) &&
           !intersects(Op.Acc.Reads, Acc.Mutates) &&
           !intersects(Op.Acc.Mutates, Acc.Reads);
  }
  void add(Operation Op) {
    Acc.Reads.insert(Op.Acc.Reads.begin(), Op.Acc.Reads.end());
    Acc.Mutates.insert(Op.Acc.Mutates.begin(), Op.Acc.Mutates.end());
    Op.declared(Declared);
    if (auto Field = Op.storedField())
      StoredFields.push_back(*Field);
    else
      Op.declared(DeclaredWhole);
    Ops.push_back(std::move(Op));
  }
};

} // namespace clang::tidy::async

#endif
