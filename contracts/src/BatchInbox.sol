// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import { ILeaderElection } from "./interfaces/ILeaderElection.sol";

/// @title BatchInbox
/// @notice Base of every Baton inbox: the L1 address batcher txs are sent to. The fallback accepts
///         a tx only from the leader of the block it executes in and reverts with
///         `NotLeader(sender, block)` otherwise, so derivation (batcherHash version 1) can keep
///         exactly the inbox txs whose receipt status is 1.
/// @dev    Decisions:
///         - The fallback never reads calldata (no `msg.data`, no copy to memory): its cost does
///           not grow with the batch, and calldata and blob txs are treated alike.
///         - The fallback is not payable: batch txs carry no value, and ETH sent here could never
///           leave. A tx with value reverts (empty revert data, before the leader check).
///         - There is no `receive()`: a tx with empty calldata reaches the fallback and follows
///           the same rule (derivation drops an empty payload anyway).
///         - Any other function of the contract must not let a non-leader's batch through:
///           * a *blob* tx's calldata is ignored by derivation, so it may be anything, including a
///             call to a view. Every external function of a derived contract must therefore carry
///             `noBlobs`, which reverts inside any tx that carries blobs.
///           * a *calldata* batch starts with the derivation version byte 0x00, so no external
///             function selector may start with 0x00 (else such a batch would call it rather than
///             the fallback). Tests check both rules over the whole ABI.
abstract contract BatchInbox is ILeaderElection {
    /// @notice A named function of the inbox was called inside a tx that carries blobs.
    error BlobTxNotAllowed();

    /// @notice Reverts inside blob-carrying txs, so a blob tx to the inbox succeeds only through
    ///         the leader-checked fallback.
    modifier noBlobs() {
        if (blobhash(0) != bytes32(0)) revert BlobTxNotAllowed();
        _;
    }

    /// @notice Accepts batch data (calldata or blobs) from the leader of the current block.
    fallback() external {
        _acceptBatch();
    }

    /// @notice Decides the batch tx the fallback is running in: returns to accept it, reverts to
    ///         reject it. The default accepts exactly the txs from `_isLeader(msg.sender,
    ///         block.number)` and reverts with `NotLeader(msg.sender, block.number)` otherwise.
    /// @dev    Optional hook for a mechanism that writes state on a post (for instance the window of
    ///         each accepted post, as liveness evidence). An override must keep the fallback's
    ///         rules: revert with exactly `NotLeader(msg.sender, block.number)` whenever
    ///         `_isLeader(msg.sender, block.number)` is false, accept whenever it is true, never read
    ///         calldata, and stay cheap (it runs in every batch tx). The one exception is
    ///         `FallbackLadder` (ladder/FallbackLadder.sol), which also accepts the backups whose
    ///         rung is open (`IFallbackLadder`) and rejects everyone else with the same error.
    function _acceptBatch() internal virtual {
        if (!_isLeader(msg.sender, block.number)) revert NotLeader(msg.sender, block.number);
    }

    /// @notice Whether `_who` leads `_l1Block`; used by the fallback, so it must be cheap.
    /// @dev    Called with `_l1Block == block.number` from the fallback. Must return false for
    ///         `address(0)` and for blocks before the schedule starts.
    /// @param _who     The address to check.
    /// @param _l1Block An L1 block number.
    /// @return True iff `_who` leads `_l1Block`.
    function _isLeader(address _who, uint256 _l1Block) internal view virtual returns (bool);
}
