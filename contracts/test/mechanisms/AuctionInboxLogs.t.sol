// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import { Vm, vm } from "baton/script/Vm.sol";
import { AuctionInbox } from "baton/mechanisms/AuctionInbox.sol";
import { AuctionInbox_Base } from "./AuctionInbox.t.sol";

/// @title AuctionInbox_Logs_Test
/// @notice An off-chain reader rebuilds the schedule and the money from the inbox's logs alone:
///         `ReignScheduled` and `ReignCut` give every reign (an id cut before it began is
///         replaced by the next `ReignScheduled` with that id), `DefaultSetChanged` every default
///         set with its first window. Over forty windows of random bids, re-bids, withdrawals,
///         settlements, claims, collections and set changes, the rebuilt leader of every fixed
///         block equals `leaderAt`, and the charges, credits and claims in the logs add up to
///         `totals()`.
contract AuctionInbox_Logs_Test is AuctionInbox_Base {
    struct Rebuilt {
        address leader;
        uint256 start;
        uint256 end;
    }

    mapping(uint256 => Rebuilt) internal reigns;
    uint256 internal maxReign;
    address[][] internal sets;
    uint256[] internal setFrom;
    uint256 internal charged;
    uint256 internal credited;
    uint256 internal claimed;
    uint256 internal collected;

    function test_logs_rebuildTheScheduleAndTheMoney() external {
        vm.recordLogs();
        delete d;
        setUp(); // deploy again while recording (the constructor logs the first default set)
        address[3] memory bidders = [a, b, c];
        uint256 compared;
        for (uint256 blk = ORIGIN; blk < ORIGIN + 40 * K; blk += 1 + uint256(keccak256(abi.encode(blk))) % 3) {
            vm.roll(blk);
            uint256 r = uint256(keccak256(abi.encode("action", blk)));
            address who = bidders[r % 3];
            uint256 kind = (r >> 8) % 8;
            if (kind <= 2) {
                (,,,, uint256 minimum) = inbox.topBids();
                _bid(who, minimum, 4 + (r >> 16) % 8);
            } else if (kind == 3) {
                _try(who, abi.encodeCall(AuctionInbox.withdrawBid, ()));
            } else if (kind == 4) {
                inbox.settle();
            } else if (kind == 5) {
                _try(who, abi.encodeCall(AuctionInbox.claim, ()));
            } else if (kind == 6) {
                _try(who, abi.encodeCall(AuctionInbox.collectProceeds, ()));
            } else {
                address[] memory set = new address[](1 + (r >> 16) % 3);
                for (uint256 i = 0; i < set.length; i++) {
                    set[i] = d[(i + (r >> 24)) % 3];
                }
                _try(owner, abi.encodeCall(AuctionInbox.setDefaultSet, (set)));
            }
            _read(vm.getRecordedLogs());
            (, uint256 fw) = inbox.windows(blk);
            for (uint256 x = blk; x < _start(fw); x++) {
                assertEq(_rebuiltLeader(x), inbox.leaderAt(x), "the logs give leaderAt");
                compared++;
            }
            (, uint256 refunds, uint256 proceeds) = inbox.totals();
            assertEq(charged - collected, proceeds, "RentCharged - ProceedsCollected = unpaid proceeds");
            assertEq(credited - claimed, refunds, "RefundCredited - RefundClaimed = unclaimed refunds");
        }
        emit log_named_uint("fixed blocks compared", compared);
        assertGe(compared, 200, "the walk compared many blocks");
        assertGe(maxReign, 5, "many reigns");
    }

    function _try(address _from, bytes memory _data) internal {
        vm.prank(_from);
        (bool ok,) = address(inbox).call(_data);
        ok;
    }

    function _rebuiltLeader(uint256 _block) internal view returns (address) {
        uint256 w = (_block - ORIGIN) / K;
        for (uint256 id = 1; id <= maxReign; id++) {
            Rebuilt memory r = reigns[id];
            if (r.start <= w && w < r.end) return r.leader;
        }
        uint256 v = setFrom.length - 1;
        while (setFrom[v] > w) {
            v--;
        }
        address[] memory set = sets[v];
        return set.length == 0 ? address(0) : set[w % set.length];
    }

    function _read(Vm.Log[] memory _logs) internal {
        for (uint256 i = 0; i < _logs.length; i++) {
            Vm.Log memory l = _logs[i];
            if (l.emitter != address(inbox)) continue;
            bytes32 t = l.topics[0];
            if (t == AuctionInbox.ReignScheduled.selector) {
                uint256 id = uint256(l.topics[1]);
                (uint256 startWindow, uint256 endWindow,,,) =
                    abi.decode(l.data, (uint256, uint256, uint256, uint256, uint256));
                reigns[id] = Rebuilt(address(uint160(uint256(l.topics[2]))), startWindow, endWindow);
                if (id > maxReign) maxReign = id;
            } else if (t == AuctionInbox.ReignCut.selector) {
                (uint256 endWindow,) = abi.decode(l.data, (uint256, uint256));
                reigns[uint256(l.topics[1])].end = endWindow;
            } else if (t == AuctionInbox.DefaultSetChanged.selector) {
                (address[] memory members, uint256 fromWindow,) = abi.decode(l.data, (address[], uint256, uint256));
                sets.push(members);
                setFrom.push(fromWindow);
            } else if (t == AuctionInbox.RentCharged.selector) {
                (, uint256 amount) = abi.decode(l.data, (uint256, uint256));
                charged += amount;
            } else if (t == AuctionInbox.RefundCredited.selector) {
                credited += abi.decode(l.data, (uint256));
            } else if (t == AuctionInbox.RefundClaimed.selector) {
                claimed += abi.decode(l.data, (uint256));
            } else if (t == AuctionInbox.ProceedsCollected.selector) {
                collected += abi.decode(l.data, (uint256));
            }
        }
    }
}
