// The rt coroutine runtime: include everything.
#pragma once

#include "callback.hpp"
#include "errors.hpp"
#include "generator.hpp"
#include "heartbeat.hpp"
#include "loop.hpp"
#include "offload.hpp"
#include "result.hpp"
#include "services.hpp"
#include "sleep.hpp"
#include "spawn.hpp"
#include "sync.hpp"
#include "task.hpp"
#include "timeout.hpp"
#include "when_all.hpp"
