#include <future>
int main() {
  std::async(std::launch::async, [] {});
  return 0;
}
