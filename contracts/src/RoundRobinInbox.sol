// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import { BatchInbox } from "./BatchInbox.sol";
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
///         Gas: the fallback reads a single storage slot. Each member's record packs both banks'
///         activation block and size with the member's own position in each, so `isLeader` for the
///         sender and `nextWindow` cost one SLOAD each; `leaderAt` costs two. Owner changes rewrite
///         the records of every member of both rosters (bounded by `MAX_LEADERS`).
contract RoundRobinInbox is BatchInbox {
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

    /// @notice Largest roster size. Bounds the gas of owner changes.
    uint256 internal constant MAX_LEADERS = 64;

    /// @notice Record layout: bank `i` occupies bits `[96*i, 96*i + 96)` of a packed word:
    ///         activation block (64 bits), roster size (16 bits), 1-based position (16 bits,
    ///         0 = not a member). `_banks` uses the same layout with both positions zero.
    uint256 private constant BANK_BITS = 96;
    uint256 private constant SIZE_SHIFT = 64;
    uint256 private constant POS_SHIFT = 80;
    uint256 private constant MASK64 = 0xffffffffffffffff;
    uint256 private constant MASK16 = 0xffff;
    uint256 private constant POSITIONS_MASK = (MASK16 << POS_SHIFT) | (MASK16 << (BANK_BITS + POS_SHIFT));

    /// @notice First block of the schedule; turn boundaries are `START_BLOCK + j * TURN_LENGTH`.
    uint256 private immutable START_BLOCK;

    /// @notice `k`: L1 blocks per turn.
    uint256 private immutable TURN_LENGTH;

    /// @notice Minimum distance, in L1 blocks, between a change and its activation.
    uint256 private immutable LOOKAHEAD;

    /// @notice Both banks' activation block and size (positions zero).
    uint256 private _banks;

    /// @notice Per member: `_banks` plus the member's positions. Zero for non-members.
    mapping(address => uint256) private _records;

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
    constructor(
        address _owner_,
        uint256 _turnLength,
        uint256 _lookahead,
        uint256 _startBlock,
        address[] memory _leaders
    ) {
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

    /// @inheritdoc BatchInbox
    /// @dev The fallback's hot path: one SLOAD (the sender's record carries both banks' activation
    ///      and size and the sender's positions), then a few dozen opcodes in assembly (the same
    ///      steps as `_bankAt`, `_field` and `_turn`, inlined). A record with a nonzero position
    ///      has activations >= START_BLOCK, so `_l1Block - start` cannot underflow there; the
    ///      explicit check keeps that true for any record.
    function _isLeader(address _who, uint256 _l1Block) internal view override returns (bool isLeader_) {
        uint256 record = _records[_who];
        uint256 start = START_BLOCK;
        uint256 turnLength_ = TURN_LENGTH;
        assembly {
            // Bit offset of the newer bank (larger activation; bank 0 on a tie), then the older.
            let newer := mul(gt(and(shr(96, record), MASK64), and(record, MASK64)), 96)
            let shift := newer
            if lt(_l1Block, and(shr(newer, record), MASK64)) {
                shift := sub(96, newer)
                if lt(_l1Block, and(shr(shift, record), MASK64)) { shift := 256 } // neither: no bank
            }
            let pos := and(shr(add(shift, POS_SHIFT), record), MASK16)
            if and(iszero(iszero(pos)), iszero(lt(_l1Block, start))) {
                let size := and(shr(add(shift, SIZE_SHIFT), record), MASK16)
                isLeader_ := eq(mod(div(sub(_l1Block, start), turnLength_), size), sub(pos, 1))
            }
        }
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
        uint256 record = _records[_who];
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
    // Internals
    // ---------------------------------------------------------------------------------------

    /// @notice Applies one add or remove per the lookahead rule.
    /// @param _leader The address to add or remove.
    /// @param _add    True to add, false to remove.
    /// @return activation_ The block at which the edited roster takes effect.
    function _change(address _leader, bool _add) private returns (uint256 activation_) {
        activation_ = activationFor(block.number);
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

    /// @notice Stores `_roster` in `_bank` with activation `_activation` and refreshes the records
    ///         of everyone in either bank and of everyone `_roster` replaces.
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
        uint256 posShift = _bank * BANK_BITS + POS_SHIFT;
        for (uint256 i = 0; i < _replaced.length; i++) {
            _records[_replaced[i]] &= ~(MASK16 << posShift);
        }
        for (uint256 i = 0; i < _roster.length; i++) {
            _members[_bank][i] = _roster[i];
            _records[_roster[i]] = (_records[_roster[i]] & ~(MASK16 << posShift)) | ((i + 1) << posShift);
        }
        for (uint256 i = _roster.length; i < _replaced.length; i++) {
            delete _members[_bank][i];
        }

        uint256 shift = _bank * BANK_BITS;
        uint256 banks = _banks & ~(((MASK16 << SIZE_SHIFT) | MASK64) << shift);
        banks |= (_activation | (_roster.length << SIZE_SHIFT)) << shift;
        _banks = banks;

        _refresh(_replaced, banks);
        _refresh(_roster, banks);
        _refresh(_rosterOf(banks, 1 - _bank), banks);
    }

    /// @notice Rewrites the bank fields of each address's record; clears records with no position.
    /// @param _addrs Addresses to refresh.
    /// @param _banksValue Current `_banks`.
    function _refresh(address[] memory _addrs, uint256 _banksValue) private {
        for (uint256 i = 0; i < _addrs.length; i++) {
            uint256 positions = _records[_addrs[i]] & POSITIONS_MASK;
            _records[_addrs[i]] = positions == 0 ? 0 : (_banksValue | positions);
        }
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
