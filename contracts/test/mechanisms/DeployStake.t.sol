// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import { vm } from "baton/script/Vm.sol";
import { StakeInbox } from "baton/mechanisms/StakeInbox.sol";
import { MechanismScript } from "baton/script/MechanismScript.sol";
import { TestBase } from "baton-test/TestBase.sol";
import { DeployStake } from "../../script/DeployStake.s.sol";

/// @title DeployStake_Test
/// @notice The stake script deploys the devnet's parameters and bonds batcher i with i seats from
///         its own key, effective from epoch 2.
contract DeployStake_Test is TestBase {
    /// @notice Three funded batchers with keys 0xb0b0.., and the script run by them at block 100.
    function _deployAt100(uint256 _turnLength) internal returns (StakeInbox inbox_, address[] memory batchers_) {
        uint256[] memory keys = new uint256[](3);
        batchers_ = new address[](3);
        for (uint256 i = 0; i < 3; i++) {
            keys[i] = 0xb0b0 + i;
            batchers_[i] = vm.addr(keys[i]);
            vm.deal(batchers_[i], 10 ether);
        }
        vm.roll(100);
        inbox_ = StakeInbox(new DeployStake().deployWithKeys(makeAddr(1), batchers_, _turnLength, keys));
    }

    function test_deploy_batchersBondOneTwoThreeSeatsFromTheirKeys() external {
        (StakeInbox inbox, address[] memory batchers) = _deployAt100(4);
        (StakeInbox.Config memory c, uint256 origin) = inbox.parameters();
        assertEq(origin, 100, "origin");
        assertEq(c.turnLength, 4, "k");
        assertEq(c.epochWindows, 3, "three windows per epoch");
        assertEq(c.lookahead, 7, "lookahead one block short of two windows");
        assertEq(c.seatPrice, 1 ether, "seat price");
        (uint256 g1,,, uint256 maxMisses) = inbox.ladderParameters();
        assertEq(g1, 2, "ladder G1 by default");
        assertEq(maxMisses, 2, "two ladder misses demote");
        for (uint256 i = 0; i < 3; i++) {
            (uint256 seats, uint256 from,,,,,,) = inbox.memberInfo(batchers[i]);
            assertEq(seats, i + 1, "batcher i + 1 holds i + 1 seats");
            assertEq(from, 2, "from epoch 2");
            assertEq(batchers[i].balance, 10 ether - (i + 1) * 1 ether, "bonded from its own balance");
        }
        assertEq(inbox.leaderAt(100 + 23), address(0), "nobody leads epoch 1");
        assertTrue(inbox.leaderAt(100 + 24) != address(0), "a batcher leads from block origin + 6k");
        (uint256 start, uint256 end) = inbox.nextWindow(inbox.leaderAt(100 + 24), 100 + 24);
        assertEq(start, 0, "not fixed yet at the deploy block");
        assertEq(end, 0, "not fixed yet at the deploy block");
    }

    /// @notice At turn length 2 (the short-run setting, docs/mechanisms.md) the batchers lead from
    ///         block deploy + 12, with weights 1, 2 and 3 of 6 seats, and a leader sees its whole
    ///         window one block before it starts.
    function test_deploy_turnLengthTwo_leadsFromDeployPlusTwelve() external {
        (StakeInbox inbox, address[] memory batchers) = _deployAt100(2);
        assertEq(inbox.lookahead(), 3, "lookahead one block short of two windows");
        assertEq(inbox.leaderAt(100 + 11), address(0), "nobody leads epoch 1");
        address first = inbox.leaderAt(100 + 12);
        assertTrue(first != address(0), "a batcher leads from block deploy + 6k");
        for (uint256 i = 0; i < 3; i++) {
            (uint256 weight, uint256 total) = inbox.weightAt(batchers[i], 100 + 12);
            assertEq(weight, i + 1, "batcher i + 1 weighs i + 1 seats");
            assertEq(total, 6, "of six");
            (weight, total) = inbox.weightAt(batchers[i], 100 + 11);
            assertEq(weight + total, 0, "no set before epoch 2");
        }
        vm.roll(100 + 11);
        (uint256 start, uint256 end) = inbox.nextWindow(first, 100 + 12);
        assertEq(start, 100 + 12, "the first window, one block ahead");
        assertGe(end, 100 + 14, "seen whole, not clipped to one block");
    }

    function test_deploy_revertsWithoutABatchersKey() external {
        uint256[] memory keys = new uint256[](1);
        keys[0] = 0xb0b0;
        address[] memory batchers = new address[](2);
        batchers[0] = vm.addr(keys[0]);
        batchers[1] = makeAddr(2);
        vm.deal(batchers[0], 10 ether);
        DeployStake script = new DeployStake();
        vm.expectRevert(abi.encodeWithSelector(MechanismScript.BatcherKeyMissing.selector, batchers[1]));
        script.deployWithKeys(makeAddr(1), batchers, 4, keys);
    }

    function test_configFor_oneBlockWindows() external {
        StakeInbox.Config memory c = new DeployStake().configFor(1);
        assertEq(c.epochWindows, 4, "four windows per epoch");
        assertEq(c.lookahead, 2, "the next block is always fixed");
    }

    /// @notice The ladder's parameters come from `BATON_LADDER_*` when set (decimal or 0x-hex).
    ///         Only G3 is changed, and back, here: the environment is shared by every test of the
    ///         process, and no other test depends on G3's value.
    function test_ladderConfig_readsTheEnvironment() external {
        DeployStake script = new DeployStake();
        vm.setEnv("BATON_LADDER_G3", "0x3");
        StakeInbox.LadderConfig memory l = script.ladderConfig();
        vm.setEnv("BATON_LADDER_G3", "1");
        assertEq(l.g3, 3, "G3 from the environment");
        assertEq(script.ladderConfig().g3, 1, "G3 back to the default value");
    }
}
