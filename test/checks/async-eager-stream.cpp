// RUN: %check_asynclint %s async-eager-stream %t -- %mockflags

#include "async-mocks.h"
#include <algorithm>
#include <cstddef>
#include <fstream>
#include <iterator>
#include <optional>
#include <ranges>
#include <sstream>
#include <string>
#include <vector>

rt::Task<> send(std::string line);
rt::Task<> send_byte(char byte);
rt::Task<> upload(std::vector<std::string> lines);

// A minimal pull-based generator: `co_await next()` gives the next value.
template <class T> struct Generator {
  struct promise_type {
    Generator get_return_object() { return {}; }
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    std::suspend_always yield_value(T) { return {}; }
    void return_void() {}
    void unhandled_exception() {}
  };
  rt::Task<std::optional<T>> next();
};

// ---------------------------------------------------------------- positives

rt::Task<> send_log(std::string path) {
  std::ifstream file(path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(file, line);)
    lines.push_back(line);
  for (const std::string &line : lines)
    co_await send(line);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: awaits once per element of 'lines', which holds the whole stream read beforehand: memory grows with the input and the first element waits for the last one to be read; pull the elements through an async generator pipeline instead (no fix: the await produces no value to pass on) [async-eager-stream]
  // CHECK-MESSAGES: :[[@LINE-5]]:3: note: the whole stream is read into memory here
}

rt::Task<> send_slurped(std::string path) {
  std::ifstream file(path);
  std::string text{std::istreambuf_iterator<char>(file),
                   std::istreambuf_iterator<char>()};
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty())
      continue;
    co_await send(line);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: awaits once per element of 'in'
    // CHECK-MESSAGES: :[[@LINE-9]]:3: note: the whole stream is read into memory here
  }
}

rt::Task<> send_buffered(std::ifstream &file) {
  std::stringstream buffer;
  buffer << file.rdbuf();
  for (std::string line; std::getline(buffer, line);)
    co_await send(line);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: awaits once per element of 'buffer'
  // CHECK-MESSAGES: :[[@LINE-4]]:3: note: the whole stream is read into memory here
}

// Copied whole into a container by an algorithm over a stream view.
rt::Task<> send_copied(std::ifstream &file) {
  std::vector<std::string> words;
  std::ranges::copy(std::views::istream<std::string>(file),
                    std::back_inserter(words));
  for (const std::string &w : words)
    co_await send(w);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: awaits once per element of 'words'
  // CHECK-MESSAGES: :[[@LINE-5]]:3: note: the whole stream is read into memory here
}

// The stream view walked directly reads one element at a time; a copy of
// an in-memory string stream holds nothing new.
rt::Task<> send_streamed(std::ifstream &file, std::istringstream &text) {
  for (const std::string &w : std::views::istream<std::string>(file))
    co_await send(w);
  std::vector<std::string> words;
  std::ranges::copy(std::views::istream<std::string>(text),
                    std::back_inserter(words));
  for (const std::string &w : words)
    co_await send(w);
}

rt::Task<> send_bytes(std::string path) {
  std::ifstream file(path, std::ios::binary | std::ios::ate);
  const auto size = file.tellg();
  file.seekg(0);
  std::string bytes(static_cast<std::size_t>(size), '\0');
  file.read(bytes.data(), size);
  for (std::size_t i = 0; i < bytes.size(); ++i)
    co_await send_byte(bytes[i]);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: awaits once per element of 'bytes'
  // CHECK-MESSAGES: :[[@LINE-4]]:3: note: the whole stream is read into memory here
}

// A coroutine lambda reading words with `>>`.
auto send_words = [](std::string path) -> rt::Task<> {
  std::ifstream file(path);
  std::vector<std::string> words;
  std::string word;
  while (file >> word)
    words.push_back(word);
  for (auto it = words.begin(); it != words.end(); ++it)
    co_await send(*it);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: awaits once per element of 'words'
  // CHECK-MESSAGES: :[[@LINE-5]]:3: note: the whole stream is read into memory here
};

// In a template, with a dependent await.
template <class Sink> rt::Task<> forward_lines(std::string path, Sink sink) {
  std::ifstream file(path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(file, line);)
    lines.emplace_back(line);
  for (const std::string &line : lines)
    co_await sink.send(line);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: awaits once per element of 'lines'
  // CHECK-MESSAGES: :[[@LINE-5]]:3: note: the whole stream is read into memory here
}

// A loader of the program reads the whole file and returns it.
std::vector<std::string> load_lines(const std::string &path) {
  std::ifstream file(path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(file, line);)
    lines.push_back(line);
  return lines;
}

// A loader that slurps the file into a string, split by another function.
std::string read_whole(const std::string &path) {
  std::ifstream file(path);
  std::ostringstream all;
  all << file.rdbuf();
  return all.str();
}
std::vector<std::string> split_text(const std::string &text);

rt::Task<> send_split_file(std::string path) {
  std::vector<std::string> lines = split_text(read_whole(path));
  for (const std::string &line : lines)
    co_await send(line);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: awaits once per element of 'lines', which holds the whole stream read beforehand
  // CHECK-MESSAGES: :[[@LINE-4]]:3: note: the whole stream is read into memory here
}

