// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import { vm } from "../src/script/Vm.sol";
import { TestBase } from "./TestBase.sol";
import { ILeaderElection } from "../src/interfaces/ILeaderElection.sol";
import { IFallbackLadder } from "../src/interfaces/IFallbackLadder.sol";
import { RoundRobinInbox } from "../src/RoundRobinInbox.sol";

/// @title RoundRobinInbox_Ladder_Base
/// @notice The round robin on the fallback ladder: roster [A, B, C, D] in turns of 8 blocks from
///         block 100, lookahead 5, the deploy code's ladder (G1 = 2, G2 = 1, G3 = 1, two misses
///         demote). Turn `w` (blocks `100 + 8w ..`) is window `w`: primary `m[w % 4]`, first backup
///         `m[w + 1]` (the next turn's leader), second backup `m[w + 2]`, and `m[w + 3]` holds only
///         the members' rung.
abstract contract RoundRobinInbox_Ladder_Base is TestBase {
    uint256 internal constant START = 100;
    uint256 internal constant K = 8;
    uint256 internal constant LOOKAHEAD = 5;
    uint256 internal constant G1 = 2;
    uint256 internal constant G2 = 1;
    uint256 internal constant G3 = 1;

    address internal owner = makeAddr(1);
    address internal outsider = makeAddr(0xBAD);
    address[] internal m;
    RoundRobinInbox internal inbox;

    function setUp() public virtual {
        for (uint256 i = 0; i < 4; i++) {
            m.push(makeAddr(0xA0 + i));
        }
        vm.roll(90);
        inbox = _deploy(m);
    }

    function _deploy(address[] memory _roster) internal returns (RoundRobinInbox) {
        return new RoundRobinInbox(
            owner, K, LOOKAHEAD, START, _roster, RoundRobinInbox.LadderConfig({ g1: G1, g2: G2, g3: G3, maxMisses: 2 })
        );
    }

    function _start(uint256 _w) internal pure returns (uint256) {
        return START + _w * K;
    }

    /// @notice Member of rank `_rank` (1 = primary) in window `_w` of the initial roster.
    function _ranked(uint256 _w, uint256 _rank) internal view returns (address) {
        return m[(_w + _rank - 1) % 4];
    }

    /// @notice A batch from `_who` now; a rejection must be exactly `NotLeader(_who, block)`.
    function _post(address _who) internal returns (bool ok_) {
        vm.prank(_who);
        bytes memory ret;
        (ok_, ret) = address(inbox).call(hex"00c0ffee");
        if (!ok_) {
            assertEq(ret, abi.encodeWithSelector(ILeaderElection.NotLeader.selector, _who, block.number), "NotLeader");
        }
    }

    /// @notice Posts from `_who`, requires the outcome, and that `postingRights` predicted it.
    function _expectPost(address _who, bool _accepted, string memory _what) internal {
        uint8 rung = inbox.postingRights(_who, block.number);
        bool ok = _post(_who);
        if (_accepted) assertTrue(ok, string.concat("accepted: ", _what));
        else assertFalse(ok, string.concat("rejected: ", _what));
        assertEq(rung != 0 ? 1 : 0, ok ? 1 : 0, string.concat("postingRights agrees: ", _what));
    }

    function _demoted(address _who) internal view returns (bool demoted_) {
        (,,, demoted_) = inbox.ladderRecord(_who);
    }

    function _streak(address _who) internal view returns (uint256 streak_) {
        (,, streak_,) = inbox.ladderRecord(_who);
    }
}

