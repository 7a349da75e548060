// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import { ILeaderElection } from "baton/interfaces/ILeaderElection.sol";
import { ConformanceChecks } from "baton-test/kit/MechanismConformance.sol";
import { EagerBackupLadderScript } from "../../examples/EagerBackupLadder.sol";

/// @title EagerBackupLadder_Kit_Test
/// @notice The kit's ladder rules catch a broken ladder: examples/EagerBackupLadder.sol gives the
///         first backup rung 1 next to the primary. Its checks are run here and must FAIL, naming
///         the rule and the first block (like OffByOneRotation.t.sol for the base rules).
/// @dev    Batchers [A, B, C], k = 3, turns from the deployment block 1000: A leads 1000..1002 and
///         B, its first backup, wrongly holds rung 1 there too.
contract EagerBackupLadder_Kit_Test is ConformanceChecks {
    function _deployMechanism(
        address _owner,
        address[] memory _batchers,
        uint256 _turnLength
    )
        internal
        override
        returns (ILeaderElection)
    {
        return ILeaderElection(new EagerBackupLadderScript().deploy(_owner, _batchers, _turnLength));
    }

    function _artifactPath() internal pure override returns (string memory) {
        return "out/EagerBackupLadder.sol/EagerBackupLadderInbox.json";
    }

    function test_kit_ladderRule_catchesTwoHoldersOfRung1() external {
        _expectCheckFails(
            abi.encodeCall(this.check_ladder, ()),
            "conformance[ladder-rung1] at block 1000: a second holder of rung 1: batcher 1"
        );
    }

    /// @notice The base rule sees it too: the fallback takes a non-leader's batch.
    function test_kit_fallbackRule_catchesTheEagerBackup() external {
        _expectCheckFails(
            abi.encodeCall(this.check_fallbackAcceptsOnlyTheLeader, ()),
            "conformance[fallback-accepts-only-leader] at block 1000: non-leader accepted: batcher 1"
        );
    }

    /// @notice `leaderAt` and friends are untouched by the bug: those rules still hold.
    function test_kit_otherRulesStillHold() external {
        check_leaderIsMemberOrZero();
        check_isLeaderMatchesLeaderAt();
        check_nextWindowMatchesLeaderAt();
        check_scheduleStable(1);
        check_viewGas();
        check_noSelectorStartsWithZeroByte();
    }

    /// @notice Runs a check and requires it to revert with exactly `AssertionFailed(_message)`.
    function _expectCheckFails(bytes memory _check, string memory _message) internal {
        (bool ok, bytes memory err) = address(this).call(_check);
        assertFalse(ok, "the kit must reject the eager-backup ladder");
        assertEq(err, abi.encodeWithSelector(AssertionFailed.selector, _message), "the failure names rule and block");
    }
}
