#!/usr/bin/python3
"""Deterministic generator of coroutine-heavy C++20 translation units.

Two kinds of output, both seeded (same arguments -> byte-identical file):

  tu      a "realistic" TU: many small functions drawn from a menu of
          patterns (independent and dependent co_await runs, loops, lambdas,
          generators, channels, timeouts, bounded and unbounded fan-outs,
          std::future/std::async, std::thread, member coroutines, and a few
          defects), on the corpus runtime (flavor "rt", <rt/rt.hpp>), on Asio
          (flavor "asio", the real <asio.hpp>) or both ("mixed").
          Size knob: --funcs.
  series  one coroutine of exactly N top-level statements to expose checks
          that are super-linear in the size of a function; on a minimal
          self-contained task type (default, small fixed cost) or on the rt
          runtime. --mix chooses the statements: "mixed" (awaits,
          declarations, calls, ifs), "independent" (runs of 2-3 independent
          awaits, each run closed by a call using one result) or "fanout"
          (rt only: spawn-per-element loops, each followed by a drain; most
          record failures in a local that is rethrown after the drain, the
          others only log them).

Compile flags (see FLAGS): -std=c++20 -pthread -I corpus/runtime
-DASIO_HAS_CO_AWAIT=1 -DASIO_HAS_STD_COROUTINE=1.

  bench/generate.py tu --flavor asio --funcs 100 --seed 1 -o /tmp/a.cpp
  bench/generate.py series --stmts 4000 -o /tmp/s.cpp
  bench/generate.py series --stmts 10000 --flavor rt --mix fanout -o /tmp/f.cpp
  bench/generate.py check          # generate a sample set, compile each
"""
import argparse
import os
import random
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CLANGXX = "/usr/lib/llvm-22/bin/clang++"
RT_FLAGS = ["-std=c++20", "-pthread", "-I" + os.path.join(ROOT, "corpus", "runtime")]
ASIO_FLAGS = ["-std=c++20", "-pthread", "-DASIO_HAS_CO_AWAIT=1", "-DASIO_HAS_STD_COROUTINE=1"]
FLAGS = RT_FLAGS + ASIO_FLAGS[2:]  # good for every generated TU

STD_INCLUDES = """\
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <exception>
#include <future>
#include <map>
#include <mutex>
#include <numeric>
#include <string>
#include <thread>
#include <tuple>
#include <variant>
#include <vector>

using namespace std::chrono_literals;
"""

# ---------------------------------------------------------------- rt flavor
RT_PRELUDE = """\
namespace rtb {
struct Record {
  int id = 0;
  std::string name;
  std::vector<int> values;
};
inline rt::sim::Service users{"users", 20ms}, orders{"orders", 30ms},
    prices{"prices", 15ms}, stock{"stock", 25ms};
inline int mix(int a, int b) { return a * 31 + b; }
inline void consume(int) {}
inline void consume(const std::string &) {}
inline rt::Task<int> fetch_int(rt::sim::Service &s, int v) {
  co_await s.call();
  co_return v + 1;
}
inline rt::Task<std::string> fetch_name(int id) {
  co_await users.call();
  co_return "user-" + std::to_string(id);
}
inline rt::Task<Record> load_record(int id) {
  co_await orders.call();
  co_return Record{id, "r" + std::to_string(id), {id, id + 1}};
}
inline rt::Task<void> store_record(Record r) {
  co_await stock.call();
  consume(r.id);
}
inline rt::Task<int> price_of(int id) {
  co_await prices.call();
  co_return id * 3;
}
inline rt::Generator<int> ids_upto(int n) {
  for (int i = 0; i < n; ++i)
    co_yield i;
}
} // namespace rtb
"""

