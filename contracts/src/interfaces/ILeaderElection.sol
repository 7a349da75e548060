// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title ILeaderElection
/// @notice Who may post batch data to the inbox in a given L1 block. Every Baton election mechanism
///         (round robin, RANDAO, stake-weighted, auction) implements this interface, and the inbox
///         contract is the same contract: its fallback only accepts txs from the current leader.
/// @dev    Vocabulary (docs/glossary.md): a *slot* is one L1 block; a *window* is a maximal run of
///         consecutive slots led by the same address, `[start, end)` with `end` exclusive; the
///         *lookahead* is how many L1 blocks past the current one the schedule is fixed.
///         Every view costs O(1) in the number of blocks asked about: implementations never loop
///         over a horizon of blocks. A published schedule never changes: changes to the set of
///         leaders take effect only after the lookahead.
interface ILeaderElection {
    /// @notice Emitted when `leader` is scheduled to join the leader set.
    /// @param leader          The address that joins.
    /// @param activationBlock First L1 block of the schedule that includes `leader`.
    event LeaderAdded(address indexed leader, uint256 activationBlock);

    /// @notice Emitted when `leader` is scheduled to leave the leader set.
    /// @param leader          The address that leaves.
    /// @param activationBlock First L1 block of the schedule that no longer includes `leader`.
    event LeaderRemoved(address indexed leader, uint256 activationBlock);

    /// @notice A batch tx came from an address that does not lead the block it landed in.
    /// @param sender  The tx's sender (`msg.sender` of the inbox call).
    /// @param l1Block The L1 block the tx was executed in.
    error NotLeader(address sender, uint256 l1Block);

    /// @notice The schedule for `l1Block` is no longer stored (it was replaced by two newer
    ///         schedules). Query it through `eth_call` against an older state instead.
    /// @param l1Block       The block asked about.
    /// @param earliestKnown The first block the stored schedule covers.
    error ScheduleForgotten(uint256 l1Block, uint256 earliestKnown);

    /// @notice The leader of `l1Block`.
    /// @param l1Block An L1 block number.
    /// @return leader_ The only address allowed to post in `l1Block`; `address(0)` when nobody leads
    ///                 (empty leader set, or a block before the schedule starts). Answers for blocks
    ///                 past the lookahead are provisional: a later set change may still alter them.
    function leaderAt(uint256 l1Block) external view returns (address leader_);

    /// @notice Whether `who` leads `l1Block`.
    /// @param who     The address to check; `address(0)` never leads.
    /// @param l1Block An L1 block number.
    /// @return True iff `who != address(0)` and `leaderAt(l1Block) == who`.
    function isLeader(address who, uint256 l1Block) external view returns (bool);

    /// @notice The first window at or after `fromBlock` in which `who` leads.
    /// @dev    If `who` already leads `fromBlock`, `start_ == fromBlock` (the rest of that window).
    ///         Only fixed slots are reported: `end_` never exceeds the fixed part of the schedule, so
    ///         a window that reaches that bound may continue past it once more becomes fixed.
    /// @param who       The address to look up.
    /// @param fromBlock The first L1 block to consider.
    /// @return start_ First block of the window.
    /// @return end_   First block after the window (exclusive).
    ///                `(0, 0)` when no such window is fixed yet: `who` is not in the set, or its next
    ///                turn lies beyond the lookahead horizon.
    function nextWindow(address who, uint256 fromBlock) external view returns (uint256 start_, uint256 end_);

    /// @notice How many L1 blocks past the current one the schedule is fixed (at least).
    /// @return The lookahead, in L1 blocks.
    function lookahead() external view returns (uint256);
}
