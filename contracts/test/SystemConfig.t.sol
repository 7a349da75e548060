// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import { Vm, vm } from "../src/script/Vm.sol";
import { TestBase } from "./TestBase.sol";
import { SystemConfig } from "../src/SystemConfig.sol";

/// @title SystemConfig_TestInit
/// @notice Shared fixture. Expected log data comes from ../shared/vectors/system_config_updates.json
///         (kona and op-node parser tests), so what SystemConfig emits is exactly what upstream
///         parsers accept.
abstract contract SystemConfig_TestInit is TestBase {
    bytes32 internal constant CONFIG_UPDATE_TOPIC = 0x1d2b0bda21d56b8bd12d4f94ebacffdfb35f5e226f84b461103bb8beab6353be;
    bytes32 internal constant LEADER_ELECTION_HASH = 0x0100000000000000000000006887246668a3b87f54deb3b94ba47a6f63f32985;

    address internal owner = makeAddr(1);
    address internal inbox = makeAddr(2);
    address internal signer = makeAddr(3);
    address internal batcher = makeAddr(4);
    SystemConfig internal cfg;

    function setUp() public virtual {
        vm.roll(7);
        cfg = new SystemConfig(owner, bytes32(uint256(uint160(batcher))), 1368, 810949, 30_000_000, signer, inbox);
    }

    /// @notice Runs `_call` as the owner and checks it emitted exactly one ConfigUpdate with the
    ///         raw `_data` and `_type`.
    function _expectUpdate(bytes memory _call, uint8 _type, bytes memory _data) internal {
        vm.recordLogs();
        vm.prank(owner);
        (bool ok, bytes memory ret) = address(cfg).call(_call);
        assertTrue(ok, string(ret));
        Vm.Log[] memory logs = vm.getRecordedLogs();
        assertEq(logs.length, 1, "one log");
        _checkLog(logs[0], _type, _data);
    }

    function _checkLog(Vm.Log memory _log, uint8 _type, bytes memory _data) internal view {
        assertEq(_log.emitter, address(cfg), "emitter");
        assertEq(_log.topics.length, 3, "three topics");
        assertEq(_log.topics[0], CONFIG_UPDATE_TOPIC, "topic 0");
        assertEq(_log.topics[1], bytes32(0), "version 0");
        assertEq(_log.topics[2], bytes32(uint256(_type)), "update type");
        assertEq(_log.data, _data, "data");
    }
}

