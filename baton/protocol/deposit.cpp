// SPDX-License-Identifier: MIT
#include <baton/protocol/deposit.hpp>

#include <baton/core/keccak.hpp>

#include <algorithm>

namespace baton::protocol {

namespace {

B256 domain_hash(DepositSourceDomain domain, const B256& inner) noexcept {
    FixedBytes<64> buf{};
    buf[31] = static_cast<std::uint8_t>(domain);
    std::copy(inner.begin(), inner.end(), buf.begin() + 32);
    return keccak256(buf);
}

B256 hash_with_index(const B256& l1_block_hash, std::uint64_t index) noexcept {
    FixedBytes<64> buf{};
    std::copy(l1_block_hash.begin(), l1_block_hash.end(), buf.begin());
    for (int i = 0; i < 8; ++i) buf[63 - i] = static_cast<std::uint8_t>(index >> (8 * i));
    return keccak256(buf);
}

}  // namespace

B256 user_deposit_source_hash(const B256& l1_block_hash, std::uint64_t log_index) noexcept {
    return domain_hash(DepositSourceDomain::kUserDeposit, hash_with_index(l1_block_hash, log_index));
}

B256 l1_info_deposit_source_hash(const B256& l1_block_hash, std::uint64_t sequence_number) noexcept {
    return domain_hash(DepositSourceDomain::kL1Info, hash_with_index(l1_block_hash, sequence_number));
}

B256 upgrade_deposit_source_hash(std::string_view intent) noexcept {
    return domain_hash(DepositSourceDomain::kUpgrade, keccak256(as_view(intent)));
}

const char* to_string(DepositLogError e) noexcept {
    switch (e) {
        case DepositLogError::kWrongTopicCount:
            return "deposit log must have 4 topics";
        case DepositLogError::kNotDepositEvent:
            return "log is not TransactionDeposited";
        case DepositLogError::kBadDataSize:
            return "deposit log data is not an ABI bytes value";
        case DepositLogError::kBadOffset:
            return "deposit opaqueData offset is not 32";
        case DepositLogError::kBadLength:
            return "deposit opaqueData length is out of range";
        case DepositLogError::kUnsupportedVersion:
            return "unsupported deposit version";
        case DepositLogError::kShortOpaqueData:
            return "deposit opaqueData is too short";
    }
    return "unknown deposit log error";
}

Result<DepositTx, DepositLogError> decode_deposit_log(const Log& log, const B256& l1_block_hash,
                                                      std::uint64_t log_index) {
    if (log.topics.size() != 4) return baton::unexpected(DepositLogError::kWrongTopicCount);
    if (log.topics[0] != kTransactionDepositedTopic)
        return baton::unexpected(DepositLogError::kNotDepositEvent);
    const ByteView data(log.data);
    if (data.size() < 64 || data.size() % 32 != 0) return baton::unexpected(DepositLogError::kBadDataSize);
    const auto is_zero = [](ByteView v) {
        return std::all_of(v.begin(), v.end(), [](std::uint8_t b) { return b == 0; });
    };
    if (!is_zero(data.first(31)) || data[31] != 32) return baton::unexpected(DepositLogError::kBadOffset);
    if (!is_zero(data.subspan(32, 24))) return baton::unexpected(DepositLogError::kBadLength);
    const std::uint64_t length = load_be(data.subspan(56, 8));
    if (length > data.size() - 64) return baton::unexpected(DepositLogError::kBadLength);
    if (log.topics[3] != B256{}) return baton::unexpected(DepositLogError::kUnsupportedVersion);
    const ByteView opaque = data.subspan(64, length);
    if (opaque.size() < 32 + 32 + 8 + 1) return baton::unexpected(DepositLogError::kShortOpaqueData);

    DepositTx tx;
    tx.source_hash = user_deposit_source_hash(l1_block_hash, log_index);
    std::copy(log.topics[1].begin() + 12, log.topics[1].end(), tx.from.begin());
    B256 word{};
    std::copy_n(opaque.begin(), 32, word.begin());
    tx.mint = U256::from_be(word);
    std::copy_n(opaque.begin() + 32, 32, word.begin());
    tx.value = U256::from_be(word);
    tx.gas_limit = load_be(opaque.subspan(64, 8));
    // isCreation: any nonzero byte creates a contract (op-node tests only for 0).
    if (opaque[72] == 0) {
        Address to{};
        std::copy(log.topics[2].begin() + 12, log.topics[2].end(), to.begin());
        tx.to = to;
    }
    tx.is_system_tx = false;
    tx.data = to_bytes(opaque.subspan(73));
    return tx;
}

}  // namespace baton::protocol
