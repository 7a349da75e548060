// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import { TestBase } from "./TestBase.sol";
import { RoundRobinInbox } from "../src/RoundRobinInbox.sol";

/// @title ScheduleChecks
/// @notice Brute-force oracles over a RoundRobinInbox's schedule, shared by fuzz and invariant tests.
abstract contract ScheduleChecks is TestBase {
    /// @notice Checks nextWindow(who, from) slot by slot against leaderAt.
    function _checkWindow(RoundRobinInbox _rr, address _who, uint256 _from) internal view {
        uint256 fixedUntil = _rr.horizon();
        (uint256 s, uint256 e) = _rr.nextWindow(_who, _from);
        uint256 lo = _from < _rr.startBlock() ? _rr.startBlock() : _from;
        if (e == 0) {
            assertEq(s, 0, "none means (0,0)");
            for (uint256 b = lo; b < fixedUntil; b++) {
                assertFalse(_rr.leaderAt(b) == _who, "missed a fixed slot");
            }
            return;
        }
        assertGe(s, lo, "start at or after from");
        assertLt(s, e, "non-empty");
        assertLe(e, fixedUntil, "within the fixed schedule");
        for (uint256 b = lo; b < s; b++) {
            assertFalse(_rr.leaderAt(b) == _who, "earlier slot skipped");
        }
        for (uint256 b = s; b < e; b++) {
            assertEq(_rr.leaderAt(b), _who, "slot inside window");
        }
        if (e < fixedUntil) assertFalse(_rr.leaderAt(e) == _who, "window is maximal");
    }
}
