//===--- Server.cpp - asynclint as a language server ----------------------===//

#include "lsp/Server.h"
#include "Findings.h"
#include "Report.h"
#include "lsp/BufferAnalysis.h"
#include "lsp/CodeActions.h"
#include "lsp/CompileCommands.h"
#include "lsp/Diagnostics.h"
#include "lsp/Scheduler.h"
#include "lsp/SourceCode.h"
#include "lsp/Transport.h"
#include "llvm/Support/FormatVariadic.h"
#include <map>

using clang::tidy::ClangTidyError;
namespace json = llvm::json;

namespace asynclint::lsp {
namespace {

enum ErrorCode : int64_t {
  ParseError = -32700,
  InvalidRequest = -32600,
  MethodNotFound = -32601,
  InvalidParams = -32602,
  ServerNotInitialized = -32002,
  RequestCancelled = -32800,
};

/// Text document sync kind: the editor sends the changed ranges only.
constexpr int64_t IncrementalSync = 2;

void log(const llvm::Twine &Message) {
  static std::mutex Logging;
  std::lock_guard<std::mutex> Guard(Logging);
  llvm::errs() << "asynclint: " << Message << "\n";
}

/// An open file: the editor's text, and the analysis last published.
struct Document {
  std::string Path;
  std::string Text;
  int64_t Version = 0;
  std::optional<int64_t> AnalysedVersion;
  std::string AnalysedText;
  std::vector<ClangTidyError> Findings;
  /// Used by the worker thread only; keeps the file's preamble.
  std::shared_ptr<BufferAnalyser> Analyser = std::make_shared<BufferAnalyser>();
};

/// A codeAction request that waits for the analysis of the current text.
struct WaitingAction {
  json::Value Id;
  std::string Uri;
  json::Object Params;
};

std::string uriIn(const json::Object &Params) {
  const json::Object *Document = Params.getObject("textDocument");
  std::optional<llvm::StringRef> Uri =
      Document ? Document->getString("uri") : std::nullopt;
  return Uri ? Uri->str() : "";
}

class Server {
public:
  Server(const ServerOptions &Options, Transport &Client)
      : Client(Client), Config(Options.Config),
        Commands(Options.CompileCommandsDir, Options.FallbackFlags),
        Analyses(Options.Debounce,
                 [this](const std::string &Uri) { analyse(Uri); }) {}

  /// Handles one message; false when it was `exit`.
  bool handle(llvm::StringRef Body);

  int exitCode() const { return ShutDown ? 0 : 1; }

private:
  using NotificationHandler = void (Server::*)(const json::Object &);

  void handleRequest(llvm::StringRef Method, const json::Value &Id,
                     const json::Value &Params);
  void handleNotification(llvm::StringRef Method, const json::Value &Params);

  void initialize(const json::Value &Id, const json::Value &Params);
  void initialized(const json::Object &Params);
  void codeAction(const json::Value &Id, const json::Object &Params);
  void didOpen(const json::Object &Params);
  void didChange(const json::Object &Params);
  void didSave(const json::Object &Params);
  void didClose(const json::Object &Params);
  void didChangeConfiguration(const json::Object &Params);
  void didChangeWatchedFiles(const json::Object &Params);
  void cancelRequest(const json::Object &Params);

  void applySettings(const json::Object &Settings);
  void reanalyseAll();
  /// Runs on the worker thread.
  void analyse(const std::string &Uri);
  void publish(const std::string &Uri, const Document &Doc);
  json::Array actionsFor(const Document &Doc, const json::Object &Params);
  void answerWaiting(const std::string &Uri, const Document *Doc);