RT_FUNCS = {
    # independent awaits one after another (what async-sequential-awaits flags)
    "seq_independent": """\
rt::Task<int> summary_@I@(int id) {
  auto name = co_await fetch_name(id);
  auto count = co_await fetch_int(@S@, id + @C@);
  auto price = co_await price_of(id);
  consume(name);
  co_return count + price;
}
""",
    "dependent_chain": """\
rt::Task<std::string> chain_@I@(int id) {
  Record rec = co_await load_record(id);
  int n = co_await fetch_int(@S@, rec.id + @C@);
  std::string name = co_await fetch_name(n);
  if (name.size() > @C@u)
    co_await store_record(rec);
  co_return name + rec.name;
}
""",
    "loops": """\
rt::Task<int> total_@I@(std::vector<int> ids) {
  int total = 0;
  for (int id : ids) {
    if (id % @C@ == 0)
      continue;
    total += co_await fetch_int(@S@, id);
  }
  int k = 0;
  while (k < @C@) {
    total = mix(total, co_await price_of(k));
    ++k;
  }
  co_return total;
}
""",
    "lambdas": """\
rt::Task<int> lambdas_@I@(std::vector<int> ids) {
  auto scale = [factor = @C@](int v) { return v * factor; };
  auto fetch_scaled = [scale](int v) -> rt::Task<int> {
    co_return scale(co_await fetch_int(@S@, v));
  };
  std::sort(ids.begin(), ids.end(), [](int a, int b) { return a > b; });
  int acc = 0;
  for (int v : ids)
    acc += co_await fetch_scaled(v);
  co_return std::accumulate(ids.begin(), ids.end(), acc);
}
""",
    "bounded_fanout": """\
rt::Task<std::vector<int>> fanout_@I@(std::vector<int> ids) {
  std::vector<rt::Task<int>> tasks;
  for (int id : ids)
    tasks.push_back(fetch_int(@S@, id));
  co_return co_await rt::when_all_bounded(std::move(tasks), @C@);
}
""",
    "when_all": """\
rt::Task<int> both_@I@(int id) {
  auto [a, b] = co_await rt::when_all(fetch_int(@S@, id), price_of(id + @C@));
  auto settled = co_await rt::when_all_settled(fetch_name(a), price_of(b));
  if (!std::get<0>(settled).ok())
    co_return -1;
  co_return a + b + std::get<1>(settled).value();
}
""",
    "timeout": """\
rt::Task<int> guarded_@I@(int id) {
  try {
    co_return co_await rt::with_timeout(fetch_int(@S@, id), @C@ms);
  } catch (const rt::TimeoutError &) {
    co_return -1;
  }
}
""",
    "channel": """\
rt::Task<int> pipeline_@I@(int n) {
  rt::Channel<int> ch{@C@};
  auto producer = [&ch, n]() -> rt::Task<void> {
    for (int k = 0; k < n; ++k)
      co_await ch.send(k);
    ch.close();
  };
  auto consumer = [&ch]() -> rt::Task<int> {
    int s = 0;
    while (auto v = co_await ch.receive())
      s += *v;
    co_return s;
  };
  auto [done, sum] = co_await rt::when_all(producer(), consumer());
  (void)done;
  co_return sum;
}
""",
    "semaphore": """\
rt::Task<int> limited_@I@(std::vector<int> ids) {
  rt::Semaphore sem{@C@};
  int total = 0;
  for (int id : ids) {
    auto permit = co_await sem.scoped();
    total += co_await fetch_int(@S@, id);
  }
  co_return total;
}
""",
    "generator": """\
rt::Task<int> stream_@I@(int n) {
  auto gen = rt::map(ids_upto(n), [](int v) { return v * @C@; });
  int sum = 0;
  while (auto v = co_await gen.next())
    sum += *v;
  co_return sum;
}
""",
    "spawn_handled": """\
rt::Task<void> background_@I@(int id) {
  rt::spawn(store_record(Record{id, "bg", {}}), [](std::exception_ptr e) {
    if (e)
      rt::log_failure(e);
  });
  co_await rt::sleep_for(@C@ms);
}
""",
    "offload": """\
rt::Task<int> crunch_@I@(rt::ThreadPool &pool, std::vector<int> v) {
  int r = co_await rt::offload(pool, [v] {
    return std::accumulate(v.begin(), v.end(), 0);
  });
  co_return r + @C@;
}
""",
    "members": """\
class Repo@I@ {
public:
  explicit Repo@I@(rt::sim::Service &s) : svc_(s) {}
  rt::Task<Record> get(int id) const {
    co_await svc_.call();
    co_return Record{id, "repo", {}};
  }
  rt::Task<void> put(Record r) {
    cache_[r.id] = r;
    co_await svc_.call();
  }

private:
  rt::sim::Service &svc_;
  std::map<int, Record> cache_;
};
rt::Task<int> repo_use_@I@(Repo@I@ &repo, int id) {
  Record a = co_await repo.get(id);
  Record b = co_await repo.get(id + @C@);
  co_await repo.put(a);
  co_return a.id + b.id;
}
""",
    # defects, drawn rarely
    "defect_floating": """\
rt::Task<int> audit_@I@(Record rec) {
  store_record(rec);
  co_return rec.id + @C@;
}
""",
    "defect_unbounded": """\
rt::Task<std::vector<int>> fanout_all_@I@(std::vector<int> ids) {
  std::vector<rt::Task<int>> tasks;
  for (int id : ids)
    tasks.push_back(fetch_int(@S@, id + @C@));
  co_return co_await rt::when_all(std::move(tasks));
}
""",
}
RT_SERVICES = ["users", "orders", "prices", "stock"]

