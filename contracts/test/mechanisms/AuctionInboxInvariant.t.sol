// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import { vm } from "baton/script/Vm.sol";
import { ILeaderElection } from "baton/interfaces/ILeaderElection.sol";
import { AuctionInbox } from "baton/mechanisms/AuctionInbox.sol";
import { LeaderElectionChecks } from "baton-test/kit/LeaderElectionChecks.sol";

/// @title AuctionInbox_Handler
/// @notice What the invariant fuzzer drives: four bidders bid, outbid, re-bid and withdraw, anyone
///         settles, claims and collects, the owner replaces the default set (two members), the
///         primary posts, and L1 advances. After every action it records the leader of each block
///         before the end of the fixed schedule the first time it is fixed, so invariants can check
///         it never changes. Actions never revert (foundry.toml: fail_on_revert); rejected calls
///         are counted.
contract AuctionInbox_Handler is LeaderElectionChecks {
    uint256 internal constant ORIGIN = 500;
    uint256 internal constant K = 3;
    uint256 internal constant L = 4;
    uint256 public constant RESERVE = 1 gwei;

    AuctionInbox public inbox;
    address[] internal pool;
    address public owner = makeAddr(0xC0);
    address public recipient = makeAddr(0xEC);
    uint256 public currentBlock = ORIGIN;
    uint256 public recordedFrom = ORIGIN;
    uint256 public recordedTo = ORIGIN;
    mapping(uint256 => address) public published;
    mapping(bytes32 => uint256) public accepted;
    mapping(bytes32 => uint256) public rejected;
    /// @notice Whether to record the schedule (the accounting campaign skips it, for speed).
    bool public recording;

    constructor(bool _recording) {
        recording = _recording;
        // pool[0], pool[1]: the default set; pool[2..5]: bidders (pool[1] bids too).
        for (uint256 i = 0; i < 6; i++) {
            pool.push(makeAddr(900 + i));
            vm.deal(pool[i], 1_000_000 ether);
        }
        address[] memory set = new address[](2);
        (set[0], set[1]) = (pool[0], pool[1]);
        vm.roll(ORIGIN);
        inbox = new AuctionInbox(
            AuctionInbox.Config({
                owner: owner,
                recipient: recipient,
                defaultSet: set,
                turnLength: K,
                lookahead: L,
                reserve: RESERVE,
                incrementBps: 500,
                maxTenure: 6,
                minEscrowWindows: 3,
                g1: 1,
                g2: 1,
                g3: 0,
                maxMisses: 2
            })
        );
        _record();
    }

    function candidates() external view returns (address[] memory) {
        return pool;
    }

    /// @notice A bidder bids at or a little over the minimum (sometimes under it, or short of
    ///         escrow), escrowing 0 to 9 windows of rent.
    function bid(uint256 _seed) external {
        address who = pool[1 + _seed % 5];
        vm.roll(currentBlock);
        (,,,, uint256 minimum) = inbox.topBids();
        uint256 rent = minimum + (_seed >> 8) % (minimum + 1);
        if ((_seed >> 40) % 16 == 0) rent = minimum - 1; // too low
        uint256 value = rent * ((_seed >> 16) % 10);
        _call("bid", who, value, abi.encodeCall(AuctionInbox.bid, (rent)));
    }

    function withdrawBid(uint256 _seed) external {
        _call("withdrawBid", pool[1 + _seed % 5], 0, abi.encodeCall(AuctionInbox.withdrawBid, ()));
    }

    function settle(uint256 _seed) external {
        _call("settle", pool[_seed % 6], 0, abi.encodeCall(AuctionInbox.settle, ()));
    }

    function claim(uint256 _seed) external {
        _call("claim", pool[_seed % 6], 0, abi.encodeCall(AuctionInbox.claim, ()));
    }

    function collect(uint256 _seed) external {
        _call("collect", pool[_seed % 6], 0, abi.encodeCall(AuctionInbox.collectProceeds, ()));
    }

    /// @notice The owner replaces the default set with one or two of the pool.
    function setDefaultSet(uint256 _seed) external {
        address[] memory set = new address[](1 + _seed % 2);
        set[0] = pool[(_seed >> 8) % 6];
        if (set.length == 2) set[1] = pool[(1 + (_seed >> 8)) % 6];
        if (set.length == 2 && set[0] == set[1]) set = new address[](0);
        _call("setDefaultSet", owner, 0, abi.encodeCall(AuctionInbox.setDefaultSet, (set)));
    }

    /// @notice The primary of the current block posts (unless `_seed` says it is silent), and
    ///         someone else tries; the fallback agrees with `postingRights`.
    function post(uint256 _seed) external {
        vm.roll(currentBlock);
        address leader = inbox.leaderAt(currentBlock);
        if (leader != address(0) && _seed % 3 != 0) _postChecked(leader);
        _postChecked(pool[(_seed >> 8) % 6]);
        _record();
    }

    function advance(uint256 _seed) external {
        currentBlock += bound(_seed, 1, 8);
        vm.roll(currentBlock);
        _record();
    }

    function _postChecked(address _who) internal {
        uint8 rung = inbox.postingRights(_who, currentBlock);
        vm.prank(_who);
        (bool ok,) = address(inbox).call(hex"00c0ffee");
        assertEq(ok ? 1 : 0, rung != 0 ? 1 : 0, "the fallback agrees with postingRights");
        if (ok) accepted[keccak256("post")]++;
        else rejected[keccak256("post")]++;
    }

    function _call(string memory _action, address _from, uint256 _value, bytes memory _data) internal {
        currentBlock += uint256(keccak256(abi.encode(_data, _from, currentBlock))) % 4; // 0 to 3 blocks on
        vm.roll(currentBlock);
        vm.prank(_from);
        (bool ok,) = address(inbox).call{ value: _value }(_data);
        if (ok) accepted[keccak256(bytes(_action))]++;
        else rejected[keccak256(bytes(_action))]++;
        _record();
    }

    /// @notice The first block of `W(currentBlock)`: every block before it is fixed.
    function fixedUntil() public view returns (uint256) {
        (, uint256 fw) = inbox.windows(currentBlock);
        return ORIGIN + fw * K;
    }

    /// @notice Records newly fixed blocks `[recordedTo, fixedUntil)`.
    function _record() internal {
        if (!recording) return;
        uint256 until = fixedUntil();
        assertGe(until, currentBlock + L, "fixed at least lookahead blocks ahead");
        for (uint256 b = recordedTo; b < until; b++) {
            published[b] = inbox.leaderAt(b);
        }
        if (until > recordedTo) recordedTo = until;
    }
}

