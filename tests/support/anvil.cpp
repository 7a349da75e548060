// SPDX-License-Identifier: MIT
#include <tests/support/anvil.hpp>

#include <baton/core/address.hpp>
#include <baton/core/assert.hpp>

#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <utility>

namespace baton::testing {

std::string Anvil::binary() {
    if (const char* env = std::getenv("BATON_ANVIL"); env != nullptr && *env != '\0') return env;
    return BATON_ANVIL;
}

Result<Anvil, std::string> Anvil::start(AnvilOptions options) {
    Anvil anvil;
    anvil.options_ = std::move(options);

    std::error_code ec;
    auto tmp = std::filesystem::temp_directory_path(ec);
    if (ec) tmp = "/tmp";
    const auto base = tmp / "baton-anvil-XXXXXX";
    std::string pattern = base.string();
    if (::mkdtemp(pattern.data()) == nullptr) {
        return unexpected("mkdtemp " + pattern + ": " + std::strerror(errno));
    }
    anvil.dir_ = pattern;
    anvil.log_path_ = anvil.dir_ + "/anvil.log";
    anvil.state_path_ = anvil.dir_ + "/state.json";

    auto started = anvil.launch(/*port=*/0);
    if (!started) return unexpected(started.error());
    return anvil;
}

Anvil::~Anvil() {
    release();
}

Anvil::Anvil(Anvil&& other) noexcept
    : options_(std::move(other.options_)),
      dir_(std::exchange(other.dir_, {})),
      log_path_(std::move(other.log_path_)),
      state_path_(std::move(other.state_path_)),
      url_(std::move(other.url_)),
      port_(other.port_),
      process_(std::move(other.process_)) {}

Anvil& Anvil::operator=(Anvil&& other) noexcept {
    if (this != &other) {
        release();
        options_ = std::move(other.options_);
        dir_ = std::exchange(other.dir_, {});
        log_path_ = std::move(other.log_path_);
        state_path_ = std::move(other.state_path_);
        url_ = std::move(other.url_);
        port_ = other.port_;
        process_ = std::move(other.process_);
    }
    return *this;
}

void Anvil::release() {
    stop();
    if (!dir_.empty() && std::getenv("BATON_KEEP_ANVIL_DIR") == nullptr) {
        std::error_code ec;
        std::filesystem::remove_all(dir_, ec);
    }
    dir_.clear();
}

void Anvil::stop() {
    process_.stop(options_.stop_timeout);
}

Result<void, std::string> Anvil::restart() {
    stop();
    if (dir_.empty()) return unexpected(std::string("restart of a moved-from Anvil"));
    return launch(port_);
}

Result<void, std::string> Anvil::launch(int port) {
    process::AnvilSpec spec;
    spec.binary = binary();
    spec.args = {"--state", state_path_};
    spec.args.insert(spec.args.end(), options_.args.begin(), options_.args.end());
    spec.log_path = log_path_;
    spec.port = port;
    spec.startup_timeout = options_.startup_timeout;
    auto started = process::AnvilProcess::start(spec);
    if (!started) {
        if (::access(spec.binary.c_str(), X_OK) != 0) {
            return unexpected(started.error() + " (set BATON_ANVIL or run scripts/bootstrap)");
        }
        return unexpected(started.error());
    }
    process_ = std::move(*started);
    port_ = process_.port();
    url_ = process_.url();
    return {};
}

PrivateKey dev_key(std::size_t i) {
    auto key = PrivateKey::from_hex(kDevPrivateKeys.at(i));
    BATON_ASSERT(key.has_value());
    return *key;
}

Address dev_address(std::size_t i) {
    auto address = parse_address(kDevAddresses.at(i));
    BATON_ASSERT(address.has_value());
    return *address;
}

}  // namespace baton::testing
