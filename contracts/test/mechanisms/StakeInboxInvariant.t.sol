// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import { vm } from "baton/script/Vm.sol";
import { ILeaderElection } from "baton/interfaces/ILeaderElection.sol";
import { StakeInbox } from "baton/mechanisms/StakeInbox.sol";
import { LeaderElectionChecks } from "baton-test/kit/LeaderElectionChecks.sol";

/// @title StakeInbox_Handler
/// @notice What the invariant fuzzer drives: five addresses join, exit, withdraw, post, report
///         misses and settle penalties, anyone pokes, and L1 advances with a fresh prevrandao.
///         After every action it records the leader of each block before the horizon the first
///         time that block is fixed, so invariants can check it never changes. Actions never
///         revert (foundry.toml: fail_on_revert); rejected calls are counted.
contract StakeInbox_Handler is LeaderElectionChecks {
    uint256 internal constant ORIGIN = 500;
    uint256 internal constant K = 3;
    uint256 internal constant E = 2;
    uint256 public constant PRICE = 1 ether;

    StakeInbox public inbox;
    address[] internal pool;
    /// @notice The L1 block the handler is at (re-applied with vm.roll before every action).
    uint256 public currentBlock = ORIGIN;
    /// @notice First block whose leader was recorded, and one past the last.
    uint256 public recordedFrom = ORIGIN;
    uint256 public recordedTo = ORIGIN;
    /// @notice Leader of each recorded block, as first published.
    mapping(uint256 => address) public published;
    /// @notice `weightsDigest` of each recorded block, as first published.
    mapping(uint256 => bytes32) public publishedWeights;
    /// @notice Accepted and rejected calls, per action (for the campaign's summary).
    mapping(bytes32 => uint256) public accepted;
    mapping(bytes32 => uint256) public rejected;
    uint256 internal nextPenalty = 1;

    constructor() {
        for (uint256 i = 0; i < 5; i++) {
            pool.push(makeAddr(900 + i));
            vm.deal(pool[i], 1_000 ether);
        }
        vm.roll(ORIGIN);
        inbox = new StakeInbox(
            StakeInbox.Config({
                seatPrice: PRICE,
                turnLength: K,
                epochWindows: E,
                lookahead: 4,
                penaltyBps: 500,
                maxMisses: 2,
                escrowBlocks: 5
            }),
            StakeInbox.LadderConfig({ g1: K, g2: 0, g3: 0, maxMisses: 255 })
        );
        // Two members from the start, so most runs have leaders early.
        vm.prank(pool[0]);
        inbox.join{ value: 2 * PRICE }(2);
        vm.prank(pool[1]);
        inbox.join{ value: PRICE }(1);
        _record();
    }

    function candidates() external view returns (address[] memory) {
        return pool;
    }

    /// @notice A pool member bonds 1 to 3 more seats.
    function join(uint256 _seed) external {
        address who = pool[_seed % pool.length];
        uint256 seats = 1 + (_seed >> 8) % 3;
        _call("join", who, seats * PRICE, abi.encodeCall(StakeInbox.join, (seats)));
    }

    /// @notice A pool member asks to leave with some of its seats.
    function exit(uint256 _seed) external {
        address who = pool[_seed % pool.length];
        (uint256 held,,,,,,,) = inbox.memberInfo(who);
        uint256 seats = held == 0 ? 1 : 1 + (_seed >> 8) % held;
        _call("exit", who, 0, abi.encodeCall(StakeInbox.requestExit, (seats)));
    }

    /// @notice A pool member withdraws what is unlocked.
    function withdraw(uint256 _seed) external {
        _call("withdraw", pool[_seed % pool.length], 0, abi.encodeWithSelector(StakeInbox.withdraw.selector));
    }

    /// @notice The leader of the current block posts (unless `_seed` says it is offline), and a
    ///         non-leader tries to.
    function post(uint256 _seed) external {
        vm.roll(currentBlock);
        address leader = inbox.leaderAt(currentBlock);
        if (leader != address(0) && _seed % 4 != 0) {
            vm.prank(leader);
            (bool ok,) = address(inbox).call(hex"00c0ffee");
            assertTrue(ok, "the leader's batch is accepted");
        }
        address other = pool[(_seed >> 8) % pool.length];
        if (other != leader) {
            vm.prank(other);
            (bool ok,) = address(inbox).call(hex"00c0ffee");
            assertFalse(ok, "a non-leader's batch is rejected");
        }
        _record();
    }

    /// @notice Anyone reports a window of the last two epochs: the most recent one that can be
    ///         reported, if any.
    function report(uint256 _seed) external {
        vm.roll(currentBlock);
        uint256 now_ = (currentBlock - ORIGIN) / K;
        address reporter = pool[_seed % pool.length];
        for (uint256 back = 1; back <= 2 * E && back <= now_; back++) {
            vm.prank(reporter);
            (bool ok,) = address(inbox).call(abi.encodeCall(StakeInbox.reportMissed, (now_ - back)));
            if (ok) {
                accepted[keccak256("report")]++;
                _record();
                return;
            }
        }
        rejected[keccak256("report")]++;
    }

    /// @notice Anyone settles one of the penalties created so far.
    function settle(uint256 _seed) external {
        uint256 id = 1 + _seed % 8;
        _call("settle", pool[0], 0, abi.encodeCall(StakeInbox.settlePenalty, (id)));
    }

    /// @notice Anyone pokes.
    function poke(uint256 _seed) external {
        _call("poke", pool[_seed % pool.length], 0, abi.encodeCall(StakeInbox.poke, ()));
    }

    /// @notice L1 advances by 1 to 12 blocks, with a new prevrandao.
    function advance(uint256 _seed) external {
        currentBlock += bound(_seed, 1, 12);
        vm.roll(currentBlock);
        vm.prevrandao(uint256(keccak256(abi.encode(_seed, currentBlock))));
        _record();
    }

    /// @notice Hash of every pool member's `weightAt(member, _l1Block)` (weight and total).
    function weightsDigest(uint256 _l1Block) public view returns (bytes32) {
        bytes memory all;
        for (uint256 i = 0; i < pool.length; i++) {
            (uint256 w, uint256 t) = inbox.weightAt(pool[i], _l1Block);
            all = abi.encodePacked(all, w, t);
        }
        return keccak256(all);
    }

    /// @notice Horizon of the fixed schedule.
    function horizon() external view returns (uint256) {
        return inbox.horizon();
    }

    function _call(string memory _action, address _from, uint256 _value, bytes memory _data) internal {
        vm.roll(currentBlock);
        vm.prank(_from);
        (bool ok,) = address(inbox).call{ value: _value }(_data);
        if (ok) accepted[keccak256(bytes(_action))]++;
        else rejected[keccak256(bytes(_action))]++;
        _record();
    }

    /// @notice Records newly fixed blocks `[recordedTo, horizon)`.
    function _record() internal {
        uint256 fixedUntil = inbox.horizon();
        assertGe(fixedUntil, currentBlock + inbox.lookahead() + 1, "fixed beyond the lookahead");
        for (uint256 b = recordedTo; b < fixedUntil; b++) {
            published[b] = inbox.leaderAt(b);
            publishedWeights[b] = weightsDigest(b);
        }
        if (fixedUntil > recordedTo) recordedTo = fixedUntil;
    }
}

