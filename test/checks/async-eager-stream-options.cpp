// Options: a concurrency limit of 3, and a project's own ordered operation.
// RUN: %check_asynclint --unsafe-fixes --config="{CheckOptions: {async-eager-stream.MaxConcurrency: 3, async-eager-stream.OrderedOperations: 'app::publish'}}" %s async-eager-stream %t -- %cxxflags

#include <rt/generator.hpp>
#include <rt/task.hpp>

#include <fstream>
#include <string>
#include <vector>

rt::Task<int> send(std::string line);
namespace app {
rt::Task<int> publish(std::string line);
}

// 'send' is no longer listed: it is one more call.
rt::Task<> send_all(std::string path, std::vector<int> &out) {
  std::ifstream file(path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(file, line);)
    lines.push_back(line);
  for (std::string &line : lines)
    out.push_back(co_await send(line));
  // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: awaits once per element of 'lines', {{.*}} generator pipeline instead [async-eager-stream]
  // CHECK-MESSAGES: :[[@LINE-5]]:3: note: the whole stream is read into memory here
}
// CHECK-FIXES: auto results = rt::map_ordered(read_lines(std::move(path)), send, 3);

rt::Task<> publish_all(std::string path, std::vector<int> &out) {
  std::ifstream file(path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(file, line);)
    lines.push_back(line);
  for (std::string &line : lines)
    out.push_back(co_await app::publish(line));
  // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: {{.*}} (no fix: 'publish' must run in order) [async-eager-stream]
  // CHECK-MESSAGES: :[[@LINE-5]]:3: note: the whole stream is read into memory here
}
