// Where the real library declares its join; the stand-in declares them all.
#pragma once
#include "join-frameworks.h"
