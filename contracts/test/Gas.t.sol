// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import { vm } from "../src/script/Vm.sol";
import { TestBase } from "./TestBase.sol";
import { RoundRobinInbox } from "../src/RoundRobinInbox.sol";

/// @title Gas_RoundRobinInbox_Test
/// @notice Measures what the inbox adds to a batch tx and what its views cost, with cold storage
///         (each forge test runs in a fresh tx after setUp). Every figure is "net": the cost of the
///         same CALL (same calldata) to an empty account is subtracted, which removes the account
///         access and call overhead that a batch tx pays for an EOA inbox as well. Figures are
///         logged (`forge test -vv --mc Gas`) and bounded by the targets in docs/contracts.md.
contract Gas_RoundRobinInbox_Test is TestBase {
    /// @notice Issue 16's target for a (non-demoted) primary's post on the fallback ladder: one
    ///         cold SLOAD of its record and one SSTORE of the window of its post (5,000 of it).
    uint256 internal constant FALLBACK_BUDGET = 6_000;
    uint256 internal constant NEXT_WINDOW_BUDGET = 10_000;

    address internal owner = makeAddr(1);
    address[] internal leaders;
    RoundRobinInbox internal inbox;
    uint256 internal eoaSeed = 900;

    function setUp() public {
        vm.roll(1_000);
        for (uint256 i = 0; i < 8; i++) {
            leaders.push(makeAddr(100 + i));
        }
        inbox = new RoundRobinInbox(owner, 4, 16, 1_000, leaders, _ladder());
        // A pending change, so views take the two-roster path (worst case).
        vm.roll(1_050);
        vm.prank(owner);
        inbox.removeLeader(leaders[0]);
        vm.roll(1_060);
    }

    function test_gas_fallbackOverheadOverEoa_withinBudget() external {
        bytes memory batch = new bytes(1_000);
        batch[1] = 0xab;
        // Turn (1060 - 1000) / 4 = 15 -> 15 % 8 = 7. Computed here: asking the inbox would warm it.
        address leader = leaders[7];

        vm.prank(leader);
        (bool okEoa, uint256 eoaCost) = _measuredCall(_freshEoa(), batch);
        vm.prank(leader);
        (bool okInbox, uint256 inboxCost) = _measuredCall(address(inbox), batch);
        assertTrue(okEoa && okInbox, "both calls succeed");
        uint256 overhead = inboxCost - eoaCost;
        emit log_named_uint("inbox fallback overhead over an EOA (leader, cold)", overhead);
        assertLe(overhead, FALLBACK_BUDGET, "fallback overhead");
    }

    function test_gas_fallbackRejection_isCheap() external {
        bytes memory batch = new bytes(1_000);
        address outsider = makeAddr(5_000);
        vm.prank(outsider);
        (, uint256 eoaCost) = _measuredCall(_freshEoa(), batch);
        vm.prank(outsider);
        (bool ok, uint256 inboxCost) = _measuredCall(address(inbox), batch);
        assertFalse(ok, "outsider rejected");
        emit log_named_uint("inbox fallback rejecting a non-leader (cold)", inboxCost - eoaCost);
        assertLe(inboxCost - eoaCost, FALLBACK_BUDGET, "rejection cost");
    }

    function test_gas_nextWindow_withinBudget() external {
        // leaders[7] leads turn 15 (1060..1063) of the old roster; the new roster activates at
        // 1068 and the horizon is 1076, so the call walks both rosters.
        bytes memory data = abi.encodeCall(inbox.nextWindow, (leaders[7], block.number));
        uint256 cost = _netCost(data);
        emit log_named_uint("nextWindow (two rosters, cold)", cost);
        assertLe(cost, NEXT_WINDOW_BUDGET, "nextWindow");
    }

    function test_gas_leaderAt_measured() external {
        uint256 cost = _netCost(abi.encodeCall(inbox.leaderAt, (block.number + 10)));
        emit log_named_uint("leaderAt (cold)", cost);
        assertLe(cost, NEXT_WINDOW_BUDGET, "leaderAt");
    }

    function test_gas_isLeader_measured() external {
        uint256 cost = _netCost(abi.encodeCall(inbox.isLeader, (leaders[3], block.number)));
        emit log_named_uint("isLeader (cold)", cost);
        assertLe(cost, NEXT_WINDOW_BUDGET, "isLeader");
    }

    /// @notice The ladder parameters the deploy code uses.
    function _ladder() internal pure returns (RoundRobinInbox.LadderConfig memory) {
        return RoundRobinInbox.LadderConfig({ g1: 2, g2: 1, g3: 1, maxMisses: 2 });
    }

    /// @notice Net cost of calling the inbox with `_data`: minus the same call to an empty account.
    function _netCost(bytes memory _data) internal returns (uint256) {
        (, uint256 eoaCost) = _measuredCall(_freshEoa(), _data);
        (bool ok, uint256 cost) = _measuredCall(address(inbox), _data);
        assertTrue(ok, "view call succeeds");
        return cost - eoaCost;
    }

    /// @notice A never-touched address (cold, like the inbox at the start of a test).
    function _freshEoa() internal returns (address) {
        return makeAddr(eoaSeed++);
    }

    /// @notice CALL with the arguments in place (no copy); returns the gas the CALL used.
    function _measuredCall(address _to, bytes memory _data) internal returns (bool ok_, uint256 gas_) {
        assembly {
            let g := gas()
            ok_ := call(gas(), _to, 0, add(_data, 32), mload(_data), 0, 0)
            gas_ := sub(g, gas())
        }
    }
}
