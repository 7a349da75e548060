// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import { vm } from "baton/script/Vm.sol";
import { ILeaderElection } from "baton/interfaces/ILeaderElection.sol";
import { IFallbackLadder } from "baton/interfaces/IFallbackLadder.sol";
import { FallbackLadder } from "baton/ladder/FallbackLadder.sol";
import { TestBase } from "baton-test/TestBase.sol";
import { MechanismConformance } from "baton-test/kit/MechanismConformance.sol";
import { LadderRoundRobinInbox, LadderRoundRobinScript } from "../../examples/LadderRoundRobin.sol";

/// @title LadderRoundRobin_Base
/// @notice Four members A B C D in turns of 8 blocks from block 1000, two backups per window,
///         G1 = G2 = G3 = 2, two misses demote. Window `w` (blocks `1000 + 8w ..`) has primary
///         `m[w % 4]`, first backup `m[w+1]`, further backup `m[w+2]`, member-only `m[w+3]`.
abstract contract LadderRoundRobin_Base is TestBase {
    uint256 internal constant START = 1_000;
    uint256 internal constant K = 8;
    uint256 internal constant G1 = 2;
    uint256 internal constant G2 = 2;
    uint256 internal constant G3 = 2;
    uint256 internal constant MAX_MISSES = 2;

    LadderRoundRobinInbox internal inbox;
    address[] internal m;
    address internal outsider = makeAddr(0xBAD);

    function setUp() public virtual {
        for (uint256 i = 0; i < 4; i++) {
            m.push(makeAddr(0xA0 + i));
        }
        vm.roll(START - 5);
        inbox = _deploy(m, 2, G1, G2, G3, MAX_MISSES);
    }

    function _deploy(
        address[] memory _members,
        uint256 _backups,
        uint256 _g1,
        uint256 _g2,
        uint256 _g3,
        uint256 _maxMisses
    )
        internal
        returns (LadderRoundRobinInbox)
    {
        return new LadderRoundRobinInbox(
            LadderRoundRobinInbox.Config({
                members: _members,
                turnLength: K,
                startBlock: START,
                backups: _backups,
                g1: _g1,
                g2: _g2,
                g3: _g3,
                maxMisses: _maxMisses
            })
        );
    }

    /// @notice Member of rank `_rank` (1 = primary) in window `_w` (no demotion).
    function _ranked(uint256 _w, uint256 _rank) internal view returns (address) {
        return m[(_w + _rank - 1) % 4];
    }

    function _start(uint256 _w) internal pure returns (uint256) {
        return START + _w * K;
    }

    /// @notice A batch from `_who` at the current block; checks that a rejection is exactly
    ///         `NotLeader(_who, block)`.
    function _post(address _who) internal returns (bool ok_) {
        vm.prank(_who);
        bytes memory ret;
        (ok_, ret) = address(inbox).call(hex"00c0ffee");
        if (!ok_) {
            assertEq(ret, abi.encodeWithSelector(ILeaderElection.NotLeader.selector, _who, block.number), "NotLeader");
        }
    }

    function _expectPost(address _who, bool _accepted, string memory _what) internal {
        uint8 rung = inbox.postingRights(_who, block.number);
        bool ok = _post(_who);
        if (_accepted) assertTrue(ok, string.concat("accepted: ", _what));
        else assertFalse(ok, string.concat("rejected: ", _what));
        assertEq(rung != 0 ? 1 : 0, ok ? 1 : 0, string.concat("postingRights agrees: ", _what));
    }

    function _streak(address _who) internal view returns (uint256 streak_) {
        (,, streak_,) = inbox.ladderRecord(_who);
    }

    function _demoted(address _who) internal view returns (bool demoted_) {
        (,,, demoted_) = inbox.ladderRecord(_who);
    }
}

