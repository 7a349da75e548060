// SPDX-License-Identifier: MIT
#pragma once

// Test fixture: one anvil process on a free 127.0.0.1 port, owned by this object.
//
//   auto anvil = baton::testing::Anvil::start({.args = {"--network", "optimism"}});
//   ASSERT_TRUE(anvil) << anvil.error();
//   baton::rpc::Client client = ...(anvil->url());
//
// - The process is a process::AnvilProcess (baton/process/anvil_process.hpp), the launcher the
//   devnet uses too: 127.0.0.1 and a free port, "ready" once it logged its own listening line and
//   answers eth_chainId, SIGTERM then SIGKILL, and death with the thread that started it (start
//   anvil from a thread that outlives it: the test's main thread). This class adds the test side.
// - The binary is the BATON_ANVIL compile definition; the BATON_ANVIL environment variable wins.
// - Output goes to <tempdir>/anvil.log; failures to start quote its tail.
// - The destructor stops the process (SIGTERM, then SIGKILL after a grace period, then waitpid),
//   so a failing ASSERT never leaks an anvil. The temp dir is removed unless BATON_KEEP_ANVIL_DIR
//   is set in the environment (handy when debugging a failing test).
// - stop()/restart() keep the chain: anvil runs with `--state <tempdir>/state.json`, which it loads
//   on start and dumps on SIGTERM. restart() reuses the same port so URLs held by clients stay valid
//   (this is how tests simulate an L1 outage).

#include <baton/core/bytes.hpp>
#include <baton/core/result.hpp>
#include <baton/core/secp256k1.hpp>
#include <baton/l1/dev_accounts.hpp>
#include <baton/process/anvil_process.hpp>

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <sys/types.h>

namespace baton::testing {

// anvil's default dev accounts ("test test … junk" mnemonic), each funded with 10000 ETH: the
// devnet's list, so tests and the devnet name the same keys.
using l1::kDevPrivateKeys;

// The addresses of kDevPrivateKeys, same order (checksummed as anvil prints them).
inline constexpr std::array<std::string_view, 10> kDevAddresses = {
    "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266", "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
    "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC", "0x90F79bf6EB2c4f870365E785982E1f101E93b906",
    "0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65", "0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc",
    "0x976EA74026E726554dB657fA54763abd0C3a0aa9", "0x14dC79964da2C08b23698B3D3cc7Ca32193d9955",
    "0x23618e81E3f5cdF7f54C3d65f7FBc0aBf5B21E8f", "0xa0Ee7A142d267C1f36714E4a8F75612F20a79720",
};

inline constexpr std::uint64_t kDefaultChainId = 31337;

// kDevPrivateKeys[i] and kDevAddresses[i] as Baton types (i < 10; the constants are valid, so these
// cannot fail).
PrivateKey dev_key(std::size_t i);
Address dev_address(std::size_t i);

struct AnvilOptions {
    // Extra command-line arguments, e.g. {"--network", "optimism"}, {"--no-mining"},
    // {"--chain-id", "900"}. The fixture adds --host, --port and --state itself.
    std::vector<std::string> args;
    // Bound on how long start()/restart() wait for eth_chainId to answer.
    std::chrono::milliseconds startup_timeout{15000};
    // Grace period between SIGTERM and SIGKILL. anvil dumps its state on SIGTERM.
    std::chrono::milliseconds stop_timeout{5000};
};

class Anvil {
public:
    // Starts anvil and waits until it answers. The error text explains why and quotes the log tail.
    static Result<Anvil, std::string> start(AnvilOptions options = {});

    ~Anvil();
    Anvil(Anvil&& other) noexcept;
    Anvil& operator=(Anvil&& other) noexcept;
    Anvil(const Anvil&) = delete;
    Anvil& operator=(const Anvil&) = delete;

    // Stops the process; state is dumped to the state file. Idempotent.
    void stop();
    // Starts again on the same port with the dumped state. Fails if the port was taken meanwhile.
    Result<void, std::string> restart();

    bool is_running() const noexcept { return process_.pid() > 0; }
    const std::string& url() const noexcept { return url_; }
    int port() const noexcept { return port_; }
    pid_t pid() const noexcept { return process_.pid(); }
    const std::string& log_path() const noexcept { return log_path_; }
    const std::string& state_path() const noexcept { return state_path_; }
    // The last `max_bytes` of anvil's output, for failure messages.
    std::string log_tail(std::size_t max_bytes = 2000) const { return process_.log_tail(max_bytes); }

    // The anvil binary this fixture would run (env BATON_ANVIL, else the compile-time path).
    static std::string binary();

private:
    Anvil() = default;
    // Starts the process: on a free port (retried when lost) when `port` is 0, else on that one.
    Result<void, std::string> launch(int port);
    void release();

    AnvilOptions options_;
    std::string dir_;
    std::string log_path_;
    std::string state_path_;
    std::string url_;
    int port_ = 0;
    process::AnvilProcess process_;
};

}  // namespace baton::testing
