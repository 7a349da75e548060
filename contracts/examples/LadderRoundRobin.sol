// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import { FallbackLadder } from "baton/ladder/FallbackLadder.sol";
import { MechanismScript, vm } from "baton/script/MechanismScript.sol";

/// @title LadderRoundRobinInbox
/// @notice Example mechanism on the fallback ladder (docs/mechanisms.md § The fallback ladder): a
///         fixed round robin of `n >= 2` members in turns of `k` blocks from `startBlock`, where
///         turn `t` is ladder window `t`. The primary of window `t` is `members[t % n]` (what
///         `leaderAt` returns), its backups are the next `backups` leaders in turn order (the first
///         backup is the next window's leader), and the other members hold rung 4.
/// @dev    Each member's position (1-based) lives in the ladder's word (`_setMechanismBits`), so
///         the fallback's rank test reads no storage of its own: a primary's post reads and writes
///         one slot. The roster never changes, so the schedule is fixed forever.
contract LadderRoundRobinInbox is FallbackLadder {
    uint256 private immutable START;
    uint256 private immutable K;
    uint256 private immutable N;
    uint256 private immutable BACKUPS;
    address[] private _members;

    /// @notice Deployment parameters.
    /// @param members    The turn order (2 .. 65,535 distinct non-zero addresses).
    /// @param turnLength `k`, blocks per turn (>= 1).
    /// @param startBlock First block of turn 0.
    /// @param backups    Backups per window (1 .. n - 1): the next `backups` leaders.
    /// @param g1         Ladder `G1` (>= 1).
    /// @param g2         Ladder `G2`.
    /// @param g3         Ladder `G3`.
    /// @param maxMisses  Misses in a row that demote a primary.
    struct Config {
        address[] members;
        uint256 turnLength;
        uint256 startBlock;
        uint256 backups;
        uint256 g1;
        uint256 g2;
        uint256 g3;
        uint256 maxMisses;
    }

    /// @notice A deployment parameter is out of range.
    error BadConfig();

    constructor(Config memory _c) FallbackLadder(_c.g1, _c.g2, _c.g3, _c.maxMisses) {
        uint256 n = _c.members.length;
        if (n < 2 || n > type(uint16).max || _c.turnLength == 0 || _c.backups == 0 || _c.backups >= n) {
            revert BadConfig();
        }
        (START, K, N, BACKUPS) = (_c.startBlock, _c.turnLength, n, _c.backups);
        for (uint256 i = 0; i < n; i++) {
            address m = _c.members[i];
            if (m == address(0) || _mechanismBits(m) != 0) revert BadConfig();
            _setMechanismBits(m, i + 1);
            _members.push(m);
        }
    }

    // ---------------------------------------------------------------------------------------
    // ILeaderElection: the scheduled primary
    // ---------------------------------------------------------------------------------------

    /// @notice The scheduled primary of `_l1Block` (`address(0)` before `startBlock`).
    function leaderAt(uint256 _l1Block) external view noBlobs returns (address) {
        if (_l1Block < START) return address(0);
        return _memberAt(((_l1Block - START) / K) % N);
    }

    /// @notice Whether `_who` is the scheduled primary of `_l1Block`.
    function isLeader(address _who, uint256 _l1Block) external view noBlobs returns (bool) {
        return _isLeader(_who, _l1Block);
    }

    /// @notice `_who`'s first turn at or after `_from` (one turn: `n >= 2`).
    function nextWindow(address _who, uint256 _from) external view noBlobs returns (uint256 start_, uint256 end_) {
        uint256 pos = _mechanismBits(_who);
        if (pos == 0) return (0, 0);
        if (_from < START) _from = START;
        uint256 turn = (_from - START) / K;
        uint256 wait = (pos - 1 + N - turn % N) % N;
        turn += wait;
        start_ = wait == 0 ? _from : START + turn * K;
        end_ = START + (turn + 1) * K;
    }

    /// @notice The roster never changes: the schedule is fixed forever (any large number is true).
    function lookahead() external view noBlobs returns (uint256) {
        return type(uint32).max;
    }

    /// @notice The members in turn order.
    function members() external view noBlobs returns (address[] memory) {
        return _members;
    }

    /// @notice `k`, the first block and the number of backups per window.
    function schedule() external view noBlobs returns (uint256 turnLength_, uint256 startBlock_, uint256 backups_) {
        return (K, START, BACKUPS);
    }

    function _isLeader(address _who, uint256 _l1Block) internal view override returns (bool) {
        if (_l1Block < START) return false;
        uint256 pos = _mechanismBits(_who);
        return pos != 0 && ((_l1Block - START) / K) % N == pos - 1;
    }

    // ---------------------------------------------------------------------------------------
    // The ladder's hooks
    // ---------------------------------------------------------------------------------------

    function _ladderWindowOf(uint256 _l1Block)
        internal
        view
        override
        returns (bool found_, uint256 window_, uint256 start_, uint256 end_)
    {
        if (_l1Block < START) return (false, 0, 0, 0);
        unchecked {
            // _l1Block >= START, K >= 1: no overflow for any block number below 2^255.
            window_ = (_l1Block - START) / K;
            start_ = START + window_ * K;
            return (true, window_, start_, start_ + K);
        }
    }

    /// @dev Rank = 1 + how many turns after `_window` the member leads next.
    function _ladderRank(address, uint256 _mechBits, uint256 _window) internal view virtual override returns (uint256) {
        if (_mechBits == 0) return 0;
        unchecked {
            // 1 <= _mechBits <= N < 2^16: no overflow.
            uint256 rank = (_mechBits - 1 + N - _window % N) % N + 1;
            return rank <= BACKUPS + 1 ? rank : LADDER_MEMBER;
        }
    }

    function _ladderCandidate(uint256 _window, uint256 _rank) internal view override returns (address) {
        if (_rank == 0 || _rank > BACKUPS + 1) return address(0);
        return _memberAt((_window + _rank - 1) % N);
    }

    /// @notice `_members[_i]` for `_i < N` without the length check (the length is `N`, fixed at
    ///         deployment): one storage read instead of two on the backups' path.
    function _memberAt(uint256 _i) private view returns (address member_) {
        assembly ("memory-safe") {
            mstore(0, _members.slot)
            member_ := sload(add(keccak256(0, 32), _i))
        }
    }
}

/// @notice Its deploy script: turns start at the deployment block; `min(2, n - 1)` backups per
///         window (the next two leaders), so with 4+ batchers the others hold only rung 4. Ladder
///         parameters G1 = 2, G2 = 1, G3 = 1; two misses in a row demote; the environment's
///         `BATON_LADDER_G1`, `_G2`, `_G3`, `_MAX_MISSES` override them (`_ladderFromEnv`).
///         `owner` is unused (the roster is fixed).
contract LadderRoundRobinScript is MechanismScript {
    function deploy(address, address[] calldata batchers, uint256 k) external override returns (address inbox) {
        (uint256 g1, uint256 g2, uint256 g3, uint256 maxMisses) = _ladderFromEnv(2, 1, 1, 2);
        vm.startBroadcast();
        inbox = address(
            new LadderRoundRobinInbox(
                LadderRoundRobinInbox.Config({
                    members: batchers,
                    turnLength: k,
                    startBlock: block.number,
                    backups: batchers.length > 2 ? 2 : 1,
                    g1: g1,
                    g2: g2,
                    g3: g3,
                    maxMisses: maxMisses
                })
            )
        );
        vm.stopBroadcast();
    }
}
