// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import { MechanismScript, vm } from "baton/script/MechanismScript.sol";
import { RoundRobinInbox } from "baton/RoundRobinInbox.sol";

/// @title DeployRoundRobin
/// @notice Deploys the built-in round robin through the same path as any user mechanism
///         (docs/mechanisms.md):
///         `RoundRobinInbox(owner, turnLength, lookahead, startBlock, batchers, ladder)`.
///         The lookahead and start block are the devnet's (8 and 0) unless the environment sets
///         `BATON_RR_LOOKAHEAD` or `BATON_RR_START_BLOCK`; the fallback ladder's parameters are
///         G1 = 2, G2 = 1, G3 = 1 and two misses demote, unless `BATON_LADDER_G1`, `_G2`, `_G3`
///         or `BATON_LADDER_MAX_MISSES` is set (`MechanismScript._ladderFromEnv`; the devnet sets
///         them for every mechanism).
contract DeployRoundRobin is MechanismScript {
    /// @inheritdoc MechanismScript
    function deploy(
        address owner,
        address[] calldata batchers,
        uint256 turnLength
    )
        external
        override
        returns (address inbox)
    {
        uint256 lookahead = vm.envOr("BATON_RR_LOOKAHEAD", uint256(8));
        uint256 startBlock = vm.envOr("BATON_RR_START_BLOCK", uint256(0));
        RoundRobinInbox.LadderConfig memory ladder;
        (ladder.g1, ladder.g2, ladder.g3, ladder.maxMisses) = _ladderFromEnv(2, 1, 1, 2);
        vm.startBroadcast();
        inbox = address(new RoundRobinInbox(owner, turnLength, lookahead, startBlock, batchers, ladder));
        vm.stopBroadcast();
    }
}
