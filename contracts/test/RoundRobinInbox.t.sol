// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import { Vm, vm } from "../src/script/Vm.sol";
import { ScheduleChecks } from "./ScheduleChecks.sol";
import { ILeaderElection } from "../src/interfaces/ILeaderElection.sol";
import { ILeaderWeights } from "../src/interfaces/ILeaderWeights.sol";
import { IMissReporting } from "../src/interfaces/IMissReporting.sol";
import { BatchInbox } from "../src/BatchInbox.sol";
import { RoundRobinInbox } from "../src/RoundRobinInbox.sol";
import { MechanismConformance } from "./kit/MechanismConformance.sol";
import { DeployRoundRobin } from "../script/DeployRoundRobin.s.sol";

/// @title RoundRobinInbox_TestInit
/// @notice Shared fixture: start block 100, turns of 3 blocks, lookahead 5, roster [A, B, C], and
///         block.number 90. The schedule from 100 on is A A A B B B C C C A A A ...
abstract contract RoundRobinInbox_TestInit is ScheduleChecks {
    uint256 internal constant START = 100;
    uint256 internal constant K = 3;
    uint256 internal constant LOOKAHEAD = 5;

    address internal owner = makeAddr(1);
    address internal alice = makeAddr(10);
    address internal bob = makeAddr(11);
    address internal carol = makeAddr(12);
    address internal dave = makeAddr(13);
    address internal eve = makeAddr(14);

    RoundRobinInbox internal inbox;

    function setUp() public virtual {
        vm.roll(90);
        inbox = new RoundRobinInbox(owner, K, LOOKAHEAD, START, _roster3(alice, bob, carol), _ladder());
    }

    function _roster3(address _a, address _b, address _c) internal pure returns (address[] memory r_) {
        r_ = new address[](3);
        r_[0] = _a;
        r_[1] = _b;
        r_[2] = _c;
    }

    function _one(address _a) internal pure returns (address[] memory r_) {
        r_ = new address[](1);
        r_[0] = _a;
    }

    function _add(address _who) internal {
        vm.prank(owner);
        inbox.addLeader(_who);
    }

    function _remove(address _who) internal {
        vm.prank(owner);
        inbox.removeLeader(_who);
    }

    /// @notice Leader of `_b` under a fixed roster, straight from the formula (for cross-checks).
    function _formula(address[] memory _r, uint256 _start, uint256 _k, uint256 _b) internal pure returns (address) {
        if (_b < _start || _r.length == 0) return address(0);
        return _r[((_b - _start) / _k) % _r.length];
    }
}

