//===--- Docs.h - the check documentation built into the CLI ---*- C++ -*-===//

#ifndef ASYNCLINT_TOOL_DOCS_H
#define ASYNCLINT_TOOL_DOCS_H

#include "llvm/ADT/StringRef.h"
#include <optional>

namespace asynclint {

/// The Markdown page docs/checks/<Check>.md, if the check is documented.
std::optional<llvm::StringRef> checkDoc(llvm::StringRef Check);

} // namespace asynclint

#endif