# -------------------------------------------------------------- asio flavor
ASIO_PRELUDE = """\
namespace asb {
using asio::awaitable;
using asio::use_awaitable;
using namespace asio::experimental::awaitable_operators;
struct Record {
  int id = 0;
  std::string name;
  std::vector<int> values;
};
inline int mix(int a, int b) { return a * 31 + b; }
inline void consume(int) {}
inline void consume(const std::string &) {}
inline awaitable<void> delay(std::chrono::milliseconds d) {
  asio::steady_timer t(co_await asio::this_coro::executor, d);
  co_await t.async_wait(use_awaitable);
}
inline awaitable<int> fetch_int(int v) {
  co_await delay(5ms);
  co_return v + 1;
}
inline awaitable<std::string> fetch_name(int id) {
  co_await delay(7ms);
  co_return "user-" + std::to_string(id);
}
inline awaitable<Record> load_record(int id) {
  co_await delay(9ms);
  co_return Record{id, "r" + std::to_string(id), {id, id + 1}};
}
inline awaitable<void> store_record(Record r) {
  co_await delay(4ms);
  consume(r.id);
}
inline awaitable<int> price_of(int id) {
  co_await delay(3ms);
  co_return id * 3;
}
} // namespace asb
"""

ASIO_FUNCS = {
    "seq_independent": """\
awaitable<int> summary_@I@(int id) {
  auto name = co_await fetch_name(id);
  auto count = co_await fetch_int(id + @C@);
  auto price = co_await price_of(id);
  consume(name);
  co_return count + price;
}
""",
    "dependent_chain": """\
awaitable<std::string> chain_@I@(int id) {
  Record rec = co_await load_record(id);
  int n = co_await fetch_int(rec.id + @C@);
  std::string name = co_await fetch_name(n);
  if (name.size() > @C@u)
    co_await store_record(rec);
  co_return name + rec.name;
}
""",
    "loops": """\
awaitable<int> total_@I@(std::vector<int> ids) {
  auto ex = co_await asio::this_coro::executor;
  asio::steady_timer pace(ex);
  int total = 0;
  for (int id : ids) {
    if (id % @C@ == 0)
      continue;
    pace.expires_after(1ms);
    co_await pace.async_wait(use_awaitable);
    total += co_await fetch_int(id);
  }
  co_return total;
}
""",
    "operators": """\
awaitable<int> both_@I@(int id) {
  auto [a, b] = co_await (fetch_int(id) && price_of(id + @C@));
  auto first = co_await (fetch_int(a) || delay(@C@ms));
  if (first.index() == 0)
    co_return a + b + std::get<0>(first);
  co_return -1;
}
""",
    "batched": """\
awaitable<int> batched_@I@(std::vector<int> ids) {
  int total = 0;
  for (std::size_t k = 0; k + 1 < ids.size(); k += 2) {
    auto [a, b] = co_await (fetch_int(ids[k]) && fetch_int(ids[k + 1]));
    total += mix(a, b);
  }
  co_return total + @C@;
}
""",
    "spawn_handled": """\
void launch_@I@(asio::io_context &ctx, int id) {
  asio::co_spawn(ctx, fetch_int(id + @C@), [](std::exception_ptr e, int v) {
    if (!e)
      consume(v);
  });
}
""",
    "lambda_coro": """\
void serve_@I@(asio::io_context &ctx, std::vector<int> ids) {
  asio::co_spawn(
      ctx,
      [ids]() -> awaitable<void> {
        for (int id : ids) {
          int v = co_await fetch_int(id * @C@);
          consume(v);
        }
      },
      [](std::exception_ptr e) {
        if (e)
          std::rethrow_exception(e);
      });
}
""",
    "strand_post": """\
void post_@I@(asio::io_context &ctx, std::vector<int> &out) {
  auto strand = asio::make_strand(ctx);
  for (int k = 0; k < @C@; ++k)
    asio::post(strand, [&out, k] { out.push_back(k); });
}
""",
    "thread_pool": """\
int pool_@I@(std::vector<int> ids) {
  asio::thread_pool pool(2);
  std::promise<int> result;
  std::future<int> f = result.get_future();
  asio::post(pool, [&result, ids] {
    result.set_value(std::accumulate(ids.begin(), ids.end(), @C@));
  });
  int r = f.get();
  pool.join();
  return r;
}
""",
    "members": """\
class Client@I@ {
public:
  awaitable<Record> get(int id) const {
    co_await delay(1ms);
    co_return Record{id, "client", {}};
  }
  awaitable<void> put(Record r) {
    cache_[r.id] = r;
    co_await delay(1ms);
  }

private:
  std::map<int, Record> cache_;
};
awaitable<int> client_use_@I@(Client@I@ &c, int id) {
  Record a = co_await c.get(id);
  Record b = co_await c.get(id + @C@);
  co_await c.put(a);
  co_return a.id + b.id;
}
""",
    "defect_floating": """\
void on_saved_@I@(asio::any_io_executor ex, Record rec) {
  asio::co_spawn(ex, store_record(rec), asio::detached);
  consume(rec.id + @C@);
}
""",
    "defect_unbounded": """\
void spawn_all_@I@(asio::io_context &ctx, std::vector<int> ids) {
  for (int id : ids)
    asio::co_spawn(ctx, fetch_int(id + @C@), [](std::exception_ptr, int) {});
}
""",
}

