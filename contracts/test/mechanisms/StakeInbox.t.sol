// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import { vm } from "baton/script/Vm.sol";
import { ILeaderElection } from "baton/interfaces/ILeaderElection.sol";
import { StakeInbox } from "baton/mechanisms/StakeInbox.sol";
import { TestBase } from "baton-test/TestBase.sol";

/// @title StakeInbox_TestBase
/// @notice A stake inbox at block 1000 with windows of 4 blocks, epochs of 2 windows (8 blocks),
///         lookahead 4: the recording phase is the first 4 blocks of an epoch.
abstract contract StakeInbox_TestBase is TestBase {
    uint256 internal constant ORIGIN = 1_000;
    uint256 internal constant K = 4;
    uint256 internal constant E = 2;
    uint256 internal constant P = K * E;
    uint256 internal constant L = 4;
    uint256 internal constant PRICE = 1 ether;
    uint256 internal constant ESCROW = 16;
    uint256 internal constant MASK38 = (1 << 38) - 1;

    StakeInbox internal inbox;
    address internal alice = makeAddr(0xA11CE);
    address internal bob = makeAddr(0xB0B);
    address internal carol = makeAddr(0xCA201);
    address internal dave = makeAddr(0xDA7E);

    function setUp() public virtual {
        vm.roll(ORIGIN);
        inbox = new StakeInbox(_config(), _ladder());
    }

    function _config() internal pure returns (StakeInbox.Config memory) {
        return StakeInbox.Config({
            seatPrice: PRICE,
            turnLength: K,
            epochWindows: E,
            lookahead: L,
            penaltyBps: 100,
            maxMisses: 3,
            escrowBlocks: ESCROW
        });
    }

    /// @notice The ladder for the tests written before it: G1 = the window, so only the leader
    ///         ever posts (the ladder's rules have their own tests, StakeInboxLadder.t.sol).
    function _ladder() internal pure virtual returns (StakeInbox.LadderConfig memory) {
        return StakeInbox.LadderConfig({ g1: K, g2: 0, g3: 0, maxMisses: 255 });
    }

    function _join(address _who, uint256 _count) internal {
        vm.deal(_who, _who.balance + _count * PRICE);
        vm.prank(_who);
        inbox.join{ value: _count * PRICE }(_count);
    }

    /// @notice Moves to block `_offset` of epoch `_epoch`.
    function _at(uint256 _epoch, uint256 _offset) internal {
        vm.roll(ORIGIN + _epoch * P + _offset);
    }

    function _windowStart(uint256 _window) internal pure returns (uint256) {
        return ORIGIN + _window * K;
    }

    /// @notice A batch from `_who` in the current block; true if accepted.
    function _post(address _who) internal returns (bool ok_) {
        vm.prank(_who);
        (ok_,) = address(inbox).call(hex"00c0ffee");
    }

    /// @notice The leader of the current block posts (if there is one).
    function _leaderPosts() internal returns (address leader_) {
        leader_ = inbox.leaderAt(block.number);
        if (leader_ != address(0)) assertTrue(_post(leader_), "the leader's batch is accepted");
    }

    /// @notice One step of the fuzzed histories, chosen by `_r`: one of `_who` joins 1..3 seats (up
    ///         to 6), exits some of its seats, or the current leader posts under a new prevrandao.
    function _randomAction(address[4] memory _who, uint256 _r) internal {
        address a = _who[_r % 4];
        if ((_r >> 8) % 3 == 0) {
            uint256 n = 1 + (_r >> 16) % 3;
            if (_seats(a) + n <= 6) _join(a, n);
        } else if ((_r >> 8) % 3 == 1) {
            uint256 held = _seats(a);
            if (held > 0) {
                vm.prank(a);
                inbox.requestExit(1 + (_r >> 16) % held);
            }
        } else {
            vm.prevrandao(_r);
            _leaderPosts();
        }
    }

    function _seats(address _who) internal view returns (uint256 seats_) {
        (seats_,,,,,,,) = inbox.memberInfo(_who);
    }

    function _lastPosted(address _who) internal view returns (uint256 posted_) {
        (,,,,,, posted_,) = inbox.memberInfo(_who);
    }

    function _streak(address _who) internal view returns (uint256 streak_) {
        (,,,,,,, streak_) = inbox.memberInfo(_who);
    }

    function _debt(address _who) internal view returns (uint256 debt_) {
        (,,,,, debt_,,) = inbox.memberInfo(_who);
    }

    /// @notice The contract's balance equals its accounting.
    function _assertAccounting() internal view {
        (uint256 seats, uint256 debt, uint256 escrow, uint256 claimable, uint256 burned) = inbox.totals();
        assertEq(address(inbox).balance, seats * PRICE - debt + escrow + claimable + burned, "balance = accounting");
    }

    /// @notice Rolls to the start of the first window starting at or after the current block
    ///         that `_who` leads, reading only fixed blocks (it pokes at each epoch it enters, so
    ///         seeds get recorded); returns the window.
    function _rollToWindowOf(address _who) internal returns (uint256) {
        for (uint256 i = 0; i < 64; i++) {
            uint256 fixedUntil = inbox.horizon();
            for (uint256 w = (block.number - ORIGIN + K - 1) / K; _windowStart(w) < fixedUntil; w++) {
                if (inbox.leaderAt(_windowStart(w)) == _who) {
                    vm.roll(_windowStart(w));
                    return w;
                }
            }
            vm.roll(fixedUntil);
            inbox.poke();
        }
        revert AssertionFailed("no window led");
    }
}

