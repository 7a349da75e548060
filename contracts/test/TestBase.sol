// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import { Vm, vm } from "../src/script/Vm.sol";

/// @title TestBase
/// @notice A tiny assertion base in place of forge-std's Test: every failed assertion reverts with
///         a message, which forge reports as a failure (and, in invariant functions, as a broken
///         invariant). `log_named_uint` events show up in `forge test -vv` output.
abstract contract TestBase {
    /// @notice A named number, printed by forge with -vv.
    /// @param key The name.
    /// @param val The value.
    event log_named_uint(string key, uint256 val);

    /// @notice A failed assertion.
    /// @param message What was expected.
    error AssertionFailed(string message);

    /// @notice Asserts `_condition`.
    function assertTrue(bool _condition, string memory _message) internal pure {
        if (!_condition) revert AssertionFailed(_message);
    }

    /// @notice Asserts `!_condition`.
    function assertFalse(bool _condition, string memory _message) internal pure {
        if (_condition) revert AssertionFailed(_message);
    }

    /// @notice Asserts two numbers are equal.
    function assertEq(uint256 _a, uint256 _b, string memory _message) internal pure {
        if (_a != _b) {
            revert AssertionFailed(string.concat(_message, ": ", _toString(_a), " != ", _toString(_b)));
        }
    }

    /// @notice Asserts two addresses are equal.
    function assertEq(address _a, address _b, string memory _message) internal pure {
        if (_a != _b) {
            revert AssertionFailed(string.concat(
                    _message, ": ", _toString(uint160(_a)), " != ", _toString(uint160(_b))
                ));
        }
    }

    /// @notice Asserts two words are equal.
    function assertEq(bytes32 _a, bytes32 _b, string memory _message) internal pure {
        if (_a != _b) {
            revert AssertionFailed(string.concat(
                    _message, ": ", _toString(uint256(_a)), " != ", _toString(uint256(_b))
                ));
        }
    }

    /// @notice Asserts two byte strings are equal.
    function assertEq(bytes memory _a, bytes memory _b, string memory _message) internal pure {
        if (keccak256(_a) != keccak256(_b)) revert AssertionFailed(_message);
    }

    /// @notice Asserts two addresses differ.
    function assertNotEq(address _a, address _b, string memory _message) internal pure {
        if (_a == _b) revert AssertionFailed(_message);
    }

    /// @notice Asserts `_a <= _b`.
    function assertLe(uint256 _a, uint256 _b, string memory _message) internal pure {
        if (_a > _b) {
            revert AssertionFailed(string.concat(_message, ": ", _toString(_a), " > ", _toString(_b)));
        }
    }

    /// @notice Asserts `_a < _b`.
    function assertLt(uint256 _a, uint256 _b, string memory _message) internal pure {
        if (_a >= _b) {
            revert AssertionFailed(string.concat(_message, ": ", _toString(_a), " >= ", _toString(_b)));
        }
    }

    /// @notice Asserts `_a >= _b`.
    function assertGe(uint256 _a, uint256 _b, string memory _message) internal pure {
        if (_a < _b) {
            revert AssertionFailed(string.concat(_message, ": ", _toString(_a), " < ", _toString(_b)));
        }
    }

    /// @notice Maps `_x` into `[_min, _max]` (like forge-std's `bound`, without its bias fix-ups).
    function bound(uint256 _x, uint256 _min, uint256 _max) internal pure returns (uint256) {
        require(_min <= _max, "bound: min > max");
        if (_max - _min == type(uint256).max) return _x;
        return _min + (_x % (_max - _min + 1));
    }

    /// @notice A deterministic test address for `_seed`.
    function makeAddr(uint256 _seed) internal pure returns (address) {
        return address(uint160(uint256(keccak256(abi.encode("baton.test.addr", _seed)))));
    }

    /// @notice Decimal rendering for assertion messages.
    function _toString(uint256 _value) internal pure returns (string memory) {
        if (_value == 0) return "0";
        uint256 digits;
        for (uint256 v = _value; v != 0; v /= 10) {
            digits++;
        }
        bytes memory out = new bytes(digits);
        for (uint256 v = _value; v != 0; v /= 10) {
            out[--digits] = bytes1(uint8(48 + v % 10));
        }
        return string(out);
    }
}
