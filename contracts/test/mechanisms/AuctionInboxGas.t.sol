// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import { vm } from "baton/script/Vm.sol";
import { AuctionInbox } from "baton/mechanisms/AuctionInbox.sol";
import { TestBase } from "baton-test/TestBase.sol";

/// @title Gas_Auction_Base
/// @notice Execution gas of the auction's fallback and bidder actions, each a fresh tx (cold
///         storage) and "net": the same CALL to an existing account without code is subtracted,
///         as in the ladder's and the stake inbox's gas tests. Windows of 4 blocks from block 1000,
///         lookahead 5, the devnet's ladder (G1 = 2, G2 = G3 = 1, two misses). A (rent 2 gwei)
///         tops B (rent 1 gwei) from window 2; everyone posted in earlier windows, so records are
///         non-zero as on a running chain. `forge test -vv --mc Gas_Auction` prints the figures;
///         docs/gas.md quotes them.
abstract contract Gas_Auction_Base is TestBase {
    uint256 internal constant ORIGIN = 1_000;
    uint256 internal constant K = 4;
    uint256 internal constant R = 1 gwei;
    uint256 internal constant PRIMARY_POST_BUDGET = 6_500;

    AuctionInbox internal inbox;
    address[] internal d;
    address internal a = makeAddr(0xA);
    address internal b = makeAddr(0xB);
    address internal c = makeAddr(0xC);
    uint256 internal eoaSeed = 900;

    function setUp() public virtual {
        for (uint256 i = 0; i < 3; i++) {
            d.push(makeAddr(0xD0 + i));
        }
        vm.deal(a, 100 ether);
        vm.deal(b, 100 ether);
        vm.deal(c, 100 ether);
        vm.roll(ORIGIN);
        inbox = new AuctionInbox(
            AuctionInbox.Config({
                owner: makeAddr(0xC0),
                recipient: makeAddr(0xEC),
                defaultSet: d,
                turnLength: K,
                lookahead: 5,
                reserve: R,
                incrementBps: 500,
                maxTenure: 16,
                minEscrowWindows: 4,
                g1: 2,
                g2: 1,
                g3: 1,
                maxMisses: 2
            })
        );
        _send(d[0]);
        vm.prank(b);
        inbox.bid{ value: 10 * R }(R);
        vm.prank(a);
        inbox.bid{ value: 32 * R }(2 * R); // A [2, 18)
        vm.roll(ORIGIN + K);
        _send(d[1]);
        vm.roll(ORIGIN + 2 * K);
        _send(a);
        vm.roll(ORIGIN + 3 * K + 2);
        _send(b); // covers window 3 at G1 (A silent once)
        vm.roll(ORIGIN + 4 * K);
        for (uint256 i = 0; i < 8; i++) {
            vm.deal(makeAddr(eoaSeed + i), 1); // baseline accounts exist and stay cold
        }
    }

    function _send(address _from) internal returns (bool ok_) {
        vm.prank(_from);
        (ok_,) = address(inbox).call(_batch(100));
    }

    /// @notice Net gas of `_data` (with `_value`) sent to the inbox from `_from`.
    function _net(address _from, uint256 _value, bytes memory _data) internal returns (uint256 net_, bool ok_) {
        address eoa = makeAddr(eoaSeed++);
        vm.deal(_from, _from.balance + 2 * _value);
        vm.prank(_from);
        (, uint256 base) = _measuredCall(eoa, _value, _data);
        vm.prank(_from);
        uint256 cost;
        (ok_, cost) = _measuredCall(address(inbox), _value, _data);
        net_ = cost > base ? cost - base : 0;
    }

    function _measuredCall(address _to, uint256 _value, bytes memory _data) internal returns (bool ok_, uint256 gas_) {
        assembly {
            let g := gas()
            ok_ := call(gas(), _to, _value, add(_data, 32), mload(_data), 0, 0)
            gas_ := sub(g, gas())
        }
    }

    function _batch(uint256 _bytes) internal pure returns (bytes memory batch_) {
        batch_ = new bytes(_bytes);
        for (uint256 i = 1; i < _bytes; i++) {
            batch_[i] = bytes1(uint8(i * 131 % 255 + 1));
        }
    }
}

