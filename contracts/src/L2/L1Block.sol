// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title L1Block
/// @notice L2 predeploy at 0x4200000000000000000000000000000000000015 holding the attributes of the
///         L2 chain's current L1 origin. The protocol's L1-attributes deposit (first tx of every L2
///         block, sent by the depositor account) writes them; L2 fee logic reads them.
/// @dev    Storage layout is upstream's (contracts-bedrock L1Block, Isthmus), slot by slot, so an
///         OP execution engine's L1-fee code reads the right words:
///         slot 0: number (uint64) | timestamp (uint64)
///         slot 1: basefee          slot 2: hash
///         slot 3: sequenceNumber (uint64) | blobBaseFeeScalar (uint32) | baseFeeScalar (uint32)
///         slot 4: batcherHash      slot 5: l1FeeOverhead   slot 6: l1FeeScalar
///         slot 7: blobBaseFee      slot 8: operatorFeeConstant (uint64) | operatorFeeScalar (uint32)
///         It has no constructor state and no immutables: it is installed with `anvil_setCode` and
///         works from zeroed storage. Baton stores `batcherHash` verbatim, so a version-1 (leader
///         election) hash reaches L2 unchanged.
contract L1Block {
    /// @notice The only account allowed to set L1 attributes (upstream's depositor).
    address internal constant DEPOSITOR = 0xDeaDDEaDDeAdDeAdDEAdDEaddeAddEAdDEAd0001;

    /// @notice The caller is not the depositor account. Selector 0x3cc50b45, as upstream.
    error NotDepositor();

    /// @notice The latest L1 block number known by the L2 system.
    uint64 public number;
    /// @notice The latest L1 timestamp known by the L2 system.
    uint64 public timestamp;
    /// @notice The latest L1 base fee.
    uint256 public basefee;
    /// @notice The latest L1 block hash.
    bytes32 public hash;
    /// @notice The number of L2 blocks in the same epoch before this one.
    uint64 public sequenceNumber;
    /// @notice Scalar applied to the L1 blob base fee in the L1 cost function.
    uint32 public blobBaseFeeScalar;
    /// @notice Scalar applied to the L1 base fee in the L1 cost function.
    uint32 public baseFeeScalar;
    /// @notice The versioned batcher hash, verbatim from SystemConfig.
    bytes32 public batcherHash;
    /// @notice Pre-Ecotone fee overhead (never written here; kept for the layout).
    uint256 public l1FeeOverhead;
    /// @notice Pre-Ecotone fee scalar (never written here; kept for the layout).
    uint256 public l1FeeScalar;
    /// @notice The latest L1 blob base fee.
    uint256 public blobBaseFee;
    /// @notice Isthmus operator fee constant.
    uint64 public operatorFeeConstant;
    /// @notice Isthmus operator fee scalar.
    uint32 public operatorFeeScalar;

    /// @notice The depositor account.
    /// @return addr_ 0xDeaDDEaDDeAdDeAdDEAdDEaddeAddEAdDEAd0001.
    function DEPOSITOR_ACCOUNT() external pure returns (address addr_) {
        addr_ = DEPOSITOR;
    }

    /// @notice Upstream-compatible version string.
    /// @return The version.
    function version() external pure returns (string memory) {
        return "1.6.0+baton";
    }

    /// @notice Sets the L1 attributes from packed calldata (Ecotone, selector 0x440a5e20):
    ///         baseFeeScalar u32 [4,8) | blobBaseFeeScalar u32 [8,12) | sequenceNumber u64 [12,20)
    ///         | timestamp u64 [20,28) | number u64 [28,36) | basefee [36,68) | blobBaseFee [68,100)
    ///         | hash [100,132) | batcherHash [132,164).
    function setL1BlockValuesEcotone() external {
        _setL1BlockValuesEcotone();
    }

    /// @notice Sets the L1 attributes from packed calldata (Isthmus, selector 0x098999be): the
    ///         Ecotone layout followed by operatorFeeScalar u32 [164,168) | operatorFeeConstant u64
    ///         [168,176).
    function setL1BlockValuesIsthmus() external {
        _setL1BlockValuesEcotone();
        assembly {
            // operatorFeeScalar (high 32 of the 96 bits) | operatorFeeConstant (low 64).
            sstore(operatorFeeConstant.slot, shr(160, calldataload(164)))
        }
    }

    /// @notice Shared Ecotone part: checks the caller and writes slots 0, 1, 2, 3, 4 and 7.
    function _setL1BlockValuesEcotone() internal {
        if (msg.sender != DEPOSITOR) revert NotDepositor();
        assembly {
            // baseFeeScalar | blobBaseFeeScalar | sequenceNumber: the 16 bytes at [4,20).
            sstore(sequenceNumber.slot, shr(128, calldataload(4)))
            // timestamp | number: the 16 bytes at [20,36).
            sstore(number.slot, shr(128, calldataload(20)))
            sstore(basefee.slot, calldataload(36))
            sstore(blobBaseFee.slot, calldataload(68))
            sstore(hash.slot, calldataload(100))
            sstore(batcherHash.slot, calldataload(132))
        }
    }
}
