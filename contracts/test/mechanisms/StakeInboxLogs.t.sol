// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import { Vm, vm } from "baton/script/Vm.sol";
import { StakeInbox } from "baton/mechanisms/StakeInbox.sol";
import { StakeInbox_TestBase } from "./StakeInbox.t.sol";

/// @title StakeInbox_Logs_Test
/// @notice An off-chain reader rebuilds the schedule from the inbox's logs alone: `SeatAssigned` and
///         `SeatCount` give every nominal seat set, `EpochSeed` every stored epoch entry, and the
///         documented fallback rule the epochs nobody wrote. Over twelve epochs of random joins,
///         exits, posts and pokes, the rebuilt leader of every fixed block equals `leaderAt`.
contract StakeInbox_Logs_Test is StakeInbox_TestBase {
    /// @notice What the reader learned from the logs.
    mapping(uint256 => mapping(uint256 => address)) internal seatOwnerFrom; // seat => epoch => owner
    mapping(uint256 => uint256[]) internal seatEpochs; // seat => epochs it changed, ascending
    uint256[] internal countEpochs;
    mapping(uint256 => uint256) internal countFrom; // epoch => count
    mapping(uint256 => bool) internal hasEntry;
    mapping(uint256 => uint256) internal entrySeed;
    mapping(uint256 => uint256) internal entrySeats;
    mapping(uint256 => uint256) internal entrySetEpoch;
    mapping(uint256 => bool) internal entryRecorded;

    function test_logs_rebuildTheSchedule() external {
        address[4] memory who = [alice, bob, carol, dave];
        vm.recordLogs();
        setUp(); // deploy again while recording (the constructor logs the first seat count)
        for (uint256 i = 0; i < 4; i++) {
            _join(who[i], 1 + i % 3);
        }
        uint256 checked;
        for (uint256 e = 1; e < 13; e++) {
            for (uint256 offset = 0; offset < P; offset += 1 + uint256(keccak256(abi.encode(e, offset))) % 3) {
                _at(e, offset);
                uint256 r = uint256(keccak256(abi.encode("action", e, offset)));
                vm.prevrandao(r);
                address a = who[r % 4];
                uint256 kind = (r >> 8) % 5;
                if (kind == 0 && _seats(a) < 6) {
                    _join(a, 1);
                } else if (kind == 1 && _seats(a) > 0) {
                    vm.prank(a);
                    inbox.requestExit(1);
                } else if (kind == 2) {
                    inbox.poke();
                } else if (e % 4 != 3) {
                    _leaderPosts(); // every fourth epoch nobody posts: fallback entries
                }
                _read(vm.getRecordedLogs());
                uint256 fixedUntil = inbox.horizon();
                for (uint256 b = block.number; b < fixedUntil; b++) {
                    assertEq(_rebuiltLeader(b), inbox.leaderAt(b), "the logs give leaderAt");
                    checked++;
                }
            }
        }
        emit log_named_uint("fixed blocks compared", checked);
        assertGe(checked, 300, "the walk compared many blocks");
    }

    function _read(Vm.Log[] memory _logs) internal {
        for (uint256 i = 0; i < _logs.length; i++) {
            if (_logs[i].emitter != address(inbox)) continue;
            bytes32 sig = _logs[i].topics[0];
            if (sig == StakeInbox.SeatAssigned.selector) {
                uint256 seat = uint256(_logs[i].topics[1]);
                uint256 epoch = uint256(_logs[i].topics[3]);
                if (seatEpochs[seat].length == 0 || seatEpochs[seat][seatEpochs[seat].length - 1] != epoch) {
                    seatEpochs[seat].push(epoch);
                }
                seatOwnerFrom[seat][epoch] = address(uint160(uint256(_logs[i].topics[2])));
            } else if (sig == StakeInbox.SeatCount.selector) {
                uint256 epoch = uint256(_logs[i].topics[1]);
                if (countEpochs.length == 0 || countEpochs[countEpochs.length - 1] != epoch) countEpochs.push(epoch);
                countFrom[epoch] = abi.decode(_logs[i].data, (uint256));
            } else if (sig == StakeInbox.EpochSeed.selector) {
                uint256 epoch = uint256(_logs[i].topics[1]);
                (uint256 seed, uint256 seats, uint256 setEpoch, bool recorded) =
                    abi.decode(_logs[i].data, (uint256, uint256, uint256, bool));
                (hasEntry[epoch], entrySeed[epoch], entrySeats[epoch]) = (true, seed, seats);
                (entrySetEpoch[epoch], entryRecorded[epoch]) = (setEpoch, recorded);
            }
        }
    }

    /// @notice The leader of `_b` from the logs read so far (docs/mechanisms.md, the stake rules).
    function _rebuiltLeader(uint256 _b) internal view returns (address) {
        uint256 w = (_b - ORIGIN) / K;
        uint256 e = w / E;
        uint256 seed;
        uint256 seats;
        uint256 setEpoch;
        if (hasEntry[e]) {
            (seed, seats, setEpoch) = (entrySeed[e], entrySeats[e], entrySetEpoch[e]);
        } else {
            // The fallback rule.
            uint256 raw = e > 0 && hasEntry[e - 1] && entryRecorded[e - 1] ? entrySeed[e - 1] : 0;
            seed = uint256(keccak256(abi.encode(keccak256("baton.stake.fallback-seed"), raw, e))) & MASK38;
            seats = e > 0 ? _count(e - 1) : 0;
            setEpoch = e - 1;
            if (seats == 0) (seats, setEpoch) = (_count(e), e);
        }
        if (seats == 0) return address(0);
        uint256 seat = uint256(keccak256(abi.encode(seed, w))) % seats;
        return _owner(seat, setEpoch);
    }

    function _count(uint256 _epoch) internal view returns (uint256 count_) {
        for (uint256 i = 0; i < countEpochs.length && countEpochs[i] <= _epoch; i++) {
            count_ = countFrom[countEpochs[i]];
        }
    }

    function _owner(uint256 _seat, uint256 _epoch) internal view returns (address owner_) {
        uint256[] storage epochs = seatEpochs[_seat];
        for (uint256 i = 0; i < epochs.length && epochs[i] <= _epoch; i++) {
            owner_ = seatOwnerFrom[_seat][epochs[i]];
        }
    }
}