/// @title Gas_Auction_Test
contract Gas_Auction_Test is Gas_Auction_Base {
    function test_gas_topBidderPost_firstOfWindow() external {
        (uint256 net, bool ok) = _net(a, 0, _batch(1_000));
        assertTrue(ok, "accepted");
        emit log_named_uint("auction: top bidder's first post of a window", net);
        assertLe(net, PRIMARY_POST_BUDGET, "primary post");
    }

    function test_gas_runnerUpPost_atG1() external {
        vm.roll(block.number + 2);
        (uint256 net, bool ok) = _net(b, 0, _batch(1_000));
        assertTrue(ok, "accepted");
        emit log_named_uint("auction: runner-up's post at G1 (records the top's miss)", net);
    }

    function test_gas_outsiderRejected() external {
        (uint256 net, bool ok) = _net(makeAddr(77), 0, _batch(1_000));
        assertFalse(ok, "rejected");
        emit log_named_uint("auction: an outsider, rejected", net);
    }

    function test_gas_outbid() external {
        (uint256 net, bool ok) = _net(c, 12 * R, abi.encodeCall(AuctionInbox.bid, (3 * R)));
        assertTrue(ok, "accepted");
        emit log_named_uint("auction: outbid (cuts the top's reign, schedules a new one)", net);
    }

    function test_gas_withdrawTop() external {
        (uint256 net, bool ok) = _net(a, 0, abi.encodeCall(AuctionInbox.withdrawBid, ()));
        assertTrue(ok, "accepted");
        emit log_named_uint("auction: the top withdraws (the runner-up is crowned)", net);
    }

    function test_gas_withdrawRunnerUp() external {
        (uint256 net, bool ok) = _net(b, 0, abi.encodeCall(AuctionInbox.withdrawBid, ()));
        assertTrue(ok, "accepted");
        emit log_named_uint("auction: a lower bid withdraws", net);
    }

    function test_gas_settle() external {
        (uint256 net, bool ok) = _net(c, 0, abi.encodeCall(AuctionInbox.settle, ()));
        assertTrue(ok, "accepted");
        emit log_named_uint("auction: settle (charges the running reign)", net);
    }

    function test_gas_deploy() external {
        AuctionInbox.Config memory config = AuctionInbox.Config({
            owner: a,
            recipient: a,
            defaultSet: d,
            turnLength: K,
            lookahead: 5,
            reserve: R,
            incrementBps: 500,
            maxTenure: 16,
            minEscrowWindows: 4,
            g1: 2,
            g2: 1,
            g3: 1,
            maxMisses: 2
        });
        uint256 before = gasleft();
        new AuctionInbox(config);
        emit log_named_uint("deploy AuctionInbox, three default members (execution)", before - gasleft());
    }

    function test_gas_leaderAt() external {
        (uint256 net,) = _net(c, 0, abi.encodeCall(inbox.leaderAt, (block.number + 4)));
        emit log_named_uint("leaderAt (cold)", net);
    }

    function test_gas_nextWindow() external {
        (uint256 net,) = _net(c, 0, abi.encodeCall(inbox.nextWindow, (a, block.number)));
        emit log_named_uint("nextWindow (cold)", net);
    }
}

/// @title Gas_Auction_ClaimTest
contract Gas_Auction_ClaimTest is Gas_Auction_Base {
    function setUp() public override {
        super.setUp();
        vm.prank(b);
        inbox.withdrawBid();
    }

    function test_gas_claim() external {
        (uint256 net, bool ok) = _net(b, 0, abi.encodeCall(AuctionInbox.claim, ()));
        assertTrue(ok, "accepted");
        emit log_named_uint("auction: claim a refund", net);
    }
}

/// @title Gas_Auction_RepeatTest
contract Gas_Auction_RepeatTest is Gas_Auction_Base {
    function setUp() public override {
        super.setUp();
        _send(a);
    }

    function test_gas_topBidderPost_repeat() external {
        (uint256 net, bool ok) = _net(a, 0, _batch(1_000));
        assertTrue(ok, "accepted");
        emit log_named_uint("auction: top bidder's repeat post in its window", net);
        assertLe(net, PRIMARY_POST_BUDGET, "primary post");
    }
}

/// @title Gas_Auction_FirstBidTest
/// @notice Nobody bids yet: a default member's post, and the first bid.
contract Gas_Auction_FirstBidTest is Gas_Auction_Base {
    function setUp() public override {
        super.setUp();
        vm.prank(a);
        inbox.withdrawBid();
        vm.prank(b);
        inbox.withdrawBid();
        vm.roll(ORIGIN + 40 * K);
        inbox.settle(); // retires the reigns
        vm.roll(ORIGIN + 41 * K);
    }

    function test_gas_defaultMemberPost_noBids() external {
        (uint256 net, bool ok) = _net(d[41 % 3], 0, _batch(1_000));
        assertTrue(ok, "accepted");
        emit log_named_uint("auction: default member's first post of a window (no live reign)", net);
    }

    function test_gas_firstBid() external {
        (uint256 net, bool ok) = _net(c, 8 * R, abi.encodeCall(AuctionInbox.bid, (R)));
        assertTrue(ok, "accepted");
        emit log_named_uint("auction: a bid with no standing bid", net);
    }
}
