// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import { ILeaderElection } from "baton/interfaces/ILeaderElection.sol";
import { ConformanceChecks } from "baton-test/kit/MechanismConformance.sol";
import { OffByOneRotationScript } from "../../examples/OffByOneRotation.sol";

/// @title OffByOneRotation_Kit_Test
/// @notice The kit catches a broken mechanism: examples/OffByOneRotation.sol accepts the next block's
///         leader as well. Its conformance checks are run here and must FAIL, naming the rule and the
///         first block (so the suite stays green while proving the kit bites). It inherits the
///         checks, not the `MechanismConformance` tests, which would fail.
/// @dev    Batchers [A, B, C], k = 3: cycle A A A A A A B B B C C C - - -, 15 blocks, so at the
///         deployment block 1000 (= 66 * 15 + 10) C leads 999..1001 and 1002..1004 is the gap. The
///         first wrong answer is at 1004, the gap's last block, where A (who leads 1005) is accepted.
contract OffByOneRotation_Kit_Test is ConformanceChecks {
    function _deployMechanism(
        address _owner,
        address[] memory _batchers,
        uint256 _turnLength
    )
        internal
        override
        returns (ILeaderElection)
    {
        return ILeaderElection(new OffByOneRotationScript().deploy(_owner, _batchers, _turnLength));
    }

    function _artifactPath() internal pure override returns (string memory) {
        return "out/OffByOneRotation.sol/OffByOneRotationInbox.json";
    }

    function test_kit_fallbackRule_catchesOffByOne() external {
        _expectCheckFails(
            abi.encodeCall(this.check_fallbackAcceptsOnlyTheLeader, ()),
            "conformance[fallback-accepts-only-leader] at block 1004: non-leader accepted: batcher 0"
        );
    }

    function test_kit_isLeaderRule_catchesOffByOne() external {
        _expectCheckFails(
            abi.encodeCall(this.check_isLeaderMatchesLeaderAt, ()),
            "conformance[isLeader-matches-leaderAt] at block 1004: batcher 0"
        );
    }

    /// @notice The bug is in `_isLeader` only: the rules that do not read it still hold, so the kit
    ///         names the broken rules rather than failing everything.
    function test_kit_otherRulesStillHold() external {
        check_leaderIsMemberOrZero();
        check_nextWindowMatchesLeaderAt();
        check_scheduleStable(1);
        check_viewGas();
        check_noSelectorStartsWithZeroByte();
        check_namedFunctionsRevertInBlobTx(); // last: the blob hashes stay set
    }

    /// @notice Runs a check and requires it to revert with exactly `AssertionFailed(_message)`.
    function _expectCheckFails(bytes memory _check, string memory _message) internal {
        (bool ok, bytes memory err) = address(this).call(_check);
        assertFalse(ok, "the kit must reject the off-by-one mechanism");
        assertEq(err, abi.encodeWithSelector(AssertionFailed.selector, _message), "the failure names rule and block");
    }
}