/// @title RoundRobinInbox_LadderRungs_Test
/// @notice Each rung opens exactly at its block and never earlier.
contract RoundRobinInbox_LadderRungs_Test is RoundRobinInbox_Ladder_Base {
    function test_parameters() external view {
        (uint256 g1, uint256 g2, uint256 g3, uint256 maxMisses) = inbox.ladderParameters();
        assertEq(g1, G1, "g1");
        assertEq(g2, G2, "g2");
        assertEq(g3, G3, "g3");
        assertEq(maxMisses, 2, "maxMisses");
    }

    /// @notice `postingRights` and `rungOf` over every block of a window, for every candidate.
    function test_views_eachRungOpensExactlyAtItsBlock() external {
        uint256 w = 1;
        uint256 s = _start(w);
        vm.roll(s);
        uint256[5] memory opens = [uint256(0), s, s + G1, s + G1 + G2, s + G1 + G2 + G3];
        for (uint256 b = s; b < s + K; b++) {
            for (uint256 r = 1; r <= 4; r++) {
                address who = _ranked(w, r);
                (uint8 rung, uint256 opensAt, uint256 end) = inbox.rungOf(who, b);
                assertEq(rung, r, "rung = rank");
                assertEq(opensAt, opens[r], "opens at");
                assertEq(end, s + K, "window end");
                assertEq(inbox.postingRights(who, b), b >= opens[r] ? r : 0, "open exactly from its block");
            }
            assertEq(inbox.postingRights(outsider, b), 0, "an outsider never");
            (uint8 none,,) = inbox.rungOf(outsider, b);
            assertEq(none, 0, "an outsider holds no rung");
        }
        (uint256 window, uint256 start, uint256 end, address primary, bool posted) = inbox.ladderWindow(s + 3);
        assertEq(window, w, "window = turn");
        assertEq(start, s, "start");
        assertEq(end, s + K, "end");
        assertEq(primary, inbox.leaderAt(s), "primary = leaderAt");
        assertFalse(posted, "nobody posted");
    }

    function test_primaryOnly_beforeG1() external {
        for (uint256 b = _start(0); b < _start(0) + G1; b++) {
            vm.roll(b);
            for (uint256 r = 2; r <= 4; r++) {
                _expectPost(_ranked(0, r), false, "no backup before G1");
            }
            _expectPost(outsider, false, "outsider");
        }
        _expectPost(_ranked(0, 1), true, "the primary");
    }

    function test_firstBackup_opensExactlyAtG1() external {
        vm.roll(_start(0) + G1 - 1);
        _expectPost(_ranked(0, 2), false, "first backup, one block early");
        vm.roll(_start(0) + G1);
        _expectPost(_ranked(0, 3), false, "second backup at G1");
        _expectPost(_ranked(0, 4), false, "member at G1");
        _expectPost(_ranked(0, 2), true, "first backup at G1");
    }

    function test_secondBackup_opensExactlyAtG1G2() external {
        vm.roll(_start(0) + G1 + G2 - 1);
        _expectPost(_ranked(0, 3), false, "second backup, one block early");
        vm.roll(_start(0) + G1 + G2);
        _expectPost(_ranked(0, 4), false, "member at G1 + G2");
        _expectPost(_ranked(0, 3), true, "second backup at G1 + G2");
    }

    function test_member_opensExactlyAtG1G2G3() external {
        vm.roll(_start(0) + G1 + G2 + G3 - 1);
        _expectPost(_ranked(0, 4), false, "member, one block early");
        vm.roll(_start(0) + G1 + G2 + G3);
        _expectPost(outsider, false, "an outsider never");
        _expectPost(_ranked(0, 4), true, "member at G1 + G2 + G3");
    }

    function test_primaryPost_closesTheBackupsRungs() external {
        vm.roll(_start(2));
        _expectPost(_ranked(2, 1), true, "primary at the start");
        vm.roll(_start(2) + G1 + G2 + G3);
        for (uint256 r = 2; r <= 4; r++) {
            _expectPost(_ranked(2, r), false, "closed once the primary posted");
        }
        _expectPost(_ranked(2, 1), true, "the primary again");
        (,,,, bool posted) = inbox.ladderWindow(block.number);
        assertTrue(posted, "primaryPosted");
    }

    /// @notice A late primary and a backup in the same window: both are accepted.
    function test_latePrimary_andBackup_bothAccepted() external {
        vm.roll(_start(1) + G1);
        vm.expectEmit(true, true, false, true, address(inbox));
        emit IFallbackLadder.MissRecorded(_ranked(1, 1), 1, 1);
        vm.expectEmit(true, true, false, true, address(inbox));
        emit IFallbackLadder.LadderPost(_ranked(1, 2), 1, 2);
        _expectPost(_ranked(1, 2), true, "first backup covers");
        vm.roll(_start(1) + G1 + 1);
        _expectPost(_ranked(1, 1), true, "the late primary still posts");
        _expectPost(_ranked(1, 3), false, "then the ladder is closed");
        assertEq(_streak(_ranked(1, 1)), 0, "the primary's post clears its miss");
    }

    function test_beforeStart_nobody() external {
        vm.roll(START - 1);
        for (uint256 i = 0; i < 4; i++) {
            _expectPost(m[i], false, "before the schedule starts");
        }
        (,,, address primary,) = inbox.ladderWindow(START - 1);
        assertEq(primary, address(0), "no window before the start");
    }

    function test_pastWindow_viewsRevert() external {
        vm.roll(_start(1));
        vm.expectRevert(abi.encodeWithSelector(IFallbackLadder.LadderWindowPassed.selector, _start(0), _start(1)));
        inbox.postingRights(m[0], _start(0));
    }

    function test_constructor_rejectsBadLadder() external {
        uint256[4][4] memory bad;
        bad[0] = [uint256(0), 1, 1, 2]; // G1 = 0
        bad[1] = [uint256(1 << 32), 1, 1, 2]; // G1 too large
        bad[2] = [uint256(2), 1, 1, 0]; // maxMisses = 0
        bad[3] = [uint256(2), 1, 1, 256]; // maxMisses too large
        for (uint256 i = 0; i < bad.length; i++) {
            (bool ok,) = address(this).call(abi.encodeCall(this.deployWith, (bad[i])));
            assertFalse(ok, "bad ladder parameters revert");
        }
    }

    function deployWith(uint256[4] memory _p) external returns (address) {
        return address(
            new RoundRobinInbox(
                owner,
                K,
                LOOKAHEAD,
                START,
                m,
                RoundRobinInbox.LadderConfig({ g1: _p[0], g2: _p[1], g3: _p[2], maxMisses: _p[3] })
            )
        );
    }
}

