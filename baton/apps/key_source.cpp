// SPDX-License-Identifier: MIT
#include <baton/apps/key_source.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <system_error>

namespace baton::apps {

namespace {

std::string trim(const std::string& text) {
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string::npos) return {};
    const auto last = text.find_last_not_of(" \t\r\n");
    return text.substr(first, last - first + 1);
}

Result<PrivateKey, std::string> parse_key(const std::string& text, const std::string& source) {
    auto key = PrivateKey::from_hex(trim(text));
    if (!key)
        return unexpected(source + ": not a valid secp256k1 private key (" + to_string(key.error()) + ")");
    return std::move(*key);
}

}  // namespace

Result<PrivateKey, std::string> load_private_key(const std::string& key_file, const char* env_var) {
    if (!key_file.empty()) {
        namespace fs = std::filesystem;
        std::error_code ec;
        const auto status = fs::status(key_file, ec);
        if (ec || !fs::is_regular_file(status))
            return unexpected("key file " + key_file + ": not a readable file");
        const auto perms = status.permissions();
        if ((perms & (fs::perms::group_all | fs::perms::others_all)) != fs::perms::none) {
            return unexpected("key file " + key_file + ": readable by group or others; chmod 600 it");
        }
        std::ifstream in(key_file);
        if (!in) return unexpected("key file " + key_file + ": cannot open");
        const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        return parse_key(text, "key file " + key_file);
    }
    const char* value = std::getenv(env_var);
    if (value == nullptr || *value == '\0') {
        return unexpected(std::string("no private key: pass --private-key-file or set ") + env_var);
    }
    return parse_key(value, std::string("environment variable ") + env_var);
}

}  // namespace baton::apps
