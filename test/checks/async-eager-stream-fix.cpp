// The fix against the real rt runtime: the fixed file must compile with the
// generator header, which the fix adds.
// RUN: %check_asynclint --unsafe-fixes %s async-eager-stream %t -- %cxxflags

#include <rt/task.hpp>

#include <fstream>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>
// CHECK-FIXES: #include <rt/generator.hpp>

struct Order {
  std::string id;
  int amount = 0;
};
Order parse_order(std::string line);
bool is_large(const Order &order);
rt::Task<std::string> approve(Order order);
struct Ledger {
  void record(std::string approval);
};

// ------------------------------------------------------------ fixed

// A getline for-loop appending with push_back; a declaration and a condition
// before the await; the result goes to a member call. A generator function
// is declared before the coroutine and takes over the path.
rt::Task<> approve_orders(std::string path, Ledger &ledger) {
  std::ifstream file(path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(file, line);)
    lines.push_back(line);
  for (std::string &line : lines) {
    Order order = parse_order(std::move(line));
    if (is_large(order))
      ledger.record(co_await approve(std::move(order)));
    // CHECK-MESSAGES: :[[@LINE-1]]:21: warning: awaits once per element of 'lines', which holds the whole stream read beforehand: memory grows with the input and the first element waits for the last one to be read; pull the elements through an async generator pipeline instead [async-eager-stream]
    // CHECK-MESSAGES: :[[@LINE-7]]:3: note: the whole stream is read into memory here
  }
}
// CHECK-FIXES: rt::Generator<std::string> read_lines(std::string path) {
// CHECK-FIXES-NEXT:   std::ifstream file(path);
// CHECK-FIXES-NEXT:   for (std::string line; std::getline(file, line);)
// CHECK-FIXES-NEXT:     co_yield line;
// CHECK-FIXES-NEXT: }
// CHECK-FIXES-EMPTY:
// CHECK-FIXES-NEXT: // A getline for-loop appending with push_back; a declaration and a condition
// CHECK-FIXES-NEXT: // before the await; the result goes to a member call. A generator function
// CHECK-FIXES-NEXT: // is declared before the coroutine and takes over the path.
// CHECK-FIXES-NEXT: rt::Task<> approve_orders(std::string path, Ledger &ledger) {
// CHECK-FIXES-NEXT:   auto results = rt::map_ordered(rt::filter(rt::map(read_lines(std::move(path)), parse_order), is_large), approve, 8);
// CHECK-FIXES-NEXT:   while (auto result = co_await results.next())
// CHECK-FIXES-NEXT:     ledger.record(std::move(*result));
// CHECK-FIXES-NEXT: }

rt::Task<int> fetch(std::string url, int retries);

// A while-getline loop appending with emplace_back to a container declared
// after its line variable; the await passes a loop-invariant too, so it
// becomes a lambda. In a member function the generator is a lambda called
// at once (a function before it would not see the class's names).
struct Crawler {
  rt::Task<std::vector<int>> fetch_all(std::string list, int retries) const;
};
rt::Task<std::vector<int>> Crawler::fetch_all(std::string list,
                                              int retries) const {
  std::vector<int> sizes;
  std::ifstream in(list);
  std::string url;
  std::vector<std::string> urls;
  while (std::getline(in, url))
    urls.emplace_back(url);
  for (const auto &u : urls)
    sizes.push_back(co_await fetch(u, retries));
  // CHECK-MESSAGES: :[[@LINE-1]]:21: warning: awaits once per element of 'urls'
  // CHECK-MESSAGES: :[[@LINE-5]]:3: note: the whole stream is read into memory here
  co_return sizes;
}
// CHECK-FIXES: std::vector<int> sizes;
// CHECK-FIXES-NEXT: auto results = rt::map_ordered([](std::string list) -> rt::Generator<std::string> {
// CHECK-FIXES-NEXT:     std::ifstream in(list);
// CHECK-FIXES-NEXT:     std::string url;
// CHECK-FIXES-NEXT:     while (std::getline(in, url))
// CHECK-FIXES-NEXT:       co_yield url;
// CHECK-FIXES-NEXT:   }(std::move(list)), [&](std::string u) { return fetch(u, retries); }, 8);
// CHECK-FIXES-NEXT:   while (auto result = co_await results.next())
// CHECK-FIXES-NEXT:     sizes.push_back(std::move(*result));
// CHECK-FIXES:        co_return sizes;

