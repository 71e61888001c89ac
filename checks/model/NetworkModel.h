//===--- NetworkModel.h - what waits on a peer ------------------*- C++ -*-===//
//
// Which calls wait on another process over a network, decided by the type
// of the object they are called on (sockets, streams, resolvers,
// connections, clients and transports of any framework), which arguments
// bound such a wait (a deadline, a cancellation token of any framework), and
// how durations evaluate.
//
//===----------------------------------------------------------------------===//

#ifndef ASYNCLINT_CHECKS_NETWORKMODEL_H
#define ASYNCLINT_CHECKS_NETWORKMODEL_H

#include "model/AsyncModel.h"
#include "llvm/ADT/DenseMap.h"
#include <optional>

namespace clang::tidy::async {

/// The lower-case words of an identifier, split at `_` and at lower-to-upper
/// case changes: `RpcChannel` -> rpc, channel; `basic_stream_socket` ->
/// basic, stream, socket.
llvm::SmallVector<std::string, 4> identifierWords(llvm::StringRef Name);
/// Whether one of \p Words (see identifierWords) is among \p Wanted.
bool hasWord(llvm::ArrayRef<std::string> Words,
             std::initializer_list<llvm::StringRef> Wanted);

/// True for the cancellation tokens of the frameworks: `std::stop_token`,
/// P2300's `inplace_stop_token`, cppcoro's and folly's `CancellationToken`,
/// Asio's `cancellation_slot`, Seastar's `abort_source` (any class whose
/// name is one of these).
bool isCancellationToken(QualType T);

/// The value of a constant duration in milliseconds (a
/// `std::chrono::duration` whose value is a constant expression).
std::optional<double> constantDurationMs(const Expr *E, const ASTContext &Ctx);

/// True when \p T is a `std::chrono::duration` or `time_point`.
bool isChronoType(QualType T);

/// True when \p Call is given a deadline by its own arguments: a written
/// (not defaulted) duration or time point that is not a constant zero, or a
/// written argument for a parameter named like a timeout or deadline.
bool passesDeadlineArgument(const CallExpr *Call, const ASTContext &Ctx);

/// True when \p Name is one of the member operations of a client or
/// transport: connect, resolve, read*, write*, recv*, send*, receive*,
/// request*, handshake, poll (also with an `async_` / `async` prefix),
/// where `*` starts a new word (`read_frame`, `sendRequest`, not `ready`).
bool isClientOperationName(llvm::StringRef Name);
/// `recv_from`, `send_to`, `async_receive_from`, `read_from`, `write_to`:
/// operations that name a peer per message, as datagram sockets do.
bool isDatagramOperationName(llvm::StringRef Name);


/// Decides whether a class talks to a peer over a network. Caches per class.
class NetworkModel {
public:
  /// \p ExtraTypes names more network classes (option `NetworkTypes`).
  NetworkModel(NameList ExtraTypes, AsyncModel &Model)
      : ExtraTypes(std::move(ExtraTypes)), Model(Model) {}
  void reset() {
    Cache.clear();
    Serving.clear();
  }
  /// A class (or a base, or for a wrapper template its type arguments: an
  /// `ssl::stream<tcp::socket>`) named as a socket, resolver, connection,
  /// client, transport, peer or RPC stub, or that declares a `connect`
  /// member returning an awaitable (a user-written client). Files, logs,
  /// queues, timers and acceptors are not.
  bool isNetworkType(QualType T);
  /// The network object \p Object works on: itself when it is of a
  /// network type, the object that handed it out when it names a local
  /// made that way (`auto in = socket.input();`: the connection's own
  /// stream); null otherwise.
  const Expr *connectionOf(const Expr *Object);
  /// A datagram socket: a send completes once the datagram is queued.
  bool isDatagramType(QualType T);
  /// Whether the lambda \p FD talks to a peer its own program serves beside
  /// it: the outermost function around it also accepts or listens (a
  /// loopback test harness of a client and a server lambda).
  bool servesOwnPeer(const FunctionDecl *FD);
  /// Whether \p F accepts or listens, itself, in a lambda, or in a function
  /// of the unit it calls: the program serves the peers it talks to there.
  bool hostsServer(const FunctionDecl *F);

private:
  bool isNetworkRecord(const CXXRecordDecl *RD, int Depth);
  NameList ExtraTypes;
  AsyncModel &Model;
  llvm::DenseMap<const CXXRecordDecl *, bool> Cache;
  llvm::DenseMap<const FunctionDecl *, bool> Serving;
};

} // namespace clang::tidy::async

#endif