/// @title LadderRoundRobin_Rungs_Test
/// @notice Each rung opens exactly at its block, never earlier, and closes once the primary posts.
contract LadderRoundRobin_Rungs_Test is LadderRoundRobin_Base {
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
        _expectPost(_ranked(0, 3), false, "further backup at G1");
        _expectPost(_ranked(0, 4), false, "member at G1");
        _expectPost(_ranked(0, 2), true, "first backup at G1");
    }

    function test_furtherBackup_opensExactlyAtG1G2() external {
        vm.roll(_start(0) + G1 + G2 - 1);
        _expectPost(_ranked(0, 3), false, "further backup, one block early");
        vm.roll(_start(0) + G1 + G2);
        _expectPost(_ranked(0, 4), false, "member at G1 + G2");
        _expectPost(_ranked(0, 3), true, "further backup at G1 + G2");
    }

    function test_member_opensExactlyAtG1G2G3() external {
        vm.roll(_start(0) + G1 + G2 + G3 - 1);
        _expectPost(_ranked(0, 4), false, "member, one block early");
        vm.roll(_start(0) + G1 + G2 + G3);
        _expectPost(outsider, false, "an outsider never");
        _expectPost(_ranked(0, 4), true, "member at G1 + G2 + G3");
    }

    function test_rungOf_reportsEachOpening() external {
        vm.roll(_start(0));
        uint256 end = _start(1);
        uint256[5] memory opens = [uint256(0), _start(0), _start(0) + G1, _start(0) + G1 + G2, _start(0) + 6];
        for (uint256 r = 1; r <= 4; r++) {
            (uint8 rung, uint256 opensAt, uint256 windowEnd) = inbox.rungOf(_ranked(0, r), _start(0) + 3);
            assertEq(rung, r, "rung = rank here");
            assertEq(opensAt, opens[r], "opens at");
            assertEq(windowEnd, end, "window end");
        }
        (uint8 none,,) = inbox.rungOf(outsider, _start(0));
        assertEq(none, 0, "outsider holds no rung");
    }

    function test_primaryPost_closesTheLadder() external {
        vm.roll(_start(0) + 1);
        _expectPost(_ranked(0, 1), true, "primary");
        for (uint256 b = _start(0) + G1; b < _start(1); b++) {
            vm.roll(b);
            for (uint256 r = 2; r <= 4; r++) {
                _expectPost(_ranked(0, r), false, "ladder closed: the primary posted");
            }
            _expectPost(_ranked(0, 1), true, "primary again");
        }
        (,,, address primary, bool posted) = inbox.ladderWindow(_start(0));
        assertEq(primary, _ranked(0, 1), "effective primary");
        assertTrue(posted, "primary posted");
    }

    /// @notice The issue's case: a backup posts, then the late primary: both are accepted
    ///         (whichever lands first derives; derivation drops the duplicate L2 blocks).
    function test_latePrimary_andBackup_bothAccepted() external {
        vm.roll(_start(0) + G1);
        _expectPost(_ranked(0, 2), true, "backup");
        vm.roll(_start(0) + G1 + 1);
        _expectPost(_ranked(0, 1), true, "late primary");
        _expectPost(_ranked(0, 2), false, "backup closed once the primary posted");
        assertEq(_streak(_ranked(0, 1)), 0, "the late post clears the miss");
    }

    function test_beforeStart_nobody() external {
        vm.roll(START - 1);
        for (uint256 i = 0; i < 4; i++) {
            _expectPost(m[i], false, "before the schedule");
        }
        (uint256 w, uint256 s, uint256 e, address p,) = inbox.ladderWindow(START - 1);
        assertEq(w + s + e, 0, "no window");
        assertEq(p, address(0), "no primary");
    }

    function test_pastWindow_viewsRevert() external {
        vm.roll(_start(2));
        vm.expectRevert(abi.encodeWithSelector(IFallbackLadder.LadderWindowPassed.selector, _start(1) + 3, _start(2)));
        inbox.postingRights(m[0], _start(1) + 3);
    }

    function test_parameters() external view {
        (uint256 g1, uint256 g2, uint256 g3, uint256 mm) = inbox.ladderParameters();
        assertEq(g1 * 1_000_000 + g2 * 10_000 + g3 * 100 + mm, 2_020_202, "parameters");
        assertEq(inbox.leaderAt(_start(5)), m[1], "leaderAt is the scheduled primary");
    }

    function test_constructor_rejectsBadParameters() external {
        vm.expectRevert(abi.encodeWithSelector(FallbackLadder.BadLadderParameters.selector));
        _deploy(m, 2, 0, 1, 1, 2); // G1 = 0
        vm.expectRevert(abi.encodeWithSelector(FallbackLadder.BadLadderParameters.selector));
        _deploy(m, 2, 1, 1, 1, 0); // maxMisses = 0
        vm.expectRevert(abi.encodeWithSelector(LadderRoundRobinInbox.BadConfig.selector));
        _deploy(m, 4, 1, 1, 1, 2); // backups >= n
        address[] memory dup = new address[](2);
        (dup[0], dup[1]) = (m[0], m[0]);
        vm.expectRevert(abi.encodeWithSelector(LadderRoundRobinInbox.BadConfig.selector));
        _deploy(dup, 1, 1, 1, 1, 2);
    }
}

