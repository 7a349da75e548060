// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import { vm } from "baton/script/Vm.sol";
import { ILeaderElection } from "baton/interfaces/ILeaderElection.sol";
import { ILeaderWeights } from "baton/interfaces/ILeaderWeights.sol";
import { IMissReporting } from "baton/interfaces/IMissReporting.sol";
import { StakeInbox } from "baton/mechanisms/StakeInbox.sol";
import { StakeInbox_TestBase } from "./StakeInbox.t.sol";

/// @title StakeInbox_Weights_Test
/// @notice The optional interfaces: `weightAt` (ILeaderWeights) is a member's seats in the set that
///         elects a block's leader, `windowOf` (IMissReporting) is the window numbering that
///         `reportMissed` and the election use.
contract StakeInbox_Weights_Test is StakeInbox_TestBase {
    // ---------------------------------------------------------------------------------------
    // weightAt
    // ---------------------------------------------------------------------------------------

    function test_weightAt_zeroBeforeJoinsTakeEffect_thenTheSeats() external {
        _assertWeight(alice, block.number, 0, 0);
        _join(alice, 1);
        _join(bob, 2);
        _join(carol, 3);
        for (uint256 b = ORIGIN; b < ORIGIN + 2 * P; b++) {
            _assertWeight(alice, b, 0, 0); // epochs 0 and 1 have no seats
        }
        _assertWeight(alice, ORIGIN - 1, 0, 0);
        for (uint256 b = ORIGIN + 2 * P; b < ORIGIN + 4 * P; b++) {
            _assertWeight(alice, b, 1, 6);
            _assertWeight(bob, b, 2, 6);
            _assertWeight(carol, b, 3, 6);
            _assertWeight(dave, b, 0, 6);
            _assertWeight(address(0), b, 0, 6);
        }
    }

    function test_weightAt_afterAnExitTakesEffect() external {
        _join(alice, 1);
        _join(bob, 2);
        _join(carol, 3);
        _at(3, 2);
        vm.prank(carol);
        inbox.requestExit(2); // from epoch 5
        vm.prank(alice);
        inbox.requestExit(1); // from epoch 5: carol's last seat moves into seat 0
        _at(4, 0);
        _leaderPosts(); // records epoch 5
        _assertWeight(carol, ORIGIN + 4 * P, 3, 6);
        _assertWeight(alice, ORIGIN + 4 * P, 1, 6);
        _assertWeight(carol, ORIGIN + 5 * P, 1, 3);
        _assertWeight(alice, ORIGIN + 5 * P, 0, 3);
        _assertWeight(bob, ORIGIN + 5 * P, 2, 3);
        _at(5, 1);
        _assertWeight(carol, ORIGIN + 4 * P, 3, 6); // the previous epoch still answers
        _assertWeight(carol, block.number, 1, 3);
    }

    /// @notice An epoch under the fallback rule is elected from the previous epoch's set: its
    ///         weights are that set's.
    function test_weightAt_fallbackEpoch_isThePreviousSet() external {
        _join(alice, 1);
        _at(1, 0);
        _join(bob, 5); // nominal set of epoch 3: alice 1, bob 5
        _at(2, P - 1); // nobody recorded epoch 3
        (,, uint256 setEpoch, bool recorded) = inbox.epochInfo(3);
        assertEq(setEpoch, 2, "fallback: epoch 2's set");
        assertFalse(recorded, "fallback");
        _assertWeight(alice, ORIGIN + 3 * P, 1, 1);
        _assertWeight(bob, ORIGIN + 3 * P, 0, 1);
        _at(3, 0);
        _leaderPosts(); // records epoch 4, over its own set
        _assertWeight(alice, ORIGIN + 4 * P, 1, 6);
        _assertWeight(bob, ORIGIN + 4 * P, 5, 6);
    }

    /// @notice A member whose list changed in consecutive epochs (its own joins, and its seat
    ///         moved by another's exit) is answered from the older list sizes.
    function test_weightAt_readsTheOlderListSizes() external {
        _join(alice, 1); // epoch 2: 1
        _join(bob, 1);
        _at(3, 0);
        _join(alice, 1); // epoch 5: 2
        _at(4, 0);
        _join(alice, 1); // epoch 6: 3
        _at(5, 0);
        _join(alice, 1); // epoch 7: 4
        vm.prank(bob);
        inbox.requestExit(1); // epoch 7: alice's last seat moves into bob's (a list change, same size)
        // Current epoch 5: blocks of epoch 4 (set 4) need the list from epoch 2, the fourth newest.
        (,, uint256 setEpoch,) = inbox.epochInfo(4);
        assertEq(setEpoch, 4, "epoch 4 recorded");
        _assertWeight(alice, ORIGIN + 4 * P, 1, 2);
        _assertWeight(alice, ORIGIN + 5 * P, 2, 3);
        _assertWeight(alice, ORIGIN + 6 * P, 3, 4); // recorded by the join above
        // Epoch 7 is past the horizon: provisional, by the fallback rule over set 6.
        _assertWeight(alice, ORIGIN + 7 * P, 3, 4);
        assertEq(inbox.seatCount(7), 4, "set 7: alice's four seats");
        for (uint256 epoch = 4; epoch < 8; epoch++) {
            _assertWeightIsTheSeatCount(alice, epoch);
            _assertWeightIsTheSeatCount(bob, epoch);
        }
    }

    /// @notice The one revert inside the kept epochs: a block of the previous epoch under the
    ///         fallback rule (set: two epochs back) of a member whose list changed in each of the
    ///         four epochs since.
    function test_weightAt_forgetsASetFourListsBack() external {
        _join(alice, 1); // epoch 2
        _join(bob, 1);
        _at(1, 0);
        _join(alice, 1); // epoch 3
        _at(2, P - L); // after the recording phase: epoch 3 falls back to set 2
        _join(alice, 1); // epoch 4
        _at(3, P - L); // epoch 4 falls back to set 3
        _join(alice, 1); // epoch 5
        _at(4, 0);
        _join(alice, 1); // epoch 6
        (,, uint256 setEpoch,) = inbox.epochInfo(3);
        assertEq(setEpoch, 2, "epoch 3 uses set 2");
        uint256 b = ORIGIN + 3 * P;
        vm.expectRevert(abi.encodeWithSelector(ILeaderElection.ScheduleForgotten.selector, b, ORIGIN + 3 * P));
        inbox.weightAt(alice, b);
        _assertWeight(bob, b, 1, 2); // bob's lists are older
        _assertWeight(alice, block.number, 2, 3); // the current epoch always answers (set 3)
        vm.expectRevert(abi.encodeWithSelector(ILeaderElection.ScheduleForgotten.selector, ORIGIN + P, ORIGIN + 3 * P));
        inbox.weightAt(bob, ORIGIN + P); // before the previous epoch, like leaderAt
    }

    /// @notice Blocks before the horizon keep their weights through joins and exits; blocks past
    ///         it do change (so the check is not vacuous).
    function test_weightAt_insideTheFixedScheduleNeverChanges() external {
        _join(alice, 2);
        _join(bob, 1);
        _at(2, 1);
        _leaderPosts(); // records epoch 3: horizon = end of epoch 3
        uint256 fixedUntil = inbox.horizon();
        uint256[] memory before = new uint256[](fixedUntil - block.number);
        for (uint256 b = block.number; b < fixedUntil; b++) {
            (uint256 w, uint256 t) = inbox.weightAt(alice, b);
            before[b - block.number] = w << 128 | t;
        }
        // Epoch 5 is past the horizon: provisional (the fallback rule over set 4).
        (uint256 wLater, uint256 tLater) = inbox.weightAt(alice, ORIGIN + 5 * P);
        vm.prank(alice);
        inbox.requestExit(1);
        _join(carol, 3);
        _join(bob, 2);
        for (uint256 b = block.number; b < fixedUntil; b++) {
            (uint256 w, uint256 t) = inbox.weightAt(alice, b);
            assertEq(w << 128 | t, before[b - block.number], "a fixed block's weight changed");
        }
        (uint256 wNow, uint256 tNow) = inbox.weightAt(alice, ORIGIN + 5 * P);
        assertEq(wLater << 128 | tLater, 2 << 128 | 3, "epoch 5 as seen before");
        assertEq(wNow << 128 | tNow, 1 << 128 | 7, "epoch 5 is past the horizon: it took the changes");
    }

    /// @notice Under random joins and exits, at every fixed block: the members' weights sum to the
    ///         total, each is its count of seats in the set (read seat by seat), the leader's is
    ///         positive, and none changes once published.
    /// forge-config: default.fuzz.runs = 32
    function testFuzz_weightAt_sumsToTheTotalAndIsStable(uint256 _seed) external {
        address[4] memory who = [alice, bob, carol, dave];
        uint256 head = ORIGIN;
        uint256[] memory published = new uint256[](16 * P);
        for (uint256 step = 0; step < 30; step++) {
            uint256 r = uint256(keccak256(abi.encode(_seed, step)));
            _randomAction(who, r);
            uint256 fixedUntil = inbox.horizon();
            for (uint256 b = head; b < fixedUntil && b - ORIGIN < published.length; b++) {
                uint256 total;
                uint256 sum;
                uint256 digest;
                for (uint256 i = 0; i < 4; i++) {
                    (uint256 w, uint256 t) = inbox.weightAt(who[i], b);
                    if (i == 0) total = t;
                    assertEq(t, total, "one total per block");
                    sum += w;
                    digest = digest << 4 | w;
                }
                assertEq(sum, total, "weights sum to the total");
                address leader = inbox.leaderAt(b);
                if (leader != address(0)) {
                    (uint256 lw,) = inbox.weightAt(leader, b);
                    assertGe(lw, 1, "the leader has weight");
                } else {
                    assertEq(total, 0, "nobody leads only an empty set");
                }
                digest = (digest << 32 | total) + 1;
                uint256 seen = published[b - ORIGIN];
                if (seen == 0) published[b - ORIGIN] = digest;
                else assertEq(digest, seen, "a fixed block's weights changed");
            }
            if (step % 5 == 4) {
                uint256 e = (block.number - ORIGIN) / P;
                for (uint256 i = 0; i < 4; i++) {
                    _assertWeightIsTheSeatCount(who[i], e);
                }
            }
            head += 1 + (r >> 32) % 6;
            vm.roll(head);
        }
    }

    // ---------------------------------------------------------------------------------------
    // windowOf
    // ---------------------------------------------------------------------------------------

    function test_windowOf_isTheNumberingOfReportsAndOfTheElection() external {
        _join(alice, 1);
        _join(bob, 1);
        _at(2, 0);
        for (uint256 b = ORIGIN; b < ORIGIN + 3 * P; b++) {
            assertEq(inbox.windowOf(b), (b - ORIGIN) / K, "(block - origin) / turnLength");
        }
        vm.expectRevert(abi.encodeWithSelector(StakeInbox.BeforeOrigin.selector, ORIGIN - 1, ORIGIN));
        inbox.windowOf(ORIGIN - 1);
        // The leader of every block of window w is the seat elected for w.
        (uint256 seed, uint256 seats, uint256 setEpoch,) = inbox.epochInfo(2);
        for (uint256 b = ORIGIN + 2 * P; b < ORIGIN + 3 * P; b++) {
            uint256 w = inbox.windowOf(b);
            assertEq(inbox.leaderAt(b), inbox.seatOwner(inbox.electedSeat(seed, w, seats), setEpoch), "elected for w");
        }
        // A report of windowOf(b) names the window of b: not over while b's window runs, then the
        // leader of b is charged for it.
        uint256 w0 = _rollToWindowOf(alice);
        uint256 last = block.number + K - 1;
        assertEq(inbox.windowOf(last), w0, "the window's last block");
        uint256 reported = inbox.windowOf(last);
        vm.expectRevert(abi.encodeWithSelector(StakeInbox.WindowNotOver.selector, w0, last + 1));
        inbox.reportMissed(reported);
        vm.roll(last + 1);
        assertEq(inbox.windowOf(block.number), w0 + 1, "next window");
        vm.expectEmit(true, true, true, false, address(inbox));
        emit StakeInbox.MissReported(1, alice, w0, address(this), 0, 0);
        assertEq(IMissReporting(address(inbox)).reportMissed(inbox.windowOf(last)), 1, "penalty id 1");
    }

    // ---------------------------------------------------------------------------------------
    // The interfaces
    // ---------------------------------------------------------------------------------------

    function test_interfaces_selectorsAndReturnData() external {
        assertEq(ILeaderWeights.weightAt.selector, bytes4(0x41f92829), "weightAt(address,uint256)");
        assertEq(IMissReporting.windowOf.selector, bytes4(0xf5965d55), "windowOf(uint256)");
        assertEq(IMissReporting.reportMissed.selector, bytes4(0x55fc8927), "reportMissed(uint256)");
        assertEq(StakeInbox.weightAt.selector, ILeaderWeights.weightAt.selector, "same selector");
        assertEq(StakeInbox.windowOf.selector, IMissReporting.windowOf.selector, "same selector");
        assertEq(StakeInbox.reportMissed.selector, IMissReporting.reportMissed.selector, "same selector");
        _join(alice, 2);
        _at(2, 0);
        (bool ok, bytes memory ret) =
            address(inbox).staticcall(abi.encodeCall(ILeaderWeights.weightAt, (alice, block.number)));
        assertTrue(ok, "weightAt answers");
        assertEq(ret, abi.encode(uint256(2), uint256(2)), "two words: weight, total");
        (ok, ret) = address(inbox).staticcall(abi.encodeCall(IMissReporting.windowOf, (block.number)));
        assertTrue(ok, "windowOf answers");
        assertEq(ret, abi.encode((block.number - ORIGIN) / K), "one word");
    }

    // ---------------------------------------------------------------------------------------
    // Helpers
    // ---------------------------------------------------------------------------------------

    function _assertWeight(address _who, uint256 _b, uint256 _weight, uint256 _total) internal view {
        (uint256 w, uint256 t) = inbox.weightAt(_who, _b);
        assertEq(w, _weight, "weight");
        assertEq(t, _total, "total");
    }

    /// @notice weightAt over every block of `_epoch` equals `_who`'s seats in the set that applies,
    ///         counted seat by seat with `seatOwner`.
    function _assertWeightIsTheSeatCount(address _who, uint256 _epoch) internal view {
        (, uint256 seats, uint256 setEpoch,) = inbox.epochInfo(_epoch);
        assertEq(seats, inbox.seatCount(setEpoch), "the entry's seats are its set's count");
        uint256 held;
        for (uint256 j = 0; j < seats; j++) {
            if (inbox.seatOwner(j, setEpoch) == _who) held++;
        }
        uint256 b = ORIGIN + _epoch * P;
        _assertWeight(_who, b, seats == 0 ? 0 : held, seats);
        _assertWeight(_who, b + P - 1, seats == 0 ? 0 : held, seats);
    }
}