/// @title RoundRobinInbox_Constructor_Test
contract RoundRobinInbox_Constructor_Test is RoundRobinInbox_TestInit {
    function test_constructor_setsParameters_succeeds() external view {
        assertEq(inbox.owner(), owner, "owner");
        assertEq(inbox.turnLength(), K, "turnLength");
        assertEq(inbox.lookahead(), LOOKAHEAD, "lookahead");
        assertEq(inbox.startBlock(), START, "startBlock");
        assertEq(inbox.maxLeaders(), 64, "maxLeaders");
        address[] memory r = inbox.leadersAt(START);
        assertEq(r.length, 3, "roster size");
        assertEq(r[0], alice, "r0");
        assertEq(r[1], bob, "r1");
        assertEq(r[2], carol, "r2");
        assertEq(inbox.pendingActivation(), START, "initial roster pending until start");
    }

    function test_constructor_emitsLeaderAdded_succeeds() external {
        vm.recordLogs();
        RoundRobinInbox rr = new RoundRobinInbox(owner, K, LOOKAHEAD, START, _roster3(alice, bob, carol), _ladder());
        Vm.Log[] memory logs = vm.getRecordedLogs();
        uint256 added;
        for (uint256 i = 0; i < logs.length; i++) {
            if (logs[i].topics[0] != ILeaderElection.LeaderAdded.selector) continue;
            assertEq(logs[i].emitter, address(rr), "emitter");
            assertEq(logs[i].topics[1], bytes32(uint256(uint160([alice, bob, carol][added]))), "leader");
            assertEq(logs[i].data, abi.encode(START), "activation block");
            added++;
        }
        assertEq(added, 3, "one LeaderAdded per initial leader");
    }

    function test_constructor_zeroOwner_reverts() external {
        vm.expectRevert(abi.encodeWithSelector(RoundRobinInbox.ZeroAddressOwner.selector));
        new RoundRobinInbox(address(0), K, LOOKAHEAD, START, _one(alice), _ladder());
    }

    function test_constructor_zeroTurnLength_reverts() external {
        vm.expectRevert(abi.encodeWithSelector(RoundRobinInbox.InvalidTurnLength.selector));
        new RoundRobinInbox(owner, 0, LOOKAHEAD, START, _one(alice), _ladder());
    }

    function test_constructor_zeroLookahead_reverts() external {
        vm.expectRevert(abi.encodeWithSelector(RoundRobinInbox.InvalidLookahead.selector));
        new RoundRobinInbox(owner, K, 0, START, _one(alice), _ladder());
    }

    function test_constructor_startBlockTooLarge_reverts() external {
        vm.expectRevert(abi.encodeWithSelector(RoundRobinInbox.InvalidStartBlock.selector));
        new RoundRobinInbox(owner, K, LOOKAHEAD, 1 << 63, _one(alice), _ladder());
        new RoundRobinInbox(owner, K, LOOKAHEAD, (1 << 63) - 1, _one(alice), _ladder());
    }

    function test_constructor_hugeTurnLengthOrLookahead_reverts() external {
        vm.expectRevert(abi.encodeWithSelector(RoundRobinInbox.InvalidTurnLength.selector));
        new RoundRobinInbox(owner, 1 << 32, LOOKAHEAD, START, _one(alice), _ladder());
        vm.expectRevert(abi.encodeWithSelector(RoundRobinInbox.InvalidLookahead.selector));
        new RoundRobinInbox(owner, K, 1 << 32, START, _one(alice), _ladder());
    }

    function test_constructor_duplicateLeader_reverts() external {
        vm.expectRevert(abi.encodeWithSelector(RoundRobinInbox.LeaderAlreadyPresent.selector, alice));
        new RoundRobinInbox(owner, K, LOOKAHEAD, START, _roster3(alice, bob, alice), _ladder());
    }

    function test_constructor_zeroLeader_reverts() external {
        vm.expectRevert(abi.encodeWithSelector(RoundRobinInbox.ZeroAddressLeader.selector));
        new RoundRobinInbox(owner, K, LOOKAHEAD, START, _roster3(alice, address(0), bob), _ladder());
    }

    function test_constructor_tooManyLeaders_reverts() external {
        address[] memory r = new address[](65);
        for (uint256 i = 0; i < r.length; i++) {
            r[i] = makeAddr(1000 + i);
        }
        vm.expectRevert(abi.encodeWithSelector(RoundRobinInbox.TooManyLeaders.selector, 64));
        new RoundRobinInbox(owner, K, LOOKAHEAD, START, r, _ladder());
    }

    function test_constructor_maxLeaders_succeeds() external {
        address[] memory r = new address[](64);
        for (uint256 i = 0; i < r.length; i++) {
            r[i] = makeAddr(1000 + i);
        }
        RoundRobinInbox big = new RoundRobinInbox(owner, 1, LOOKAHEAD, 0, r, _ladder());
        assertEq(big.leaderAt(63), r[63], "last member leads its turn");
        assertEq(big.leaderAt(64), r[0], "rotation wraps");
    }
}

/// @title RoundRobinInbox_LeaderAt_Test
contract RoundRobinInbox_LeaderAt_Test is RoundRobinInbox_TestInit {
    function test_leaderAt_roundRobin_rotatesEveryTurn() external view {
        address[12] memory expected = [alice, alice, alice, bob, bob, bob, carol, carol, carol, alice, alice, alice];
        for (uint256 i = 0; i < expected.length; i++) {
            assertEq(inbox.leaderAt(START + i), expected[i], "schedule");
        }
        assertEq(inbox.leaderAt(START + 3 * K * 1000 + 4), bob, "far future");
    }

    function test_leaderAt_beforeStart_returnsZero() external view {
        assertEq(inbox.leaderAt(0), address(0), "block 0");
        assertEq(inbox.leaderAt(START - 1), address(0), "block before start");
        assertEq(inbox.leadersAt(START - 1).length, 0, "no roster before start");
    }

    function test_leaderAt_emptySet_returnsZero() external {
        RoundRobinInbox empty = new RoundRobinInbox(owner, K, LOOKAHEAD, START, new address[](0), _ladder());
        assertEq(empty.leaderAt(START), address(0), "start");
        assertEq(empty.leaderAt(START + 7), address(0), "later");
        assertFalse(empty.isLeader(alice, START), "nobody leads");
        (uint256 s, uint256 e) = empty.nextWindow(alice, START);
        assertEq(s, 0, "start");
        assertEq(e, 0, "end");
    }

    function test_leaderAt_forgottenBlock_reverts() external {
        // Two changes in two different activations replace the initial roster (active from 100).
        vm.roll(120);
        _add(dave); // activates at 127, written into bank 1
        vm.roll(130);
        _add(eve); // activates at 136, overwrites bank 0 (the roster of 100..126)
        assertEq(inbox.leaderAt(127), bob, "kept: 127 is turn 9, [A,B,C,D] -> B");
        vm.expectRevert(abi.encodeWithSelector(ILeaderElection.ScheduleForgotten.selector, 126, 127));
        inbox.leaderAt(126);
        assertEq(inbox.leaderAt(START - 1), address(0), "before start still answers");
    }
}

