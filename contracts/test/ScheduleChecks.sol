// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import { LeaderElectionChecks } from "./kit/LeaderElectionChecks.sol";
import { ILeaderElection } from "../src/interfaces/ILeaderElection.sol";
import { RoundRobinInbox } from "../src/RoundRobinInbox.sol";

/// @title ScheduleChecks
/// @notice Brute-force oracles over a round-robin schedule, shared by fuzz and invariant tests. The
///         check itself is typed on `ILeaderElection` (kit/LeaderElectionChecks.sol); only the
///         schedule's start and horizon, which the interface does not expose, come from the caller.
abstract contract ScheduleChecks is LeaderElectionChecks {
    /// @notice Checks nextWindow(who, from) slot by slot against leaderAt, given the start block and
    ///         the exact horizon of the schedule.
    function _checkWindow(
        ILeaderElection _e,
        address _who,
        uint256 _from,
        uint256 _startBlock,
        uint256 _horizon
    )
        internal
        view
    {
        uint256 lo = _from < _startBlock ? _startBlock : _from;
        _checkWindow(_e, _who, _from, WindowBounds(lo, _horizon, true, type(uint256).max, ""));
    }

    /// @notice The same for a RoundRobinInbox, which tells its own start and horizon.
    function _checkWindow(RoundRobinInbox _rr, address _who, uint256 _from) internal view {
        _checkWindow(ILeaderElection(address(_rr)), _who, _from, _rr.startBlock(), _rr.horizon());
    }

    /// @notice The ladder parameters the deploy code uses (G1 = 2, G2 = G3 = 1, two misses demote).
    function _ladder() internal pure returns (RoundRobinInbox.LadderConfig memory) {
        return RoundRobinInbox.LadderConfig({ g1: 2, g2: 1, g3: 1, maxMisses: 2 });
    }
}
