// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import { vm } from "baton/script/Vm.sol";
import { ILeaderElection } from "baton/interfaces/ILeaderElection.sol";
import { StakeInbox } from "baton/mechanisms/StakeInbox.sol";
import { MechanismConformance } from "baton-test/kit/MechanismConformance.sol";
import { DeployStake } from "../../script/DeployStake.s.sol";

/// @title StakeInbox_Conformance_Test
/// @notice The stake mechanism passes every rule of the kit, with the devnet's parameters
///         (DeployStake.configFor) and batcher i bonding i + 1 seats, while `_perturb` joins, exits,
///         withdraws, reports misses, pokes and changes prevrandao at random heads.
contract StakeInbox_Conformance_Test is MechanismConformance {
    StakeInbox internal stake;

    function _deployMechanism(
        address,
        address[] memory _batchers,
        uint256 _turnLength
    )
        internal
        override
        returns (ILeaderElection)
    {
        stake = new StakeInbox(_config(_turnLength), new DeployStake().ladderConfig());
        for (uint256 i = 0; i < _batchers.length; i++) {
            vm.deal(_batchers[i], 100 ether);
            vm.prank(_batchers[i]);
            stake.join{ value: (i + 1) * 1 ether }(i + 1);
        }
        return ILeaderElection(address(stake));
    }

    function _artifactPath() internal pure override returns (string memory) {
        return "out/StakeInbox.sol/StakeInbox.json";
    }

    /// @notice The devnet's parameters for `_turnLength` (script/DeployStake.s.sol).
    function _config(uint256 _turnLength) internal returns (StakeInbox.Config memory) {
        return new DeployStake().configFor(_turnLength);
    }

    /// @notice One random action of a random batcher; reverts are fine.
    function _perturb(uint256 _seed) internal override {
        address who = batchers[_seed % batchers.length];
        uint256 action = (_seed >> 8) % 6;
        bytes memory data;
        if (action == 0) {
            vm.prank(who);
            (bool ok,) = address(stake).call{ value: 1 ether }(abi.encodeCall(StakeInbox.join, (1)));
            ok;
            return;
        } else if (action == 1) {
            data = abi.encodeCall(StakeInbox.requestExit, (1));
        } else if (action == 2) {
            uint256 back = 1 + (_seed >> 16) % 12;
            uint256 window = block.number > 1_000 + back ? (block.number - 1_000 - back) / _turnLength() : 0;
            data = abi.encodeCall(StakeInbox.reportMissed, (window));
        } else if (action == 3) {
            data = abi.encodeCall(StakeInbox.poke, ());
        } else if (action == 4) {
            data = abi.encodeCall(StakeInbox.withdraw, ());
        } else {
            vm.prevrandao(uint256(keccak256(abi.encode(_seed, "randao"))));
            return;
        }
        vm.prank(who);
        (bool done,) = address(stake).call(data);
        done;
    }
}
