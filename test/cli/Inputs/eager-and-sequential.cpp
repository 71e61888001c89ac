#include <rt/rt.hpp>
#include <fstream>
#include <string>
#include <vector>

rt::Task<int> fetch(std::string url);

// async-eager-stream and async-sequential-awaits both rewrite the loop.
rt::Task<std::vector<int>> fetch_all(std::string list) {
  std::vector<int> sizes;
  std::ifstream in(list);
  std::vector<std::string> urls;
  for (std::string url; std::getline(in, url);)
    urls.push_back(url);
  for (const auto &u : urls)
    sizes.push_back(co_await fetch(u));
  co_return sizes;
}
