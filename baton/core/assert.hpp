// SPDX-License-Identifier: MIT
#pragma once

// BATON_ASSERT guards invariants of Baton's own code, never input: it is always on and aborts.

#include <cstdio>
#include <cstdlib>

#define BATON_ASSERT(cond)                                                                    \
    do {                                                                                      \
        if (!(cond)) {                                                                        \
            std::fprintf(stderr, "%s:%d: assertion failed: %s\n", __FILE__, __LINE__, #cond); \
            std::abort();                                                                     \
        }                                                                                     \
    } while (false)
