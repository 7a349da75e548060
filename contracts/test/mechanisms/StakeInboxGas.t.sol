// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import { vm } from "baton/script/Vm.sol";
import { StakeInbox } from "baton/mechanisms/StakeInbox.sol";
import { TestBase } from "baton-test/TestBase.sol";

/// @title Gas_StakeInbox_Base
/// @notice The devnet's shape (windows of 4 blocks, epochs of 2 windows, lookahead 4) with members
///         of 1, 2 and 3 seats, at block 1028: the second window of epoch 3, outside the recording
///         phase, with epochs 2 to 4 stored. Every figure is measured in a fresh tx (cold storage)
///         and "net": the cost of the same CALL (same calldata and value) to an existing account
///         without code is subtracted, which removes the account access and call overhead that a
///         tx pays for an EOA as well. Figures are logged (`forge test -vv --mc Gas_Stake`) and
///         bounded by the targets in docs/gas.md.
abstract contract Gas_StakeInbox_Base is TestBase {
    uint256 internal constant ORIGIN = 1_000;
    uint256 internal constant K = 4;
    uint256 internal constant P = 8;
    /// @notice Bounds (docs/gas.md): a leader's first post of a window (two cold slots read, one
    ///         written), a repeated post (nothing written), a post that records the next seed,
    ///         and the views.
    uint256 internal constant POST_BUDGET = 9_000;
    uint256 internal constant REPEAT_POST_BUDGET = 6_000;
    uint256 internal constant SEED_POST_BUDGET = 20_000;
    uint256 internal constant VIEW_BUDGET = 10_000;

    StakeInbox internal inbox;
    address[] internal members;
    uint256 internal eoaSeed = 900;

    function setUp() public virtual {
        vm.roll(ORIGIN);
        inbox = new StakeInbox(
            StakeInbox.Config({
                seatPrice: 1 ether,
                turnLength: K,
                epochWindows: 2,
                lookahead: 4,
                penaltyBps: 100,
                maxMisses: 3,
                escrowBlocks: 16
            }),
            StakeInbox.LadderConfig({ g1: 2, g2: 1, g3: 1, maxMisses: 2 })
        );
        for (uint256 i = 0; i < 3; i++) {
            members.push(makeAddr(100 + i));
            vm.deal(members[i], 100 ether);
            vm.prank(members[i]);
            inbox.join{ value: (i + 1) * 1 ether }(i + 1);
        }
        vm.roll(ORIGIN + 3 * P); // epoch 3: record epoch 4's seed
        vm.prevrandao(0x5eed);
        inbox.poke();
        vm.roll(ORIGIN + 3 * P + 4); // window 7, the second of epoch 3
        // Baseline accounts: they exist (a value transfer to them costs no new-account charge) and
        // are touched only here, so they are cold in the test's tx, as the inbox is.
        for (uint256 i = 0; i < 8; i++) {
            vm.deal(makeAddr(eoaSeed + i), 1);
        }
    }

    /// @notice The leader of the current block (read here in setUp's state; calling it in a test
    ///         would warm the storage the measurement needs cold).
    function _leaderNow() internal view returns (address) {
        return inbox.leaderAt(block.number);
    }

    /// @notice Net gas of `_data` (with `_value`) sent to the inbox from `_from`.
    function _net(address _from, uint256 _value, bytes memory _data) internal returns (uint256 net_, bool ok_) {
        address eoa = makeAddr(eoaSeed++); // cold, like the inbox (see setUp)
        vm.deal(_from, _from.balance + 2 * _value);
        vm.prank(_from);
        (, uint256 base) = _measuredCall(eoa, _value, _data);
        vm.prank(_from);
        uint256 cost;
        (ok_, cost) = _measuredCall(address(inbox), _value, _data);
        net_ = cost > base ? cost - base : 0;
    }

    /// @notice CALL with the arguments in place; returns whether it succeeded and the gas it used.
    function _measuredCall(address _to, uint256 _value, bytes memory _data) internal returns (bool ok_, uint256 gas_) {
        assembly {
            let g := gas()
            ok_ := call(gas(), _to, _value, add(_data, 32), mload(_data), 0, 0)
            gas_ := sub(g, gas())
        }
    }

    function _batch(uint256 _bytes) internal pure returns (bytes memory batch_) {
        batch_ = new bytes(_bytes);
        for (uint256 i = 1; i < _bytes; i++) {
            batch_[i] = bytes1(uint8(i * 131 % 255 + 1)); // no zero after the version byte
        }
    }
}

