// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import { vm } from "../src/script/Vm.sol";
import { TestBase } from "./TestBase.sol";
import { L1Block } from "../src/L2/L1Block.sol";

/// @title L1Block_Test
/// @notice The predeploy is installed like the devnet does it (runtime code placed with
///         `vm.etch`, the analogue of `anvil_setCode`; no constructor, zeroed storage) and fed the
///         L1-attributes calldata of ../shared/vectors/l1_info_tx.json (OP Mainnet L1 block
///         19655712, from kona's test_utils.rs).
contract L1Block_Test is TestBase {
    address internal constant PREDEPLOY = 0x4200000000000000000000000000000000000015;
    address internal constant DEPOSITOR = 0xDeaDDEaDDeAdDeAdDEAdDEaddeAddEAdDEAd0001;

    bytes internal constant ECOTONE_INFO = hex"440a5e2000000558000c5fc5000000000000000500000000661c277300000000012bec20"
        hex"000000000000000000000000000000000000000000000000000000026e9f1099"
        hex"0000000000000000000000000000000000000000000000000000000000000001"
        hex"1c4c84c50740386c7dc081efddd644405f04cde73e30a2e381737acce9f5add3"
        hex"0000000000000000000000006887246668a3b87f54deb3b94ba47a6f63f32985";

    bytes internal constant ISTHMUS_TAIL = hex"0000abcd000000000000dcba";

    L1Block internal l1Block = L1Block(PREDEPLOY);

    function setUp() public {
        vm.etch(PREDEPLOY, type(L1Block).runtimeCode);
    }

    function test_l1Block_zeroStorage_readsZero() external view {
        assertEq(l1Block.number(), 0, "number");
        assertEq(l1Block.batcherHash(), bytes32(0), "batcherHash");
        assertEq(l1Block.DEPOSITOR_ACCOUNT(), DEPOSITOR, "depositor");
    }

    function test_setL1BlockValuesEcotone_vector_succeeds() external {
        assertEq(ECOTONE_INFO.length, 164, "vector length");
        vm.prank(DEPOSITOR);
        (bool ok,) = PREDEPLOY.call(ECOTONE_INFO);
        assertTrue(ok, "depositor call");
        _checkEcotoneValues(0x0000000000000000000000006887246668a3b87f54deb3b94ba47a6f63f32985);
        assertEq(l1Block.operatorFeeScalar(), 0, "operator fee untouched");
    }

    function test_setL1BlockValuesEcotone_storageLayout_matchesUpstream() external {
        vm.prank(DEPOSITOR);
        (bool ok,) = PREDEPLOY.call(ECOTONE_INFO);
        assertTrue(ok, "depositor call");
        // slot 0: number (low 8 bytes) | timestamp (next 8)
        assertEq(_slot(0), bytes32(uint256(19655712) | uint256(1713121139) << 64), "slot 0");
        assertEq(_slot(1), bytes32(uint256(10445852825)), "slot 1 basefee");
        assertEq(_slot(2), 0x1c4c84c50740386c7dc081efddd644405f04cde73e30a2e381737acce9f5add3, "slot 2 hash");
        // slot 3: sequenceNumber (low 8) | blobBaseFeeScalar (next 4) | baseFeeScalar (next 4)
        assertEq(_slot(3), bytes32(uint256(5) | uint256(810949) << 64 | uint256(1368) << 96), "slot 3");
        assertEq(_slot(4), 0x0000000000000000000000006887246668a3b87f54deb3b94ba47a6f63f32985, "slot 4");
        assertEq(_slot(5), bytes32(0), "slot 5 l1FeeOverhead");
        assertEq(_slot(6), bytes32(0), "slot 6 l1FeeScalar");
        assertEq(_slot(7), bytes32(uint256(1)), "slot 7 blobBaseFee");
    }

    function test_setL1BlockValuesEcotone_leaderElectionHash_storedVerbatim() external {
        bytes32 hash = 0x0100000000000000000000006887246668a3b87f54deb3b94ba47a6f63f32985;
        bytes memory data = bytes.concat(_slice(ECOTONE_INFO, 0, 132), hash);
        vm.prank(DEPOSITOR);
        (bool ok,) = PREDEPLOY.call(data);
        assertTrue(ok, "depositor call");
        assertEq(l1Block.batcherHash(), hash, "version-1 hash kept");
    }

    function test_setL1BlockValuesIsthmus_vector_succeeds() external {
        bytes memory data = bytes.concat(hex"098999be", _slice(ECOTONE_INFO, 4, 164), ISTHMUS_TAIL);
        assertEq(data.length, 176, "vector length");
        vm.prank(DEPOSITOR);
        (bool ok,) = PREDEPLOY.call(data);
        assertTrue(ok, "depositor call");
        _checkEcotoneValues(0x0000000000000000000000006887246668a3b87f54deb3b94ba47a6f63f32985);
        assertEq(l1Block.operatorFeeScalar(), 0xabcd, "operatorFeeScalar");
        assertEq(l1Block.operatorFeeConstant(), 0xdcba, "operatorFeeConstant");
        // slot 8: operatorFeeConstant (low 8 bytes) | operatorFeeScalar (next 4)
        assertEq(_slot(8), bytes32(uint256(0xdcba) | uint256(0xabcd) << 64), "slot 8");
    }

    function test_setL1BlockValuesEcotone_notDepositor_reverts() external {
        vm.prank(makeAddr(5));
        (bool ok, bytes memory ret) = PREDEPLOY.call(ECOTONE_INFO);
        assertFalse(ok, "rejected");
        assertEq(ret, hex"3cc50b45", "NotDepositor() selector as upstream");
        assertEq(l1Block.number(), 0, "nothing written");
    }

    function test_setL1BlockValuesIsthmus_notDepositor_reverts() external {
        vm.expectRevert(abi.encodeWithSelector(L1Block.NotDepositor.selector));
        l1Block.setL1BlockValuesIsthmus();
    }

    function testFuzz_setL1BlockValuesEcotone_roundTrip(
        uint32 _baseScalar,
        uint32 _blobScalar,
        uint64 _seq,
        uint64 _time,
        uint64 _number,
        uint256 _basefee,
        uint256 _blobBasefee,
        bytes32 _hash,
        bytes32 _batcherHash
    )
        external
    {
        bytes memory data = abi.encodePacked(
            bytes4(0x440a5e20),
            _baseScalar,
            _blobScalar,
            _seq,
            _time,
            _number,
            _basefee,
            _blobBasefee,
            _hash,
            _batcherHash
        );
        vm.prank(DEPOSITOR);
        (bool ok,) = PREDEPLOY.call(data);
        assertTrue(ok, "depositor call");
        assertEq(l1Block.baseFeeScalar(), _baseScalar, "baseFeeScalar");
        assertEq(l1Block.blobBaseFeeScalar(), _blobScalar, "blobBaseFeeScalar");
        assertEq(l1Block.sequenceNumber(), _seq, "sequenceNumber");
        assertEq(l1Block.timestamp(), _time, "timestamp");
        assertEq(l1Block.number(), _number, "number");
        assertEq(l1Block.basefee(), _basefee, "basefee");
        assertEq(l1Block.blobBaseFee(), _blobBasefee, "blobBaseFee");
        assertEq(l1Block.hash(), _hash, "hash");
        assertEq(l1Block.batcherHash(), _batcherHash, "batcherHash");
    }

    function _checkEcotoneValues(bytes32 _batcherHash) internal view {
        assertEq(l1Block.baseFeeScalar(), 1368, "baseFeeScalar");
        assertEq(l1Block.blobBaseFeeScalar(), 810949, "blobBaseFeeScalar");
        assertEq(l1Block.sequenceNumber(), 5, "sequenceNumber");
        assertEq(l1Block.timestamp(), 1713121139, "timestamp");
        assertEq(l1Block.number(), 19655712, "number");
        assertEq(l1Block.basefee(), 10445852825, "basefee");
        assertEq(l1Block.blobBaseFee(), 1, "blobBaseFee");
        assertEq(l1Block.hash(), 0x1c4c84c50740386c7dc081efddd644405f04cde73e30a2e381737acce9f5add3, "hash");
        assertEq(l1Block.batcherHash(), _batcherHash, "batcherHash");
    }

    function _slot(uint256 _i) internal view returns (bytes32) {
        return vm.load(PREDEPLOY, bytes32(_i));
    }

    function _slice(bytes memory _b, uint256 _from, uint256 _to) internal pure returns (bytes memory out_) {
        out_ = new bytes(_to - _from);
        for (uint256 i = _from; i < _to; i++) {
            out_[i - _from] = _b[i];
        }
    }
}
