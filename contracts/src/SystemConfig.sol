// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title SystemConfig
/// @notice Baton's L1 rollup configuration, in the shape of OP's contracts-bedrock SystemConfig:
///         the node derives the L2 chain's config from the `ConfigUpdate` logs it emits. Every
///         update type 0-7 uses upstream's exact payload encoding; Baton adds `BATCH_INBOX = 128`
///         (payload `abi.encode(address)`), which moves the batch inbox to a new address.
/// @dev    Not a proxy: the constructor plays the role of upstream's `initialize` and emits the
///         initial values in the same order (BATCHER, FEE_SCALARS, GAS_LIMIT), then BATCH_INBOX,
///         so derivation can start from the deployment block's logs (`startBlock()`).
///         `batcherHash` is a bytes32 whose byte 0 is a version:
///         - 0: upstream rule, the batcher address in the low 20 bytes (bytes 1..11 zero);
///         - 1: leader election, the inbox contract authorizes senders (bytes 1..31 reserved,
///           not checked here).
///         The unsafe block signer lives at upstream's fixed slot so storage-proof readers work.
contract SystemConfig {
    /// @notice Update type: batcherHash (payload `abi.encode(bytes32)`).
    uint8 public constant UPDATE_TYPE_BATCHER = 0;
    /// @notice Update type: fee scalars (payload `abi.encode(overhead, scalar)`, Ecotone-versioned).
    uint8 public constant UPDATE_TYPE_FEE_SCALARS = 1;
    /// @notice Update type: L2 gas limit (payload `abi.encode(uint64)`).
    uint8 public constant UPDATE_TYPE_GAS_LIMIT = 2;
    /// @notice Update type: unsafe block signer (payload `abi.encode(address)`).
    uint8 public constant UPDATE_TYPE_UNSAFE_BLOCK_SIGNER = 3;
    /// @notice Update type: EIP-1559 params (payload `abi.encode(uint256(denominator) << 32 | elasticity)`).
    uint8 public constant UPDATE_TYPE_EIP_1559_PARAMS = 4;
    /// @notice Update type: operator fee (payload `abi.encode(uint256(scalar) << 64 | constant)`).
    uint8 public constant UPDATE_TYPE_OPERATOR_FEE_PARAMS = 5;
    /// @notice Update type: minimum base fee (payload `abi.encode(uint64)`).
    uint8 public constant UPDATE_TYPE_MIN_BASE_FEE = 6;
    /// @notice Update type: DA footprint gas scalar (payload `abi.encode(uint16)`).
    uint8 public constant UPDATE_TYPE_DA_FOOTPRINT_GAS_SCALAR = 7;
    /// @notice Update type (Baton): batch inbox address (payload `abi.encode(address)`).
    uint8 public constant UPDATE_TYPE_BATCH_INBOX = 128;

    /// @notice Version of the `ConfigUpdate` event encoding (topic 1).
    uint256 public constant VERSION = 0;

    /// @notice batcherHash version byte: the low 20 bytes are the only accepted batcher.
    uint8 public constant BATCHER_HASH_VERSION_ADDRESS = 0;
    /// @notice batcherHash version byte: the inbox contract's leader election authorizes senders.
    uint8 public constant BATCHER_HASH_VERSION_LEADER_ELECTION = 1;

    /// @notice Upstream's slot for the unsafe block signer (op-node reads it by storage proof).
    bytes32 public constant UNSAFE_BLOCK_SIGNER_SLOT = keccak256("systemconfig.unsafeblocksigner");

    /// @notice Lowest accepted L2 gas limit: upstream's default resource config
    ///         (maxResourceLimit 20,000,000 + systemTxMaxGas 1,000,000).
    uint64 public constant MINIMUM_GAS_LIMIT = 21_000_000;
    /// @notice Highest accepted L2 gas limit (upstream's MAX_GAS_LIMIT).
    uint64 public constant MAXIMUM_GAS_LIMIT = 500_000_000;

    /// @notice Emitted on every configuration change; derivation reads these logs.
    /// @param version    Encoding version (always 0).
    /// @param updateType One of the UPDATE_TYPE_* constants.
    /// @param data       `abi.encode(payload)` where payload is the type's encoding.
    event ConfigUpdate(uint256 indexed version, uint8 indexed updateType, bytes data);

    /// @notice Emitted when ownership moves to `newOwner`.
    /// @param previousOwner The old owner.
    /// @param newOwner      The new owner.
    event OwnershipTransferred(address indexed previousOwner, address indexed newOwner);

    /// @notice An owner-only function was called by someone else.
    /// @param caller The caller.
    error NotOwner(address caller);
    /// @notice The owner may not be the zero address.
    error ZeroAddressOwner();
    /// @notice The batch inbox may not be the zero address.
    error ZeroAddressBatchInbox();
    /// @notice `batcherHash` has an unknown version byte, or version 0 with nonzero bytes 1..11.
    /// @param batcherHash The rejected value.
    error InvalidBatcherHash(bytes32 batcherHash);
    /// @notice The gas limit is outside `[MINIMUM_GAS_LIMIT, MAXIMUM_GAS_LIMIT]`.
    /// @param gasLimit The rejected value.
    error GasLimitOutOfRange(uint64 gasLimit);
    /// @notice EIP-1559 denominator and elasticity must both be at least 1.
    error InvalidEip1559Params();

    /// @notice Legacy fee overhead; always 0 (Ecotone scalars only), kept for the FEE_SCALARS payload.
    uint256 public overhead;
    /// @notice Versioned scalar: `1 << 248 | blobbasefeeScalar << 32 | basefeeScalar`.
    uint256 public scalar;
    /// @notice Versioned batcher identifier (see contract notes).
    bytes32 public batcherHash;
    /// @notice L2 block gas limit.
    uint64 public gasLimit;
    /// @notice Ecotone base fee scalar.
    uint32 public basefeeScalar;
    /// @notice Ecotone blob base fee scalar.
    uint32 public blobbasefeeScalar;
    /// @notice EIP-1559 base fee max change denominator (0: chain default).
    uint32 public eip1559Denominator;
    /// @notice EIP-1559 elasticity multiplier (0: chain default).
    uint32 public eip1559Elasticity;
    /// @notice Isthmus operator fee scalar.
    uint32 public operatorFeeScalar;
    /// @notice Isthmus operator fee constant.
    uint64 public operatorFeeConstant;
    /// @notice Jovian minimum base fee, in wei (0: disabled).
    uint64 public minBaseFee;
    /// @notice Jovian DA footprint gas scalar.
    uint16 public daFootprintGasScalar;
    /// @notice Address batcher txs are sent to (Baton: the inbox contract).
    address public batchInbox;
    /// @notice L1 block of deployment: derivation may start scanning logs here.
    uint256 public startBlock;
    /// @notice The address allowed to change the configuration.
    address public owner;

    /// @notice Restricts a function to the owner.
    modifier onlyOwner() {
        if (msg.sender != owner) revert NotOwner(msg.sender);
        _;
    }

    /// @notice Deploys the config and emits its initial values as `ConfigUpdate` logs.
    /// @param _owner             Owner.
    /// @param _batcherHash       Initial batcherHash (version 0 or 1).
    /// @param _basefeeScalar     Initial Ecotone base fee scalar.
    /// @param _blobbasefeeScalar Initial Ecotone blob base fee scalar.
    /// @param _gasLimit          Initial L2 gas limit.
    /// @param _unsafeBlockSigner Initial unsafe block signer.
    /// @param _batchInbox        Initial batch inbox (not zero).
    constructor(
        address _owner,
        bytes32 _batcherHash,
        uint32 _basefeeScalar,
        uint32 _blobbasefeeScalar,
        uint64 _gasLimit,
        address _unsafeBlockSigner,
        address _batchInbox
    ) {
        if (_owner == address(0)) revert ZeroAddressOwner();
        owner = _owner;
        emit OwnershipTransferred(address(0), _owner);
        startBlock = block.number;

        // Same order as upstream's initializer: ascending update types.
        _setBatcherHash(_batcherHash);
        _setGasConfigEcotone(_basefeeScalar, _blobbasefeeScalar);
        _setGasLimit(_gasLimit);
        _storeUnsafeBlockSigner(_unsafeBlockSigner);
        _setBatchInbox(_batchInbox);
    }

    /// @notice The unsafe block signer (stored at `UNSAFE_BLOCK_SIGNER_SLOT`).
    /// @return addr_ The signer.
    function unsafeBlockSigner() external view returns (address addr_) {
        bytes32 slot = UNSAFE_BLOCK_SIGNER_SLOT;
        assembly {
            addr_ := sload(slot)
        }
    }

    /// @notice Sets a version-0 batcherHash naming `_batcher`.
    /// @param _batcher The batcher address.
    function setBatcherHash(address _batcher) external onlyOwner {
        _setBatcherHash(bytes32(uint256(uint160(_batcher))));
    }

    /// @notice Sets the batcherHash (version 0 or 1).
    /// @param _batcherHash The new value.
    function setBatcherHash(bytes32 _batcherHash) external onlyOwner {
        _setBatcherHash(_batcherHash);
    }

    /// @notice Sets the Ecotone fee scalars.
    /// @param _basefeeScalar     New base fee scalar.
    /// @param _blobbasefeeScalar New blob base fee scalar.
    function setGasConfigEcotone(uint32 _basefeeScalar, uint32 _blobbasefeeScalar) external onlyOwner {
        _setGasConfigEcotone(_basefeeScalar, _blobbasefeeScalar);
    }

    /// @notice Sets the L2 gas limit.
    /// @param _gasLimit New gas limit.
    function setGasLimit(uint64 _gasLimit) external onlyOwner {
        _setGasLimit(_gasLimit);
    }

    /// @notice Sets the unsafe block signer.
    /// @param _unsafeBlockSigner New signer.
    function setUnsafeBlockSigner(address _unsafeBlockSigner) external onlyOwner {
        _storeUnsafeBlockSigner(_unsafeBlockSigner);
        emit ConfigUpdate(VERSION, UPDATE_TYPE_UNSAFE_BLOCK_SIGNER, abi.encode(_unsafeBlockSigner));
    }

    /// @notice Sets the Holocene EIP-1559 parameters.
    /// @param _denominator Base fee max change denominator (>= 1).
    /// @param _elasticity  Elasticity multiplier (>= 1).
    function setEIP1559Params(uint32 _denominator, uint32 _elasticity) external onlyOwner {
        if (_denominator == 0 || _elasticity == 0) revert InvalidEip1559Params();
        eip1559Denominator = _denominator;
        eip1559Elasticity = _elasticity;
        emit ConfigUpdate(VERSION, UPDATE_TYPE_EIP_1559_PARAMS, abi.encode(uint256(_denominator) << 32 | _elasticity));
    }

    /// @notice Sets the Isthmus operator fee parameters.
    /// @param _operatorFeeScalar   New scalar.
    /// @param _operatorFeeConstant New constant.
    function setOperatorFeeScalars(uint32 _operatorFeeScalar, uint64 _operatorFeeConstant) external onlyOwner {
        operatorFeeScalar = _operatorFeeScalar;
        operatorFeeConstant = _operatorFeeConstant;
        emit ConfigUpdate(
            VERSION,
            UPDATE_TYPE_OPERATOR_FEE_PARAMS,
            abi.encode(uint256(_operatorFeeScalar) << 64 | _operatorFeeConstant)
        );
    }

    /// @notice Sets the Jovian minimum base fee (0 disables it).
    /// @param _minBaseFee New minimum base fee, in wei.
    function setMinBaseFee(uint64 _minBaseFee) external onlyOwner {
        minBaseFee = _minBaseFee;
        emit ConfigUpdate(VERSION, UPDATE_TYPE_MIN_BASE_FEE, abi.encode(_minBaseFee));
    }

    /// @notice Sets the Jovian DA footprint gas scalar.
    /// @param _daFootprintGasScalar New scalar.
    function setDAFootprintGasScalar(uint16 _daFootprintGasScalar) external onlyOwner {
        daFootprintGasScalar = _daFootprintGasScalar;
        emit ConfigUpdate(VERSION, UPDATE_TYPE_DA_FOOTPRINT_GAS_SCALAR, abi.encode(_daFootprintGasScalar));
    }

    /// @notice Moves the batch inbox (Baton's BATCH_INBOX update).
    /// @param _batchInbox New inbox address (not zero).
    function setBatchInbox(address _batchInbox) external onlyOwner {
        _setBatchInbox(_batchInbox);
    }

    /// @notice Hands the owner role to `_newOwner`.
    /// @param _newOwner The new owner (not zero).
    function transferOwnership(address _newOwner) external onlyOwner {
        if (_newOwner == address(0)) revert ZeroAddressOwner();
        emit OwnershipTransferred(owner, _newOwner);
        owner = _newOwner;
    }

    /// @notice Validates, stores and announces a batcherHash.
    /// @param _batcherHash The new value.
    function _setBatcherHash(bytes32 _batcherHash) internal {
        uint8 version = uint8(_batcherHash[0]);
        if (version > BATCHER_HASH_VERSION_LEADER_ELECTION) revert InvalidBatcherHash(_batcherHash);
        if (version == BATCHER_HASH_VERSION_ADDRESS && uint256(_batcherHash) >> 160 != 0) {
            revert InvalidBatcherHash(_batcherHash);
        }
        batcherHash = _batcherHash;
        emit ConfigUpdate(VERSION, UPDATE_TYPE_BATCHER, abi.encode(_batcherHash));
    }

    /// @notice Stores and announces the Ecotone scalars (overhead stays 0).
    /// @param _basefeeScalar     Base fee scalar.
    /// @param _blobbasefeeScalar Blob base fee scalar.
    function _setGasConfigEcotone(uint32 _basefeeScalar, uint32 _blobbasefeeScalar) internal {
        basefeeScalar = _basefeeScalar;
        blobbasefeeScalar = _blobbasefeeScalar;
        scalar = (uint256(0x01) << 248) | (uint256(_blobbasefeeScalar) << 32) | _basefeeScalar;
        emit ConfigUpdate(VERSION, UPDATE_TYPE_FEE_SCALARS, abi.encode(overhead, scalar));
    }

    /// @notice Validates, stores and announces the L2 gas limit.
    /// @param _gasLimit The new value.
    function _setGasLimit(uint64 _gasLimit) internal {
        if (_gasLimit < MINIMUM_GAS_LIMIT || _gasLimit > MAXIMUM_GAS_LIMIT) revert GasLimitOutOfRange(_gasLimit);
        gasLimit = _gasLimit;
        emit ConfigUpdate(VERSION, UPDATE_TYPE_GAS_LIMIT, abi.encode(_gasLimit));
    }

    /// @notice Stores the unsafe block signer at upstream's fixed slot (no event: like upstream's
    ///         initializer, the signer is announced only by `setUnsafeBlockSigner`).
    /// @param _unsafeBlockSigner The signer.
    function _storeUnsafeBlockSigner(address _unsafeBlockSigner) internal {
        bytes32 slot = UNSAFE_BLOCK_SIGNER_SLOT;
        assembly {
            sstore(slot, _unsafeBlockSigner)
        }
    }

    /// @notice Validates, stores and announces the batch inbox.
    /// @param _batchInbox The new inbox.
    function _setBatchInbox(address _batchInbox) internal {
        if (_batchInbox == address(0)) revert ZeroAddressBatchInbox();
        batchInbox = _batchInbox;
        emit ConfigUpdate(VERSION, UPDATE_TYPE_BATCH_INBOX, abi.encode(_batchInbox));
    }
}
