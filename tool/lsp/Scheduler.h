//===--- Scheduler.h - debounced analyses on a worker thread ----*- C++ -*-===//
//
// Edits come faster than analyses: each document's analysis is due a
// moment after its last edit (a newer edit postpones it), and one worker
// thread runs the due ones, oldest first.
//
//===----------------------------------------------------------------------===//

#ifndef ASYNCLINT_TOOL_LSP_SCHEDULER_H
#define ASYNCLINT_TOOL_LSP_SCHEDULER_H

#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>

namespace asynclint::lsp {

class Scheduler {
public:
  using Clock = std::chrono::steady_clock;

  Scheduler(std::chrono::milliseconds Debounce,
            std::function<void(const std::string &)> Analyse);
  /// Finishes the analysis under way, if one is, and stops.
  ~Scheduler();

  /// Analyses \p Key after the debounce delay, or at once.
  void schedule(const std::string &Key, bool AtOnce);

private:
  void work();

  std::chrono::milliseconds Debounce;
  std::function<void(const std::string &)> Analyse;
  std::mutex Lock;
  std::condition_variable Changed;
  std::map<std::string, Clock::time_point> Due;
  bool Stopping = false;
  std::thread Worker;
};

} // namespace asynclint::lsp

#endif
