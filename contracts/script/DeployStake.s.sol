// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import { MechanismScript, vm } from "baton/script/MechanismScript.sol";
import { StakeInbox } from "baton/mechanisms/StakeInbox.sol";

/// @title DeployStake
/// @notice Deploys the bonded-stake mechanism (docs/mechanisms.md § The stake mechanism) and bonds
///         the devnet's batchers from their own keys (`BATON_DEVNET_BATCHER_KEYS`): batcher i
///         (1-based) bonds i seats, at most 6, so the weights differ (1, 2, 3 for three batchers).
///         Windows are `turnLength` blocks, epochs three windows, the lookahead one block short of
///         two windows (see `configFor`). The joins land in epoch 0, so the batchers lead from
///         epoch 2 (block `deploy + 6 * turnLength`), with a random seed from the first post on.
///         The environment may set `BATON_STAKE_SEAT_PRICE` (wei, default 1 ether),
///         `BATON_STAKE_EPOCH_WINDOWS` (default 3) and `BATON_STAKE_LOOKAHEAD` (blocks, default
///         `2 * turnLength - 1`), and the fallback ladder's parameters through `BATON_LADDER_G1`,
///         `_G2`, `_G3`, `_MAX_MISSES` (see `ladderConfig`).
/// @dev    Short runs. Each window's leader is an independent uniform draw over the 6 seats, so
///         the 1-seat batcher leads none of N windows with probability (5/6)^N. The devnet
///         automines the deployment (this script's 4 txs, then the portal and SystemConfig:
///         blocks `deploy .. deploy + 5`) before its run starts, and then mines a block every 2 s,
///         so a 120 s run (60 L1 blocks) has about N = (60 - 18) / 4 = 10 led windows at turn
///         length 4 ((5/6)^10 = 16%: about one run in six shows the 1-seat batcher never
///         leading) and N = (60 - 6) / 2 = 27 at turn length 2 ((5/6)^27 = 0.7%), which is why
///         `baton devnet --mechanism stake` defaults to turn length 2.
///         Joins cannot lead sooner without weakening the lookahead: a join made in epoch `c`
///         may only change epoch `c + 2`, because `c + 1`'s seed can be recorded from `c`'s first
///         block on, and a set fixed at deployment is not wanted (the batchers join as any
///         member would).
contract DeployStake is MechanismScript {
    /// @inheritdoc MechanismScript
    function deploy(
        address owner,
        address[] calldata batchers,
        uint256 turnLength
    )
        external
        override
        returns (address inbox)
    {
        return deployWithKeys(owner, batchers, turnLength, _batcherKeys());
    }

    /// @notice `deploy` with the batchers' keys given (tests pass them; `deploy` reads the env).
    /// @param batchers   The batchers; batcher i (0-based) bonds min(i + 1, 6) seats.
    /// @param turnLength L1 blocks per window.
    /// @param keys       Private keys, at least one per batcher (matched by address).
    /// @return inbox The deployed StakeInbox.
    function deployWithKeys(
        address,
        address[] calldata batchers,
        uint256 turnLength,
        uint256[] memory keys
    )
        public
        returns (address inbox)
    {
        StakeInbox.Config memory config = configFor(turnLength);
        StakeInbox.LadderConfig memory ladder = ladderConfig();
        vm.startBroadcast();
        inbox = address(new StakeInbox(config, ladder));
        vm.stopBroadcast();
        for (uint256 i = 0; i < batchers.length; i++) {
            uint256 seats = i < 6 ? i + 1 : 6;
            vm.startBroadcast(_keyOf(batchers[i], keys));
            StakeInbox(inbox).join{ value: seats * config.seatPrice }(seats);
            vm.stopBroadcast();
        }
    }

    /// @notice The parameters for `turnLength`, with the environment's overrides.
    /// @param turnLength L1 blocks per window.
    /// @return config_ Seat price 1 ether, epochs of 3 windows, lookahead `2 * turnLength - 1`
    ///                 blocks, penalty 1% of a seat, ejection after 3 misses in a row, escrow 2
    ///                 epochs. The lookahead shows a whole window to its leader one block before
    ///                 it starts (`nextWindow` clips a window at `block.number + lookahead`, and a
    ///                 batcher keeps a block of margin at a window's end: with a lookahead of one
    ///                 window, a 2-block window would look one block long until it began, and no
    ///                 tx could be sent for it in time). Epochs of 3 windows leave `turnLength + 1`
    ///                 blocks of each epoch for recording the next seed. With 1-block windows:
    ///                 epochs of 4 windows and lookahead 2, so the next block is always inside
    ///                 the promised lookahead.
    function configFor(uint256 turnLength) public view returns (StakeInbox.Config memory config_) {
        bool single = turnLength == 1;
        uint256 epochWindows = vm.envOr("BATON_STAKE_EPOCH_WINDOWS", single ? uint256(4) : uint256(3));
        config_ = StakeInbox.Config({
            seatPrice: vm.envOr("BATON_STAKE_SEAT_PRICE", uint256(1 ether)),
            turnLength: turnLength,
            epochWindows: epochWindows,
            lookahead: vm.envOr("BATON_STAKE_LOOKAHEAD", single ? uint256(2) : 2 * turnLength - 1),
            penaltyBps: 100,
            maxMisses: 3,
            escrowBlocks: 2 * epochWindows * turnLength
        });
    }

    /// @notice The fallback ladder's parameters: G1 = 2, G2 = 1, G3 = 1, two ladder misses in a
    ///         row demote, unless the environment sets `BATON_LADDER_G1`, `_G2`, `_G3` or
    ///         `_MAX_MISSES` (`MechanismScript._ladderFromEnv`). Stake has no rank-3 backups, so G2
    ///         only delays rung 4 (any member), which opens `G1 + G2 + G3` blocks into a window.
    /// @return ladder_ The parameters.
    function ladderConfig() public view returns (StakeInbox.LadderConfig memory ladder_) {
        (ladder_.g1, ladder_.g2, ladder_.g3, ladder_.maxMisses) = _ladderFromEnv(2, 1, 1, 2);
    }

    /// @notice The key in `_keys` whose address is `_batcher`.
    function _keyOf(address _batcher, uint256[] memory _keys) internal pure returns (uint256) {
        for (uint256 i = 0; i < _keys.length; i++) {
            if (vm.addr(_keys[i]) == _batcher) return _keys[i];
        }
        revert BatcherKeyMissing(_batcher);
    }
}