/// @title Gas_StakeInbox_Test
contract Gas_StakeInbox_Test is Gas_StakeInbox_Base {
    address internal leader;

    function setUp() public override {
        super.setUp();
        leader = _leaderNow();
    }

    function test_gas_post_firstOfItsWindow() external {
        (uint256 net, bool ok) = _net(leader, 0, _batch(1_000));
        assertTrue(ok, "accepted");
        emit log_named_uint("post: first of a window (records the window)", net);
        assertLe(net, POST_BUDGET, "post");
    }

    function test_gas_post_blobLike_emptyCalldata() external {
        (uint256 net, bool ok) = _net(leader, 0, "");
        assertTrue(ok, "accepted");
        emit log_named_uint("post: empty calldata (a blob tx's call)", net);
        assertLe(net, POST_BUDGET, "post");
    }

    function test_gas_post_rejectedNonLeader() external {
        address other = leader == members[0] ? members[1] : members[0];
        (uint256 net, bool ok) = _net(other, 0, _batch(1_000));
        assertFalse(ok, "rejected");
        emit log_named_uint("post: a non-leader (member), rejected", net);
        (net, ok) = _net(makeAddr(77), 0, _batch(1_000));
        assertFalse(ok, "rejected");
        emit log_named_uint("post: an outsider, rejected", net);
    }

    function test_gas_views() external {
        uint256 b = block.number;
        (uint256 net,) = _net(address(this), 0, abi.encodeCall(inbox.leaderAt, (b)));
        emit log_named_uint("leaderAt (cold)", net);
        assertLe(net, VIEW_BUDGET, "leaderAt");
    }

    function test_gas_isLeader() external {
        (uint256 net,) = _net(address(this), 0, abi.encodeCall(inbox.isLeader, (leader, block.number)));
        emit log_named_uint("isLeader (cold)", net);
        assertLe(net, VIEW_BUDGET, "isLeader");
    }

    function test_gas_nextWindow() external {
        (uint256 net,) = _net(address(this), 0, abi.encodeCall(inbox.nextWindow, (members[0], block.number)));
        emit log_named_uint("nextWindow (cold)", net);
        assertLe(net, VIEW_BUDGET, "nextWindow");
    }

    function test_gas_nextWindow_fromThePreviousEpoch() external {
        (uint256 net,) = _net(address(this), 0, abi.encodeCall(inbox.nextWindow, (members[0], ORIGIN + 2 * P)));
        emit log_named_uint("nextWindow from the previous epoch (cold)", net);
        assertLe(net, 30_000, "nextWindow, longest scan");
    }

    function test_gas_weightAt() external {
        (uint256 net,) = _net(address(this), 0, abi.encodeCall(inbox.weightAt, (members[1], block.number)));
        emit log_named_uint("weightAt (cold)", net);
        assertLe(net, VIEW_BUDGET, "weightAt");
    }

    function test_gas_windowOf() external {
        (uint256 net,) = _net(address(this), 0, abi.encodeCall(inbox.windowOf, (block.number)));
        emit log_named_uint("windowOf (cold)", net);
        assertLe(net, VIEW_BUDGET, "windowOf");
    }

    function test_gas_join() external {
        (uint256 net, bool ok) = _net(makeAddr(555), 1 ether, abi.encodeCall(inbox.join, (1)));
        assertTrue(ok, "joined");
        emit log_named_uint("join: a new member, 1 seat", net);
        (net, ok) = _net(members[0], 3 ether, abi.encodeCall(inbox.join, (3)));
        assertTrue(ok, "joined");
        emit log_named_uint("join: a member adds 3 seats (warm)", net);
    }

    function test_gas_requestExit_oneSeatMovesTheLast() external {
        (uint256 net, bool ok) = _net(members[0], 0, abi.encodeCall(inbox.requestExit, (1)));
        assertTrue(ok, "exit");
        emit log_named_uint("requestExit: 1 seat, the last seat moves into it", net);
    }

    function test_gas_requestExit_threeSeats() external {
        (uint256 net, bool ok) = _net(members[2], 0, abi.encodeCall(inbox.requestExit, (3)));
        assertTrue(ok, "exit");
        emit log_named_uint("requestExit: 3 seats (the last three)", net);
    }

    function test_gas_poke_recordsTheSeed() external {
        vm.roll(ORIGIN + 4 * P);
        (uint256 net, bool ok) = _net(address(this), 0, abi.encodeCall(inbox.poke, ()));
        assertTrue(ok, "poked");
        emit log_named_uint("poke: records the next seed", net);
    }

    function test_gas_reportMissed() external {
        uint256 w = (block.number - ORIGIN) / K;
        vm.roll(block.number + K); // window 7 is over; its leader posted nothing
        (uint256 net, bool ok) = _net(makeAddr(66), 0, abi.encodeCall(inbox.reportMissed, (w)));
        assertTrue(ok, "reported");
        emit log_named_uint("reportMissed: first report of a member", net);
    }
}

