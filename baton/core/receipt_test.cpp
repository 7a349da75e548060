// SPDX-License-Identifier: MIT
#include <baton/core/receipt.hpp>

#include <gtest/gtest.h>
