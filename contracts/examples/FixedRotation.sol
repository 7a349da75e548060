// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import { BatchInbox } from "baton/BatchInbox.sol";
import { MechanismScript, vm } from "baton/script/MechanismScript.sol";

/// @title FixedRotationInbox
/// @notice Example mechanism (docs/mechanisms.md): a fixed rotation in units of `k` blocks. Batcher 0
///         leads 2 units, every other batcher 1 unit, then nobody leads for 1 unit; repeat from
///         block 0. Windows of uneven length and a leaderless gap; the schedule never changes.
contract FixedRotationInbox is BatchInbox {
    uint256 private immutable K; // blocks per unit
    uint256 private immutable UNITS; // units per cycle: n + 2
    address[] private _leaders;
    mapping(address => uint256) private _firstUnit; // 1 + first unit of a leader's window; 0: none

    constructor(address[] memory _batchers, uint256 _k) {
        require(_k > 0 && _batchers.length > 0, "need k > 0 and a batcher");
        (K, UNITS, _leaders) = (_k, _batchers.length + 2, _batchers);
        for (uint256 i = 0; i < _batchers.length; i++) {
            require(_batchers[i] != address(0) && _firstUnit[_batchers[i]] == 0, "bad batcher");
            _firstUnit[_batchers[i]] = i == 0 ? 1 : i + 2; // batcher 0: units 0-1; batcher i: unit i+1
        }
    }

    function leaderAt(uint256 _l1Block) external view noBlobs returns (address) {
        uint256 unit = (_l1Block / K) % UNITS;
        if (unit == UNITS - 1) return address(0); // the gap
        return _leaders[unit < 2 ? 0 : unit - 1];
    }

    function isLeader(address _who, uint256 _l1Block) external view noBlobs returns (bool) {
        return _isLeader(_who, _l1Block);
    }

    function nextWindow(address _who, uint256 _from) external view noBlobs returns (uint256, uint256) {
        return _window(_who, _from);
    }

    function lookahead() external view noBlobs returns (uint256) {
        return type(uint32).max; // fixed forever: any large number is true
    }

    function _isLeader(address _who, uint256 _l1Block) internal view virtual override returns (bool) {
        (uint256 start, uint256 end) = _window(_who, _l1Block);
        return end != 0 && start == _l1Block;
    }

    /// @dev `_who`'s window in the cycle of `_from`, or in the next cycle if that one is over.
    function _window(address _who, uint256 _from) internal view returns (uint256 start_, uint256 end_) {
        uint256 first = _firstUnit[_who];
        if (first == 0) return (0, 0);
        uint256 cycle = K * UNITS;
        start_ = (_from / cycle) * cycle + (first - 1) * K;
        end_ = start_ + (first == 1 ? 2 * K : K);
        if (_from >= end_) (start_, end_) = (start_ + cycle, end_ + cycle);
        if (_from > start_) start_ = _from;
    }
}

/// @notice Its deploy script. `owner` is unused: nobody can change a fixed rotation.
contract FixedRotationScript is MechanismScript {
    function deploy(address, address[] calldata batchers, uint256 k) external override returns (address inbox) {
        vm.startBroadcast();
        inbox = address(new FixedRotationInbox(batchers, k));
        vm.stopBroadcast();
    }
}
