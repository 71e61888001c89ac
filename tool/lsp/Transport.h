//===--- Transport.h - LSP messages over a byte stream ----------*- C++ -*-===//
//
// The base protocol of the Language Server Protocol: each message is a JSON
// body preceded by a `Content-Length` header. Reading resynchronises on the
// next header after a malformed one, so bad input costs a message, not the
// session. Writing is safe from several threads.
//
//===----------------------------------------------------------------------===//

#ifndef ASYNCLINT_TOOL_LSP_TRANSPORT_H
#define ASYNCLINT_TOOL_LSP_TRANSPORT_H

#include "llvm/Support/JSON.h"
#include "llvm/Support/raw_ostream.h"
#include <cstdio>
#include <mutex>
#include <string>

namespace asynclint::lsp {

enum class ReadStatus { Message, Malformed, End };

class Transport {
public:
  Transport(std::FILE *In, llvm::raw_ostream &Out) : In(In), Out(Out) {}

  /// The next message's body in \p Body; Malformed with the reason in
  /// \p Problem when its header is unusable; End at the end of input.
  ReadStatus read(std::string &Body, std::string &Problem);

  void send(const llvm::json::Value &Message);

  /// JSON-RPC 2.0 messages: a result, an error, a notification, a request.
  void reply(const llvm::json::Value &Id, llvm::json::Value Result);
  void replyError(const llvm::json::Value &Id, int64_t Code,
                  const llvm::Twine &Message);
  void notify(llvm::StringRef Method, llvm::json::Value Params);
  void request(const llvm::json::Value &Id, llvm::StringRef Method,
               llvm::json::Value Params);

private:
  bool readLine(std::string &Line);

  std::FILE *In;
  llvm::raw_ostream &Out;
  std::mutex Writing;
};

} // namespace asynclint::lsp

#endif
