// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title DepositPortal
/// @notice Minimal OptimismPortal-style entry for L1 -> L2 deposits: it emits upstream's
///         `TransactionDeposited` event, from which derivation builds deposit txs (type 0x7E) in
///         the first L2 block of the next epoch. It keeps the deposited ETH (minted on L2).
/// @dev    Same event, encoding and checks as upstream's `depositTransaction` (creation target,
///         minimum gas limit `40 * len(data) + 21000`, 120,000-byte data cap, L1 -> L2 alias for
///         non-EOA callers). Differences: no withdrawals, no pause, and instead of upstream's
///         EIP-1559 deposit fee market a plain cap of `MAX_RESOURCE_LIMIT` deposit gas per L1 block
///         (upstream's default), so deposits always fit the L2 block.
contract DepositPortal {
    /// @notice Version of the `opaqueData` encoding (topic 3).
    uint256 public constant DEPOSIT_VERSION = 0;
    /// @notice L2 gas limit of deposits made by plain ETH transfers (`receive`).
    uint64 public constant RECEIVE_DEFAULT_GAS_LIMIT = 100_000;
    /// @notice Most deposit gas all deposits in one L1 block may buy.
    uint64 public constant MAX_RESOURCE_LIMIT = 20_000_000;
    /// @notice Largest `_data` accepted (upstream: fits the 128 KiB p2p limit).
    uint256 public constant MAX_DATA_LENGTH = 120_000;
    /// @notice Offset added to a contract caller's address on L2 (upstream AddressAliasHelper).
    uint160 internal constant ALIAS_OFFSET = uint160(0x1111000000000000000000000000000000001111);

    /// @notice Emitted for every deposit; derivation turns it into an L2 deposit tx.
    /// @param from       L2 sender: the caller, aliased if it is a contract.
    /// @param to         L2 target (zero for creations).
    /// @param version    Encoding version of `opaqueData` (0).
    /// @param opaqueData `abi.encodePacked(mint, value, gasLimit, isCreation, data)`.
    event TransactionDeposited(address indexed from, address indexed to, uint256 indexed version, bytes opaqueData);

    /// @notice A creation deposit must have `_to == address(0)`.
    error BadTarget();
    /// @notice `_gasLimit` is below `minimumGasLimit(len(data))`.
    /// @param gasLimit The requested gas limit.
    /// @param minimum  The minimum for this data length.
    error GasLimitTooLow(uint64 gasLimit, uint64 minimum);
    /// @notice `_data` is longer than `MAX_DATA_LENGTH`.
    /// @param length The data length.
    error CalldataTooLarge(uint256 length);
    /// @notice This L1 block's deposits would buy more than `MAX_RESOURCE_LIMIT` gas.
    /// @param requested Gas this deposit asks for.
    /// @param remaining Gas still available in this L1 block.
    error OutOfResources(uint64 requested, uint64 remaining);

    /// @notice L1 block whose deposit gas `boughtGas` counts.
    uint64 public prevBlockNum;
    /// @notice Deposit gas bought so far in `prevBlockNum`.
    uint64 public boughtGas;

    /// @notice Deposits the ETH sent to the sender's own L2 address.
    receive() external payable {
        depositTransaction(msg.sender, msg.value, RECEIVE_DEFAULT_GAS_LIMIT, false, bytes(""));
    }

    /// @notice Smallest L2 gas limit for a deposit carrying `_byteCount` bytes of data.
    /// @param _byteCount Length of the deposit's data.
    /// @return `40 * _byteCount + 21000`, as upstream.
    function minimumGasLimit(uint64 _byteCount) public pure returns (uint64) {
        return _byteCount * 40 + 21000;
    }

    /// @notice Deposits a tx to L2. `msg.value` is minted on L2 to the sender before the tx runs.
    /// @param _to         L2 target (zero when `_isCreation`).
    /// @param _value      ETH value of the L2 tx.
    /// @param _gasLimit   L2 gas limit.
    /// @param _isCreation Whether the L2 tx creates a contract.
    /// @param _data       L2 calldata (or init code).
    function depositTransaction(
        address _to,
        uint256 _value,
        uint64 _gasLimit,
        bool _isCreation,
        bytes memory _data
    )
        public
        payable
    {
        if (_isCreation && _to != address(0)) revert BadTarget();
        uint64 minimum = minimumGasLimit(uint64(_data.length));
        if (_gasLimit < minimum) revert GasLimitTooLow(_gasLimit, minimum);
        if (_data.length > MAX_DATA_LENGTH) revert CalldataTooLarge(_data.length);
        _meter(_gasLimit);

        address from = msg.sender;
        if (!_isSenderEOA()) {
            unchecked {
                from = address(uint160(msg.sender) + ALIAS_OFFSET);
            }
        }
        bytes memory opaqueData = abi.encodePacked(msg.value, _value, _gasLimit, _isCreation, _data);
        emit TransactionDeposited(from, _to, DEPOSIT_VERSION, opaqueData);
    }

    /// @notice Counts `_gasLimit` against this L1 block's deposit gas budget.
    /// @param _gasLimit Gas the deposit buys.
    function _meter(uint64 _gasLimit) internal {
        uint64 used = prevBlockNum == block.number ? boughtGas : 0;
        uint64 remaining = MAX_RESOURCE_LIMIT - used;
        if (_gasLimit > remaining) revert OutOfResources(_gasLimit, remaining);
        prevBlockNum = uint64(block.number);
        boughtGas = used + _gasLimit;
    }

    /// @notice Whether the caller is an EOA: the tx origin itself, or an EIP-7702 delegated EOA
    ///         (code `0xef0100 || address`), as upstream's `EOA.isSenderEOA`.
    /// @return isEoa_ True for EOAs.
    function _isSenderEOA() internal view returns (bool isEoa_) {
        if (msg.sender == tx.origin) return true;
        if (msg.sender.code.length != 23) return false;
        bytes memory code = msg.sender.code;
        isEoa_ = code[0] == 0xef && code[1] == 0x01 && code[2] == 0x00;
    }
}
