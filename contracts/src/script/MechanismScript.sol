// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import { Vm, vm } from "./Vm.sol";

// A script may take `vm` from here as well: `import { MechanismScript, vm } from "baton/script/MechanismScript.sol";`

/// @title MechanismScript
/// @notice Base of every leader-election mechanism's deploy script (docs/mechanisms.md). The devnet
///         and `baton mechanism check` run a script with
///         `forge script FILE.sol:Script --sig 'deploy(address,address[],uint256)' OWNER '[B1,B2,..]' K
///         --broadcast`, from dev account 0, and take the returned address as the inbox. Built-in and
///         user mechanisms take this one path (round robin: contracts/script/DeployRoundRobin.s.sol).
/// @dev    forge-std's `Script` is not available offline; this base carries the `vm` handle
///         (baton/script/Vm.sol, the same interface the tests use) and a helper for devnet keys.
abstract contract MechanismScript {
    /// @notice Environment variable with the devnet batchers' private keys: comma-separated hex
    ///         (with or without `0x`), in the order of the `batchers` argument. Devnet only: a
    ///         mechanism whose batchers must act at deployment (bond, register) signs with them.
    string internal constant BATCHER_KEYS_ENV = "BATON_DEVNET_BATCHER_KEYS";

    /// @notice Environment variables with the fallback ladder's parameters (docs/mechanisms.md
    ///         § The fallback ladder). The devnet sets them for every mechanism's script; a script
    ///         whose mechanism has a ladder reads them with `_ladderFromEnv` (or `vm.envOr`).
    string internal constant LADDER_G1_ENV = "BATON_LADDER_G1";
    string internal constant LADDER_G2_ENV = "BATON_LADDER_G2";
    string internal constant LADDER_G3_ENV = "BATON_LADDER_G3";
    string internal constant LADDER_MAX_MISSES_ENV = "BATON_LADDER_MAX_MISSES";

    /// @notice No key in `BATON_DEVNET_BATCHER_KEYS` belongs to `batcher`.
    /// @param batcher The batcher whose key was asked for.
    error BatcherKeyMissing(address batcher);

    /// @notice Deploys the mechanism and returns its inbox (the contract batchers post to, which
    ///         implements `ILeaderElection`). Broadcast every tx between `vm.startBroadcast()` and
    ///         `vm.stopBroadcast()`.
    /// @param owner      Who may manage the mechanism (dev account 0 on the devnet).
    /// @param batchers   The batchers that will post (the initial candidates), in order.
    /// @param turnLength A length hint in L1 blocks (round robin: blocks per turn); a mechanism may
    ///                   read it as it sees fit.
    /// @return inbox The deployed inbox.
    function deploy(
        address owner,
        address[] calldata batchers,
        uint256 turnLength
    )
        external
        virtual
        returns (address inbox);

    /// @notice The ladder's parameters: `BATON_LADDER_G1`, `_G2`, `_G3` and `_MAX_MISSES` from the
    ///         environment (decimal or 0x-hex), each defaulting to the argument of the same name.
    /// @return g1_        Blocks of a window only its primary may post in.
    /// @return g2_        Further blocks before the further backups' rung opens.
    /// @return g3_        Further blocks before any member's rung opens.
    /// @return maxMisses_ Misses in a row that demote a primary.
    function _ladderFromEnv(
        uint256 _g1,
        uint256 _g2,
        uint256 _g3,
        uint256 _maxMisses
    )
        internal
        view
        returns (uint256 g1_, uint256 g2_, uint256 g3_, uint256 maxMisses_)
    {
        g1_ = vm.envOr(LADDER_G1_ENV, _g1);
        g2_ = vm.envOr(LADDER_G2_ENV, _g2);
        g3_ = vm.envOr(LADDER_G3_ENV, _g3);
        maxMisses_ = vm.envOr(LADDER_MAX_MISSES_ENV, _maxMisses);
    }

    /// @notice The keys in `BATON_DEVNET_BATCHER_KEYS`, in order; empty when it is unset or empty.
    /// @return keys_ The private keys.
    function _batcherKeys() internal view returns (uint256[] memory keys_) {
        string memory raw = vm.trim(vm.envOr(BATCHER_KEYS_ENV, string("")));
        if (bytes(raw).length == 0) return new uint256[](0);
        string[] memory parts = vm.split(raw, ",");
        keys_ = new uint256[](parts.length);
        for (uint256 i = 0; i < parts.length; i++) {
            bytes memory part = bytes(vm.trim(parts[i]));
            bool prefixed = part.length >= 2 && part[0] == "0" && (part[1] == "x" || part[1] == "X");
            keys_[i] = vm.parseUint(prefixed ? string(part) : string.concat("0x", string(part)));
        }
    }

    /// @notice The key of `_batcher` from `BATON_DEVNET_BATCHER_KEYS`, e.g. for
    ///         `vm.startBroadcast(_batcherKey(b))`. Reverts with `BatcherKeyMissing` if absent.
    /// @param _batcher A batcher address.
    /// @return The batcher's private key.
    function _batcherKey(address _batcher) internal view returns (uint256) {
        uint256[] memory keys = _batcherKeys();
        for (uint256 i = 0; i < keys.length; i++) {
            if (vm.addr(keys[i]) == _batcher) return keys[i];
        }
        revert BatcherKeyMissing(_batcher);
    }
}
