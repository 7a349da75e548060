// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import { vm } from "../src/script/Vm.sol";
import { ScheduleChecks } from "./ScheduleChecks.sol";
import { ILeaderElection } from "../src/interfaces/ILeaderElection.sol";
import { RoundRobinInbox } from "../src/RoundRobinInbox.sol";

/// @title RoundRobinInbox_Handler
/// @notice What the invariant fuzzer drives: the owner adds and removes leaders from a pool of six
///         and L1 advances. After every action it records the leader of each block before the
///         horizon the first time that block is fixed, so invariants can check it never changes.
contract RoundRobinInbox_Handler is ScheduleChecks {
    uint256 internal constant START = 210;

    RoundRobinInbox public inbox;
    address[] internal pool;
    /// @notice The L1 block the handler is at (re-applied with vm.roll before every action).
    uint256 public currentBlock = 200;
    /// @notice First block whose leader was recorded, and one past the last.
    uint256 public recordedFrom;
    uint256 public recordedTo;
    /// @notice Leader of each recorded block, as first published.
    mapping(uint256 => address) public published;
    /// @notice Count of accepted and rejected owner actions (to see the campaign does both).
    uint256 public changesAccepted;
    uint256 public changesRejected;

    constructor() {
        for (uint256 i = 0; i < 6; i++) {
            pool.push(makeAddr(700 + i));
        }
        address[] memory first = new address[](2);
        first[0] = pool[0];
        first[1] = pool[1];
        vm.roll(currentBlock);
        inbox = new RoundRobinInbox(address(this), 3, 7, START, first, _ladder());
        recordedFrom = currentBlock;
        recordedTo = currentBlock;
        _record();
    }

    /// @notice The pool of candidate leaders.
    function candidates() external view returns (address[] memory) {
        return pool;
    }

    /// @notice Owner adds a pool member. Half the time, if a roster is pending and this change
    ///         would activate later, L1 first moves to the pending activation so the change can
    ///         land; otherwise the expected `ChangeAlreadyPending` is exercised.
    function addLeader(uint256 _seed) external {
        _prepareChange(_seed);
        try inbox.addLeader(pool[_seed % pool.length]) {
            changesAccepted++;
        } catch (bytes memory err) {
            _expectRejection(err);
        }
        _record();
    }

    /// @notice Owner removes a pool member (same L1 handling as `addLeader`).
    function removeLeader(uint256 _seed) external {
        _prepareChange(_seed);
        try inbox.removeLeader(pool[_seed % pool.length]) {
            changesAccepted++;
        } catch (bytes memory err) {
            _expectRejection(err);
        }
        _record();
    }

    /// @notice Rolls to `currentBlock`, or (for odd `_seed >> 128`) past a conflicting pending
    ///         activation.
    function _prepareChange(uint256 _seed) internal {
        vm.roll(currentBlock);
        uint256 pending = inbox.pendingActivation();
        if (pending != 0 && inbox.activationFor(currentBlock) != pending && (_seed >> 128) % 2 == 1) {
            currentBlock = pending;
            vm.roll(currentBlock);
            _record();
        }
    }

    /// @notice L1 advances by 1 to 8 blocks.
    function advance(uint256 _blocks) external {
        currentBlock += bound(_blocks, 1, 8);
        vm.roll(currentBlock);
        _record();
    }

    /// @notice Records newly fixed blocks `[recordedTo, horizon)`.
    function _record() internal {
        uint256 fixedUntil = inbox.horizon();
        for (uint256 b = recordedTo; b < fixedUntil; b++) {
            published[b] = inbox.leaderAt(b);
        }
        if (fixedUntil > recordedTo) recordedTo = fixedUntil;
    }

    /// @notice The inbox as the invariants see it: through the interface only.
    function mechanism() external view returns (ILeaderElection) {
        return ILeaderElection(address(inbox));
    }

    /// @notice Round-robin facts the interface does not expose, for the invariants: the exact
    ///         horizon, the start block and the roster in effect at `_l1Block`.
    function horizon() external view returns (uint256) {
        return inbox.horizon();
    }

    function startBlock() external view returns (uint256) {
        return inbox.startBlock();
    }

    function rosterAt(uint256 _l1Block) external view returns (address[] memory) {
        return inbox.leadersAt(_l1Block);
    }

    /// @notice Only the documented, state-dependent owner errors are acceptable.
    function _expectRejection(bytes memory _err) internal {
        bytes4 sel = bytes4(_err);
        bool expected = sel == RoundRobinInbox.LeaderAlreadyPresent.selector
            || sel == RoundRobinInbox.LeaderNotPresent.selector || sel == RoundRobinInbox.ChangeAlreadyPending.selector;
        assertTrue(expected, "unexpected revert from an owner action");
        changesRejected++;
    }
}

