// SPDX-License-Identifier: MIT
#include <baton/core/address.hpp>

#include <gtest/gtest.h>
