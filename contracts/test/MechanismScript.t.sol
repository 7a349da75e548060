// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import { vm } from "../src/script/Vm.sol";
import { TestBase } from "./TestBase.sol";
import { MechanismScript } from "../src/script/MechanismScript.sol";
import { RoundRobinInbox } from "../src/RoundRobinInbox.sol";
import { DeployRoundRobin } from "../script/DeployRoundRobin.s.sol";

/// @notice Exposes the base's helpers; deploys nothing.
contract MechanismScript_Harness is MechanismScript {
    function deploy(address, address[] calldata, uint256) external pure override returns (address) {
        return address(0);
    }

    function batcherKeys() external view returns (uint256[] memory) {
        return _batcherKeys();
    }

    function batcherKey(address _batcher) external view returns (uint256) {
        return _batcherKey(_batcher);
    }
}

/// @title MechanismScript_Test
contract MechanismScript_Test is TestBase {
    /// @notice BATON_DEVNET_BATCHER_KEYS: comma-separated hex, with or without 0x, spaces allowed;
    ///         unset or empty means no keys; `_batcherKey` finds a batcher's key by its address.
    ///         One test only: the environment is shared by every test of the process.
    function test_batcherKeys_parsesEnvironment() external {
        MechanismScript_Harness h = new MechanismScript_Harness();
        vm.setEnv("BATON_DEVNET_BATCHER_KEYS", "");
        assertEq(h.batcherKeys().length, 0, "empty: no keys");

        vm.setEnv("BATON_DEVNET_BATCHER_KEYS", "0x0a11ce, b0b ,0XC0FFEE");
        uint256[] memory keys = h.batcherKeys();
        assertEq(keys.length, 3, "three keys");
        assertEq(keys[0], 0xa11ce, "0x-prefixed");
        assertEq(keys[1], 0xb0b, "bare hex, trimmed");
        assertEq(keys[2], 0xc0ffee, "0X-prefixed");
        assertEq(h.batcherKey(vm.addr(0xb0b)), 0xb0b, "key by batcher address");

        vm.expectRevert(abi.encodeWithSelector(MechanismScript.BatcherKeyMissing.selector, address(0xdead)));
        h.batcherKey(address(0xdead));
        vm.setEnv("BATON_DEVNET_BATCHER_KEYS", "");
    }

    /// @notice The round robin's script deploys what the devnet's C++ deployer did: the given owner,
    ///         k and roster, lookahead 8, start block 0.
    function test_deployRoundRobin_devnetParameters() external {
        address[] memory batchers = new address[](2);
        batchers[0] = makeAddr(1);
        batchers[1] = makeAddr(2);
        RoundRobinInbox rr = RoundRobinInbox(new DeployRoundRobin().deploy(makeAddr(9), batchers, 5));
        assertEq(rr.owner(), makeAddr(9), "owner");
        assertEq(rr.turnLength(), 5, "k");
        assertEq(rr.lookahead(), 8, "lookahead");
        assertEq(rr.startBlock(), 0, "start block");
        assertEq(rr.leaderAt(5), batchers[1], "roster in order");
    }
}