/// @title RoundRobinInbox_IsLeader_Test
contract RoundRobinInbox_IsLeader_Test is RoundRobinInbox_TestInit {
    function test_isLeader_leaderOfBlock_returnsTrue() external view {
        assertTrue(inbox.isLeader(alice, START), "alice leads 100");
        assertTrue(inbox.isLeader(bob, START + 3), "bob leads 103");
        assertTrue(inbox.isLeader(carol, START + 8), "carol leads 108");
    }

    function test_isLeader_otherMember_returnsFalse() external view {
        assertFalse(inbox.isLeader(bob, START), "bob does not lead 100");
        assertFalse(inbox.isLeader(alice, START + 3), "alice does not lead 103");
    }

    function test_isLeader_nonMember_returnsFalse() external view {
        assertFalse(inbox.isLeader(dave, START), "dave is not a member");
    }

    function test_isLeader_zeroAddress_returnsFalse() external {
        assertFalse(inbox.isLeader(address(0), START), "zero never leads");
        RoundRobinInbox empty = new RoundRobinInbox(owner, K, LOOKAHEAD, START, new address[](0), _ladder());
        assertFalse(empty.isLeader(address(0), START), "zero never leads an empty set");
    }

    function test_isLeader_beforeStart_returnsFalse() external view {
        assertFalse(inbox.isLeader(alice, START - 1), "before start");
        assertFalse(inbox.isLeader(alice, 0), "block 0");
    }

    function test_isLeader_forgottenBlock_reverts() external {
        vm.roll(120);
        _add(dave);
        vm.roll(130);
        _add(eve);
        vm.expectRevert(abi.encodeWithSelector(ILeaderElection.ScheduleForgotten.selector, 110, 127));
        inbox.isLeader(alice, 110);
    }
}

/// @title RoundRobinInbox_NextWindow_Test
contract RoundRobinInbox_NextWindow_Test is RoundRobinInbox_TestInit {
    function setUp() public override {
        super.setUp();
        vm.roll(110); // horizon = activationFor(110) = first boundary >= 115 = 115
    }

    function test_nextWindow_leaderNow_startsAtFromBlock() external view {
        // 109..111 is alice's turn (turn 3).
        (uint256 s, uint256 e) = inbox.nextWindow(alice, 110);
        assertEq(s, 110, "start is fromBlock");
        assertEq(e, 112, "end of turn");
    }

    function test_nextWindow_laterTurn_returnsTurn() external view {
        (uint256 s, uint256 e) = inbox.nextWindow(bob, 110);
        assertEq(s, 112, "bob's next turn");
        assertEq(e, 115, "end");
    }

    function test_nextWindow_beyondHorizon_returnsZero() external view {
        assertEq(inbox.horizon(), 115, "horizon");
        (uint256 s, uint256 e) = inbox.nextWindow(carol, 110); // carol's turn starts at 115
        assertEq(s, 0, "start");
        assertEq(e, 0, "end");
        (s, e) = inbox.nextWindow(alice, 115);
        assertEq(s, 0, "from at horizon");
        assertEq(e, 0, "from at horizon");
    }

    function test_nextWindow_notMember_returnsZero() external view {
        (uint256 s, uint256 e) = inbox.nextWindow(dave, 110);
        assertEq(s + e, 0, "dave never leads");
        (s, e) = inbox.nextWindow(address(0), 110);
        assertEq(s + e, 0, "zero never leads");
    }

    function test_nextWindow_pastFromBlock_succeeds() external view {
        (uint256 s, uint256 e) = inbox.nextWindow(carol, 101);
        assertEq(s, 106, "carol's first turn");
        assertEq(e, 109, "end");
    }

    function test_nextWindow_beforeStart_startsAtStartBlock() external {
        vm.roll(96); // horizon = first boundary >= 101 = 103
        (uint256 s, uint256 e) = inbox.nextWindow(alice, 0);
        assertEq(s, START, "clamped to start");
        assertEq(e, START + K, "first turn");
    }

    function test_nextWindow_singleLeader_runsToHorizon() external {
        RoundRobinInbox solo = new RoundRobinInbox(owner, K, LOOKAHEAD, START, _one(alice), _ladder());
        (uint256 s, uint256 e) = solo.nextWindow(alice, 104);
        assertEq(s, 104, "start");
        assertEq(e, solo.horizon(), "end is the horizon");
        assertEq(e, 115, "horizon value");
    }

    function test_nextWindow_acrossActivation_usesNewRoster() external {
        vm.roll(120);
        _add(dave); // at 127 the roster becomes [A, B, C, D]; turn 9 (127) -> 9 % 4 = 1 -> B
        vm.roll(125);
        assertEq(inbox.horizon(), 130, "horizon");
        (uint256 s, uint256 e) = inbox.nextWindow(carol, 125);
        assertEq(s, 125, "carol leads turn 8 (124..126) of the old roster");
        assertEq(e, 127, "and not turn 9 of the new one");
        (s, e) = inbox.nextWindow(bob, 125);
        assertEq(s, 127, "bob leads the first turn of the new roster");
        assertEq(e, 130, "end");
        (s, e) = inbox.nextWindow(dave, 125);
        assertEq(s + e, 0, "dave's first turn (133) is past the horizon");
        (s, e) = inbox.nextWindow(alice, 125);
        assertEq(s + e, 0, "alice has no turn in [125, 130)");
    }

    function test_nextWindow_removedLeader_mergesWithNextRoster() external {
        vm.roll(120);
        _remove(alice); // at 127 the roster becomes [B, C]; turn 9 -> 9 % 2 = 1 -> C
        vm.roll(125);
        (uint256 s, uint256 e) = inbox.nextWindow(carol, 125);
        assertEq(s, 125, "carol leads turn 8 of the old roster");
        assertEq(e, 130, "and turn 9 of the new one: one window");
        (s, e) = inbox.nextWindow(alice, 125);
        assertEq(s + e, 0, "alice removed");
    }

    function test_nextWindow_mergesAcrossActivation() external {
        // Turn 8 (124..126) is C's; removing A and B makes the roster from 127 [C], so C's window
        // runs from 124 across the activation up to the horizon.
        vm.roll(120);
        vm.startPrank(owner);
        inbox.removeLeader(alice);
        inbox.removeLeader(bob);
        vm.stopPrank();
        vm.roll(124);
        assertEq(inbox.horizon(), 130, "horizon");
        (uint256 s, uint256 e) = inbox.nextWindow(carol, 124);
        assertEq(s, 124, "start");
        assertEq(e, 130, "window runs across the activation at 127 up to the horizon");
        assertEq(inbox.leaderAt(126), carol, "old roster");
        assertEq(inbox.leaderAt(127), carol, "new roster");
    }

    function test_nextWindow_forgotten_reverts() external {
        vm.roll(120);
        _add(dave);
        vm.roll(130);
        _add(eve);
        vm.expectRevert(abi.encodeWithSelector(ILeaderElection.ScheduleForgotten.selector, 110, 127));
        inbox.nextWindow(alice, 110);
    }
}

