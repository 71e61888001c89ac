//===--- Scheduler.cpp - debounced analyses on a worker thread ------------===//

#include "lsp/Scheduler.h"
#include <algorithm>

namespace asynclint::lsp {

Scheduler::Scheduler(std::chrono::milliseconds Debounce,
                     std::function<void(const std::string &)> Analyse)
    : Debounce(Debounce), Analyse(std::move(Analyse)),
      Worker([this] { work(); }) {}

Scheduler::~Scheduler() {
  {
    std::lock_guard<std::mutex> Guard(Lock);
    Stopping = true;
  }
  Changed.notify_all();
  Worker.join();
}

void Scheduler::schedule(const std::string &Key, bool AtOnce) {
  {
    std::lock_guard<std::mutex> Guard(Lock);
    Due[Key] =
        Clock::now() + (AtOnce ? std::chrono::milliseconds(0) : Debounce);
  }
  Changed.notify_all();
}

void Scheduler::work() {
  std::unique_lock<std::mutex> Guard(Lock);
  while (!Stopping) {
    if (Due.empty()) {
      Changed.wait(Guard);
      continue;
    }
    auto Next = std::min_element(
        Due.begin(), Due.end(),
        [](const auto &A, const auto &B) { return A.second < B.second; });
    if (Next->second > Clock::now()) {
      Changed.wait_until(Guard, Next->second);
      continue;
    }
    std::string Key = Next->first;
    Due.erase(Next);
    Guard.unlock();
    Analyse(Key);
    Guard.lock();
  }
}

} // namespace asynclint::lsp
