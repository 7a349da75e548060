// SPDX-License-Identifier: MIT
#pragma once

// Test-only loader for the conformance vectors in ../shared/vectors (BATON_VECTORS_DIR). Tests link
// nlohmann_json through TEST_LIBS; the protocol library itself never sees JSON.
//
//   auto file = baton::protocol::test_util::load_vectors("frames.json");
//   for (const auto& c : file.at("cases")) { auto in = hex_field(c, "input_hex"); ... }
//
// Failures (missing file, bad JSON, bad hex) are reported as GoogleTest failures by the caller: the
// loader returns an empty json / std::nullopt and a message, so a broken vector is never silently green.

#include <baton/core/bytes.hpp>
#include <baton/core/hex.hpp>

#include <nlohmann/json.hpp>

#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>

#ifndef BATON_VECTORS_DIR
#error "BATON_VECTORS_DIR must be defined (baton_library sets it for test binaries)"
#endif

namespace baton::protocol::test_util {

inline std::string vectors_path(std::string_view file) {
    return std::string(BATON_VECTORS_DIR) + "/" + std::string(file);
}

// Parses a whole vector file. Returns a null json when the file is missing or malformed, with the
// reason in `error` (tests should ASSERT that the result is an object).
inline nlohmann::json load_vectors(std::string_view file, std::string* error = nullptr) {
    std::ifstream in(vectors_path(file));
    if (!in) {
        if (error) *error = "cannot open " + vectors_path(file);
        return {};
    }
    std::stringstream ss;
    ss << in.rdbuf();
    auto parsed = nlohmann::json::parse(ss.str(), nullptr, /*allow_exceptions=*/false);
    if (parsed.is_discarded()) {
        if (error) *error = "malformed JSON in " + vectors_path(file);
        return {};
    }
    return parsed;
}

// The `cases` array of a vector file (empty array when absent).
inline nlohmann::json load_cases(std::string_view file, std::string* error = nullptr) {
    auto doc = load_vectors(file, error);
    if (!doc.is_object() || !doc.contains("cases") || !doc["cases"].is_array()) {
        if (error && error->empty()) *error = "no cases array in " + vectors_path(file);
        return nlohmann::json::array();
    }
    return doc["cases"];
}

// Decodes a hex string (with or without 0x). std::nullopt if it is not a valid hex string.
inline std::optional<Bytes> hex_of(const nlohmann::json& value) {
    if (!value.is_string()) return std::nullopt;
    auto bytes = decode_hex(value.get<std::string>());
    if (!bytes) return std::nullopt;
    return std::move(*bytes);
}

// Decodes `c[key]` as hex; std::nullopt when the key is missing or not hex.
inline std::optional<Bytes> hex_field(const nlohmann::json& c, std::string_view key) {
    auto it = c.find(std::string(key));
    if (it == c.end()) return std::nullopt;
    return hex_of(*it);
}

// The case's name for test messages.
inline std::string case_name(const nlohmann::json& c) {
    return c.value("name", std::string("<unnamed>"));
}

}  // namespace baton::protocol::test_util