rt::Task<> send_loaded(std::string path) {
  auto lines = load_lines(path);
  for (const std::string &line : lines)
    co_await send(line);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: awaits once per element of 'lines', which holds the whole stream read beforehand
  // CHECK-MESSAGES: :[[@LINE-4]]:3: note: the whole stream is read into memory here
}

// ---------------------------------------------------------------- negatives

// Loaders that do not return a whole stream: a bounded read, a string
// stream already in memory, a count instead of the lines.
std::vector<std::string> load_header(const std::string &path) {
  std::ifstream file(path);
  std::vector<std::string> lines;
  std::string line;
  for (int i = 0; i < 3 && std::getline(file, line); ++i)
    lines.push_back(line);
  return lines;
}
std::vector<std::string> split_text(const std::string &text) {
  std::istringstream in(text);
  std::vector<std::string> words;
  for (std::string word; in >> word;)
    words.push_back(word);
  return words;
}
std::vector<std::size_t> line_lengths(const std::string &path) {
  std::ifstream file(path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(file, line);)
    lines.push_back(line);
  return {lines.size()};
}

rt::Task<> send_not_loaded(std::string path, std::string text) {
  auto head = load_header(path);
  for (const std::string &line : head)
    co_await send(line);
  auto words = split_text(text);
  for (const std::string &word : words)
    co_await send(word);
  auto lengths = line_lengths(path);
  for (std::size_t n : lengths)
    co_await send(std::to_string(n));
}

// Not a coroutine: nothing waits between the elements.
std::size_t count_lines(std::string path) {
  std::ifstream file(path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(file, line);)
    lines.push_back(line);
  std::size_t count = 0;
  for (const std::string &line : lines)
    count += !line.empty();
  return count;
}

// Reads everything but awaits once, not per element.
rt::Task<> upload_all(std::string path) {
  std::ifstream file(path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(file, line);)
    lines.push_back(line);
  co_await upload(lines);
}

// Streams: one line in memory at a time.
rt::Task<> stream_lines(std::string path) {
  std::ifstream file(path);
  for (std::string line; std::getline(file, line);)
    co_await send(line);
}

// A visible bound on the read.
rt::Task<> send_header(std::string path) {
  std::ifstream file(path);
  std::vector<std::string> header;
  std::string line;
  for (int i = 0; i < 10 && std::getline(file, line); ++i)
    header.push_back(line);
  for (const std::string &field : header)
    co_await send(field);
}

#define MAX_HEADER_LINES 16
rt::Task<> send_header_macro(std::string path) {
  std::ifstream file(path);
  std::vector<std::string> header;
  for (std::string line;
       header.size() < MAX_HEADER_LINES && std::getline(file, line);)
    header.push_back(line);
  for (const std::string &field : header)
    co_await send(field);
}

// Reading stops at the first blank line.
rt::Task<> send_until_blank(std::string path) {
  std::ifstream file(path);
  std::vector<std::string> block;
  for (std::string line; std::getline(file, line);) {
    if (line.empty())
      break;
    block.push_back(line);
  }
  for (const std::string &line : block)
    co_await send(line);
}

// Iterates without awaiting; the one await comes after the loop.
rt::Task<> summarize(std::string path) {
  std::ifstream file(path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(file, line);)
    lines.push_back(line);
  std::string summary;
  for (const std::string &line : lines)
    summary += line.substr(0, 1);
  co_await send(summary);
}

// A pull-based pipeline: the generator reads lazily, the consumer pulls.
Generator<std::string> read_lines(std::string path) {
  std::ifstream file(path);
  for (std::string line; std::getline(file, line);)
    co_yield line;
}
rt::Task<> pipeline(std::string path) {
  auto lines = read_lines(path);
  while (auto line = co_await lines.next())
    co_await send(*line);
}

// The data is already in memory: a string stream is not a file.
rt::Task<> split_message(std::string message) {
  std::istringstream in(message);
  std::vector<std::string> parts;
  for (std::string part; std::getline(in, part, ',');)
    parts.push_back(part);
  for (const std::string &part : parts)
    co_await send(part);
}

// A fixed-size read.
rt::Task<> send_prefix(std::ifstream &file) {
  std::string prefix(64, '\0');
  file.read(prefix.data(), 64);
  for (char byte : prefix)
    co_await send_byte(byte);
}

// The awaits happen in coroutine lambdas the loop creates, not in this
// coroutine (a fan-out, which is another check's business).
rt::Task<> launch_per_line(std::string path) {
  std::ifstream file(path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(file, line);)
    lines.push_back(line);
  std::vector<rt::Task<>> tasks;
  for (const std::string &line : lines)
    tasks.push_back([](std::string l) -> rt::Task<> { co_await send(l); }(line));
  for (rt::Task<> &task : tasks)
    co_await task;
}

// The loop awaits per element of another container.
rt::Task<> other_container(std::string path, std::vector<std::string> targets) {
  std::ifstream file(path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(file, line);)
    lines.push_back(line);
  for (const std::string &target : targets)
    co_await send(target);
  co_await upload(lines);
}

// A template iterating its argument, not a stream.
template <class Range> rt::Task<> send_all(Range items) {
  for (const auto &item : items)
    co_await send(item);
}
template rt::Task<> send_all(std::vector<std::string>);
