// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title Vm
/// @notice The few forge cheatcodes Baton's tests and deploy scripts use (forge-std is not
///         available offline). One copy for both: tests import it from here, and
///         `MechanismScript` (baton/script/MechanismScript.sol) re-exports `vm`.
/// @dev    Signatures as in forge 1.x; forge dispatches on the selector, so only the ones listed
///         here exist. Add a cheatcode by copying its exact signature from forge-std's Vm.sol.
interface Vm {
    /// @notice A log captured by `recordLogs`.
    struct Log {
        bytes32[] topics;
        bytes data;
        address emitter;
    }

    /// @notice Sets block.number.
    function roll(uint256 newHeight) external;
    /// @notice Sets block.prevrandao.
    function prevrandao(uint256 newPrevrandao) external;
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

    // Scripts (forge script): broadcasting and the environment.

    /// @notice Every following call and create is sent as a tx from the script's sender
    ///         (`--private-key`, or the default sender) until `stopBroadcast`.
    function startBroadcast() external;
    /// @notice Like `startBroadcast()`, signing with `privateKey`.
    function startBroadcast(uint256 privateKey) external;
    /// @notice Ends `startBroadcast`.
    function stopBroadcast() external;
    /// @notice The address of `privateKey`.
    function addr(uint256 privateKey) external pure returns (address keyAddr);
    /// @notice The environment variable `name`, or `defaultValue` when it is unset.
    function envOr(string calldata name, string calldata defaultValue) external view returns (string memory value);
    /// @notice The environment variable `name` parsed as a uint256 (decimal or 0x-hex), or
    ///         `defaultValue` when it is unset.
    function envOr(string calldata name, uint256 defaultValue) external view returns (uint256 value);
    /// @notice Sets an environment variable (for tests of scripts).
    function setEnv(string calldata name, string calldata value) external;
    /// @notice Splits `input` at every `delimiter`.
    function split(string calldata input, string calldata delimiter) external pure returns (string[] memory outputs);
    /// @notice `input` without leading and trailing whitespace.
    function trim(string calldata input) external pure returns (string memory output);
    /// @notice Parses a decimal or 0x-prefixed hex number.
    function parseUint(string calldata stringifiedValue) external pure returns (uint256 parsedValue);
}

// The cheatcode address: `address(uint160(uint256(keccak256("hevm cheat code"))))`.
Vm constant vm = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));
