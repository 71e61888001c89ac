// Stands in for the real header when tests use the Asio mock.
#pragma once
#include "../../async-mocks.h"