/// @title RoundRobinInbox_Changes_Test
contract RoundRobinInbox_Changes_Test is RoundRobinInbox_TestInit {
    function test_activationFor_alignsToTurnBoundary() external view {
        assertEq(inbox.activationFor(0), START, "before start");
        assertEq(inbox.activationFor(START - LOOKAHEAD), START, "exactly reaches start");
        assertEq(inbox.activationFor(START - LOOKAHEAD + 1), START + K, "one past start");
        assertEq(inbox.activationFor(120), 127, "120 + 5 = 125 -> 127");
        assertEq(inbox.activationFor(122), 127, "122 + 5 = 127 is a boundary");
        assertEq(inbox.activationFor(123), 130, "128 -> 130");
    }

    function test_addLeader_takesEffectAfterLookahead() external {
        vm.roll(120);
        address[16] memory before;
        for (uint256 i = 0; i < 16; i++) {
            before[i] = inbox.leaderAt(120 + i);
        }

        vm.expectEmit(true, true, true, true, address(inbox));
        emit ILeaderElection.LeaderAdded(dave, 127);
        _add(dave);

        assertEq(inbox.pendingActivation(), 127, "pending");
        for (uint256 i = 0; i < 7; i++) {
            assertEq(inbox.leaderAt(120 + i), before[i], "blocks before activation unchanged");
        }
        // [A, B, C, D] from 127: turn 9 -> 9 % 4 = 1 -> B, turn 10 -> C, turn 11 -> D.
        assertEq(inbox.leaderAt(127), bob, "127");
        assertEq(inbox.leaderAt(130), carol, "130");
        assertEq(inbox.leaderAt(133), dave, "133");
        assertFalse(inbox.isLeader(dave, 126), "dave not before activation");
        assertTrue(inbox.isLeader(dave, 135), "dave after activation");
        vm.roll(127);
        assertEq(inbox.pendingActivation(), 0, "active now");
    }

    function test_addLeader_sameActivation_merges() external {
        vm.roll(120);
        _add(dave);
        vm.roll(122); // activationFor(122) == 127 too
        _add(eve);
        address[] memory r = inbox.leadersAt(127);
        assertEq(r.length, 5, "both merged into one roster");
        assertEq(r[3], dave, "dave");
        assertEq(r[4], eve, "eve");
        assertEq(inbox.leadersAt(126).length, 3, "old roster until activation");
    }

    function test_addLeader_whilePending_reverts() external {
        vm.roll(120);
        _add(dave); // 127
        vm.roll(123); // would activate at 130
        vm.expectRevert(abi.encodeWithSelector(RoundRobinInbox.ChangeAlreadyPending.selector, 127, 130));
        vm.prank(owner);
        inbox.addLeader(eve);
    }

    function test_addLeader_afterActivation_succeeds() external {
        vm.roll(120);
        _add(dave); // 127
        vm.roll(127);
        _add(eve); // activationFor(127) = 133
        assertEq(inbox.leadersAt(132).length, 4, "A B C D");
        assertEq(inbox.leadersAt(133).length, 5, "A B C D E");
        assertEq(inbox.leadersAt(127).length, 4, "127 still known");
    }

    function test_addLeader_beforeStart_editsInitialRoster() external {
        // At 90, 90 + 5 <= 100: the change lands at START, the initial roster's own activation.
        _add(dave);
        assertEq(inbox.leadersAt(START).length, 4, "roster from start");
        assertEq(inbox.leaderAt(START + 9), dave, "turn 3 -> D");
    }

    function test_addLeader_notOwner_reverts() external {
        vm.expectRevert(abi.encodeWithSelector(RoundRobinInbox.NotOwner.selector, alice));
        vm.prank(alice);
        inbox.addLeader(dave);
    }

    function test_addLeader_zeroAddress_reverts() external {
        vm.expectRevert(abi.encodeWithSelector(RoundRobinInbox.ZeroAddressLeader.selector));
        vm.prank(owner);
        inbox.addLeader(address(0));
    }

    function test_addLeader_duplicate_reverts() external {
        vm.roll(120);
        vm.expectRevert(abi.encodeWithSelector(RoundRobinInbox.LeaderAlreadyPresent.selector, bob));
        vm.prank(owner);
        inbox.addLeader(bob);
    }

    function test_addLeader_tooMany_reverts() external {
        vm.startPrank(owner);
        for (uint256 i = 3; i < 64; i++) {
            inbox.addLeader(makeAddr(2000 + i));
        }
        vm.expectRevert(abi.encodeWithSelector(RoundRobinInbox.TooManyLeaders.selector, 64));
        inbox.addLeader(dave);
        vm.stopPrank();
    }

    function test_removeLeader_keepsOrder_succeeds() external {
        vm.roll(120);
        vm.expectEmit(true, true, true, true, address(inbox));
        emit ILeaderElection.LeaderRemoved(alice, 127);
        _remove(alice);
        address[] memory r = inbox.leadersAt(127);
        assertEq(r.length, 2, "size");
        assertEq(r[0], bob, "bob first");
        assertEq(r[1], carol, "carol second");
        assertFalse(inbox.isLeader(alice, 127 + 6), "alice gone");
        assertTrue(inbox.isLeader(alice, 120), "alice still leads her published turn 118..120");
    }

    function test_removeLeader_lastLeader_nobodyLeads() external {
        vm.roll(120);
        vm.startPrank(owner);
        inbox.removeLeader(alice);
        inbox.removeLeader(bob);
        inbox.removeLeader(carol);
        vm.stopPrank();
        assertEq(inbox.leaderAt(126), carol, "published turn kept");
        for (uint256 b = 127; b < 140; b++) {
            assertEq(inbox.leaderAt(b), address(0), "nobody leads");
        }
        vm.roll(127);
        vm.prank(carol);
        (bool ok,) = address(inbox).call(hex"00");
        assertFalse(ok, "nobody may post");
    }

    function test_removeLeader_notPresent_reverts() external {
        vm.expectRevert(abi.encodeWithSelector(RoundRobinInbox.LeaderNotPresent.selector, dave));
        vm.prank(owner);
        inbox.removeLeader(dave);
    }

    function test_removeLeader_notOwner_reverts() external {
        vm.expectRevert(abi.encodeWithSelector(RoundRobinInbox.NotOwner.selector, bob));
        vm.prank(bob);
        inbox.removeLeader(alice);
    }

    function test_removeLeader_thenReadd_succeeds() external {
        vm.roll(120);
        _remove(alice); // 127: [B, C]
        vm.roll(127);
        _add(alice); // 133: [B, C, A]
        assertEq(inbox.leadersAt(133)[2], alice, "alice rejoins at the end");
        assertEq(inbox.leaderAt(133), alice, "turn 11 % 3 = 2 -> A");
        assertFalse(inbox.isLeader(alice, 130), "not in [B, C]");
    }

    function test_transferOwnership_succeeds() external {
        vm.prank(owner);
        inbox.transferOwnership(dave);
        assertEq(inbox.owner(), dave, "new owner");
        vm.expectRevert(abi.encodeWithSelector(RoundRobinInbox.NotOwner.selector, owner));
        vm.prank(owner);
        inbox.addLeader(eve);
        vm.prank(dave);
        inbox.addLeader(eve);
    }

    function test_transferOwnership_zeroAddress_reverts() external {
        vm.expectRevert(abi.encodeWithSelector(RoundRobinInbox.ZeroAddressOwner.selector));
        vm.prank(owner);
        inbox.transferOwnership(address(0));
    }

    function test_transferOwnership_notOwner_reverts() external {
        vm.expectRevert(abi.encodeWithSelector(RoundRobinInbox.NotOwner.selector, alice));
        vm.prank(alice);
        inbox.transferOwnership(alice);
    }
}

