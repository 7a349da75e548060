// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import { Vm, vm } from "../src/script/Vm.sol";
import { TestBase } from "./TestBase.sol";
import { DepositPortal } from "../src/DepositPortal.sol";

/// @notice A contract that deposits through the portal (its L2 sender must be aliased).
contract DepositPortal_ContractCaller {
    function deposit(DepositPortal _portal, address _to) external payable {
        _portal.depositTransaction{ value: msg.value }(_to, 1, 50_000, false, hex"c0ffee");
    }
}

/// @title DepositPortal_Test
contract DepositPortal_Test is TestBase {
    bytes32 internal constant TRANSACTION_DEPOSITED_TOPIC =
        keccak256("TransactionDeposited(address,address,uint256,bytes)");

    DepositPortal internal portal;
    address internal user = makeAddr(1);
    address internal target = makeAddr(2);

    function setUp() public {
        vm.roll(10);
        portal = new DepositPortal();
        vm.deal(user, 10 ether);
    }

    function test_depositTransaction_eoa_emitsOpaqueData() external {
        bytes memory data = hex"deadbeef";
        vm.recordLogs();
        vm.prank(user, user);
        portal.depositTransaction{ value: 3 ether }(target, 2 ether, 100_000, false, data);
        Vm.Log[] memory logs = vm.getRecordedLogs();
        assertEq(logs.length, 1, "one log");
        assertEq(logs[0].topics[0], TRANSACTION_DEPOSITED_TOPIC, "topic 0");
        assertEq(logs[0].topics[1], bytes32(uint256(uint160(user))), "from: the EOA itself");
        assertEq(logs[0].topics[2], bytes32(uint256(uint160(target))), "to");
        assertEq(logs[0].topics[3], bytes32(0), "version 0");
        // opaqueData = mint (32) | value (32) | gasLimit (8) | isCreation (1) | data
        bytes memory opaque = bytes.concat(
            bytes32(uint256(3 ether)), bytes32(uint256(2 ether)), bytes8(uint64(100_000)), bytes1(0x00), data
        );
        assertEq(opaque.length, 73 + data.length, "packed length");
        assertEq(logs[0].data, abi.encode(opaque), "event data is abi.encode(bytes opaqueData)");
        assertEq(address(portal).balance, 3 ether, "portal keeps the minted ETH");
    }

    function test_depositTransaction_contractCaller_isAliased() external {
        DepositPortal_ContractCaller caller = new DepositPortal_ContractCaller();
        address aliased;
        unchecked {
            aliased = address(uint160(address(caller)) + uint160(0x1111000000000000000000000000000000001111));
        }
        vm.expectEmit(true, true, true, true, address(portal));
        emit DepositPortal.TransactionDeposited(
            aliased, target, 0, abi.encodePacked(uint256(0), uint256(1), uint64(50_000), false, hex"c0ffee")
        );
        vm.prank(user, user);
        caller.deposit(portal, target);
    }

    function test_depositTransaction_delegatedEoa_notAliased() external {
        // EIP-7702: an EOA whose code is 0xef0100 || delegate counts as an EOA.
        address eoa = makeAddr(7);
        vm.etch(eoa, abi.encodePacked(hex"ef0100", makeAddr(8)));
        vm.expectEmit(true, true, true, true, address(portal));
        emit DepositPortal.TransactionDeposited(
            eoa, target, 0, abi.encodePacked(uint256(0), uint256(0), uint64(21_000), false, "")
        );
        vm.prank(eoa, user);
        portal.depositTransaction(target, 0, 21_000, false, "");
    }

    function test_depositTransaction_creation_succeeds() external {
        vm.expectEmit(true, true, true, true, address(portal));
        emit DepositPortal.TransactionDeposited(
            user, address(0), 0, abi.encodePacked(uint256(0), uint256(0), uint64(200_000), true, hex"6000")
        );
        vm.prank(user, user);
        portal.depositTransaction(address(0), 0, 200_000, true, hex"6000");
    }

    function test_depositTransaction_creationWithTarget_reverts() external {
        vm.expectRevert(abi.encodeWithSelector(DepositPortal.BadTarget.selector));
        vm.prank(user, user);
        portal.depositTransaction(target, 0, 200_000, true, hex"6000");
    }

    function test_depositTransaction_gasLimitTooLow_reverts() external {
        bytes memory data = new bytes(10);
        assertEq(portal.minimumGasLimit(10), 21_400, "40 gas per byte + 21000");
        vm.expectRevert(abi.encodeWithSelector(DepositPortal.GasLimitTooLow.selector, uint64(21_399), uint64(21_400)));
        vm.prank(user, user);
        portal.depositTransaction(target, 0, 21_399, false, data);
        vm.prank(user, user);
        portal.depositTransaction(target, 0, 21_400, false, data);
    }

    function test_depositTransaction_calldataTooLarge_reverts() external {
        bytes memory data = new bytes(120_001);
        vm.expectRevert(abi.encodeWithSelector(DepositPortal.CalldataTooLarge.selector, uint256(120_001)));
        vm.prank(user, user);
        portal.depositTransaction(target, 0, 10_000_000, false, data);
    }

    function test_depositTransaction_resourceLimit_perBlock() external {
        vm.startPrank(user, user);
        portal.depositTransaction(target, 0, 15_000_000, false, "");
        vm.expectRevert(
            abi.encodeWithSelector(DepositPortal.OutOfResources.selector, uint64(6_000_000), uint64(5_000_000))
        );
        portal.depositTransaction(target, 0, 6_000_000, false, "");
        portal.depositTransaction(target, 0, 5_000_000, false, "");
        vm.roll(11);
        portal.depositTransaction(target, 0, 20_000_000, false, "");
        vm.stopPrank();
        assertEq(portal.boughtGas(), 20_000_000, "new block, fresh budget");
        assertEq(portal.prevBlockNum(), 11, "block");
    }

    function test_receive_depositsToSender() external {
        vm.expectEmit(true, true, true, true, address(portal));
        emit DepositPortal.TransactionDeposited(
            user, user, 0, abi.encodePacked(uint256(1 ether), uint256(1 ether), uint64(100_000), false, "")
        );
        vm.prank(user, user);
        (bool ok,) = address(portal).call{ value: 1 ether }("");
        assertTrue(ok, "plain transfer deposits");
    }

    function testFuzz_depositTransaction_opaqueDataLayout(
        uint256 _mint,
        uint256 _value,
        uint64 _gas,
        bytes memory _data
    )
        external
    {
        vm.assume(_data.length <= 2_000);
        _gas = uint64(bound(_gas, portal.minimumGasLimit(uint64(_data.length)), 20_000_000));
        _mint = bound(_mint, 0, 5 ether);
        vm.recordLogs();
        vm.prank(user, user);
        portal.depositTransaction{ value: _mint }(target, _value, _gas, false, _data);
        bytes memory opaque = abi.decode(vm.getRecordedLogs()[0].data, (bytes));
        assertEq(opaque.length, 73 + _data.length, "length");
        (uint256 mint, uint256 value) = abi.decode(_slice(opaque, 0, 64), (uint256, uint256));
        assertEq(mint, _mint, "mint");
        assertEq(value, _value, "value");
        assertEq(uint64(bytes8(_slice(opaque, 64, 72))), _gas, "gas limit");
        assertEq(uint8(opaque[72]), 0, "isCreation");
        assertEq(_slice(opaque, 73, opaque.length), _data, "data");
    }

    function _slice(bytes memory _b, uint256 _from, uint256 _to) internal pure returns (bytes memory out_) {
        out_ = new bytes(_to - _from);
        for (uint256 i = _from; i < _to; i++) {
            out_[i - _from] = _b[i];
        }
    }
}
