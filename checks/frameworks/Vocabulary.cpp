//===--- Vocabulary.cpp - the names of each role, for one check -----------===//

#include "frameworks/Vocabulary.h"

namespace clang::tidy::async {

namespace {
constexpr llvm::StringRef SpawnVerbsOpt = "SpawnVerbs";
constexpr llvm::StringRef DefaultSpawnVerbs =
    "spawn;start;launch;add;submit;post;detach;fire;enlist;enqueue";

/// Whether \p Name names an act of starting something: one of \p Verbs,
/// alone or followed by more words (`spawn_detached`, `startInline`).
bool namedForStarting(llvm::StringRef Name,
                      const std::vector<std::string> &Verbs) {
  return llvm::any_of(Verbs, [&](llvm::StringRef Verb) {
    if (!Name.starts_with_insensitive(Verb))
      return false;
    llvm::StringRef Rest = Name.drop_front(Verb.size());
    return Rest.empty() || Rest.front() == '_' || llvm::isUpper(Rest.front());
  });
}
} // namespace

Vocabulary::Vocabulary(const ClangTidyCheck::OptionsView &Options)
    : SpawnVerbsOption(
          Options.getLocalOrGlobal(SpawnVerbsOpt, DefaultSpawnVerbs).str()),
      SpawnVerbs(splitList(SpawnVerbsOption)) {
  for (std::size_t I = 0; I != RoleCount; ++I) {
    Role R = static_cast<Role>(I);
    ProjectNames[I] = Options.getLocalOrGlobal(roleOptionName(R), "").str();
    Lists[I] = NameList(names(R));
  }
}

bool Vocabulary::isSpawn(const CallExpr *Call, AsyncModel &Model) const {
  const FunctionDecl *Callee = Call->getDirectCallee();
  if (!Callee || !Callee->getIdentifier())
    return false;
  if (of(Role::Spawns).containsCall(Call))
    return true;
  if (const auto *Member = dyn_cast<CXXMemberCallExpr>(Call);
      Member && isContainerInsertion(Member))
    return false;
  // A call that hands back lazy work wraps the task; it does not start it.
  AsyncKind Result = Model.classify(Call->getType());
  bool HandsBackLazyWork =
      Result == AsyncKind::LazyTask || Result == AsyncKind::UnknownTask ||
      Result == AsyncKind::Awaitable || Result == AsyncKind::Sender;
  return !HandsBackLazyWork &&
         namedForStarting(Callee->getName(), SpawnVerbs) &&
         Model.taskArgumentOf(Call);
}

std::vector<std::string> Vocabulary::namesWhere(Role R, const Decl *D) const {
  std::vector<std::string> Names =
      splitList(ProjectNames[static_cast<std::size_t>(R)]);
  if (const FrameworkProfile *Profile = profileOf(D))
    for (const std::string &Name : splitList(Profile->of(R)))
      Names.push_back(Name);
  return Names;
}

void Vocabulary::store(ClangTidyCheck::OptionsView &Options,
                       ClangTidyOptions::OptionMap &Opts) const {
  for (std::size_t I = 0; I != RoleCount; ++I)
    if (!ProjectNames[I].empty())
      Options.store(Opts, roleOptionName(static_cast<Role>(I)),
                    ProjectNames[I]);
  if (SpawnVerbsOption != DefaultSpawnVerbs)
    Options.store(Opts, SpawnVerbsOpt, SpawnVerbsOption);
}

} // namespace clang::tidy::async
