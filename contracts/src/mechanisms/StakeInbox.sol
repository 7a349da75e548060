// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import { BatchInbox } from "../BatchInbox.sol";
import { FallbackLadder } from "../ladder/FallbackLadder.sol";
import { ILeaderElection } from "../interfaces/ILeaderElection.sol";
import { ILeaderWeights } from "../interfaces/ILeaderWeights.sol";
import { IMissReporting } from "../interfaces/IMissReporting.sol";

/// @title StakeInbox
/// @notice Permissionless bonded-stake leader election (docs/mechanisms.md § The stake mechanism).
///         Anyone bonds ETH in equal seats of `seatPrice`; an address's weight is its seat count.
///         L1 time is cut into *windows* of `turnLength` blocks and *epochs* of `epochWindows`
///         windows, counted from the deployment block. The leader of window `w` of epoch `e` is the
///         owner of seat `keccak256(seed_e, w) mod seats_e`, over a seat set frozen before `seed_e`
///         can be known. A leader whose window passes without a batch from it can be reported by
///         anyone; it pays a small escrowed penalty, and after `maxMisses` misses in a row its seats
///         leave.
/// @dev    Decisions (the numbers are per epoch `c`, the epoch of the current block):
///         - *Set changes.* A join or exit made in epoch `c` edits the *nominal* seat set of epoch
///           `c + 2` (a swap-and-pop array of seats). Epochs `c` and `c + 1` never change.
///         - *Seeds.* The seed of epoch `c + 1` is `keccak256(prevrandao, c + 1, this)` of the block
///           of the first state-changing call (the fallback included, or `poke()`) made in the
///           first `epochLength - lookahead` blocks of epoch `c` (its *recording phase*). The
///           nominal set of `c + 1` was frozen when epoch `c` began, before that prevrandao existed.
///         - *Fallback rule.* An epoch `e` whose seed nobody recorded uses the seed
///           `keccak256(FALLBACK_DOMAIN, raw_{e-1}, e)`, where `raw_{e-1}` is the *recorded* seed of
///           epoch `e - 1` (0 if that one was not recorded either), and the nominal set of `e - 1`
///           (frozen before `raw_{e-1}` existed), or the set of `e` if `e - 1`'s is empty (genesis).
///         - *Lookahead.* The seed of `c + 1` is final `lookahead` blocks before `c + 1` starts, so
///           at every block `h` the schedule is fixed up to at least `h + lookahead + 1`; answers
///           for later blocks are provisional. `horizon()` gives the exact bound.
///         - *Storage for O(1) views.* One word holds the entries (seed, seat count, whether the
///           seed was recorded, which set applies) of three consecutive epochs; the first call of an
///           epoch writes the missing ones. Each seat keeps its last four owners with the epoch
///           each took effect; each member keeps its newest seat list in the ladder's word
///           (`_mechanismBits`) and the previous one in `_prevLists`, so the fallback, `isLeader`
///           and `nextWindow` test membership without reading the seat array. Views answer for
///           blocks from epoch `c - 1` on; earlier blocks revert with `ScheduleForgotten`.
///         - *Fallback ladder.* This is a `FallbackLadder`: its windows are the election's, the
///           primary is the drawn leader, the first backup the next window's leader when it is
///           another member (else none), every other member of the window's set holds rung 4.
///           Ladder misses (a backup posted at `G1` or later while the leader had not) demote a
///           leader for free until it posts; reports slash and eject. Both read one record.
///         - *Liveness evidence.* The ladder writes the window of each post into the poster's
///           word (the same word the leader's seat list is in, so the first post of a window costs
///           one SSTORE on a warm slot). A report is accepted only if the leader's word shows no
///           post in the window or later (a backup's post is not the leader's), so the evidence
///           is exact L1 state: there is nothing for the accused to refute. The
///           penalty still sits in escrow for `escrowBlocks` before it is paid out (half to the
///           reporter, so self-reporting through a second address never pays; half burned, kept
///           in the contract forever).
///         - *Exits.* Seats leaving in epoch `c + 2` can still lead there (fallback rule), and that
///           epoch's windows can be reported during `c + 3`, so the bond unlocks at `c + 4`.
///         - *Limits.* At most `MAX_MEMBER_SEATS` seats per address (stake more from more
///           addresses), `MAX_SEATS` seats in total, `epochWindows <= MAX_EPOCH_WINDOWS`, so every
///           view scans a bounded number of windows.
///         - *Optional interfaces.* `ILeaderWeights` (a member's weight is its seats in the set that
///           elects a block's leader) and `IMissReporting` (`reportMissed`), so generic tools read
///           weights and report misses without knowing this contract.
contract StakeInbox is FallbackLadder, ILeaderWeights, IMissReporting {
    // ---------------------------------------------------------------------------------------
    // Types, events, errors
    // ---------------------------------------------------------------------------------------

    /// @notice Deployment parameters.
    /// @param seatPrice    Wei per seat (> 0, < 2^80).
    /// @param turnLength   L1 blocks per window (1 .. 2^16).
    /// @param epochWindows Windows per epoch (1 .. MAX_EPOCH_WINDOWS): one seed per epoch.
    /// @param lookahead    Promised lookahead in L1 blocks (1 .. epochWindows * turnLength - 1).
    /// @param penaltyBps   Penalty per reported miss, in basis points of `seatPrice` (1 .. 10,000).
    /// @param maxMisses    Reported misses in a row (no post in between) that eject a member (1 .. 255).
    /// @param escrowBlocks L1 blocks a penalty stays in escrow before it can be settled.
    struct Config {
        uint256 seatPrice;
        uint256 turnLength;
        uint256 epochWindows;
        uint256 lookahead;
        uint256 penaltyBps;
        uint256 maxMisses;
        uint256 escrowBlocks;
    }

    /// @notice The fallback ladder's parameters (`FallbackLadder`; docs/mechanisms.md § The
    ///         fallback ladder).
    /// @param g1        Blocks of a window only its leader may post in (1 .. 2^32 - 1).
    /// @param g2        Further blocks before the further backups' rung opens (stake has none).
    /// @param g3        Further blocks before any member's rung opens.
    /// @param maxMisses Ladder misses in a row that demote a leader until it posts (1 .. 255);
    ///                  independent of `Config.maxMisses` (reports, which slash and eject).
    struct LadderConfig {
        uint256 g1;
        uint256 g2;
        uint256 g3;
        uint256 maxMisses;
    }

    /// @notice An escrowed penalty.
    /// @param member       Who was penalized (zero once settled or never created).
    /// @param releaseBlock First block at which it can be settled.
    /// @param reporter     Who reported the miss (receives `REWARD_BPS` of it).
    /// @param amount       Wei moved from the member's bond to escrow.
    struct Penalty {
        address member;
        uint64 releaseBlock;
        address reporter;
        uint96 amount;
    }

    /// @notice The entry of `epoch` was written: its seed, its seat count and the epoch whose
    ///         nominal seat set it uses (`epoch`, or `epoch - 1` under the fallback rule).
    /// @param epoch    The epoch.
    /// @param seed     Its seed (38 bits).
    /// @param seats    Seats in the set it uses.
    /// @param setEpoch The epoch whose nominal seat set applies.
    /// @param recorded True if the seed came from prevrandao, false if from the fallback rule.
    event EpochSeed(uint256 indexed epoch, uint256 seed, uint256 seats, uint256 setEpoch, bool recorded);

    /// @notice From nominal set `epoch` on, seat `seat` belongs to `member` (a join appends seats; an
    ///         exit moves the last seat into the freed one).
    /// @param seat   Seat index.
    /// @param member New owner.
    /// @param epoch  First epoch of the nominal set this applies to.
    event SeatAssigned(uint256 indexed seat, address indexed member, uint256 indexed epoch);

    /// @notice From nominal set `epoch` on, there are `seats` seats (indices `0 .. seats - 1`).
    /// @param seats The seat count.
    /// @param epoch First epoch of the nominal set this applies to.
    event SeatCount(uint256 seats, uint256 indexed epoch);

    /// @notice `member` bonded `bond` wei for `seats` more seats, in the nominal sets from `epoch` on.
    /// @param member The member.
    /// @param seats  Seats added.
    /// @param bond   Wei bonded.
    /// @param epoch  First epoch of the nominal set that holds them.
    event Joined(address indexed member, uint256 seats, uint256 bond, uint256 epoch);

    /// @notice `member` leaves with `seats` seats from nominal set `epoch` on; their bond can be
    ///         withdrawn from epoch `unlockEpoch` on.
    /// @param member      The member.
    /// @param seats       Seats removed.
    /// @param epoch       First epoch of the nominal set without them.
    /// @param unlockEpoch First epoch in which `withdraw` pays them out.
    event ExitRequested(address indexed member, uint256 seats, uint256 epoch, uint256 unlockEpoch);

    /// @notice `to` withdrew `amount` wei (unlocked bonds and settled rewards).
    /// @param to     Receiver.
    /// @param amount Wei sent.
    event Withdrawn(address indexed to, uint256 amount);

    /// @notice `member` led `window` and posted nothing in it; `penalty` wei went to escrow.
    /// @param penaltyId Id of the escrowed penalty.
    /// @param member    The leader of the window.
    /// @param window    The missed window.
    /// @param reporter  Who reported it.
    /// @param penalty   Wei escrowed (0 once the member's bond is used up).
    /// @param streak    Reported misses in a row, this one included.
    event MissReported(
        uint256 indexed penaltyId,
        address indexed member,
        uint256 indexed window,
        address reporter,
        uint256 penalty,
        uint256 streak
    );

    /// @notice `member` missed `maxMisses` windows in a row: its `seats` seats leave from nominal
    ///         set `epoch` on (an `ExitRequested` with the same figures precedes this event).
    /// @param member The ejected member.
    /// @param seats  Seats removed.
    /// @param epoch  First epoch of the nominal set without them.
    event Ejected(address indexed member, uint256 seats, uint256 epoch);

    /// @notice Penalty `penaltyId` left escrow: `reward` to its reporter, `burned` locked forever.
    /// @param penaltyId The penalty.
    /// @param reporter  Who receives `reward` (through `withdraw`).
    /// @param reward    Wei credited to the reporter.
    /// @param burned    Wei kept by the contract forever.
    event PenaltySettled(uint256 indexed penaltyId, address indexed reporter, uint256 reward, uint256 burned);

    /// @notice A `Config` field is out of range.
    /// @param field 0 seatPrice, 1 turnLength, 2 epochWindows, 3 lookahead, 4 penaltyBps,
    ///              5 maxMisses, 6 escrowBlocks.
    error InvalidConfig(uint256 field);

    /// @notice `join` was sent the wrong amount.
    /// @param sent     msg.value.
    /// @param expected seats * seatPrice.
    error WrongBond(uint256 sent, uint256 expected);

    /// @notice A join would give the address more than `limit` seats, or asked for none (or its
    ///         bonded and not yet withdrawn seats would pass 65,535).
    /// @param held   Seats the address holds (newest nominal set).
    /// @param asked  Seats asked for.
    /// @param limit  MAX_MEMBER_SEATS.
    error SeatLimit(uint256 held, uint256 asked, uint256 limit);

    /// @notice The seat array is full.
    /// @param limit MAX_SEATS.
    error TooManySeats(uint256 limit);

    /// @notice Every member id is taken (ids are 24 bits and never reused).
    /// @param limit The largest id.
    error TooManyMembers(uint256 limit);

    /// @notice An exit asked for none, or for more seats than the address holds.
    /// @param held  Seats held (newest nominal set).
    /// @param asked Seats asked for.
    error NotEnoughSeats(uint256 held, uint256 asked);

    /// @notice Nothing is withdrawable yet.
    /// @param unlockEpoch Epoch from which the pending exit pays out (0: no exit pending).
    error NothingToWithdraw(uint256 unlockEpoch);

    /// @notice The ETH transfer of `withdraw` failed.
    error TransferFailed();

    /// @notice `withdraw` was re-entered.
    error Reentered();

    /// @notice `window` has not ended yet.
    /// @param window   The window reported.
    /// @param endBlock Its first block after it.
    error WindowNotOver(uint256 window, uint256 endBlock);

    /// @notice Nobody led `window` (no seats).
    /// @param window The window reported.
    error NoLeader(uint256 window);

    /// @notice `leader` posted in `window` or in a later window, so no miss can be shown.
    /// @param window The window reported.
    /// @param leader Its leader.
    error NotMissed(uint256 window, address leader);

    /// @notice A miss of `leader` in `window` or a later window was already reported.
    /// @param window The window reported.
    /// @param leader Its leader.
    error AlreadyReported(uint256 window, address leader);

    /// @notice `l1Block` comes before the deployment block, where window 0 starts.
    /// @param l1Block The block asked about.
    /// @param origin  The first block of window 0.
    error BeforeOrigin(uint256 l1Block, uint256 origin);

    /// @notice No unsettled penalty has this id.
    /// @param penaltyId The id.
    error UnknownPenalty(uint256 penaltyId);

    /// @notice The penalty is still in escrow.
    /// @param penaltyId    The id.
    /// @param releaseBlock First block it can be settled.
    error PenaltyInEscrow(uint256 penaltyId, uint256 releaseBlock);

    // ---------------------------------------------------------------------------------------
    // Constants and layout
    // ---------------------------------------------------------------------------------------

    /// @notice Most seats one address may hold (they fit in its record).
    uint256 internal constant MAX_MEMBER_SEATS = 6;
    /// @notice Most seats in total (seat indices are 14 bits, so six fit in the ladder's word).
    uint256 internal constant MAX_SEATS = (1 << 14) - 1;
    /// @notice Most windows per epoch (bounds the windows a view scans).
    uint256 internal constant MAX_EPOCH_WINDOWS = 8;
    /// @notice Share of a settled penalty paid to its reporter (the rest is burned).
    uint256 internal constant REWARD_BPS = 5_000;
    /// @notice Domain of the fallback seed.
    bytes32 internal constant FALLBACK_DOMAIN = keccak256("baton.stake.fallback-seed");

    uint256 private constant MASK14 = (1 << 14) - 1;
    uint256 private constant MASK20 = (1 << 20) - 1;
    uint256 private constant MASK24 = (1 << 24) - 1;
    uint256 private constant MASK32 = (1 << 32) - 1;
    uint256 private constant MASK38 = (1 << 38) - 1;
    uint256 private constant MASK40 = (1 << 40) - 1;
    uint256 private constant MASK64 = (1 << 64) - 1;
    uint256 private constant MASK96 = (1 << 96) - 1;

    /// @notice Epoch entry (85 bits; three per `_entryWord`, epoch `e` at offset 85 * (e % 3)):
    ///         present (1) | epoch mod 2^24 (24) | seats (20) | seed (38) | fallback (1) | shift (1).
    uint256 private constant ENTRY_BITS = 85;
    uint256 private constant ENTRY_MASK = (1 << 85) - 1;
    uint256 private constant E_TAG = 1;
    uint256 private constant E_SEATS = 25;
    uint256 private constant E_SEED = 45;
    uint256 private constant E_FALLBACK = 83;
    uint256 private constant E_SHIFT = 84;

    /// @notice Version (64 bits; four per word, newest in the low bits): epoch + 1 (32) | value (32).
    ///         Used for each seat (value: member id) and for the seat count (value: count).
    uint256 private constant V_BITS = 64;

    /// @notice Seat list, kept in the ladder's per-address word (`_mechanismBits`, 120 bits) so
    ///         the leader's post reads one word for both: list size (3) | 6 seat indices (14 each)
    ///         | epoch the list takes effect (32). `_prevLists` keeps the previous list shifted
    ///         left by one, with bit 0 set, and above them (from P_OLDER) the size and epoch of the
    ///         two lists before it, newest first, 35 bits each: epoch the list took effect + 1 (32)
    ///         | size (3); 0 if none; and from P_ID the member id (24), written by the first join
    ///         (the slot is written then anyway, so the id costs no slot of its own).
    uint256 private constant L_COUNT = 0;
    uint256 private constant L_LIST = 3;
    uint256 private constant L_SEAT_BITS = 14;
    uint256 private constant L_FROM = 87;
    uint256 private constant P_OLDER = 128;
    uint256 private constant P_OLDER_BITS = 35;
    uint256 private constant P_ID = 200;
    uint256 private constant MASK35 = (1 << 35) - 1;

    /// @notice Account: debt (96) | bonded seats (16) | exiting seats (16) | unlock epoch (32) |
    ///         last reported window + 1 (40) | reported misses in a row (8; counts only while the
    ///         member has posted nothing since the last reported window, see `_streakOf`).
    uint256 private constant A_BONDED = 96;
    uint256 private constant A_EXITING = 112;
    uint256 private constant A_UNLOCK = 128;
    uint256 private constant A_REPORTED = 160;
    uint256 private constant A_STREAK = 200;

    // ---------------------------------------------------------------------------------------
    // Storage
    // ---------------------------------------------------------------------------------------

    /// @notice Block of the deployment: window 0 and epoch 0 start here.
    uint256 private immutable ORIGIN;
    uint256 private immutable SEAT_PRICE;
    uint256 private immutable TURN_LENGTH;
    uint256 private immutable EPOCH_WINDOWS;
    /// @notice Blocks per epoch: TURN_LENGTH * EPOCH_WINDOWS.
    uint256 private immutable EPOCH_LENGTH;
    uint256 private immutable LOOKAHEAD;
    /// @notice Blocks at the start of an epoch in which the next epoch's seed can be recorded.
    uint256 private immutable RECORD_BLOCKS;
    uint256 private immutable PENALTY;
    uint256 private immutable MAX_MISSES;
    uint256 private immutable ESCROW_BLOCKS;

    /// @notice Entries of three consecutive epochs (see E_*).
    uint256 private _entryWord;
    /// @notice Seat count versions (see V_BITS).
    uint256 private _counts;
    /// @notice Per seat index: owner versions (see V_BITS).
    mapping(uint256 => uint256) private _seatVersions;
    /// @notice Per address: the seat list before the newest one (see L_*), shifted, bit 0 set,
    ///         and the member id (P_ID; 0: never joined). The newest list is in the ladder's word.
    mapping(address => uint256) private _prevLists;
    /// @notice Per address: bond accounting (see A_*).
    mapping(address => uint256) private _accounts;
    /// @notice Per address: settled rewards not yet withdrawn.
    mapping(address => uint256) private _claimable;
    /// @notice Member id -> address (ids start at 1).
    mapping(uint256 => address) private _memberOf;
    /// @notice Escrowed penalties by id (ids start at 1).
    mapping(uint256 => Penalty) private _penalties;

    uint256 private _nextMemberId = 1;
    uint256 private _nextPenaltyId = 1;
    /// @notice Seats whose bond is held (joined and not yet withdrawn).
    uint256 private _bondedSeats;
    /// @notice Sum of the members' debts (penalties charged to bonds not yet withdrawn).
    uint256 private _totalDebt;
    /// @notice Wei of unsettled penalties.
    uint256 private _escrow;
    /// @notice Wei of settled rewards not yet withdrawn.
    uint256 private _claimableTotal;
    /// @notice Wei burned by settled penalties (locked forever).
    uint256 private _burned;
    /// @notice Reentrancy lock of `withdraw`.
    bool private transient _locked;

    /// @param _config See `Config`.
    /// @param _ladder See `LadderConfig`.
    constructor(
        Config memory _config,
        LadderConfig memory _ladder
    )
        FallbackLadder(_ladder.g1, _ladder.g2, _ladder.g3, _ladder.maxMisses)
    {
        if (_config.seatPrice == 0 || _config.seatPrice >= 1 << 80) revert InvalidConfig(0);
        if (_config.turnLength == 0 || _config.turnLength > 1 << 16) revert InvalidConfig(1);
        if (_config.epochWindows == 0 || _config.epochWindows > MAX_EPOCH_WINDOWS) revert InvalidConfig(2);
        uint256 epochLength = _config.turnLength * _config.epochWindows;
        if (_config.lookahead == 0 || _config.lookahead >= epochLength) revert InvalidConfig(3);
        if (_config.penaltyBps == 0 || _config.penaltyBps > 10_000) revert InvalidConfig(4);
        if (_config.maxMisses == 0 || _config.maxMisses > 255) revert InvalidConfig(5);
        if (_config.escrowBlocks > type(uint32).max) revert InvalidConfig(6);
        ORIGIN = block.number;
        SEAT_PRICE = _config.seatPrice;
        TURN_LENGTH = _config.turnLength;
        EPOCH_WINDOWS = _config.epochWindows;
        EPOCH_LENGTH = epochLength;
        LOOKAHEAD = _config.lookahead;
        RECORD_BLOCKS = epochLength - _config.lookahead;
        PENALTY = _config.seatPrice * _config.penaltyBps / 10_000;
        MAX_MISSES = _config.maxMisses;
        ESCROW_BLOCKS = _config.escrowBlocks;
        _counts = 1; // count 0 from epoch 0
        emit SeatCount(0, 0);
    }

    // ---------------------------------------------------------------------------------------
    // ILeaderElection
    // ---------------------------------------------------------------------------------------

    /// @inheritdoc ILeaderElection
    /// @dev Reverts with `ScheduleForgotten` for blocks before the previous epoch.
    function leaderAt(uint256 _l1Block) external view noBlobs returns (address leader_) {
        if (_l1Block < ORIGIN) return address(0);
        uint256 w = (_l1Block - ORIGIN) / TURN_LENGTH;
        uint256 e = w / EPOCH_WINDOWS;
        uint256 entry = _entryFor(e, _currentEpoch(), _l1Block);
        uint256 seats = (entry >> E_SEATS) & MASK20;
        if (seats == 0) return address(0);
        uint256 seat = _seatOf((entry >> E_SEED) & MASK38, w, seats);
        leader_ = _memberOf[_seatOwnerAt(seat, e - ((entry >> E_SHIFT) & 1))];
    }

    /// @inheritdoc ILeaderElection
    function isLeader(address _who, uint256 _l1Block) external view noBlobs returns (bool) {
        return _isLeader(_who, _l1Block);
    }

    /// @inheritdoc ILeaderElection
    /// @dev Reports windows up to `block.number + lookahead` (exclusive), inside the fixed part. It
    ///      scans the windows from `_fromBlock` to that bound: at most `lookahead / turnLength + 2`
    ///      for a `_fromBlock` at or after the current block, `3 * epochWindows + 2` at most for
    ///      one in the previous epoch; earlier ones revert with `ScheduleForgotten`.
    function nextWindow(address _who, uint256 _fromBlock) external view noBlobs returns (uint256 start_, uint256 end_) {
        uint256 record = _mechanismBits(_who);
        if (record == 0) return (0, 0); // never joined (address(0) included)
        uint256 bound = block.number + LOOKAHEAD;
        uint256 from = _fromBlock < ORIGIN ? ORIGIN : _fromBlock;
        if (from >= bound) return (0, 0);
        uint256 c = _currentEpoch();
        uint256 last = (bound - 1 - ORIGIN) / TURN_LENGTH;
        uint256 w = (from - ORIGIN) / TURN_LENGTH;
        uint256 e = type(uint256).max;
        uint256 entry;
        for (;; ++w) {
            if (w > last) return (0, 0);
            if (w / EPOCH_WINDOWS != e) {
                e = w / EPOCH_WINDOWS;
                entry = _entryFor(e, c, from);
            }
            if (_leads(_who, record, entry, e, w)) break;
        }
        start_ = ORIGIN + w * TURN_LENGTH;
        if (start_ < from) start_ = from;
        for (++w; w <= last; ++w) {
            if (w / EPOCH_WINDOWS != e) {
                e = w / EPOCH_WINDOWS;
                entry = _entryFor(e, c, from);
            }
            if (!_leads(_who, record, entry, e, w)) break;
        }
        end_ = ORIGIN + w * TURN_LENGTH;
        if (end_ > bound) end_ = bound;
    }

    /// @inheritdoc ILeaderElection
    function lookahead() external view noBlobs returns (uint256) {
        return LOOKAHEAD;
    }

    // ---------------------------------------------------------------------------------------
    // Members: join, exit, withdraw
    // ---------------------------------------------------------------------------------------

    /// @notice Bonds `_seats * seatPrice` wei for `_seats` more seats, in the nominal seat sets from
    ///         epoch `currentEpoch() + 2` on.
    /// @param _seats Seats to add (the address may hold MAX_MEMBER_SEATS in all).
    function join(uint256 _seats) external payable noBlobs {
        uint256 c = _sync();
        uint256 record = _mechanismBits(msg.sender);
        uint256 held = (record >> L_COUNT) & 7;
        if (_seats == 0 || held + _seats > MAX_MEMBER_SEATS) revert SeatLimit(held, _seats, MAX_MEMBER_SEATS);
        uint256 bond = _seats * SEAT_PRICE;
        if (msg.value != bond) revert WrongBond(msg.value, bond);
        uint256 id = _idOf(msg.sender);
        if (id == 0) {
            id = _nextMemberId++;
            if (id > MASK24) revert TooManyMembers(MASK24);
            _memberOf[id] = msg.sender;
            _prevLists[msg.sender] = id << P_ID; // `_writeList` below adds the (empty) previous list
        }
        // Seats bonded and not withdrawn (the account's 16-bit field), exits included.
        if (((_accounts[msg.sender] >> A_BONDED) & 0xffff) + _seats > 0xffff) {
            revert SeatLimit(held, _seats, MAX_MEMBER_SEATS);
        }
        uint256 target = c + 2;
        uint256 count = _counts >> 32 & MASK32;
        if (count + _seats > MAX_SEATS) revert TooManySeats(MAX_SEATS);
        for (uint256 i = 0; i < _seats; i++) {
            _assignSeat(count + i, id, msg.sender, target);
            record = _listPush(record, count + i);
        }
        _setCount(count + _seats, target);
        _writeList(msg.sender, record, target);
        _accounts[msg.sender] += _seats << A_BONDED;
        _bondedSeats += _seats;
        emit Joined(msg.sender, _seats, bond, target);
        if (held == 0) emit LeaderAdded(msg.sender, _epochStart(target));
    }

    /// @notice Removes `_seats` of the caller's seats from the nominal seat sets from epoch
    ///         `currentEpoch() + 2` on; their bond is withdrawable from epoch `currentEpoch() + 4`.
    ///         A later exit request moves the unlock of all pending seats to its own.
    /// @param _seats Seats to remove (at most those held).
    function requestExit(uint256 _seats) external noBlobs {
        uint256 c = _sync();
        uint256 held = (_mechanismBits(msg.sender) >> L_COUNT) & 7;
        if (_seats == 0 || _seats > held) revert NotEnoughSeats(held, _seats);
        _exit(msg.sender, _seats, c);
    }

    /// @notice Sends the caller its unlocked exit bonds (minus its debt) and its settled rewards.
    function withdraw() external noBlobs {
        if (_locked) revert Reentered();
        _locked = true;
        uint256 c = _sync();
        uint256 account = _accounts[msg.sender];
        uint256 amount = _claimable[msg.sender];
        uint256 exiting = (account >> A_EXITING) & 0xffff;
        uint256 unlock = (account >> A_UNLOCK) & MASK32;
        bool matured = exiting != 0 && c >= unlock;
        if (amount == 0 && !matured) revert NothingToWithdraw(exiting == 0 ? 0 : unlock);
        if (matured) {
            uint256 gross = exiting * SEAT_PRICE;
            uint256 debt = account & MASK96;
            uint256 paid = debt < gross ? debt : gross;
            amount += gross - paid;
            uint256 bonded = ((account >> A_BONDED) & 0xffff) - exiting;
            // Exiting seats and unlock epoch go to zero; the reported window stays.
            account = (account & ~(MASK96 | (MASK64 << A_BONDED))) | (debt - paid) | (bonded << A_BONDED);
            _accounts[msg.sender] = account;
            _bondedSeats -= exiting;
            _totalDebt -= paid;
        }
        if (_claimable[msg.sender] != 0) {
            _claimableTotal -= _claimable[msg.sender];
            _claimable[msg.sender] = 0;
        }
        emit Withdrawn(msg.sender, amount);
        if (amount != 0) {
            (bool ok,) = msg.sender.call{ value: amount }("");
            if (!ok) revert TransferFailed();
        }
        _locked = false;
    }

    // ---------------------------------------------------------------------------------------
    // Liveness: reports, penalties, seeds
    // ---------------------------------------------------------------------------------------

    /// @notice Reports that the leader of `_window` posted nothing in it (IMissReporting). Accepted
    ///         only if the window has ended, lies in the previous or current epoch, and the ladder's
    ///         record of its leader's last post shows no post in it or later (a backup's post in
    ///         the window does not count: the leader still missed it), and no report of it or a
    ///         later window was accepted. The
    ///         leader's debt grows by the penalty, which goes to escrow; after `maxMisses` reports in
    ///         a row its seats leave (as `requestExit`).
    /// @dev    Reverts, in this order of checks:
    ///         - `BlobTxNotAllowed()` inside a tx that carries blobs;
    ///         - `WindowNotOver(window, endBlock)` while `block.number < endBlock`, the window's
    ///           first block after it;
    ///         - `ScheduleForgotten(windowStart, earliestKnown)` if its epoch is before the previous
    ///           one (or, rarely, its elected seat changed owner in four epochs since);
    ///         - `NoLeader(window)` if its set had no seats;
    ///         - `NotMissed(window, leader)` if the leader posted in it or in a later window;
    ///         - `AlreadyReported(window, leader)` if a miss of the leader in it or a later window
    ///           was reported.
    ///         So a report must come before the leader's next accepted post, and reports of one
    ///         leader must come oldest first.
    /// @param _window The window (`windowOf(block)`: `(block - origin) / turnLength`).
    /// @return penaltyId_ Id of the escrowed penalty (from 1, one per accepted report; see
    ///         `penaltyOf`).
    function reportMissed(uint256 _window) external noBlobs returns (uint256 penaltyId_) {
        uint256 c = _sync();
        address leader = _leaderOfEndedWindow(_window, c);
        // The ladder's record of the leader's last post is the one source of "posted in window w".
        uint256 posted = _ladderPostTag(leader);
        if (posted > _window) revert NotMissed(_window, leader);
        (uint256 penalty, uint256 streak) = _charge(leader, _window, posted);
        penaltyId_ = _nextPenaltyId++;
        _penalties[penaltyId_] = Penalty({
            member: leader,
            // forge-lint: disable-next-line(unsafe-typecast)
            releaseBlock: uint64(block.number + ESCROW_BLOCKS), // block numbers stay below 2^64
            reporter: msg.sender,
            // forge-lint: disable-next-line(unsafe-typecast)
            amount: uint96(penalty) // at most one seat's price, below 2^80
        });
        emit MissReported(penaltyId_, leader, _window, msg.sender, penalty, streak);

        uint256 held = (_mechanismBits(leader) >> L_COUNT) & 7;
        if (streak >= MAX_MISSES && held != 0) {
            _exit(leader, held, c);
            emit Ejected(leader, held, c + 2);
        }
    }

    /// @notice Releases an escrowed penalty once its escrow period is over: `REWARD_BPS` of it is
    ///         credited to its reporter (see `withdraw`), the rest is burned.
    /// @param _penaltyId The penalty.
    function settlePenalty(uint256 _penaltyId) external noBlobs {
        _sync();
        Penalty memory p = _penalties[_penaltyId];
        if (p.member == address(0)) revert UnknownPenalty(_penaltyId);
        if (block.number < p.releaseBlock) revert PenaltyInEscrow(_penaltyId, p.releaseBlock);
        delete _penalties[_penaltyId];
        uint256 reward = uint256(p.amount) * REWARD_BPS / 10_000;
        _escrow -= p.amount;
        _claimable[p.reporter] += reward;
        _claimableTotal += reward;
        _burned += p.amount - reward;
        emit PenaltySettled(_penaltyId, p.reporter, reward, p.amount - reward);
    }

    /// @notice Writes the missing epoch entries and, in the recording phase of the current epoch,
    ///         records the next epoch's seed from this block's prevrandao. Every state-changing
    ///         call does the same; `poke` is for when nobody else calls.
    /// @return recorded_ True if this call recorded the next epoch's seed.
    function poke() external noBlobs returns (bool recorded_) {
        uint256 c = _currentEpoch();
        uint256 before = _entryWord;
        uint256 entries = _synced(before, c);
        if (entries != before) _entryWord = entries;
        recorded_ = _has(entries, c + 1) && !_has(before, c + 1);
    }

    // ---------------------------------------------------------------------------------------
    // Views
    // ---------------------------------------------------------------------------------------

    /// @notice Every block before this one has a fixed leader (at least `block.number + lookahead
    ///         + 1`): the end of the next epoch once its seed is recorded or its recording phase
    ///         is over, else the end of the current epoch.
    /// @return The exclusive bound of the fixed schedule.
    function horizon() external view noBlobs returns (uint256) {
        uint256 c = _currentEpoch();
        if (_has(_entryWord, c + 1) || !_inRecordPhase(c)) return _epochStart(c + 2);
        return _epochStart(c + 1);
    }

    /// @notice The epoch of the current block.
    /// @return The epoch number.
    function currentEpoch() external view noBlobs returns (uint256) {
        return _currentEpoch();
    }

    /// @notice The window that contains `_l1Block` (IMissReporting): `(_l1Block - origin) /
    ///         turnLength`, the numbering of `reportMissed` and of the election.
    /// @dev    Reverts with `BeforeOrigin` for blocks before the deployment block; O(1), no storage.
    /// @param _l1Block An L1 block number.
    /// @return window_ The window index.
    function windowOf(uint256 _l1Block) external view noBlobs returns (uint256 window_) {
        if (_l1Block < ORIGIN) revert BeforeOrigin(_l1Block, ORIGIN);
        window_ = (_l1Block - ORIGIN) / TURN_LENGTH;
    }

    /// @notice `_who`'s seats in the seat set that elects the leader of `_l1Block`, and that set's
    ///         seat count (ILeaderWeights). The set is the nominal set of the block's epoch, or of
    ///         the epoch before under the fallback rule (`epochInfo`'s `setEpoch`), so the leader of
    ///         each window of the epoch is one of its seats, drawn uniformly.
    /// @dev    Fixed wherever `leaderAt` is (a set changes only for epochs past the horizon).
    ///         `(0, 0)` before the origin and for an empty set. Reverts with `ScheduleForgotten`
    ///         for blocks before the previous epoch, and for one in the previous epoch when
    ///         `_who`'s seat list changed in each of the four epochs since its set; never for a
    ///         block of the current epoch or later. Reads the epoch entries and `_who`'s record
    ///         (and its previous lists if the newest is younger than the set); O(1).
    /// @param _who     The address.
    /// @param _l1Block An L1 block number.
    /// @return weight_ Seats of `_who` in that set.
    /// @return total_  Seats in that set.
    function weightAt(address _who, uint256 _l1Block) external view noBlobs returns (uint256 weight_, uint256 total_) {
        if (_l1Block < ORIGIN) return (0, 0);
        uint256 e = (_l1Block - ORIGIN) / EPOCH_LENGTH;
        uint256 entry = _entryFor(e, _currentEpoch(), _l1Block);
        total_ = (entry >> E_SEATS) & MASK20;
        if (total_ == 0) return (0, 0);
        weight_ = _seatsHeldAt(_who, e - ((entry >> E_SHIFT) & 1), _l1Block);
    }

    /// @notice What applies to epoch `_epoch` (from epoch `currentEpoch() - 1` on; provisional
    ///         past the horizon).
    /// @param _epoch The epoch.
    /// @return seed_     Its seed.
    /// @return seats_    Seats in the set it uses.
    /// @return setEpoch_ The epoch whose nominal seat set applies.
    /// @return recorded_ Whether the seed was recorded from prevrandao (else: fallback rule).
    function epochInfo(uint256 _epoch)
        external
        view
        noBlobs
        returns (uint256 seed_, uint256 seats_, uint256 setEpoch_, bool recorded_)
    {
        uint256 entry = _entryFor(_epoch, _currentEpoch(), _epochStart(_epoch));
        seed_ = (entry >> E_SEED) & MASK38;
        seats_ = (entry >> E_SEATS) & MASK20;
        setEpoch_ = _epoch - ((entry >> E_SHIFT) & 1);
        recorded_ = (entry >> E_FALLBACK) & 1 == 0;
    }

    /// @notice The owner of seat `_seat` in the nominal seat set of epoch `_epoch`.
    /// @param _seat  Seat index (below the set's count).
    /// @param _epoch Epoch of the nominal set.
    /// @return The owner.
    function seatOwner(uint256 _seat, uint256 _epoch) external view noBlobs returns (address) {
        return _memberOf[_seatOwnerAt(_seat, _epoch)];
    }

    /// @notice Seats in the nominal seat set of epoch `_epoch`.
    /// @param _epoch The epoch.
    /// @return The count.
    function seatCount(uint256 _epoch) external view noBlobs returns (uint256) {
        return _countAt(_epoch);
    }

    /// @notice The election function: the seat elected for `_window` with `_seed` over `_seats`
    ///         seats, `keccak256(abi.encode(_seed, _window)) % _seats`. The contract uses this same
    ///         code for every view and for the fallback.
    /// @param _seed   The epoch seed.
    /// @param _window The window.
    /// @param _seats  Seat count (> 0).
    /// @return The seat index.
    function electedSeat(uint256 _seed, uint256 _window, uint256 _seats) external view noBlobs returns (uint256) {
        return _seatOf(_seed, _window, _seats);
    }

    /// @notice A member's state.
    /// @param _member The address.
    /// @return seats_       Seats in the newest nominal set.
    /// @return seatsFrom_   Epoch from which `seats_` applies.
    /// @return bonded_      Seats whose bond is held (including exiting ones).
    /// @return exiting_     Seats waiting to be withdrawn.
    /// @return unlockEpoch_ Epoch from which they can be withdrawn.
    /// @return debt_        Penalties charged to the bond.
    /// @return lastPosted_  Last window it posted in, plus one (0: never): the ladder's record,
    ///                      whatever rung the post used.
    /// @return streak_      Reported misses in a row (0 once it posted after the last one).
    function memberInfo(address _member)
        external
        view
        noBlobs
        returns (
            uint256 seats_,
            uint256 seatsFrom_,
            uint256 bonded_,
            uint256 exiting_,
            uint256 unlockEpoch_,
            uint256 debt_,
            uint256 lastPosted_,
            uint256 streak_
        )
    {
        uint256 record = _mechanismBits(_member);
        uint256 account = _accounts[_member];
        seats_ = (record >> L_COUNT) & 7;
        seatsFrom_ = (record >> L_FROM) & MASK32;
        lastPosted_ = _ladderPostTag(_member);
        streak_ = _streakOf(account, lastPosted_);
        debt_ = account & MASK96;
        bonded_ = (account >> A_BONDED) & 0xffff;
        exiting_ = (account >> A_EXITING) & 0xffff;
        unlockEpoch_ = (account >> A_UNLOCK) & MASK32;
    }

    /// @notice Settled rewards of `_who` not yet withdrawn.
    /// @param _who The address.
    /// @return Wei.
    function claimable(address _who) external view noBlobs returns (uint256) {
        return _claimable[_who];
    }

    /// @notice An escrowed penalty (all zero once settled).
    /// @param _penaltyId The id.
    /// @return The penalty.
    function penaltyOf(uint256 _penaltyId) external view noBlobs returns (Penalty memory) {
        return _penalties[_penaltyId];
    }

    /// @notice Accounting totals. The contract's balance is always
    ///         `bondedSeats * seatPrice - debt + escrow + claimable + burned`.
    /// @return bondedSeats_ Seats whose bond is held.
    /// @return debt_        Penalties charged to those bonds.
    /// @return escrow_      Unsettled penalties.
    /// @return claimable_   Settled rewards not yet withdrawn.
    /// @return burned_      Burned penalties.
    function totals()
        external
        view
        noBlobs
        returns (uint256 bondedSeats_, uint256 debt_, uint256 escrow_, uint256 claimable_, uint256 burned_)
    {
        return (_bondedSeats, _totalDebt, _escrow, _claimableTotal, _burned);
    }

    /// @notice The parameters.
    /// @return config_ As deployed.
    /// @return origin_ First block of window 0 (the deployment block).
    function parameters() external view noBlobs returns (Config memory config_, uint256 origin_) {
        config_ = Config({
            seatPrice: SEAT_PRICE,
            turnLength: TURN_LENGTH,
            epochWindows: EPOCH_WINDOWS,
            lookahead: LOOKAHEAD,
            penaltyBps: PENALTY * 10_000 / SEAT_PRICE,
            maxMisses: MAX_MISSES,
            escrowBlocks: ESCROW_BLOCKS
        });
        origin_ = ORIGIN;
    }

    // ---------------------------------------------------------------------------------------
    // The fallback's decision
    // ---------------------------------------------------------------------------------------

    /// @inheritdoc BatchInbox
    /// @dev The ladder decides and records the post (`FallbackLadder._acceptBatch`: one SLOAD of
    ///      the sender's word, which holds its seat list and its last post, one of the epoch
    ///      entries in `_ladderRank`, one SSTORE of the word on the first post of a window). Then,
    ///      as every state-changing call does, the missing epoch entries are written and the next
    ///      seed recorded in its phase (a warm SLOAD; one SSTORE once per epoch).
    function _acceptBatch() internal override {
        super._acceptBatch();
        uint256 origin_ = ORIGIN;
        uint256 epochLength = EPOCH_LENGTH;
        uint256 recordBlocks = RECORD_BLOCKS;
        uint256 entries = _entryWord; // warm: `_ladderRank` read it
        uint256 c;
        bool due;
        assembly ("memory-safe") {
            let offset := sub(number(), origin_)
            c := div(offset, epochLength)
            let tagMask := or(shl(E_TAG, MASK24), 1)
            // Missing: the current epoch's entry, the previous one's, or the next seed in its phase.
            due := iszero(eq(and(shr(mul(mod(c, 3), ENTRY_BITS), entries), tagMask), or(shl(E_TAG, and(c, MASK24)), 1)))
            if c {
                let p := sub(c, 1)
                if iszero(
                    eq(and(shr(mul(mod(p, 3), ENTRY_BITS), entries), tagMask), or(shl(E_TAG, and(p, MASK24)), 1))
                ) {
                    due := 1
                }
            }
            if lt(sub(offset, mul(c, epochLength)), recordBlocks) {
                let n := add(c, 1)
                if iszero(
                    eq(and(shr(mul(mod(n, 3), ENTRY_BITS), entries), tagMask), or(shl(E_TAG, and(n, MASK24)), 1))
                ) {
                    due := 1
                }
            }
        }
        if (due) _entryWord = _synced(entries, c);
    }

    /// @inheritdoc BatchInbox
    function _isLeader(address _who, uint256 _l1Block) internal view override returns (bool) {
        if (_l1Block < ORIGIN) return false;
        uint256 record = _mechanismBits(_who); // 0 for an address that never joined
        uint256 w = (_l1Block - ORIGIN) / TURN_LENGTH;
        uint256 e = w / EPOCH_WINDOWS;
        return _leads(_who, record, _entryFor(e, _currentEpoch(), _l1Block), e, w);
    }

    // ---------------------------------------------------------------------------------------
    // The ladder's hooks (FallbackLadder)
    // ---------------------------------------------------------------------------------------

    /// @inheritdoc FallbackLadder
    /// @dev The ladder's windows are the election's: `turnLength` blocks from the origin.
    function _ladderWindowOf(uint256 _l1Block)
        internal
        view
        override
        returns (bool found_, uint256 window_, uint256 start_, uint256 end_)
    {
        uint256 origin_ = ORIGIN;
        uint256 k = TURN_LENGTH;
        assembly ("memory-safe") {
            // k >= 1 (constructor); before the origin the other values are meaningless, and the
            // ladder reads none of them when `found_` is false.
            found_ := iszero(lt(_l1Block, origin_))
            window_ := div(sub(_l1Block, origin_), k)
            start_ := add(origin_, mul(window_, k))
            end_ := add(start_, k)
        }
    }

    /// @inheritdoc FallbackLadder
    /// @dev 1: `_who` leads `_window`. 2: it leads `_window + 1` and not `_window` (the next
    ///      window's leader, when it differs; when the same member leads both, the window has no
    ///      first backup). `LADDER_MEMBER`: it holds seats in the set that elects `_window`'s
    ///      leader. 0: anyone else, and everyone in a window whose set is empty. No rank 3.
    ///      The leader's case reads only the epoch entries (and `_bits`); the others may read the
    ///      previous lists and the seat array (`_leads`, `_seatsHeldAt`). O(1).
    function _ladderRank(address _who, uint256 _bits, uint256 _window) internal view override returns (uint256) {
        // The common case, in assembly: the leader of a window of the current epoch, whose entry
        // is stored and whose newest seat list applies (the same steps as `_has`, `_leads`,
        // `_seatOf` and `_inList`). Anything else takes `_ladderRankSlow`.
        uint256 origin_ = ORIGIN;
        uint256 epochLength = EPOCH_LENGTH;
        uint256 epochWindows = EPOCH_WINDOWS;
        uint256 entries = _entryWord;
        bool leads;
        assembly ("memory-safe") {
            let c := div(sub(number(), origin_), epochLength)
            if eq(div(_window, epochWindows), c) {
                let entry := and(shr(mul(mod(c, 3), ENTRY_BITS), entries), ENTRY_MASK)
                let seats := and(shr(E_SEATS, entry), MASK20)
                if and(
                    eq(and(entry, or(shl(E_TAG, MASK24), 1)), or(shl(E_TAG, and(c, MASK24)), 1)),
                    and(
                        iszero(iszero(seats)),
                        iszero(gt(and(shr(L_FROM, _bits), MASK32), sub(c, and(shr(E_SHIFT, entry), 1))))
                    )
                ) {
                    mstore(0x00, and(shr(E_SEED, entry), MASK38))
                    mstore(0x20, _window)
                    let seat := mod(keccak256(0x00, 0x40), seats)
                    let size := and(shr(L_COUNT, _bits), 7)
                    let list := shr(L_LIST, _bits)
                    for { } size { size := sub(size, 1) } {
                        if eq(and(list, MASK14), seat) {
                            leads := 1
                            break
                        }
                        list := shr(L_SEAT_BITS, list)
                    }
                }
            }
        }
        if (leads) return 1;
        return _ladderRankSlow(_who, _bits, _window);
    }

    /// @notice `_ladderRank` in Solidity, for every case.
    function _ladderRankSlow(address _who, uint256 _bits, uint256 _window) private view returns (uint256) {
        uint256 c = _currentEpoch();
        uint256 e = _window / EPOCH_WINDOWS;
        uint256 start = ORIGIN + _window * TURN_LENGTH;
        uint256 entry = _entryFor(e, c, start);
        if ((entry >> E_SEATS) & MASK20 == 0) return 0;
        if (_leads(_who, _bits, entry, e, _window)) return 1;
        uint256 next = _window + 1;
        uint256 nextEpoch = next / EPOCH_WINDOWS;
        uint256 nextEntry = nextEpoch == e ? entry : _entryFor(nextEpoch, c, start + TURN_LENGTH);
        if (_leads(_who, _bits, nextEntry, nextEpoch, next)) return 2;
        if (_seatsHeldAt(_who, e - ((entry >> E_SHIFT) & 1), start) != 0) return LADDER_MEMBER;
        return 0;
    }

    /// @inheritdoc FallbackLadder
    /// @dev Rank 1: `leaderAt` of the window. Rank 2: the next window's leader if the window has a
    ///      leader and the next one's differs, else none.
    function _ladderCandidate(uint256 _window, uint256 _rank) internal view override returns (address) {
        if (_rank != 1 && _rank != 2) return address(0);
        uint256 c = _currentEpoch();
        address primary = _leaderOfWindow(_window, c);
        if (_rank == 1 || primary == address(0)) return _rank == 1 ? primary : address(0);
        address next = _leaderOfWindow(_window + 1, c);
        return next == primary ? address(0) : next;
    }

    // ---------------------------------------------------------------------------------------
    // Internals: schedule
    // ---------------------------------------------------------------------------------------

    /// @notice The leader of `_window` (`address(0)` if its set is empty), seen at epoch `_c`.
    function _leaderOfWindow(uint256 _window, uint256 _c) private view returns (address) {
        uint256 e = _window / EPOCH_WINDOWS;
        uint256 entry = _entryFor(e, _c, ORIGIN + _window * TURN_LENGTH);
        uint256 seats = (entry >> E_SEATS) & MASK20;
        if (seats == 0) return address(0);
        uint256 seat = _seatOf((entry >> E_SEED) & MASK38, _window, seats);
        return _memberOf[_seatOwnerAt(seat, e - ((entry >> E_SHIFT) & 1))];
    }

    /// @notice The leader of `_window`, which must have ended and lie in epoch `_c - 1` or later.
    function _leaderOfEndedWindow(uint256 _window, uint256 _c) private view returns (address) {
        uint256 endBlock = ORIGIN + (_window + 1) * TURN_LENGTH;
        if (block.number < endBlock) revert WindowNotOver(_window, endBlock);
        uint256 e = _window / EPOCH_WINDOWS;
        uint256 entry = _entryFor(e, _c, endBlock - TURN_LENGTH);
        uint256 seats = (entry >> E_SEATS) & MASK20;
        if (seats == 0) revert NoLeader(_window);
        uint256 seat = _seatOf((entry >> E_SEED) & MASK38, _window, seats);
        return _memberOf[_seatOwnerAt(seat, e - ((entry >> E_SHIFT) & 1))];
    }

    /// @notice Charges the penalty of a miss of `_leader` in `_window` to its bond (capped by what
    ///         is left of it) and moves it to escrow; rejects a window at or before the last one
    ///         reported for `_leader`; counts the miss into its streak.
    /// @param _posted The leader's last post, window + 1 (`_ladderPostTag`).
    /// @return penalty_ Wei escrowed.
    /// @return streak_  Reported misses in a row, this one included.
    function _charge(
        address _leader,
        uint256 _window,
        uint256 _posted
    )
        private
        returns (uint256 penalty_, uint256 streak_)
    {
        uint256 account = _accounts[_leader];
        if ((account >> A_REPORTED) & MASK40 > _window) revert AlreadyReported(_window, _leader);
        streak_ = _streakOf(account, _posted) + 1;
        if (streak_ > 255) streak_ = 255;
        uint256 debt = account & MASK96;
        uint256 bond = ((account >> A_BONDED) & 0xffff) * SEAT_PRICE;
        penalty_ = bond > debt ? bond - debt : 0;
        if (penalty_ > PENALTY) penalty_ = PENALTY;
        _accounts[_leader] = (account & ~(MASK96 | (MASK40 << A_REPORTED) | (uint256(0xff) << A_STREAK)))
            | (debt + penalty_) | ((_window + 1) << A_REPORTED) | (streak_ << A_STREAK);
        _totalDebt += penalty_;
        _escrow += penalty_;
    }

    /// @notice The reported misses in a row of a member with account `_account` whose last post is
    ///         `_posted` (window + 1): the stored streak, or 0 if it posted in a window after the
    ///         last reported one (a report needs no post in its window or later, and a later post
    ///         lands in a later window, so "posted since the last report" is `_posted > reported`).
    function _streakOf(uint256 _account, uint256 _posted) private pure returns (uint256) {
        uint256 reported = (_account >> A_REPORTED) & MASK40; // last reported window + 1
        if (reported == 0 || _posted > reported) return 0;
        return (_account >> A_STREAK) & 0xff;
    }

    /// @notice Whether `_who` (seat list `_record`, its `_mechanismBits`) leads window `_window`
    ///         of epoch `_epoch`, whose entry is `_entry`.
    function _leads(
        address _who,
        uint256 _record,
        uint256 _entry,
        uint256 _epoch,
        uint256 _window
    )
        private
        view
        returns (bool)
    {
        unchecked {
            uint256 seats = (_entry >> E_SEATS) & MASK20;
            if (seats == 0) return false;
            uint256 seat = _seatOf((_entry >> E_SEED) & MASK38, _window, seats);
            uint256 setEpoch = _epoch - ((_entry >> E_SHIFT) & 1);
            // The newest list applies from its epoch on, the previous one from its own epoch up to
            // that; older sets are read from the seat array.
            if ((_record >> L_FROM) & MASK32 <= setEpoch) return _inList(_record, seat);
            uint256 prev = _prevLists[_who];
            if (prev & 1 != 0 && (prev >> (1 + L_FROM)) & MASK32 <= setEpoch) return _inList(prev >> 1, seat);
            uint256 id = prev >> P_ID;
            return id != 0 && _seatOwnerAt(seat, setEpoch) == id;
        }
    }

    /// @notice The entry of epoch `_epoch` seen at current epoch `_c`: stored, or computed by the
    ///         fallback rule (final once the epoch's recording phase is over, provisional before).
    ///         Reverts with `ScheduleForgotten(_l1Block, ..)` for epochs before `_c - 1`.
    function _entryFor(uint256 _epoch, uint256 _c, uint256 _l1Block) private view returns (uint256) {
        if (_epoch + 1 < _c) revert ScheduleForgotten(_l1Block, _epochStart(_c - 1));
        uint256 entries = _entryWord;
        if (_has(entries, _epoch)) return (entries >> ((_epoch % 3) * ENTRY_BITS)) & ENTRY_MASK;
        return _fallbackEntry(entries, _epoch);
    }

    /// @notice The entry of an epoch whose seed was not recorded (see the fallback rule). Only
    ///         called for epochs from the current one minus one on, when the entries word still
    ///         holds epoch `_epoch - 1` if it was ever written.
    function _fallbackEntry(uint256 _entries, uint256 _epoch) private view returns (uint256) {
        uint256 raw;
        uint256 seats;
        uint256 shift;
        if (_epoch != 0) {
            if (_has(_entries, _epoch - 1)) {
                uint256 prev = (_entries >> (((_epoch - 1) % 3) * ENTRY_BITS)) & ENTRY_MASK;
                if ((prev >> E_FALLBACK) & 1 == 0) raw = (prev >> E_SEED) & MASK38;
            }
            seats = _countAt(_epoch - 1);
        }
        if (seats != 0) shift = 1;
        else seats = _countAt(_epoch);
        uint256 seed = uint256(keccak256(abi.encode(FALLBACK_DOMAIN, raw, _epoch))) & MASK38;
        return _packEntry(_epoch, seats, seed, true, shift);
    }

    /// @notice `_entries` with the entries of epochs `_c - 1` and `_c` written (if missing) and, in
    ///         `_c`'s recording phase, the next epoch's seed recorded (if missing). Emits EpochSeed
    ///         for each entry written.
    function _synced(uint256 _entries, uint256 _c) private returns (uint256) {
        if (_c != 0 && !_has(_entries, _c - 1)) {
            _entries = _store(_entries, _c - 1, _fallbackEntry(_entries, _c - 1));
        }
        if (!_has(_entries, _c)) _entries = _store(_entries, _c, _fallbackEntry(_entries, _c));
        if (_inRecordPhase(_c) && !_has(_entries, _c + 1)) {
            uint256 seed = uint256(keccak256(abi.encode(block.prevrandao, _c + 1, address(this)))) & MASK38;
            _entries = _store(_entries, _c + 1, _packEntry(_c + 1, _countAt(_c + 1), seed, false, 0));
        }
        return _entries;
    }

    /// @notice Writes the current epoch's missing entries and records the next seed if due.
    /// @return c_ The current epoch.
    function _sync() private returns (uint256 c_) {
        c_ = _currentEpoch();
        uint256 before = _entryWord;
        uint256 entries = _synced(before, c_);
        if (entries != before) _entryWord = entries;
    }

    /// @notice `_entries` with `_entry`, the entry of `_epoch`, in its slot; emits EpochSeed.
    function _store(uint256 _entries, uint256 _epoch, uint256 _entry) private returns (uint256) {
        uint256 shift = (_epoch % 3) * ENTRY_BITS;
        emit EpochSeed(
            _epoch,
            (_entry >> E_SEED) & MASK38,
            (_entry >> E_SEATS) & MASK20,
            _epoch - ((_entry >> E_SHIFT) & 1),
            (_entry >> E_FALLBACK) & 1 == 0
        );
        return (_entries & ~(ENTRY_MASK << shift)) | (_entry << shift);
    }

    /// @notice Whether `_entries` holds epoch `_epoch`'s entry.
    function _has(uint256 _entries, uint256 _epoch) private pure returns (bool) {
        uint256 entry = _entries >> ((_epoch % 3) * ENTRY_BITS);
        return entry & ((MASK24 << E_TAG) | 1) == (((_epoch & MASK24) << E_TAG) | 1);
    }

    /// @notice Packs an epoch entry.
    function _packEntry(
        uint256 _epoch,
        uint256 _seats,
        uint256 _seed,
        bool _fallback,
        uint256 _shift
    )
        private
        pure
        returns (uint256)
    {
        return 1 | ((_epoch & MASK24) << E_TAG) | (_seats << E_SEATS) | (_seed << E_SEED)
            | ((_fallback ? uint256(1) : 0) << E_FALLBACK) | (_shift << E_SHIFT);
    }

    /// @notice The election function (see `electedSeat`).
    function _seatOf(uint256 _seed, uint256 _window, uint256 _seats) private pure returns (uint256 seat_) {
        assembly ("memory-safe") {
            mstore(0x00, _seed)
            mstore(0x20, _window)
            seat_ := mod(keccak256(0x00, 0x40), _seats)
        }
    }

    /// @notice The member id owning seat `_seat` in the nominal set of `_epoch`; reverts with
    ///         `ScheduleForgotten` if the seat's last four owners all came later.
    function _seatOwnerAt(uint256 _seat, uint256 _epoch) private view returns (uint256) {
        return _versionAt(_seatVersions[_seat], _epoch);
    }

    /// @notice The seat count of the nominal set of `_epoch`.
    function _countAt(uint256 _epoch) private view returns (uint256) {
        return _versionAt(_counts, _epoch);
    }

    /// @notice The value of the newest version in `_versions` whose epoch is at most `_epoch`.
    function _versionAt(uint256 _versions, uint256 _epoch) private view returns (uint256) {
        uint256 oldest;
        for (uint256 i = 0; i < 4; i++) {
            uint256 v = (_versions >> (i * V_BITS)) & MASK64;
            if (v == 0) break;
            oldest = (v & MASK32) - 1;
            if (oldest <= _epoch) return v >> 32;
        }
        revert ScheduleForgotten(_epochStart(_epoch), _epochStart(oldest));
    }

    /// @notice `_versions` with `_value` from epoch `_epoch` on (replacing a version of the same
    ///         epoch, else pushing out the oldest).
    function _withVersion(uint256 _versions, uint256 _value, uint256 _epoch) private pure returns (uint256) {
        uint256 v = (_epoch + 1) | (_value << 32);
        if (_versions & MASK32 == _epoch + 1) return (_versions & ~MASK64) | v;
        return (_versions << V_BITS) | v;
    }

    /// @notice Seat `_seat` belongs to member `_id` (`_member`) from nominal set `_epoch` on.
    function _assignSeat(uint256 _seat, uint256 _id, address _member, uint256 _epoch) private {
        _seatVersions[_seat] = _withVersion(_seatVersions[_seat], _id, _epoch);
        emit SeatAssigned(_seat, _member, _epoch);
    }

    /// @notice The nominal seat count is `_count` from `_epoch` on.
    function _setCount(uint256 _count, uint256 _epoch) private {
        _counts = _withVersion(_counts, _count, _epoch);
        emit SeatCount(_count, _epoch);
    }

    /// @notice Removes `_n` of `_who`'s seats from the nominal sets from `_c + 2` on (highest
    ///         indices first; the array's last seat moves into each freed one) and queues their
    ///         bond for withdrawal at `_c + 4`.
    function _exit(address _who, uint256 _n, uint256 _c) private {
        uint256 target = _c + 2;
        uint256 record = _mechanismBits(_who);
        uint256 id = _idOf(_who);
        uint256 count = _counts >> 32 & MASK32;
        for (uint256 k = 0; k < _n; k++) {
            // The highest seat index of the member.
            uint256 size = (record >> L_COUNT) & 7;
            uint256 pos;
            uint256 seat;
            for (uint256 j = 0; j < size; j++) {
                uint256 s = (record >> (L_LIST + L_SEAT_BITS * j)) & MASK14;
                if (j == 0 || s > seat) (pos, seat) = (j, s);
            }
            record = _listRemoveAt(record, pos);
            uint256 last = count - 1;
            if (seat != last) {
                uint256 movedId = (_seatVersions[last] >> 32) & MASK32;
                address moved = _memberOf[movedId];
                _assignSeat(seat, movedId, moved, target);
                if (movedId == id) {
                    record = _listReplace(record, last, seat);
                } else {
                    _writeList(moved, _listReplace(_mechanismBits(moved), last, seat), target);
                }
            }
            count = last;
        }
        _setCount(count, target);
        _writeList(_who, record, target);

        uint256 account = _accounts[_who];
        uint256 exiting = ((account >> A_EXITING) & 0xffff) + _n;
        uint256 unlock = target + 2;
        account = (account & ~((uint256(0xffff) << A_EXITING) | (MASK32 << A_UNLOCK))) | (exiting << A_EXITING)
            | (unlock << A_UNLOCK);
        _accounts[_who] = account;
        emit ExitRequested(_who, _n, target, unlock);
        if ((record >> L_COUNT) & 7 == 0) emit LeaderRemoved(_who, _epochStart(target));
    }

    /// @notice Stores `_record` (a changed seat list) for `_who`, taking effect at `_epoch`; the
    ///         list it replaces becomes the previous list unless it had the same epoch, and the
    ///         size and epoch of the previous one go to the older history (`_seatsHeldAt`).
    /// @dev    Reading `_prevLists` before writing it adds a warm SLOAD (100 gas): the write pays
    ///         the slot's cold access either way.
    function _writeList(address _who, uint256 _record, uint256 _epoch) private {
        uint256 stored = _mechanismBits(_who);
        if ((stored >> L_FROM) & MASK32 != _epoch) {
            uint256 prev = _prevLists[_who];
            uint256 older;
            if (prev & 1 != 0) {
                older = (((prev >> (1 + L_FROM)) & MASK32) + 1) | (((prev >> (1 + L_COUNT)) & 7) << 32)
                    | (((prev >> P_OLDER) & MASK35) << P_OLDER_BITS);
            }
            _prevLists[_who] = (stored << 1) | 1 | (older << P_OLDER) | (prev & (MASK24 << P_ID));
        }
        _setMechanismBits(_who, (_record & ~(MASK32 << L_FROM)) | (_epoch << L_FROM));
    }

    /// @notice The member id of `_who` (0: never joined).
    function _idOf(address _who) private view returns (uint256) {
        return _prevLists[_who] >> P_ID;
    }

    /// @notice How many seats `_who` holds in the nominal seat set of `_epoch`: the size of its
    ///         newest seat list that took effect at or before `_epoch`, among its newest list, its
    ///         previous list and the two before (their sizes). Lists only change for epochs up to
    ///         the current one plus two, so four cover every set from the current epoch minus one
    ///         on; an older set reverts with `ScheduleForgotten(_l1Block, ..)`.
    function _seatsHeldAt(address _who, uint256 _epoch, uint256 _l1Block) private view returns (uint256) {
        uint256 record = _mechanismBits(_who);
        if (record == 0) return 0; // never joined (address(0) included)
        if ((record >> L_FROM) & MASK32 <= _epoch) return (record >> L_COUNT) & 7;
        uint256 prev = _prevLists[_who]; // written by the first join, with the empty list from epoch 0
        uint256 oldest = (prev >> (1 + L_FROM)) & MASK32;
        if (oldest <= _epoch) return (prev >> (1 + L_COUNT)) & 7;
        for (uint256 i = 0; i < 2; i++) {
            uint256 h = (prev >> (P_OLDER + i * P_OLDER_BITS)) & MASK35;
            if (h == 0) break;
            oldest = (h & MASK32) - 1;
            if (oldest <= _epoch) return h >> 32;
        }
        revert ScheduleForgotten(_l1Block, _epochStart(oldest));
    }

    /// @notice Whether seat `_seat` is in the list of `_record`.
    function _inList(uint256 _record, uint256 _seat) private pure returns (bool found_) {
        assembly ("memory-safe") {
            let size := and(shr(L_COUNT, _record), 7)
            let list := shr(L_LIST, _record)
            for { } size { size := sub(size, 1) } {
                if eq(and(list, MASK14), _seat) {
                    found_ := 1
                    break
                }
                list := shr(L_SEAT_BITS, list)
            }
        }
    }

    /// @notice `_record` with `_seat` appended to its list.
    function _listPush(uint256 _record, uint256 _seat) private pure returns (uint256) {
        uint256 size = (_record >> L_COUNT) & 7;
        return (_record & ~(uint256(7) << L_COUNT)) | ((size + 1) << L_COUNT) | (_seat << (L_LIST + L_SEAT_BITS * size));
    }

    /// @notice `_record` without list entry `_pos` (the last entry moves into it).
    function _listRemoveAt(uint256 _record, uint256 _pos) private pure returns (uint256) {
        uint256 size = (_record >> L_COUNT) & 7;
        uint256 lastShift = L_LIST + L_SEAT_BITS * (size - 1);
        uint256 lastSeat = (_record >> lastShift) & MASK14;
        _record &= ~(MASK14 << lastShift);
        if (_pos != size - 1) {
            uint256 shift = L_LIST + L_SEAT_BITS * _pos;
            _record = (_record & ~(MASK14 << shift)) | (lastSeat << shift);
        }
        return (_record & ~(uint256(7) << L_COUNT)) | ((size - 1) << L_COUNT);
    }

    /// @notice `_record` with list entry `_from` replaced by `_to`.
    function _listReplace(uint256 _record, uint256 _from, uint256 _to) private pure returns (uint256) {
        uint256 size = (_record >> L_COUNT) & 7;
        for (uint256 j = 0; j < size; j++) {
            uint256 shift = L_LIST + L_SEAT_BITS * j;
            if ((_record >> shift) & MASK14 == _from) return (_record & ~(MASK14 << shift)) | (_to << shift);
        }
        return _record; // unreachable: the seat array and the lists agree
    }

    /// @notice Whether block.number is in the recording phase of epoch `_c`.
    function _inRecordPhase(uint256 _c) private view returns (bool) {
        return block.number - _epochStart(_c) < RECORD_BLOCKS;
    }

    /// @notice The epoch of block.number.
    function _currentEpoch() private view returns (uint256) {
        return (block.number - ORIGIN) / EPOCH_LENGTH;
    }

    /// @notice First block of epoch `_epoch`.
    function _epochStart(uint256 _epoch) private view returns (uint256) {
        return ORIGIN + _epoch * EPOCH_LENGTH;
    }
}
