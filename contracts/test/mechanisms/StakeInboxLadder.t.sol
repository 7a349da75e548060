// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import { vm } from "baton/script/Vm.sol";
import { ILeaderElection } from "baton/interfaces/ILeaderElection.sol";
import { IFallbackLadder } from "baton/interfaces/IFallbackLadder.sol";
import { StakeInbox } from "baton/mechanisms/StakeInbox.sol";
import { StakeInbox_TestBase } from "./StakeInbox.t.sol";

/// @title StakeInbox_Ladder_Test
/// @notice The stake mechanism on the fallback ladder (docs/mechanisms.md § The stake mechanism,
///         "Fallback ladder"): the next window's leader backs up a silent leader from `G1`, two
///         ladder misses demote it until it posts, and stake's own reports (which slash and eject)
///         still see a window carried by a backup as the leader's miss. Windows of 4 blocks,
///         G1 = 2, G2 = 1, G3 = 1, so rung 4 opens at the window's end (never, in these tests).
contract StakeInbox_Ladder_Test is StakeInbox_TestBase {
    uint256 internal constant G1 = 2;

    function _ladder() internal pure override returns (StakeInbox.LadderConfig memory) {
        return StakeInbox.LadderConfig({ g1: G1, g2: 1, g3: 1, maxMisses: 2 });
    }

    function setUp() public override {
        super.setUp();
        _join(alice, 1);
        _join(bob, 2);
        _join(carol, 3);
        _at(2, 0); // the set applies from epoch 2
        inbox.poke();
    }

    /// @notice Rolls to the start of the first window at or after the current block whose leader
    ///         is `_leader` (any, if zero) and whose next window's leader is different
    ///         (`_distinct`) or the same; reads only fixed blocks, poking in each epoch it enters.
    function _rollToWindow(address _leader, bool _distinct) internal returns (uint256 w_, address a_, address b_) {
        for (uint256 i = 0; i < 64; i++) {
            uint256 fixedUntil = inbox.horizon();
            for (uint256 w = (block.number - ORIGIN + K - 1) / K; _windowStart(w + 2) <= fixedUntil; w++) {
                address a = inbox.leaderAt(_windowStart(w));
                address b = inbox.leaderAt(_windowStart(w + 1));
                if (a == address(0) || (_leader != address(0) && a != _leader) || (a != b) != _distinct) continue;
                vm.roll(_windowStart(w));
                return (w, a, b);
            }
            vm.roll(fixedUntil);
            inbox.poke();
        }
        revert AssertionFailed("no such window");
    }

    /// @notice A member other than `_a` and `_b`.
    function _third(address _a, address _b) internal view returns (address) {
        if (alice != _a && alice != _b) return alice;
        if (bob != _a && bob != _b) return bob;
        return carol;
    }

    function _assertRung(address _who, uint256 _rung, uint256 _opensAt, uint256 _end) internal view {
        (uint8 rung, uint256 opensAt, uint256 end) = inbox.rungOf(_who, block.number);
        assertEq(rung, _rung, "rung");
        if (_rung != 0) assertEq(opensAt, _opensAt, "opens at");
        assertEq(end, _end, "window end");
    }

    /// @notice A silent leader is backed up by the next window's leader from exactly `start + G1`;
    ///         the backup's post records a ladder miss against the leader; any other member waits
    ///         for rung 4; a late post of the leader is still accepted and closes the backups' rung.
    function test_ladder_nextLeaderBacksUpASilentLeaderFromG1() external {
        (uint256 w, address a, address b) = _rollToWindow(address(0), true);
        uint256 s = _windowStart(w);
        address c = _third(a, b);
        (, uint256 g2, uint256 g3,) = inbox.ladderParameters();
        _assertRung(a, 1, s, s + K);
        _assertRung(b, 2, s + G1, s + K);
        _assertRung(c, 4, s + G1 + g2 + g3, s + K);
        _assertRung(dave, 0, 0, s + K); // never joined
        (uint256 lw,,, address primary, bool posted) = inbox.ladderWindow(s);
        assertEq(lw, w, "the ladder's window is the election's");
        assertEq(primary, a, "the primary is the drawn leader");
        assertFalse(posted, "nothing posted yet");

        vm.roll(s + G1 - 1);
        assertEq(inbox.postingRights(b, block.number), 0, "closed before G1");
        assertFalse(_post(b), "the backup is rejected before G1");
        vm.roll(s + G1);
        assertEq(inbox.postingRights(b, block.number), 2, "open at G1");
        vm.expectEmit(true, true, false, true, address(inbox));
        emit IFallbackLadder.MissRecorded(a, w, 1);
        vm.expectEmit(true, true, false, true, address(inbox));
        emit IFallbackLadder.LadderPost(b, w, 2);
        assertTrue(_post(b), "the backup is accepted at G1");
        assertEq(_lastPosted(b), w + 1, "the backup's post is recorded");
        assertEq(_lastPosted(a), 0, "not the leader's");
        assertFalse(_post(c), "rung 4 is not open");
        assertEq(inbox.leaderAt(s), a, "leaderAt keeps meaning the drawn leader");

        vm.roll(s + K - 1);
        assertTrue(_post(a), "the leader may still post late");
        assertEq(inbox.postingRights(b, block.number), 0, "the backup's rung closes once the leader posted");
        (,,,, posted) = inbox.ladderWindow(block.number);
        assertTrue(posted, "posted");
    }

    /// @notice When the same member leads the next window, the window has no first backup: every
    ///         other member holds rung 4.
    function test_ladder_sameNextLeader_noFirstBackup() external {
        (uint256 w, address a,) = _rollToWindow(address(0), false);
        uint256 s = _windowStart(w);
        address[3] memory all = [alice, bob, carol];
        for (uint256 i = 0; i < 3; i++) {
            if (all[i] == a) _assertRung(a, 1, s, s + K);
            else _assertRung(all[i], 4, s + K, s + K);
        }
    }

    /// @notice Two windows carried by backups demote the leader: in its next window the backup holds
    ///         rung 1 from the start and the leader rung 2 (open from the start too); its own post
    ///         restores it. The schedule (`leaderAt`) never changes.
    function test_ladder_twoMissesDemote_untilTheLeaderPosts() external {
        address a = carol;
        for (uint256 m = 1; m <= 2; m++) {
            (uint256 w,, address b) = _rollToWindow(a, true);
            vm.roll(_windowStart(w) + G1);
            assertTrue(_post(b), "the backup carries the window");
            (,, uint256 streak, bool demoted) = inbox.ladderRecord(a);
            assertEq(streak, m, "ladder misses");
            assertTrue(demoted == (m == 2), "demoted after two");
        }
        (uint256 w2,, address b2) = _rollToWindow(a, true);
        uint256 s = _windowStart(w2);
        assertEq(inbox.leaderAt(s), a, "still the scheduled leader");
        assertEq(inbox.postingRights(b2, s), 1, "the backup holds rung 1 from the start");
        assertEq(inbox.postingRights(a, s), 2, "the demoted leader may post from the start");
        (,,, address primary,) = inbox.ladderWindow(s);
        assertEq(primary, b2, "the effective primary");
        assertTrue(_post(a), "the demoted leader posts");
        (,, uint256 streak2, bool demoted2) = inbox.ladderRecord(a);
        assertEq(streak2, 0, "its post clears the misses");
        assertFalse(demoted2, "restored");
        assertEq(_lastPosted(a), w2 + 1, "recorded");
    }

    /// @notice A window carried by a backup is still the leader's miss for `reportMissed`; a window
    ///         in which the leader posted late is not.
    function test_ladder_reportAfterABackupCarriedWindow() external {
        (uint256 w, address a, address b) = _rollToWindow(address(0), true);
        vm.roll(_windowStart(w) + G1);
        assertTrue(_post(b), "the backup carries the window");
        vm.roll(_windowStart(w + 1));
        vm.expectEmit(true, true, true, true, address(inbox));
        emit StakeInbox.MissReported(1, a, w, dave, PRICE / 100, 1);
        vm.prank(dave);
        inbox.reportMissed(w);
        assertEq(_streak(a), 1, "one report");
        assertEq(_debt(a), PRICE / 100, "slashed 1% of a seat");
        (,, uint256 ladderStreak,) = inbox.ladderRecord(a);
        assertEq(ladderStreak, 1, "the ladder's own count is separate");

        // A window where the leader posted after its backup: no miss.
        (uint256 w2, address a2, address b2) = _rollToWindow(address(0), true);
        vm.roll(_windowStart(w2) + G1);
        assertTrue(_post(b2), "the backup posts");
        assertTrue(_post(a2), "the leader posts late");
        vm.roll(_windowStart(w2 + 1));
        vm.expectRevert(abi.encodeWithSelector(StakeInbox.NotMissed.selector, w2, a2));
        inbox.reportMissed(w2);
        if (a2 == a) assertEq(_streak(a), 0, "a post after the report restarts the streak");
        _assertAccounting();
    }

    /// @notice `Config.maxMisses` reports in a row eject as before, backups or not; once the exit
    ///         takes effect the member holds no rung anywhere.
    function test_ladder_reportsStillEject_thenNoRung() external {
        address a = carol;
        uint256 ejectedFrom;
        for (uint256 m = 1; m <= 3; m++) {
            (uint256 w,, address b) = _rollToWindow(a, true);
            vm.roll(_windowStart(w) + G1);
            assertTrue(_post(b), "the backup carries the window");
            vm.roll(_windowStart(w + 1));
            if (m == 3) {
                vm.expectEmit(true, false, false, true, address(inbox));
                emit StakeInbox.Ejected(a, 3, inbox.currentEpoch() + 2);
                ejectedFrom = inbox.currentEpoch() + 2;
            }
            inbox.reportMissed(w);
            assertEq(_streak(a), m, "reports in a row");
        }
        assertEq(_seats(a), 0, "its seats leave");
        _at(ejectedFrom - 1, 0);
        inbox.poke(); // records the seed of `ejectedFrom` (else its fallback rule uses the set before)
        _at(ejectedFrom, 0);
        for (uint256 blk = block.number; blk < block.number + P; blk++) {
            assertEq(inbox.postingRights(a, blk), 0, "no posting right");
            (uint8 rung,,) = inbox.rungOf(a, blk);
            assertEq(rung, 0, "no rung");
            assertTrue(inbox.leaderAt(blk) != a, "not drawn");
        }
        vm.prank(a);
        (bool ok, bytes memory ret) = address(inbox).call(hex"00c0ffee");
        assertFalse(ok, "rejected");
        assertEq(ret, abi.encodeWithSelector(ILeaderElection.NotLeader.selector, a, block.number), "NotLeader");
    }

    mapping(bytes32 => uint256) internal _seenRung;

    /// @notice Every member's rung and opening block for a block inside the lookahead, whose
    ///         window and next window are both fixed, never change through joins, exits, seeds and
    ///         leaders' posts (demotion, which only a backup's post changes, is left out here: it is
    ///         ladder state, not schedule).
    function testFuzz_ladder_rolesStableInsideTheLookahead(uint256 _seed) external {
        address[4] memory who = [alice, bob, carol, dave];
        uint256 head = block.number;
        for (uint256 i = 0; i < 24; i++) {
            uint256 r = uint256(keccak256(abi.encode(_seed, i)));
            _randomAction(who, r);
            for (uint256 b = head; b <= head + L; b++) {
                if (_windowStart((b - ORIGIN) / K + 1) > head + L) continue;
                for (uint256 j = 0; j < 4; j++) {
                    (uint8 rung, uint256 opensAt,) = inbox.rungOf(who[j], b);
                    uint256 got = 1 | (uint256(rung) << 1) | (opensAt << 8);
                    bytes32 key = keccak256(abi.encode(who[j], b));
                    uint256 seen = _seenRung[key];
                    if (seen == 0) _seenRung[key] = got;
                    else assertEq(got, seen, "a fixed block's rung changed");
                }
            }
            head += 1 + (r >> 128) % 3;
            vm.roll(head);
        }
    }
}