/// @title RoundRobinInbox_LadderRoster_Test
/// @notice Who backs up whom as the roster changes, and small rosters.
contract RoundRobinInbox_LadderRoster_Test is RoundRobinInbox_Ladder_Base {
    address internal eve = makeAddr(0xE0);

    /// @notice The first backup (the holder of rung 2) of window `_w`, found by asking everyone.
    function _firstBackup(uint256 _w, address[] memory _who) internal view returns (address found_) {
        for (uint256 i = 0; i < _who.length; i++) {
            (uint8 rung,,) = inbox.rungOf(_who[i], _start(_w));
            if (rung == 2) {
                assertEq(found_, address(0), "one first backup");
                found_ = _who[i];
            }
        }
    }

    /// @notice After E joins (activating at turn 1), every turn's first backup is the next turn's
    ///         leader under the new roster [A, B, C, D, E], and E backs up D.
    function test_rosterChange_firstBackupIsTheNextLeaderUnderTheNewRoster() external {
        vm.roll(START + 1);
        vm.prank(owner);
        inbox.addLeader(eve);
        assertEq(inbox.pendingActivation(), _start(1), "activates at turn 1");
        address[] memory all = new address[](6);
        for (uint256 i = 0; i < 4; i++) {
            all[i] = m[i];
        }
        all[4] = eve;
        all[5] = outsider;
        for (uint256 w = 1; w < 12; w++) {
            assertEq(_firstBackup(w, all), inbox.leaderAt(_start(w + 1)), "first backup = next turn's leader");
        }
        // Turn 3 is D's; under the old roster A would have followed, under the new one E does.
        vm.roll(_start(3) + G1);
        assertEq(inbox.leaderAt(_start(4)), eve, "E leads turn 4");
        _expectPost(m[0], false, "A is no longer D's first backup");
        _expectPost(eve, true, "E covers for D at G1");
    }

    /// @notice A removed member holds no rung once the roster without it is in force (and keeps
    ///         its rung until then); the others close up.
    function test_removedMember_noRung() external {
        vm.roll(START + 1);
        vm.prank(owner);
        inbox.removeLeader(m[2]); // C; [A, B, D] from turn 1
        vm.roll(_start(0) + G1 + G2);
        _expectPost(m[2], true, "C is still A's second backup in turn 0");
        vm.roll(_start(1));
        (uint8 rung,,) = inbox.rungOf(m[2], _start(1));
        assertEq(rung, 0, "removed: no rung");
        vm.roll(_start(1) + K - 1);
        _expectPost(m[2], false, "removed: never");
        assertEq(inbox.leaderAt(_start(1)), m[1], "B leads turn 1");
        _expectPost(m[3], true, "D, now right after B, covers");
    }

    /// @notice The last turn of the old roster is backed up by that roster's followers, even when
    ///         the next turn (under the new roster) is led by someone else.
    function test_rosterBoundary_lastOldTurnBackedUpByTheOldRoster() external {
        vm.roll(START + 1);
        vm.prank(owner);
        inbox.removeLeader(m[1]); // B; [A, C, D] from turn 1, whose leader is C
        assertEq(inbox.leaderAt(_start(1)), m[2], "C leads turn 1");
        (uint8 rungB,,) = inbox.rungOf(m[1], START + 1);
        (uint8 rungC,,) = inbox.rungOf(m[2], START + 1);
        assertEq(rungB, 2, "B still follows A in turn 0's roster");
        assertEq(rungC, 3, "C second");
    }

    function test_twoMembers_oneBackupNoMembersRung() external {
        address[] memory two = new address[](2);
        (two[0], two[1]) = (m[0], m[1]);
        inbox = _deploy(two);
        vm.roll(_start(0));
        (uint8 rung, uint256 opensAt,) = inbox.rungOf(m[1], _start(0));
        assertEq(rung, 2, "the other member is the first backup");
        assertEq(opensAt, _start(0) + G1, "from G1");
        (rung,,) = inbox.rungOf(m[2], _start(0));
        assertEq(rung, 0, "a non-member: none");
    }

    function test_oneMember_noBackup() external {
        address[] memory one = new address[](1);
        one[0] = m[0];
        inbox = _deploy(one);
        vm.roll(_start(3) + K - 1);
        _expectPost(m[1], false, "no one else");
        _expectPost(m[0], true, "the only member leads every turn");
    }

    function test_emptyRoster_nobodyMayPost() external {
        inbox = _deploy(new address[](0));
        vm.roll(_start(2) + K - 1);
        for (uint256 i = 0; i < 4; i++) {
            _expectPost(m[i], false, "empty roster");
        }
        (,,, address primary,) = inbox.ladderWindow(block.number);
        assertEq(primary, address(0), "no primary");
    }
}