rt::Task<int> score(int value);

// Numbers read with >>; the condition is a lambda; the result goes to a
// declaration and a statement after it, which stay together.
rt::Task<int> total_scores(std::string path, int threshold) {
  int total = 0;
  std::ifstream numbers(path);
  std::vector<int> values;
  for (int value; numbers >> value;)
    values.push_back(value);
  for (int value : values) {
    if (value > threshold) {
      int points = co_await score(value);
      // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: awaits once per element of 'values'
      // CHECK-MESSAGES: :[[@LINE-6]]:3: note: the whole stream is read into memory here
      total += points;
    }
  }
  co_return total;
}
// CHECK-FIXES: rt::Generator<int> read_values(std::string path) {
// CHECK-FIXES-NEXT:   std::ifstream numbers(path);
// CHECK-FIXES-NEXT:   for (int value; numbers >> value;)
// CHECK-FIXES-NEXT:     co_yield value;
// CHECK-FIXES-NEXT: }
// CHECK-FIXES-EMPTY:
// CHECK-FIXES-NEXT: // Numbers read with >>; the condition is a lambda; the result goes to a
// CHECK-FIXES-NEXT: // declaration and a statement after it, which stay together.
// CHECK-FIXES-NEXT: rt::Task<int> total_scores(std::string path, int threshold) {
// CHECK-FIXES-NEXT:   int total = 0;
// CHECK-FIXES-NEXT:   auto results = rt::map_ordered(rt::filter(read_values(std::move(path)), [&](const int &value) { return value > threshold; }), score, 8);
// CHECK-FIXES-NEXT:   while (auto result = co_await results.next()) {
// CHECK-FIXES-NEXT:     int points = std::move(*result);
// CHECK-FIXES-NEXT:     total += points;
// CHECK-FIXES-NEXT:   }
// CHECK-FIXES-NEXT:   co_return total;

// A name the generator cannot take: one is declared already.
int read_rows();
struct Row {
  explicit Row(std::string text, char separator);
};
rt::Task<int> store(Row row);
rt::Task<> store_rows(std::string path, std::vector<int> &ids) {
  std::ifstream file(path);
  std::vector<Row> rows;
  for (std::string text; std::getline(file, text);)
    rows.emplace_back(std::move(text), ',');
  for (Row &row : rows)
    ids.push_back(co_await store(std::move(row)));
  // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: awaits once per element of 'rows'
  // CHECK-MESSAGES: :[[@LINE-5]]:3: note: the whole stream is read into memory here
}
// CHECK-FIXES: rt::Generator<Row> read_rows2(std::string path) {
// CHECK-FIXES-NEXT:   std::ifstream file(path);
// CHECK-FIXES-NEXT:   for (std::string text; std::getline(file, text);)
// CHECK-FIXES-NEXT:     co_yield Row(std::move(text), ',');
// CHECK-FIXES-NEXT: }
// CHECK-FIXES-EMPTY:
// CHECK-FIXES-NEXT: rt::Task<> store_rows(std::string path, std::vector<int> &ids) {
// CHECK-FIXES-NEXT:   auto results = rt::map_ordered(read_rows2(std::move(path)), store, 8);
// CHECK-FIXES-NEXT:   while (auto result = co_await results.next())
// CHECK-FIXES-NEXT:     ids.push_back(std::move(*result));

// A coroutine lambda: the generator is a lambda too. The declaration is
// `auto`, its stages are functions named as written, and the awaited call is
// a const method of an object the coroutine refers to.
struct Catalog {
  rt::Task<int> price(std::string sku) const;
};
bool known(const std::string &sku);
std::string normalize(std::string sku);
auto price_all = [](std::string path, const Catalog &catalog) -> rt::Task<int> {
  int sum = 0;
  std::ifstream file(path);
  std::vector<std::string> skus;
  for (std::string sku; std::getline(file, sku);)
    skus.push_back(sku);
  for (std::string &sku : skus) {
    auto clean = normalize(sku);
    if (known(clean))
      sum += co_await catalog.price(std::move(clean));
    // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: awaits once per element of 'skus'
    // CHECK-MESSAGES: :[[@LINE-7]]:3: note: the whole stream is read into memory here
  }
  co_return sum;
};
// CHECK-FIXES: int sum = 0;
// CHECK-FIXES-NEXT: auto results = rt::map_ordered(rt::filter(rt::map([](std::string path) -> rt::Generator<std::string> {
// CHECK-FIXES-NEXT:     std::ifstream file(path);
// CHECK-FIXES-NEXT:     for (std::string sku; std::getline(file, sku);)
// CHECK-FIXES-NEXT:       co_yield sku;
// CHECK-FIXES-NEXT:   }(std::move(path)), normalize), known), [&](auto clean) { return catalog.price(std::move(clean)); }, 8);
// CHECK-FIXES-NEXT:   while (auto result = co_await results.next())
// CHECK-FIXES-NEXT:     sum += std::move(*result);

