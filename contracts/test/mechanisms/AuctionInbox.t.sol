// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import { vm } from "baton/script/Vm.sol";
import { ILeaderElection } from "baton/interfaces/ILeaderElection.sol";
import { IFallbackLadder } from "baton/interfaces/IFallbackLadder.sol";
import { AuctionInbox } from "baton/mechanisms/AuctionInbox.sol";
import { TestBase } from "baton-test/TestBase.sol";

/// @title AuctionInbox_Base
/// @notice Windows of 4 blocks from block 1000, lookahead 5 (a change made in window `c` takes
///         effect at window `c + 2`), reserve 1 gwei, 5% increment, tenure 8 windows, 4 windows of
///         escrow at least, ladder G1 = 2, G2 = G3 = 1, two misses demote. Default set D0 D1 D2;
///         bidders A B C.
abstract contract AuctionInbox_Base is TestBase {
    uint256 internal constant ORIGIN = 1_000;
    uint256 internal constant K = 4;
    uint256 internal constant L = 5;
    uint256 internal constant R = 1 gwei;
    uint256 internal constant TENURE = 8;

    AuctionInbox internal inbox;
    address internal owner = makeAddr(0xC0);
    address internal recipient = makeAddr(0xEC);
    address[] internal d;
    address internal a = makeAddr(0xA);
    address internal b = makeAddr(0xB);
    address internal c = makeAddr(0xC);
    address internal outsider = makeAddr(0xBAD);

    function setUp() public virtual {
        for (uint256 i = 0; i < 3; i++) {
            d.push(makeAddr(0xD0 + i));
        }
        vm.deal(a, 100 ether);
        vm.deal(b, 100 ether);
        vm.deal(c, 100 ether);
        vm.roll(ORIGIN);
        inbox = new AuctionInbox(_config());
    }

    function _config() internal view returns (AuctionInbox.Config memory) {
        return AuctionInbox.Config({
            owner: owner,
            recipient: recipient,
            defaultSet: d,
            turnLength: K,
            lookahead: L,
            reserve: R,
            incrementBps: 500,
            maxTenure: TENURE,
            minEscrowWindows: 4,
            g1: 2,
            g2: 1,
            g3: 1,
            maxMisses: 2
        });
    }

    function _start(uint256 _w) internal pure returns (uint256) {
        return ORIGIN + _w * K;
    }

    function _bid(address _who, uint256 _rent, uint256 _windows) internal {
        vm.prank(_who);
        inbox.bid{ value: _rent * _windows }(_rent);
    }

    /// @notice A batch from `_who` at the current block; a rejection must be exactly `NotLeader`.
    function _post(address _who) internal returns (bool ok_) {
        vm.prank(_who);
        bytes memory ret;
        (ok_, ret) = address(inbox).call(hex"00c0ffee");
        if (!ok_) {
            assertEq(ret, abi.encodeWithSelector(ILeaderElection.NotLeader.selector, _who, block.number), "NotLeader");
        }
    }

    function _balanceIsTheAccounting() internal view {
        (uint256 escrow, uint256 refunds, uint256 proceeds) = inbox.totals();
        assertEq(address(inbox).balance, escrow + refunds + proceeds, "balance == escrows + refunds + proceeds");
    }
}

