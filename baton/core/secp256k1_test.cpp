// SPDX-License-Identifier: MIT
#include <baton/core/secp256k1.hpp>

#include <gtest/gtest.h>
