// A system header: nothing in it is ever diagnosed.
#pragma once
#include "../async-mocks.h"
inline mock::Task<> system_coroutine() {
  mock::work();
  co_return;
}
inline void system_function() { std::async(std::launch::async, [] {}); }
