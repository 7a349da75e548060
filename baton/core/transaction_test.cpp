// SPDX-License-Identifier: MIT
// The txn codec, type by type: published txns (EIP-155, geth, OP mainnet, cast) re-encoded and
// hashed, malformed envelopes rejected, signing round trips. It follows transaction.cpp, one file
// for one job.
#include <baton/core/transaction.hpp>

#include <baton/core/address.hpp>
#include <baton/core/hex.hpp>
#include <baton/core/keccak.hpp>
#include <baton/core/rlp.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <string>

namespace baton {
namespace {

constexpr const char* kAnvilKey0 = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";

Bytes hex(std::string_view s) {
    auto b = decode_hex(s);
    EXPECT_TRUE(b);
    return b ? *b : Bytes{};
}

B256 b256(std::string_view s) {
    return *decode_hex_fixed<32>(s);
}
Address addr(std::string_view s) {
    return *decode_hex_fixed<20>(s);
}

// EIP-155's worked example.
constexpr const char* kEip155Signed =
    "f86c098504a817c800825208943535353535353535353535353535353535353535880de0b6b3a76400008025a028ef61340bd939"
    "bc2195fe537567866003e1a15d3c71ff63e1590620aa636276a067cbe9d8997f761aecb703304b3800ccf555c9f3dc64214b29"
    "7fb1966a3b6d83";

LegacyTx eip155_example() {
    LegacyTx t;
    t.nonce = 9;
    t.gas_price = U256{20'000'000'000};
    t.gas_limit = 21000;
    t.to = addr("3535353535353535353535353535353535353535");
    t.value = U256{1'000'000'000'000'000'000};
    t.chain_id = 1;
    return t;
}

TEST(TransactionTest, Eip155ExampleSignsToPublishedBytes) {
    Transaction txn = eip155_example();
    auto hash = signing_hash(txn);
    ASSERT_TRUE(hash);
    EXPECT_EQ(to_hex(*hash, false), "daf5a779ae972f972197303d7b574746c7ef83eadac0f2791ad23db92e4c8e53");
    auto key = PrivateKey::from_hex("0x4646464646464646464646464646464646464646464646464646464646464646");
    ASSERT_TRUE(key);
    ASSERT_TRUE(sign(txn, *key));
    EXPECT_EQ(to_hex(encode_transaction(txn), false), kEip155Signed);

    auto decoded = decode_transaction(hex(kEip155Signed));
    ASSERT_TRUE(decoded);
    EXPECT_EQ(*decoded, txn);
    const auto& legacy = std::get<LegacyTx>(*decoded);
    EXPECT_EQ(legacy.chain_id, std::optional<std::uint64_t>{1});
    EXPECT_EQ(tx_type(*decoded), TxType::kLegacy);
    EXPECT_EQ(to_hex(*recover_sender(*decoded)), "0x9d8a62f656a8d1615c1294fd71e9cfb3e4855a4f");
}

TEST(TransactionTest, PreEip155HighSMainnetTxDecodesButDoesNotRecover) {
    // Mainnet block 46170 (pre-Homestead), tx 0x9e6e1963...: v = 27, s above n/2.
    const Bytes raw =
        hex("f86d8085746a52880082520894c93f2250589a6563f5359051c1ea25746549f0d889208686e75e903bc000801ba034b6"
            "fdc33ea5"
            "20e8123cf5ac4a9ff476f639cab68980cd9366ccae7aef437ea0a0e517caa5f50e27ca0d1e9a92c503b4ccb039680c6d"
            "9d0c7120"
            "3ed611ea4feb33");
    auto txn = decode_transaction(raw);
    ASSERT_TRUE(txn);
    EXPECT_FALSE(std::get<LegacyTx>(*txn).chain_id.has_value());
    EXPECT_EQ(to_hex(transaction_hash(*txn), false),
              "9e6e19637bb625a8ff3d052b7c2fe57dc78c55a15d258d77c43d5a9c160b0384");
    EXPECT_EQ(encode_transaction(*txn), raw);
    EXPECT_EQ(recover_sender(*txn).error(), TxError::kInvalidSignature);
}

std::string read_file(const std::string& path) {
    std::ifstream in(path);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

// The value of the first `"key": "..."` in a JSON text (enough for the one field needed here,
// without giving core a JSON dependency).
std::string json_string_field(const std::string& json, const std::string& key) {
    const std::string needle = "\"" + key + "\": \"";
    const auto at = json.find(needle);
    if (at == std::string::npos) return {};
    const auto start = at + needle.size();
    return json.substr(start, json.find('"', start) - start);
}

TEST(TransactionTest, OpMainnetBatcherDynamicFeeTx) {
    const std::string json = read_file(std::string(BATON_VECTORS_DIR) + "/op_mainnet_batcher_tx.json");
    const std::string tx_hex = json_string_field(json, "input_tx_hex");
    ASSERT_FALSE(tx_hex.empty()) << "vector op_mainnet_batcher_tx.json missing";
    const Bytes raw = hex(tx_hex);
    auto txn = decode_transaction(raw);
    ASSERT_TRUE(txn) << to_string(txn.error());
    ASSERT_EQ(tx_type(*txn), TxType::kDynamicFee);
    const auto& t = std::get<DynamicFeeTx>(*txn);
    EXPECT_EQ(t.chain_id, 1u);
    EXPECT_EQ(t.nonce, 1104454u);
    EXPECT_EQ(t.max_priority_fee_per_gas, U256{1'000'000'000});
    EXPECT_EQ(t.max_fee_per_gas, U256{105'203'215'384});
    EXPECT_EQ(t.gas_limit, 1931340u);
    EXPECT_EQ(t.to, addr("ff00000000000000000000000000000000000010"));
    EXPECT_TRUE(t.value.is_zero());
    EXPECT_EQ(t.data.size(), 119823u);
    EXPECT_TRUE(t.access_list.empty());
    EXPECT_EQ(to_quantity(t.signature.r),
              "0xa675036cf045660f36efb77ae82313a923e24485d6fc1ce8b8535dba05eccdac");
    EXPECT_EQ(to_hex(transaction_hash(*txn)),
              "0xe69d94330faafb4f716f7ad9b3b50ea8ff5ce57aea6d2f8be07afb7fe49cd6cf");
    EXPECT_EQ(to_hex(*recover_sender(*txn)), "0x6887246668a3b87f54deb3b94ba47a6f63f32985");
    EXPECT_EQ(encode_transaction(*txn), raw);
}

// go-ethereum core/types/transaction_test.go: signedEip2718Tx and TestEIP2930Signer.
TEST(TransactionTest, GethAccessListVectors) {
    AccessListTx t;
    t.chain_id = 1;
    t.nonce = 3;
    t.to = addr("b94f5374fce5edbc8e2a8697c15331677e6ebf0b");
    t.value = U256{10};
    t.gas_limit = 25000;
    t.gas_price = U256{1};
    t.data = hex("5544");
    EXPECT_EQ(to_hex(*signing_hash(t), false),
              "49b486f0ec0a60dfbbca2d30cb07c9e8ffb2a2ff41f29a1ab6737475f6ff69f3");
    t.signature.r = *parse_quantity("0xc9519f4f2b30335884581971573fadf60c6204f59a911df35ee8a540456b2660");
    t.signature.s = *parse_quantity("0x32f1e8e2c5dd761f9e4f88f41c8310aeaba26a8bfcdacfedfa12ec3862d37521");
    t.signature.y_parity = 1;
    const char* want =
        "01f8630103018261a894b94f5374fce5edbc8e2a8697c15331677e6ebf0b0a825544c001a0c9519f4f2b3033588458197157"
        "3f"
        "adf60c6204f59a911df35ee8a540456b2660a032f1e8e2c5dd761f9e4f88f41c8310aeaba26a8bfcdacfedfa12ec3862d375"
        "21";
    EXPECT_EQ(to_hex(encode_transaction(t), false), want);
    auto decoded = decode_transaction(hex(want));
    ASSERT_TRUE(decoded);
    EXPECT_EQ(std::get<AccessListTx>(*decoded), t);

    // Deterministic signing: the same key and tx give geth's tx hash.
    const auto key =
        *PrivateKey::from_hex("b71c71a67e1177ad4e901695e1b4b9ee17ae16c6668d313eac2f96dbcda3f291");
    AccessListTx unsigned_tx;
    unsigned_tx.chain_id = 1;
    unsigned_tx.nonce = 1;
    Transaction tx1 = unsigned_tx;
    EXPECT_EQ(to_hex(*signing_hash(tx1), false),
              "846ad7672f2a3a40c1f959cd4a8ad21786d620077084d84c8d7c077714caa139");
    ASSERT_TRUE(sign(tx1, key));
    EXPECT_EQ(to_hex(transaction_hash(tx1), false),
              "1ccd12d8bbdb96ea391af49a35ab641e219b2dd638dea375f2bc94dd290f2549");
    EXPECT_EQ(*recover_sender(tx1), address_from_private_key(key));
}

// go-ethereum TestRecipientEmpty: a pre-EIP-155 contract creation (empty `to`).
TEST(TransactionTest, GethContractCreationSender) {
    const Bytes raw =
        hex("f8498080808080011ca09b16de9d5bdee2cf56c28d16275a4da68cd30273e2525f3959f5d62557489921a0372ebd8fb3"
            "345f7d"
            "b7b5a86d42e24d36e983e259b0664ceb8c227ec9af572f3d");
    auto txn = decode_transaction(raw);
    ASSERT_TRUE(txn);
    EXPECT_FALSE(std::get<LegacyTx>(*txn).to.has_value());
    const auto key =
        *PrivateKey::from_hex("45a915e4d060149eb4365960e6a7a45f334393093061116b197e3240065ff2d8");
    EXPECT_EQ(*recover_sender(*txn), address_from_private_key(key));
    EXPECT_EQ(encode_transaction(*txn), raw);
}

struct DepositVector {
    const char* hash;
    const char* raw;
};

// L1-attributes deposits (first tx of an L2 block) with their explorer hashes:
// OP Mainnet block 124665056 and a Base block (both Ecotone setL1BlockValuesEcotone).
const DepositVector kDeposits[] = {
    {"312e290cf36df704a2217b015d6455396830b0ce678b860ebfcc30f41403d7b1",
     "7ef8f8a0683079df94aa5b9cf86687d739a60a9b4f0835e520ec4d664e2e415dca17a6df94deaddeaddeaddeaddeaddeadde"
     "addeaddead00019442000000000000000000000000000000000000158080830f424080b8a4440a5e200000146b000f79c500"
     "000000000000040000000066d052e700000000013ad8a3000000000000000000000000000000000000000000000000000000"
     "003ef1278700000000000000000000000000000000000000000000000000000000000000012fdf87b89884a61e74b322bbcf"
     "60386f543bfae7827725efaaf0ab1de2294a590000000000000000000000006887246668a3b87f54deb3b94ba47a6f63f329"
     "85"},
    {"c468b38a20375922828c8126912740105125143b9856936085474b2590bbca91",
     "7ef8f8a0417d134467f4737fcdf2475f0ecdd2a0ed6d87ecffc888ba9f60ee7e3b8ac26a94deaddeaddeaddeaddeaddeadde"
     "addeaddead00019442000000000000000000000000000000000000158080830f424080b8a4440a5e20000008dd00101c1200"
     "000000000000040000000066c352bb000000000139c4f5000000000000000000000000000000000000000000000000000000"
     "00c0cff1460000000000000000000000000000000000000000000000000000000000000001d4c88f4065ac9671e8b1329b90"
     "773e89b5ddff9cf8675b2b5e9c1b28320609930000000000000000000000005050f69a9786f081509234f1a7f4684b5e5b76"
     "c9"},
};

TEST(TransactionTest, OpDepositTxHashesMatchExplorer) {
    for (const auto& v : kDeposits) {
        const Bytes raw = hex(v.raw);
        auto txn = decode_transaction(raw);
        ASSERT_TRUE(txn) << to_string(txn.error());
        ASSERT_EQ(tx_type(*txn), TxType::kDeposit);
        const auto& d = std::get<DepositTx>(*txn);
        EXPECT_EQ(d.from, addr("deaddeaddeaddeaddeaddeaddeaddeaddead0001"));
        EXPECT_EQ(d.to, addr("4200000000000000000000000000000000000015"));
        EXPECT_TRUE(d.mint.is_zero());
        EXPECT_TRUE(d.value.is_zero());
        EXPECT_EQ(d.gas_limit, 1'000'000u);
        EXPECT_FALSE(d.is_system_tx);
        EXPECT_EQ(d.data.size(), 164u);  // Ecotone L1-info calldata
        EXPECT_EQ(to_hex(transaction_hash(*txn), false), v.hash);
        EXPECT_EQ(encode_transaction(*txn), raw);
        EXPECT_EQ(*recover_sender(*txn), d.from);
        EXPECT_EQ(signing_hash(*txn).error(), TxError::kNotSignable);
        Transaction copy = *txn;
        EXPECT_EQ(sign(copy, *PrivateKey::from_hex(kAnvilKey0)).error(), TxError::kNotSignable);
    }
}

// Every signed type: sign with the anvil key, encode, decode, compare, recover.
TEST(TransactionTest, SignedTypesRoundTrip) {
    const auto key = *PrivateKey::from_hex(kAnvilKey0);
    const Address anvil0 = *parse_address("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266");
    const Address other = addr("70997970c51812dc3a010c7d01b50e0d17dc79c8");
    const AccessList access{
        make_access_list_entry(other, {b256(std::string(64, '1')), b256(std::string(64, '2'))}),
        make_access_list_entry(anvil0)};

    LegacyTx legacy_unprotected;
    legacy_unprotected.nonce = 0;
    legacy_unprotected.gas_price = U256{1};
    legacy_unprotected.gas_limit = 53000;
    legacy_unprotected.data = hex("6000");  // contract creation: no `to`

    AccessListTx t1;
    t1.chain_id = 31337;
    t1.nonce = 1;
    t1.gas_price = U256{2'000'000'000};
    t1.gas_limit = 30000;
    t1.to = other;
    t1.value = U256{5};
    t1.access_list = access;

    DynamicFeeTx t2;
    t2.chain_id = 901;
    t2.nonce = 128;
    t2.max_priority_fee_per_gas = U256{1};
    t2.max_fee_per_gas = *parse_quantity("0x1000000000000000000000001");
    t2.gas_limit = 100000;
    t2.to = other;
    t2.data = Bytes(100, 0xab);
    t2.access_list = access;

    BlobTx t3;
    t3.chain_id = 1;
    t3.nonce = 7;
    t3.max_priority_fee_per_gas = U256{3};
    t3.max_fee_per_gas = U256{4};
    t3.gas_limit = 21000;
    t3.to = addr("ff00000000000000000000000000000000000901");
    t3.max_fee_per_blob_gas = U256{1'000'000};
    t3.blob_versioned_hashes = {b256("01" + std::string(62, 'a')), b256("01" + std::string(62, 'b'))};

    LegacyTx legacy_protected = eip155_example();
    legacy_protected.chain_id = 0x7fffffffffffffffull;  // v overflows u64: exercises U256 v

    for (Transaction txn : {Transaction{legacy_unprotected}, Transaction{t1}, Transaction{t2},
                            Transaction{t3}, Transaction{legacy_protected}}) {
        ASSERT_TRUE(sign(txn, key));
        const Bytes envelope = encode_transaction(txn);
        auto decoded = decode_transaction(envelope);
        ASSERT_TRUE(decoded) << to_string(decoded.error()) << " type " << int(tx_type(txn));
        EXPECT_EQ(*decoded, txn);
        EXPECT_EQ(encode_transaction(*decoded), envelope);
        EXPECT_EQ(transaction_hash(*decoded), keccak256(envelope));
        auto sender = recover_sender(*decoded);
        ASSERT_TRUE(sender);
        EXPECT_EQ(*sender, anvil0);
        if (tx_type(txn) != TxType::kLegacy) {
            EXPECT_EQ(envelope[0], static_cast<std::uint8_t>(tx_type(txn)));
        }
    }
}

TEST(TransactionTest, ChangingASignedFieldChangesTheSender) {
    const auto key = *PrivateKey::from_hex(kAnvilKey0);
    Transaction txn = eip155_example();
    ASSERT_TRUE(sign(txn, key));
    std::get<LegacyTx>(txn).nonce += 1;
    auto sender = recover_sender(txn);
    if (sender) {
        EXPECT_NE(*sender, address_from_private_key(key));
    }
}

TEST(TransactionTest, RejectsMalformedEnvelopes) {
    EXPECT_EQ(decode_transaction({}).error(), TxError::kEmptyInput);
    EXPECT_EQ(decode_transaction(hex("05c0")).error(), TxError::kUnsupportedType);
    EXPECT_EQ(decode_transaction(hex("00c0")).error(), TxError::kUnsupportedType);
    EXPECT_EQ(decode_transaction(hex("83646f67")).error(), TxError::kMalformedRlp);
    EXPECT_EQ(decode_transaction(hex("02")).error(), TxError::kMalformedRlp);
    EXPECT_EQ(decode_transaction(hex("02c0")).error(), TxError::kMalformedRlp);  // no fields

    Bytes good = hex(kEip155Signed);
    Bytes trailing = good;
    trailing.push_back(0x00);
    EXPECT_EQ(decode_transaction(trailing).error(), TxError::kTrailingBytes);
    Bytes truncated(good.begin(), good.end() - 1);
    EXPECT_EQ(decode_transaction(truncated).error(), TxError::kMalformedRlp);

    // v = 26 is neither 27/28 nor EIP-155.
    LegacyTx bad_v = eip155_example();
    bad_v.chain_id.reset();
    bad_v.signature = Signature{U256{1}, U256{1}, 0};
    Bytes enc = encode_transaction(bad_v);  // v = 27
    Bytes payload(enc.begin(), enc.end());
    // Swap the v byte (0x1b) for 0x1a: the field sits right before r (0x01) and s (0x01).
    ASSERT_EQ(payload[payload.size() - 3], 0x1b);
    payload[payload.size() - 3] = 0x1a;
    EXPECT_EQ(decode_transaction(payload).error(), TxError::kInvalidV);

    // Typed y_parity 2.
    DynamicFeeTx t2;
    t2.signature = Signature{U256{1}, U256{1}, 1};
    Bytes typed = encode_transaction(t2);
    ASSERT_EQ(typed[typed.size() - 3], 0x01);
    typed[typed.size() - 3] = 0x02;
    EXPECT_EQ(decode_transaction(typed).error(), TxError::kInvalidV);

    // A blob tx must name a recipient: the same fields with an empty `to`.
    Bytes fields;
    for (int i = 0; i < 5; ++i) rlp::encode_uint(fields, std::uint64_t{0});  // chain id .. gas
    rlp::encode_string(fields, {});                                          // to: empty
    rlp::encode_uint(fields, std::uint64_t{0});                              // value
    rlp::encode_string(fields, {});                                          // data
    rlp::encode_list(fields, {});                                            // access list
    rlp::encode_uint(fields, std::uint64_t{0});                              // max fee per blob gas
    rlp::encode_list(fields, {});                                            // blob hashes
    for (std::uint64_t v : {0, 1, 1}) rlp::encode_uint(fields, v);           // y, r, s
    Bytes no_to{0x03};
    rlp::encode_list(no_to, fields);
    EXPECT_EQ(decode_transaction(no_to).error(), TxError::kMissingTo);

    // A 19-byte `to`.
    Bytes short_to = hex(kEip155Signed);
    // to starts at offset 2 + 1 + 6 + 3 = 12 with 0x94.
    ASSERT_EQ(short_to[12], 0x94);
    short_to[12] = 0x93;
    short_to.erase(short_to.begin() + 13);
    short_to[1] = static_cast<std::uint8_t>(short_to[1] - 1);
    EXPECT_EQ(decode_transaction(short_to).error(), TxError::kMalformedRlp);
}

// Strictness: every proper prefix of a valid envelope is rejected, and any single-byte change
// either is rejected or decodes to a transaction whose encoding is exactly the changed bytes.
TEST(TransactionTest, TruncationsFailAndMutationsStayCanonical) {
    const std::vector<Bytes> envelopes = {hex(kEip155Signed), hex(kDeposits[0].raw)};
    for (const Bytes& full : envelopes) {
        for (std::size_t n = 0; n < full.size(); ++n) {
            EXPECT_FALSE(decode_transaction(ByteView{full}.first(n))) << "prefix " << n;
        }
        for (std::size_t i = 0; i < full.size(); ++i) {
            for (std::uint8_t flip : {0x01, 0x80}) {
                Bytes mutated = full;
                mutated[i] ^= flip;
                auto txn = decode_transaction(mutated);
                if (txn) {
                    EXPECT_EQ(encode_transaction(*txn), mutated) << "byte " << i;
                }
            }
        }
    }
}

// ---- EIP-7702 set-code ----

constexpr const char* kAnvilKey1 = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";

// Made offline with foundry's cast 1.7.1 (alloy), an independent implementation:
//   cast wallet sign-auth 0x…c0de --private-key <anvil key 1> --chain 31337 --nonce 0
//   cast mktx --private-key <anvil key 0> --chain 31337 --nonce 0 --gas-limit 100000
//        --gas-price 2000000000 --priority-gas-price 1000000000 --auth <that> 0x7099…79c8
// Both keys sign with RFC 6979, so Baton must reproduce the bytes exactly.
constexpr const char* kCastAuthorization =
    "f85c827a6994000000000000000000000000000000000000c0de8001a02f28b4df8d133c51cc96e6822532943d647963d542d4"
    "3bd5b300ba9acc0c91cca0119c1a60bb7dc0aafca9f45be3817ef084aa93a114d734317fc3c6d0efd78883";
constexpr const char* kCastSetCodeTx =
    "04f8cd827a6980843b9aca008477359400830186a09470997970c51812dc3a010c7d01b50e0d17dc79c88080c0f85ef85c827a69"
    "94000000000000000000000000000000000000c0de8001a02f28b4df8d133c51cc96e6822532943d647963d542d43bd5b300ba9a"
    "cc0c91cca0119c1a60bb7dc0aafca9f45be3817ef084aa93a114d734317fc3c6d0efd7888380a0cfc4f233ec92fa9cec2a252722"
    "85e346517406a9e4b2ff8a34cf10cb9a77dd2ba040c59f344c72fa709b975089be01c54d40dd180c8462dc061335ae36b7b7da8"
    "b";

SetCodeTx cast_set_code_fields() {
    SetCodeTx t;
    t.chain_id = 31337;
    t.nonce = 0;
    t.max_priority_fee_per_gas = U256{1'000'000'000};
    t.max_fee_per_gas = U256{2'000'000'000};
    t.gas_limit = 100000;
    t.to = addr("70997970c51812dc3a010c7d01b50e0d17dc79c8");
    return t;
}

TEST(SetCodeTxTest, SignsToTheBytesCastMakes) {
    const auto key0 = *PrivateKey::from_hex(kAnvilKey0);
    const auto key1 = *PrivateKey::from_hex(kAnvilKey1);
    const Address delegate = addr("000000000000000000000000000000000000c0de");
    auto auth = sign_authorization(U256{31337}, delegate, 0, key1);
    ASSERT_TRUE(auth);
    Bytes auth_rlp;
    {
        Bytes item;
        rlp::encode_uint(item, auth->chain_id);
        rlp::encode_string(item, auth->address);
        rlp::encode_uint(item, auth->nonce);
        rlp::encode_uint(item, std::uint64_t{auth->y_parity});
        rlp::encode_uint(item, auth->r);
        rlp::encode_uint(item, auth->s);
        rlp::encode_list(auth_rlp, item);
    }
    EXPECT_EQ(to_hex(auth_rlp), std::string("0x") + kCastAuthorization);
    auto authority = recover_authority(*auth);
    ASSERT_TRUE(authority);
    EXPECT_EQ(*authority, address_from_private_key(key1));

    SetCodeTx fields = cast_set_code_fields();
    fields.authorization_list = {*auth};
    Transaction txn = fields;
    ASSERT_TRUE(sign(txn, key0));
    EXPECT_EQ(to_hex(encode_transaction(txn)), std::string("0x") + kCastSetCodeTx);
    EXPECT_EQ(tx_type(txn), TxType::kSetCode);

    auto decoded = decode_transaction(hex(kCastSetCodeTx));
    ASSERT_TRUE(decoded) << to_string(decoded.error());
    EXPECT_EQ(*decoded, txn);
    EXPECT_EQ(transaction_hash(*decoded), keccak256(hex(kCastSetCodeTx)));
    auto sender = recover_sender(*decoded);
    ASSERT_TRUE(sender);
    EXPECT_EQ(*sender, address_from_private_key(key0));
}

TEST(SetCodeTxTest, RoundTripsWithSeveralAuthorizationsAndAccessList) {
    const auto key0 = *PrivateKey::from_hex(kAnvilKey0);
    const auto key1 = *PrivateKey::from_hex(kAnvilKey1);
    SetCodeTx t = cast_set_code_fields();
    t.chain_id = 0x7fffffffffffffffull;
    t.nonce = 42;
    t.value = *parse_quantity("0x1000000000000000000000001");
    t.data = Bytes(70, 0xcd);
    t.access_list = {make_access_list_entry(t.to, {b256(std::string(64, '3'))})};
    // chain id 0 (any chain) and a chain id wider than u64: the EIP makes it a uint256.
    const U256 wide = *parse_quantity("0x10000000000000000000000000000000000000000000000000000000000000ff");
    t.authorization_list = {*sign_authorization(U256{0}, addr(std::string(40, 'a')), 0, key1),
                            *sign_authorization(wide, addr(std::string(40, 'b')), ~std::uint64_t{0}, key0)};
    Transaction txn = t;
    ASSERT_TRUE(sign(txn, key0));
    const Bytes envelope = encode_transaction(txn);
    ASSERT_EQ(envelope[0], 0x04);
    auto decoded = decode_transaction(envelope);
    ASSERT_TRUE(decoded) << to_string(decoded.error());
    EXPECT_EQ(*decoded, txn);
    EXPECT_EQ(encode_transaction(*decoded), envelope);
    const auto& back = std::get<SetCodeTx>(*decoded);
    EXPECT_EQ(*recover_authority(back.authorization_list[0]), address_from_private_key(key1));
    EXPECT_EQ(*recover_authority(back.authorization_list[1]), address_from_private_key(key0));
    EXPECT_EQ(*recover_sender(*decoded), address_from_private_key(key0));

    // The tx signature covers the authorization list: change a tuple and the sender changes.
    std::get<SetCodeTx>(txn).authorization_list[0].nonce = 1;
    auto moved = recover_sender(txn);
    if (moved) {
        EXPECT_NE(*moved, address_from_private_key(key0));
    }
}

// Builds a 0x04 envelope from raw RLP pieces so each rejection has one cause.
Bytes set_code_envelope(ByteView to, ByteView authorization_list, std::uint64_t y = 0) {
    Bytes fields;
    for (int i = 0; i < 5; ++i) rlp::encode_uint(fields, std::uint64_t{1});  // chain id .. gas
    rlp::encode_string(fields, to);
    rlp::encode_uint(fields, std::uint64_t{0});  // value
    rlp::encode_string(fields, {});              // data
    rlp::encode_list(fields, {});                // access list
    fields.insert(fields.end(), authorization_list.begin(), authorization_list.end());
    for (std::uint64_t v : {y, std::uint64_t{1}, std::uint64_t{1}}) rlp::encode_uint(fields, v);
    Bytes out{0x04};
    rlp::encode_list(out, fields);
    return out;
}

Bytes authorization_list_of(std::uint64_t y_parity, std::size_t count = 1) {
    Bytes items;
    for (std::size_t i = 0; i < count; ++i) {
        Bytes item;
        rlp::encode_uint(item, std::uint64_t{1});
        rlp::encode_string(item, addr(std::string(40, 'c')));
        rlp::encode_uint(item, std::uint64_t{0});
        rlp::encode_uint(item, y_parity);
        rlp::encode_uint(item, std::uint64_t{1});
        rlp::encode_uint(item, std::uint64_t{1});
        rlp::encode_list(items, item);
    }
    Bytes out;
    rlp::encode_list(out, items);
    return out;
}

TEST(SetCodeTxTest, RejectsWhatTheEipMakesInvalid) {
    const Address to = addr(std::string(40, 'd'));
    // Sanity: the builder makes a decodable tx.
    ASSERT_TRUE(decode_transaction(set_code_envelope(to, authorization_list_of(0))));

    EXPECT_EQ(decode_transaction(set_code_envelope({}, authorization_list_of(0))).error(),
              TxError::kMissingTo);
    Bytes empty_list;
    rlp::encode_list(empty_list, {});
    EXPECT_EQ(decode_transaction(set_code_envelope(to, empty_list)).error(),
              TxError::kEmptyAuthorizationList);
    // Missing authorization list altogether: wrong field count.
    EXPECT_EQ(decode_transaction(set_code_envelope(to, {})).error(), TxError::kMalformedRlp);
    // Outer signature parity must be 0 or 1.
    EXPECT_EQ(decode_transaction(set_code_envelope(to, authorization_list_of(0), 2)).error(),
              TxError::kInvalidV);

    // A tuple's y_parity is bounded to a byte, not to 0/1: 27 decodes (the tuple is void at
    // execution, the tx is not), and its authority does not recover; 256 is malformed.
    auto odd = decode_transaction(set_code_envelope(to, authorization_list_of(27)));
    ASSERT_TRUE(odd) << to_string(odd.error());
    const auto& tuple = std::get<SetCodeTx>(*odd).authorization_list.at(0);
    EXPECT_EQ(tuple.y_parity, 27);
    EXPECT_EQ(recover_authority(tuple).error(), TxError::kInvalidSignature);
    EXPECT_EQ(decode_transaction(set_code_envelope(to, authorization_list_of(256))).error(),
              TxError::kMalformedRlp);

    // A tuple with a missing field, an extra field, or a 19-byte address.
    for (int variant = 0; variant < 3; ++variant) {
        Bytes item;
        rlp::encode_uint(item, std::uint64_t{1});
        if (variant == 2) {
            rlp::encode_string(item, Bytes(19, 0xcc));
        } else {
            rlp::encode_string(item, addr(std::string(40, 'c')));
        }
        rlp::encode_uint(item, std::uint64_t{0});
        rlp::encode_uint(item, std::uint64_t{0});
        rlp::encode_uint(item, std::uint64_t{1});
        if (variant != 0) rlp::encode_uint(item, std::uint64_t{1});
        if (variant == 1) rlp::encode_uint(item, std::uint64_t{1});
        Bytes tuple_rlp;
        rlp::encode_list(tuple_rlp, item);
        Bytes list;
        rlp::encode_list(list, tuple_rlp);
        EXPECT_EQ(decode_transaction(set_code_envelope(to, list)).error(), TxError::kMalformedRlp)
            << "variant " << variant;
    }

    // Non-canonical integers inside a tuple: nonce 0 written as 0x00 instead of 0x80.
    Bytes list = authorization_list_of(0);
    Bytes noncanonical = set_code_envelope(to, list);
    const Bytes canonical = noncanonical;
    // The tuple's nonce (0x80) follows the 20-byte address (0x94 ‖ cc…).
    const Bytes marker = [] {
        Bytes m{0x94};
        m.insert(m.end(), 20, 0xcc);
        m.push_back(0x80);
        return m;
    }();
    auto at = std::search(noncanonical.begin(), noncanonical.end(), marker.begin(), marker.end());
    ASSERT_NE(at, noncanonical.end());
    *(at + 21) = 0x00;
    EXPECT_EQ(decode_transaction(noncanonical).error(), TxError::kMalformedRlp);

    // Every proper prefix fails; single-byte changes either fail or re-encode to themselves.
    for (std::size_t n = 0; n < canonical.size(); ++n) {
        EXPECT_FALSE(decode_transaction(ByteView{canonical}.first(n))) << "prefix " << n;
    }
    const Bytes signed_tx = hex(kCastSetCodeTx);
    for (std::size_t i = 0; i < signed_tx.size(); ++i) {
        Bytes mutated = signed_tx;
        mutated[i] ^= 0x80;
        auto txn = decode_transaction(mutated);
        if (txn) {
            EXPECT_EQ(encode_transaction(*txn), mutated) << "byte " << i;
        }
    }
}

TEST(SetCodeTxTest, AuthorizationHashUsesMagicFive) {
    const Address a = addr("000000000000000000000000000000000000c0de");
    Bytes message{0x05};
    Bytes fields;
    rlp::encode_uint(fields, std::uint64_t{31337});
    rlp::encode_string(fields, a);
    rlp::encode_uint(fields, std::uint64_t{7});
    rlp::encode_list(message, fields);
    EXPECT_EQ(authorization_signing_hash(U256{31337}, a, 7), keccak256(message));
    EXPECT_NE(authorization_signing_hash(U256{31337}, a, 7), authorization_signing_hash(U256{0}, a, 7));
}

TEST(TransactionTest, ErrorStringsAreDistinct) {
    EXPECT_STRNE(to_string(TxError::kMalformedRlp), to_string(TxError::kTrailingBytes));
    EXPECT_STRNE(to_string(TxError::kInvalidV), to_string(TxError::kNotSignable));
    EXPECT_STRNE(to_string(TxError::kEmptyAuthorizationList), to_string(TxError::kMissingTo));
}

TEST(AccessListTest, CodecRoundTripsAndDecodingIsStrict) {
    AccessList list;
    list.push_back(AccessListEntry{Address{}, {}});
    AccessListEntry second;
    second.address[19] = 0x42;
    second.storage_keys = {B256{}, B256{}};
    second.storage_keys[1][31] = 7;
    list.push_back(second);
    Bytes encoded;
    encode_access_list(encoded, list);
    auto decoded = decode_access_list(encoded);
    ASSERT_TRUE(decoded);
    EXPECT_EQ(*decoded, list);

    Bytes empty;
    encode_access_list(empty, {});
    EXPECT_EQ(empty, (Bytes{0xc0}));
    ASSERT_TRUE(decode_access_list(empty));
    EXPECT_TRUE(decode_access_list(empty)->empty());

    Bytes trailing = encoded;
    trailing.push_back(0x80);
    EXPECT_FALSE(decode_access_list(trailing)) << "one item only";
    // An entry with a 19-byte address.
    EXPECT_FALSE(decode_access_list(
        Bytes{0xd6, 0xd5, 0x93, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xc0}));
    EXPECT_FALSE(decode_access_list(Bytes{0x80})) << "a string is not a list";
}

}  // namespace
}  // namespace baton
