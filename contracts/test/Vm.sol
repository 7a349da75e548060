// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title Vm
/// @notice The few forge cheatcodes Baton's tests use (forge-std is not available offline).
/// @dev    Signatures as in forge 1.x; forge dispatches on the selector, so only the ones listed
///         here exist for the tests.
interface Vm {
    /// @notice A log captured by `recordLogs`.
    struct Log {
        bytes32[] topics;
        bytes data;
        address emitter;
    }

    /// @notice Sets block.number.
    function roll(uint256 newHeight) external;
    /// @notice Sets msg.sender for the next call.
    function prank(address msgSender) external;
    /// @notice Sets msg.sender and tx.origin for the next call.
    function prank(address msgSender, address txOrigin) external;
    /// @notice Sets msg.sender for all calls until `stopPrank`.
    function startPrank(address msgSender) external;
    /// @notice Sets msg.sender and tx.origin for all calls until `stopPrank`.
    function startPrank(address msgSender, address txOrigin) external;
    /// @notice Ends `startPrank`.
    function stopPrank() external;
    /// @notice Expects the next call to revert with exactly `revertData`.
    function expectRevert(bytes calldata revertData) external;
    /// @notice Expects the next call to revert, with any data.
    function expectRevert() external;
    /// @notice Expects the next emitted event to match the one emitted after this call.
    function expectEmit(bool checkTopic1, bool checkTopic2, bool checkTopic3, bool checkData, address emitter) external;
    /// @notice Sets an address's balance.
    function deal(address account, uint256 newBalance) external;
    /// @notice Sets an address's code (like anvil_setCode: no constructor runs).
    function etch(address target, bytes calldata newRuntimeBytecode) external;
    /// @notice Reads a storage slot.
    function load(address target, bytes32 slot) external view returns (bytes32 data);
    /// @notice Discards the current fuzz input when false.
    function assume(bool condition) external pure;
    /// @notice Sets the blob hashes of the current tx (what `blobhash(i)` returns).
    function blobhashes(bytes32[] calldata hashes) external;
    /// @notice Starts recording emitted logs.
    function recordLogs() external;
    /// @notice Returns and clears the recorded logs.
    function getRecordedLogs() external returns (Log[] memory logs);
    /// @notice Reads a file (needs fs_permissions).
    function readFile(string calldata path) external view returns (string memory data);
    /// @notice Lists the keys of a JSON object.
    function parseJsonKeys(string calldata json, string calldata key) external pure returns (string[] memory keys);
}

// The cheatcode address: `address(uint160(uint256(keccak256("hevm cheat code"))))`.
Vm constant vm = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));