// A function found only through its argument's namespace is not named by
// itself: the lambda calls it as written.
namespace app {
struct Item {
  explicit Item(std::string text);
};
rt::Task<int> handle(Item item);
} // namespace app
rt::Task<> handle_items(std::string path, std::vector<int> &out) {
  std::ifstream file(path);
  std::vector<app::Item> items;
  for (std::string text; std::getline(file, text);)
    items.emplace_back(std::move(text));
  for (app::Item &item : items)
    out.push_back(co_await handle(std::move(item)));
  // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: awaits once per element of 'items'
  // CHECK-MESSAGES: :[[@LINE-5]]:3: note: the whole stream is read into memory here
}
// CHECK-FIXES: co_yield app::Item(std::move(text));
// CHECK-FIXES: auto results = rt::map_ordered(read_items(std::move(path)), [](app::Item item) { return handle(std::move(item)); }, 8);

// ------------------------------------------------------------ not fixed

rt::Task<int> lookup(std::string key);
rt::Task<int> lookup_ref(const std::string &key);
rt::Task<int> send(std::string line);
void log_line(const std::string &line);

// Something happens before the await.
rt::Task<> logs_first(std::string path, std::vector<int> &out) {
  std::ifstream file(path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(file, line);)
    lines.push_back(line);
  for (std::string &line : lines) {
    log_line(line);
    out.push_back(co_await lookup(line));
    // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: awaits once per element of 'lines', {{.*}} (no fix: only one declaration 'T x = f(element);' may come before the await) [async-eager-stream]
    // CHECK-MESSAGES: :[[@LINE-6]]:3: note: the whole stream
  }
}

// The body can stop early.
rt::Task<> stops(std::string path, std::vector<int> &out) {
  std::ifstream file(path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(file, line);)
    lines.push_back(line);
  for (std::string &line : lines) {
    if (line.empty())
      break;
    out.push_back(co_await lookup(line));
    // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: {{.*}} (no fix: the loop body can end an iteration early) [async-eager-stream]
    // CHECK-MESSAGES: :[[@LINE-7]]:3: note: the whole stream
  }
}

// The element is used after the await.
rt::Task<> element_after(std::string path, std::vector<int> &out,
                         std::vector<std::string> &seen) {
  std::ifstream file(path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(file, line);)
    lines.push_back(line);
  for (std::string &line : lines) {
    out.push_back(co_await lookup(line));
    // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: {{.*}} (no fix: 'line' is used after the await) [async-eager-stream]
    // CHECK-MESSAGES: :[[@LINE-5]]:3: note: the whole stream
    seen.push_back(line);
  }
}

// The container is used after the loop.
rt::Task<std::size_t> container_after(std::string path, std::vector<int> &out) {
  std::ifstream file(path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(file, line);)
    lines.push_back(line);
  for (std::string &line : lines)
    out.push_back(co_await lookup(line));
  // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: {{.*}} (no fix: the stream and the container are not declared right before the read loop, or are used elsewhere) [async-eager-stream]
  // CHECK-MESSAGES: :[[@LINE-5]]:3: note: the whole stream
  co_return lines.size();
}

// The stream is used after the loop.
rt::Task<bool> stream_after(std::string path, std::vector<int> &out) {
  std::ifstream file(path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(file, line);)
    lines.push_back(line);
  for (std::string &line : lines)
    out.push_back(co_await lookup(line));
  // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: {{.*}} (no fix: the stream and the container are not declared right before the read loop, or are used elsewhere) [async-eager-stream]
  // CHECK-MESSAGES: :[[@LINE-5]]:3: note: the whole stream
  co_return file.eof();
}

