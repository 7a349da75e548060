// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import { vm } from "baton/script/Vm.sol";
import { BatchInbox } from "baton/BatchInbox.sol";
import { ILeaderElection } from "baton/interfaces/ILeaderElection.sol";
import { ILeaderWeights } from "baton/interfaces/ILeaderWeights.sol";
import { IMissReporting } from "baton/interfaces/IMissReporting.sol";
import { IFallbackLadder } from "baton/interfaces/IFallbackLadder.sol";
import { LeaderElectionChecks } from "./LeaderElectionChecks.sol";

/// @title ConformanceChecks
/// @notice The rules every leader-election mechanism must keep (docs/mechanisms.md), as `check_*`
///         functions over a deployed mechanism. A mechanism's test inherits `MechanismConformance`
///         (below), which runs each check as a test; this layer has no tests of its own, so a test
///         can also run a check and expect it to fail (see the broken example's test).
/// @dev    Each check walks `_heads()` consecutive L1 blocks from the deployment block. At each head
///         `h` it may call `_perturb` (the mechanism's own leader-set changes), then checks the
///         blocks `[h, h + ahead)`, where `ahead = min(lookahead(), MAX_AHEAD)`: those blocks are
///         fixed. The candidates are the deployed batchers, one outsider and (for `isLeader`)
///         `address(0)`. A failure reverts with `AssertionFailed("conformance[<rule>] ...")`, naming
///         the rule and the block.
///         The optional interfaces (`ILeaderWeights`, `IMissReporting`, `IFallbackLadder`) are
///         checked when the mechanism answers them as a tool probes them (a call from a non-leader
///         that returns 64, 32, resp. 128 bytes); a mechanism without them passes those checks.
abstract contract ConformanceChecks is LeaderElectionChecks {
    /// @notice Most execution gas a view may cost (the off-chain clients call them every block).
    uint256 internal constant VIEW_GAS_BUDGET = 30_000;
    /// @notice Most blocks past the head that a check reads (bounds mechanisms fixed far ahead).
    uint256 internal constant MAX_AHEAD = 32;
    /// @notice The block the mechanism is deployed in.
    uint256 internal constant DEPLOY_BLOCK = 1_000;

    /// @notice The mechanism under test, as deployed by `_deployMechanism`.
    ILeaderElection internal mechanism;
    /// @notice Owner passed to `_deployMechanism` (prank it in `_perturb` for owner actions).
    address internal owner = makeAddr(0xC0);
    /// @notice The batchers passed to `_deployMechanism`: every leader must be one of them.
    address[] internal batchers;
    /// @notice An address that is never a batcher.
    address internal outsider = makeAddr(0x0B5);

    /// @notice Leader of each block as first read at an earlier head (schedule stability), with
    ///         bit 160 set once recorded (one storage write per block).
    mapping(uint256 => uint256) internal published;
    /// @notice Hash of the weights (`ILeaderWeights`) of each block as first read at an earlier
    ///         head, plus one.
    mapping(uint256 => uint256) internal publishedWeights;

    // -------------------------------------------------------------------------------------------
    // Hooks
    // -------------------------------------------------------------------------------------------

    /// @notice Deploys the mechanism (for instance through its MechanismScript) at `block.number`
    ///         == DEPLOY_BLOCK. Someone should lead within `_heads()` blocks, or the checks fail as
    ///         vacuous.
    function _deployMechanism(
        address _owner,
        address[] memory _batchers,
        uint256 _turnLength
    )
        internal
        virtual
        returns (ILeaderElection);

    /// @notice The mechanism's forge artifact, for the ABI rules: "out/<File>.sol/<Contract>.json".
    function _artifactPath() internal view virtual returns (string memory);

    /// @notice Optionally changes the leader set at the current block, e.g. an owner adding or
    ///         removing a batcher (only addresses from `batchers`). Called at some heads of every
    ///         walk; `_seed` is random in the fuzzed check. A change that reverts is fine.
    function _perturb(uint256 _seed) internal virtual { }

    /// @notice How many batchers to deploy with.
    function _batcherCount() internal pure virtual returns (uint256) {
        return 3;
    }

    /// @notice The `turnLength` argument of the deployment.
    function _turnLength() internal pure virtual returns (uint256) {
        return 3;
    }

    /// @notice How many consecutive heads a deterministic check walks.
    function _heads() internal pure virtual returns (uint256) {
        return 48;
    }

    function setUp() public virtual {
        vm.roll(DEPLOY_BLOCK);
        for (uint256 i = 0; i < _batcherCount(); i++) {
            batchers.push(makeAddr(0xBA7C0 + i));
        }
        mechanism = _deployMechanism(owner, batchers, _turnLength());
    }

    // -------------------------------------------------------------------------------------------
    // Checks (each a `public` function, so a test can expect one to fail)
    // -------------------------------------------------------------------------------------------

    /// @notice Rule `leader-is-member`: `leaderAt(b)` is a batcher or `address(0)`.
    function check_leaderIsMemberOrZero() public {
        _walk(1, _leaderIsMemberAt);
    }

    /// @notice Rule `isLeader-matches-leaderAt`: `isLeader(x, b) == (leaderAt(b) == x && x != 0)`.
    function check_isLeaderMatchesLeaderAt() public {
        _walk(1, _isLeaderMatchesAt);
    }

    /// @notice Rule `nextWindow-matches-leaderAt`: every block of `[start, end)` is led by `x`,
    ///         none before it, the window is maximal inside the fixed part, and `(0, 0)` only when
    ///         `x` leads no fixed block ahead.
    function check_nextWindowMatchesLeaderAt() public {
        _walk(1, _nextWindowMatchesAt);
    }

    /// @notice Rule `fallback-accepts-only-leader`: a batch to the fallback from the leader of the
    ///         block succeeds, and from every other batcher and the outsider reverts with exactly
    ///         `NotLeader(sender, block)`.
    function check_fallbackAcceptsOnlyTheLeader() public {
        _walk(1, _fallbackAt);
    }

    /// @notice Rule `schedule-stable`: answers read at an earlier head for blocks inside the
    ///         lookahead equal the answers at every later head, through `_perturb` changes. L1
    ///         advances 1 to `ahead` blocks per step.
    function check_scheduleStable(uint256 _seed) public {
        uint256 head = block.number;
        for (uint256 i = 0; i < _heads(); i++) {
            uint256 rnd = uint256(keccak256(abi.encode(_seed, i)));
            if (rnd % 3 == 0) _perturb(rnd >> 8);
            _stableAt(head);
            head += 1 + (rnd >> 128) % _ahead();
            vm.roll(head);
        }
        _stableAt(head);
    }

    /// @notice Rule `view-gas`: `leaderAt`, `isLeader`, `nextWindow` and `lookahead` each cost at
    ///         most VIEW_GAS_BUDGET execution gas, the first (cold) call included.
    function check_viewGas() public returns (uint256 max_) {
        _gasMax = 0;
        _walk(1, _viewGasAt);
        max_ = _gasMax;
    }

    /// @notice Rule `no-0x00-selector`: no external function's selector starts with 0x00, or a
    ///         calldata batch (version byte 0x00) could reach it instead of the fallback.
    ///         The artifact's ABI includes the optional interfaces' functions when the mechanism
    ///         implements them; their selectors are checked here in any case (they are fixed by
    ///         the interfaces, so an author could not rename them).
    function check_noSelectorStartsWithZeroByte() public view {
        string[] memory sigs = _signatures();
        for (uint256 i = 0; i < sigs.length; i++) {
            bytes4 sel = bytes4(keccak256(bytes(sigs[i])));
            _expect(
                sel[0] != 0x00, "no-0x00-selector", block.number, string.concat("selector starts with 0x00: ", sigs[i])
            );
        }
        bytes4[8] memory optional = [
            ILeaderWeights.weightAt.selector,
            IMissReporting.windowOf.selector,
            IMissReporting.reportMissed.selector,
            IFallbackLadder.postingRights.selector,
            IFallbackLadder.rungOf.selector,
            IFallbackLadder.ladderWindow.selector,
            IFallbackLadder.ladderParameters.selector,
            IFallbackLadder.ladderRecord.selector
        ];
        for (uint256 i = 0; i < optional.length; i++) {
            _expect(optional[i][0] != 0x00, "no-0x00-selector", block.number, "an optional interface's selector");
        }
    }

    /// @notice Rule `weights` (if the mechanism answers `ILeaderWeights.weightAt`): at every fixed
    ///         block the candidates' weights sum to at most the total, the leader's weight is
    ///         positive, and the outsider and `address(0)` weigh 0; `weightAt` never reverts for a
    ///         fixed block. Rule `windows` (if it answers `IMissReporting.windowOf`): window indices
    ///         never decrease from one block to the next. Stability of the weights is part of
    ///         `schedule-stable`, their gas of `view-gas`.
    /// @return weights_ Whether the mechanism answers `weightAt`.
    /// @return windows_ Whether it answers `windowOf`.
    function check_optionalInterfaces() public returns (bool weights_, bool windows_) {
        weights_ = _answersWeights();
        windows_ = _answersWindows();
        if (weights_) _walk(1, _weightsAt);
        if (windows_) _walk(1, _windowsAt);
    }

    /// @notice Rules `ladder-rung1`, `ladder-rungs` and `ladder-fallback` (if the mechanism answers
    ///         `IFallbackLadder.ladderParameters` with 128 bytes; docs/mechanisms.md § The fallback
    ///         ladder). At every head `h`, in the window `[s, e)` of `ladderWindow(h)`:
    ///         - `ladder-rung1`: at most one candidate holds rung 1 (`rungOf`); it is `leaderAt(h)`
    ///           unless that leader is demoted (`ladderRecord`), and it is `ladderWindow`'s primary.
    ///         - `ladder-rungs`: each candidate's rung opens exactly at `s` (rung 1, and rung 2 of a
    ///           demoted leader), `s + G1` (rung 2), `s + G1 + G2` (rung 3) or `s + G1 + G2 + G3`
    ///           (rung 4), and `postingRights(x, h)` is the rung exactly when it is open (from that
    ///           block on, and for rungs 2 to 4 only while the effective primary has not posted in
    ///           the window), 0 otherwise: never earlier.
    ///         - `ladder-fallback`: a batch from each candidate is accepted iff its `postingRights`
    ///           right before was not 0 (else it reverts exactly `NotLeader(sender, h)`). Each
    ///           batcher is down (posts nothing) for about one stretch of six windows in three, so
    ///           backups post, misses are recorded, and primaries are demoted and come back.
    ///         The views' gas is part of `view-gas`. A mechanism without the ladder passes.
    /// @return ladder_ Whether the mechanism answers `ladderParameters`.
    function check_ladder() public returns (bool ladder_) {
        ladder_ = _answersLadder();
        if (!ladder_) return false;
        _backupPosts = 0;
        _walk(1, _ladderAt);
        _expect(_backupPosts > 0, "vacuous", block.number, "no backup ever posted during the ladder walk");
    }

    /// @notice Rule `no-blobs`: in a tx that carries blobs, every named function reverts with
    ///         `BlobTxNotAllowed()` (called by the owner, to get past access checks), while the
    ///         fallback still takes the leader's blob batch and rejects everyone else's.
    function check_namedFunctionsRevertInBlobTx() public {
        address leader = mechanism.leaderAt(block.number); // before the blobs: a view reverts in a blob tx
        string[] memory sigs = _signatures();
        bytes32[] memory hashes = new bytes32[](1);
        hashes[0] = bytes32(uint256(0x01) << 248 | 0xb10b);
        vm.blobhashes(hashes);
        for (uint256 i = 0; i < sigs.length; i++) {
            bytes memory data = abi.encodePacked(bytes4(keccak256(bytes(sigs[i]))), new bytes(256));
            vm.prank(owner);
            (bool ok, bytes memory ret) = address(mechanism).call(data);
            _expect(
                !ok && keccak256(ret) == keccak256(abi.encodeWithSelector(BatchInbox.BlobTxNotAllowed.selector)),
                "no-blobs",
                block.number,
                string.concat("does not revert BlobTxNotAllowed in a blob tx: ", sigs[i])
            );
        }
        _fallbackFrom(block.number, leader, "no-blobs");
    }

    // -------------------------------------------------------------------------------------------
    // Per-head checks
    // -------------------------------------------------------------------------------------------

    function _leaderIsMemberAt(uint256 _head) internal {
        for (uint256 b = _head; b < _head + _ahead(); b++) {
            address leader = mechanism.leaderAt(b);
            if (leader != address(0)) _sawLeader = true;
            _expect(leader == address(0) || _isBatcher(leader), "leader-is-member", b, "leader is not a batcher");
        }
    }

    function _isLeaderMatchesAt(uint256 _head) internal {
        address[] memory who = _candidates(true);
        for (uint256 b = _head; b < _head + _ahead(); b++) {
            address leader = mechanism.leaderAt(b);
            if (leader != address(0)) _sawLeader = true;
            for (uint256 i = 0; i < who.length; i++) {
                bool expected = leader == who[i] && who[i] != address(0);
                _expect(mechanism.isLeader(who[i], b) == expected, "isLeader-matches-leaderAt", b, _describe(who[i]));
            }
        }
    }

    function _nextWindowMatchesAt(uint256 _head) internal {
        address[] memory who = _candidates(false);
        string memory tag = string.concat("conformance[nextWindow-matches-leaderAt] at block ", _toString(_head), ": ");
        for (uint256 i = 0; i < who.length; i++) {
            for (uint256 from = _head; from < _head + _ahead(); from += 1 + _ahead() / 3) {
                _checkWindow(mechanism, who[i], from, WindowBounds(from, _head + _ahead(), false, 4 * MAX_AHEAD, tag));
            }
        }
        if (mechanism.leaderAt(_head) != address(0)) _sawLeader = true;
    }

    function _weightsAt(uint256 _head) internal {
        address[] memory who = _candidates(true);
        for (uint256 b = _head; b < _head + _ahead(); b++) {
            address leader = mechanism.leaderAt(b);
            if (leader != address(0)) _sawLeader = true;
            (, uint256 total) = _weight(address(0), b);
            uint256 sum;
            for (uint256 i = 0; i < who.length; i++) {
                (uint256 w, uint256 t) = _weight(who[i], b);
                _expect(t == total, "weights", b, "the total depends on who is asked");
                _expect(w <= total, "weights", b, string.concat("weight over the total: ", _describe(who[i])));
                if (who[i] == outsider || who[i] == address(0)) {
                    _expect(w == 0, "weights", b, string.concat("weight of a non-member: ", _describe(who[i])));
                }
                if (who[i] == leader && leader != address(0)) {
                    _expect(w > 0, "weights", b, string.concat("the leader weighs 0: ", _describe(who[i])));
                }
                sum += w;
            }
            _expect(sum <= total, "weights", b, "the candidates' weights sum to more than the total");
        }
    }

    function _windowsAt(uint256 _head) internal {
        if (mechanism.leaderAt(_head) != address(0)) _sawLeader = true;
        uint256 previous = _window(_head);
        for (uint256 b = _head + 1; b < _head + _ahead(); b++) {
            uint256 w = _window(b);
            _expect(w >= previous, "windows", b, "windowOf decreased");
            previous = w;
        }
    }

    /// @notice Accepted posts by someone other than the window's effective primary in `check_ladder`.
    uint256 internal _backupPosts;

    /// @notice What `_ladderAt` knows of the head's window.
    struct LadderHead {
        uint256 head;
        uint256 start;
        uint256 end;
        bool posted;
        address leader;
        bool leaderDemoted;
    }

    function _ladderAt(uint256 _head) internal {
        IFallbackLadder ladder = IFallbackLadder(address(mechanism));
        LadderHead memory h;
        h.head = _head;
        h.leader = mechanism.leaderAt(_head);
        if (h.leader != address(0)) _sawLeader = true;
        h.leaderDemoted = h.leader != address(0) && _demoted(h.leader);
        uint256 window;
        address primary;
        (window, h.start, h.end, primary, h.posted) = ladder.ladderWindow(_head);
        if (h.end != 0) {
            _expect(h.start <= _head && _head < h.end, "ladder-rungs", _head, "ladderWindow does not hold the block");
        }
        address[] memory who = _candidates(false);
        address holder;
        for (uint256 i = 0; i < who.length; i++) {
            if (_checkRung(who[i], h)) {
                _expect(
                    holder == address(0),
                    "ladder-rung1",
                    _head,
                    string.concat("a second holder of rung 1: ", _describe(who[i]))
                );
                holder = who[i];
            }
        }
        if (h.leader != address(0) && !h.leaderDemoted) {
            _expect(holder == h.leader, "ladder-rung1", _head, "the leader (not demoted) does not hold rung 1");
        }
        if (holder != address(0) && holder != h.leader) {
            _expect(
                h.leaderDemoted,
                "ladder-rung1",
                _head,
                string.concat("rung 1 held by another than the leader: ", _describe(holder))
            );
        }
        _expect(primary == holder, "ladder-rung1", _head, "ladderWindow's primary is not the holder of rung 1");

        // The fallback, from every candidate that is up: a batcher is down (posts nothing) for
        // stretches of windows, so primaries miss, are covered, demoted, and come back.
        for (uint256 i = 0; i < who.length; i++) {
            address x = who[(i + _head) % who.length];
            if (x == outsider || uint256(keccak256(abi.encode("down", x, window / 6))) % 3 != 0) {
                _ladderPost(x, primary, _head);
            }
        }
    }

    /// @notice Checks `_x`'s rung at the head against the rules; returns whether it holds rung 1.
    function _checkRung(address _x, LadderHead memory _h) internal view returns (bool rung1_) {
        IFallbackLadder ladder = IFallbackLadder(address(mechanism));
        (uint8 rung, uint256 opensAt, uint256 windowEnd) = ladder.rungOf(_x, _h.head);
        uint8 rights = ladder.postingRights(_x, _h.head);
        _expect(rung <= 4, "ladder-rungs", _h.head, string.concat("rung above 4: ", _describe(_x)));
        if (rung == 0) {
            _expect(rights == 0, "ladder-rungs", _h.head, string.concat("rights without a rung: ", _describe(_x)));
            return false;
        }
        _expect(
            _h.end != 0 && windowEnd == _h.end,
            "ladder-rungs",
            _h.head,
            string.concat("a rung outside a window: ", _describe(_x))
        );
        bool standing = rung == 1 || (rung == 2 && _x == _h.leader && _h.leaderDemoted);
        _expect(
            opensAt == (standing ? _h.start : _h.start + _ladderOffset(rung)),
            "ladder-rungs",
            _h.head,
            string.concat("rung ", _toString(rung), " opens at the wrong block: ", _describe(_x))
        );
        bool open = _h.head >= opensAt && (standing || !_h.posted);
        _expect(
            rights == (open ? rung : 0),
            "ladder-rungs",
            _h.head,
            string.concat(open ? "an open rung without rights: " : "rights before the rung opens: ", _describe(_x))
        );
        return rung == 1;
    }

    /// @notice A batch from `_x`: accepted iff its `postingRights` right before was not 0.
    function _ladderPost(address _x, address _primary, uint256 _head) internal {
        uint8 rights = IFallbackLadder(address(mechanism)).postingRights(_x, _head);
        vm.prank(_x);
        (bool ok, bytes memory ret) = address(mechanism).call(hex"00c0ffee0102030405060708090a0b0c0d0e0f");
        if (rights != 0) {
            _expect(
                ok,
                "ladder-fallback",
                _head,
                string.concat("rejected with postingRights ", _toString(rights), ": ", _describe(_x))
            );
            if (_x != _primary) _backupPosts++;
        } else {
            bytes memory want = abi.encodeWithSelector(ILeaderElection.NotLeader.selector, _x, _head);
            _expect(
                !ok && keccak256(ret) == keccak256(want),
                "ladder-fallback",
                _head,
                string.concat(ok ? "accepted without postingRights: " : "not rejected with NotLeader: ", _describe(_x))
            );
        }
    }

    /// @notice Blocks after a window's start at which a backup's rung (2, 3 or 4) opens.
    function _ladderOffset(uint8 _rung) internal view returns (uint256) {
        (uint256 g1, uint256 g2, uint256 g3,) = IFallbackLadder(address(mechanism)).ladderParameters();
        if (_rung == 2) return g1;
        if (_rung == 3) return g1 + g2;
        return g1 + g2 + g3;
    }

    function _demoted(address _who) internal view returns (bool demoted_) {
        (,,, demoted_) = IFallbackLadder(address(mechanism)).ladderRecord(_who);
    }

    function _fallbackAt(uint256 _head) internal {
        address leader = mechanism.leaderAt(_head);
        if (leader != address(0)) _sawLeader = true;
        _fallbackFrom(_head, leader, "fallback-accepts-only-leader");
    }

    /// @notice Sends a batch from every candidate at `_head`, whose leader is `_leader`; failures
    ///         are reported under `_rule`.
    function _fallbackFrom(uint256 _head, address _leader, string memory _rule) internal {
        address leader = _leader;
        address[] memory who = _candidates(false);
        for (uint256 i = 0; i < who.length; i++) {
            vm.prank(who[i]);
            (bool ok, bytes memory ret) = address(mechanism).call(hex"00c0ffee0102030405060708090a0b0c0d0e0f");
            if (who[i] == leader) {
                _expect(ok, _rule, _head, string.concat("leader rejected: ", _describe(who[i])));
            } else {
                bytes memory want = abi.encodeWithSelector(ILeaderElection.NotLeader.selector, who[i], _head);
                _expect(
                    !ok && keccak256(ret) == keccak256(want),
                    _rule,
                    _head,
                    string.concat(
                        ok ? "non-leader accepted: " : "non-leader not rejected with NotLeader: ", _describe(who[i])
                    )
                );
            }
        }
    }

    function _stableAt(uint256 _head) internal {
        uint256 ahead = _ahead();
        _expect(ahead >= 1, "schedule-stable", _head, "lookahead() must be at least 1");
        for (uint256 b = _head; b < _head + ahead; b++) {
            address leader = mechanism.leaderAt(b);
            uint256 seen = published[b];
            if (seen == 0) {
                published[b] = uint256(uint160(leader)) | (1 << 160);
            } else {
                _expect(leader == address(uint160(seen)), "schedule-stable", b, "a fixed slot changed");
            }
        }
        address current = mechanism.leaderAt(_head);
        if (current != address(0)) {
            _expect(mechanism.isLeader(current, _head), "schedule-stable", _head, "isLeader of the leader");
        }
        if (!_answersWeights()) return;
        address[] memory who = _candidates(false);
        for (uint256 b = _head; b < _head + ahead; b++) {
            bytes memory all;
            for (uint256 i = 0; i < who.length; i++) {
                (uint256 w, uint256 t) = _weight(who[i], b);
                all = abi.encodePacked(all, w, t);
            }
            uint256 digest = uint256(keccak256(all)) | 1;
            uint256 seen = publishedWeights[b];
            if (seen == 0) publishedWeights[b] = digest;
            else _expect(digest == seen, "schedule-stable", b, "a fixed slot's weights changed");
        }
    }

    uint256 private _gasMax;

    function _viewGasAt(uint256 _head) internal {
        address[] memory who = _candidates(false);
        _measureView(abi.encodeCall(ILeaderElection.leaderAt, (_head)), _head, "leaderAt");
        _measureView(abi.encodeCall(ILeaderElection.leaderAt, (_head + _ahead() - 1)), _head, "leaderAt");
        _measureView(abi.encodeCall(ILeaderElection.lookahead, ()), _head, "lookahead");
        for (uint256 i = 0; i < who.length; i++) {
            _measureView(abi.encodeCall(ILeaderElection.isLeader, (who[i], _head)), _head, "isLeader");
            _measureView(abi.encodeCall(ILeaderElection.nextWindow, (who[i], _head)), _head, "nextWindow");
        }
        if (_answersWeights()) {
            for (uint256 i = 0; i < who.length; i++) {
                _measureView(abi.encodeCall(ILeaderWeights.weightAt, (who[i], _head)), _head, "weightAt");
            }
        }
        if (_answersWindows()) {
            _measureView(abi.encodeCall(IMissReporting.windowOf, (_head)), _head, "windowOf");
        }
        if (_answersLadder()) {
            _measureView(abi.encodeCall(IFallbackLadder.ladderWindow, (_head)), _head, "ladderWindow");
            _measureView(abi.encodeCall(IFallbackLadder.ladderParameters, ()), _head, "ladderParameters");
            for (uint256 i = 0; i < who.length; i++) {
                _measureView(abi.encodeCall(IFallbackLadder.postingRights, (who[i], _head)), _head, "postingRights");
                _measureView(abi.encodeCall(IFallbackLadder.rungOf, (who[i], _head + _ahead() - 1)), _head, "rungOf");
                _measureView(abi.encodeCall(IFallbackLadder.ladderRecord, (who[i])), _head, "ladderRecord");
            }
        }
        if (mechanism.leaderAt(_head) != address(0)) _sawLeader = true;
    }

    // -------------------------------------------------------------------------------------------
    // Helpers
    // -------------------------------------------------------------------------------------------

    bool private _sawLeader;
    bool private _mechanismWarm;
    address private constant WARM_EMPTY = address(0xba70e);
    uint256 private _freshSeed = 0xF2E5;

    /// @notice Runs `_check` at `_heads()` consecutive heads from the current block (or only at the
    ///         current one when `_perturbSeed == 0`), perturbing at about one head in four.
    function _walk(uint256 _perturbSeed, function(uint256) internal _check) internal {
        _sawLeader = false;
        uint256 first = block.number;
        uint256 heads = _perturbSeed == 0 ? 1 : _heads();
        for (uint256 i = 0; i < heads; i++) {
            vm.roll(first + i);
            uint256 rnd = uint256(keccak256(abi.encode(_perturbSeed, i)));
            if (_perturbSeed != 0 && i > 0 && rnd % 4 == 0) _perturb(rnd >> 8);
            _check(first + i);
        }
        _expect(_sawLeader || _perturbSeed == 0, "vacuous", first, "nobody led any block checked");
    }

    /// @notice Net execution gas of a view call: the CALL's cost minus the same CALL to an empty
    ///         account in the same (cold or warm) access state, so the account access and call
    ///         overhead a tx pays anyway are not counted.
    function _measureView(bytes memory _data, uint256 _head, string memory _name) internal {
        address empty = WARM_EMPTY;
        if (!_mechanismWarm) {
            empty = makeAddr(_freshSeed++); // cold, like the mechanism's first call
            _mechanismWarm = true;
        } else {
            _call(WARM_EMPTY, _data); // make sure it is warm
        }
        (, uint256 base) = _call(empty, _data);
        (bool ok, uint256 cost) = _call(address(mechanism), _data);
        _expect(ok, "view-gas", _head, string.concat(_name, " reverted"));
        uint256 net = cost > base ? cost - base : 0;
        if (net > _gasMax) _gasMax = net;
        _expect(
            net <= VIEW_GAS_BUDGET,
            "view-gas",
            _head,
            string.concat(_name, " costs ", _toString(net), " gas, over 30000")
        );
    }

    /// @notice CALL with the arguments in place; returns whether it succeeded and the gas it used.
    function _call(address _to, bytes memory _data) internal returns (bool ok_, uint256 gas_) {
        assembly {
            let g := gas()
            ok_ := call(gas(), _to, 0, add(_data, 32), mload(_data), 0, 0)
            gas_ := sub(g, gas())
        }
    }

    /// @notice Whether the mechanism answers `weightAt` as a tool probes it: a call from this
    ///         contract (never a leader) for the current block succeeds with 64 bytes.
    function _answersWeights() internal view returns (bool) {
        (bool ok, bytes memory ret) =
            address(mechanism).staticcall(abi.encodeCall(ILeaderWeights.weightAt, (outsider, block.number)));
        return ok && ret.length == 64;
    }

    /// @notice Whether the mechanism answers `windowOf` as a tool probes it (32 bytes).
    function _answersWindows() internal view returns (bool) {
        (bool ok, bytes memory ret) =
            address(mechanism).staticcall(abi.encodeCall(IMissReporting.windowOf, (block.number)));
        return ok && ret.length == 32;
    }

    /// @notice Whether the mechanism answers `ladderParameters` as a tool probes it (128 bytes).
    function _answersLadder() internal view returns (bool) {
        (bool ok, bytes memory ret) =
            address(mechanism).staticcall(abi.encodeCall(IFallbackLadder.ladderParameters, ()));
        return ok && ret.length == 128;
    }

    /// @notice `weightAt(_who, _b)`; a revert or a wrong length fails rule `weights`.
    function _weight(address _who, uint256 _b) internal view returns (uint256 weight_, uint256 total_) {
        (bool ok, bytes memory ret) = address(mechanism).staticcall(abi.encodeCall(ILeaderWeights.weightAt, (_who, _b)));
        _expect(ok && ret.length == 64, "weights", _b, string.concat("weightAt failed: ", _describe(_who)));
        (weight_, total_) = abi.decode(ret, (uint256, uint256));
    }

    /// @notice `windowOf(_b)`; a revert or a wrong length fails rule `windows`.
    function _window(uint256 _b) internal view returns (uint256) {
        (bool ok, bytes memory ret) = address(mechanism).staticcall(abi.encodeCall(IMissReporting.windowOf, (_b)));
        _expect(ok && ret.length == 32, "windows", _b, "windowOf failed");
        return abi.decode(ret, (uint256));
    }

    /// @notice How many blocks ahead of the head are checked: the lookahead, capped.
    function _ahead() internal view returns (uint256) {
        uint256 l = mechanism.lookahead();
        return l < MAX_AHEAD ? l : MAX_AHEAD;
    }

    /// @notice The batchers, the outsider and (if `_withZero`) address(0).
    function _candidates(bool _withZero) internal view returns (address[] memory who_) {
        who_ = new address[](batchers.length + (_withZero ? 2 : 1));
        for (uint256 i = 0; i < batchers.length; i++) {
            who_[i] = batchers[i];
        }
        who_[batchers.length] = outsider;
    }

    function _isBatcher(address _who) internal view returns (bool) {
        for (uint256 i = 0; i < batchers.length; i++) {
            if (batchers[i] == _who) return true;
        }
        return false;
    }

    function _describe(address _who) internal view returns (string memory) {
        if (_who == address(0)) return "address(0)";
        if (_who == outsider) return "the outsider";
        for (uint256 i = 0; i < batchers.length; i++) {
            if (batchers[i] == _who) return string.concat("batcher ", _toString(i));
        }
        return _toString(uint160(_who));
    }

    function _signatures() internal view returns (string[] memory) {
        return vm.parseJsonKeys(vm.readFile(_artifactPath()), ".methodIdentifiers");
    }

    /// @notice Fails with `conformance[<rule>] at block <b>: <what>` unless `_ok`.
    function _expect(bool _ok, string memory _rule, uint256 _block, string memory _what) internal pure {
        if (!_ok) {
            revert AssertionFailed(string.concat("conformance[", _rule, "] at block ", _toString(_block), ": ", _what));
        }
    }
}

