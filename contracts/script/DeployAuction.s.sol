// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import { MechanismScript, vm } from "baton/script/MechanismScript.sol";
import { AuctionInbox } from "baton/mechanisms/AuctionInbox.sol";

/// @title DeployAuction
/// @notice Deploys the slot auction (docs/mechanisms.md § The auction mechanism). The batchers form
///         the default set, which leads (round robin, from the deployment block) every window no
///         bidder holds; `owner` manages that set and receives the proceeds. Nobody bids at
///         deployment: bidding is the batchers' (or anyone's) business afterwards. Windows are
///         `turnLength` blocks; a change takes effect at the first window boundary at least
///         `turnLength + 1` blocks ahead, so a leader sees its whole window one block before it
///         starts. The environment may set `BATON_AUCTION_RESERVE` (wei per window, default
///         0.001 ether), `BATON_AUCTION_INCREMENT_BPS` (default 500: 5%),
///         `BATON_AUCTION_MAX_TENURE` (windows, default 16), `BATON_AUCTION_MIN_ESCROW_WINDOWS`
///         (default 4) and `BATON_AUCTION_LOOKAHEAD` (blocks, default `turnLength + 1`, at most
///         `2 * turnLength`). Ladder: G1 = 2, G2 = 1, G3 = 1, two misses demote (with windows of
///         two blocks or fewer no backup's rung opens inside a window).
contract DeployAuction is MechanismScript {
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
        AuctionInbox.Config memory config = configFor(owner, batchers, turnLength);
        vm.startBroadcast();
        inbox = address(new AuctionInbox(config));
        vm.stopBroadcast();
    }

    /// @notice The parameters for `turnLength`, with the environment's overrides.
    /// @param owner      Owner and recipient of the proceeds.
    /// @param batchers   The default set.
    /// @param turnLength L1 blocks per window.
    /// @return config_ See the contract's notice.
    function configFor(
        address owner,
        address[] memory batchers,
        uint256 turnLength
    )
        public
        view
        returns (AuctionInbox.Config memory config_)
    {
        config_ = AuctionInbox.Config({
            owner: owner,
            recipient: owner,
            defaultSet: batchers,
            turnLength: turnLength,
            lookahead: vm.envOr("BATON_AUCTION_LOOKAHEAD", turnLength + 1),
            reserve: vm.envOr("BATON_AUCTION_RESERVE", uint256(0.001 ether)),
            incrementBps: vm.envOr("BATON_AUCTION_INCREMENT_BPS", uint256(500)),
            maxTenure: vm.envOr("BATON_AUCTION_MAX_TENURE", uint256(16)),
            minEscrowWindows: vm.envOr("BATON_AUCTION_MIN_ESCROW_WINDOWS", uint256(4)),
            g1: 2,
            g2: 1,
            g3: 1,
            maxMisses: 2
        });
    }
}
