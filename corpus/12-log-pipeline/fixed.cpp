// Seed task 12 on the rt runtime: a job reads a large log file, keeps the
// ERROR entries and enriches each one with a (slow) geo-IP lookup. Loading
// the whole file before looking at the first line makes memory grow with the
// file, and awaiting the lookups one after another makes the job as slow as
// the sum of them. It should pull lines lazily through a pipeline -- read,
// parse, keep errors, enrich with a few lookups in flight -- so that memory
// stays flat and the lookup service sees bounded demand.
//
// Virtual clock: a lookup takes 25 ms of loop time, so times are exact.
#include <rt/rt.hpp>

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include <unistd.h>

using namespace std::chrono_literals;

// Counts the log records the program holds in memory at once, raw or parsed.
// Moving a record moves its count along.
class Held {
public:
  Held() { peak_ = std::max(peak_, ++now_); }
  Held(Held &&other) noexcept : live_(std::exchange(other.live_, false)) {}
  Held &operator=(Held &&other) noexcept {
    if (live_)
      --now_;
    live_ = std::exchange(other.live_, false);
    return *this;
  }
  ~Held() {
    if (live_)
      --now_;
  }
  static std::size_t peak() { return peak_; }

private:
  bool live_ = true;
  inline static std::size_t now_ = 0, peak_ = 0;
};

// A line of the log file: "LEVEL IP message".
struct LogLine {
  explicit LogLine(std::string line) : text(std::move(line)) {}
  std::string text;
  Held held;
};

struct LogEntry {
  std::string level, ip, message;
  Held held;
};

LogEntry parse(LogLine line) {
  const std::string &t = line.text;
  const auto level_end = std::min(t.find(' '), t.size());
  const auto ip_end = std::min(t.find(' ', level_end + 1), t.size());
  LogEntry entry{t.substr(0, level_end), "", "", std::move(line.held)};
  if (level_end < t.size())
    entry.ip = t.substr(level_end + 1, ip_end - level_end - 1);
  if (ip_end < t.size())
    entry.message = t.substr(ip_end + 1);
  return entry;
}

bool is_error(const LogEntry &entry) { return entry.level == "ERROR"; }

// The geo-IP service, simulated: 25 ms a lookup; it counts lookups in flight.
rt::sim::Service geo{"geo-ip", 25ms};

rt::Task<std::string> geo_ip(std::string ip) {
  co_await geo.call();
  const std::string first_octet = ip.substr(0, ip.find('.'));
  if (first_octet == "81")
    co_return "DE";
  if (first_octet == "90")
    co_return "FR";
  if (first_octet == "126")
    co_return "JP";
  co_return "US";
}

struct Enriched {
  LogEntry entry;
  std::string country;
};

rt::Task<Enriched> enrich(LogEntry entry) {
  std::string country = co_await geo_ip(entry.ip);
  co_return Enriched{std::move(entry), std::move(country)};
}

// Where the enriched entries go: a count per country.
struct Report {
  std::size_t entries = 0;
  std::map<std::string, std::size_t> by_country;
  void add(Enriched enriched) {
    ++entries;
    ++by_country[enriched.country];
  }
};

rt::Generator<LogLine> read_lines(std::string path) {
  std::ifstream file(path);
  for (std::string text; std::getline(file, text);)
    co_yield LogLine{std::move(text)};
}

rt::Task<void> process_logs(std::string path, Report &report) {
  auto results = rt::map_ordered(
      rt::filter(rt::map(read_lines(std::move(path)), parse), is_error), enrich,
      8);
  while (auto result = co_await results.next())
    report.add(std::move(*result));
}

// 20,000 lines; every 50th is an ERROR, from one of four networks in turn.
void write_log(const std::filesystem::path &path, int lines) {
  const char *networks[] = {"81.2.69.", "90.84.12.", "126.18.4.", "73.162.9."};
  std::ofstream out(path);
  for (int i = 1; i <= lines; ++i) {
    const std::string ip = networks[(i / 50) % 4] + std::to_string(i % 250 + 1);
    if (i % 50 == 0)
      out << "ERROR " << ip << " payment declined for order " << i << '\n';
    else
      out << (i % 7 == 0 ? "WARN " : "INFO ") << ip << " request served in "
          << i % 90 << " ms\n";
  }
}

int main() {
  const auto path = std::filesystem::temp_directory_path() /
                    ("rt-log-pipeline-" + std::to_string(::getpid()) + ".log");
  write_log(path, 20'000);

  rt::EventLoop loop{rt::Clock::Virtual};
  Report report;
  // Guard: at most an hour of loop time.
  const bool finished =
      loop.run_for(process_logs(path.string(), report), 1h).has_value();
  std::filesystem::remove(path);

  std::string countries;
  for (const auto &[country, count] : report.by_country)
    countries +=
        (countries.empty() ? "" : ", ") + country + " " + std::to_string(count);
  const auto serial = report.entries * geo.latency();
  std::printf("error entries enriched: %zu (%s)\n", report.entries,
              countries.c_str());
  std::printf("peak log records in memory: %zu\n", Held::peak());
  std::printf("peak geo-IP lookups in flight: %zu\n", geo.peak_in_flight());
  std::printf("took %lld ms (one lookup at a time: %lld ms)\n",
              static_cast<long long>(loop.elapsed().count()),
              static_cast<long long>(
                  std::chrono::duration_cast<std::chrono::milliseconds>(serial)
                      .count()));

  if (!finished || report.entries != 400) {
    std::puts("FAIL: not every error entry was enriched");
    return 1;
  }
  if (Held::peak() > 32) {
    std::puts("FAIL: the whole file was held in memory");
    return 1;
  }
  if (geo.peak_in_flight() > 8) {
    std::puts("FAIL: more than 8 geo-IP lookups at once");
    return 1;
  }
  if (geo.peak_in_flight() < 2 || loop.elapsed() >= serial) {
    std::puts("FAIL: the lookups ran one at a time");
    return 1;
  }
  std::puts("PASS");
  return 0;
}