/// @title SystemConfig_Constructor_Test
contract SystemConfig_Constructor_Test is SystemConfig_TestInit {
    function test_constructor_setsValues_succeeds() external view {
        assertEq(cfg.owner(), owner, "owner");
        assertEq(cfg.batcherHash(), bytes32(uint256(uint160(batcher))), "batcherHash");
        assertEq(cfg.basefeeScalar(), 1368, "basefeeScalar");
        assertEq(cfg.blobbasefeeScalar(), 810949, "blobbasefeeScalar");
        // OP Mainnet's Ecotone scalar for these values.
        assertEq(cfg.scalar(), 0x010000000000000000000000000000000000000000000000000c5fc500000558, "scalar");
        assertEq(cfg.overhead(), 0, "overhead");
        assertEq(cfg.gasLimit(), 30_000_000, "gasLimit");
        assertEq(cfg.unsafeBlockSigner(), signer, "signer");
        assertEq(cfg.batchInbox(), inbox, "inbox");
        assertEq(cfg.startBlock(), 7, "startBlock");
        assertEq(cfg.VERSION(), 0, "VERSION");
        assertEq(cfg.UPDATE_TYPE_BATCH_INBOX(), 128, "BATCH_INBOX");
    }

    function test_constructor_emitsInitialUpdates_succeeds() external {
        vm.recordLogs();
        cfg = new SystemConfig(owner, LEADER_ELECTION_HASH, 187, 179, 21_000_000, signer, inbox);
        Vm.Log[] memory logs = vm.getRecordedLogs();
        // OwnershipTransferred, then BATCHER, FEE_SCALARS, GAS_LIMIT, BATCH_INBOX (like upstream's
        // initializer, plus Baton's inbox).
        assertEq(logs.length, 5, "log count");
        _checkLog(logs[1], 0, abi.encode(abi.encode(LEADER_ELECTION_HASH)));
        _checkLog(
            logs[2],
            1,
            hex"00000000000000000000000000000000000000000000000000000000000000200000000000000000000000000000000000000000000000000000000000000040"
            hex"0000000000000000000000000000000000000000000000000000000000000000010000000000000000000000000000000000000000000000000000b3000000bb"
        );
        _checkLog(logs[3], 2, abi.encode(abi.encode(uint64(21_000_000))));
        _checkLog(logs[4], 128, abi.encode(abi.encode(inbox)));
    }

    function test_constructor_zeroOwner_reverts() external {
        vm.expectRevert(abi.encodeWithSelector(SystemConfig.ZeroAddressOwner.selector));
        new SystemConfig(address(0), bytes32(0), 0, 0, 30_000_000, signer, inbox);
    }

    function test_constructor_zeroInbox_reverts() external {
        vm.expectRevert(abi.encodeWithSelector(SystemConfig.ZeroAddressBatchInbox.selector));
        new SystemConfig(owner, bytes32(0), 0, 0, 30_000_000, signer, address(0));
    }

    function test_constructor_gasLimitTooLow_reverts() external {
        vm.expectRevert(abi.encodeWithSelector(SystemConfig.GasLimitOutOfRange.selector, uint64(20_999_999)));
        new SystemConfig(owner, bytes32(0), 0, 0, 20_999_999, signer, inbox);
    }

    function test_constructor_badBatcherHash_reverts() external {
        bytes32 bad = bytes32(uint256(2) << 248);
        vm.expectRevert(abi.encodeWithSelector(SystemConfig.InvalidBatcherHash.selector, bad));
        new SystemConfig(owner, bad, 0, 0, 30_000_000, signer, inbox);
    }
}

