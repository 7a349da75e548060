// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import { vm } from "baton/script/Vm.sol";
import { ILeaderElection } from "baton/interfaces/ILeaderElection.sol";
import { AuctionInbox } from "baton/mechanisms/AuctionInbox.sol";
import { MechanismConformance } from "baton-test/kit/MechanismConformance.sol";
import { DeployAuction } from "../../script/DeployAuction.s.sol";

/// @title AuctionInbox_Conformance_Test
/// @notice The auction passes every rule of the kit through its deploy script (the batchers are
///         the default set), while `_perturb` has random batchers bid, outbid, re-bid, withdraw,
///         settle and claim, and the owner replace the default set, at random heads. The kit's
///         walk has each window's primary post from its first block, so no backup's rung is open
///         when the others try.
contract AuctionInbox_Conformance_Test is MechanismConformance {
    AuctionInbox internal auction;

    function _deployMechanism(
        address _owner,
        address[] memory _batchers,
        uint256 _turnLength
    )
        internal
        override
        returns (ILeaderElection)
    {
        auction = AuctionInbox(new DeployAuction().deploy(_owner, _batchers, _turnLength));
        for (uint256 i = 0; i < _batchers.length; i++) {
            vm.deal(_batchers[i], 1_000 ether);
        }
        return ILeaderElection(address(auction));
    }

    function _artifactPath() internal pure override returns (string memory) {
        return "out/AuctionInbox.sol/AuctionInbox.json";
    }

    /// @notice One random action; reverts are fine.
    function _perturb(uint256 _seed) internal override {
        address who = batchers[_seed % batchers.length];
        uint256 action = (_seed >> 8) % 7;
        bytes memory data;
        uint256 value;
        if (action <= 2) {
            (,,,, uint256 minimum) = auction.topBids();
            uint256 rent = minimum + (_seed >> 16) % minimum;
            value = rent * (4 + (_seed >> 32) % 16);
            data = abi.encodeCall(AuctionInbox.bid, (rent));
        } else if (action == 3) {
            data = abi.encodeCall(AuctionInbox.withdrawBid, ());
        } else if (action == 4) {
            data = abi.encodeCall(AuctionInbox.settle, ());
        } else if (action == 5) {
            data = abi.encodeCall(AuctionInbox.claim, ());
        } else {
            address[] memory set = new address[](1 + (_seed >> 16) % batchers.length);
            for (uint256 i = 0; i < set.length; i++) {
                set[i] = batchers[(i + (_seed >> 24)) % batchers.length];
            }
            data = abi.encodeCall(AuctionInbox.setDefaultSet, (set));
            who = owner;
        }
        vm.prank(who);
        (bool ok,) = address(auction).call{ value: value }(data);
        ok;
    }
}