/// @title LadderRoundRobin_Demotion_Test
/// @notice Misses in a row demote a primary; its first backup then takes its windows from their
///         first block, so a dead leader does not re-close the ladder every rotation.
contract LadderRoundRobin_Demotion_Test is LadderRoundRobin_Base {
    function test_missRecordedOncePerWindow() external {
        address a = _ranked(0, 1);
        vm.roll(_start(0) + G1);
        _expectPost(_ranked(0, 2), true, "first backup");
        vm.roll(_start(0) + G1 + G2);
        _expectPost(_ranked(0, 3), true, "further backup");
        _expectPost(_ranked(0, 2), true, "first backup again");
        assertEq(_streak(a), 1, "one miss per window");
        assertFalse(_demoted(a), "not yet demoted");
    }

    function test_deadPrimary_demotedAfterMaxMisses_thenBackupLeadsFromTheStart() external {
        address a = m[0];
        address b = m[1];
        // A's windows are 0, 4, 8, ...: B covers at G1 in the first MAX_MISSES of them.
        for (uint256 i = 0; i < MAX_MISSES; i++) {
            uint256 w = 4 * i;
            vm.roll(_start(w) + G1 - 1);
            _expectPost(b, false, "B waits G1 while A is primary");
            vm.roll(_start(w) + G1);
            _expectPost(b, true, "B covers at G1");
            assertEq(_streak(a), i + 1, "A's misses in a row");
        }
        assertTrue(_demoted(a), "A is demoted");
        uint256 w2 = 4 * MAX_MISSES;
        vm.roll(_start(w2));
        (,,, address primary, bool posted) = inbox.ladderWindow(_start(w2));
        assertEq(primary, b, "B is the effective primary of A's window");
        assertFalse(posted, "nothing posted yet");
        assertEq(inbox.leaderAt(_start(w2)), a, "leaderAt still names the scheduled primary");
        assertEq(inbox.postingRights(b, _start(w2)), 1, "B holds rung 1 from the start");
        _expectPost(m[2], false, "C is now the first backup: waits G1");
        _expectPost(b, true, "B posts at the first block: a dead A costs nothing now");
        assertEq(_streak(a), MAX_MISSES, "A charged no more (it was not the effective primary)");
        vm.roll(_start(w2) + G1);
        _expectPost(m[2], false, "C closed: B posted");
    }

    function test_demoted_backupsMoveUp() external {
        _demote(m[0]);
        uint256 w = 4 * MAX_MISSES; // an A window
        assertEq(inbox.postingRights(m[0], _start(w)), 2, "A: rung 2 from the start (to come back)");
        (uint8 rung, uint256 opensAt,) = inbox.rungOf(m[2], _start(w));
        assertEq(rung, 2, "C moves up to first backup");
        assertEq(opensAt, _start(w) + G1, "at G1");
        (rung, opensAt,) = inbox.rungOf(m[3], _start(w));
        assertEq(rung, 4, "D stays a member");
        // B silent too: C covers at G1 and B is charged as the effective primary.
        vm.roll(_start(w) + G1);
        _expectPost(m[2], true, "C covers");
        assertEq(_streak(m[1]), 1, "B charged for A's window it led");
    }

    function test_demotedPrimary_returnsByPosting() external {
        _demote(m[0]);
        uint256 w = 4 * MAX_MISSES;
        vm.roll(_start(w) + 1);
        _expectPost(m[0], true, "A posts in its own window");
        assertFalse(_demoted(m[0]), "A is back");
        (,,, address primary, bool posted) = inbox.ladderWindow(_start(w));
        assertEq(primary, m[0], "A is the effective primary again");
        assertTrue(posted, "and has posted");
        assertEq(_streak(m[1]), 0, "B not charged: A's post came before G1");
        vm.roll(_start(w) + G1);
        _expectPost(m[1], false, "B closed: the primary posted");
        vm.roll(_start(w + 4));
        assertEq(inbox.postingRights(m[0], block.number), 1, "A is primary of its next window");
    }

    function test_anyPostResetsStreak() external {
        _demote(m[0]);
        // A is B's first backup in window 1 + 4*MAX_MISSES (B's window); B is silent.
        uint256 w = 4 * MAX_MISSES + 1;
        vm.roll(_start(w) + G1);
        _expectPost(m[2], true, "C (first backup of B's window) covers");
        vm.roll(_start(w) + G1 + G2);
        _expectPost(m[0], false, "A: B's third in line, a member there (rank 4)");
        assertTrue(_demoted(m[0]), "still demoted");
        // A as further backup in window w + 1 (C's window, A is rank 3): post after G1 + G2.
        vm.roll(_start(w + 1) + G1 + G2);
        _expectPost(m[0], true, "A posts as a further backup");
        assertFalse(_demoted(m[0]), "a post of any rung resets the streak");
    }

    /// @notice A dead primary's cost per window, with everyone else honest (posting as soon as
    ///         a rung opens): G1 blocks in its first MAX_MISSES windows, 0 after.
    function test_deadPrimaryCost_G1ThenZero() external {
        for (uint256 w = 0; w < 40; w++) {
            uint256 firstPost = type(uint256).max;
            for (uint256 b = _start(w); b < _start(w + 1) && firstPost == type(uint256).max; b++) {
                vm.roll(b);
                for (uint256 i = 1; i < 4; i++) {
                    // A (m[0]) is dead; the others post whenever they may.
                    if (inbox.postingRights(m[i], b) != 0) {
                        assertTrue(_post(m[i]), "a right is honoured");
                        firstPost = b - _start(w);
                        break;
                    }
                }
            }
            uint256 aWindows = w / 4; // A's windows before this one
            if (w % 4 != 0) assertEq(firstPost, 0, "a live primary posts at once");
            else if (aWindows < MAX_MISSES) assertEq(firstPost, G1, "A's window: G1 blocks lost");
            else assertEq(firstPost, 0, "A demoted: its windows cost nothing");
        }
    }

    function _demote(address _who) internal {
        uint256 pos = _who == m[0] ? 0 : 1;
        require(pos == 0, "demote A only");
        for (uint256 i = 0; i < MAX_MISSES; i++) {
            vm.roll(_start(4 * i) + G1);
            assertTrue(_post(m[1]), "B covers");
        }
        assertTrue(_demoted(_who), "demoted");
    }
}