/// @notice forge reads this shape from `targetSelectors()`.
struct FuzzSelector {
    address addr;
    bytes4[] selectors;
}

/// @title AuctionInbox_Invariant_Base
/// @notice The handler as target, with every action.
abstract contract AuctionInbox_Invariant_Base is LeaderElectionChecks {
    AuctionInbox_Handler internal handler;

    function targetContracts() public view returns (address[] memory targets_) {
        targets_ = new address[](1);
        targets_[0] = address(handler);
    }

    function targetSelectors() public view virtual returns (FuzzSelector[] memory selectors_) {
        bytes4[] memory actions = new bytes4[](11);
        actions[0] = AuctionInbox_Handler.bid.selector;
        actions[1] = AuctionInbox_Handler.bid.selector;
        actions[2] = AuctionInbox_Handler.withdrawBid.selector;
        actions[3] = AuctionInbox_Handler.settle.selector;
        actions[4] = AuctionInbox_Handler.claim.selector;
        actions[5] = AuctionInbox_Handler.collect.selector;
        actions[6] = AuctionInbox_Handler.setDefaultSet.selector;
        actions[7] = AuctionInbox_Handler.post.selector;
        actions[8] = AuctionInbox_Handler.advance.selector;
        actions[9] = AuctionInbox_Handler.advance.selector;
        actions[10] = AuctionInbox_Handler.post.selector;
        selectors_ = new FuzzSelector[](1);
        selectors_[0] = FuzzSelector({ addr: address(handler), selectors: actions });
    }

    function afterInvariant() external {
        string[7] memory actions = ["bid", "withdrawBid", "settle", "claim", "collect", "setDefaultSet", "post"];
        for (uint256 i = 0; i < 7; i++) {
            emit log_named_uint(string.concat(actions[i], " accepted"), handler.accepted(keccak256(bytes(actions[i]))));
            emit log_named_uint(string.concat(actions[i], " rejected"), handler.rejected(keccak256(bytes(actions[i]))));
        }
    }

    function _sync() internal returns (AuctionInbox inbox_) {
        vm.roll(handler.currentBlock());
        inbox_ = handler.inbox();
    }
}

