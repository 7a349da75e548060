// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import { TestBase } from "../TestBase.sol";
import { ILeaderElection } from "baton/interfaces/ILeaderElection.sol";

/// @title LeaderElectionChecks
/// @notice Brute-force oracles over any `ILeaderElection`, typed on the interface only. Used by the
///         round-robin tests (ScheduleChecks) and by the mechanism kit (MechanismConformance).
abstract contract LeaderElectionChecks is TestBase {
    /// @notice What `_checkWindow` needs to know besides the interface.
    /// @param lo         First block `who` could lead at or after `from` (`from`, or the start
    ///                   of the schedule if that is later).
    /// @param fixedUntil Every block before it is fixed (the mechanism's horizon, or a lower bound
    ///                   of it such as `block.number + lookahead()`).
    /// @param endIsFixed True when `fixedUntil` is the exact horizon, so `end <= fixedUntil` holds.
    /// @param maxScan    Most blocks read with `leaderAt` per range (bounds schedules fixed far ahead).
    /// @param tag        Prefix of every failure message.
    struct WindowBounds {
        uint256 lo;
        uint256 fixedUntil;
        bool endIsFixed;
        uint256 maxScan;
        string tag;
    }

    /// @notice Checks `nextWindow(who, from)` slot by slot against `leaderAt`: `(0,0)` only when
    ///         `who` leads no fixed slot from `lo` on; otherwise a non-empty window starting at the
    ///         first slot `who` leads, led by `who` throughout, and maximal unless it reaches the
    ///         fixed bound.
    function _checkWindow(ILeaderElection _e, address _who, uint256 _from, WindowBounds memory _w) internal view {
        (uint256 s, uint256 e) = _e.nextWindow(_who, _from);
        if (e == 0) {
            assertEq(s, 0, string.concat(_w.tag, "none means (0,0)"));
            uint256 stop = _min(_w.fixedUntil, _plus(_w.lo, _w.maxScan));
            string memory missed = string.concat(_w.tag, "missed a fixed slot");
            for (uint256 b = _w.lo; b < stop; b++) {
                assertFalse(_e.leaderAt(b) == _who, missed);
            }
            return;
        }
        assertGe(s, _w.lo, string.concat(_w.tag, "start at or after from"));
        assertLt(s, e, string.concat(_w.tag, "non-empty"));
        if (_w.endIsFixed) assertLe(e, _w.fixedUntil, string.concat(_w.tag, "within the fixed schedule"));
        string memory message = string.concat(_w.tag, "earlier slot skipped");
        for (uint256 b = _w.lo; b < _min(s, _plus(_w.lo, _w.maxScan)); b++) {
            assertFalse(_e.leaderAt(b) == _who, message);
        }
        message = string.concat(_w.tag, "slot inside window");
        for (uint256 b = s; b < _min(e, _plus(s, _w.maxScan)); b++) {
            assertEq(_e.leaderAt(b), _who, message);
        }
        if (e < _w.fixedUntil) assertFalse(_e.leaderAt(e) == _who, string.concat(_w.tag, "window is maximal"));
    }

    /// @notice `_a + _b`, saturating at 2^256 - 1.
    function _plus(uint256 _a, uint256 _b) internal pure returns (uint256) {
        unchecked {
            uint256 c = _a + _b;
            return c < _a ? type(uint256).max : c;
        }
    }

    /// @notice The smaller of two numbers.
    function _min(uint256 _a, uint256 _b) internal pure returns (uint256) {
        return _a < _b ? _a : _b;
    }
}