/// @title RoundRobinInbox_Fallback_Test
/// @notice The inbox side: who may post, with calldata and with blobs.
contract RoundRobinInbox_Fallback_Test is RoundRobinInbox_TestInit {
    bytes internal constant BATCH = hex"00deadbeefcafe0102030405060708090a0b0c0d0e0f1011121314";

    function setUp() public override {
        super.setUp();
        vm.roll(START + 4); // bob's turn
    }

    function test_fallback_leader_succeeds() external {
        vm.prank(bob);
        (bool ok,) = address(inbox).call(BATCH);
        assertTrue(ok, "leader posts");
    }

    function test_fallback_nonLeader_reverts() external {
        vm.prank(alice);
        (bool ok, bytes memory ret) = address(inbox).call(BATCH);
        assertFalse(ok, "non-leader rejected");
        assertEq(ret, abi.encodeWithSelector(ILeaderElection.NotLeader.selector, alice, START + 4), "revert data");
    }

    function test_fallback_outsider_reverts() external {
        vm.prank(dave);
        (bool ok, bytes memory ret) = address(inbox).call(BATCH);
        assertFalse(ok, "outsider rejected");
        assertEq(ret, abi.encodeWithSelector(ILeaderElection.NotLeader.selector, dave, START + 4), "revert data");
    }

    /// @notice Round robin implements neither optional interface (ILeaderWeights, IMissReporting):
    ///         a tool's probe of `weightAt`, `windowOf` or `reportMissed` from a non-leader reaches
    ///         the fallback and reverts with `NotLeader`, and from the leader it succeeds with no
    ///         return data. Both read as "not supported" (a revert, or not 64 / 32 bytes).
    function test_optionalInterfaces_notSupported() external {
        bytes[3] memory probes = [
            abi.encodeCall(ILeaderWeights.weightAt, (bob, START + 4)),
            abi.encodeCall(IMissReporting.windowOf, (START + 4)),
            abi.encodeCall(IMissReporting.reportMissed, (0))
        ];
        address[2] memory nonLeaders = [alice, dave];
        for (uint256 i = 0; i < probes.length; i++) {
            for (uint256 j = 0; j < nonLeaders.length; j++) {
                vm.prank(nonLeaders[j]);
                (bool ok, bytes memory ret) = address(inbox).call(probes[i]);
                assertFalse(ok, "a non-leader's probe reverts");
                assertEq(
                    ret,
                    abi.encodeWithSelector(ILeaderElection.NotLeader.selector, nonLeaders[j], START + 4),
                    "with NotLeader"
                );
            }
            (bool okView,) = address(inbox).staticcall(probes[i]);
            assertFalse(okView, "an eth_call without a sender (this contract) reverts");
            vm.prank(bob);
            (bool okLeader, bytes memory data) = address(inbox).call(probes[i]);
            assertTrue(okLeader, "the leader's call is taken as a batch");
            assertEq(data.length, 0, "with no return data");
        }
    }

    function test_fallback_beforeStart_reverts() external {
        vm.roll(START - 1);
        vm.prank(alice);
        (bool ok,) = address(inbox).call(BATCH);
        assertFalse(ok, "nobody leads before start");
    }

    function test_fallback_emptyCalldata_followsSameRule() external {
        vm.prank(bob);
        (bool ok,) = address(inbox).call("");
        assertTrue(ok, "leader, empty calldata");
        vm.prank(carol);
        (ok,) = address(inbox).call("");
        assertFalse(ok, "non-leader, empty calldata");
    }

    function test_fallback_withValue_reverts() external {
        vm.deal(bob, 1 ether);
        vm.prank(bob);
        (bool ok,) = address(inbox).call{ value: 1 }(BATCH);
        assertFalse(ok, "not payable");
        assertEq(address(inbox).balance, 0, "no ETH kept");
    }

    function test_fallback_blobTx_leaderSucceeds() external {
        bytes32[] memory hashes = new bytes32[](1);
        hashes[0] = bytes32(uint256(0x01) << 248 | 0x1234);
        vm.blobhashes(hashes);
        vm.prank(bob);
        (bool ok,) = address(inbox).call("");
        assertTrue(ok, "leader blob tx");
        vm.prank(alice);
        (ok,) = address(inbox).call("");
        assertFalse(ok, "non-leader blob tx");
    }

    function test_fallback_gas_independentOfCalldataSize() external {
        bytes memory small = new bytes(32);
        bytes memory large = new bytes(100_000);
        large[1] = 0x01;
        // Warm the account and slot so both measurements see the same access state.
        vm.prank(bob);
        (bool ok,) = address(inbox).call(small);
        assertTrue(ok, "warm-up");
        vm.prank(bob);
        (bool okSmall, uint256 costSmall) = _measuredCall(address(inbox), small);
        vm.prank(bob);
        (bool okLarge, uint256 costLarge) = _measuredCall(address(inbox), large);
        assertTrue(okSmall && okLarge, "leader posts both");
        assertEq(costLarge, costSmall, "fallback cost does not depend on calldata size");
    }

    /// @notice Calls `_to` with `_data` in place (no copy of the arguments), returning the gas the
    ///         CALL used.
    function _measuredCall(address _to, bytes memory _data) internal returns (bool ok_, uint256 gas_) {
        assembly {
            let g := gas()
            ok_ := call(gas(), _to, 0, add(_data, 32), mload(_data), 0, 0)
            gas_ := sub(g, gas())
        }
    }

    /// @notice A calldata batch starts with version byte 0x00; if a selector began with 0x00 a
    ///         batch could reach that function instead of the leader check.
    function test_abi_noSelectorStartsWithZeroByte() external view {
        string[] memory sigs = _signatures();
        assertGe(sigs.length, 10, "artifact lists the ABI");
        for (uint256 i = 0; i < sigs.length; i++) {
            bytes4 sel = bytes4(keccak256(bytes(sigs[i])));
            assertTrue(sel[0] != 0x00, string.concat("selector starts with 0x00: ", sigs[i]));
        }
    }

    /// @notice A blob tx's calldata is ignored by derivation, so no named function may succeed in a
    ///         blob tx; otherwise a non-leader could land blobs with status 1.
    function test_abi_everyFunctionRevertsInBlobTx() external {
        string[] memory sigs = _signatures();
        bytes32[] memory hashes = new bytes32[](1);
        hashes[0] = bytes32(uint256(0x01) << 248 | 0x77);
        vm.blobhashes(hashes);
        for (uint256 i = 0; i < sigs.length; i++) {
            bytes memory data = abi.encodePacked(bytes4(keccak256(bytes(sigs[i]))), new bytes(256));
            vm.prank(owner); // the owner, to get past onlyOwner as well
            (bool ok, bytes memory ret) = address(inbox).call(data);
            assertFalse(ok, string.concat("succeeded in a blob tx: ", sigs[i]));
            assertEq(ret, abi.encodeWithSelector(BatchInbox.BlobTxNotAllowed.selector), sigs[i]);
        }
    }

    function _signatures() internal view returns (string[] memory) {
        string memory json = vm.readFile("out/RoundRobinInbox.sol/RoundRobinInbox.json");
        return vm.parseJsonKeys(json, ".methodIdentifiers");
    }
}