/// @notice forge reads this shape from `targetSelectors()`.
struct FuzzSelector {
    address addr;
    bytes4[] selectors;
}

/// @title RoundRobinInbox_Schedule_Invariant
/// @notice Typed on `ILeaderElection`: the handler drives the round robin's owner actions and
///         supplies the facts the interface does not expose (horizon, start, roster). Over random
///         sequences of adds, removes and block advances:
///         - every L1 block has exactly one leader while the set in effect is non-empty (and none
///           when it is empty), and `leaderAt`, `isLeader` and `leadersAt` agree;
///         - `nextWindow` agrees with `leaderAt` over the window it returns, for every candidate;
///         - a published (fixed) slot never changes.
contract RoundRobinInbox_Schedule_Invariant is ScheduleChecks {
    RoundRobinInbox_Handler internal handler;

    function setUp() public {
        handler = new RoundRobinInbox_Handler();
    }

    /// @notice Only the handler is fuzzed.
    function targetContracts() public view returns (address[] memory targets_) {
        targets_ = new address[](1);
        targets_[0] = address(handler);
    }

    /// @notice Only the handler's actions (not its getters) are fuzzed.
    function targetSelectors() public view returns (FuzzSelector[] memory selectors_) {
        bytes4[] memory actions = new bytes4[](3);
        actions[0] = RoundRobinInbox_Handler.addLeader.selector;
        actions[1] = RoundRobinInbox_Handler.removeLeader.selector;
        actions[2] = RoundRobinInbox_Handler.advance.selector;
        selectors_ = new FuzzSelector[](1);
        selectors_[0] = FuzzSelector({ addr: address(handler), selectors: actions });
    }

    function invariant_exactlyOneLeaderPerBlock() external {
        ILeaderElection inbox = _sync();
        address[] memory pool = handler.candidates();
        uint256 fixedUntil = handler.horizon();
        // The fixed part and some provisional blocks after it.
        for (uint256 b = block.number; b < fixedUntil + 12; b++) {
            address[] memory roster = handler.rosterAt(b);
            address leader = inbox.leaderAt(b);
            uint256 leading;
            for (uint256 i = 0; i < pool.length; i++) {
                if (inbox.isLeader(pool[i], b)) {
                    leading++;
                    assertEq(pool[i], leader, "isLeader agrees with leaderAt");
                }
            }
            if (roster.length == 0 || b < handler.startBlock()) {
                assertEq(leading, 0, "nobody leads an empty set");
                assertEq(leader, address(0), "leaderAt is zero for an empty set");
            } else {
                assertEq(leading, 1, "exactly one leader");
                assertTrue(_contains(roster, leader), "leader is in the roster in effect");
            }
        }
    }

    function invariant_nextWindowAgreesWithLeaderAt() external {
        ILeaderElection inbox = _sync();
        address[] memory pool = handler.candidates();
        uint256 start = handler.startBlock();
        uint256 fixedUntil = handler.horizon();
        for (uint256 i = 0; i < pool.length; i++) {
            _checkWindow(inbox, pool[i], block.number, start, fixedUntil);
            _checkWindow(inbox, pool[i], block.number + 4, start, fixedUntil);
        }
    }

    function invariant_publishedScheduleNeverChanges() external {
        ILeaderElection inbox = _sync();
        assertGe(handler.horizon(), block.number + inbox.lookahead(), "fixed at least lookahead blocks ahead");
        uint256 from = handler.recordedFrom();
        uint256 to = handler.recordedTo();
        if (to > from + 64) from = to - 64; // the recent past and the whole fixed future
        for (uint256 b = from; b < to; b++) {
            try inbox.leaderAt(b) returns (address leader) {
                assertEq(leader, handler.published(b), "a published slot changed");
            } catch (bytes memory err) {
                // Only history older than the two stored rosters may be unavailable.
                assertTrue(bytes4(err) == ILeaderElection.ScheduleForgotten.selector, "unexpected revert");
                assertLt(b, block.number, "only past blocks can be forgotten");
            }
        }
    }

    /// @notice Guards against a vacuous campaign: owner actions must actually change the set.
    function afterInvariant() external {
        emit log_named_uint("changes accepted", handler.changesAccepted());
        emit log_named_uint("changes rejected", handler.changesRejected());
        // A run with several owner actions must have landed at least one change.
        if (handler.changesAccepted() + handler.changesRejected() >= 8) {
            assertGe(handler.changesAccepted(), 1, "the run changed the leader set");
        }
    }

    /// @notice Applies the handler's block number and returns its inbox, as the interface.
    function _sync() internal returns (ILeaderElection inbox_) {
        vm.roll(handler.currentBlock());
        inbox_ = handler.mechanism();
    }

    function _contains(address[] memory _list, address _who) internal pure returns (bool) {
        for (uint256 i = 0; i < _list.length; i++) {
            if (_list[i] == _who) return true;
        }
        return false;
    }
}
