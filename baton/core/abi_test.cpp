// SPDX-License-Identifier: MIT
#include <baton/core/abi.hpp>

#include <gtest/gtest.h>