/// @notice forge reads this shape from `targetSelectors()`.
struct FuzzSelector {
    address addr;
    bytes4[] selectors;
}

/// @title StakeInbox_Invariant
/// @notice Over random sequences of joins, exits, withdrawals, posts, reports, settlements, pokes
///         and L1 advances:
///         - the contract's balance is exactly its accounting (bonded seats x price - debts +
///           escrow + claimable rewards + burned), and the members' accounts sum to the totals;
///         - every fixed block has at most one leader, `leaderAt` and `isLeader` agree, and a
///           block has a leader whenever its set has seats;
///         - the members' `weightAt` sum to the total, which is the set's seat count, and the
///           leader's is positive;
///         - a published (fixed) block's leader and weights never change;
///         - `nextWindow` agrees with `leaderAt`.
contract StakeInbox_Invariant is LeaderElectionChecks {
    StakeInbox_Handler internal handler;

    function setUp() public {
        handler = new StakeInbox_Handler();
    }

    function targetContracts() public view returns (address[] memory targets_) {
        targets_ = new address[](1);
        targets_[0] = address(handler);
    }

    function targetSelectors() public view returns (FuzzSelector[] memory selectors_) {
        bytes4[] memory actions = new bytes4[](8);
        actions[0] = StakeInbox_Handler.join.selector;
        actions[1] = StakeInbox_Handler.exit.selector;
        actions[2] = StakeInbox_Handler.withdraw.selector;
        actions[3] = StakeInbox_Handler.post.selector;
        actions[4] = StakeInbox_Handler.report.selector;
        actions[5] = StakeInbox_Handler.settle.selector;
        actions[6] = StakeInbox_Handler.poke.selector;
        actions[7] = StakeInbox_Handler.advance.selector;
        selectors_ = new FuzzSelector[](1);
        selectors_[0] = FuzzSelector({ addr: address(handler), selectors: actions });
    }

    /// forge-config: default.invariant.depth = 64
    function invariant_balanceIsTheAccounting() external {
        StakeInbox inbox = _sync();
        (uint256 seats, uint256 debt, uint256 escrow, uint256 claimable, uint256 burned) = inbox.totals();
        uint256 price = handler.PRICE();
        assertEq(address(inbox).balance, seats * price - debt + escrow + claimable + burned, "balance");
        address[] memory pool = handler.candidates();
        uint256 sumSeats;
        uint256 sumDebt;
        uint256 sumClaimable;
        for (uint256 i = 0; i < pool.length; i++) {
            (,, uint256 bonded,,, uint256 d,,) = inbox.memberInfo(pool[i]);
            sumSeats += bonded;
            sumDebt += d;
            sumClaimable += inbox.claimable(pool[i]);
            assertLe(d, bonded * price, "a debt never exceeds its bond");
        }
        assertEq(sumSeats, seats, "bonded seats add up");
        assertEq(sumDebt, debt, "debts add up");
        assertEq(sumClaimable, claimable, "rewards add up");
    }

    function invariant_oneLeaderPerBlock() external {
        StakeInbox inbox = _sync();
        address[] memory pool = handler.candidates();
        uint256 fixedUntil = inbox.horizon();
        (StakeInbox.Config memory c, uint256 origin) = inbox.parameters();
        uint256 epochLength = c.turnLength * c.epochWindows;
        for (uint256 b = block.number; b < fixedUntil + 8; b++) {
            address leader = inbox.leaderAt(b);
            uint256 leading;
            uint256 weights;
            uint256 total;
            for (uint256 i = 0; i < pool.length; i++) {
                if (inbox.isLeader(pool[i], b)) {
                    leading++;
                    assertEq(pool[i], leader, "isLeader agrees with leaderAt");
                }
                (uint256 w, uint256 t) = inbox.weightAt(pool[i], b);
                if (pool[i] == leader) assertGe(w, 1, "the leader has weight");
                weights += w;
                total = t;
            }
            assertEq(leading, leader == address(0) ? 0 : 1, "one leader or nobody");
            (,, uint256 setEpoch,) = inbox.epochInfo((b - origin) / epochLength);
            if (inbox.seatCount(setEpoch) != 0) assertTrue(leader != address(0), "seats: somebody leads");
            assertEq(total, inbox.seatCount(setEpoch), "the total is the set's seat count");
            assertEq(weights, total, "the members' weights sum to the total");
        }
    }

    function invariant_publishedScheduleNeverChanges() external {
        StakeInbox inbox = _sync();
        uint256 from = handler.recordedFrom();
        uint256 to = handler.recordedTo();
        if (to > from + 64) from = to - 64;
        for (uint256 b = from; b < to; b++) {
            try inbox.leaderAt(b) returns (address leader) {
                assertEq(leader, handler.published(b), "a published slot changed");
            } catch (bytes memory err) {
                assertTrue(bytes4(err) == ILeaderElection.ScheduleForgotten.selector, "unexpected revert");
                assertLt(b, block.number, "only past blocks can be forgotten");
            }
            try handler.weightsDigest(b) returns (bytes32 digest) {
                assertEq(digest, handler.publishedWeights(b), "a published slot's weights changed");
            } catch (bytes memory err) {
                assertTrue(bytes4(err) == ILeaderElection.ScheduleForgotten.selector, "unexpected revert");
                assertLt(b, block.number, "only past blocks can be forgotten");
            }
        }
    }

    function invariant_nextWindowAgreesWithLeaderAt() external {
        StakeInbox inbox = _sync();
        address[] memory pool = handler.candidates();
        uint256 bound = block.number + inbox.lookahead();
        for (uint256 i = 0; i < pool.length; i++) {
            for (uint256 from = block.number; from < bound; from += 2) {
                _checkWindow(inbox, pool[i], from, WindowBounds(from, bound, true, type(uint256).max, ""));
            }
        }
    }

    /// @notice The campaign exercised every action (summed over all runs it is far from vacuous;
    ///         per run, the counts are logged).
    function afterInvariant() external {
        bytes32[8] memory actions = [
            keccak256("join"),
            keccak256("exit"),
            keccak256("withdraw"),
            keccak256("report"),
            keccak256("settle"),
            keccak256("poke"),
            bytes32(0),
            bytes32(0)
        ];
        for (uint256 i = 0; i < 6; i++) {
            emit log_named_uint("accepted", handler.accepted(actions[i]));
            emit log_named_uint("rejected", handler.rejected(actions[i]));
        }
    }

    function _sync() internal returns (StakeInbox inbox_) {
        vm.roll(handler.currentBlock());
        inbox_ = handler.inbox();
    }
}