/// @title RoundRobinInbox_Fuzz_Test
/// @notice Properties over random parameters and random change histories.
contract RoundRobinInbox_Fuzz_Test is RoundRobinInbox_TestInit {
    function _roster(uint256 _n) internal pure returns (address[] memory r_) {
        r_ = new address[](_n);
        for (uint256 i = 0; i < _n; i++) {
            r_[i] = makeAddr(500 + i);
        }
    }

    /// @notice With a fixed roster, leaderAt is the round-robin formula and isLeader agrees.
    function testFuzz_leaderAt_matchesFormula(uint256 _k, uint256 _n, uint256 _start, uint256 _b) external {
        _k = bound(_k, 1, 50);
        _n = bound(_n, 0, 8);
        _start = bound(_start, 0, 1e9);
        _b = bound(_b, 0, 2e9);
        address[] memory r = _roster(_n);
        RoundRobinInbox rr = new RoundRobinInbox(owner, _k, 4, _start, r, _ladder());
        address expected = _formula(r, _start, _k, _b);
        assertEq(rr.leaderAt(_b), expected, "leaderAt");
        for (uint256 i = 0; i < _n; i++) {
            assertEq(rr.isLeader(r[i], _b) ? 1 : 0, r[i] == expected ? 1 : 0, "isLeader");
        }
    }

    /// @notice nextWindow returns exactly the first run of `who`'s slots at or after `from`, cut at
    ///         the horizon, checked slot by slot.
    function testFuzz_nextWindow_agreesWithLeaderAt(
        uint256 _k,
        uint256 _n,
        uint256 _lookahead,
        uint256 _now,
        uint256 _from,
        uint256 _who
    )
        external
    {
        _k = bound(_k, 1, 6);
        _n = bound(_n, 1, 5);
        _lookahead = bound(_lookahead, 1, 20);
        _now = bound(_now, 0, 300);
        _from = bound(_from, 0, 330);
        address[] memory r = _roster(_n);
        address who = r[bound(_who, 0, _n - 1)];
        vm.roll(_now);
        RoundRobinInbox rr = new RoundRobinInbox(owner, _k, _lookahead, 50, r, _ladder());
        _checkWindow(rr, who, _from);
    }

    /// @notice Random adds and removes at random blocks never change a block before the horizon
    ///         that was current when the change was made, and nextWindow stays consistent.
    function testFuzz_changes_neverAlterPublishedSchedule(uint256 _seed) external {
        address[] memory pool = _roster(6);
        vm.roll(40);
        RoundRobinInbox rr = new RoundRobinInbox(owner, 2, 5, 50, _one(pool[0]), _ladder());
        uint256 bn = 40;
        for (uint256 step = 0; step < 12; step++) {
            uint256 rnd = uint256(keccak256(abi.encode(_seed, step)));
            bn += rnd % 7;
            vm.roll(bn);
            uint256 fixedUntil = rr.horizon();
            address[] memory before = new address[](fixedUntil - bn);
            for (uint256 b = bn; b < fixedUntil; b++) {
                before[b - bn] = rr.leaderAt(b);
            }

            address who = pool[(rnd >> 8) % pool.length];
            bool add = (rnd >> 16) % 2 == 0;
            bytes memory call = add ? abi.encodeCall(rr.addLeader, (who)) : abi.encodeCall(rr.removeLeader, (who));
            vm.prank(owner);
            (bool ok,) = address(rr).call(call);
            if (ok) assertGe(rr.pendingActivation(), fixedUntil, "activation at or after the horizon");

            for (uint256 b = bn; b < fixedUntil; b++) {
                assertEq(rr.leaderAt(b), before[b - bn], "published slot changed");
            }
            for (uint256 i = 0; i < pool.length; i++) {
                _checkWindow(rr, pool[i], bn);
            }
        }
    }

    function testFuzz_activationFor_alignedAndAfterLookahead(uint256 _k, uint256 _lookahead, uint256 _n) external {
        _k = bound(_k, 1, 1000);
        _lookahead = bound(_lookahead, 1, 1000);
        _n = bound(_n, 0, 1e12);
        RoundRobinInbox rr = new RoundRobinInbox(owner, _k, _lookahead, START, _one(alice), _ladder());
        uint256 a = rr.activationFor(_n);
        assertGe(a, _n + _lookahead, "after lookahead");
        assertGe(a, START, "not before start");
        assertEq((a - START) % _k, 0, "turn boundary");
        if (a > START) assertLt(a - _k, _n + _lookahead, "first such boundary");
    }
}

