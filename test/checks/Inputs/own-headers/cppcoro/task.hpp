// A stand-in at the real library's path; like the real one, the task header
// does not declare the join.
#pragma once
#include "join-frameworks.h"