/// @title Gas_StakeInbox_Repeat_Test
/// @notice The leader already posted in this window (in setUp): a second post writes nothing.
contract Gas_StakeInbox_Repeat_Test is Gas_StakeInbox_Base {
    address internal leader;

    function setUp() public override {
        super.setUp();
        leader = _leaderNow();
        vm.prank(leader);
        (bool ok,) = address(inbox).call(hex"00");
        assertTrue(ok, "first post");
    }

    function test_gas_post_againInTheSameWindow() external {
        (uint256 net, bool ok) = _net(leader, 0, _batch(1_000));
        assertTrue(ok, "accepted");
        emit log_named_uint("post: again in the same window (no write)", net);
        assertLe(net, REPEAT_POST_BUDGET, "post again");
    }
}

/// @title Gas_StakeInbox_EpochStart_Test
/// @notice The first post of epoch 4, in its recording phase: it also records epoch 5's seed.
contract Gas_StakeInbox_EpochStart_Test is Gas_StakeInbox_Base {
    address internal leader;

    function setUp() public override {
        super.setUp();
        vm.roll(ORIGIN + 4 * P);
        leader = _leaderNow();
    }

    function test_gas_post_firstOfAnEpoch_recordsTheSeed() external {
        (uint256 net, bool ok) = _net(leader, 0, _batch(1_000));
        assertTrue(ok, "accepted");
        emit log_named_uint("post: first of an epoch (also records the next seed)", net);
        assertLe(net, SEED_POST_BUDGET, "post with the seed");
    }
}

/// @title Gas_StakeInbox_Exit_Test
/// @notice Withdrawal of an unlocked exit, settlement of a penalty, an ejecting report.
contract Gas_StakeInbox_Exit_Test is Gas_StakeInbox_Base {
    uint256 internal penaltyId;
    uint256 internal ejectWindow;
    address internal exiter;

    function setUp() public override {
        super.setUp();
        // Two reports against the current leader; the third (measured) ejects it. Another member
        // leaves with all its seats (at epoch 5, unlocked at epoch 7).
        address leader = _leaderNow();
        exiter = leader == members[1] ? members[2] : members[1];
        vm.prank(exiter);
        inbox.requestExit(leader == members[1] ? 3 : 2);
        uint256 reported;
        for (uint256 w = (block.number - ORIGIN) / K; reported < 3; w++) {
            vm.roll(ORIGIN + (w + 1) * K);
            inbox.poke();
            if (inbox.leaderAt(ORIGIN + w * K) != leader) continue;
            if (reported == 2) {
                ejectWindow = w;
                break;
            }
            penaltyId = inbox.reportMissed(w);
            reported++;
        }
    }

    function test_gas_reportMissed_ejects() external {
        (uint256 net, bool ok) = _net(makeAddr(66), 0, abi.encodeCall(inbox.reportMissed, (ejectWindow)));
        assertTrue(ok, "reported");
        emit log_named_uint("reportMissed: third in a row, ejects", net);
    }

    function test_gas_settlePenalty() external {
        vm.roll(block.number + 16);
        (uint256 net, bool ok) = _net(makeAddr(66), 0, abi.encodeCall(inbox.settlePenalty, (penaltyId)));
        assertTrue(ok, "settled");
        emit log_named_uint("settlePenalty", net);
    }

    function test_gas_withdraw() external {
        vm.roll(ORIGIN + 7 * P);
        (uint256 net, bool ok) = _net(exiter, 0, abi.encodeCall(inbox.withdraw, ()));
        assertTrue(ok, "withdrawn");
        emit log_named_uint("withdraw: an unlocked exit", net);
    }
}

/// @title Gas_StakeInbox_AfterSilentEpoch_Test
/// @notice The first post of epoch 5 after an epoch (4) in which nobody called: it also writes
///         epoch 5's entry by the fallback rule (reading the previous set's count) before it
///         records epoch 6's seed.
contract Gas_StakeInbox_AfterSilentEpoch_Test is Gas_StakeInbox_Base {
    address internal leader;

    function setUp() public override {
        super.setUp();
        vm.roll(ORIGIN + 5 * P);
        leader = _leaderNow();
    }

    function test_gas_post_firstAfterASilentEpoch() external {
        (uint256 net, bool ok) = _net(leader, 0, _batch(1_000));
        assertTrue(ok, "accepted");
        emit log_named_uint("post: first of an epoch after a silent one (two entries)", net);
        assertLe(net, 30_000, "post with two entries");
    }
}

