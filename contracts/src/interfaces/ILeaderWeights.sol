// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title ILeaderWeights
/// @notice Optional, next to `ILeaderElection`. A mechanism whose leaders carry weights (seats,
///         stake) says how much, so tools can compare each member's share of windows with its share
///         of weight (the devnet's summary shows both when this interface answers).
/// @dev    A tool probes for it with a call of `weightAt`: an inbox without it reverts (its fallback
///         rejects a non-leader) or, called by the current leader, returns no data. Anything but
///         64 bytes of return data means "not supported". The selector, 0x41f92829, does not start
///         with 0x00 (BatchInbox's rule), and an implementation carries `noBlobs` like every other
///         function of an inbox.
interface ILeaderWeights {
    /// @notice `who`'s weight in the set that elects the leader of `l1Block`, and that set's total.
    /// @dev    Inside the fixed schedule (`l1Block` before `block.number + lookahead()`) the answer
    ///         never changes, like `leaderAt`'s. Past it, answers are provisional. Must not revert
    ///         for any block from the current one up to that bound (and, for a mechanism that keeps
    ///         no older state, may revert with `ScheduleForgotten` for past blocks); O(1).
    /// @param who     The address; `address(0)` and non-members weigh 0.
    /// @param l1Block An L1 block number.
    /// @return weight_ `who`'s weight in the set that elects the leader of `l1Block` (0 if none).
    /// @return total_  The sum of all weights in that set (0: nobody leads `l1Block`).
    function weightAt(address who, uint256 l1Block) external view returns (uint256 weight_, uint256 total_);
}
