// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import { vm } from "baton/script/Vm.sol";
import { TestBase } from "baton-test/TestBase.sol";
import { LadderRoundRobinInbox } from "../../examples/LadderRoundRobin.sol";

/// @title Gas_Ladder_Base
/// @notice The fallback's execution gas with the ladder (issue 16's target: <= 6,000 for a
///         primary's post). Three members in turns of 4 blocks from block 1000, G1 = 2, G2 = G3 =
///         1, two misses demote; measured in window 5 after the members posted in earlier windows
///         (their records are non-zero, as on a running chain). Each figure is a fresh tx (cold
///         storage) and "net": the same CALL to an existing account without code is subtracted,
///         as in the stake inbox's gas tests. `forge test -vv --mc Gas_Ladder` prints them;
///         docs/gas.md quotes them.
abstract contract Gas_Ladder_Base is TestBase {
    uint256 internal constant START = 1_000;
    uint256 internal constant K = 4;
    uint256 internal constant W = 5;
    uint256 internal constant PRIMARY_POST_BUDGET = 6_000;
    uint256 internal constant BACKUP_POST_BUDGET = 25_000;
    uint256 internal constant VIEW_BUDGET = 15_000;

    LadderRoundRobinInbox internal inbox;
    address[] internal m;
    uint256 internal eoaSeed = 900;

    function setUp() public virtual {
        for (uint256 i = 0; i < 3; i++) {
            m.push(makeAddr(0xA0 + i));
        }
        vm.roll(START);
        inbox = new LadderRoundRobinInbox(
            LadderRoundRobinInbox.Config({
                members: m, turnLength: K, startBlock: START, backups: 1, g1: 2, g2: 1, g3: 1, maxMisses: 2
            })
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

    function _primary() internal view returns (address) {
        return m[W % 3];
    }

    function _backup() internal view returns (address) {
        return m[(W + 1) % 3];
    }

    /// @notice Net gas of `_data` sent to the inbox from `_from`.
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

/// @title Gas_Ladder_Test
contract Gas_Ladder_Test is Gas_Ladder_Base {
    function test_gas_primaryPost_firstOfWindow() external {
        (uint256 net, bool ok) = _net(_primary(), _batch(1_000));
        assertTrue(ok, "accepted");
        emit log_named_uint("ladder: primary's first post of a window", net);
        assertLe(net, PRIMARY_POST_BUDGET, "primary post");
    }

    function test_gas_primaryPost_blobLike_emptyCalldata() external {
        (uint256 net, bool ok) = _net(_primary(), "");
        assertTrue(ok, "accepted");
        emit log_named_uint("ladder: primary's first post, empty calldata (blob tx)", net);
        assertLe(net, PRIMARY_POST_BUDGET, "primary post");
    }

    function test_gas_backupPost_recordsMiss() external {
        vm.roll(block.number + 2); // G1
        (uint256 net, bool ok) = _net(_backup(), _batch(1_000));
        assertTrue(ok, "accepted");
        emit log_named_uint("ladder: first backup's post at G1 (records the primary's miss)", net);
        assertLe(net, BACKUP_POST_BUDGET, "backup post");
    }

    function test_gas_rejected() external {
        (uint256 net, bool ok) = _net(_backup(), _batch(1_000));
        assertFalse(ok, "rejected before G1");
        emit log_named_uint("ladder: a backup before G1, rejected", net);
    }

    function test_gas_rejectedOutsider() external {
        (uint256 net, bool ok) = _net(makeAddr(77), _batch(1_000));
        assertFalse(ok, "rejected");
        emit log_named_uint("ladder: an outsider, rejected", net);
    }

    function test_gas_postingRights() external {
        (uint256 net,) = _net(address(this), abi.encodeCall(inbox.postingRights, (_backup(), block.number + 2)));
        emit log_named_uint("postingRights (cold)", net);
        assertLe(net, VIEW_BUDGET, "postingRights");
    }

    function test_gas_ladderWindow() external {
        (uint256 net,) = _net(address(this), abi.encodeCall(inbox.ladderWindow, (block.number)));
        emit log_named_uint("ladderWindow (cold)", net);
        assertLe(net, VIEW_BUDGET, "ladderWindow");
    }
}

/// @title Gas_Ladder_RepeatTest
/// @notice The primary's second post of the same window (nothing to write).
contract Gas_Ladder_RepeatTest is Gas_Ladder_Base {
    function setUp() public override {
        super.setUp();
        _send(_primary());
    }

    function test_gas_primaryPost_repeat() external {
        (uint256 net, bool ok) = _net(_primary(), _batch(1_000));
        assertTrue(ok, "accepted");
        emit log_named_uint("ladder: primary's repeat post in its window", net);
        assertLe(net, PRIMARY_POST_BUDGET, "primary post");
    }
}

/// @title Gas_Ladder_DemotedTest
/// @notice After the primary is demoted, its first backup posts at rung 1 from the window's start.
contract Gas_Ladder_DemotedTest is Gas_Ladder_Base {
    function setUp() public override {
        super.setUp();
        // Windows 5 and 8 (m[2]'s): m[0] covers at G1 twice, which demotes m[2].
        for (uint256 w = W; w <= W + 3; w += 3) {
            vm.roll(START + w * K + 2);
            require(_send(_backup()), "cover");
        }
        vm.roll(START + (W + 6) * K);
    }

    function test_gas_standInPost_rung1() external {
        (uint256 net, bool ok) = _net(_backup(), _batch(1_000));
        assertTrue(ok, "accepted");
        emit log_named_uint("ladder: first backup standing in for a demoted primary (rung 1)", net);
        assertLe(net, BACKUP_POST_BUDGET, "stand-in post");
    }
}