/// @title MechanismConformance
/// @notice Inherit this in your mechanism's test and implement `_deployMechanism` and
///         `_artifactPath` (optionally `_perturb`): every rule of docs/mechanisms.md then runs as a
///         test, the schedule-stability rule fuzzed.
abstract contract MechanismConformance is ConformanceChecks {
    function test_conformance_leaderIsMemberOrZero() external {
        check_leaderIsMemberOrZero();
    }

    function test_conformance_isLeaderMatchesLeaderAt() external {
        check_isLeaderMatchesLeaderAt();
    }

    function test_conformance_nextWindowMatchesLeaderAt() external {
        check_nextWindowMatchesLeaderAt();
    }

    function test_conformance_fallbackAcceptsOnlyTheLeader() external {
        check_fallbackAcceptsOnlyTheLeader();
    }

    function testFuzz_conformance_scheduleStable(uint256 _seed) external {
        check_scheduleStable(_seed);
    }

    function test_conformance_viewsWithinGasBudget() external {
        emit log_named_uint("most expensive view (net execution gas)", check_viewGas());
    }

    function test_conformance_noSelectorStartsWithZeroByte() external view {
        check_noSelectorStartsWithZeroByte();
    }

    function test_conformance_namedFunctionsRevertInBlobTx() external {
        check_namedFunctionsRevertInBlobTx();
    }

    function test_conformance_ladder() external {
        emit log_named_uint("answers IFallbackLadder.ladderParameters", check_ladder() ? 1 : 0);
    }

    function test_conformance_optionalInterfaces() external {
        (bool weights, bool windows) = check_optionalInterfaces();
        emit log_named_uint("answers ILeaderWeights.weightAt", weights ? 1 : 0);
        emit log_named_uint("answers IMissReporting.windowOf", windows ? 1 : 0);
    }
}