  Transport &Client;
  bool Initialized = false;
  bool ShutDown = false;
  /// The editor watches files for servers that register for it.
  bool CanWatchFiles = false;
  /// Guards what the worker thread shares: documents, waiting requests,
  /// the configuration.
  std::mutex Lock;
  std::map<std::string, Document> Documents;
  std::vector<WaitingAction> Waiting;
  ConfigRequest Config;
  CompileCommands Commands;
  /// Last: its worker stops before the state it uses goes.
  Scheduler Analyses;
};

bool Server::handle(llvm::StringRef Body) {
  llvm::Expected<json::Value> Message = json::parse(Body);
  if (!Message) {
    std::string Problem = llvm::toString(Message.takeError());
    log("invalid JSON message: " + Problem);
    Client.replyError(nullptr, ParseError, "invalid JSON: " + Problem);
    return true;
  }
  const json::Object *Object = Message->getAsObject();
  std::optional<llvm::StringRef> Method =
      Object ? Object->getString("method") : std::nullopt;
  const json::Value *Id = Object ? Object->get("id") : nullptr;
  if (!Method) {
    // Without a method and with an id: the editor's answer to a request of
    // ours (we send none that needs one).
    if (!Id) {
      log("a message that is neither a request nor a notification");
      Client.replyError(nullptr, InvalidRequest, "not a JSON-RPC request");
    }
    return true;
  }
  if (*Method == "exit")
    return false;
  const json::Value *Params = Object->get("params");
  json::Value NoParams = json::Object();
  if (Id)
    handleRequest(*Method, *Id, Params ? *Params : NoParams);
  else
    handleNotification(*Method, Params ? *Params : NoParams);
  return true;
}

void Server::handleRequest(llvm::StringRef Method, const json::Value &Id,
                           const json::Value &Params) {
  if (Method == "initialize")
    return initialize(Id, Params);
  if (!Initialized)
    return Client.replyError(Id, ServerNotInitialized,
                             "'" + Method + "' before 'initialize'");
  if (ShutDown)
    return Client.replyError(Id, InvalidRequest,
                             "'" + Method + "' after 'shutdown'");
  if (Method == "shutdown") {
    ShutDown = true;
    return Client.reply(Id, nullptr);
  }
  if (Method == "textDocument/codeAction") {
    if (const json::Object *Object = Params.getAsObject())
      return codeAction(Id, *Object);
    return Client.replyError(Id, InvalidParams,
                             "codeAction without parameters");
  }
  log("unknown method '" + Method + "'");
  Client.replyError(Id, MethodNotFound, "unknown method '" + Method + "'");
}

void Server::handleNotification(llvm::StringRef Method,
                                const json::Value &Params) {
  static const llvm::StringMap<NotificationHandler> Handlers = {
      {"initialized", &Server::initialized},
      {"textDocument/didOpen", &Server::didOpen},
      {"textDocument/didChange", &Server::didChange},
      {"textDocument/didSave", &Server::didSave},
      {"textDocument/didClose", &Server::didClose},
      {"workspace/didChangeConfiguration", &Server::didChangeConfiguration},
      {"workspace/didChangeWatchedFiles", &Server::didChangeWatchedFiles},
      {"$/cancelRequest", &Server::cancelRequest},
  };
  auto Handler = Handlers.find(Method);
  if (Handler == Handlers.end()) {
    // `$/` notifications may be ignored, says the protocol.
    if (!Method.starts_with("$/"))
      log("ignored the unknown notification '" + Method + "'");
    return;
  }
  if (!Initialized) {
    log("ignored '" + Method + "' before 'initialize'");
    return;
  }
  const json::Object *Object = Params.getAsObject();
  if (!Object) {
    log("ignored '" + Method + "' without parameters");
    return;
  }
  (this->*Handler->second)(*Object);
}

void Server::initialize(const json::Value &Id, const json::Value &Params) {
  if (Initialized)
    return Client.replyError(Id, InvalidRequest, "'initialize' came twice");
  Initialized = true;
  static const json::Object NoParams;
  const json::Object *Object = Params.getAsObject();
  if (!Object)
    Object = &NoParams;
  if (const json::Object *Options = Object->getObject("initializationOptions"))
    applySettings(*Options);
  const json::Object *Capabilities = Object->getObject("capabilities");
  const json::Object *Workspace =
      Capabilities ? Capabilities->getObject("workspace") : nullptr;
  const json::Object *Watching =
      Workspace ? Workspace->getObject("didChangeWatchedFiles") : nullptr;
  CanWatchFiles =
      Watching && Watching->getBoolean("dynamicRegistration").value_or(false);
  json::Object Sync{{"openClose", true},
                    {"change", IncrementalSync},
                    {"save", json::Object{{"includeText", false}}}};
  json::Object Actions{
      {"codeActionKinds", json::Array{"quickfix", "source.fixAll.asynclint"}}};
  Client.reply(
      Id,
      json::Object{{"capabilities",
                    json::Object{{"textDocumentSync", std::move(Sync)},
                                 {"codeActionProvider", std::move(Actions)}}},
                   {"serverInfo", json::Object{{"name", "asynclint"},
                                               {"version", Version}}}});
}

void Server::initialized(const json::Object &) {
  if (!CanWatchFiles)
    return;
  // Edited configuration and compilation databases re-analyse the open
  // files, saved or not (the editor's answer needs no handling).
  json::Array Watchers;
  for (llvm::StringRef Pattern :
       {"**/.clang-tidy", "**/compile_commands.json", "**/compile_flags.txt"})
    Watchers.push_back(json::Object{{"globPattern", Pattern.str()}});
  json::Object Registration{
      {"id", "asynclint-configuration"},
      {"method", "workspace/didChangeWatchedFiles"},
      {"registerOptions", json::Object{{"watchers", std::move(Watchers)}}}};
  Client.request(
      "asynclint-watch", "client/registerCapability",
      json::Object{{"registrations", json::Array{std::move(Registration)}}});
}

void Server::didOpen(const json::Object &Params) {
  const json::Object *Item = Params.getObject("textDocument");
  std::optional<llvm::StringRef> Text =
      Item ? Item->getString("text") : std::nullopt;
  std::string Uri = uriIn(Params);
  std::optional<std::string> Path = pathOfUri(Uri);
  if (!Text || !Path) {
    log("ignored 'didOpen' of '" + Uri + "': not a file with a text");
    return;
  }
  {
    std::lock_guard<std::mutex> Guard(Lock);
    Document &Doc = Documents[Uri];
    Doc.Path = *Path;
    Doc.Text = Text->str();
    Doc.Version = Item->getInteger("version").value_or(0);
  }
  Analyses.schedule(Uri, /*AtOnce=*/true);
}

void Server::didChange(const json::Object &Params) {
  std::string Uri = uriIn(Params);
  const json::Array *Changes = Params.getArray("contentChanges");
  std::lock_guard<std::mutex> Guard(Lock);
  auto Doc = Documents.find(Uri);
  if (Doc == Documents.end() || !Changes) {
    log("ignored 'didChange' of '" + Uri + "': not open, or no changes");
    return;
  }
  for (const json::Value &Change : *Changes) {
    const json::Object *Object = Change.getAsObject();
    if (!Object || !applyChange(Doc->second.Text, *Object))
      log("ignored a change of '" + Uri +
          "' that is neither a text nor a "
          "range and its text");
  }
  if (const json::Object *Item = Params.getObject("textDocument"))
    Doc->second.Version =
        Item->getInteger("version").value_or(Doc->second.Version + 1);
  Analyses.schedule(Uri, /*AtOnce=*/false);
}

void Server::didSave(const json::Object &) {
  // A saved header or `.clang-tidy` may change every open file's findings;
  // the preambles notice changed headers themselves.
  reanalyseAll();
}

void Server::didClose(const json::Object &Params) {
  std::string Uri = uriIn(Params);
  std::lock_guard<std::mutex> Guard(Lock);
  if (Documents.erase(Uri) == 0)
    return;
  Client.notify("textDocument/publishDiagnostics",
                json::Object{{"uri", Uri}, {"diagnostics", json::Array()}});
  answerWaiting(Uri, nullptr);
}

void Server::didChangeConfiguration(const json::Object &Params) {
  if (const json::Object *Settings = Params.getObject("settings"))
    applySettings(*Settings);
  Commands.forget();
  reanalyseAll();
}

void Server::didChangeWatchedFiles(const json::Object &) {
  Commands.forget();
  reanalyseAll();
}

void Server::cancelRequest(const json::Object &Params) {
  const json::Value *Id = Params.get("id");
  if (!Id)
    return;
  std::lock_guard<std::mutex> Guard(Lock);
  auto Cancelled = llvm::find_if(
      Waiting, [&](const WaitingAction &W) { return W.Id == *Id; });
  if (Cancelled == Waiting.end())
    return; // answered already
  Client.replyError(Cancelled->Id, RequestCancelled, "cancelled");
  Waiting.erase(Cancelled);
}

void Server::codeAction(const json::Value &Id, const json::Object &Params) {
  std::string Uri = uriIn(Params);
  std::lock_guard<std::mutex> Guard(Lock);
  auto Doc = Documents.find(Uri);
  if (Doc == Documents.end())
    return Client.reply(Id, json::Array());
  if (Doc->second.AnalysedVersion == Doc->second.Version)
    return Client.reply(Id, actionsFor(Doc->second, Params));
  Waiting.push_back({Id, Uri, Params});
}

json::Array Server::actionsFor(const Document &Doc,
                               const json::Object &Params) {
  const json::Object *Range = Params.getObject("range");
  const json::Value *Start = Range ? Range->get("start") : nullptr;
  const json::Value *End = Range ? Range->get("end") : nullptr;
  std::optional<size_t> Begin = Start ? offsetOf(Doc.AnalysedText, *Start) : 0;
  std::optional<size_t> Finish =
      End ? offsetOf(Doc.AnalysedText, *End) : Doc.AnalysedText.size();
  FileTexts Texts(Doc.Path, Doc.AnalysedText);
  json::Array Actions = codeActions(Doc.Findings, Doc.Path, Begin.value_or(0),
                                    Finish.value_or(0), Texts);
  // The kinds the editor asked for (`context.only`), if it did.
  const json::Object *Context = Params.getObject("context");
  const json::Array *Only = Context ? Context->getArray("only") : nullptr;
  if (!Only)
    return Actions;
  json::Array Kept;
  for (json::Value &Action : Actions) {
    llvm::StringRef Kind = *Action.getAsObject()->getString("kind");
    if (llvm::any_of(*Only, [&](const json::Value &Wanted) {
          std::optional<llvm::StringRef> Prefix = Wanted.getAsString();
          return Prefix &&
                 (Kind == *Prefix || Kind.starts_with((*Prefix + ".").str()));
        }))
      Kept.push_back(std::move(Action));
  }
  return Kept;
}

void Server::applySettings(const json::Object &Settings) {
  const json::Object *Ours = Settings.getObject("asynclint");
  if (!Ours)
    Ours = &Settings;
  std::lock_guard<std::mutex> Guard(Lock);
  if (std::optional<llvm::StringRef> Checks = Ours->getString("checks")) {
    if (auto Unknown = unknownCheckIn(*Checks, allCheckNames()))
      log("ignored the setting checks='" + *Checks + "': unknown check '" +
          *Unknown + "'");
    else
      Config.Checks = Checks->str();
  }
  if (const json::Array *Flags = Ours->getArray("fallbackFlags")) {
    std::vector<std::string> Fallback;
    for (const json::Value &Flag : *Flags)
      if (std::optional<llvm::StringRef> Text = Flag.getAsString())
        Fallback.push_back(Text->str());
    Commands.setFallbackFlags(std::move(Fallback));
  }
}

void Server::reanalyseAll() {
  std::lock_guard<std::mutex> Guard(Lock);
  for (const auto &Entry : Documents)
    Analyses.schedule(Entry.first, /*AtOnce=*/true);
}

void Server::analyse(const std::string &Uri) {
  std::string Path, Text;
  int64_t Version;
  std::shared_ptr<BufferAnalyser> Analyser;
  ConfigRequest Settings;
  {
    std::lock_guard<std::mutex> Guard(Lock);
    auto Doc = Documents.find(Uri);
    if (Doc == Documents.end())
      return;
    Path = Doc->second.Path;
    Text = Doc->second.Text;
    Version = Doc->second.Version;
    Analyser = Doc->second.Analyser;
    Settings = Config;
  }
  log(llvm::formatv("analysing '{0}' version {1}", Path, Version));
  auto Start = std::chrono::steady_clock::now();
  BufferOutcome Outcome = Analyser->analyse(
      Path, Commands.commandFor(Path), Text,
      [&Settings](llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> FS) {
        return makeOptionsProvider(Settings, std::move(FS));
      });
  std::chrono::duration<double, std::milli> Took =
      std::chrono::steady_clock::now() - Start;
  log(llvm::formatv("analysed '{0}' version {1} in {2:f0} ms ({3})", Path,
                    Version, Took.count(),
                    Outcome.PreambleReused ? "preamble reused"
                                           : "preamble built"));
  if (Outcome.Problem)
    log("'" + Path + "': " + *Outcome.Problem);
  auto Error = llvm::find_if(Outcome.Findings, isCompilerError);
  if (Error != Outcome.Findings.end())
    log("'" + Path + "' does not compile (first error: " +
        Error->Message.Message + "); its findings may be incomplete");

  std::lock_guard<std::mutex> Guard(Lock);
  auto Doc = Documents.find(Uri);
  if (Doc == Documents.end() || Doc->second.Version != Version) {
    log(llvm::formatv("dropped the analysis of '{0}' version {1}: edited since",
                      Path, Version));
    return;
  }
  Doc->second.AnalysedVersion = Version;
  Doc->second.AnalysedText = std::move(Text);
  Doc->second.Findings = publishedFindings(std::move(Outcome.Findings), Path);
  publish(Uri, Doc->second);
  answerWaiting(Uri, &Doc->second);
}

void Server::publish(const std::string &Uri, const Document &Doc) {
  FileTexts Texts(Doc.Path, Doc.AnalysedText);
  json::Array Diagnostics;
  for (const ClangTidyError &Finding : Doc.Findings)
    Diagnostics.push_back(diagnosticOf(Finding, Texts));
  Client.notify("textDocument/publishDiagnostics",
                json::Object{{"uri", Uri},
                             {"version", Doc.Version},
                             {"diagnostics", std::move(Diagnostics)}});
}

/// Answers the code actions waiting for \p Uri: from \p Doc's analysis, or
/// none when the document was closed.
void Server::answerWaiting(const std::string &Uri, const Document *Doc) {
  llvm::erase_if(Waiting, [&](const WaitingAction &W) {
    if (W.Uri != Uri)
      return false;
    Client.reply(W.Id, Doc ? actionsFor(*Doc, W.Params) : json::Array());
    return true;
  });
}

} // namespace

int runServer(const ServerOptions &Options, std::FILE *In,
              llvm::raw_ostream &Out) {
  Transport Client(In, Out);
  Server Session(Options, Client);
  std::string Body, Problem;
  while (true) {
    ReadStatus Status = Client.read(Body, Problem);
    if (Status == ReadStatus::End)
      break;
    if (Status == ReadStatus::Malformed) {
      log("skipped " + Problem);
      Client.replyError(nullptr, ParseError, Problem);
      continue;
    }
    if (!Session.handle(Body))
      break;
  }
  return Session.exitCode();
}

} // namespace asynclint::lsp