/// @title AuctionInbox_Schedule_Test
contract AuctionInbox_Schedule_Test is AuctionInbox_Base {
    function test_noBids_defaultSetRoundRobin() external view {
        for (uint256 w = 0; w < 9; w++) {
            assertEq(inbox.leaderAt(_start(w)), d[w % 3], "default member w % 3");
            assertEq(inbox.leaderAt(_start(w) + K - 1), d[w % 3], "the whole window");
        }
        assertEq(inbox.leaderAt(ORIGIN - 1), address(0), "nobody before the origin");
        assertEq(inbox.lookahead(), L, "lookahead");
    }

    function test_bid_leadsFromTheFirstBoundaryAtLeastLookaheadAhead() external {
        vm.roll(ORIGIN + 3); // window 0, last block: W = ceil((3 + 5) / 4) = 2
        _bid(a, R, 8);
        assertEq(inbox.leaderAt(_start(2) - 1), d[1], "window 1 unchanged");
        assertEq(inbox.leaderAt(_start(2)), a, "A from window 2");
        assertEq(inbox.leaderAt(_start(10) - 1), a, "through window 9 (8 windows of escrow)");
        assertEq(inbox.leaderAt(_start(10)), d[1], "then the default set");
        vm.roll(ORIGIN + 4); // window 1, first block: W = ceil(9 / 4) = 3
        (, uint256 fw) = inbox.windows(block.number);
        assertEq(fw, 3, "a change made now takes effect at window 3");
    }

    /// @notice Issue 14's acceptance: a bidder outbid mid-reign stops leading exactly at the
    ///         announced boundary (`ReignCut`'s end block), and every block before it is unchanged.
    function test_outbidLeader_stopsExactlyAtTheAnnouncedBoundary() external {
        vm.roll(ORIGIN + 1);
        _bid(a, R, 8); // reign 1: windows [2, 10)
        vm.roll(_start(3) + 1); // block 1013: W = ceil((13 + 5) / 4) = 5, block 1020
        address[] memory before = new address[](12);
        for (uint256 i = 0; i < 12; i++) {
            before[i] = inbox.leaderAt(block.number + i);
        }
        vm.expectEmit(true, true, false, true, address(inbox));
        emit AuctionInbox.ReignCut(1, a, 5, _start(5));
        _bid(b, R + R / 20, 6);
        for (uint256 i = 0; i < 12; i++) {
            uint256 blk = block.number + i;
            assertEq(inbox.leaderAt(blk), blk < _start(5) ? before[i] : b, "fixed before the boundary, B from it");
        }
        (, address leader, uint256 startBlock, uint256 endBlock,) = inbox.reignAt(_start(5));
        assertEq(leader, b, "B's reign");
        assertEq(startBlock, _start(5), "starts at the boundary");
        assertEq(endBlock, _start(11), "six windows");
        (uint256 s, uint256 e) = inbox.nextWindow(a, block.number);
        assertEq(s, block.number, "A leads the rest of its fixed windows");
        assertEq(e, _start(5), "up to the boundary");

        vm.roll(_start(5) - 1);
        assertTrue(_post(a), "A posts in its last block");
        vm.roll(_start(5));
        assertFalse(_post(a), "A rejected at the boundary");
        assertTrue(_post(b), "B accepted at the boundary");
        vm.roll(_start(5) + 2);
        assertFalse(_post(a), "A, now the runner-up, has no open rung once B posted");
    }

    function test_rebid_byTheTop_startsANewTenureAtTheSameBoundary() external {
        vm.roll(ORIGIN + 1);
        _bid(a, R, 8); // [2, 10)
        vm.roll(_start(6));
        _bid(a, R, 8); // W = ceil((24 + 5) / 4) = 8: [2, 8) then [8, 16)
        assertEq(inbox.leaderAt(_start(8) - 1), a, "old reign");
        assertEq(inbox.leaderAt(_start(15)), a, "new tenure");
        assertEq(inbox.leaderAt(_start(16)), d[1], "then the default set");
    }

    function test_tenureEnds_thenTheRunnerUpLeadsFromTheNextSettlement() external {
        vm.roll(ORIGIN + 1);
        _bid(b, R, 20);
        _bid(a, 2 * R, 20); // same block: B's reign [2, 2) is cut away, A [2, 10) (tenure)
        assertEq(inbox.leaderAt(_start(2)), a, "A");
        assertEq(inbox.leaderAt(_start(10)), d[1], "provisional: the default set after A's tenure");
        vm.roll(_start(10) - L); // W = 10: the end is fixed
        vm.expectEmit(true, false, false, false, address(inbox));
        emit AuctionInbox.BidRemoved(a, 2, 0);
        inbox.settle();
        assertEq(inbox.leaderAt(_start(10)), b, "B from window 10");
        assertEq(inbox.leaderAt(_start(17)), b, "B for its own tenure");
        assertEq(inbox.leaderAt(_start(18)), d[0], "which ends");
        (address top,,,,) = inbox.topBids();
        assertEq(top, b, "A's bid is gone: a re-auction");
        _balanceIsTheAccounting();
    }

    function test_tenureEnds_lateSettlement_defaultFillsTheGap() external {
        vm.roll(ORIGIN + 1);
        _bid(b, R, 20);
        _bid(a, 2 * R, 20);
        vm.roll(_start(12)); // W = ceil((48 + 5) / 4) = 14
        assertEq(inbox.leaderAt(_start(12)), d[0], "default in the gap");
        inbox.settle();
        assertEq(inbox.leaderAt(_start(13)), d[1], "the gap stays (fixed)");
        assertEq(inbox.leaderAt(_start(14)), b, "B from W(settlement)");
    }

    function test_escrowRunsOut_endsTheReign() external {
        vm.roll(ORIGIN + 1);
        _bid(a, R, 5); // [2, 7)
        assertEq(inbox.leaderAt(_start(6)), a, "last paid window");
        assertEq(inbox.leaderAt(_start(7)), d[1], "then the default set");
        vm.roll(_start(7) - L);
        vm.expectEmit(true, false, false, true, address(inbox));
        emit AuctionInbox.BidRemoved(a, 3, 0);
        inbox.settle();
    }

    function test_withdraw_byTheTop_nextBidLeadsFromTheBoundary_fixedWindowsStayPaid() external {
        vm.roll(ORIGIN + 1);
        _bid(b, R, 10);
        _bid(a, 2 * R, 10); // A [2, 10)
        vm.roll(_start(3)); // W = ceil((12 + 5) / 4) = 5
        uint256 balance = a.balance;
        vm.prank(a);
        inbox.withdrawBid();
        assertEq(inbox.leaderAt(_start(5) - 1), a, "A keeps its fixed windows");
        assertEq(inbox.leaderAt(_start(5)), b, "B from the boundary");
        (, uint256 escrow, uint256 reserved, uint256 refund,) = inbox.bidOf(a);
        assertEq(reserved, 3 * 2 * R, "windows 2, 3, 4 reserved");
        assertEq(escrow, reserved, "the rest is refunded");
        assertEq(refund, 7 * 2 * R, "seven windows back");
        vm.prank(a);
        inbox.claim();
        assertEq(a.balance, balance + 7 * 2 * R, "pulled");
        vm.roll(_start(6));
        inbox.settle();
        (, escrow, reserved,,) = inbox.bidOf(a);
        assertEq(escrow, 0, "three windows charged");
        (,, uint256 proceeds) = inbox.totals();
        assertEq(proceeds, 3 * 2 * R + 2 * R, "A's windows 2 to 4 at 2R, B's 5 and 6 at R");
        _balanceIsTheAccounting();
    }

    function test_withdraw_notStanding_reverts() external {
        vm.prank(a);
        vm.expectRevert(abi.encodeWithSelector(AuctionInbox.NoStandingBid.selector, a));
        inbox.withdrawBid();
    }

    function test_defaultSetChange_takesEffectAtTheBoundary_oneAtATime() external {
        address[] memory set = new address[](1);
        set[0] = d[2];
        vm.roll(ORIGIN + 5); // window 1: W = ceil(10 / 4) = 3
        vm.prank(owner);
        inbox.setDefaultSet(set);
        assertEq(inbox.leaderAt(_start(2)), d[2], "window 2: old set, d[2 % 3]");
        assertEq(inbox.leaderAt(_start(1)), d[1], "window 1 unchanged");
        assertEq(inbox.leaderAt(_start(3)), d[2], "new set");
        assertEq(inbox.leaderAt(_start(4)), d[2], "new set");
        set[0] = d[0];
        vm.prank(owner);
        vm.expectRevert(abi.encodeWithSelector(AuctionInbox.DefaultSetChangePending.selector, 3));
        inbox.setDefaultSet(set);
        vm.roll(_start(4));
        vm.prank(owner);
        inbox.setDefaultSet(set);
        assertEq(inbox.leaderAt(_start(5)), d[2], "fixed");
        assertEq(inbox.leaderAt(_start(6)), d[0], "newest");
        vm.prank(outsider);
        vm.expectRevert(abi.encodeWithSelector(AuctionInbox.NotOwner.selector, outsider));
        inbox.setDefaultSet(set);
    }
}

