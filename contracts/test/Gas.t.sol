// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import { vm } from "../src/script/Vm.sol";
import { TestBase } from "./TestBase.sol";
import { RoundRobinInbox } from "../src/RoundRobinInbox.sol";

/// @title Gas_RoundRobinInbox_Test
/// @notice Measures what the inbox adds to a batch tx and what its views cost, with cold storage
///         (each forge test runs in a fresh tx after setUp). Every figure is "net": the cost of the
///         same CALL (same calldata) to an empty account is subtracted, which removes the account
///         access and call overhead that a batch tx pays for an EOA inbox as well. Figures are
///         logged (`forge test -vv --mc Gas`) and bounded by the targets in docs/contracts.md.
contract Gas_RoundRobinInbox_Test is TestBase {
    /// @notice Issue 16's target for a (non-demoted) primary's post on the fallback ladder: one
    ///         cold SLOAD of its record and one SSTORE of the window of its post (5,000 of it).
    uint256 internal constant FALLBACK_BUDGET = 6_000;
    uint256 internal constant NEXT_WINDOW_BUDGET = 10_000;

    address internal owner = makeAddr(1);
    address[] internal leaders;
    RoundRobinInbox internal inbox;
    uint256 internal eoaSeed = 900;

    function setUp() public {
        vm.roll(1_000);
        for (uint256 i = 0; i < 8; i++) {
            leaders.push(makeAddr(100 + i));
        }
        inbox = new RoundRobinInbox(owner, 4, 16, 1_000, leaders, _ladder());
        // A pending change, so views take the two-roster path (worst case).
        vm.roll(1_050);
        vm.prank(owner);
        inbox.removeLeader(leaders[0]);
        vm.roll(1_060);
    }

    function test_gas_fallbackOverheadOverEoa_withinBudget() external {
        bytes memory batch = new bytes(1_000);
        batch[1] = 0xab;
        // Turn (1060 - 1000) / 4 = 15 -> 15 % 8 = 7. Computed here: asking the inbox would warm it.
        address leader = leaders[7];

        vm.prank(leader);
        (bool okEoa, uint256 eoaCost) = _measuredCall(_freshEoa(), batch);
        vm.prank(leader);
        (bool okInbox, uint256 inboxCost) = _measuredCall(address(inbox), batch);
        assertTrue(okEoa && okInbox, "both calls succeed");
        uint256 overhead = inboxCost - eoaCost;
        emit log_named_uint("inbox fallback overhead over an EOA (leader, cold)", overhead);
        assertLe(overhead, FALLBACK_BUDGET, "fallback overhead");
    }

    function test_gas_fallbackRejection_isCheap() external {
        bytes memory batch = new bytes(1_000);
        address outsider = makeAddr(5_000);
        vm.prank(outsider);
        (, uint256 eoaCost) = _measuredCall(_freshEoa(), batch);
        vm.prank(outsider);
        (bool ok, uint256 inboxCost) = _measuredCall(address(inbox), batch);
        assertFalse(ok, "outsider rejected");
        emit log_named_uint("inbox fallback rejecting a non-leader (cold)", inboxCost - eoaCost);
        assertLe(inboxCost - eoaCost, FALLBACK_BUDGET, "rejection cost");
    }

    function test_gas_nextWindow_withinBudget() external {
        // leaders[7] leads turn 15 (1060..1063) of the old roster; the new roster activates at
        // 1068 and the horizon is 1076, so the call walks both rosters.
        bytes memory data = abi.encodeCall(inbox.nextWindow, (leaders[7], block.number));
        uint256 cost = _netCost(data);
        emit log_named_uint("nextWindow (two rosters, cold)", cost);
        assertLe(cost, NEXT_WINDOW_BUDGET, "nextWindow");
    }

    function test_gas_leaderAt_measured() external {
        uint256 cost = _netCost(abi.encodeCall(inbox.leaderAt, (block.number + 10)));
        emit log_named_uint("leaderAt (cold)", cost);
        assertLe(cost, NEXT_WINDOW_BUDGET, "leaderAt");
    }

    function test_gas_isLeader_measured() external {
        uint256 cost = _netCost(abi.encodeCall(inbox.isLeader, (leaders[3], block.number)));
        emit log_named_uint("isLeader (cold)", cost);
        assertLe(cost, NEXT_WINDOW_BUDGET, "isLeader");
    }

    /// @notice The ladder parameters the deploy code uses.
    function _ladder() internal pure returns (RoundRobinInbox.LadderConfig memory) {
        return RoundRobinInbox.LadderConfig({ g1: 2, g2: 1, g3: 1, maxMisses: 2 });
    }

    /// @notice Net cost of calling the inbox with `_data`: minus the same call to an empty account.
    function _netCost(bytes memory _data) internal returns (uint256) {
        (, uint256 eoaCost) = _measuredCall(_freshEoa(), _data);
        (bool ok, uint256 cost) = _measuredCall(address(inbox), _data);
        assertTrue(ok, "view call succeeds");
        return cost - eoaCost;
    }

    /// @notice A never-touched address (cold, like the inbox at the start of a test).
    function _freshEoa() internal returns (address) {
        return makeAddr(eoaSeed++);
    }

    /// @notice CALL with the arguments in place (no copy); returns the gas the CALL used.
    function _measuredCall(address _to, bytes memory _data) internal returns (bool ok_, uint256 gas_) {
        assembly {
            let g := gas()
            ok_ := call(gas(), _to, 0, add(_data, 32), mload(_data), 0, 0)
            gas_ := sub(g, gas())
        }
    }
}