# ------------------------------------------- plain std (both namespaces)
STD_FUNCS = {
    "futures": """\
int futures_@I@(const std::vector<int> &ids) {
  std::vector<std::future<int>> parts;
  for (int k = 0; k < @C@; ++k)
    parts.push_back(std::async(std::launch::async, [&ids, k] {
      int s = 0;
      for (int v : ids)
        s += mix(v, k);
      return s;
    }));
  int sum = 0;
  for (auto &f : parts)
    sum += f.get();
  std::promise<int> p;
  std::future<int> done = p.get_future();
  p.set_value(sum);
  return done.get();
}
""",
    "threads": """\
int threads_@I@(std::vector<int> ids) {
  std::mutex m;
  int total = 0;
  std::vector<std::thread> workers;
  for (int w = 0; w < @C@; ++w)
    workers.emplace_back([&, w] {
      for (std::size_t j = w; j < ids.size(); j += @C@) {
        std::lock_guard lock(m);
        total += ids[j];
      }
    });
  for (auto &t : workers)
    t.join();
  return total;
}
""",
    "defect_async_discarded": """\
void notify_@I@(int id) {
  std::async(std::launch::async, [id] { consume(id + @C@); });
}
""",
}


def _menu(funcs):
    """(name, template, weight): defects are rare, like in real code."""
    return [(k, v, 1 if k.startswith("defect") else 8) for k, v in funcs.items()]


MENUS = {
    "rt": _menu({**RT_FUNCS, **STD_FUNCS}),
    "asio": _menu({**ASIO_FUNCS, **STD_FUNCS}),
}


def _header(flavor, title):
    inc = []
    if flavor in ("rt", "mixed"):
        inc.append("#include <rt/rt.hpp>")
    if flavor in ("asio", "mixed"):
        inc += ["#include <asio.hpp>",
                "#include <asio/experimental/awaitable_operators.hpp>"]
    return f"// Generated by bench/generate.py: {title}. Do not edit.\n" + \
        "\n".join(inc) + "\n" + STD_INCLUDES + "\n"


def generate_tu(flavor="rt", funcs=50, seed=1):
    """A TU of `funcs` functions (plus the prelude) of the given flavor."""
    rng = random.Random(f"{flavor}/{funcs}/{seed}")
    out = [_header(flavor, f"tu flavor={flavor} funcs={funcs} seed={seed}")]
    if flavor in ("rt", "mixed"):
        out.append(RT_PRELUDE)
    if flavor in ("asio", "mixed"):
        out.append(ASIO_PRELUDE)
    namespaces = {"rt": ["rt"], "asio": ["asio"], "mixed": ["rt", "asio"]}[flavor]
    for i in range(funcs):
        ns = rng.choice(namespaces)
        names, templates, weights = zip(*MENUS[ns])
        t = rng.choices(templates, weights)[0]
        body = (t.replace("@I@", str(i))
                 .replace("@S@", rng.choice(RT_SERVICES))
                 .replace("@C@", str(rng.randint(2, 9))))
        nsname = {"rt": "rtb", "asio": "asb"}[ns]
        out.append(f"namespace {nsname} {{\n{body}}} // namespace {nsname}\n")
    return "\n".join(out)


