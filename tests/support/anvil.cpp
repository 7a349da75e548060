// SPDX-License-Identifier: MIT
#include <tests/support/anvil.hpp>

#include <baton/core/address.hpp>
#include <baton/core/assert.hpp>
#include <baton/process/child_process.hpp>
#include <baton/rpc/transport.hpp>

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>
#include <utility>

extern char** environ;

namespace baton::testing {
namespace {

// Attempts at a fresh port when anvil loses the race for the one we probed.
constexpr int kPortAttempts = 5;
constexpr auto kPollInterval = std::chrono::milliseconds(20);
constexpr const char* kSetpriv = "/usr/bin/setpriv";

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

}  // namespace

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

    auto started = anvil.spawn_and_wait(/*retry_ports=*/true);
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
      pid_(std::exchange(other.pid_, -1)),
      run_log_offset_(other.run_log_offset_) {}

Anvil& Anvil::operator=(Anvil&& other) noexcept {
    if (this != &other) {
        release();
        options_ = std::move(other.options_);
        dir_ = std::exchange(other.dir_, {});
        log_path_ = std::move(other.log_path_);
        state_path_ = std::move(other.state_path_);
        url_ = std::move(other.url_);
        port_ = other.port_;
        pid_ = std::exchange(other.pid_, -1);
        run_log_offset_ = other.run_log_offset_;
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
    if (pid_ <= 0) return;
    ::kill(pid_, SIGTERM);
    const auto deadline = std::chrono::steady_clock::now() + options_.stop_timeout;
    int status = 0;
    while (true) {
        const pid_t r = ::waitpid(pid_, &status, WNOHANG);
        if (r == pid_ || (r < 0 && errno != EINTR)) break;
        if (std::chrono::steady_clock::now() >= deadline) {
            ::kill(pid_, SIGKILL);
            while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
            }
            break;
        }
        std::this_thread::sleep_for(kPollInterval);
    }
    pid_ = -1;
}

Result<void, std::string> Anvil::restart() {
    stop();
    if (dir_.empty()) return unexpected(std::string("restart of a moved-from Anvil"));
    return spawn_and_wait(/*retry_ports=*/false);
}

std::string Anvil::log_tail(std::size_t max_bytes) const {
    std::string log = read_file(log_path_);
    if (log.size() > max_bytes) log.erase(0, log.size() - max_bytes);
    return log;
}

Result<void, std::string> Anvil::spawn_and_wait(bool retry_ports) {
    std::string last_error;
    for (int attempt = 0; attempt < (retry_ports ? kPortAttempts : 1); ++attempt) {
        if (retry_ports) {
            // Another process may take the probed port before anvil binds it: the loop retries.
            auto port = process::pick_free_port();
            if (!port) return unexpected(port.error());
            port_ = *port;
            url_ = "http://127.0.0.1:" + std::to_string(port_);
        }
        auto spawned = spawn_once();
        if (!spawned) return unexpected(spawned.error());
        auto ready = wait_ready();
        if (ready) return {};
        last_error = ready.error();
        stop();
        // Only a lost race for the port is worth another try; anything else will fail again.
        if (last_error.find("in use") == std::string::npos) break;
    }
    return unexpected(last_error);
}

Result<void, std::string> Anvil::spawn_once() {
    const std::string bin = binary();
    if (::access(bin.c_str(), X_OK) != 0) {
        return unexpected("anvil binary " + bin + " is not executable: " + std::strerror(errno) +
                          " (set BATON_ANVIL or run scripts/bootstrap)");
    }
    // setpriv --pdeathsig makes the kernel send SIGTERM to anvil when the spawning thread dies, so a
    // test process killed by a ctest timeout (no destructors run) does not leave anvil behind.
    // setpriv execs anvil in place: the pid we track is anvil's.
    std::vector<std::string> argv_storage;
    const bool use_setpriv = ::access(kSetpriv, X_OK) == 0;
    if (use_setpriv) argv_storage = {kSetpriv, "--pdeathsig", "TERM"};
    for (const std::string& a : {bin, std::string("--host"), std::string("127.0.0.1"), std::string("--port"),
                                 std::to_string(port_), std::string("--state"), state_path_}) {
        argv_storage.push_back(a);
    }
    argv_storage.insert(argv_storage.end(), options_.args.begin(), options_.args.end());
    std::vector<char*> argv;
    argv.reserve(argv_storage.size() + 1);
    for (auto& a : argv_storage) argv.push_back(a.data());
    argv.push_back(nullptr);

    // A marker line separates runs in the log, which restart() appends to.
    {
        std::ofstream log(log_path_, std::ios::app);
        log << "==== baton fixture: starting anvil on port " << port_ << " ====\n";
        log.flush();
        run_log_offset_ = static_cast<std::size_t>(log.tellp());
    }

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log_path_.c_str(),
                                     O_WRONLY | O_CREAT | O_APPEND, 0644);
    posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
    pid_t pid = -1;
    const int rc = ::posix_spawn(&pid, argv_storage[0].c_str(), &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) return unexpected("posix_spawn " + bin + ": " + std::strerror(rc));
    pid_ = pid;
    return {};
}

Result<void, std::string> Anvil::wait_ready() {
    rpc::TransportOptions transport_options;
    transport_options.connect_timeout = std::chrono::milliseconds(200);
    transport_options.read_timeout = std::chrono::milliseconds(2000);
    auto transport = rpc::Transport::make(url_, transport_options);
    if (!transport) return unexpected("bad url " + url_ + ": " + rpc::to_string(transport.error()));

    // "Listening on" with our port proves this process bound it; an answer alone could come from
    // another anvil that won the race for the port.
    const std::string listening = "Listening on 127.0.0.1:" + std::to_string(port_);
    const auto deadline = std::chrono::steady_clock::now() + options_.startup_timeout;
    while (std::chrono::steady_clock::now() < deadline) {
        int status = 0;
        const pid_t r = ::waitpid(pid_, &status, WNOHANG);
        if (r == pid_) {
            pid_ = -1;
            return unexpected("anvil exited during startup (status " + std::to_string(status) +
                              "); log tail:\n" + log_tail());
        }
        const std::string log = read_file(log_path_);
        if (log.size() > run_log_offset_ && log.find(listening, run_log_offset_) != std::string::npos) {
            auto chain_id = (*transport)->call("eth_chainId", nlohmann::json::array());
            if (chain_id) return {};
        }
        std::this_thread::sleep_for(kPollInterval);
    }
    return unexpected("anvil did not answer eth_chainId on " + url_ + " within " +
                      std::to_string(options_.startup_timeout.count()) + " ms; log tail:\n" + log_tail());
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
