// Eager coroutines kept per element: an eager task (a Cobalt-like
// `promise`, an in-house `Job` whose initial_suspend does not suspend) runs
// from the moment its call returns, so a loop that creates one per element
// and keeps them starts them all at once, whatever joins them later. The
// finding is on the creation in the loop, not on the join.
// RUN: %check_asynclint %s async-unbounded-fanout %t -- -std=c++20

#include <array>
#include <coroutine>
#include <string>
#include <vector>

namespace app {
// Runs at once, to its first suspension.
template <class T = void> struct Job {
  struct promise_type {
    Job get_return_object() { return {}; }
    std::suspend_never initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    void unhandled_exception() {}
    void return_void() {}
  };
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) const noexcept {}
  void await_resume() const noexcept {}
};
// Starts when awaited.
template <class T = void> struct Lazy {
  struct promise_type {
    Lazy get_return_object() { return {}; }
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    void unhandled_exception() {}
    void return_void() {}
  };
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) const noexcept {}
  void await_resume() const noexcept {}
};
template <class T> Job<> join_all(std::vector<T> &jobs);

struct Player {
  std::string id;
};
struct Server {
  Job<> restart();
};

Job<> tell(Player p, std::string text) { co_return; }
Lazy<> tell_later(Player p, std::string text) { co_return; }

// ---------------------------------------------------------------- positives

Job<> start_match(std::vector<Player> players) {
  std::vector<Job<>> sends;
  for (const Player &p : players)
    sends.push_back(tell(p, "CONNECT"));
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'tell' is started for every element of a runtime-sized range with nothing bounding how many run at once
  co_await join_all(sends);
}

Job<> announce(std::vector<Player> players) {
  std::vector<Job<>> sends;
  for (std::size_t i = 0; i < players.size(); ++i)
    sends.emplace_back(tell(players[i], "ROUND"));
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'tell' is started for every element
  for (Job<> &s : sends)
    co_await s;
}

// ----------------------------------------------------------- near misses

// Lazy tasks start when joined: the finding (if any) belongs to the join.
Job<> start_match_lazily(std::vector<Player> players) {
  std::vector<Lazy<>> sends;
  for (const Player &p : players)
    sends.push_back(tell_later(p, "CONNECT"));
  for (Lazy<> &s : sends)
    co_await s;
}

// A fixed handful of players.
Job<> start_duel(std::array<Player, 2> duel) {
  std::vector<Job<>> sends;
  for (const Player &p : duel)
    sends.push_back(tell(p, "DUEL"));
  co_await join_all(sends);
}

// Each one awaited before the next is created.
Job<> greet_one_by_one(std::vector<Player> players) {
  for (const Player &p : players) {
    Job<> sent = tell(p, "HELLO");
    co_await sent;
  }
}

// A method of each element: as wide as the set of servers, not an input.
Job<> restart_all(std::vector<Server> &servers) {
  std::vector<Job<>> restarts;
  for (Server &s : servers)
    restarts.push_back(s.restart());
  co_await join_all(restarts);
}

// Drained every eight.
Job<> notify_in_waves(std::vector<Player> players) {
  std::vector<Job<>> wave;
  for (const Player &p : players) {
    wave.push_back(tell(p, "WAVE"));
    if (wave.size() == 8) {
      co_await join_all(wave);
      wave.clear();
    }
  }
}
// A spawn that hands back a future of the task: the loop keeps it and
// waits on it before the next element.
struct Started {
  void wait();
  bool get();
  template <class F> Started then(F f);
};
Started start_on(Lazy<> job);
void run_cases(std::vector<Player> players) {
  for (const Player &p : players) {
    Started done = start_on(tell_later(p, "CASE"));
    done.wait();
  }
}
} // namespace app