# A self-contained lazy task for the size series: with <coroutine> only, the
# fixed cost of a TU is ~0.1 s instead of ~1.3 s for <rt/rt.hpp>, so the
# per-statement cost stands out of the machine's noise.
MIN_PRELUDE = """\
// Generated by bench/generate.py: @TITLE@. Do not edit.
#include <coroutine>
#include <exception>
#include <utility>

namespace rtb {
template <class T> class Task {
public:
  struct promise_type {
    T value{};
    std::coroutine_handle<> next;
    Task get_return_object() {
      return Task{std::coroutine_handle<promise_type>::from_promise(*this)};
    }
    std::suspend_always initial_suspend() noexcept { return {}; }
    struct Final {
      bool await_ready() noexcept { return false; }
      std::coroutine_handle<>
      await_suspend(std::coroutine_handle<promise_type> h) noexcept {
        auto n = h.promise().next;
        return n ? n : std::noop_coroutine();
      }
      void await_resume() noexcept {}
    };
    Final final_suspend() noexcept { return {}; }
    void return_value(T v) { value = std::move(v); }
    void unhandled_exception() { std::terminate(); }
  };
  explicit Task(std::coroutine_handle<promise_type> h) : h_(h) {}
  Task(Task &&o) noexcept : h_(std::exchange(o.h_, {})) {}
  Task(const Task &) = delete;
  ~Task() {
    if (h_)
      h_.destroy();
  }
  bool await_ready() const noexcept { return false; }
  std::coroutine_handle<> await_suspend(std::coroutine_handle<> awaiter) {
    h_.promise().next = awaiter;
    return h_;
  }
  T await_resume() { return std::move(h_.promise().value); }

private:
  std::coroutine_handle<promise_type> h_;
};
struct Service {
  const char *name;
};
inline Service users{"users"}, orders{"orders"}, prices{"prices"}, stock{"stock"};
inline int mix(int a, int b) { return a * 31 + b; }
inline void consume(int) {}
inline Task<int> fetch_int(Service &, int v) { co_return v + 1; }
inline Task<int> price_of(int id) { co_return id * 3; }
} // namespace rtb
"""


SERIES_MIXES = {
    "mixed": (["decl", "await", "indep", "call", "if", "acc"],
              [30, 15, 10, 15, 15, 15]),
    "independent": (["indep"], [1]),
    "fanout": (["fanout_rethrown", "fanout_logged"], [3, 1]),
}

# What a fan-out series spawns, and the two shapes of one spawn loop (the
# statements of each line are top-level statements of the coroutine).
FANOUT_PRELUDE = """\
namespace rtb {
inline rt::Task<void> touch(int v) {
  co_await prices.call();
  consume(v);
}
} // namespace rtb
"""
FANOUT_RETHROWN = [
    "  std::exception_ptr e@K@;\n",
    "  for (int x : items)\n"
    "    rt::spawn(touch(x + @C@), [&](std::exception_ptr e) {\n"
    "      if (e && !e@K@)\n        e@K@ = e;\n    });\n",
    "  co_await rt::drain();\n",
    "  if (e@K@)\n    std::rethrow_exception(e@K@);\n",
]
FANOUT_LOGGED = [
    "  for (int x : items)\n    rt::spawn(touch(x + @C@), rt::log_failure);\n",
    "  co_await rt::drain();\n",
]