/// @title AuctionInbox_Bids_Test
contract AuctionInbox_Bids_Test is AuctionInbox_Base {
    function test_reserve_increment_escrow() external {
        vm.prank(a);
        vm.expectRevert(abi.encodeWithSelector(AuctionInbox.BidTooLow.selector, R - 1, R));
        inbox.bid{ value: 10 * R }(R - 1);
        vm.prank(a);
        vm.expectRevert(abi.encodeWithSelector(AuctionInbox.EscrowTooLow.selector, 3 * R, 4 * R));
        inbox.bid{ value: 3 * R }(R);
        _bid(a, 20 * R, 4);
        (,,,, uint256 minimum) = inbox.topBids();
        assertEq(minimum, 21 * R, "5% over the top");
        vm.prank(b);
        vm.expectRevert(abi.encodeWithSelector(AuctionInbox.BidTooLow.selector, 21 * R - 1, 21 * R));
        inbox.bid{ value: 100 * R }(21 * R - 1);
        _bid(b, 21 * R, 4);
        (address top,, address runnerUp,,) = inbox.topBids();
        assertEq(top, b, "B on top");
        assertEq(runnerUp, a, "A runner-up");
    }

    function test_escrowBeyondTheTenure_isCredited() external {
        _bid(a, R, 20);
        (, uint256 escrow,, uint256 refund,) = inbox.bidOf(a);
        assertEq(escrow, TENURE * R, "tenure's worth kept");
        assertEq(refund, 12 * R, "the rest credited");
        _balanceIsTheAccounting();
    }

    function test_rentIsCharged_andCollectedToTheRecipient() external {
        vm.roll(ORIGIN + 1);
        _bid(a, 3 * R, 8); // [2, 10)
        vm.roll(_start(4) + 1); // windows 2, 3, 4 started
        assertEq(inbox.settle(), 9 * R, "three windows charged");
        vm.roll(_start(20));
        inbox.collectProceeds();
        assertEq(recipient.balance, 24 * R, "eight windows, paid to the recipient");
        (uint256 escrow, uint256 refunds, uint256 proceeds) = inbox.totals();
        assertEq(escrow + refunds + proceeds, 0, "nothing left");
        assertEq(address(inbox).balance, 0, "balance");
    }

    function test_claim_nothing_reverts() external {
        vm.prank(a);
        vm.expectRevert(abi.encodeWithSelector(AuctionInbox.NothingToClaim.selector));
        inbox.claim();
    }

    function test_claim_isReentrancySafe() external {
        Reenterer bad = new Reenterer(inbox);
        vm.deal(address(bad), 1 ether);
        bad.bid(R, 20 * R); // 12 windows credited
        vm.expectRevert(abi.encodeWithSelector(AuctionInbox.TransferFailed.selector));
        bad.claim();
        (,,, uint256 refund,) = inbox.bidOf(address(bad));
        assertEq(refund, 12 * R, "nothing paid out");
    }

    function test_owner_recipientAndOwnership() external {
        vm.prank(outsider);
        vm.expectRevert(abi.encodeWithSelector(AuctionInbox.NotOwner.selector, outsider));
        inbox.setRecipient(outsider);
        vm.prank(owner);
        inbox.setRecipient(outsider);
        vm.prank(owner);
        inbox.transferOwnership(a);
        (address o, address r) = inbox.roles();
        assertEq(o, a, "owner");
        assertEq(r, outsider, "recipient");
    }

    function test_constructor_rejectsBadConfig() external {
        AuctionInbox.Config memory cfg = _config();
        cfg.lookahead = 2 * K + 1;
        vm.expectRevert(abi.encodeWithSelector(AuctionInbox.InvalidConfig.selector, 4));
        new AuctionInbox(cfg);
        cfg = _config();
        cfg.minEscrowWindows = TENURE + 1;
        vm.expectRevert(abi.encodeWithSelector(AuctionInbox.InvalidConfig.selector, 8));
        new AuctionInbox(cfg);
        cfg = _config();
        cfg.defaultSet[1] = cfg.defaultSet[0];
        vm.expectRevert(abi.encodeWithSelector(AuctionInbox.BadDefaultSet.selector));
        new AuctionInbox(cfg);
    }

    function testFuzz_reignLength_isTenureOrEscrow(uint256 _rent, uint256 _windows, uint256 _at) external {
        uint256 rent = bound(_rent, R, 1 ether);
        uint256 windows = bound(_windows, 4, 30);
        vm.roll(bound(_at, ORIGIN, ORIGIN + 1_000));
        vm.deal(a, rent * windows);
        _bid(a, rent, windows);
        (, uint256 fw) = inbox.windows(block.number);
        uint256 n = windows < TENURE ? windows : TENURE;
        (, address leader, uint256 startBlock, uint256 endBlock, uint256 r) = inbox.reignAt(_start(fw));
        assertEq(leader, a, "A leads from W");
        assertEq(startBlock, _start(fw), "start");
        assertEq(endBlock, _start(fw + n), "min(tenure, escrow) windows");
        assertEq(r, rent, "rent");
        assertEq(inbox.leaderAt(_start(fw) - 1), d[(fw - 1) % 3], "default before");
        _balanceIsTheAccounting();
    }
}

