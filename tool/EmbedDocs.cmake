# Generates a C++ source holding every docs/checks/*.md page, so that
# `asynclint --explain` works without the source tree.
file(GLOB PAGES "${DOCS_DIR}/*.md")
list(SORT PAGES)
set(BODY "")
foreach(PAGE IN LISTS PAGES)
  get_filename_component(NAME "${PAGE}" NAME_WE)
  file(READ "${PAGE}" TEXT)
  string(APPEND BODY "    {\"${NAME}\", R\"asynclint_doc(${TEXT})asynclint_doc\"},\n")
endforeach()
file(WRITE "${OUTPUT}.tmp" "// Generated from docs/checks by EmbedDocs.cmake.
#include \"Docs.h\"
#include <utility>

namespace asynclint {
std::optional<llvm::StringRef> checkDoc(llvm::StringRef Check) {
  static const std::pair<const char *, const char *> Pages[] = {
${BODY}  };
  for (const auto &[Name, Text] : Pages)
    if (Check == Name)
      return llvm::StringRef(Text);
  return std::nullopt;
}
} // namespace asynclint
")
file(COPY_FILE "${OUTPUT}.tmp" "${OUTPUT}" ONLY_IF_DIFFERENT)
