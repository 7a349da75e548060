// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title IMissReporting
/// @notice Optional, next to `ILeaderElection`. A mechanism that penalizes a leader whose window
///         passed without a batch from it. Anyone may report; the devnet's reporter calls
///         `reportMissed` for each ended window whose leader posted nothing.
/// @dev    A tool probes for it with a call of `windowOf(head)`: an inbox without it reverts (its
///         fallback rejects a non-leader) or, called by the current leader, returns no data.
///         Anything but 32 bytes of return data means "not supported". The selectors,
///         `windowOf(uint256)` 0xf5965d55 and `reportMissed(uint256)` 0x55fc8927, do not start
///         with 0x00 (BatchInbox's rule), and an implementation carries `noBlobs` like every other
///         function of an inbox.
interface IMissReporting {
    /// @notice The index of the mechanism's window that contains `l1Block`: the argument
    ///         `reportMissed` takes. Indices never decrease as blocks increase.
    /// @dev    Must not revert for blocks from the mechanism's first window on; O(1).
    /// @param l1Block An L1 block number.
    /// @return window_ The window index.
    function windowOf(uint256 l1Block) external view returns (uint256 window_);

    /// @notice Reports that `window`'s leader posted nothing in it.
    /// @dev    Reverts if the window has not ended, had no leader, its leader posted an accepted
    ///         batch in it, or it was reported before. A mechanism may refuse more (say so in its
    ///         own natspec): a reporter should report ended windows promptly and oldest first, and
    ///         simulate the call (`eth_call`) before it sends it.
    /// @param window The window, as numbered by `windowOf`.
    /// @return penaltyId_ The mechanism's id for this report (for instance of the penalty it set).
    function reportMissed(uint256 window) external returns (uint256 penaltyId_);
}
