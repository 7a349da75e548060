// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import { FallbackLadder } from "./ladder/FallbackLadder.sol";
import { ILeaderElection } from "./interfaces/ILeaderElection.sol";

/// @title RoundRobinInbox
/// @notice Reference leader election: an owner-managed set of leaders takes turns of `k` L1 blocks.
///         The leader of block `b` (at or after `startBlock`) is
///         `members[((b - startBlock) / k) % members.length]` of the *roster* (the member list)
///         in effect at `b`; an empty roster means nobody leads.
/// @dev    Set changes and the lookahead rule:
///         - A change made in block `n` (add or remove) takes effect at
///           `activationFor(n)`: the first turn boundary `startBlock + j*k` at or after
///           `n + lookahead` (or `startBlock` itself if that is later). Changes made in later blocks
///           activate no earlier, so every block before `horizon() = activationFor(block.number)`
///           is fixed: the schedule published for it never changes.
///         - Two rosters are stored ("banks" 0 and 1). The one with the larger activation block is
///           the newer. A change edits the newer roster in place while it is still pending and the
///           change activates at the same block; if the newer roster is already active, the change
///           is written into the other bank as a copy of the newer roster plus the edit (the roster
///           it replaces is forgotten). A change whose activation differs from a still-pending
///           roster's reverts with `ChangeAlreadyPending`; batch several edits into one block, or
///           wait for the pending roster to activate.
///         - Views answer for blocks from the older roster's activation on; earlier blocks revert
///           with `ScheduleForgotten` (use `eth_call` against an older state for them).
///         The fallback ladder (issue 16; docs/mechanisms.md § The fallback ladder): turn `t`
///         (blocks `startBlock + t*k ..`) is ladder window `t`. Its primary is the scheduled leader
///         (what `leaderAt` returns); its backups are the members that follow the primary in the
///         roster in force at that turn, in turn order (rank = 1 + distance in turns, so the first
///         backup is the leader of the next turn of that roster). The first two followers are
///         backups (rungs 2 and 3), every other member holds rung 4: with the default ladder
///         (G1 = 2, G2 = G3 = 1) the next leader may stand in after two blocks, the one after it
///         after three, any member after four. With one member there is no backup, with two only
///         one. Removed members and non-members hold no rung; a turn under an empty roster has no
///         primary and nobody may post in it. At a roster change the last turn of the old roster
///         is backed up by that roster's followers (who may not lead the next turn).
///         Gas: each member's record lives in the ladder's word for the member (`_mechanismBits`,
///         112 of its 120 bits) and packs, newer roster first, each roster's activation turn and
///         size with the member's position in it. So a primary's post reads one cold slot and
///         writes it at most once (the window of its post), `isLeader` and `nextWindow` cost one
///         SLOAD each, `leaderAt` two. Owner changes rewrite the records of every member
///         of both rosters (bounded by `MAX_LEADERS`).
contract RoundRobinInbox is FallbackLadder {
    /// @notice Emitted when ownership moves to `newOwner`.
    /// @param previousOwner The old owner.
    /// @param newOwner      The new owner.
    event OwnershipTransferred(address indexed previousOwner, address indexed newOwner);

    /// @notice An owner-only function was called by someone else.
    /// @param caller The caller.
    error NotOwner(address caller);

    /// @notice The owner may not be the zero address.
    error ZeroAddressOwner();

    /// @notice The zero address cannot be a leader (it is the "nobody leads" value).
    error ZeroAddressLeader();

    /// @notice `leader` is already in the roster being edited.
    /// @param leader The duplicate.
    error LeaderAlreadyPresent(address leader);

    /// @notice `leader` is not in the roster being edited.
    /// @param leader The missing address.
    error LeaderNotPresent(address leader);

    /// @notice The roster would exceed `MAX_LEADERS` members.
    /// @param maxLeaders The limit.
    error TooManyLeaders(uint256 maxLeaders);

    /// @notice A change would activate at `requestedActivation`, but a roster activating at
    ///         `pendingActivation` is still pending; only changes activating at the same block can
    ///         be merged into it.
    /// @param pendingActivation   Activation block of the pending roster.
    /// @param requestedActivation Activation block the new change would get.
    error ChangeAlreadyPending(uint256 pendingActivation, uint256 requestedActivation);

    /// @notice `k` (L1 blocks per turn) must be in `[1, 2^32)`.
    error InvalidTurnLength();

    /// @notice The lookahead must be in `[1, 2^32)`; at least 1 so a change never alters the
    ///         current block.
    error InvalidLookahead();

    /// @notice The start block must be below 2^63, so every activation fits its 64-bit field.
    error InvalidStartBlock();

    /// @notice A change made now would activate in turn `turn`, past the members' 40-bit record
    ///         field (only near block 2^40; unreachable on a real chain).
    /// @param turn The turn the change would activate in.
    error ActivationOutOfRange(uint256 turn);

    /// @notice The fallback ladder's parameters (`FallbackLadder`); deploy code uses G1 = 2,
    ///         G2 = 1, G3 = 1, maxMisses = 2.
    /// @param g1        Blocks of a turn only its primary may post in (1 .. 2^32 - 1).
    /// @param g2        Further blocks before the second backup's rung opens (< 2^32).
    /// @param g3        Further blocks before any member's rung opens (< 2^32).
    /// @param maxMisses Misses in a row that demote a primary (1 .. 255).
    struct LadderConfig {
        uint256 g1;
        uint256 g2;
        uint256 g3;
        uint256 maxMisses;
    }

    /// @notice Largest roster size. Bounds the gas of owner changes.
    uint256 internal constant MAX_LEADERS = 64;

    /// @notice Backups per turn (rungs 2 and 3): the next two members in turn order.
    uint256 internal constant LADDER_BACKUPS = 2;

    /// @notice `_banks` layout: bank `i` occupies bits `[96*i, 96*i + 96)`: activation block
    ///         (64 bits), roster size (16 bits), and 16 bits of zero, where the views' copy of a
    ///         member's record (`_viewRecord`) puts its 1-based position (0 = not a member).
    uint256 private constant BANK_BITS = 96;
    uint256 private constant SIZE_SHIFT = 64;
    uint256 private constant POS_SHIFT = 80;
    uint256 private constant MASK64 = 0xffffffffffffffff;
    uint256 private constant MASK16 = 0xffff;
    uint256 private constant POSITIONS_MASK = (MASK16 << POS_SHIFT) | (MASK16 << (BANK_BITS + POS_SHIFT));

    /// @notice A member's record (`_mechanismBits`), ordered by `_order(_banks)`: for the newer
    ///         roster `position + size - 1` (8 bits, position 1-based) and its size (8), both 0
    ///         when the member is not in it (`_rosterFields`); the same two for the older roster;
    ///         the older roster's activation turn (40 bits) and the newer's (40, the top field:
    ///         `bits >> R_NEWER_TURN` needs no mask). Zero for a non-member. The fallback finds the
    ///         member's rank from it alone (`_ladderRank`).
    uint256 private constant R_OLDER = 16;
    uint256 private constant R_OLDER_TURN = 32;
    uint256 private constant R_NEWER_TURN = 72;
    uint256 private constant MASK8 = 0xff;
    uint256 private constant MASK40 = 0xffffffffff;
    /// @notice `_writeRoster`'s scratch form of a record: this bit, then the positions in banks 0
    ///         and 1 (8 bits each). A final record never has it (its top field is below 2^40).
    uint256 private constant SCRATCH = 1 << 119;

    /// @notice First block of the schedule; turn boundaries are `START_BLOCK + j * TURN_LENGTH`.
    uint256 private immutable START_BLOCK;

    /// @notice `k`: L1 blocks per turn.
    uint256 private immutable TURN_LENGTH;

    /// @notice Minimum distance, in L1 blocks, between a change and its activation.
    uint256 private immutable LOOKAHEAD;

    /// @notice Both banks' activation block and size (positions zero).
    uint256 private _banks;

    /// @notice `_members[bank][index]`: the roster of each bank, in join order.
    mapping(uint256 => mapping(uint256 => address)) private _members;

    /// @notice The address allowed to change the leader set.
    address private _owner;

    /// @notice Restricts a function to the owner.
    modifier onlyOwner() {
        if (msg.sender != _owner) revert NotOwner(msg.sender);
        _;
    }

    /// @notice Deploys the inbox with its first roster, in effect from `_startBlock`.
    /// @param _owner_     Owner (may add and remove leaders).
    /// @param _turnLength `k`, L1 blocks per turn (>= 1, < 2^32).
    /// @param _lookahead  Minimum blocks between a change and its activation (>= 1, < 2^32).
    /// @param _startBlock First block of the schedule (< 2^63); earlier blocks have no leader.
    /// @param _leaders    Initial roster, in turn order (no duplicates, no zero address).
    /// @param _ladder     The fallback ladder's parameters.
    constructor(
        address _owner_,
        uint256 _turnLength,
        uint256 _lookahead,
        uint256 _startBlock,
        address[] memory _leaders,
        LadderConfig memory _ladder
    )
        FallbackLadder(_ladder.g1, _ladder.g2, _ladder.g3, _ladder.maxMisses)
    {
        if (_owner_ == address(0)) revert ZeroAddressOwner();
        // Bounds keep every activation (start + turns * k, at most ~start + lookahead + k past
        // any realistic block number) inside the 64-bit record fields.
        if (_turnLength == 0 || _turnLength > type(uint32).max) revert InvalidTurnLength();
        if (_lookahead == 0 || _lookahead > type(uint32).max) revert InvalidLookahead();
        if (_startBlock >= 1 << 63) revert InvalidStartBlock();
        START_BLOCK = _startBlock;
        TURN_LENGTH = _turnLength;
        LOOKAHEAD = _lookahead;
        _owner = _owner_;
        emit OwnershipTransferred(address(0), _owner_);

        address[] memory roster = new address[](0);
        for (uint256 i = 0; i < _leaders.length; i++) {
            roster = _withAdded(roster, _leaders[i]);
            emit LeaderAdded(_leaders[i], _startBlock);
        }
        // Bank 0 holds the first roster; bank 1 is an empty roster "active" from block 0, which
        // only ever answers for blocks before `_startBlock` (nobody leads there).
        _writeRoster(0, roster, new address[](0), _startBlock);
    }

    // ---------------------------------------------------------------------------------------
    // ILeaderElection
    // ---------------------------------------------------------------------------------------

    /// @notice Whether `_who` is the scheduled leader of `_l1Block`: its ladder rank is 1.
    /// @dev One SLOAD (the member's record). Rosters activate at turn boundaries from START_BLOCK
    ///      on, so the roster of the turn is the roster of `_l1Block`.
    function _isLeader(address _who, uint256 _l1Block) internal view override returns (bool) {
        if (_l1Block < START_BLOCK) return false;
        return _ladderRank(_who, _mechanismBits(_who), (_l1Block - START_BLOCK) / TURN_LENGTH) == 1;
    }

    /// @inheritdoc ILeaderElection
    function isLeader(address _who, uint256 _l1Block) external view noBlobs returns (bool) {
        if (_l1Block < START_BLOCK) return false;
        _requireKnown(_banks, _l1Block);
        return _isLeader(_who, _l1Block);
    }

    /// @inheritdoc ILeaderElection
    function leaderAt(uint256 _l1Block) external view noBlobs returns (address leader_) {
        if (_l1Block < START_BLOCK) return address(0);
        uint256 banks = _banks;
        uint256 bank = _requireKnown(banks, _l1Block);
        uint256 size = _field(banks, bank, SIZE_SHIFT, MASK16);
        if (size == 0) return address(0);
        leader_ = _members[bank][_turn(_l1Block) % size];
    }

    /// @inheritdoc ILeaderElection
    /// @dev At most two rosters lie between `_fromBlock` and `horizon()`, and a window can span
    ///      their boundary (when the last turn of the older roster and the first turn of the newer
    ///      one have the same leader), so the answer takes a constant number of steps.
    function nextWindow(address _who, uint256 _fromBlock) external view noBlobs returns (uint256 start_, uint256 end_) {
        uint256 record = _viewRecord(_who);
        if (record & POSITIONS_MASK == 0) return (0, 0);
        uint256 fixedUntil = activationFor(block.number);
        uint256 from = _fromBlock < START_BLOCK ? START_BLOCK : _fromBlock;
        if (from >= fixedUntil) return (0, 0);

        (uint256 older, uint256 newer) = _order(record);
        uint256 olderFrom = _field(record, older, 0, MASK64);
        uint256 newerFrom = _field(record, newer, 0, MASK64);
        if (from < olderFrom) revert ScheduleForgotten(from, olderFrom);
        // Every stored activation is at or before the horizon (it was computed at an earlier block).
        if (from >= newerFrom) return _windowIn(record, newer, from, fixedUntil);

        (start_, end_) = _windowIn(record, older, from, newerFrom);
        if (end_ != 0) {
            if (end_ == newerFrom && newerFrom < fixedUntil && _leads(record, newer, newerFrom)) {
                (, end_) = _windowIn(record, newer, newerFrom, fixedUntil);
            }
            return (start_, end_);
        }
        if (newerFrom < fixedUntil) return _windowIn(record, newer, newerFrom, fixedUntil);
        return (0, 0);
    }

    /// @inheritdoc ILeaderElection
    function lookahead() external view noBlobs returns (uint256) {
        return LOOKAHEAD;
    }

    // ---------------------------------------------------------------------------------------
    // Schedule views
    // ---------------------------------------------------------------------------------------

    /// @notice Every block before this one has a fixed leader: `activationFor(block.number)`.
    /// @return Exclusive bound of the fixed schedule (>= block.number + lookahead).
    function horizon() external view noBlobs returns (uint256) {
        return activationFor(block.number);
    }

    /// @notice The block at which a change made in block `_l1Block` would take effect.
    /// @param _l1Block The block a change is made in.
    /// @return The first turn boundary at or after `_l1Block + lookahead`, and not before
    ///         `startBlock`.
    function activationFor(uint256 _l1Block) public view noBlobs returns (uint256) {
        uint256 earliest = _l1Block + LOOKAHEAD;
        if (earliest <= START_BLOCK) return START_BLOCK;
        uint256 turns = (earliest - START_BLOCK + TURN_LENGTH - 1) / TURN_LENGTH;
        return START_BLOCK + turns * TURN_LENGTH;
    }

    /// @notice The roster in effect at `_l1Block`, in turn order.
    /// @param _l1Block An L1 block number.
    /// @return leaders_ The members; empty before `startBlock` or when the set is empty.
    function leadersAt(uint256 _l1Block) external view noBlobs returns (address[] memory leaders_) {
        if (_l1Block < START_BLOCK) return new address[](0);
        uint256 banks = _banks;
        leaders_ = _rosterOf(banks, _requireKnown(banks, _l1Block));
    }

    /// @notice Activation block of a change that is not in effect yet, or 0 when none is.
    /// @return The pending roster's activation block, or 0.
    function pendingActivation() external view noBlobs returns (uint256) {
        (, uint256 newer) = _order(_banks);
        uint256 activation = _field(_banks, newer, 0, MASK64);
        return activation > block.number ? activation : 0;
    }

    /// @notice First block of the schedule.
    /// @return The start block.
    function startBlock() external view noBlobs returns (uint256) {
        return START_BLOCK;
    }

    /// @notice `k`: L1 blocks per turn.
    /// @return The turn length.
    function turnLength() external view noBlobs returns (uint256) {
        return TURN_LENGTH;
    }

    /// @notice Largest roster size.
    /// @return `MAX_LEADERS`.
    function maxLeaders() external view noBlobs returns (uint256) {
        return MAX_LEADERS;
    }

    /// @notice The address allowed to change the leader set.
    /// @return The owner.
    function owner() external view noBlobs returns (address) {
        return _owner;
    }

    // ---------------------------------------------------------------------------------------
    // Owner actions
    // ---------------------------------------------------------------------------------------

    /// @notice Schedules `_leader` to join the set at `activationFor(block.number)`. It is appended
    ///         to the roster, so it takes the last position of the turn order.
    /// @param _leader The address to add (not zero, not already in the roster).
    function addLeader(address _leader) external noBlobs onlyOwner {
        uint256 activation = _change(_leader, true);
        emit LeaderAdded(_leader, activation);
    }

    /// @notice Schedules `_leader` to leave the set at `activationFor(block.number)`. Members after
    ///         it move up one position in the turn order.
    /// @param _leader The address to remove (must be in the roster).
    function removeLeader(address _leader) external noBlobs onlyOwner {
        uint256 activation = _change(_leader, false);
        emit LeaderRemoved(_leader, activation);
    }

    /// @notice Hands the owner role to `_newOwner`.
    /// @param _newOwner The new owner (not zero).
    function transferOwnership(address _newOwner) external noBlobs onlyOwner {
        if (_newOwner == address(0)) revert ZeroAddressOwner();
        emit OwnershipTransferred(_owner, _newOwner);
        _owner = _newOwner;
    }

    // ---------------------------------------------------------------------------------------
    // The ladder's hooks (FallbackLadder)
    // ---------------------------------------------------------------------------------------

    /// @notice Turn `t` is window `t`; blocks before `startBlock` are in no window. No storage is
    ///         read (this runs first in every post): a turn under an empty roster is a window in
    ///         which nobody holds a rank.
    function _ladderWindowOf(uint256 _l1Block)
        internal
        view
        override
        returns (bool found_, uint256 window_, uint256 start_, uint256 end_)
    {
        uint256 start = START_BLOCK;
        uint256 k = TURN_LENGTH;
        assembly {
            // k >= 1 (constructor). Without a branch: for a block before `start` the other values
            // are meaningless, and the ladder reads none of them when `found_` is false.
            found_ := iszero(lt(_l1Block, start))
            let into := sub(_l1Block, start)
            window_ := div(into, k)
            start_ := sub(_l1Block, mod(into, k))
            end_ := add(start_, k)
        }
    }

    /// @notice Rank = 1 + how many turns after `_window` the member's position comes round in the
    ///         roster in force at the turn (ranks 2 .. 1 + `LADDER_BACKUPS` are backups, further
    ///         members `LADDER_MEMBER`), 0 for a non-member. From the record alone, in assembly.
    /// @dev    A nonzero position comes with a size >= position, so the subtraction cannot
    ///         underflow. A turn before both rosters (no caller asks about one) reads position 0.
    function _ladderRank(address, uint256 _bits, uint256 _window) internal pure override returns (uint256 rank_) {
        assembly {
            let fields := _bits // the newer roster's: position + size - 1, then size
            if lt(_window, shr(R_NEWER_TURN, _bits)) {
                fields := 0
                if iszero(lt(_window, and(shr(R_OLDER_TURN, _bits), MASK40))) {
                    fields := shr(R_OLDER, _bits)
                }
            }
            // A member: (position - 1 - window) mod size, + 1 (position + size - 1 > window % size).
            // Not in the roster: size 0, and EVM `mod` by 0 is 0, so the sum is 0 (no branch).
            let size := and(shr(8, fields), MASK8)
            let rank := add(mod(sub(and(fields, MASK8), mod(_window, size)), size), lt(0, size))
            rank_ := or(rank, mul(gt(rank, 3), MASK8)) // over 1 + LADDER_BACKUPS: LADDER_MEMBER
        }
    }

    /// @notice The member `_rank - 1` turns after the primary of `_window` in the roster in force
    ///         at the turn (`_rank` 1 or 2), or `address(0)` (empty roster, or no second member).
    function _ladderCandidate(uint256 _window, uint256 _rank) internal view override returns (address) {
        if (_rank == 0 || _rank > 1 + LADDER_BACKUPS) return address(0);
        uint256 banks = _banks;
        (bool found, uint256 bank) = _bankAt(banks, START_BLOCK + _window * TURN_LENGTH);
        if (!found) return address(0);
        uint256 size = _field(banks, bank, SIZE_SHIFT, MASK16);
        if (size < _rank) return address(0);
        return _members[bank][(_window + _rank - 1) % size];
    }

    // ---------------------------------------------------------------------------------------
    // Internals
    // ---------------------------------------------------------------------------------------

    /// @notice Applies one add or remove per the lookahead rule.
    /// @param _leader The address to add or remove.
    /// @param _add    True to add, false to remove.
    /// @return activation_ The block at which the edited roster takes effect.
    function _change(address _leader, bool _add) private returns (uint256 activation_) {
        activation_ = activationFor(block.number);
        if (_turnOf(activation_) > MASK40) revert ActivationOutOfRange(_turnOf(activation_));
        uint256 banks = _banks;
        (uint256 older, uint256 newer) = _order(banks);
        uint256 newerFrom = _field(banks, newer, 0, MASK64);

        uint256 target;
        if (newerFrom > block.number) {
            // Still pending: it may only absorb changes that activate at the same block.
            if (newerFrom != activation_) revert ChangeAlreadyPending(newerFrom, activation_);
            target = newer;
        } else {
            // The newer roster is active: the older one is no longer needed for blocks >= now.
            target = older;
        }
        address[] memory replaced = _rosterOf(banks, target);
        address[] memory roster = _rosterOf(banks, newer);
        roster = _add ? _withAdded(roster, _leader) : _withRemoved(roster, _leader);
        _writeRoster(target, roster, replaced, activation_);
    }

    /// @notice Stores `_roster` in `_bank` with activation `_activation` and rewrites the records
    ///         of everyone in either bank and of everyone `_roster` replaces.
    /// @dev    Records are ordered by the banks' order, which this may flip, so they are first
    ///         turned into a scratch form indexed by bank (from the old order), edited there, and
    ///         written in the new order last. Addresses may appear in several lists: each step
    ///         skips records already in its output form.
    /// @param _bank       Bank to write (0 or 1).
    /// @param _roster     The new member list.
    /// @param _replaced   The member list previously stored in `_bank`.
    /// @param _activation First block the roster is in effect.
    function _writeRoster(
        uint256 _bank,
        address[] memory _roster,
        address[] memory _replaced,
        uint256 _activation
    )
        private
    {
        uint256 oldBanks = _banks;
        address[] memory kept = _rosterOf(oldBanks, 1 - _bank);
        _toScratch(_replaced, oldBanks);
        _toScratch(_roster, oldBanks);
        _toScratch(kept, oldBanks);

        uint256 posShift = _bank * 8;
        for (uint256 i = 0; i < _replaced.length; i++) {
            _setMechanismBits(_replaced[i], _mechanismBits(_replaced[i]) & ~(MASK8 << posShift));
        }
        for (uint256 i = 0; i < _roster.length; i++) {
            _members[_bank][i] = _roster[i];
            _setMechanismBits(_roster[i], (_mechanismBits(_roster[i]) & ~(MASK8 << posShift)) | ((i + 1) << posShift));
        }
        for (uint256 i = _roster.length; i < _replaced.length; i++) {
            delete _members[_bank][i];
        }

        uint256 shift = _bank * BANK_BITS;
        uint256 banks = oldBanks & ~(((MASK16 << SIZE_SHIFT) | MASK64) << shift);
        banks |= (_activation | (_roster.length << SIZE_SHIFT)) << shift;
        _banks = banks;

        _fromScratch(_replaced, banks);
        _fromScratch(_roster, banks);
        _fromScratch(kept, banks);
    }

    /// @notice Turns each address's record into the scratch form (`SCRATCH`, then its positions in
    ///         banks 0 and 1), read in the order of `_oldBanks`; skips scratch records.
    function _toScratch(address[] memory _addrs, uint256 _oldBanks) private {
        (, uint256 newer) = _order(_oldBanks);
        for (uint256 i = 0; i < _addrs.length; i++) {
            uint256 bits = _mechanismBits(_addrs[i]);
            if (bits & SCRATCH != 0) continue;
            uint256 inNewer = _positionIn(bits);
            uint256 inOlder = _positionIn(bits >> R_OLDER);
            uint256 byBank = newer == 0 ? inNewer | (inOlder << 8) : inOlder | (inNewer << 8);
            _setMechanismBits(_addrs[i], SCRATCH | byBank);
        }
    }

    /// @notice Writes each scratch record in its final form for `_banksValue` (zero when the
    ///         address is in neither bank); skips final records.
    function _fromScratch(address[] memory _addrs, uint256 _banksValue) private {
        (uint256 older, uint256 newer) = _order(_banksValue);
        uint256 newerSize = _field(_banksValue, newer, SIZE_SHIFT, MASK16);
        uint256 olderSize = _field(_banksValue, older, SIZE_SHIFT, MASK16);
        uint256 turns = (_turnOf(_field(_banksValue, older, 0, MASK64)) << R_OLDER_TURN)
            | (_turnOf(_field(_banksValue, newer, 0, MASK64)) << R_NEWER_TURN);
        for (uint256 i = 0; i < _addrs.length; i++) {
            uint256 bits = _mechanismBits(_addrs[i]);
            if (bits & SCRATCH == 0) continue;
            uint256 inNewer = (bits >> (newer * 8)) & MASK8;
            uint256 inOlder = (bits >> (older * 8)) & MASK8;
            _setMechanismBits(
                _addrs[i],
                inNewer | inOlder == 0
                    ? 0
                    : turns | _rosterFields(inNewer, newerSize) | (_rosterFields(inOlder, olderSize) << R_OLDER)
            );
        }
    }

    /// @notice A record's 16 bits for one roster: `position + size - 1`, then the size (both 0
    ///         when `_position` is 0). `_ladderRank` reads them.
    function _rosterFields(uint256 _position, uint256 _size) private pure returns (uint256) {
        return _position == 0 ? 0 : (_position - 1 + _size) | (_size << 8);
    }

    /// @notice The position (0: none) held in the low 16 bits of `_fields` (`_rosterFields`).
    function _positionIn(uint256 _fields) private pure returns (uint256) {
        uint256 size = (_fields >> 8) & MASK8;
        return size == 0 ? 0 : (_fields & MASK8) + 1 - size;
    }

    /// @notice `_who`'s record in the layout of `_banks`, for the views that walk the schedule:
    ///         the newer roster as bank 0, the older as bank 1 (so `_order` keeps them so, ties
    ///         included), each with its activation block, and the member's position and the size
    ///         where it is a member (0 and 0 where it is not: nothing reads the size then). An
    ///         activation before START_BLOCK reads as START_BLOCK, which no view tells apart (they
    ///         ask about blocks from START_BLOCK on). One SLOAD.
    function _viewRecord(address _who) private view returns (uint256 record_) {
        uint256 bits = _mechanismBits(_who);
        if (bits == 0) return 0;
        record_ = _viewBank(bits, bits >> R_NEWER_TURN)
            | (_viewBank(bits >> R_OLDER, (bits >> R_OLDER_TURN) & MASK40) << BANK_BITS);
    }

    /// @notice One bank of `_viewRecord` from a record's 16 bits for a roster and its turn.
    function _viewBank(uint256 _fields, uint256 _turn) private view returns (uint256) {
        return (START_BLOCK + _turn * TURN_LENGTH) | (((_fields >> 8) & MASK8) << SIZE_SHIFT)
            | (_positionIn(_fields) << POS_SHIFT);
    }

    /// @notice The turn an activation block starts (0 for blocks up to START_BLOCK; activations
    ///         after it are turn boundaries).
    function _turnOf(uint256 _activation) private view returns (uint256) {
        return _activation <= START_BLOCK ? 0 : (_activation - START_BLOCK) / TURN_LENGTH;
    }

    /// @notice `_roster` with `_leader` appended.
    /// @param _roster The current members.
    /// @param _leader The address to add.
    /// @return A new array.
    function _withAdded(address[] memory _roster, address _leader) private pure returns (address[] memory) {
        if (_leader == address(0)) revert ZeroAddressLeader();
        if (_roster.length >= MAX_LEADERS) revert TooManyLeaders(MAX_LEADERS);
        address[] memory next = new address[](_roster.length + 1);
        for (uint256 i = 0; i < _roster.length; i++) {
            if (_roster[i] == _leader) revert LeaderAlreadyPresent(_leader);
            next[i] = _roster[i];
        }
        next[_roster.length] = _leader;
        return next;
    }

    /// @notice `_roster` without `_leader`, order otherwise kept.
    /// @param _roster The current members.
    /// @param _leader The address to remove.
    /// @return A new array.
    function _withRemoved(address[] memory _roster, address _leader) private pure returns (address[] memory) {
        uint256 n = _roster.length;
        uint256 index = n;
        for (uint256 i = 0; i < n; i++) {
            if (_roster[i] == _leader) {
                index = i;
                break;
            }
        }
        if (index == n) revert LeaderNotPresent(_leader);
        address[] memory next = new address[](n - 1);
        for (uint256 i = 0; i < n - 1; i++) {
            next[i] = _roster[i < index ? i : i + 1];
        }
        return next;
    }

    /// @notice The members stored in `_bank`.
    /// @param _banksValue Current `_banks`.
    /// @param _bank       0 or 1.
    /// @return roster_ The members in turn order.
    function _rosterOf(uint256 _banksValue, uint256 _bank) private view returns (address[] memory roster_) {
        roster_ = new address[](_field(_banksValue, _bank, SIZE_SHIFT, MASK16));
        for (uint256 i = 0; i < roster_.length; i++) {
            roster_[i] = _members[_bank][i];
        }
    }

    /// @notice The first window of the member described by `_record` in `_bank`'s roster within
    ///         `[_lo, _hi)`, where `_hi` is a turn boundary.
    /// @param _record The member's record.
    /// @param _bank   Bank whose roster applies to `[_lo, _hi)`.
    /// @param _lo     First block to consider (>= START_BLOCK).
    /// @param _hi     End of the range (turn boundary).
    /// @return start_ Window start (`_lo` if the member leads `_lo`).
    /// @return end_   Window end, capped at `_hi`; 0 when there is no window in range.
    function _windowIn(
        uint256 _record,
        uint256 _bank,
        uint256 _lo,
        uint256 _hi
    )
        private
        view
        returns (uint256 start_, uint256 end_)
    {
        uint256 pos = _field(_record, _bank, POS_SHIFT, MASK16);
        if (pos == 0 || _lo >= _hi) return (0, 0);
        uint256 size = _field(_record, _bank, SIZE_SHIFT, MASK16);
        uint256 turn = _turn(_lo);
        uint256 wait = (pos - 1 + size - (turn % size)) % size;
        turn += wait;
        start_ = wait == 0 ? _lo : START_BLOCK + turn * TURN_LENGTH;
        if (start_ >= _hi) return (0, 0);
        // With one member every turn is the same leader's: the window runs to the end of the range.
        end_ = size == 1 ? _hi : START_BLOCK + (turn + 1) * TURN_LENGTH;
        if (end_ > _hi) end_ = _hi;
    }

    /// @notice Whether the member described by `_record` leads `_l1Block` under `_bank`'s roster.
    /// @param _record  The member's record.
    /// @param _bank    0 or 1.
    /// @param _l1Block A block at or after START_BLOCK.
    /// @return True iff it leads.
    function _leads(uint256 _record, uint256 _bank, uint256 _l1Block) private view returns (bool) {
        uint256 pos = _field(_record, _bank, POS_SHIFT, MASK16);
        return pos != 0 && _turn(_l1Block) % _field(_record, _bank, SIZE_SHIFT, MASK16) == pos - 1;
    }

    /// @notice The bank in effect at `_l1Block`: the one with the latest activation at or before it.
    /// @param _packed  `_banks` or a record.
    /// @param _l1Block An L1 block number.
    /// @return found_ False when both banks activate after `_l1Block`.
    /// @return bank_  The bank (valid when `found_`).
    function _bankAt(uint256 _packed, uint256 _l1Block) private pure returns (bool found_, uint256 bank_) {
        (uint256 older, uint256 newer) = _order(_packed);
        if (_l1Block >= _field(_packed, newer, 0, MASK64)) return (true, newer);
        if (_l1Block >= _field(_packed, older, 0, MASK64)) return (true, older);
        return (false, 0);
    }

    /// @notice Like `_bankAt`, but reverts with `ScheduleForgotten` when no bank covers the block.
    /// @param _banksValue Current `_banks`.
    /// @param _l1Block    A block at or after START_BLOCK.
    /// @return The bank in effect.
    function _requireKnown(uint256 _banksValue, uint256 _l1Block) private pure returns (uint256) {
        (bool found, uint256 bank) = _bankAt(_banksValue, _l1Block);
        if (!found) {
            (uint256 older,) = _order(_banksValue);
            revert ScheduleForgotten(_l1Block, _field(_banksValue, older, 0, MASK64));
        }
        return bank;
    }

    /// @notice Banks ordered by activation block; on a tie (only the initial state with
    ///         `startBlock == 0`, or an all-zero record) bank 0 counts as the newer.
    /// @param _packed `_banks` or a record.
    /// @return older_ The bank with the earlier activation.
    /// @return newer_ The bank with the later activation.
    function _order(uint256 _packed) private pure returns (uint256 older_, uint256 newer_) {
        return _field(_packed, 1, 0, MASK64) > _field(_packed, 0, 0, MASK64) ? (0, 1) : (1, 0);
    }

    /// @notice Extracts one field of one bank from a packed word.
    /// @param _packed The word.
    /// @param _bank   0 or 1.
    /// @param _shift  Field offset within the bank (0, SIZE_SHIFT or POS_SHIFT).
    /// @param _mask   Field mask.
    /// @return The field.
    function _field(uint256 _packed, uint256 _bank, uint256 _shift, uint256 _mask) private pure returns (uint256) {
        return (_packed >> (_bank * BANK_BITS + _shift)) & _mask;
    }

    /// @notice Global turn number of `_l1Block` (>= START_BLOCK).
    /// @param _l1Block An L1 block number.
    /// @return `(_l1Block - START_BLOCK) / TURN_LENGTH`.
    function _turn(uint256 _l1Block) private view returns (uint256) {
        return (_l1Block - START_BLOCK) / TURN_LENGTH;
    }
}