/// @title Gas_RoundRobinInbox_Ladder_Test
/// @notice The fallback's execution gas on the ladder, measured like the example's
///         (test/examples/LadderRoundRobinGas.t.sol): three members in turns of 4 blocks from
///         block 1000, the deploy code's ladder (G1 = 2, G2 = G3 = 1, two misses demote), measured
///         in turn 5 after the members posted in earlier turns (their records hold a window, as on
///         a running chain). Each figure is a fresh tx (cold storage), net of the same CALL to an
///         existing account without code. `forge test -vv --mc Gas_RoundRobinInbox_Ladder`;
///         docs/gas.md quotes them.
abstract contract Gas_RoundRobinInbox_LadderBase is TestBase {
    uint256 internal constant START = 1_000;
    uint256 internal constant K = 4;
    uint256 internal constant W = 5;
    uint256 internal constant PRIMARY_POST_BUDGET = 6_000;
    uint256 internal constant BACKUP_POST_BUDGET = 25_000;

    RoundRobinInbox internal inbox;
    address[] internal m;
    uint256 internal eoaSeed = 900;

    function setUp() public virtual {
        for (uint256 i = 0; i < 3; i++) {
            m.push(makeAddr(0xA0 + i));
        }
        vm.roll(START);
        inbox = new RoundRobinInbox(
            makeAddr(1), K, 16, START, m, RoundRobinInbox.LadderConfig({ g1: 2, g2: 1, g3: 1, maxMisses: 2 })
        );
        for (uint256 w = 0; w < W; w++) {
            vm.roll(START + w * K);
            _send(m[w % 3]);
        }
        vm.roll(START + W * K);
        for (uint256 i = 0; i < 8; i++) {
            vm.deal(makeAddr(eoaSeed + i), 1); // baseline accounts exist and stay cold
        }
    }

    function _send(address _from) internal returns (bool ok_) {
        vm.prank(_from);
        (ok_,) = address(inbox).call(_batch(100));
    }

    function _net(address _from, bytes memory _data) internal returns (uint256 net_, bool ok_) {
        address eoa = makeAddr(eoaSeed++);
        vm.prank(_from);
        (, uint256 base) = _measuredCall(eoa, _data);
        vm.prank(_from);
        uint256 cost;
        (ok_, cost) = _measuredCall(address(inbox), _data);
        net_ = cost > base ? cost - base : 0;
    }

    function _measuredCall(address _to, bytes memory _data) internal returns (bool ok_, uint256 gas_) {
        assembly {
            let g := gas()
            ok_ := call(gas(), _to, 0, add(_data, 32), mload(_data), 0, 0)
            gas_ := sub(g, gas())
        }
    }

    function _batch(uint256 _bytes) internal pure returns (bytes memory batch_) {
        batch_ = new bytes(_bytes);
        for (uint256 i = 1; i < _bytes; i++) {
            batch_[i] = bytes1(uint8(i * 131 % 255 + 1));
        }
    }
}

