//===--- Vocabulary.h - the names of each role, for one check ---*- C++ -*-===//
//
// One place for every check: the built-in profiles' names of a role plus the
// project's own, from `.clang-tidy` under the role's option name, global to
// all checks (`CheckOptions: {AsyncSpawns: 'app::Scope::spawn'}`) or local
// to one (`async-unbounded-fanout.AsyncSpawns`).
//
//===----------------------------------------------------------------------===//

#ifndef ASYNCLINT_CHECKS_FRAMEWORKS_VOCABULARY_H
#define ASYNCLINT_CHECKS_FRAMEWORKS_VOCABULARY_H

#include "model/AsyncModel.h"
#include "clang-tidy/ClangTidyCheck.h"
#include "frameworks/Profiles.h"
#include <array>

namespace clang::tidy::async {

class Vocabulary {
public:
  explicit Vocabulary(const ClangTidyCheck::OptionsView &Options);

  /// Every name of role \p R: built in and the project's.
  const NameList &of(Role R) const {
    return Lists[static_cast<std::size_t>(R)];
  }
  /// Every name of role \p R as a `;`-separated list, for a check that
  /// merges the role into a catalogue of its own.
  std::string names(Role R) const {
    return builtinNames(R) + ";" + ProjectNames[static_cast<std::size_t>(R)];
  }
  /// Whether \p Call starts work it does not await: a spawn the profiles
  /// or the project name, or, by shape, a call named for starting (option
  /// `SpawnVerbs`: `spawn`, `start_detached`, `scope.add`) that is given a
  /// coroutine task and hands back no lazy work, other than a container's
  /// insertion.
  bool isSpawn(const CallExpr *Call, AsyncModel &Model) const;
  /// The names of role \p R that hold where \p D's framework runs: its
  /// profile's and the project's. For roles whose members differ by
  /// framework without belonging to it (the `std::system_error` an Asio
  /// await throws once cancelled is not Asio's).
  std::vector<std::string> namesWhere(Role R, const Decl *D) const;
  /// Writes back the project's names (for `--dump-config`).
  void store(ClangTidyCheck::OptionsView &Options,
             ClangTidyOptions::OptionMap &Opts) const;

private:
  std::array<std::string, RoleCount> ProjectNames;
  std::array<NameList, RoleCount> Lists;
  std::string SpawnVerbsOption;
  std::vector<std::string> SpawnVerbs;
};

} // namespace clang::tidy::async

#endif