/// @title RoundRobinInbox_LadderDemotion_Test
/// @notice Two misses in a row demote a primary; its first post restores it.
contract RoundRobinInbox_LadderDemotion_Test is RoundRobinInbox_Ladder_Base {
    /// @notice A is silent in turns 0 and 4 while B covers at G1: A is demoted from turn 8.
    function _demoteA() internal {
        for (uint256 w = 0; w <= 4; w += 4) {
            vm.roll(_start(w) + G1);
            assertTrue(_post(m[1]), "B covers A");
        }
    }

    function test_demotedAfterMaxMisses_backupLeadsFromTheStart() external {
        vm.roll(_start(0) + G1);
        assertTrue(_post(m[1]), "B covers A once");
        assertEq(_streak(m[0]), 1, "one miss");
        assertFalse(_demoted(m[0]), "not yet demoted");
        vm.roll(_start(4) + G1);
        assertTrue(_post(m[1]), "B covers A twice");
        assertTrue(_demoted(m[0]), "two misses demote A");

        uint256 s = _start(8);
        vm.roll(s);
        assertEq(inbox.leaderAt(s), m[0], "leaderAt keeps the schedule");
        assertTrue(inbox.isLeader(m[0], s), "isLeader too");
        (,,, address primary,) = inbox.ladderWindow(s);
        assertEq(primary, m[1], "B is the effective primary");
        assertEq(inbox.postingRights(m[1], s), 1, "B: rung 1 from the start");
        assertEq(inbox.postingRights(m[0], s), 2, "A: rung 2 from the start, to come back");
        assertEq(inbox.postingRights(m[2], s), 0, "C: the first backup now, from G1");
        assertEq(inbox.postingRights(m[2], s + G1), 2, "C at G1");
        assertEq(inbox.postingRights(m[3], s + G1 + G2), 0, "D stays a member (two backups)");
        assertEq(inbox.postingRights(m[3], s + G1 + G2 + G3), 4, "D at G1 + G2 + G3");
        _expectPost(m[1], true, "B stands in at the start");
        vm.roll(s + G1 + G2 + G3);
        _expectPost(m[2], false, "closed: the effective primary posted");
    }

    function test_demotedPrimary_restoredByItsPost() external {
        _demoteA();
        vm.roll(_start(8) + 1);
        vm.expectEmit(true, true, false, true, address(inbox));
        emit IFallbackLadder.LadderPost(m[0], 8, 2);
        _expectPost(m[0], true, "A comes back in its own turn");
        assertFalse(_demoted(m[0]), "restored");
        assertEq(_streak(m[0]), 0, "misses cleared");
        vm.roll(_start(12));
        assertEq(inbox.postingRights(m[0], _start(12)), 1, "A is primary again");
        assertEq(inbox.postingRights(m[1], _start(12)), 0, "B waits for G1 again");
    }

    /// @notice A dead primary whose first backup is alive costs G1 blocks in its first two turns
    ///         and nothing after.
    function test_deadPrimary_costsG1TwiceThenNothing() external {
        _demoteA();
        for (uint256 w = 8; w <= 16; w += 4) {
            vm.roll(_start(w));
            _expectPost(m[1], true, "B from the first block of A's turn");
        }
        assertEq(_streak(m[0]), 2, "no further misses: A is not the effective primary");
    }

    /// @notice Roster changes rewrite the members' records but keep the ladder's part of the
    ///         word: a demoted primary stays demoted under the new roster until it posts.
    function test_demotion_survivesRosterChanges() external {
        _demoteA();
        vm.roll(_start(5));
        vm.prank(owner);
        inbox.addLeader(makeAddr(0xE0)); // [A, B, C, D, E] from turn 6
        assertTrue(_demoted(m[0]), "still demoted");
        // Turn 10 is A's (10 % 5 = 0); B stands in.
        vm.roll(_start(10));
        assertEq(inbox.leaderAt(_start(10)), m[0], "A's turn");
        _expectPost(m[1], true, "B stands in");
    }
}