/// @title Gas_RoundRobinInbox_Ladder_Test
contract Gas_RoundRobinInbox_Ladder_Test is Gas_RoundRobinInbox_LadderBase {
    function test_gas_primaryPost_firstOfTurn() external {
        (uint256 net, bool ok) = _net(m[W % 3], _batch(1_000));
        assertTrue(ok, "accepted");
        emit log_named_uint("round robin ladder: primary's first post of a turn", net);
        assertLe(net, PRIMARY_POST_BUDGET, "primary post");
    }

    function test_gas_primaryPost_emptyCalldata() external {
        (uint256 net, bool ok) = _net(m[W % 3], "");
        assertTrue(ok, "accepted");
        emit log_named_uint("round robin ladder: primary's first post, empty calldata (blob tx)", net);
        assertLe(net, PRIMARY_POST_BUDGET, "primary post");
    }

    function test_gas_backupPost_recordsMiss() external {
        vm.roll(block.number + 2); // G1
        (uint256 net, bool ok) = _net(m[(W + 1) % 3], _batch(1_000));
        assertTrue(ok, "accepted");
        emit log_named_uint("round robin ladder: first backup at G1 (records the primary's miss)", net);
        assertLe(net, BACKUP_POST_BUDGET, "backup post");
    }

    function test_gas_rejected() external {
        (uint256 net, bool ok) = _net(m[(W + 1) % 3], _batch(1_000));
        assertFalse(ok, "rejected before G1");
        emit log_named_uint("round robin ladder: a backup before G1, rejected", net);
    }

    function test_gas_postingRights() external {
        (uint256 net,) = _net(address(this), abi.encodeCall(inbox.postingRights, (m[(W + 1) % 3], block.number + 2)));
        emit log_named_uint("round robin ladder: postingRights (cold)", net);
    }
}

/// @title Gas_RoundRobinInbox_LadderRepeat_Test
/// @notice The primary's second post of the same turn (nothing to write).
contract Gas_RoundRobinInbox_LadderRepeat_Test is Gas_RoundRobinInbox_LadderBase {
    function setUp() public override {
        super.setUp();
        _send(m[W % 3]);
    }

    function test_gas_primaryPost_repeat() external {
        (uint256 net, bool ok) = _net(m[W % 3], _batch(1_000));
        assertTrue(ok, "accepted");
        emit log_named_uint("round robin ladder: primary's repeat post in its turn", net);
        assertLe(net, PRIMARY_POST_BUDGET, "primary post");
    }
}

/// @title Gas_RoundRobinInbox_LadderDemoted_Test
/// @notice After the primary is demoted, its first backup posts at rung 1 from the turn's start.
contract Gas_RoundRobinInbox_LadderDemoted_Test is Gas_RoundRobinInbox_LadderBase {
    function setUp() public override {
        super.setUp();
        // Turns 5 and 8 (m[2]'s): m[0] covers at G1 twice, which demotes m[2].
        for (uint256 w = W; w <= W + 3; w += 3) {
            vm.roll(START + w * K + 2);
            require(_send(m[(W + 1) % 3]), "cover");
        }
        vm.roll(START + (W + 6) * K);
    }

    function test_gas_standInPost_afterDemotion() external {
        (uint256 net, bool ok) = _net(m[(W + 1) % 3], _batch(1_000));
        assertTrue(ok, "accepted");
        emit log_named_uint("round robin ladder: first backup standing in for a demoted primary (rung 1)", net);
        assertLe(net, BACKUP_POST_BUDGET, "stand-in post");
    }
}

/// @title Gas_RoundRobinInbox_OwnerChanges_Test
/// @notice What owner changes cost (they rewrite the records of both rosters' members): an add
///         that copies a 63-member roster into the empty second bank, and an add and a remove on a
///         3-member roster. Logged only (`forge test -vv --mc Gas_RoundRobinInbox_OwnerChanges`).
contract Gas_RoundRobinInbox_OwnerChanges_Test is TestBase {
    address internal owner = makeAddr(1);
    RoundRobinInbox internal big;
    RoundRobinInbox internal small;

    function setUp() public {
        RoundRobinInbox.LadderConfig memory ladder = RoundRobinInbox.LadderConfig({ g1: 2, g2: 1, g3: 1, maxMisses: 2 });
        address[] memory r = new address[](63);
        for (uint256 i = 0; i < r.length; i++) {
            r[i] = makeAddr(1_000 + i);
        }
        vm.roll(100);
        big = new RoundRobinInbox(owner, 4, 8, 0, r, ladder);
        address[] memory s = new address[](3);
        for (uint256 i = 0; i < s.length; i++) {
            s[i] = makeAddr(2_000 + i);
        }
        small = new RoundRobinInbox(owner, 4, 8, 0, s, ladder);
        vm.roll(200);
    }

    function test_gas_addCopying63() external {
        vm.prank(owner);
        uint256 g = gasleft();
        big.addLeader(makeAddr(5));
        emit log_named_uint("addLeader copying a 63-member roster", g - gasleft());
    }

    function test_gas_addThenRemove_small() external {
        vm.prank(owner);
        uint256 g = gasleft();
        small.addLeader(makeAddr(5));
        emit log_named_uint("addLeader to a 3-member roster", g - gasleft());
        vm.roll(300);
        vm.prank(owner);
        g = gasleft();
        small.removeLeader(makeAddr(2_000));
        emit log_named_uint("removeLeader from the 4-member roster", g - gasleft());
    }
}
