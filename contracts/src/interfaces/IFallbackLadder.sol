// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title IFallbackLadder
/// @notice Optional, next to `ILeaderElection`. A mechanism with a fallback ladder lets backups post
///         when a window's primary is silent (docs/mechanisms.md § The fallback ladder). `leaderAt`
///         keeps meaning the *scheduled primary* (it stays a fixed schedule); this interface tells
///         who else may post, and from which block.
/// @dev    Rungs, in a window that starts at block `s` (`G1 >= 1`, `G2`, `G3` are the parameters):
///         - 0: no posting right.
///         - 1: the window's *effective primary*: its scheduled primary, or the first backup when
///           the scheduled primary is demoted (it missed `maxMisses` windows in a row). Open for
///           the whole window. At every block exactly one address, or none, holds rung 1.
///         - 2: the first backup, open from `s + G1` if the effective primary has posted nothing
///           in the window; also a demoted scheduled primary in its own window, open from `s`
///           (so it can come back: any accepted post of an address resets its misses).
///         - 3: the further backups, open from `s + G1 + G2` if the effective primary has posted
///           nothing in the window.
///         - 4: any other member, open from `s + G1 + G2 + G3`, same condition.
///         When the scheduled primary is demoted, every backup moves up one place (the second
///         backup becomes the first, and so on). The fallback accepts a tx exactly when its sender
///         holds an open rung at that block, and otherwise reverts `NotLeader(sender, block)`.
///         A miss is recorded against the effective primary when someone else's post is accepted
///         at or after `s + G1` in a window where it posted nothing (once per window).
///         The views answer from the current state: exactly for the current window, and for later
///         windows what the rule gives if nothing changes before them (a post or a miss may still
///         demote or restore a primary). Earlier windows revert with `LadderWindowPassed`. Every
///         view is O(1). Selectors: `postingRights` 0xcb924317, `rungOf` 0x7aae5d49,
///         `ladderWindow` 0x91b864e0, `ladderParameters` 0xae360f79, `ladderRecord` 0x962a9be7;
///         none starts with 0x00, and an implementation carries `noBlobs` like every function of
///         an inbox. A tool probes for the interface with `ladderParameters()`: 128 bytes of
///         return data mean "supported".
interface IFallbackLadder {
    /// @notice A post other than the scheduled, non-demoted primary's was accepted.
    /// @param poster The tx's sender.
    /// @param window The window it landed in.
    /// @param rung   The rung it used (1: a first backup standing in for a demoted primary).
    event LadderPost(address indexed poster, uint256 indexed window, uint8 rung);

    /// @notice `primary` was the effective primary of `window`, posted nothing in its first `G1`
    ///         blocks, and someone else's post was accepted: its misses in a row are now `streak`.
    /// @param primary The effective primary charged.
    /// @param window  The window.
    /// @param streak  Its misses since its last post (saturates at 255).
    event MissRecorded(address indexed primary, uint256 indexed window, uint256 streak);

    /// @notice A view was asked about a window before the current one; the record that answers it
    ///         has moved on (use `eth_call` against an older state).
    /// @param l1Block      The block asked about.
    /// @param currentStart First block of the current window.
    error LadderWindowPassed(uint256 l1Block, uint256 currentStart);

    /// @notice The rung `who` may post with at `l1Block` (0: none).
    /// @param who     The address.
    /// @param l1Block An L1 block of the current window or later.
    /// @return rung_ 0 to 4 (see the interface's rules); the fallback accepts iff it is not 0.
    function postingRights(address who, uint256 l1Block) external view returns (uint8 rung_);

    /// @notice The rung `who` holds in the window of `l1Block` and when it opens, whether or not
    ///         it is open yet: what a backup needs to plan.
    /// @param who     The address.
    /// @param l1Block An L1 block of the current window or later.
    /// @return rung_      0 to 4 (0: no rung in that window).
    /// @return opensAt_   First block the rung may post (it may be `>= windowEnd_`: it never opens);
    ///                    rungs 2 (a first backup), 3 and 4 open only while the effective primary
    ///                    has posted nothing in the window.
    /// @return windowEnd_ First block after the window.
    function rungOf(
        address who,
        uint256 l1Block
    )
        external
        view
        returns (uint8 rung_, uint256 opensAt_, uint256 windowEnd_);

    /// @notice The ladder window containing `l1Block`.
    /// @param l1Block An L1 block of the current window or later.
    /// @return window_        The window's index (the mechanism's numbering).
    /// @return start_         Its first block.
    /// @return end_           First block after it.
    /// @return primary_       Its effective primary (the holder of rung 1; `address(0)`: none).
    /// @return primaryPosted_ Whether the effective primary has an accepted post in it.
    ///                        `(0, 0, 0, address(0), false)` for a block no window covers.
    function ladderWindow(uint256 l1Block)
        external
        view
        returns (uint256 window_, uint256 start_, uint256 end_, address primary_, bool primaryPosted_);

    /// @notice The ladder's parameters.
    /// @return g1_        Blocks of a window only the primary may post in (>= 1).
    /// @return g2_        Further blocks before the further backups' rung opens.
    /// @return g3_        Further blocks before any member's rung opens.
    /// @return maxMisses_ Misses in a row that demote a primary (1 .. 255).
    function ladderParameters() external view returns (uint256 g1_, uint256 g2_, uint256 g3_, uint256 maxMisses_);

    /// @notice What the ladder holds about `who`.
    /// @param who The address.
    /// @return posted_         Whether it has ever had an accepted post.
    /// @return lastPostWindow_ The window of its latest accepted post (0 if none).
    /// @return missStreak_     Misses recorded since its latest post.
    /// @return demoted_        `missStreak_ >= maxMisses`: not primary of its windows until it posts.
    function ladderRecord(address who)
        external
        view
        returns (bool posted_, uint256 lastPostWindow_, uint256 missStreak_, bool demoted_);
}
