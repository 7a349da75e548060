// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import { vm } from "baton/script/Vm.sol";
import { TestBase } from "baton-test/TestBase.sol";
import { LadderRoundRobinInbox } from "../../examples/LadderRoundRobin.sol";

/// @title Ladder_Handler
/// @notice What the invariant fuzzer drives: four members (two backups per window, turns of 5
///         blocks, G1 = 2, G2 = G3 = 1, two misses demote) whose batchers die and come back at
///         random. Every block, each live member posts as an honest batcher would: the effective
///         primary once per window as soon as it may, anyone else once its rung is open and the
///         window has no post yet. Random extra posts (members and an outsider) test the rights.
///         The handler checks each post against `postingRights` read just before it, counts
///         rung-1 holders at every block, and measures each finished window's cost (blocks from
///         its start to its first accepted post).
contract Ladder_Handler is TestBase {
    uint256 internal constant START = 500;
    uint256 internal constant K = 5;
    uint256 internal constant G1 = 2;
    uint256 internal constant MAX_MISSES = 2;
    uint256 internal constant N = 4;

    LadderRoundRobinInbox public inbox;
    address[] internal pool;
    address internal outsider = makeAddr(0x0B5);
    bool[N] internal dead;
    /// @notice The next block to process.
    uint256 public nextBlock = START;

    // Ghost counters the invariants read.
    uint256 public acceptedWithoutRight;
    uint256 public rejectedWithRight;
    uint256 public blocksWithTwoRung1;
    uint256 public costViolations;
    uint256 public demotionViolations;
    uint256 public posts;
    uint256 public fallbackPosts;
    uint256 public windowsDeadPrimary;
    uint256 public windowsAfterDemotion;

    // The window being processed.
    uint256 internal curWindow = type(uint256).max;
    uint256 internal curStart;
    uint256 internal firstPost;
    bool internal anyPost;
    uint256 internal primaryIdx; // scheduled primary
    uint256 internal backupIdx; // first backup (rank 2)
    bool internal demotedAtStart;
    bool internal primaryDeadAll;
    bool internal primaryAliveAll;
    bool internal backupAliveAll;
    mapping(address => bool) internal postedInWindow;
    /// @notice Windows in a row in which a member was the non-demoted primary, dead throughout,
    ///         while its first backup was alive throughout (so the contract must charge a miss).
    mapping(address => uint256) public ghostMisses;

    // An independent model of the ladder's rules (docs/mechanisms.md § The fallback ladder),
    // per member index: window + 1 of its last post and last miss, misses in a row.
    uint256[N] internal modelLastPost;
    uint256[N] internal modelLastMiss;
    uint256[N] internal modelStreak;
    /// @notice Times the contract's `postingRights` or fallback disagreed with the model.
    uint256 public modelMismatches;

    constructor() {
        for (uint256 i = 0; i < N; i++) {
            pool.push(makeAddr(0x1A0 + i));
        }
        vm.roll(START - 1);
        inbox = new LadderRoundRobinInbox(
            LadderRoundRobinInbox.Config({
                members: pool, turnLength: K, startBlock: START, backups: 2, g1: G1, g2: 1, g3: 1, maxMisses: MAX_MISSES
            })
        );
    }

    /// @notice Maybe kills or revives a member's batcher, then processes 2 to 12 blocks (so a
    ///         campaign of 32 calls sees a dead primary lose MAX_MISSES windows and be demoted).
    function step(uint256 _seed) external {
        uint256 r = _seed % 16;
        if (r < 3) dead[(_seed >> 8) % N] = true;
        else if (r < 5) dead[(_seed >> 8) % N] = false;
        uint256 blocks = 2 + (_seed >> 16) % 11;
        for (uint256 i = 0; i < blocks; i++) {
            _processBlock();
        }
    }

    /// @notice A post from anyone (a live member or the outsider) at the last processed block.
    function rogue(uint256 _seed) external {
        if (nextBlock == START) return;
        vm.roll(nextBlock - 1);
        uint256 i = _seed % (N + 1);
        if (i < N && dead[i]) return; // a dead batcher sends nothing
        _tryPost(i < N ? pool[i] : outsider);
    }

    function _processBlock() internal {
        uint256 b = nextBlock++;
        vm.roll(b);
        uint256 w = (b - START) / K;
        if (w != curWindow) _openWindow(w, b);
        primaryDeadAll = primaryDeadAll && dead[primaryIdx];
        primaryAliveAll = primaryAliveAll && !dead[primaryIdx];
        backupAliveAll = backupAliveAll && !dead[backupIdx];

        uint256 rung1;
        for (uint256 i = 0; i < N; i++) {
            uint8 rung = inbox.postingRights(pool[i], b);
            if (rung == 1) rung1++;
            if (rung != _modelRung(i, b)) modelMismatches++;
        }
        if (rung1 > 1) blocksWithTwoRung1++;

        for (uint256 i = 0; i < N; i++) {
            if (dead[i]) continue;
            uint8 rung = inbox.postingRights(pool[i], b);
            bool wants = (rung == 1 && !postedInWindow[pool[i]]) || (rung != 0 && !anyPost);
            if (wants) _tryPost(pool[i]);
        }
    }

    function _openWindow(uint256 _w, uint256 _b) internal {
        if (curWindow != type(uint256).max) _closeWindow();
        for (uint256 i = 0; i < N; i++) {
            postedInWindow[pool[i]] = false;
        }
        (curWindow, curStart, anyPost) = (_w, _b, false);
        primaryIdx = _w % N;
        backupIdx = (_w + 1) % N;
        (,,, demotedAtStart) = inbox.ladderRecord(pool[primaryIdx]);
        (primaryDeadAll, primaryAliveAll, backupAliveAll) = (true, true, true);
        // Demotion must follow MAX_MISSES charged windows in a row.
        if (ghostMisses[pool[primaryIdx]] >= MAX_MISSES && !demotedAtStart) demotionViolations++;
    }

    /// @notice The cost rules, for the window just finished.
    function _closeWindow() internal {
        address primary = pool[primaryIdx];
        uint256 cost = anyPost ? firstPost - curStart : type(uint256).max;
        if (demotedAtStart) {
            // The first backup leads the window from its start.
            if (backupAliveAll) {
                windowsAfterDemotion++;
                if (cost != 0) costViolations++;
            }
        } else if (primaryAliveAll) {
            if (cost != 0) costViolations++;
        } else if (primaryDeadAll && backupAliveAll) {
            windowsDeadPrimary++;
            if (cost > G1) costViolations++;
            ghostMisses[primary]++;
        }
    }

    function _tryPost(address _who) internal {
        uint8 rung = inbox.postingRights(_who, block.number);
        uint256 idx = _indexOf(_who);
        uint256 want = idx < N ? _modelRung(idx, block.number) : 0;
        vm.prank(_who);
        (bool ok,) = address(inbox).call(hex"00c0ffee");
        if (ok && rung == 0) acceptedWithoutRight++;
        if (!ok && rung != 0) rejectedWithRight++;
        if (rung != want || ok != (want != 0)) modelMismatches++;
        if (!ok) return;
        if (idx < N) _modelPost(idx, block.number);
        posts++;
        if (rung != 1) fallbackPosts++;
        if (!anyPost) (anyPost, firstPost) = (true, block.number);
        postedInWindow[_who] = true;
        ghostMisses[_who] = 0;
    }
    // ---------------------------------------------------------------------------------------
    // The model
    // ---------------------------------------------------------------------------------------

    function _indexOf(address _who) internal view returns (uint256) {
        for (uint256 i = 0; i < N; i++) {
            if (pool[i] == _who) return i;
        }
        return N;
    }

    /// @notice The rung the rules give member `_i` at `_b`: primary `w % N`, backups the next two
    ///         in turn order, the last a member; a demoted primary's backups move up one place.
    function _modelRung(uint256 _i, uint256 _b) internal view returns (uint8) {
        uint256 w = (_b - START) / K;
        uint256 off = _b - (START + w * K);
        uint256 p = w % N;
        bool demoted = modelStreak[p] >= MAX_MISSES;
        uint256 rank = (_i + N - p) % N + 1; // 1 primary, 2 first backup, 3 second, 4 member
        if (rank == 1) return demoted ? 2 : 1;
        uint256 eff = demoted ? (w + 1) % N : p;
        uint256 effRank = rank == 4 ? 4 : (demoted ? rank - 1 : rank);
        if (effRank == 1) return 1;
        if (modelLastPost[eff] == w + 1) return 0;
        if (effRank == 2) return off >= G1 ? 2 : 0;
        if (effRank == 3) return off >= G1 + 1 ? 3 : 0; // G2 = 1
        return off >= G1 + 2 ? 4 : 0; // G3 = 1
    }

    /// @notice Applies an accepted post of member `_i` at `_b` to the model.
    function _modelPost(uint256 _i, uint256 _b) internal {
        uint256 w = (_b - START) / K;
        uint256 off = _b - (START + w * K);
        uint256 p = w % N;
        uint256 eff = modelStreak[p] >= MAX_MISSES ? (w + 1) % N : p;
        if (eff != _i && modelLastPost[eff] != w + 1 && off >= G1 && modelLastMiss[eff] != w + 1) {
            if (modelStreak[eff] < 255) modelStreak[eff]++;
            modelLastMiss[eff] = w + 1;
        }
        modelLastPost[_i] = w + 1;
        modelStreak[_i] = 0;
    }
}

