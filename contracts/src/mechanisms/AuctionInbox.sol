// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import { ILeaderElection } from "../interfaces/ILeaderElection.sol";
import { FallbackLadder } from "../ladder/FallbackLadder.sol";

/// @title AuctionInbox
/// @notice The right to lead is rented through a perpetual standing-bid auction (docs/mechanisms.md
///         § The auction mechanism). Anyone posts a rent per window and escrows it for a bounded
///         number of windows; the bid stands until it is withdrawn. The top bidder leads every
///         window from the first window boundary at least `lookahead` blocks after it became top,
///         for at most `maxTenure` windows or as long as its escrow lasts, and pays its rent for
///         each of those windows. Windows no bidder holds are led by an owner-managed default set,
///         in round robin. The mechanism sits on the fallback ladder: the runner-up is each
///         auctioned window's first backup, the default members are further backups.
/// @dev    Decisions:
///         - *Windows.* Window `w` is blocks `[origin + w*k, origin + (w+1)*k)`, `origin` the
///           deployment block. A change made at block `h` takes effect at window
///           `W(h) = ceil((h + lookahead - origin) / k)`, the first boundary at least `lookahead`
///           blocks ahead, so every window before `W(h)` is fixed at `h`.
///         - *Every bid is a top bid.* A bid must beat the current top by `incrementBps` (and the
///           reserve), so the standing bids form a list sorted by rent by construction: a new bid
///           goes to the head, a withdrawal unlinks its node. Every operation is O(1).
///         - *Reigns.* Becoming top at `h` schedules a *reign* `[W(h), W(h) + n)`, where `n` is
///           `maxTenure` or the windows the bidder's free escrow pays for, whichever is smaller,
///           and cuts the previous top's reign at `W(h)`. A reign is never changed before `W(h)`
///           of the change, so the schedule inside the lookahead never changes. Reigns are kept in
///           a queue of at most five live entries (those that reach the previous window or later;
///           `lookahead <= 2k` bounds it), each one storage word plus its rent.
///         - *Escrow for the fixed part is locked.* A reign's rent is reserved in the bidder's
///           escrow when the reign is scheduled; a cut releases the windows it removes. A bidder
///           may only take out its escrow beyond what is reserved, so every fixed window is paid.
///           Rent is charged per window of a reign that has started, whether or not the leader
///           posts (it rented the right): lazily, by `settle()`, `collectProceeds()` and every
///           state-changing call (those charge reigns that are over).
///         - *Expiry.* A reign that reaches its end (tenure, or its escrow) removes its bid from
///           the list at the first state-changing call at or after the block where the end is
///           fixed, and the next standing bid, if any, leads from `W(h)` of that call. Until such
///           a call the default set leads after the end: call `settle()` before
///           `endBlock - lookahead` to hand over without a gap. Re-bidding (also by the top
///           bidder) starts a new reign with a new tenure: that is the re-auction.
///         - *Default set.* An owner change takes effect at `W(h)`; the set before it is kept for
///           the windows before that, and a further change must wait until the previous one is
///           older than the previous window. The leader of a default window `w` is
///           `set[w % n]`.
///         - *Ladder.* Rank 1: the window's leader. Rank 2 (first backup): in an auctioned window
///           the runner-up (the top standing bid that is not the leader), else the window's
///           default member, else the next one; in a default window the next default member.
///           Rank 3 (rung 3): every other default member. Everyone else has no rung. The backups
///           follow the live list (a bid or withdrawal changes them at once); only the primary is
///           lookahead-fixed. A top bidder that never posts costs `G1` blocks per window until
///           `maxMisses` misses demote it, and it still pays its rent.
///         - *Gas.* Each address's word in the ladder holds its latest reign (start, end) and its
///           position in each default set, so the top bidder's post reads one slot and writes it
///           once per window (like `LadderRoundRobinInbox`); a default member's post also reads
///           the meta word (and the live reigns, if any).
///         - *Money.* ETH held = sum of escrows + unclaimed refunds + unpaid proceeds, exactly.
///           Refunds are credited and claimed with `claim()`; proceeds are sent to the recipient
///           by `collectProceeds()`. Both follow checks-effects-interactions under a transient
///           reentrancy lock shared by every state-changing function.
contract AuctionInbox is FallbackLadder {
    // ---------------------------------------------------------------------------------------
    // Types, events, errors
    // ---------------------------------------------------------------------------------------

    /// @notice Deployment parameters.
    /// @param owner            Manages the default set and the recipient (non-zero).
    /// @param recipient        Receives the proceeds (non-zero).
    /// @param defaultSet       The default leaders, in round-robin order (distinct, non-zero,
    ///                         at most 65,535).
    /// @param turnLength       `k`, L1 blocks per window (1 .. 65,536).
    /// @param lookahead        Blocks a change waits at least (1 .. 2k).
    /// @param reserve          Least rent per window, in wei (1 .. 2^96 - 1).
    /// @param incrementBps     Least raise over the top bid, in basis points (0 .. 10,000).
    /// @param maxTenure        Most windows of one reign (1 .. 2^20).
    /// @param minEscrowWindows Windows of rent a bid must escrow at least (1 .. maxTenure).
    /// @param g1               Ladder `G1` (>= 1).
    /// @param g2               Ladder `G2`.
    /// @param g3               Ladder `G3`.
    /// @param maxMisses        Misses in a row that demote a primary (1 .. 255).
    struct Config {
        address owner;
        address recipient;
        address[] defaultSet;
        uint256 turnLength;
        uint256 lookahead;
        uint256 reserve;
        uint256 incrementBps;
        uint256 maxTenure;
        uint256 minEscrowWindows;
        uint256 g1;
        uint256 g2;
        uint256 g3;
        uint256 maxMisses;
    }

    /// @notice A scheduled reign: `leader` leads windows `[start, end)`; windows before `charged`
    ///         are paid. One storage word, the rent in a second.
    struct Reign {
        address leader;
        uint32 start;
        uint32 end;
        uint32 charged;
        uint128 rent;
    }

    /// @notice A standing bid: a node of the list sorted by rent (head: the top bid).
    struct Bid {
        uint96 rent;
        address next;
        address prev;
    }

    /// @notice A bidder's money: `escrow` (deposited, not yet charged) and the part of it
    ///         `reserved` for scheduled windows.
    struct Account {
        uint128 escrow;
        uint128 reserved;
    }

    /// @notice Why a bid left the list (`BidRemoved`).
    uint8 internal constant REMOVED_WITHDRAWN = 0;
    uint8 internal constant REMOVED_REPLACED = 1;
    uint8 internal constant REMOVED_TENURE = 2;
    uint8 internal constant REMOVED_ESCROW = 3;

    /// @notice `bidder` is the top bid with `rent` wei per window and `escrow` wei free for it;
    ///         its reign starts at `fromWindow` (see `ReignScheduled`).
    event BidPlaced(address indexed bidder, uint256 rent, uint256 escrow, uint256 fromWindow);

    /// @notice `bidder`'s bid left the list: 0 withdrawn, 1 replaced by its new bid, 2 its reign
    ///         reached `maxTenure`, 3 its escrow ran out. `refund` wei were credited to it.
    event BidRemoved(address indexed bidder, uint8 reason, uint256 refund);

    /// @notice `leader` leads windows `[startWindow, endWindow)`, blocks `[startBlock, endBlock)`,
    ///         paying `rent` per window. An id whose reign was cut before it began
    ///         (`ReignCut` with `endWindow == startWindow`) may be scheduled again.
    event ReignScheduled(
        uint256 indexed reign,
        address indexed leader,
        uint256 startWindow,
        uint256 endWindow,
        uint256 startBlock,
        uint256 endBlock,
        uint256 rent
    );

    /// @notice Reign `reign` now ends at window `endWindow` (block `endBlock`).
    event ReignCut(uint256 indexed reign, address indexed leader, uint256 endWindow, uint256 endBlock);

    /// @notice `windows` windows of reign `reign` were charged: `amount` wei from `leader`'s
    ///         escrow to the proceeds.
    event RentCharged(uint256 indexed reign, address indexed leader, uint256 windows, uint256 amount);

    /// @notice `amount` wei were credited to `to` (see `claim`).
    event RefundCredited(address indexed to, uint256 amount);

    /// @notice `to` claimed `amount` wei of refunds.
    event RefundClaimed(address indexed to, uint256 amount);

    /// @notice `amount` wei of proceeds were sent to `recipient`.
    event ProceedsCollected(address indexed recipient, uint256 amount);

    /// @notice The default set is `members` from window `fromWindow` (block `fromBlock`) on.
    event DefaultSetChanged(address[] members, uint256 fromWindow, uint256 fromBlock);

    /// @notice Proceeds go to `recipient` from now on.
    event RecipientChanged(address indexed recipient);

    /// @notice The owner changed.
    event OwnershipTransferred(address indexed previousOwner, address indexed newOwner);

    /// @notice A `Config` field is out of range: 0 owner, 1 recipient, 2 defaultSet,
    ///         3 turnLength, 4 lookahead, 5 reserve, 6 incrementBps, 7 maxTenure,
    ///         8 minEscrowWindows.
    error InvalidConfig(uint256 field);

    /// @notice The rent is below `minimum` (the reserve, or the top bid plus the increment), or
    ///         does not fit 96 bits.
    error BidTooLow(uint256 rent, uint256 minimum);

    /// @notice The bidder's free escrow, `free` wei, is below `needed` (minEscrowWindows of rent).
    error EscrowTooLow(uint256 free, uint256 needed);

    /// @notice The caller has no standing bid.
    error NoStandingBid(address bidder);

    /// @notice Only the owner may do this.
    error NotOwner(address caller);

    /// @notice A default set is not valid (a zero or repeated member, or too many).
    error BadDefaultSet();

    /// @notice The previous default-set change, from window `fromWindow`, is too recent; retry
    ///         from window `fromWindow + 1` on.
    error DefaultSetChangePending(uint256 fromWindow);

    /// @notice Nothing to claim or collect.
    error NothingToClaim();

    /// @notice A zero address where one is not allowed.
    error ZeroAddress();

    /// @notice Window numbers outgrew 32 bits.
    error WindowOverflow();

    /// @notice An ETH transfer failed.
    error TransferFailed();

    /// @notice A state-changing function was re-entered.
    error Reentered();

    // ---------------------------------------------------------------------------------------
    // Layout
    // ---------------------------------------------------------------------------------------

    uint256 private constant MASK16 = 0xffff;
    uint256 private constant MASK32 = 0xffffffff;
    /// @notice Mechanism bits: latest reign start (32) | its end (32) | position + 1 in default
    ///         set slot 0 (16) | in slot 1 (16).
    uint256 private constant B_END = 32;
    uint256 private constant B_POS = 64;

    uint256 private immutable ORIGIN;
    uint256 private immutable K;
    uint256 private immutable LOOKAHEAD;
    uint256 private immutable RESERVE;
    uint256 private immutable INCREMENT_BPS;
    uint256 private immutable MAX_TENURE;
    uint256 private immutable MIN_ESCROW_WINDOWS;

    /// @notice Live reigns are ids `[_firstReign, _nextReign)` (one word with the set metadata).
    uint32 private _firstReign = 1;
    uint32 private _nextReign = 1;
    /// @notice First window of the newest default set; its slot; the member counts per slot.
    uint32 private _setSwitch;
    uint8 private _newSlot;
    uint16 private _count0;
    uint16 private _count1;

    /// @notice The top standing bid (address(0): none).
    address private _head;
    address private _owner;
    address private _recipient;
    uint256 private _totalEscrow;
    uint256 private _totalRefunds;
    uint256 private _proceeds;

    mapping(uint256 => Reign) private _reigns;
    mapping(address => Bid) private _bids;
    mapping(address => Account) private _accounts;
    mapping(address => uint256) private _refunds;
    /// @notice The default sets: slot `_newSlot` from `_setSwitch` on, the other before it.
    address[][2] private _sets;

    bool private transient _locked;

    modifier nonReentrant() {
        if (_locked) revert Reentered();
        _locked = true;
        _;
        _locked = false;
    }

    modifier onlyOwner() {
        if (msg.sender != _owner) revert NotOwner(msg.sender);
        _;
    }

    /// @param _c See `Config`.
    constructor(Config memory _c) FallbackLadder(_c.g1, _c.g2, _c.g3, _c.maxMisses) {
        if (_c.owner == address(0)) revert InvalidConfig(0);
        if (_c.recipient == address(0)) revert InvalidConfig(1);
        if (_c.defaultSet.length > MASK16) revert InvalidConfig(2);
        if (_c.turnLength == 0 || _c.turnLength > 1 << 16) revert InvalidConfig(3);
        if (_c.lookahead == 0 || _c.lookahead > 2 * _c.turnLength) revert InvalidConfig(4);
        if (_c.reserve == 0 || _c.reserve > type(uint96).max) revert InvalidConfig(5);
        if (_c.incrementBps > 10_000) revert InvalidConfig(6);
        if (_c.maxTenure == 0 || _c.maxTenure > 1 << 20) revert InvalidConfig(7);
        if (_c.minEscrowWindows == 0 || _c.minEscrowWindows > _c.maxTenure) revert InvalidConfig(8);
        ORIGIN = block.number;
        K = _c.turnLength;
        LOOKAHEAD = _c.lookahead;
        RESERVE = _c.reserve;
        INCREMENT_BPS = _c.incrementBps;
        MAX_TENURE = _c.maxTenure;
        MIN_ESCROW_WINDOWS = _c.minEscrowWindows;
        _owner = _c.owner;
        _recipient = _c.recipient;
        emit OwnershipTransferred(address(0), _c.owner);
        emit RecipientChanged(_c.recipient);
        _writeSet(0, _c.defaultSet);
        _count0 = uint16(_c.defaultSet.length);
        for (uint256 i = 0; i < _c.defaultSet.length; i++) {
            emit LeaderAdded(_c.defaultSet[i], ORIGIN);
        }
        emit DefaultSetChanged(_c.defaultSet, 0, ORIGIN);
    }

    // ---------------------------------------------------------------------------------------
    // ILeaderElection
    // ---------------------------------------------------------------------------------------

    /// @inheritdoc ILeaderElection
    /// @dev Exact from the previous window on; earlier blocks revert with `ScheduleForgotten`.
    function leaderAt(uint256 _l1Block) external view noBlobs returns (address) {
        if (_l1Block < ORIGIN) return address(0);
        return _primaryOf(_checkedWindow(_l1Block));
    }

    /// @inheritdoc ILeaderElection
    function isLeader(address _who, uint256 _l1Block) external view noBlobs returns (bool) {
        return _isLeader(_who, _l1Block);
    }

    /// @inheritdoc ILeaderElection
    /// @dev Reports windows up to the first block of `W(block.number)`, the exact end of the fixed
    ///      schedule (at least `block.number + lookahead`). Scans at most `lookahead / k + 3`
    ///      windows, each against at most five live reigns.
    function nextWindow(address _who, uint256 _fromBlock) external view noBlobs returns (uint256 start_, uint256 end_) {
        if (_who == address(0)) return (0, 0);
        uint256 from = _fromBlock < ORIGIN ? ORIGIN : _fromBlock;
        uint256 fixedEnd = _fixedWindow();
        if (from >= _startBlock(fixedEnd)) return (0, 0);
        uint256 w = _checkedWindow(from);
        while (w < fixedEnd && _primaryOf(w) != _who) {
            w++;
        }
        if (w == fixedEnd) return (0, 0);
        start_ = _startBlock(w);
        if (start_ < from) start_ = from;
        while (w < fixedEnd && _primaryOf(w) == _who) {
            w++;
        }
        end_ = _startBlock(w);
    }

    /// @inheritdoc ILeaderElection
    function lookahead() external view noBlobs returns (uint256) {
        return LOOKAHEAD;
    }

    // ---------------------------------------------------------------------------------------
    // Bidders
    // ---------------------------------------------------------------------------------------

    /// @notice Places (or replaces) the caller's standing bid: `_rent` wei per window, with
    ///         `msg.value` added to its escrow. The bid must be at least the reserve and beat the
    ///         top bid of anyone else by `incrementBps`; the caller's free escrow must cover
    ///         `minEscrowWindows` windows of rent (free escrow beyond `maxTenure` windows is
    ///         credited back). The caller becomes the top bid and leads from window
    ///         `W(block.number)` for `min(maxTenure, free escrow / rent)` windows; the previous
    ///         top's reign is cut there. A caller that already bids replaces its bid (its reign,
    ///         if it is top, is cut and a new one with a new tenure starts at the same window).
    /// @param _rent Wei per window.
    function bid(uint256 _rent) external payable noBlobs nonReentrant {
        uint256 fw = _sync();
        if (_bids[msg.sender].rent != 0) {
            if (_head == msg.sender) _cutLatest(fw);
            _unlink(msg.sender);
            emit BidRemoved(msg.sender, REMOVED_REPLACED, 0);
        }
        Account memory a = _accounts[msg.sender];
        a.escrow += uint128(msg.value); // ETH supply is far below 2^128 wei
        _totalEscrow += msg.value;
        address top = _head;
        uint256 minimum = _minimumBid(top);
        if (_rent < minimum || _rent > type(uint96).max) revert BidTooLow(_rent, minimum);
        uint256 free = a.escrow - a.reserved;
        uint256 needed = _rent * MIN_ESCROW_WINDOWS;
        if (free < needed) revert EscrowTooLow(free, needed);
        uint256 cap = _rent * MAX_TENURE;
        if (free > cap) {
            uint256 excess = free - cap;
            // excess <= free <= escrow, a uint128
            // forge-lint: disable-next-line(unsafe-typecast)
            a.escrow -= uint128(excess);
            _totalEscrow -= excess;
            _credit(msg.sender, excess);
            free = cap;
        }
        _accounts[msg.sender] = a;
        if (top != address(0)) _cutLatest(fw);
        // checked above: _rent <= type(uint96).max
        // forge-lint: disable-next-line(unsafe-typecast)
        _bids[msg.sender] = Bid({ rent: uint96(_rent), next: top, prev: address(0) });
        if (top != address(0)) _bids[top].prev = msg.sender;
        _head = msg.sender;
        emit BidPlaced(msg.sender, _rent, free, fw);
        _pushReign(msg.sender, _rent, fw, fw + free / _rent);
    }

    /// @notice Withdraws the caller's standing bid: its reign, if it is top, is cut at
    ///         `W(block.number)` (the next bid leads from there), and its escrow beyond what the
    ///         fixed windows reserve is credited to it (`claim`).
    function withdrawBid() external noBlobs nonReentrant {
        uint256 fw = _sync();
        if (_bids[msg.sender].rent == 0) revert NoStandingBid(msg.sender);
        bool top = _head == msg.sender;
        if (top) _cutLatest(fw);
        _drop(msg.sender, REMOVED_WITHDRAWN);
        if (top) _crownHead(fw);
    }

    /// @notice Sends the caller its credited refunds.
    function claim() external noBlobs nonReentrant {
        uint256 amount = _refunds[msg.sender];
        if (amount == 0) revert NothingToClaim();
        _refunds[msg.sender] = 0;
        _totalRefunds -= amount;
        emit RefundClaimed(msg.sender, amount);
        (bool ok,) = msg.sender.call{ value: amount }("");
        if (!ok) revert TransferFailed();
    }

    /// @notice Applies what is due: charges the reigns' started windows, retires reigns older
    ///         than the previous window, and ends a top bid whose reign is over (the next bid
    ///         leads from `W(block.number)`). Anyone may call it; every state-changing call does
    ///         the same except the charging of reigns still running.
    /// @return proceeds_ Unpaid proceeds after it.
    function settle() external noBlobs nonReentrant returns (uint256 proceeds_) {
        _settleAll();
        return _proceeds;
    }

    /// @notice Settles (as `settle`) and sends every unpaid proceed to the recipient.
    function collectProceeds() external noBlobs nonReentrant {
        _settleAll();
        uint256 amount = _proceeds;
        if (amount == 0) revert NothingToClaim();
        _proceeds = 0;
        address to = _recipient;
        emit ProceedsCollected(to, amount);
        (bool ok,) = to.call{ value: amount }("");
        if (!ok) revert TransferFailed();
    }

    // ---------------------------------------------------------------------------------------
    // Owner
    // ---------------------------------------------------------------------------------------

    /// @notice Replaces the default set from window `W(block.number)` on. Reverts with
    ///         `DefaultSetChangePending` while the previous change is not older than the
    ///         previous window.
    /// @param _members The new set, in round-robin order (may be empty: then windows no bidder
    ///                 holds have no leader).
    function setDefaultSet(address[] calldata _members) external noBlobs onlyOwner nonReentrant {
        uint256 fw = _sync();
        uint256 switchAt = _setSwitch;
        if (switchAt != 0 && switchAt >= _currentWindow()) revert DefaultSetChangePending(switchAt);
        if (_members.length > MASK16) revert BadDefaultSet();
        uint256 oldSlot = _newSlot;
        uint256 slot = 1 - oldSlot;
        _writeSet(slot, _members);
        if (slot == 0) _count0 = uint16(_members.length);
        else _count1 = uint16(_members.length);
        // slot is 0 or 1
        // forge-lint: disable-next-line(unsafe-typecast)
        _newSlot = uint8(slot);
        _setSwitch = _toWindow(fw);
        uint256 fromBlock = _startBlock(fw);
        address[] storage previous = _sets[oldSlot];
        for (uint256 i = 0; i < _members.length; i++) {
            if (_posIn(_mechanismBits(_members[i]), oldSlot) == 0) emit LeaderAdded(_members[i], fromBlock);
        }
        for (uint256 i = 0; i < previous.length; i++) {
            if (_posIn(_mechanismBits(previous[i]), slot) == 0) emit LeaderRemoved(previous[i], fromBlock);
        }
        emit DefaultSetChanged(_members, fw, fromBlock);
    }

    /// @notice Sends future proceeds to `_recipient`.
    function setRecipient(address _newRecipient) external noBlobs onlyOwner {
        if (_newRecipient == address(0)) revert ZeroAddress();
        _recipient = _newRecipient;
        emit RecipientChanged(_newRecipient);
    }

    /// @notice Hands the owner's rights to `_newOwner`.
    function transferOwnership(address _newOwner) external noBlobs onlyOwner {
        if (_newOwner == address(0)) revert ZeroAddress();
        emit OwnershipTransferred(_owner, _newOwner);
        _owner = _newOwner;
    }

    // ---------------------------------------------------------------------------------------
    // Views
    // ---------------------------------------------------------------------------------------

    /// @notice The parameters.
    function auctionParameters()
        external
        view
        noBlobs
        returns (
            uint256 origin_,
            uint256 turnLength_,
            uint256 lookahead_,
            uint256 reserve_,
            uint256 incrementBps_,
            uint256 maxTenure_,
            uint256 minEscrowWindows_
        )
    {
        return (ORIGIN, K, LOOKAHEAD, RESERVE, INCREMENT_BPS, MAX_TENURE, MIN_ESCROW_WINDOWS);
    }

    /// @notice The owner and the proceeds' recipient.
    function roles() external view noBlobs returns (address owner_, address recipient_) {
        return (_owner, _recipient);
    }

    /// @notice The top bid, the runner-up, and the least rent a new bid of another address needs.
    function topBids()
        external
        view
        noBlobs
        returns (address top_, uint256 topRent_, address runnerUp_, uint256 runnerUpRent_, uint256 minimumBid_)
    {
        top_ = _head;
        topRent_ = _bids[top_].rent;
        runnerUp_ = _bids[top_].next;
        runnerUpRent_ = _bids[runnerUp_].rent;
        minimumBid_ = _minimumBid(top_);
    }

    /// @notice `_who`'s bid and money.
    /// @return rent_     Its standing bid's rent (0: none).
    /// @return escrow_   Escrowed wei not yet charged.
    /// @return reserved_ Part of the escrow reserved for scheduled windows.
    /// @return refund_   Credited wei it can claim.
    /// @return next_     The next lower standing bid.
    function bidOf(address _who)
        external
        view
        noBlobs
        returns (uint256 rent_, uint256 escrow_, uint256 reserved_, uint256 refund_, address next_)
    {
        Bid memory b = _bids[_who];
        Account memory a = _accounts[_who];
        return (b.rent, a.escrow, a.reserved, _refunds[_who], b.next);
    }

    /// @notice The reign that covers `_l1Block`'s window, from the current state (0: a default
    ///         window). Exact inside the fixed schedule, provisional past it.
    function reignAt(uint256 _l1Block)
        external
        view
        noBlobs
        returns (uint256 reign_, address leader_, uint256 startBlock_, uint256 endBlock_, uint256 rent_)
    {
        if (_l1Block < ORIGIN) return (0, address(0), 0, 0, 0);
        reign_ = _reignIdAt(_checkedWindow(_l1Block));
        if (reign_ == 0) return (0, address(0), 0, 0, 0);
        Reign memory r = _reigns[reign_];
        return (reign_, r.leader, _startBlock(r.start), _startBlock(r.end), r.rent);
    }

    /// @notice A live reign (zeros once retired).
    function reign(uint256 _id)
        external
        view
        noBlobs
        returns (address leader_, uint256 startWindow_, uint256 endWindow_, uint256 chargedUntil_, uint256 rent_)
    {
        Reign memory r = _reigns[_id];
        return (r.leader, r.start, r.end, r.charged, r.rent);
    }

    /// @notice Ids of the live reigns: `[first_, next_)`.
    function liveReigns() external view noBlobs returns (uint256 first_, uint256 next_) {
        return (_firstReign, _nextReign);
    }

    /// @notice The newest default set and its first window.
    function defaultSet() external view noBlobs returns (address[] memory members_, uint256 fromWindow_) {
        return (_sets[_newSlot], _setSwitch);
    }

    /// @notice The money the contract holds, by kind: its balance is exactly their sum.
    function totals() external view noBlobs returns (uint256 escrow_, uint256 refunds_, uint256 proceeds_) {
        return (_totalEscrow, _totalRefunds, _proceeds);
    }

    /// @notice The window of `_l1Block` and the first window a change made now takes effect at.
    function windows(uint256 _l1Block) external view noBlobs returns (uint256 window_, uint256 fixedUntil_) {
        if (_l1Block < ORIGIN) revert ScheduleForgotten(_l1Block, ORIGIN);
        return ((_l1Block - ORIGIN) / K, _fixedWindow());
    }

    // ---------------------------------------------------------------------------------------
    // Ladder hooks
    // ---------------------------------------------------------------------------------------

    function _ladderWindowOf(uint256 _l1Block)
        internal
        view
        override
        returns (bool found_, uint256 window_, uint256 start_, uint256 end_)
    {
        if (_l1Block < ORIGIN) return (false, 0, 0, 0);
        unchecked {
            window_ = (_l1Block - ORIGIN) / K;
            start_ = ORIGIN + window_ * K;
            return (true, window_, start_, start_ + K);
        }
    }

    /// @dev Fast path: the window is inside the address's latest reign (its own word); an address
    ///      whose word is empty has no rank. Then the meta word: with no live reign, a default
    ///      member's rank comes from its positions.
    function _ladderRank(address _who, uint256 _bits, uint256 _window) internal view override returns (uint256) {
        if (_window >= _bits & MASK32 && _window < (_bits >> B_END) & MASK32) return 1;
        if (_bits == 0) return 0; // never bid (a bid always leaves its reign's start, >= 1) nor a member
        uint256 slot = _slotOf(_window);
        uint256 pos = _posIn(_bits, slot);
        uint256 id = _firstReign == _nextReign ? 0 : _reignIdAt(_window);
        if (id == 0) {
            if (pos == 0) return 0;
            uint256 n = slot == 0 ? _count0 : _count1;
            if (pos - 1 == _window % n) return 1;
            if (n >= 2 && pos - 1 == (_window + 1) % n) return 2;
            return 3;
        }
        address leader = _reigns[id].leader;
        if (_who == leader) return 1;
        if (_who == _reignBackup(_window, leader, slot)) return 2;
        return pos != 0 ? 3 : 0;
    }

    function _ladderCandidate(uint256 _window, uint256 _rank) internal view override returns (address) {
        uint256 slot = _slotOf(_window);
        uint256 id = _reignIdAt(_window);
        if (id != 0) {
            address leader = _reigns[id].leader;
            if (_rank == 1) return leader;
            if (_rank == 2) return _reignBackup(_window, leader, slot);
            return address(0);
        }
        uint256 n = slot == 0 ? _count0 : _count1;
        if (n == 0) return address(0);
        if (_rank == 1) return _sets[slot][_window % n];
        if (_rank == 2 && n >= 2) return _sets[slot][(_window + 1) % n];
        return address(0);
    }

    function _isLeader(address _who, uint256 _l1Block) internal view override returns (bool) {
        if (_who == address(0) || _l1Block < ORIGIN) return false;
        return _primaryOf(_checkedWindow(_l1Block)) == _who;
    }

    // ---------------------------------------------------------------------------------------
    // Internals: schedule
    // ---------------------------------------------------------------------------------------

    /// @notice The leader of window `_window` from the current state.
    function _primaryOf(uint256 _window) private view returns (address) {
        uint256 id = _reignIdAt(_window);
        if (id != 0) return _reigns[id].leader;
        uint256 slot = _slotOf(_window);
        uint256 n = slot == 0 ? _count0 : _count1;
        if (n == 0) return address(0);
        return _sets[slot][_window % n];
    }

    /// @notice The live reign covering `_window` (0: none). Reigns are disjoint and ordered, so
    ///         the newest one starting at or before the window decides.
    function _reignIdAt(uint256 _window) private view returns (uint256) {
        uint256 first = _firstReign;
        for (uint256 id = _nextReign; id > first;) {
            id--;
            Reign storage r = _reigns[id];
            if (r.start <= _window) return _window < r.end ? id : 0;
        }
        return 0;
    }

    /// @notice The first backup of an auctioned window led by `_leader`: the top standing bid
    ///         that is not the leader, else the window's default member, else the next one.
    function _reignBackup(uint256 _window, address _leader, uint256 _slot) private view returns (address) {
        address top = _head;
        address candidate = top == _leader ? _bids[top].next : top;
        if (candidate != address(0)) return candidate;
        uint256 n = _slot == 0 ? _count0 : _count1;
        if (n == 0) return address(0);
        candidate = _sets[_slot][_window % n];
        if (candidate != _leader) return candidate;
        if (n == 1) return address(0);
        return _sets[_slot][(_window + 1) % n];
    }

    /// @notice The default-set slot that applies to `_window`.
    function _slotOf(uint256 _window) private view returns (uint256) {
        uint256 slot = _newSlot;
        return _window >= _setSwitch ? slot : 1 - slot;
    }

    /// @notice The position + 1 of an address in default-set slot `_slot` (0: not a member).
    function _posIn(uint256 _bits, uint256 _slot) private pure returns (uint256) {
        return (_bits >> (B_POS + 16 * _slot)) & MASK16;
    }

    /// @notice The window of `_l1Block` (>= origin); reverts for windows before the previous one.
    function _checkedWindow(uint256 _l1Block) private view returns (uint256 w_) {
        w_ = (_l1Block - ORIGIN) / K;
        uint256 c = _currentWindow();
        if (w_ + 1 < c) revert ScheduleForgotten(_l1Block, _startBlock(c - 1));
    }

    function _currentWindow() private view returns (uint256) {
        return (block.number - ORIGIN) / K;
    }

    /// @notice `W(block.number)`: the first window a change made now may alter.
    function _fixedWindow() private view returns (uint256) {
        return (block.number + LOOKAHEAD - ORIGIN + K - 1) / K;
    }

    function _startBlock(uint256 _window) private view returns (uint256) {
        return ORIGIN + _window * K;
    }

    function _toWindow(uint256 _window) private pure returns (uint32) {
        if (_window > MASK32) revert WindowOverflow();
        // checked above: _window <= 2^32 - 1
        // forge-lint: disable-next-line(unsafe-typecast)
        return uint32(_window);
    }

    // ---------------------------------------------------------------------------------------
    // Internals: state changes
    // ---------------------------------------------------------------------------------------

    /// @notice Ends a top bid whose reign is over by `W(now)` (the next one leads from there) and
    ///         retires the reigns that ended before the previous window (charging them).
    /// @return fw_ `W(block.number)`.
    function _sync() private returns (uint256 fw_) {
        fw_ = _fixedWindow();
        address top = _head;
        if (top != address(0)) {
            Reign storage last = _reigns[_nextReign - 1];
            uint256 end = last.end;
            if (end <= fw_) {
                _drop(top, end - last.start >= MAX_TENURE ? REMOVED_TENURE : REMOVED_ESCROW);
                _crownHead(fw_);
            }
        }
        uint256 c = _currentWindow();
        uint256 first = _firstReign;
        uint256 next = _nextReign;
        uint256 id = first;
        while (id < next) {
            Reign storage r = _reigns[id];
            uint256 end = r.end;
            if (end + 1 > c) break;
            _charge(id, end);
            delete _reigns[id];
            id++;
        }
        // id <= _nextReign, a uint32
        // forge-lint: disable-next-line(unsafe-typecast)
        if (id != first) _firstReign = uint32(id);
    }

    /// @notice `_sync`, then charges every live reign's started windows.
    function _settleAll() private {
        _sync();
        uint256 upTo = _currentWindow() + 1;
        uint256 next = _nextReign;
        for (uint256 id = _firstReign; id < next; id++) {
            _charge(id, upTo);
        }
    }

    /// @notice Charges reign `_id`'s windows before `_upTo` not yet charged.
    function _charge(uint256 _id, uint256 _upTo) private {
        Reign storage r = _reigns[_id];
        uint256 to = r.end < _upTo ? r.end : _upTo;
        uint256 from = r.charged;
        if (to <= from) return;
        uint256 amount = (to - from) * r.rent;
        // to <= r.end, a uint32
        // forge-lint: disable-next-line(unsafe-typecast)
        r.charged = uint32(to);
        address leader = r.leader;
        Account storage a = _accounts[leader];
        // amount <= reserved <= escrow (the reign's windows were reserved), a uint128
        // forge-lint: disable-next-line(unsafe-typecast)
        a.escrow -= uint128(amount);
        // as above
        // forge-lint: disable-next-line(unsafe-typecast)
        a.reserved -= uint128(amount);
        _totalEscrow -= amount;
        _proceeds += amount;
        emit RentCharged(_id, leader, to - from, amount);
    }

    /// @notice Schedules a reign of `_leader` over `[_start, _end)` (non-empty) and reserves its rent.
    function _pushReign(address _leader, uint256 _rent, uint256 _start, uint256 _end) private {
        uint32 start = _toWindow(_start);
        uint32 end = _toWindow(_end);
        uint256 id = _nextReign;
        // _rent < 2^96 (checked in bid, or a standing bid's rent)
        // forge-lint: disable-next-line(unsafe-typecast)
        _reigns[id] = Reign({ leader: _leader, start: start, end: end, charged: start, rent: uint128(_rent) });
        // reign ids: one per schedule change, far below 2^32
        // forge-lint: disable-next-line(unsafe-typecast)
        _nextReign = uint32(id + 1);
        // at most maxTenure (2^20) windows of a rent below 2^96
        // forge-lint: disable-next-line(unsafe-typecast)
        _accounts[_leader].reserved += uint128((_end - _start) * _rent);
        uint256 bits = _mechanismBits(_leader);
        _setMechanismBits(_leader, (bits & ~(MASK32 | (MASK32 << B_END))) | start | (uint256(end) << B_END));
        emit ReignScheduled(id, _leader, _start, _end, _startBlock(_start), _startBlock(_end), _rent);
    }

    /// @notice Cuts the newest reign at window `_fw` (releasing the windows removed); a reign that
    ///         had not begun by `_fw` is removed (its id is reused).
    function _cutLatest(uint256 _fw) private {
        uint256 id = _nextReign - 1;
        if (id < _firstReign) return;
        Reign storage r = _reigns[id];
        uint256 start = r.start;
        uint256 end = r.end;
        if (end <= _fw) return;
        uint256 newEnd = start > _fw ? start : _fw;
        address leader = r.leader;
        _accounts[leader].reserved -= uint128((end - newEnd) * r.rent);
        uint256 bits = _mechanismBits(leader);
        if (bits & MASK32 == start) {
            _setMechanismBits(leader, (bits & ~(MASK32 << B_END)) | (newEnd << B_END));
        }
        emit ReignCut(id, leader, newEnd, _startBlock(newEnd));
        if (newEnd == start) {
            delete _reigns[id];
            // id < _nextReign, a uint32
            // forge-lint: disable-next-line(unsafe-typecast)
            _nextReign = uint32(id);
        } else {
            // newEnd < r.end, a uint32
            // forge-lint: disable-next-line(unsafe-typecast)
            r.end = uint32(newEnd);
        }
    }

    /// @notice Makes the head of the list (if any) lead from `_fw`; a head whose free escrow pays
    ///         for no window is dropped, and the next one tried.
    function _crownHead(uint256 _fw) private {
        while (true) {
            address top = _head;
            if (top == address(0)) return;
            uint256 rent = _bids[top].rent;
            Account memory a = _accounts[top];
            uint256 n = (a.escrow - a.reserved) / rent;
            if (n > MAX_TENURE) n = MAX_TENURE;
            if (n != 0) {
                _pushReign(top, rent, _fw, _fw + n);
                return;
            }
            _drop(top, REMOVED_ESCROW);
        }
    }

    /// @notice Unlinks `_who`'s bid and credits its free escrow.
    function _drop(address _who, uint8 _reason) private {
        _unlink(_who);
        Account storage a = _accounts[_who];
        uint256 free = a.escrow - a.reserved;
        if (free != 0) {
            a.escrow = a.reserved;
            _totalEscrow -= free;
            _credit(_who, free);
        }
        emit BidRemoved(_who, _reason, free);
    }

    function _unlink(address _who) private {
        Bid memory b = _bids[_who];
        if (b.prev == address(0)) _head = b.next;
        else _bids[b.prev].next = b.next;
        if (b.next != address(0)) _bids[b.next].prev = b.prev;
        delete _bids[_who];
    }

    function _credit(address _to, uint256 _amount) private {
        _refunds[_to] += _amount;
        _totalRefunds += _amount;
        emit RefundCredited(_to, _amount);
    }

    /// @notice The least rent a bid needs over `_top` (the top bid of someone else).
    function _minimumBid(address _top) private view returns (uint256) {
        if (_top == address(0)) return RESERVE;
        uint256 rent = _bids[_top].rent;
        uint256 raised = rent + (rent * INCREMENT_BPS + 9_999) / 10_000;
        return raised > RESERVE ? raised : RESERVE;
    }

    /// @notice Writes `_members` into default-set slot `_slot`, clearing the old members'
    ///         positions there.
    function _writeSet(uint256 _slot, address[] memory _members) private {
        address[] storage set = _sets[_slot];
        uint256 shift = B_POS + 16 * _slot;
        for (uint256 i = 0; i < set.length; i++) {
            address m = set[i];
            _setMechanismBits(m, _mechanismBits(m) & ~(MASK16 << shift));
        }
        delete _sets[_slot];
        for (uint256 i = 0; i < _members.length; i++) {
            address m = _members[i];
            uint256 bits = _mechanismBits(m);
            if (m == address(0) || (bits >> shift) & MASK16 != 0) revert BadDefaultSet();
            _setMechanismBits(m, bits | ((i + 1) << shift));
            set.push(m);
        }
    }
}