def generate_series(stmts=1000, seed=1, flavor="min", mix="mixed"):
    """One coroutine of exactly `stmts` top-level statements, on the minimal
    task above (flavor "min") or on the corpus runtime ("rt"), drawn from
    the statement mix `mix` (SERIES_MIXES)."""
    if mix == "fanout" and flavor != "rt":
        raise ValueError("the fanout mix needs the rt flavor (rt::spawn)")
    rng = random.Random(f"series/{seed}")  # same prefix for every size
    title = f"size series stmts={stmts} seed={seed} flavor={flavor} mix={mix}"
    head = ([_header("rt", title), RT_PRELUDE] if flavor == "rt"
            else [MIN_PRELUDE.replace("@TITLE@", title)])
    if mix == "fanout":
        head.append(FANOUT_PRELUDE)
    task = "rt::Task" if flavor == "rt" else "Task"
    params = "int seed, std::vector<int> items" if mix == "fanout" else "int seed"
    out = [*head, f"namespace rtb {{\n{task}<int> big({params}) {{\n",
           "  int total = 0;\n  int v0 = seed;\n"]
    nvars, n = 1, 2
    kinds, weights = SERIES_MIXES[mix]

    def var():
        return f"v{rng.randrange(max(0, nvars - 8), nvars)}"

    while n < stmts - 1:
        c = rng.randint(2, 9)
        kind = rng.choices(kinds, weights)[0]
        if kind.startswith("fanout"):
            unit = FANOUT_RETHROWN if kind == "fanout_rethrown" else FANOUT_LOGGED
            unit = unit[:stmts - 1 - n]
            out += [u.replace("@K@", str(n)).replace("@C@", str(c)) for u in unit]
            n += len(unit) - 1
        elif kind == "decl":
            out.append(f"  int v{nvars} = mix({var()}, {c});\n")
            nvars += 1
        elif kind == "await":  # depends on a recent variable
            out.append(f"  int v{nvars} = co_await fetch_int({rng.choice(RT_SERVICES)}, {var()});\n")
            nvars += 1
        elif kind == "indep":  # a run of 2-3 independent awaits
            base = var()
            for _ in range(min(rng.randint(2, 3), stmts - 1 - n)):
                out.append(f"  int v{nvars} = co_await price_of({base} + {c});\n")
                nvars += 1
                n += 1
            if mix == "independent" and n < stmts - 1:
                out.append(f"  consume(v{nvars - 1});\n")  # ends the run
                n += 1
            n -= 1
        elif kind == "call":
            out.append(f"  consume({var()});\n")
        elif kind == "if":
            out.append(f"  if ({var()} % {c} == 0) {{\n"
                       f"    total += co_await fetch_int({rng.choice(RT_SERVICES)}, {var()});\n"
                       f"  }} else {{\n    total -= {var()};\n  }}\n")
        else:
            out.append(f"  total += {var()};\n")
        n += 1
    out.append("  co_return total;\n}\n} // namespace rtb\n")
    return "".join(out)


def compile_check(path):
    r = subprocess.run([CLANGXX, "-fsyntax-only", *FLAGS, path],
                       capture_output=True, text=True)
    return r.returncode == 0, r.stderr


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    t = sub.add_parser("tu")
    t.add_argument("--flavor", choices=["rt", "asio", "mixed"], default="rt")
    t.add_argument("--funcs", type=int, default=50)
    t.add_argument("--seed", type=int, default=1)
    t.add_argument("-o", "--output", default="-")
    s = sub.add_parser("series")
    s.add_argument("--stmts", type=int, default=1000)
    s.add_argument("--seed", type=int, default=1)
    s.add_argument("--flavor", choices=["min", "rt"], default="min")
    s.add_argument("--mix", choices=list(SERIES_MIXES), default="mixed")
    s.add_argument("-o", "--output", default="-")
    c = sub.add_parser("check", help="generate a sample set and compile each file")
    c.add_argument("--funcs", type=int, default=60)
    c.add_argument("--seeds", type=int, default=3)
    a = ap.parse_args()

    if a.cmd == "check":
        ok = True
        with tempfile.TemporaryDirectory() as d:
            jobs = [(f"tu-{fl}-{sd}", generate_tu(fl, a.funcs, sd))
                    for fl in ("rt", "asio", "mixed") for sd in range(1, a.seeds + 1)]
            jobs += [(f"series-1000-{fl}-{mix}", generate_series(1000, 1, fl, mix))
                     for fl in ("min", "rt") for mix in SERIES_MIXES
                     if mix != "fanout" or fl == "rt"]
            for name, text in jobs:
                p = os.path.join(d, name + ".cpp")
                with open(p, "w") as f:
                    f.write(text)
                good, err = compile_check(p)
                print(f"{'ok  ' if good else 'FAIL'} {name}")
                if not good:
                    ok = False
                    print(err[:4000])
        return 0 if ok else 1

    text = (generate_tu(a.flavor, a.funcs, a.seed) if a.cmd == "tu"
            else generate_series(a.stmts, a.seed, a.flavor, a.mix))
    if a.output == "-":
        sys.stdout.write(text)
    else:
        with open(a.output, "w") as f:
            f.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