/// @title RoundRobinInbox_Conformance_Test
/// @notice The mechanism kit's rules (test/kit/MechanismConformance.sol) over the round robin,
///         deployed through its MechanismScript (script/DeployRoundRobin.s.sol: lookahead 8,
///         start block 0) with k = 3 and three batchers. `_perturb` makes the owner remove a batcher
///         or add it back, so the walks cross roster changes, pending ones included.
contract RoundRobinInbox_Conformance_Test is MechanismConformance {
    function _deployMechanism(
        address _owner,
        address[] memory _batchers,
        uint256 _turnLength
    )
        internal
        override
        returns (ILeaderElection)
    {
        return ILeaderElection(new DeployRoundRobin().deploy(_owner, _batchers, _turnLength));
    }

    function _artifactPath() internal pure override returns (string memory) {
        return "out/RoundRobinInbox.sol/RoundRobinInbox.json";
    }

    uint256 internal changesLanded;

    function _perturb(uint256 _seed) internal override {
        RoundRobinInbox rr = RoundRobinInbox(address(mechanism));
        address who = batchers[_seed % batchers.length];
        vm.prank(owner);
        try rr.removeLeader(who) {
            changesLanded++;
        } catch {
            vm.prank(owner);
            try rr.addLeader(who) {
                changesLanded++;
            } catch { } // ChangeAlreadyPending: try again later
        }
    }

    /// @notice The walks are not vacuous: the roster really changes under them.
    function test_conformance_walkChangesTheRoster() external {
        check_fallbackAcceptsOnlyTheLeader();
        assertGe(changesLanded, 3, "roster changes landed during the walk");
    }
}