/// @notice forge reads this shape from `targetSelectors()`.
struct FuzzSelector {
    address addr;
    bytes4[] selectors;
}

/// @title LadderRoundRobin_Invariant
/// @notice Over random deaths, revivals and extra posts:
///         - at every block at most one address holds rung 1;
///         - every member's `postingRights` at every block, and every post's outcome, equal an
///           independent model of the rules kept by the handler;
///         - the fallback accepts a post exactly when `postingRights` gave its sender a rung;
///         - a live primary's window costs 0 blocks; a dead, not yet demoted primary's window costs
///           at most G1 blocks when its first backup is alive; after MAX_MISSES such windows in a
///           row it is demoted, and its windows cost 0 while the backup that takes them is alive.
contract LadderRoundRobin_Invariant is TestBase {
    Ladder_Handler internal handler;

    function setUp() public {
        handler = new Ladder_Handler();
    }

    function targetContracts() public view returns (address[] memory targets_) {
        targets_ = new address[](1);
        targets_[0] = address(handler);
    }

    function targetSelectors() public view returns (FuzzSelector[] memory selectors_) {
        bytes4[] memory actions = new bytes4[](2);
        actions[0] = Ladder_Handler.step.selector;
        actions[1] = Ladder_Handler.rogue.selector;
        selectors_ = new FuzzSelector[](1);
        selectors_[0] = FuzzSelector({ addr: address(handler), selectors: actions });
    }

    function invariant_atMostOneRung1PerBlock() external view {
        assertEq(handler.blocksWithTwoRung1(), 0, "two rung-1 holders at a block");
    }

    function invariant_acceptedExactlyWithARight() external view {
        assertEq(handler.acceptedWithoutRight(), 0, "a post without a posting right was accepted");
        assertEq(handler.rejectedWithRight(), 0, "a post with a posting right was rejected");
    }

    function invariant_contractMatchesModel() external view {
        assertEq(handler.modelMismatches(), 0, "postingRights or the fallback disagreed with the rules' model");
    }

    function invariant_deadPrimaryCost() external view {
        assertEq(handler.costViolations(), 0, "a window cost more than the ladder allows");
        assertEq(handler.demotionViolations(), 0, "a primary was not demoted after MAX_MISSES misses");
    }
}
