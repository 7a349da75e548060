// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import { BatchInbox } from "../BatchInbox.sol";
import { IFallbackLadder } from "../interfaces/IFallbackLadder.sol";

/// @title FallbackLadder
/// @notice A reusable fallback ladder (issue 16) a mechanism opts into by inheriting this instead
///         of `BatchInbox`: when a window's primary is silent, its backups, then any member, may
///         post after `G1`, `G1 + G2`, `G1 + G2 + G3` blocks of the window; a primary with
///         `maxMisses` recorded misses in a row is demoted (its first backup takes its windows
///         from their first block) until it posts again. Rules and rungs: `IFallbackLadder`.
/// @dev    Decisions:
///         - *Evidence is L1 state written by posts.* The fallback writes the window of each
///           accepted post into the poster's record, and records a miss against a silent effective
///           primary in the tx of the first post by someone else at or after `start + G1`. Nothing
///           depends on a block nobody posted in, so the rule is reorg-safe, and derivation keeps
///           exactly the status-1 inbox txs, as without a ladder.
///         - *One word per address.* `lastPost` (64 bits, window + 1), `lastMiss` (64 bits),
///           `streak` (8 bits); the top 120 bits belong to the mechanism (`_mechanismBits`), so a
///           mechanism that keeps what its primary test needs there makes a primary's post one cold
///           SLOAD and at most one SSTORE of the same slot.
///         - *The mechanism supplies* the window of a block (`_ladderWindowOf`), the rank of an
///           address in a window (`_ladderRank`: 1 primary, 2 first backup, 3.. further backups,
///           `LADDER_MEMBER` other members) and the addresses of ranks 1 and 2
///           (`_ladderCandidate`). Ranks 1 and 2 are held by at most one address each. Its
///           `_isLeader` and `leaderAt` keep meaning the scheduled primary (a fixed schedule);
///           demotion is not part of `ILeaderElection`.
///         - *This overrides `_acceptBatch`* and is the one sanctioned exception to BatchInbox's
///           "accept exactly `_isLeader`": it accepts exactly the senders with an open rung (a
///           superset: the scheduled primary is accepted unless demoted, and then at rung 2), and
///           rejects everyone else with `NotLeader(sender, block)`.
abstract contract FallbackLadder is BatchInbox, IFallbackLadder {
    /// @notice Rank of a member that is no backup of the window (its rung is 4).
    uint256 internal constant LADDER_MEMBER = 255;

    uint256 private constant MASK64 = type(uint64).max;
    uint256 private constant MISS_SHIFT = 64;
    uint256 private constant STREAK_SHIFT = 128;
    uint256 private constant MECH_SHIFT = 136;
    /// @notice The record's ladder part: last post, last miss, streak.
    uint256 private constant LADDER_BITS = type(uint136).max;
    /// @notice The bits a post clears: last post and streak (the last miss stays).
    uint256 private constant POST_CLEARS = MASK64 | (uint256(0xff) << STREAK_SHIFT);

    /// @notice A ladder parameter is out of range.
    error BadLadderParameters();
    /// @notice `_setMechanismBits` was given more than 120 bits.
    error MechanismBitsTooWide();

    uint256 private immutable G1;
    uint256 private immutable G2;
    uint256 private immutable G3;
    uint256 private immutable MAX_MISSES;

    /// @notice Per address: the ladder's record (low 136 bits) and the mechanism's bits (top 120).
    mapping(address => uint256) private _records;

    /// @param _g1        Blocks of a window only its primary may post in (1 .. 2^32 - 1).
    /// @param _g2        Further blocks before the further backups' rung opens (< 2^32).
    /// @param _g3        Further blocks before any member's rung opens (< 2^32).
    /// @param _maxMisses Misses in a row that demote a primary (1 .. 255).
    constructor(uint256 _g1, uint256 _g2, uint256 _g3, uint256 _maxMisses) {
        if (_g1 == 0 || _g1 >= 2 ** 32 || _g2 >= 2 ** 32 || _g3 >= 2 ** 32 || _maxMisses == 0 || _maxMisses > 255) {
            revert BadLadderParameters();
        }
        (G1, G2, G3, MAX_MISSES) = (_g1, _g2, _g3, _maxMisses);
    }

    // ---------------------------------------------------------------------------------------
    // Hooks the mechanism implements
    // ---------------------------------------------------------------------------------------

    /// @notice The ladder window containing `_l1Block`.
    /// @return found_  False for a block no window covers (nobody may post in it).
    /// @return window_ The window's index (< 2^64 - 1; indices grow with blocks).
    /// @return start_  Its first block.
    /// @return end_    First block after it.
    function _ladderWindowOf(uint256 _l1Block)
        internal
        view
        virtual
        returns (bool found_, uint256 window_, uint256 start_, uint256 end_);

    /// @notice `_who`'s rank in `_window`: 0 none, 1 the scheduled primary, 2 the first backup,
    ///         3 .. 254 further backups, `LADDER_MEMBER` another member. Called by the fallback in
    ///         every post, so keep it cheap (ideally from `_mechBits` alone).
    /// @param _who      A non-zero address.
    /// @param _mechBits `_mechanismBits(_who)`, already loaded.
    /// @param _window   A window index.
    function _ladderRank(address _who, uint256 _mechBits, uint256 _window) internal view virtual returns (uint256);

    /// @notice The address of rank `_rank` (1 or 2) in `_window`, or `address(0)` if none.
    function _ladderCandidate(uint256 _window, uint256 _rank) internal view virtual returns (address);

    // ---------------------------------------------------------------------------------------
    // Mechanism storage in the ladder's word
    // ---------------------------------------------------------------------------------------

    /// @notice The mechanism's 120 bits of `_who`'s record.
    function _mechanismBits(address _who) internal view returns (uint256) {
        return _records[_who] >> MECH_SHIFT;
    }

    /// @notice Sets the mechanism's 120 bits of `_who`'s record (the ladder's bits are kept).
    function _setMechanismBits(address _who, uint256 _bits) internal {
        if (_bits >> 120 != 0) revert MechanismBitsTooWide();
        _records[_who] = (_records[_who] & LADDER_BITS) | (_bits << MECH_SHIFT);
    }

    /// @notice `_who`'s last accepted post as the ladder records it: its window plus one, 0 if
    ///         it never posted. The one record of "posted in window w" a mechanism should use
    ///         (for example to judge a reported miss).
    function _ladderPostTag(address _who) internal view returns (uint256) {
        return _records[_who] & MASK64;
    }

    // ---------------------------------------------------------------------------------------
    // The fallback
    // ---------------------------------------------------------------------------------------

    /// @notice Accepts a post from any sender with an open rung; writes the evidence. Virtual so a
    ///         mechanism can do its own per-call work after it (`super._acceptBatch()` first).
    function _acceptBatch() internal virtual override {
        (bool found, uint256 window, uint256 start,) = _ladderWindowOf(block.number);
        if (!found || msg.sender == address(0)) revert NotLeader(msg.sender, block.number);
        uint256 rec = _records[msg.sender];
        uint256 rank = _ladderRank(msg.sender, rec >> MECH_SHIFT, window);
        if (rank == 0) revert NotLeader(msg.sender, block.number);
        uint256 tag;
        unchecked {
            tag = window + 1; // window < 2^64 - 1 (the hook's promise)
        }
        if (rank == 1 && (rec >> STREAK_SHIFT) & 0xff < MAX_MISSES) {
            // The primary (the common case): one word read, written once per window.
            uint256 next = (rec & ~POST_CLEARS) | tag;
            if (next != rec) _records[msg.sender] = next;
            return;
        }
        _acceptOther(rec, rank, window, start, tag);
    }

    /// @notice Every post but a non-demoted primary's: decides the rung, records a miss, the post.
    function _acceptOther(uint256 _rec, uint256 _rank, uint256 _window, uint256 _start, uint256 _tag) private {
        (uint8 rung, bool conditional, address eff, uint256 effRec) = _role(msg.sender, _rec, _rank, _window);
        uint256 elapsed = block.number - _start;
        bool effPosted = effRec & MASK64 == _tag;
        if (rung == 0 || elapsed < _opensAfter(rung, conditional) || (conditional && effPosted)) {
            revert NotLeader(msg.sender, block.number);
        }
        if (
            eff != address(0) && eff != msg.sender && !effPosted && elapsed >= G1
                && (effRec >> MISS_SHIFT) & MASK64 != _tag
        ) {
            uint256 streak = (effRec >> STREAK_SHIFT) & 0xff;
            if (streak < 255) streak++;
            _records[eff] = (effRec & ~((MASK64 << MISS_SHIFT) | (uint256(0xff) << STREAK_SHIFT)))
                | (_tag << MISS_SHIFT) | (streak << STREAK_SHIFT);
            emit MissRecorded(eff, _window, streak);
        }
        _records[msg.sender] = (_records[msg.sender] & ~POST_CLEARS) | _tag;
        emit LadderPost(msg.sender, _window, rung);
    }

    // ---------------------------------------------------------------------------------------
    // Views (IFallbackLadder)
    // ---------------------------------------------------------------------------------------

    /// @inheritdoc IFallbackLadder
    function postingRights(address _who, uint256 _l1Block) external view noBlobs returns (uint8 rung_) {
        (bool found, uint256 window, uint256 start,) = _windowChecked(_l1Block);
        if (!found || _who == address(0)) return 0;
        uint256 rec = _records[_who];
        (uint8 rung, bool conditional,, uint256 effRec) =
            _role(_who, rec, _ladderRank(_who, rec >> MECH_SHIFT, window), window);
        if (rung == 0 || _l1Block - start < _opensAfter(rung, conditional)) return 0;
        if (conditional && effRec & MASK64 == window + 1) return 0;
        return rung;
    }

    /// @inheritdoc IFallbackLadder
    function rungOf(
        address _who,
        uint256 _l1Block
    )
        external
        view
        noBlobs
        returns (uint8 rung_, uint256 opensAt_, uint256 windowEnd_)
    {
        (bool found, uint256 window, uint256 start, uint256 end) = _windowChecked(_l1Block);
        if (!found || _who == address(0)) return (0, 0, end);
        uint256 rec = _records[_who];
        bool conditional;
        (rung_, conditional,,) = _role(_who, rec, _ladderRank(_who, rec >> MECH_SHIFT, window), window);
        if (rung_ != 0) opensAt_ = start + _opensAfter(rung_, conditional);
        windowEnd_ = end;
    }

    /// @inheritdoc IFallbackLadder
    function ladderWindow(uint256 _l1Block)
        external
        view
        noBlobs
        returns (uint256 window_, uint256 start_, uint256 end_, address primary_, bool primaryPosted_)
    {
        bool found;
        (found, window_, start_, end_) = _windowChecked(_l1Block);
        if (!found) return (0, 0, 0, address(0), false);
        uint256 effRec;
        (primary_, effRec) = _effective(window_);
        primaryPosted_ = primary_ != address(0) && effRec & MASK64 == window_ + 1;
    }

    /// @inheritdoc IFallbackLadder
    function ladderParameters()
        external
        view
        noBlobs
        returns (uint256 g1_, uint256 g2_, uint256 g3_, uint256 maxMisses_)
    {
        return (G1, G2, G3, MAX_MISSES);
    }

    /// @inheritdoc IFallbackLadder
    function ladderRecord(address _who)
        external
        view
        noBlobs
        returns (bool posted_, uint256 lastPostWindow_, uint256 missStreak_, bool demoted_)
    {
        uint256 rec = _records[_who];
        uint256 last = rec & MASK64;
        posted_ = last != 0;
        lastPostWindow_ = posted_ ? last - 1 : 0;
        missStreak_ = (rec >> STREAK_SHIFT) & 0xff;
        demoted_ = missStreak_ >= MAX_MISSES;
    }

    // ---------------------------------------------------------------------------------------
    // Internals
    // ---------------------------------------------------------------------------------------

    /// @notice `_who`'s rung in `_window` (before the time and "primary posted" conditions).
    /// @param _who    The address (non-zero).
    /// @param _rec    Its record.
    /// @param _rank   Its rank (`_ladderRank`).
    /// @param _window The window.
    /// @return rung_        0 to 4.
    /// @return conditional_ Whether the rung opens only while the effective primary is silent.
    /// @return eff_         The effective primary of the window.
    /// @return effRec_      Its record.
    function _role(
        address _who,
        uint256 _rec,
        uint256 _rank,
        uint256 _window
    )
        private
        view
        returns (uint8 rung_, bool conditional_, address eff_, uint256 effRec_)
    {
        address primary = _ladderCandidate(_window, 1);
        uint256 primaryRec = primary == _who ? _rec : _records[primary];
        bool demoted = primary != address(0) && (primaryRec >> STREAK_SHIFT) & 0xff >= MAX_MISSES;
        if (demoted) {
            eff_ = _ladderCandidate(_window, 2);
            effRec_ = eff_ == address(0) ? 0 : (eff_ == _who ? _rec : _records[eff_]);
        } else {
            (eff_, effRec_) = (primary, primaryRec);
        }
        if (_rank == 0) return (0, false, eff_, effRec_);
        if (_rank == 1) return (demoted ? 2 : 1, false, eff_, effRec_); // a demoted primary: rung 2
        uint256 effRank = _rank == LADDER_MEMBER ? LADDER_MEMBER : (demoted ? _rank - 1 : _rank);
        if (effRank == 1) return (1, false, eff_, effRec_);
        if (effRank == 2) return (2, true, eff_, effRec_);
        if (effRank != LADDER_MEMBER) return (3, true, eff_, effRec_);
        return (4, true, eff_, effRec_);
    }

    /// @notice The effective primary of `_window` and its record.
    function _effective(uint256 _window) private view returns (address eff_, uint256 effRec_) {
        eff_ = _ladderCandidate(_window, 1);
        effRec_ = _records[eff_];
        if (eff_ != address(0) && (effRec_ >> STREAK_SHIFT) & 0xff >= MAX_MISSES) {
            eff_ = _ladderCandidate(_window, 2);
            effRec_ = eff_ == address(0) ? 0 : _records[eff_];
        }
    }

    /// @notice Blocks after a window's start at which `_rung` opens.
    function _opensAfter(uint8 _rung, bool _conditional) private view returns (uint256) {
        if (!_conditional) return 0; // rung 1, or a demoted primary's rung 2
        if (_rung == 2) return G1;
        if (_rung == 3) return G1 + G2;
        return G1 + G2 + G3;
    }

    /// @notice `_ladderWindowOf(_l1Block)`, reverting for a window before the current one.
    function _windowChecked(uint256 _l1Block)
        private
        view
        returns (bool found_, uint256 window_, uint256 start_, uint256 end_)
    {
        (found_, window_, start_, end_) = _ladderWindowOf(_l1Block);
        if (!found_) return (false, 0, 0, 0);
        (bool nowFound, uint256 nowWindow, uint256 nowStart,) = _ladderWindowOf(block.number);
        if (nowFound && window_ < nowWindow) revert LadderWindowPassed(_l1Block, nowStart);
    }
}
