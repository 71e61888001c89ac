//===--- Vocabulary.cpp - the names of each role, for one check -----------===//

#include "frameworks/Vocabulary.h"

namespace clang::tidy::async {

Vocabulary::Vocabulary(const ClangTidyCheck::OptionsView &Options) {
  for (std::size_t I = 0; I != RoleCount; ++I) {
    Role R = static_cast<Role>(I);
    ProjectNames[I] = Options.getLocalOrGlobal(roleOptionName(R), "").str();
    Lists[I] = NameList(builtinNames(R) + ";" + ProjectNames[I]);
  }
}

void Vocabulary::store(ClangTidyCheck::OptionsView &Options,
                       ClangTidyOptions::OptionMap &Opts) const {
  for (std::size_t I = 0; I != RoleCount; ++I)
    if (!ProjectNames[I].empty())
      Options.store(Opts, roleOptionName(static_cast<Role>(I)),
                    ProjectNames[I]);
}

} // namespace clang::tidy::async
