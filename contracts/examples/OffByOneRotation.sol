// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import { FixedRotationInbox } from "./FixedRotation.sol";
import { MechanismScript, vm } from "baton/script/MechanismScript.sol";

/// @title OffByOneRotationInbox
/// @notice DELIBERATELY BROKEN example: `_isLeader` also accepts the leader of the *next* block, so at
///         every window boundary two batchers may post and derivation would keep both batches. The
///         mechanism kit catches it (test/examples/OffByOneRotation.t.sol); do not deploy it.
contract OffByOneRotationInbox is FixedRotationInbox {
    constructor(address[] memory _batchers, uint256 _k) FixedRotationInbox(_batchers, _k) { }

    function _isLeader(address _who, uint256 _l1Block) internal view override returns (bool) {
        return super._isLeader(_who, _l1Block) || super._isLeader(_who, _l1Block + 1); // the bug
    }
}

/// @notice Its deploy script, so `baton mechanism check` can be shown to reject it too.
contract OffByOneRotationScript is MechanismScript {
    function deploy(address, address[] calldata batchers, uint256 k) external override returns (address inbox) {
        vm.startBroadcast();
        inbox = address(new OffByOneRotationInbox(batchers, k));
        vm.stopBroadcast();
    }
}
