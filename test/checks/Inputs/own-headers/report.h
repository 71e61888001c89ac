// A project header that happens to include the join's header: the main file
// uses the join without including it itself.
#pragma once
#include <cppcoro/task.hpp>
#include <cppcoro/when_all.hpp>
