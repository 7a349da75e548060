// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import { vm } from "baton/script/Vm.sol";
import { ILeaderElection } from "baton/interfaces/ILeaderElection.sol";
import { TestBase } from "baton-test/TestBase.sol";
import { MechanismConformance } from "baton-test/kit/MechanismConformance.sol";
import { FixedRotationInbox, FixedRotationScript } from "../../examples/FixedRotation.sol";

/// @title FixedRotation_Conformance_Test
/// @notice The docs' example mechanism (examples/FixedRotation.sol) passes every rule of the kit,
///         deployed through its own script, exactly as docs/mechanisms.md shows.
contract FixedRotation_Conformance_Test is MechanismConformance {
    function _deployMechanism(
        address _owner,
        address[] memory _batchers,
        uint256 _turnLength
    )
        internal
        override
        returns (ILeaderElection)
    {
        return ILeaderElection(new FixedRotationScript().deploy(_owner, _batchers, _turnLength));
    }

    function _artifactPath() internal pure override returns (string memory) {
        return "out/FixedRotation.sol/FixedRotationInbox.json";
    }
}

/// @title FixedRotation_Schedule_Test
/// @notice The schedule the example promises: with batchers [A, B, C] and k = 3 the cycle is
///         A A A A A A B B B C C C - - - (15 blocks), so windows of 6 and 3 blocks and a 3-block gap.
contract FixedRotation_Schedule_Test is TestBase {
    FixedRotationInbox internal mechanism;
    address[] internal batchers;

    function setUp() public {
        for (uint256 i = 0; i < 3; i++) {
            batchers.push(makeAddr(0xA + i));
        }
        mechanism = new FixedRotationInbox(batchers, 3);
    }

    function test_schedule_unevenWindowsAndGap() external view {
        uint256 c = 990; // 66 * 15: the first block of a cycle
        for (uint256 b = c; b < c + 6; b++) {
            assertEq(mechanism.leaderAt(b), batchers[0], "A leads two units");
        }
        for (uint256 b = c + 6; b < c + 9; b++) {
            assertEq(mechanism.leaderAt(b), batchers[1], "B leads one unit");
        }
        for (uint256 b = c + 9; b < c + 12; b++) {
            assertEq(mechanism.leaderAt(b), batchers[2], "C leads one unit");
        }
        for (uint256 b = c + 12; b < c + 15; b++) {
            assertEq(mechanism.leaderAt(b), address(0), "nobody leads the gap");
        }
        assertEq(mechanism.leaderAt(c + 15), batchers[0], "the cycle repeats");
        (uint256 s, uint256 e) = mechanism.nextWindow(batchers[0], c + 7);
        assertEq(s, c + 15, "A's next window starts after the gap");
        assertEq(e, c + 21, "and lasts 6 blocks");
        (s, e) = mechanism.nextWindow(batchers[1], c + 7);
        assertEq(s, c + 7, "B is inside its window");
        assertEq(e, c + 9, "which ends with its unit");
    }

    function test_gap_nobodyMayPost() external {
        vm.roll(1_002); // 1002 = 990 + 12: the gap
        for (uint256 i = 0; i < batchers.length; i++) {
            vm.prank(batchers[i]);
            (bool ok,) = address(mechanism).call(hex"00");
            assertFalse(ok, "no batch lands in the gap");
        }
    }
}