/// @title StakeInbox_Test
contract StakeInbox_Test is StakeInbox_TestBase {
    // ---------------------------------------------------------------------------------------
    // Construction
    // ---------------------------------------------------------------------------------------

    function test_constructor_rejectsEachBadParameter() external {
        for (uint256 field = 0; field < 7; field++) {
            StakeInbox.Config memory c = _config();
            if (field == 0) c.seatPrice = 0;
            if (field == 1) c.turnLength = 0;
            if (field == 2) c.epochWindows = 9;
            if (field == 3) c.lookahead = P; // must be below the epoch length
            if (field == 4) c.penaltyBps = 10_001;
            if (field == 5) c.maxMisses = 0;
            if (field == 6) c.escrowBlocks = 1 << 32;
            vm.expectRevert(abi.encodeWithSelector(StakeInbox.InvalidConfig.selector, field));
            new StakeInbox(c, _ladder());
        }
    }

    function test_constructor_parameters() external view {
        (StakeInbox.Config memory c, uint256 origin) = inbox.parameters();
        assertEq(origin, ORIGIN, "origin is the deployment block");
        assertEq(c.seatPrice, PRICE, "seat price");
        assertEq(c.turnLength, K, "turn length");
        assertEq(c.epochWindows, E, "epoch windows");
        assertEq(c.lookahead, L, "lookahead");
        assertEq(c.penaltyBps, 100, "penalty");
        assertEq(c.maxMisses, 3, "max misses");
        assertEq(c.escrowBlocks, ESCROW, "escrow");
        assertEq(inbox.lookahead(), L, "lookahead()");
    }

    // ---------------------------------------------------------------------------------------
    // Joins
    // ---------------------------------------------------------------------------------------

    function test_join_takesEffectTwoEpochsLater() external {
        vm.expectEmit(true, false, false, true, address(inbox));
        emit ILeaderElection.LeaderAdded(alice, ORIGIN + 2 * P);
        _join(alice, 1);
        _join(bob, 2);
        assertEq(inbox.seatCount(1), 0, "epoch 1 has no seats");
        assertEq(inbox.seatCount(2), 3, "epoch 2 has the three");
        for (uint256 b = ORIGIN; b < ORIGIN + 2 * P; b++) {
            assertEq(inbox.leaderAt(b), address(0), "nobody leads before epoch 2");
        }
        bool sawAlice;
        bool sawBob;
        for (uint256 b = ORIGIN + 2 * P; b < ORIGIN + 3 * P; b++) {
            address leader = inbox.leaderAt(b);
            assertTrue(leader == alice || leader == bob, "a member leads every block of epoch 2");
            sawAlice = sawAlice || leader == alice;
            sawBob = sawBob || leader == bob;
        }
        assertTrue(sawAlice || sawBob, "somebody led");
        assertEq(address(inbox).balance, 3 * PRICE, "bonds held");
        _assertAccounting();
    }

    function test_join_rejectsWrongBondAndSeatLimits() external {
        vm.deal(alice, 100 ether);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(StakeInbox.WrongBond.selector, PRICE, 2 * PRICE));
        inbox.join{ value: PRICE }(2);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(StakeInbox.SeatLimit.selector, 0, 0, 6));
        inbox.join(0);
        _join(alice, 5);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(StakeInbox.SeatLimit.selector, 5, 2, 6));
        inbox.join{ value: 2 * PRICE }(2);
        _join(alice, 1);
        assertEq(_seats(alice), 6, "six seats is the limit");
    }

    // ---------------------------------------------------------------------------------------
    // Election and seeds
    // ---------------------------------------------------------------------------------------

    function test_leaderAt_isTheOwnerOfTheElectedSeat() external {
        _join(alice, 1);
        _join(bob, 2);
        _join(carol, 3);
        for (uint256 epoch = 2; epoch < 8; epoch++) {
            _at(epoch, 0);
            vm.prevrandao(uint256(keccak256(abi.encode("randao", epoch))));
            _leaderPosts();
            for (uint256 w = epoch * E; w < (epoch + 1) * E; w++) {
                (uint256 seed, uint256 seats, uint256 setEpoch,) = inbox.epochInfo(epoch);
                address owner = inbox.seatOwner(inbox.electedSeat(seed, w, seats), setEpoch);
                for (uint256 b = _windowStart(w); b < _windowStart(w + 1); b++) {
                    assertEq(inbox.leaderAt(b), owner, "the elected seat's owner leads the whole window");
                    assertTrue(inbox.isLeader(owner, b), "isLeader agrees");
                }
            }
        }
    }

    function test_seed_recordedByTheFirstCallOfTheRecordingPhase() external {
        _join(alice, 1);
        uint256 randao = 0xfeed;
        _at(1, 0);
        vm.prevrandao(randao);
        (,,, bool recorded) = inbox.epochInfo(2);
        assertFalse(recorded, "not recorded before any call");
        assertTrue(inbox.poke(), "the first poke of the phase records");
        (uint256 seed, uint256 seats, uint256 setEpoch, bool recordedNow) = inbox.epochInfo(2);
        assertTrue(recordedNow, "recorded");
        assertEq(seed, uint256(keccak256(abi.encode(randao, uint256(2), address(inbox)))) & MASK38, "seed");
        assertEq(seats, 1, "over the nominal set of epoch 2");
        assertEq(setEpoch, 2, "its own set");
        vm.prevrandao(0xbad);
        assertFalse(inbox.poke(), "recorded once");
        (uint256 again,,,) = inbox.epochInfo(2);
        assertEq(again, seed, "a later call does not change it");
    }

    function test_seed_notRecordedAfterThePhase_fallbackRule() external {
        _join(alice, 1);
        _at(1, 0);
        inbox.poke(); // records epoch 2
        (uint256 seed2,,,) = inbox.epochInfo(2);
        _at(2, P - L); // the phase of epoch 2 is over
        assertFalse(inbox.poke(), "too late to record epoch 3");
        (uint256 seed3, uint256 seats3, uint256 setEpoch3, bool recorded3) = inbox.epochInfo(3);
        assertFalse(recorded3, "fallback");
        assertEq(
            seed3,
            uint256(keccak256(abi.encode(keccak256("baton.stake.fallback-seed"), seed2, uint256(3)))) & MASK38,
            "seed from the previous recorded seed"
        );
        assertEq(setEpoch3, 2, "over the previous epoch's set");
        assertEq(seats3, 1, "its count");
        assertEq(inbox.horizon(), ORIGIN + 4 * P, "epoch 3 is fixed");
    }

    /// @notice The fallback rule uses the previous epoch's set, frozen before the previous seed
    ///         existed: a member joining for epoch 3 does not lead there unless 3's seed is recorded.
    function test_seed_fallbackEpochUsesThePreviousSet() external {
        _join(alice, 1);
        _at(1, 0);
        _join(bob, 6); // nominal set of epoch 3: alice 1, bob 6
        _at(2, P - 1); // nobody recorded epoch 3
        for (uint256 b = ORIGIN + 3 * P; b < ORIGIN + 4 * P; b++) {
            assertEq(inbox.leaderAt(b), alice, "epoch 3 runs on epoch 2's set");
        }
        (,, uint256 setEpoch, bool recorded) = inbox.epochInfo(3);
        assertEq(setEpoch, 2, "shifted set");
        assertFalse(recorded, "fallback seed");
        // Epoch 4: recorded in epoch 3's phase, over its own set (7 seats).
        _at(3, 0);
        _leaderPosts();
        (, uint256 seats4, uint256 setEpoch4, bool recorded4) = inbox.epochInfo(4);
        assertTrue(recorded4, "the leader's post recorded epoch 4");
        assertEq(setEpoch4, 4, "own set");
        assertEq(seats4, 7, "both members");
    }

    function test_seed_genesisWithoutRecording_usesTheFirstSet() external {
        _join(alice, 1); // the join itself records epoch 1's (empty) entry
        _at(1, P - 1);
        (, uint256 seats, uint256 setEpoch, bool recorded) = inbox.epochInfo(2);
        assertFalse(recorded, "nobody called in epoch 1");
        assertEq(setEpoch, 2, "epoch 1's set is empty: epoch 2's own set");
        assertEq(seats, 1, "alice");
        assertEq(inbox.leaderAt(ORIGIN + 2 * P), alice, "alice leads from epoch 2");
    }

    function test_horizon_isAlwaysBeyondTheLookahead() external {
        _join(alice, 2);
        for (uint256 b = ORIGIN; b < ORIGIN + 6 * P; b++) {
            vm.roll(b);
            if (b % 3 == 0) _leaderPosts();
            assertGe(inbox.horizon(), b + L + 1, "fixed at least lookahead + 1 blocks ahead");
        }
    }

    // ---------------------------------------------------------------------------------------
    // The fallback
    // ---------------------------------------------------------------------------------------

    function test_fallback_acceptsOnlyTheLeader_andRecordsItsWindow() external {
        _join(alice, 1);
        _join(bob, 1);
        _at(2, 1);
        address leader = inbox.leaderAt(block.number);
        address other = leader == alice ? bob : alice;
        vm.prank(other);
        (bool ok, bytes memory ret) = address(inbox).call(hex"00c0ffee");
        assertFalse(ok, "non-leader rejected");
        assertEq(ret, abi.encodeWithSelector(ILeaderElection.NotLeader.selector, other, block.number), "NotLeader");
        assertTrue(_post(leader), "leader accepted");
        uint256 window = (block.number - ORIGIN) / K;
        assertEq(_lastPosted(leader), window + 1, "window recorded (plus one)");
        assertEq(_lastPosted(other), 0, "nothing for the other");
        (,,, bool recorded) = inbox.epochInfo(3);
        assertTrue(recorded, "the post recorded the next seed");
        vm.prank(leader);
        (ok,) = address(inbox).call{ value: 1 }(hex"00");
        assertFalse(ok, "not payable");
    }

    // ---------------------------------------------------------------------------------------
    // Exits and withdrawals
    // ---------------------------------------------------------------------------------------

    function test_exit_movesTheLastSeatIntoTheFreedOne() external {
        _join(alice, 1); // seat 0
        _join(bob, 2); // seats 1, 2
        _join(carol, 3); // seats 3, 4, 5
        _at(3, 2);
        vm.expectEmit(true, false, false, true, address(inbox));
        emit ILeaderElection.LeaderRemoved(alice, ORIGIN + 5 * P);
        vm.prank(alice);
        inbox.requestExit(1);
        assertEq(inbox.seatCount(4), 6, "epoch 4 unchanged");
        assertEq(inbox.seatCount(5), 5, "one seat fewer from epoch 5");
        assertEq(inbox.seatOwner(0, 4), alice, "alice keeps seat 0 in epoch 4");
        assertEq(inbox.seatOwner(0, 5), carol, "carol's last seat moved into it");
        assertEq(_seats(alice), 0, "alice holds nothing from epoch 5");
        assertEq(_seats(carol), 3, "carol keeps three seats");
        // Alice leads nowhere in epoch 5 (recorded) and later.
        _at(4, 0);
        _leaderPosts();
        _at(5, 0);
        _leaderPosts();
        for (uint256 b = ORIGIN + 5 * P; b < ORIGIN + 6 * P; b++) {
            assertFalse(inbox.isLeader(alice, b), "alice left");
        }
    }

    function test_exit_rejectsMoreThanHeld() external {
        _join(alice, 2);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(StakeInbox.NotEnoughSeats.selector, 2, 3));
        inbox.requestExit(3);
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(StakeInbox.NotEnoughSeats.selector, 0, 1));
        inbox.requestExit(1);
    }

    function test_withdraw_lockedUntilTwoEpochsAfterTheExit() external {
        _join(alice, 2);
        _join(bob, 1);
        _at(3, 0);
        vm.prank(alice);
        inbox.requestExit(1); // leaves at epoch 5, unlocks at epoch 7
        _at(6, P - 1);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(StakeInbox.NothingToWithdraw.selector, 7));
        inbox.withdraw();
        _at(7, 0);
        uint256 before = alice.balance;
        vm.prank(alice);
        inbox.withdraw();
        assertEq(alice.balance - before, PRICE, "one seat's bond");
        assertEq(_seats(alice), 1, "one seat left");
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(StakeInbox.NothingToWithdraw.selector, 0));
        inbox.withdraw();
        _assertAccounting();
    }

    function test_withdraw_cannotBeReentered() external {
        Reenterer attacker = new Reenterer(inbox);
        vm.deal(address(attacker), 10 ether);
        attacker.join(2);
        _join(alice, 1);
        _at(1, 0);
        attacker.exit(2);
        _at(5, 0);
        attacker.withdraw();
        assertEq(address(attacker).balance, 10 ether, "paid once");
        assertTrue(attacker.reentryFailed(), "the nested withdraw reverted");
        assertEq(attacker.reentryError(), abi.encodeWithSelector(StakeInbox.Reentered.selector), "with Reentered");
        _assertAccounting();
    }

    // ---------------------------------------------------------------------------------------
    // Reports, penalties, ejection
    // ---------------------------------------------------------------------------------------

    function test_report_rejectsOpenWindowsPostedWindowsAndRepeats() external {
        _join(alice, 1);
        _at(2, 0);
        uint256 w = (block.number - ORIGIN) / K;
        vm.expectRevert(abi.encodeWithSelector(StakeInbox.WindowNotOver.selector, w, _windowStart(w + 1)));
        inbox.reportMissed(w);
        assertTrue(_post(alice), "alice posts in window w");
        vm.roll(_windowStart(w + 1));
        vm.expectRevert(abi.encodeWithSelector(StakeInbox.NotMissed.selector, w, alice));
        inbox.reportMissed(w);
        vm.roll(_windowStart(w + 2));
        inbox.reportMissed(w + 1); // alice led it alone and posted nothing
        vm.expectRevert(abi.encodeWithSelector(StakeInbox.AlreadyReported.selector, w + 1, alice));
        inbox.reportMissed(w + 1);
        _assertAccounting();
    }

    function test_report_rejectsEmptyWindowsAndForgottenOnes() external {
        _at(1, 0);
        vm.expectRevert(abi.encodeWithSelector(StakeInbox.NoLeader.selector, 0));
        inbox.reportMissed(0);
        _join(alice, 1);
        _at(6, 0);
        vm.expectRevert(
            abi.encodeWithSelector(ILeaderElection.ScheduleForgotten.selector, _windowStart(4 * E), ORIGIN + 5 * P)
        );
        inbox.reportMissed(4 * E); // epoch 4: before the previous epoch
    }

    function test_report_escrowsAPenalty_thenSettlesHalfToTheReporter() external {
        _join(alice, 1);
        _join(bob, 1);
        _at(2, 0);
        uint256 w = _rollToWindowOf(alice);
        vm.roll(_windowStart(w + 1));
        vm.prank(dave);
        uint256 id = inbox.reportMissed(w);
        uint256 penalty = PRICE / 100;
        assertEq(_debt(alice), penalty, "debt");
        assertEq(_streak(alice), 1, "streak");
        StakeInbox.Penalty memory p = inbox.penaltyOf(id);
        assertEq(p.member, alice, "member");
        assertEq(p.reporter, dave, "reporter");
        assertEq(p.amount, penalty, "amount");
        assertEq(p.releaseBlock, block.number + ESCROW, "release");
        (,, uint256 escrow,,) = inbox.totals();
        assertEq(escrow, penalty, "in escrow");
        _assertAccounting();

        vm.expectRevert(abi.encodeWithSelector(StakeInbox.PenaltyInEscrow.selector, id, block.number + ESCROW));
        inbox.settlePenalty(id);
        vm.roll(block.number + ESCROW);
        inbox.settlePenalty(id);
        assertEq(inbox.claimable(dave), penalty / 2, "half to the reporter");
        (,, uint256 escrowAfter,, uint256 burned) = inbox.totals();
        assertEq(escrowAfter, 0, "escrow emptied");
        assertEq(burned, penalty - penalty / 2, "half burned");
        vm.expectRevert(abi.encodeWithSelector(StakeInbox.UnknownPenalty.selector, id));
        inbox.settlePenalty(id);
        vm.prank(dave);
        inbox.withdraw();
        assertEq(dave.balance, penalty / 2, "the reporter withdrew its reward");
        _assertAccounting();
    }

    function test_report_postResetsTheStreak_threeInARowEject() external {
        _join(alice, 1);
        _join(bob, 1);
        _at(2, 0);
        // A miss, then a post, then three misses in a row.
        uint256 w = _rollToWindowOf(alice);
        vm.roll(_windowStart(w + 1));
        inbox.reportMissed(w);
        assertEq(_streak(alice), 1, "one miss");
        w = _rollToWindowOf(alice);
        assertTrue(_post(alice), "alice posts again");
        assertEq(_streak(alice), 0, "the post resets the streak");
        vm.roll(_windowStart(w + 1));
        for (uint256 miss = 1; miss <= 3; miss++) {
            w = _rollToWindowOf(alice);
            vm.roll(_windowStart(w + 1));
            if (miss == 3) {
                vm.expectEmit(true, false, false, true, address(inbox));
                emit StakeInbox.Ejected(alice, 1, (block.number - ORIGIN) / P + 2);
            }
            inbox.reportMissed(w);
            assertEq(_streak(alice), miss, "misses in a row");
        }
        assertEq(_seats(alice), 0, "ejected: its seat left");
        assertEq(_debt(alice), 4 * PRICE / 100, "four penalties");
        _assertAccounting();
    }

    // ---------------------------------------------------------------------------------------
    // Views
    // ---------------------------------------------------------------------------------------

    function test_views_forgetEpochsBeforeThePreviousOne() external {
        _join(alice, 1);
        _at(5, 0);
        uint256 old = ORIGIN + 3 * P;
        vm.expectRevert(abi.encodeWithSelector(ILeaderElection.ScheduleForgotten.selector, old, ORIGIN + 4 * P));
        inbox.leaderAt(old);
        vm.expectRevert(abi.encodeWithSelector(ILeaderElection.ScheduleForgotten.selector, old, ORIGIN + 4 * P));
        inbox.isLeader(alice, old);
        vm.expectRevert(abi.encodeWithSelector(ILeaderElection.ScheduleForgotten.selector, old, ORIGIN + 4 * P));
        inbox.nextWindow(alice, old);
        assertEq(inbox.leaderAt(ORIGIN + 4 * P), alice, "the previous epoch is kept");
        assertEq(inbox.leaderAt(ORIGIN - 1), address(0), "nobody before the origin");
        assertFalse(inbox.isLeader(address(0), block.number), "address(0) never leads");
        (uint256 s, uint256 e) = inbox.nextWindow(bob, block.number);
        assertEq(s + e, 0, "a non-member has no window");
    }

    function test_nextWindow_coversTheSoleMembersRunUpToTheLookahead() external {
        _join(alice, 3);
        _at(2, 1);
        (uint256 s, uint256 e) = inbox.nextWindow(alice, block.number);
        assertEq(s, block.number, "leads now");
        assertEq(e, block.number + L, "up to the lookahead bound");
        (s, e) = inbox.nextWindow(alice, block.number + L);
        assertEq(s + e, 0, "nothing reported past the bound");
    }

    // ---------------------------------------------------------------------------------------
    // Fuzz
    // ---------------------------------------------------------------------------------------

    /// @notice Random joins and exits of four addresses over several epochs: at every step, each
    ///         fixed block has exactly the leader `leaderAt` names, it is a member of the set in
    ///         effect, and answers published for fixed blocks never change.
    /// forge-config: default.fuzz.runs = 64
    function testFuzz_joinsAndExits_oneLeaderPerBlockAndStableSchedule(uint256 _seed) external {
        address[4] memory who = [alice, bob, carol, dave];
        uint256 head = ORIGIN;
        address[] memory published = new address[](20 * P);
        bool[] memory seen = new bool[](20 * P);
        for (uint256 step = 0; step < 40; step++) {
            uint256 r = uint256(keccak256(abi.encode(_seed, step)));
            _randomAction(who, r);
            uint256 fixedUntil = inbox.horizon();
            for (uint256 b = head; b < fixedUntil && b - ORIGIN < published.length; b++) {
                address leader = inbox.leaderAt(b);
                uint256 leading;
                for (uint256 i = 0; i < 4; i++) {
                    if (inbox.isLeader(who[i], b)) {
                        leading++;
                        assertEq(who[i], leader, "isLeader agrees with leaderAt");
                    }
                }
                assertEq(leading, leader == address(0) ? 0 : 1, "one leader or nobody");
                if (seen[b - ORIGIN]) {
                    assertEq(leader, published[b - ORIGIN], "a fixed block's leader changed");
                } else {
                    (seen[b - ORIGIN], published[b - ORIGIN]) = (true, leader);
                }
            }
            head += 1 + (r >> 32) % 6;
            vm.roll(head);
        }
    }
}