// The body catches the await's exceptions.
rt::Task<> catches(std::string path, std::vector<int> &out) {
  std::ifstream file(path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(file, line);)
    lines.push_back(line);
  for (std::string &line : lines) {
    try {
      out.push_back(co_await lookup(line));
      // CHECK-MESSAGES: :[[@LINE-1]]:21: warning: {{.*}} (no fix: the loop body catches exceptions) [async-eager-stream]
      // CHECK-MESSAGES: :[[@LINE-6]]:3: note: the whole stream
    } catch (...) {
      out.push_back(-1);
    }
  }
}

// The awaited call is written in a macro.
#define LOOKUP(key) lookup(key)
rt::Task<> macro_call(std::string path, std::vector<int> &out) {
  std::ifstream file(path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(file, line);)
    lines.push_back(line);
  for (std::string &line : lines)
    out.push_back(co_await LOOKUP(line));
  // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: {{.*}} (no fix: the code is written in a macro) [async-eager-stream]
  // CHECK-MESSAGES: :[[@LINE-5]]:3: note: the whole stream
}

// The append is written in a macro.
#define KEEP(container, value) container.push_back(value)
rt::Task<> macro_append(std::string path, std::vector<int> &out) {
  std::ifstream file(path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(file, line);)
    KEEP(lines, line);
  for (std::string &line : lines)
    out.push_back(co_await lookup(line));
  // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: {{.*}} (no fix: the code is written in a macro) [async-eager-stream]
  // CHECK-MESSAGES: :[[@LINE-5]]:3: note: the whole stream
}

// A template: every instantiation would share the rewrite.
template <class Key>
rt::Task<> templated(std::string path, std::vector<int> &out) {
  std::ifstream file(path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(file, line);)
    lines.push_back(line);
  for (std::string &line : lines)
    out.push_back(co_await lookup(Key(line)));
  // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: {{.*}} (no fix: the coroutine is a template) [async-eager-stream]
  // CHECK-MESSAGES: :[[@LINE-5]]:3: note: the whole stream
}
template rt::Task<> templated<std::string>(std::string, std::vector<int> &);

// Sending is ordered: running the sends side by side would reorder them.
rt::Task<> sends(std::string path, std::vector<int> &out) {
  std::ifstream file(path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(file, line);)
    lines.push_back(line);
  for (std::string &line : lines)
    out.push_back(co_await send(line));
  // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: {{.*}} (no fix: 'send' must run in order) [async-eager-stream]
  // CHECK-MESSAGES: :[[@LINE-5]]:3: note: the whole stream
}

// The task would refer to the stage's copy of the element after the stage
// returned.
rt::Task<> by_reference(std::string path, std::vector<int> &out) {
  std::ifstream file(path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(file, line);)
    lines.push_back(line);
  for (std::string &line : lines)
    out.push_back(co_await lookup_ref(line));
  // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: {{.*}} (no fix: 'lookup_ref' takes 'line' by reference, which would not outlive its stage) [async-eager-stream]
  // CHECK-MESSAGES: :[[@LINE-5]]:3: note: the whole stream
}

// What the call reads changes after each await.
rt::Task<int> lookup_at(std::string key, int offset);
rt::Task<> moving_offset(std::string path, std::vector<int> &out) {
  int offset = 0;
  std::ifstream file(path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(file, line);)
    lines.push_back(line);
  for (std::string &line : lines) {
    out.push_back(co_await lookup_at(line, offset));
    // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: {{.*}} (no fix: the statements after the await change what the stages before it read) [async-eager-stream]
    // CHECK-MESSAGES: :[[@LINE-5]]:3: note: the whole stream
    ++offset;
  }
}

// A set sorts and deduplicates what it holds: a generator would not.
rt::Task<> unique_lines(std::string path, std::vector<int> &out) {
  std::ifstream file(path);
  std::set<std::string> lines;
  for (std::string line; std::getline(file, line);)
    lines.insert(line);
  for (const std::string &line : lines)
    out.push_back(co_await lookup(line));
  // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: {{.*}} (no fix: the container is not a std::vector, std::deque or std::list, whose elements keep the order they were read in) [async-eager-stream]
  // CHECK-MESSAGES: :[[@LINE-5]]:3: note: the whole stream
}

