// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import { LadderRoundRobinInbox } from "./LadderRoundRobin.sol";
import { MechanismScript, vm } from "baton/script/MechanismScript.sol";

/// @title EagerBackupLadderInbox
/// @notice DELIBERATELY BROKEN example of a fallback-ladder mechanism: `_ladderRank` hands the first
///         backup rank 1 as well, so two addresses hold rung 1 and the next turn's leader may post
///         from the first block of every window, next to the primary. The kit's ladder rules catch
///         it (test/examples/EagerBackupLadder.t.sol); do not deploy it.
contract EagerBackupLadderInbox is LadderRoundRobinInbox {
    constructor(Config memory _c) LadderRoundRobinInbox(_c) { }

    function _ladderRank(address _who, uint256 _mechBits, uint256 _window) internal view override returns (uint256) {
        uint256 rank = super._ladderRank(_who, _mechBits, _window);
        return rank == 2 ? 1 : rank; // the bug
    }
}

/// @notice Its deploy script (the example's parameters), so `baton mechanism check` can be shown to
///         reject it too.
contract EagerBackupLadderScript is MechanismScript {
    function deploy(address, address[] calldata batchers, uint256 k) external override returns (address inbox) {
        vm.startBroadcast();
        inbox = address(
            new EagerBackupLadderInbox(
                LadderRoundRobinInbox.Config({
                    members: batchers,
                    turnLength: k,
                    startBlock: block.number,
                    backups: batchers.length > 2 ? 2 : 1,
                    g1: 2,
                    g2: 1,
                    g3: 1,
                    maxMisses: 2
                })
            )
        );
        vm.stopBroadcast();
    }
}
