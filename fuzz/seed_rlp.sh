#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Writes RLP seeds into the corpus dir $1: the mainnet batcher tx (EIP-1559) from the vectors and a
# few small canonical items (empty string/list, nested lists, an EIP-155 legacy tx, an EIP-7702
# set-code tx, a deposit).
set -euo pipefail
out=${1:?usage: seed_rlp.sh <corpus dir>}
vectors=${BATON_VECTORS_DIR:-$(cd "$(dirname "$0")/.." && pwd)/../shared/vectors}
mkdir -p "$out"
python3 - "$vectors" "$out" <<'PY'
import json, sys, os
vectors, out = sys.argv[1], sys.argv[2]
def write(name, hexdata):
    with open(os.path.join(out, "vec-" + name), "wb") as f:
        f.write(bytes.fromhex(hexdata))
tx = json.load(open(os.path.join(vectors, "op_mainnet_batcher_tx.json")))["cases"][0]["input_tx_hex"]
write("mainnet-1559", tx)
write("empty-string", "80")
write("empty-list", "c0")
write("nested", "c7c0c1c0c3c0c1c0")
write("dog-cat", "c88363617483646f67")
write("eip155", "f86c098504a817c800825208943535353535353535353535353535353535353535880de0b6b3a76400008025a028ef61340bd939bc2195fe537567866003e1a15d3c71ff63e1590620aa636276a067cbe9d8997f761aecb703304b3800ccf555c9f3dc64214b297fb1966a3b6d83")
# EIP-7702 set-code tx made by cast 1.7.1 (see baton/core/transaction_test.cpp, SetCodeTxTest).
write("set-code-7702", "04f8cd827a6980843b9aca008477359400830186a09470997970c51812dc3a010c7d01b50e0d17dc79c88080c0f85ef85c827a6994000000000000000000000000000000000000c0de8001a02f28b4df8d133c51cc96e6822532943d647963d542d43bd5b300ba9acc0c91cca0119c1a60bb7dc0aafca9f45be3817ef084aa93a114d734317fc3c6d0efd7888380a0cfc4f233ec92fa9cec2a25272285e346517406a9e4b2ff8a34cf10cb9a77dd2ba040c59f344c72fa709b975089be01c54d40dd180c8462dc061335ae36b7b7da8b")
write("deposit", "7ef8f8a0683079df94aa5b9cf86687d739a60a9b4f0835e520ec4d664e2e415dca17a6df94deaddeaddeaddeaddeaddeaddeaddeaddead00019442000000000000000000000000000000000000158080830f424080b8a4440a5e200000146b000f79c500000000000000040000000066d052e700000000013ad8a3000000000000000000000000000000000000000000000000000000003ef1278700000000000000000000000000000000000000000000000000000000000000012fdf87b89884a61e74b322bbcf60386f543bfae7827725efaaf0ab1de2294a590000000000000000000000006887246668a3b87f54deb3b94ba47a6f63f32985")
PY
