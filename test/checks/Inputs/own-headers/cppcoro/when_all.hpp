// A stand-in at the real library's path, declaring the join where the real
// library does.
#pragma once
#include "join-frameworks.h"
namespace cppcoro {
template <class... Awaitables>
joinmock::Awaiter<std::tuple<joinmock::await_result_t<Awaitables>...>>
when_all(Awaitables &&...awaitables);
} // namespace cppcoro
