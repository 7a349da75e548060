// SPDX-License-Identifier: MIT
#include <baton/core/transaction.hpp>

#include <gtest/gtest.h>
