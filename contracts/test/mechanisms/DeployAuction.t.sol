// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import { vm } from "baton/script/Vm.sol";
import { AuctionInbox } from "baton/mechanisms/AuctionInbox.sol";
import { TestBase } from "baton-test/TestBase.sol";
import { DeployAuction } from "../../script/DeployAuction.s.sol";

/// @title DeployAuction_Test
/// @notice The auction script deploys the documented defaults: the batchers lead in round robin
///         from the deployment block until someone bids, and the owner receives the proceeds.
contract DeployAuction_Test is TestBase {
    function test_deploy_defaults_batchersAreTheDefaultSet() external {
        address[] memory batchers = new address[](3);
        for (uint256 i = 0; i < 3; i++) {
            batchers[i] = makeAddr(0xB0 + i);
        }
        address owner = makeAddr(0xC0);
        vm.roll(100);
        AuctionInbox inbox = AuctionInbox(new DeployAuction().deploy(owner, batchers, 4));
        _checkParameters(inbox);
        (uint256 g1, uint256 g2, uint256 g3, uint256 maxMisses) = inbox.ladderParameters();
        assertEq(g1 * 1000 + g2 * 100 + g3 * 10 + maxMisses, 2112, "ladder 2, 1, 1, 2");
        (address o, address r) = inbox.roles();
        assertEq(o, owner, "owner");
        assertEq(r, owner, "recipient");
        for (uint256 w = 0; w < 6; w++) {
            assertEq(inbox.leaderAt(100 + 4 * w), batchers[w % 3], "round robin of the batchers");
        }
        (uint256 start, uint256 end) = inbox.nextWindow(batchers[1], 100);
        assertEq(start, 104, "batcher 1's window");
        assertEq(end, 108, "whole window fixed (lookahead k + 1)");
    }

    function _checkParameters(AuctionInbox _inbox) internal view {
        (
            uint256 origin,
            uint256 k,
            uint256 lookahead,
            uint256 reserve,
            uint256 incrementBps,
            uint256 maxTenure,
            uint256 minEscrowWindows
        ) = _inbox.auctionParameters();
        assertEq(origin, 100, "origin");
        assertEq(k, 4, "turn length");
        assertEq(lookahead, 5, "k + 1");
        assertEq(reserve, 0.001 ether, "reserve");
        assertEq(incrementBps, 500, "5%");
        assertEq(maxTenure, 16, "tenure");
        assertEq(minEscrowWindows, 4, "escrow windows");
    }
}