// The awaited call's object is shared and not const.
struct Client {
  rt::Task<int> get(std::string key);
};
rt::Task<> shared_client(std::string path, Client &client,
                         std::vector<int> &out) {
  std::ifstream file(path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(file, line);)
    lines.push_back(line);
  for (std::string &line : lines)
    out.push_back(co_await client.get(line));
  // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: {{.*}} (no fix: the awaited call may change shared state) [async-eager-stream]
  // CHECK-MESSAGES: :[[@LINE-5]]:3: note: the whole stream
}

// The path is used again after the read: the generator cannot take it.
rt::Task<> path_again(std::string path, std::vector<int> &out) {
  std::ifstream file(path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(file, line);)
    lines.push_back(line);
  for (std::string &line : lines)
    out.push_back(co_await lookup(line));
  // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: {{.*}} (no fix: the read uses 'path', which the generator cannot take over) [async-eager-stream]
  // CHECK-MESSAGES: :[[@LINE-5]]:3: note: the whole stream
  out.push_back(co_await lookup(path));
}

// Statements between the read and the loop.
rt::Task<> between(std::string path, std::vector<int> &out) {
  std::ifstream file(path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(file, line);)
    lines.push_back(line);
  out.reserve(out.size() + 1);
  for (std::string &line : lines)
    out.push_back(co_await lookup(line));
  // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: {{.*}} (no fix: the loop does not come right after the read) [async-eager-stream]
  // CHECK-MESSAGES: :[[@LINE-6]]:3: note: the whole stream
}

// The await's result is dropped: there is nothing to pull.
rt::Task<> notify(std::string line);
rt::Task<> dropped(std::string path) {
  std::ifstream file(path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(file, line);)
    lines.push_back(line);
  for (std::string &line : lines)
    co_await notify(line);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: {{.*}} (no fix: the await produces no value to pass on) [async-eager-stream]
  // CHECK-MESSAGES: :[[@LINE-5]]:3: note: the whole stream
}

// A global the read depends on may change while the results are handled.
bool stop_reading = false;
rt::Task<> reads_global(std::string path, std::vector<int> &out) {
  std::ifstream file(path);
  std::vector<std::string> lines;
  for (std::string line; !stop_reading && std::getline(file, line);)
    lines.push_back(line);
  for (std::string &line : lines)
    out.push_back(co_await lookup(line));
  // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: {{.*}} (no fix: the read uses 'stop_reading', which the generator cannot take over) [async-eager-stream]
  // CHECK-MESSAGES: :[[@LINE-5]]:3: note: the whole stream
}

// Another framework's coroutine: the rt pipeline cannot be awaited there.
struct OtherTask {
  struct promise_type {
    OtherTask get_return_object() { return {}; }
    std::suspend_never initial_suspend() noexcept { return {}; }
    std::suspend_never final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() {}
  };
};
OtherTask other_framework(std::string path, std::vector<int> &out) {
  std::ifstream file(path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(file, line);)
    lines.push_back(line);
  for (std::string &line : lines)
    out.push_back(co_await lookup(line));
  // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: {{.*}} (no fix: the generator pipeline is written with the rt runtime, and the coroutine is not an rt::Task) [async-eager-stream]
  // CHECK-MESSAGES: :[[@LINE-5]]:3: note: the whole stream
}

// A comment in the code the rewrite replaces would be lost.
rt::Task<> commented(std::string path, std::vector<int> &out) {
  std::ifstream file(path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(file, line);)
    lines.push_back(line); /* one per line */
  for (std::string &line : lines)
    out.push_back(co_await lookup(line));
  // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: {{.*}} (no fix: the rewrite would drop comments) [async-eager-stream]
  // CHECK-MESSAGES: :[[@LINE-5]]:3: note: the whole stream
}

// The declaration before the await keeps a view into the element.
rt::Task<int> lookup_view(std::string_view key);
std::string_view first_word(const std::string &line);
rt::Task<> keeps_view(std::string path, std::vector<int> &out) {
  std::ifstream file(path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(file, line);)
    lines.push_back(line);
  for (std::string &line : lines) {
    std::string_view word = first_word(line);
    out.push_back(co_await lookup_view(word));
    // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: {{.*}} (no fix: 'word' may refer into the element, or converts its initializer) [async-eager-stream]
    // CHECK-MESSAGES: :[[@LINE-6]]:3: note: the whole stream
  }
}
