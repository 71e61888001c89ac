// Stands in for the real header when tests use the Boost.Asio mock.
#pragma once
#include "../../../async-mocks.h"