/// @title AuctionInbox_Ladder_Test
/// @notice The runner-up backs a silent top bidder; a top bidder that never posts costs G1 blocks
///         per window until demoted, and still pays.
contract AuctionInbox_Ladder_Test is AuctionInbox_Base {
    function setUp() public override {
        super.setUp();
        vm.roll(ORIGIN + 1);
        _bid(b, R, 20);
        _bid(a, 2 * R, 20); // A [2, 10), runner-up B
    }

    function test_ranks() external {
        vm.roll(_start(2));
        (uint8 rungA,,) = inbox.rungOf(a, block.number);
        (uint8 rungB, uint256 opensB,) = inbox.rungOf(b, block.number);
        (uint8 rungD,,) = inbox.rungOf(d[0], block.number);
        (uint8 rungC,,) = inbox.rungOf(c, block.number);
        assertEq(rungA, 1, "top bidder: primary");
        assertEq(rungB, 2, "runner-up: first backup");
        assertEq(opensB, _start(2) + 2, "at G1");
        assertEq(rungD, 3, "default members: further backups");
        assertEq(rungC, 0, "others: nothing");
    }

    function test_silentTopBidder_costsG1_thenDemoted_stillPays() external {
        for (uint256 w = 2; w < 4; w++) {
            vm.roll(_start(w) + 1);
            assertFalse(_post(b), "B waits for G1");
            vm.roll(_start(w) + 2);
            assertTrue(_post(b), "B covers at G1");
        }
        (,,, bool demoted) = inbox.ladderRecord(a);
        assertTrue(demoted, "A demoted after two misses");
        vm.roll(_start(4));
        assertTrue(_post(b), "B stands in from the window's first block");
        assertEq(inbox.leaderAt(block.number), a, "the schedule still names A");
        vm.roll(_start(5));
        inbox.settle();
        (, uint256 escrow,,,) = inbox.bidOf(a);
        assertEq(escrow, 16 * R - 4 * 2 * R, "A paid windows 2 to 5");
        assertTrue(_post(a), "A can come back (rung 2 in its own window)");
    }

    function test_defaultWindow_nextMemberIsTheBackup() external {
        vm.roll(ORIGIN);
        (uint8 rung, uint256 opens,) = inbox.rungOf(d[1], ORIGIN);
        assertEq(rung, 2, "next default member");
        assertEq(opens, ORIGIN + 2, "at G1");
        (rung,,) = inbox.rungOf(b, ORIGIN);
        assertEq(rung, 0, "bidders have no rung in a default window");
    }

    function testFuzz_fallbackMatchesPostingRights(uint256 _seed) external {
        address[6] memory who = [a, b, c, d[0], d[1], d[2]];
        for (uint256 i = 0; i < 24; i++) {
            uint256 rnd = uint256(keccak256(abi.encode(_seed, i)));
            vm.roll(block.number + rnd % 3);
            if (rnd >> 8 & 7 == 0) {
                (,,,, uint256 minimum) = inbox.topBids();
                _bid(who[(rnd >> 16) % 3], minimum, 6);
            }
            address x = who[(rnd >> 24) % 6];
            uint8 rung = inbox.postingRights(x, block.number);
            assertEq(_post(x) ? 1 : 0, rung != 0 ? 1 : 0, "fallback == postingRights");
            (,,, address primary,) = inbox.ladderWindow(block.number);
            uint256 holders;
            for (uint256 j = 0; j < 6; j++) {
                (uint8 r,,) = inbox.rungOf(who[j], block.number);
                if (r == 1) {
                    holders++;
                    assertEq(who[j], primary, "rung 1 is the effective primary");
                }
            }
            assertLe(holders, 1, "one rung-1 holder");
        }
    }
}

/// @notice Bids, then re-enters `claim` from its receive hook.
contract Reenterer {
    AuctionInbox internal inbox;

    constructor(AuctionInbox _inbox) {
        inbox = _inbox;
    }

    function bid(uint256 _rent, uint256 _value) external {
        inbox.bid{ value: _value }(_rent);
    }

    function claim() external {
        inbox.claim();
    }

    receive() external payable {
        inbox.claim();
    }
}