/// @title Gas_StakeInbox_WorstViews_Test
/// @notice Views on their slow paths: an epoch whose entry is not stored (computed by the fallback
///         rule, reading the seat count), and a member whose seats moved in the last epochs (its
///         lists do not cover the epoch asked, so the seat array is read).
contract Gas_StakeInbox_WorstViews_Test is Gas_StakeInbox_Base {
    address internal mover;

    function setUp() public override {
        super.setUp();
        // Epoch 5 is not stored: nobody calls in epoch 4.
        vm.roll(ORIGIN + 4 * P + P - 1);
        // members[0] holds seat 0; members[2] holds the last seat (5), which moves into seat 0
        // when members[0] leaves (for epoch 6).
        vm.prank(members[0]);
        inbox.requestExit(1);
        mover = members[2];
    }

    function test_gas_leaderAt_fallbackEpoch() external {
        (uint256 net,) = _net(address(this), 0, abi.encodeCall(inbox.leaderAt, (ORIGIN + 5 * P)));
        emit log_named_uint("leaderAt, epoch entry by the fallback rule (cold)", net);
        assertLe(net, 15_000, "leaderAt");
    }

    function test_gas_isLeader_fallbackEpoch() external {
        (uint256 net,) = _net(address(this), 0, abi.encodeCall(inbox.isLeader, (mover, ORIGIN + 5 * P)));
        emit log_named_uint("isLeader, fallback epoch, member with moved seats (cold)", net);
        assertLe(net, 15_000, "isLeader");
    }

    function test_gas_weightAt_fallbackEpoch() external {
        (uint256 net,) = _net(address(this), 0, abi.encodeCall(inbox.weightAt, (mover, ORIGIN + 5 * P)));
        emit log_named_uint("weightAt, fallback epoch, member whose list moved (cold)", net);
        assertLe(net, 15_000, "weightAt");
    }

    function test_gas_nextWindow_fallbackEpoch() external {
        (uint256 net,) = _net(address(this), 0, abi.encodeCall(inbox.nextWindow, (mover, block.number)));
        emit log_named_uint("nextWindow, into a fallback epoch, member with moved seats (cold)", net);
        assertLe(net, 30_000, "nextWindow");
    }
}

/// @title Gas_StakeInbox_Backup_Test
/// @notice The fallback ladder (G1 = 2): a window whose leader is silent, at `start + G1`, where
///         the next window's leader (the first backup) posts. Its first post also records the
///         leader's ladder miss (checks the leader's record, writes it, logs `MissRecorded`).
contract Gas_StakeInbox_Backup_Test is Gas_StakeInbox_Base {
    /// @notice Bound for a backup's first post of a window (docs/gas.md).
    uint256 internal constant BACKUP_POST_BUDGET = 30_000;

    address internal backup;

    function setUp() public override {
        super.setUp();
        // The first window (from epoch 3 on, each epoch's next seed recorded by a poke at its
        // start) whose next window has another leader.
        for (uint256 e = 3; e < 40; e++) {
            if (e > 3) {
                vm.roll(ORIGIN + e * P);
                vm.prevrandao(e);
                inbox.poke();
            }
            for (uint256 w = 2 * e; w < 2 * e + 2; w++) {
                address leader = inbox.leaderAt(ORIGIN + w * K);
                address next = inbox.leaderAt(ORIGIN + (w + 1) * K);
                if (ORIGIN + w * K + 2 >= block.number && leader != address(0) && next != leader) {
                    vm.roll(ORIGIN + w * K + 2);
                    backup = next;
                    return;
                }
            }
        }
        revert AssertionFailed("no window with a distinct next leader");
    }

    function test_gas_post_backupAtG1() external {
        (uint256 net, bool ok) = _net(backup, 0, _batch(1_000));
        assertTrue(ok, "accepted");
        emit log_named_uint("post: the first backup at G1 (records the leader's miss)", net);
        assertLe(net, BACKUP_POST_BUDGET, "backup post");
    }

    function test_gas_postingRights_ofTheBackup() external {
        (uint256 net, bool ok) = _net(backup, 0, abi.encodeCall(inbox.postingRights, (backup, block.number)));
        assertTrue(ok, "answered");
        emit log_named_uint("postingRights(backup, head)", net);
        assertLe(net, 30_000, "view");
    }

    function test_gas_ladderWindow() external {
        (uint256 net, bool ok) = _net(backup, 0, abi.encodeCall(inbox.ladderWindow, (block.number)));
        assertTrue(ok, "answered");
        emit log_named_uint("ladderWindow(head)", net);
        assertLe(net, 30_000, "view");
    }
}