/// @notice A member that re-enters `withdraw` when it receives ETH.
contract Reenterer {
    StakeInbox internal immutable INBOX;
    bool public reentryFailed;
    bytes public reentryError;
    bool internal entered;

    constructor(StakeInbox _inbox) {
        INBOX = _inbox;
    }

    function join(uint256 _seats) external {
        INBOX.join{ value: _seats * 1 ether }(_seats);
    }

    function exit(uint256 _seats) external {
        INBOX.requestExit(_seats);
    }

    function withdraw() external {
        INBOX.withdraw();
    }

    receive() external payable {
        if (entered) return;
        entered = true;
        try INBOX.withdraw() {
            reentryFailed = false;
        } catch (bytes memory err) {
            reentryFailed = true;
            reentryError = err;
        }
    }
}

/// @title StakeInbox_Distribution_Test
/// @notice Over 100,000 windows (12,500 epochs of 8 windows, each seed recorded from a different
///         prevrandao), each member leads a share of windows within 1 percentage point of its share
///         of seats. Every leader is read with the contract's own `leaderAt`, at a head in the
///         window's epoch.
contract StakeInbox_Distribution_Test is TestBase {
    uint256 internal constant WINDOWS = 100_000;
    uint256 internal constant K = 4;
    uint256 internal constant E = 8;

    function test_distribution_sharesOfWindowsFollowSharesOfSeats() external {
        vm.roll(1_000);
        StakeInbox inbox = new StakeInbox(
            StakeInbox.Config({
                seatPrice: 1 ether,
                turnLength: K,
                epochWindows: E,
                lookahead: K,
                penaltyBps: 100,
                maxMisses: 3,
                escrowBlocks: 0
            }),
            StakeInbox.LadderConfig({ g1: K, g2: 0, g3: 0, maxMisses: 255 })
        );
        address[3] memory members = [makeAddr(1), makeAddr(2), makeAddr(3)];
        for (uint256 i = 0; i < 3; i++) {
            vm.deal(members[i], 10 ether);
            vm.prank(members[i]);
            inbox.join{ value: (i + 1) * 1 ether }(i + 1); // 1, 2 and 3 of 6 seats
        }
        uint256[3] memory led;
        uint256 first = 2; // the first epoch with seats
        for (uint256 e = first; e < first + WINDOWS / E; e++) {
            vm.roll(1_000 + (e - 1) * K * E); // the recording phase of the previous epoch
            vm.prevrandao(uint256(keccak256(abi.encode("randao", e))));
            inbox.poke();
            vm.roll(1_000 + e * K * E);
            for (uint256 w = e * E; w < (e + 1) * E; w++) {
                address leader = inbox.leaderAt(1_000 + w * K);
                for (uint256 i = 0; i < 3; i++) {
                    if (leader == members[i]) led[i]++;
                }
            }
        }
        for (uint256 i = 0; i < 3; i++) {
            // Shares in basis points: |led / WINDOWS - seats / 6| <= 1 percentage point.
            uint256 share = led[i] * 10_000 / WINDOWS;
            uint256 expected = (i + 1) * 10_000 / 6;
            emit log_named_uint("windows led", led[i]);
            emit log_named_uint("share of windows (bp)", share);
            emit log_named_uint("share of seats (bp)", expected);
            uint256 diff = share > expected ? share - expected : expected - share;
            assertLe(diff, 100, "within 1 percentage point of the seat share");
        }
        assertEq(led[0] + led[1] + led[2], WINDOWS, "every window has a leader");
    }
}