/// @title LadderRoundRobin_Fuzz_Test
contract LadderRoundRobin_Fuzz_Test is LadderRoundRobin_Base {
    /// @notice Each rung opens exactly at its block for any parameters.
    function testFuzz_rungsOpenExactly(uint256 _g1, uint256 _g2, uint256 _g3, uint256 _w) external {
        uint256 g1 = 1 + _g1 % 5;
        uint256 g2 = _g2 % 3;
        uint256 g3 = _g3 % 3;
        uint256 w = _w % 1000;
        LadderRoundRobinInbox lr = _deploy(m, 2, g1, g2, g3, 2);
        inbox = lr;
        uint256 s = _start(w);
        uint256[4] memory opens = [s, s + g1, s + g1 + g2, s + g1 + g2 + g3];
        for (uint256 b = s; b < s + K; b++) {
            vm.roll(b);
            for (uint256 r = 1; r <= 4; r++) {
                uint8 want = b >= opens[r - 1] ? uint8(r) : 0;
                assertEq(inbox.postingRights(_ranked(w, r), b), want, "rung opens exactly at its block");
            }
            assertEq(inbox.postingRights(outsider, b), 0, "outsider");
        }
    }

    /// @notice The fallback accepts exactly the senders `postingRights` names, whatever happened
    ///         earlier in the window (random posts by random members at random blocks).
    function testFuzz_fallbackMatchesPostingRights(uint256 _seed) external {
        uint256 w = (_seed >> 200) % 64;
        for (uint256 b = _start(w); b < _start(w + 3); b++) {
            vm.roll(b);
            for (uint256 j = 0; j < 2; j++) {
                uint256 rnd = uint256(keccak256(abi.encode(_seed, b, j)));
                if (rnd % 3 != 0) continue;
                address who = rnd % 11 == 0 ? outsider : m[(rnd >> 8) % 4];
                _expectPost(who, inbox.postingRights(who, b) != 0, "fuzzed post");
            }
        }
    }
}

/// @title LadderRoundRobin_Conformance_Test
/// @notice The kit's rules hold for the example through its own script: `leaderAt` is a fixed
///         schedule of primaries, and because the kit's walk posts from the primary at every
///         block from the first of each window, no backup's rung is ever open when it tries.
contract LadderRoundRobin_Conformance_Test is MechanismConformance {
    function _deployMechanism(
        address _owner,
        address[] memory _batchers,
        uint256 _turnLength
    )
        internal
        override
        returns (ILeaderElection)
    {
        return ILeaderElection(new LadderRoundRobinScript().deploy(_owner, _batchers, _turnLength));
    }

    function _artifactPath() internal pure override returns (string memory) {
        return "out/LadderRoundRobin.sol/LadderRoundRobinInbox.json";
    }

    function test_ladderSelectors_noZeroByte() external pure {
        bytes4[5] memory sels = [
            IFallbackLadder.postingRights.selector,
            IFallbackLadder.rungOf.selector,
            IFallbackLadder.ladderWindow.selector,
            IFallbackLadder.ladderParameters.selector,
            IFallbackLadder.ladderRecord.selector
        ];
        bytes4[5] memory want =
            [bytes4(0xcb924317), bytes4(0x7aae5d49), bytes4(0x91b864e0), bytes4(0xae360f79), bytes4(0x962a9be7)];
        for (uint256 i = 0; i < 5; i++) {
            assertEq(bytes32(sels[i]), bytes32(want[i]), "documented selector");
            assertTrue(sels[i][0] != 0x00, "no 0x00 selector");
        }
    }
}