/// @title SystemConfig_Setters_Test
contract SystemConfig_Setters_Test is SystemConfig_TestInit {
    bytes internal constant HEAD =
        hex"00000000000000000000000000000000000000000000000000000000000000200000000000000000000000000000000000000000000000000000000000000020";

    function test_setBatcherHash_address_succeeds() external {
        address who = address(0xbeef);
        _expectUpdate(
            abi.encodeWithSignature("setBatcherHash(address)", who),
            0,
            bytes.concat(HEAD, hex"000000000000000000000000000000000000000000000000000000000000beef")
        );
        assertEq(cfg.batcherHash(), bytes32(uint256(0xbeef)), "stored");
    }

    function test_setBatcherHash_leaderElection_storedVerbatim() external {
        _expectUpdate(
            abi.encodeWithSignature("setBatcherHash(bytes32)", LEADER_ELECTION_HASH),
            0,
            bytes.concat(HEAD, hex"0100000000000000000000006887246668a3b87f54deb3b94ba47a6f63f32985")
        );
        assertEq(cfg.batcherHash(), LEADER_ELECTION_HASH, "stored");
    }

    function test_setBatcherHash_unknownVersion_reverts() external {
        bytes32 bad = bytes32(uint256(0x02) << 248 | 1);
        vm.expectRevert(abi.encodeWithSelector(SystemConfig.InvalidBatcherHash.selector, bad));
        vm.prank(owner);
        cfg.setBatcherHash(bad);
    }

    function test_setBatcherHash_version0DirtyPadding_reverts() external {
        bytes32 bad = bytes32(uint256(1) << 160 | 0xbeef);
        vm.expectRevert(abi.encodeWithSelector(SystemConfig.InvalidBatcherHash.selector, bad));
        vm.prank(owner);
        cfg.setBatcherHash(bad);
    }

    function testFuzz_setBatcherHash_versionRule(bytes32 _hash) external {
        uint8 version = uint8(_hash[0]);
        bool valid = version == 1 || (version == 0 && uint256(_hash) >> 160 == 0);
        if (!valid) vm.expectRevert(abi.encodeWithSelector(SystemConfig.InvalidBatcherHash.selector, _hash));
        vm.prank(owner);
        cfg.setBatcherHash(_hash);
        if (valid) assertEq(cfg.batcherHash(), _hash, "stored verbatim");
    }

    function test_setGasConfigEcotone_succeeds() external {
        _expectUpdate(
            abi.encodeCall(cfg.setGasConfigEcotone, (187, 179)),
            1,
            hex"00000000000000000000000000000000000000000000000000000000000000200000000000000000000000000000000000000000000000000000000000000040"
            hex"0000000000000000000000000000000000000000000000000000000000000000010000000000000000000000000000000000000000000000000000b3000000bb"
        );
        assertEq(cfg.basefeeScalar(), 187, "base");
        assertEq(cfg.blobbasefeeScalar(), 179, "blob");
    }

    function testFuzz_setGasConfigEcotone_scalarEncoding(uint32 _base, uint32 _blob) external {
        vm.prank(owner);
        cfg.setGasConfigEcotone(_base, _blob);
        uint256 s = cfg.scalar();
        assertEq(s >> 248, 1, "version byte 1");
        assertEq(uint32(s), _base, "low 4 bytes: base fee scalar");
        assertEq(uint32(s >> 32), _blob, "next 4 bytes: blob base fee scalar");
        assertEq((s >> 64) & ((uint256(1) << 184) - 1), 0, "zero padding");
    }

    function test_setGasLimit_succeeds() external {
        _expectUpdate(abi.encodeCall(cfg.setGasLimit, (60_000_000)), 2, abi.encode(abi.encode(uint64(60_000_000))));
        assertEq(cfg.gasLimit(), 60_000_000, "stored");
    }

    function test_setGasLimit_outOfRange_reverts() external {
        vm.startPrank(owner);
        vm.expectRevert(abi.encodeWithSelector(SystemConfig.GasLimitOutOfRange.selector, uint64(1_000)));
        cfg.setGasLimit(1_000);
        vm.expectRevert(abi.encodeWithSelector(SystemConfig.GasLimitOutOfRange.selector, uint64(500_000_001)));
        cfg.setGasLimit(500_000_001);
        cfg.setGasLimit(500_000_000);
        cfg.setGasLimit(21_000_000);
        vm.stopPrank();
    }

    function test_setUnsafeBlockSigner_succeeds() external {
        _expectUpdate(
            abi.encodeCall(cfg.setUnsafeBlockSigner, (address(0xbeef))),
            3,
            bytes.concat(HEAD, hex"000000000000000000000000000000000000000000000000000000000000beef")
        );
        assertEq(cfg.unsafeBlockSigner(), address(0xbeef), "getter");
        assertEq(vm.load(address(cfg), keccak256("systemconfig.unsafeblocksigner")), bytes32(uint256(0xbeef)), "slot");
    }

    function test_setEIP1559Params_succeeds() external {
        _expectUpdate(
            abi.encodeCall(cfg.setEIP1559Params, (0x01020304, 0x05060708)),
            4,
            bytes.concat(HEAD, hex"0000000000000000000000000000000000000000000000000102030405060708")
        );
        assertEq(cfg.eip1559Denominator(), 0x01020304, "denominator");
        assertEq(cfg.eip1559Elasticity(), 0x05060708, "elasticity");
    }

    function test_setEIP1559Params_zero_reverts() external {
        vm.startPrank(owner);
        vm.expectRevert(abi.encodeWithSelector(SystemConfig.InvalidEip1559Params.selector));
        cfg.setEIP1559Params(0, 6);
        vm.expectRevert(abi.encodeWithSelector(SystemConfig.InvalidEip1559Params.selector));
        cfg.setEIP1559Params(250, 0);
        vm.stopPrank();
    }

    function test_setOperatorFeeScalars_succeeds() external {
        _expectUpdate(
            abi.encodeCall(cfg.setOperatorFeeScalars, (0xbabe, 0xbeef)),
            5,
            bytes.concat(HEAD, hex"00000000000000000000000000000000000000000000babe000000000000beef")
        );
        assertEq(cfg.operatorFeeScalar(), 0xbabe, "scalar");
        assertEq(cfg.operatorFeeConstant(), 0xbeef, "constant");
    }

    function test_setMinBaseFee_succeeds() external {
        _expectUpdate(
            abi.encodeCall(cfg.setMinBaseFee, (0xbeef)),
            6,
            bytes.concat(HEAD, hex"000000000000000000000000000000000000000000000000000000000000beef")
        );
        assertEq(cfg.minBaseFee(), 0xbeef, "stored");
    }

    function test_setDAFootprintGasScalar_succeeds() external {
        _expectUpdate(
            abi.encodeCall(cfg.setDAFootprintGasScalar, (0xbeef)),
            7,
            bytes.concat(HEAD, hex"000000000000000000000000000000000000000000000000000000000000beef")
        );
        assertEq(cfg.daFootprintGasScalar(), 0xbeef, "stored");
    }

    function test_setBatchInbox_succeeds() external {
        address next = address(0xbeef);
        _expectUpdate(
            abi.encodeCall(cfg.setBatchInbox, (next)),
            128,
            bytes.concat(HEAD, hex"000000000000000000000000000000000000000000000000000000000000beef")
        );
        assertEq(cfg.batchInbox(), next, "stored");
    }

    function test_setBatchInbox_zeroAddress_reverts() external {
        vm.expectRevert(abi.encodeWithSelector(SystemConfig.ZeroAddressBatchInbox.selector));
        vm.prank(owner);
        cfg.setBatchInbox(address(0));
    }

    function test_setters_notOwner_revert() external {
        bytes[10] memory calls = [
            abi.encodeWithSignature("setBatcherHash(address)", batcher),
            abi.encodeWithSignature("setBatcherHash(bytes32)", LEADER_ELECTION_HASH),
            abi.encodeCall(cfg.setGasConfigEcotone, (1, 2)),
            abi.encodeCall(cfg.setGasLimit, (30_000_000)),
            abi.encodeCall(cfg.setUnsafeBlockSigner, (signer)),
            abi.encodeCall(cfg.setEIP1559Params, (250, 6)),
            abi.encodeCall(cfg.setOperatorFeeScalars, (1, 2)),
            abi.encodeCall(cfg.setMinBaseFee, (1)),
            abi.encodeCall(cfg.setDAFootprintGasScalar, (1)),
            abi.encodeCall(cfg.setBatchInbox, (batcher))
        ];
        address stranger = makeAddr(99);
        for (uint256 i = 0; i < calls.length; i++) {
            vm.prank(stranger);
            (bool ok, bytes memory ret) = address(cfg).call(calls[i]);
            assertFalse(ok, "stranger rejected");
            assertEq(ret, abi.encodeWithSelector(SystemConfig.NotOwner.selector, stranger), "NotOwner");
        }
    }

    function test_transferOwnership_succeeds() external {
        address next = makeAddr(50);
        vm.prank(owner);
        cfg.transferOwnership(next);
        assertEq(cfg.owner(), next, "owner");
        vm.expectRevert(abi.encodeWithSelector(SystemConfig.NotOwner.selector, owner));
        vm.prank(owner);
        cfg.setMinBaseFee(1);
    }

    function test_transferOwnership_zeroAddress_reverts() external {
        vm.expectRevert(abi.encodeWithSelector(SystemConfig.ZeroAddressOwner.selector));
        vm.prank(owner);
        cfg.transferOwnership(address(0));
    }
}