/// @title AuctionInbox_EscrowInvariant
/// @notice Over random sequences of bids, outbids, re-bids, withdrawals, settlements, claims,
///         collections, default-set changes, posts and L1 advances, 10,000 runs: the contract's
///         balance is exactly its escrows + unclaimed refunds + unpaid proceeds, each total is the
///         sum over the actors, no reserved escrow exceeds its escrow, and every wei the actors
///         paid in is in the contract, with the recipient, or back with them.
contract AuctionInbox_EscrowInvariant is AuctionInbox_Invariant_Base {
    AuctionInbox internal inbox;
    address[] internal pool;
    address internal recipient;

    function setUp() public {
        handler = new AuctionInbox_Handler(false);
        (inbox, pool, recipient) = (handler.inbox(), handler.candidates(), handler.recipient());
    }

    /// @notice The money-moving actions only (posts and default-set changes move none), each of
    ///         which also lets L1 advance 0 to 3 blocks, so short sequences reach charges,
    ///         expiries and retired reigns.
    function targetSelectors() public view override returns (FuzzSelector[] memory selectors_) {
        bytes4[] memory actions = new bytes4[](7);
        actions[0] = AuctionInbox_Handler.bid.selector;
        actions[1] = AuctionInbox_Handler.bid.selector;
        actions[2] = AuctionInbox_Handler.withdrawBid.selector;
        actions[3] = AuctionInbox_Handler.settle.selector;
        actions[4] = AuctionInbox_Handler.claim.selector;
        actions[5] = AuctionInbox_Handler.collect.selector;
        actions[6] = AuctionInbox_Handler.advance.selector;
        selectors_ = new FuzzSelector[](1);
        selectors_[0] = FuzzSelector({ addr: address(handler), selectors: actions });
    }

    /// @dev Reads only block-independent state (no roll), for speed.
    /// forge-config: default.invariant.runs = 10000
    /// forge-config: default.invariant.depth = 8
    function invariant_escrowAccountingIsExact() external view {
        (uint256 escrow, uint256 refunds, uint256 proceeds) = inbox.totals();
        assertEq(address(inbox).balance, escrow + refunds + proceeds, "balance == escrows + refunds + proceeds");
        uint256 sumEscrow;
        uint256 sumRefunds;
        uint256 deposited;
        for (uint256 i = 0; i < pool.length; i++) {
            (, uint256 e, uint256 reserved, uint256 refund,) = inbox.bidOf(pool[i]);
            assertLe(reserved, e, "reserved within the escrow");
            sumEscrow += e;
            sumRefunds += refund;
            deposited += 1_000_000 ether - pool[i].balance;
        }
        assertEq(sumEscrow, escrow, "escrows add up");
        assertEq(sumRefunds, refunds, "refunds add up");
        assertEq(recipient.balance + proceeds + escrow + refunds, deposited, "nothing lost");
    }
}

/// @title AuctionInbox_ScheduleInvariant
/// @notice Over the same sequences: every block up to past the fixed schedule has one leader or
///         none, and `leaderAt`, `isLeader` and `nextWindow` agree; at most five reigns are live;
///         a published (fixed) block's leader never changes; the fallback agrees with
///         `postingRights` (checked in the handler's posts).
contract AuctionInbox_ScheduleInvariant is AuctionInbox_Invariant_Base {
    function setUp() public {
        handler = new AuctionInbox_Handler(true);
    }

    /// forge-config: default.invariant.depth = 24
    function invariant_oneLeaderPerBlock() external {
        AuctionInbox inbox = _sync();
        address[] memory pool = handler.candidates();
        (uint256 first, uint256 next) = inbox.liveReigns();
        assertLe(next - first, 5, "at most five live reigns");
        uint256 until = handler.fixedUntil();
        for (uint256 b = block.number; b < until + 3; b++) {
            address leader = inbox.leaderAt(b);
            uint256 leading;
            for (uint256 i = 0; i < pool.length; i++) {
                if (inbox.isLeader(pool[i], b)) {
                    leading++;
                    assertEq(pool[i], leader, "isLeader agrees with leaderAt");
                }
            }
            assertEq(leading, leader == address(0) ? 0 : 1, "one leader or nobody");
        }
        for (uint256 i = 0; i < pool.length; i++) {
            for (uint256 from = block.number; from < until; from += 3) {
                _checkWindow(inbox, pool[i], from, WindowBounds(from, until, true, type(uint256).max, ""));
            }
        }
    }

    /// forge-config: default.invariant.depth = 24
    function invariant_publishedScheduleNeverChanges() external {
        AuctionInbox inbox = _sync();
        uint256 from = handler.recordedFrom();
        uint256 to = handler.recordedTo();
        if (to > from + 48) from = to - 48;
        for (uint256 b = from; b < to; b++) {
            try inbox.leaderAt(b) returns (address leader) {
                assertEq(leader, handler.published(b), "a published slot changed");
            } catch (bytes memory err) {
                assertTrue(bytes4(err) == ILeaderElection.ScheduleForgotten.selector, "unexpected revert");
                assertLt(b, block.number, "only past blocks can be forgotten");
            }
        }
    }
}
