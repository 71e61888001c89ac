//===--- Transport.cpp - LSP messages over a byte stream ------------------===//

#include "lsp/Transport.h"
#include "llvm/ADT/StringRef.h"

namespace asynclint::lsp {
namespace {

constexpr llvm::StringLiteral LengthHeader = "Content-Length:";
/// Larger bodies are refused rather than allocated (no editor sends one).
constexpr size_t MaxBodySize = 256u << 20;

} // namespace

bool Transport::readLine(std::string &Line) {
  Line.clear();
  for (int C = std::getc(In); C != EOF; C = std::getc(In)) {
    if (C == '\n') {
      if (!Line.empty() && Line.back() == '\r')
        Line.pop_back();
      return true;
    }
    Line.push_back(static_cast<char>(C));
  }
  return !Line.empty();
}

ReadStatus Transport::read(std::string &Body, std::string &Problem) {
  std::optional<size_t> Length;
  bool BadLength = false;
  std::string Line;
  bool SawHeader = false;
  while (true) {
    if (!readLine(Line))
      return ReadStatus::End;
    if (Line.empty()) {
      if (SawHeader)
        break;
      continue; // blank lines between messages
    }
    SawHeader = true;
    // The header may follow the rest of a message that could not be read.
    size_t At = llvm::StringRef(Line).find_insensitive(LengthHeader);
    if (At == llvm::StringRef::npos)
      continue; // Content-Type, or junk
    size_t Value = 0;
    BadLength = llvm::StringRef(Line)
                    .substr(At + LengthHeader.size())
                    .trim()
                    .getAsInteger(10, Value) ||
                Value > MaxBodySize;
    Length = Value;
  }
  if (!Length || BadLength) {
    Problem = !Length ? "a message without a Content-Length header"
                      : "a message with an invalid Content-Length";
    return ReadStatus::Malformed;
  }
  Body.resize(*Length);
  if (std::fread(Body.data(), 1, *Length, In) != *Length)
    return ReadStatus::End;
  return ReadStatus::Message;
}

void Transport::send(const llvm::json::Value &Message) {
  std::string Text;
  llvm::raw_string_ostream(Text) << Message;
  std::lock_guard<std::mutex> Lock(Writing);
  Out << "Content-Length: " << Text.size() << "\r\n\r\n" << Text;
  Out.flush();
}

void Transport::reply(const llvm::json::Value &Id, llvm::json::Value Result) {
  send(llvm::json::Object{
      {"jsonrpc", "2.0"}, {"id", Id}, {"result", std::move(Result)}});
}

void Transport::replyError(const llvm::json::Value &Id, int64_t Code,
                           const llvm::Twine &Message) {
  send(llvm::json::Object{
      {"jsonrpc", "2.0"},
      {"id", Id},
      {"error",
       llvm::json::Object{{"code", Code}, {"message", Message.str()}}}});
}

void Transport::notify(llvm::StringRef Method, llvm::json::Value Params) {
  send(llvm::json::Object{{"jsonrpc", "2.0"},
                          {"method", Method.str()},
                          {"params", std::move(Params)}});
}

void Transport::request(const llvm::json::Value &Id, llvm::StringRef Method,
                        llvm::json::Value Params) {
  send(llvm::json::Object{{"jsonrpc", "2.0"},
                          {"id", Id},
                          {"method", Method.str()},
                          {"params", std::move(Params)}});
}

} // namespace asynclint::lsp
