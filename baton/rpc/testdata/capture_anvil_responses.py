#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Regenerates anvil_responses.json: runs anvil twice (plain, then --network optimism), sends the
# transactions the codec tests need and records the node's answers. Usage: capture_anvil_responses.py OUT.json
import json, subprocess, time, urllib.request, sys, os
A=os.environ.get("BATON_ANVIL") or os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../../node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil")
def rpc(port, method, params):
    req=urllib.request.Request(f"http://127.0.0.1:{port}", data=json.dumps({"jsonrpc":"2.0","id":1,"method":method,"params":params}).encode(), headers={"content-type":"application/json"})
    r=json.loads(urllib.request.urlopen(req).read())
    return r
def start(port, extra):
    p=subprocess.Popen([A,"--port",str(port),"--host","127.0.0.1"]+extra, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for i in range(200):
        try:
            rpc(port,"eth_chainId",[]); return p
        except Exception: time.sleep(0.02)
    raise SystemExit("no anvil")
def rlp_bytes(b):
    if len(b)==1 and b[0]<0x80: return b
    return rlp_len(len(b),0x80)+b
def rlp_len(n,off):
    if n<56: return bytes([off+n])
    bl=n.to_bytes((n.bit_length()+7)//8,'big'); return bytes([off+55+len(bl)])+bl
def rlp_list(items):
    p=b"".join(items); return rlp_len(len(p),0xc0)+p
def rlp_int(n): return rlp_bytes(n.to_bytes((n.bit_length()+7)//8,'big') if n else b"")
F0="0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266"
F1="0x70997970c51812dc3a010c7d01b50e0d17dc79c8"
def runtime():
    sel=bytes.fromhex("08c379a0")+bytes(28); nope=b"nope"+bytes(28)
    topic=bytes.fromhex("aa"*32)
    rev=bytes([0x7f])+sel+bytes([0x60,0,0x52,0x60,0x20,0x60,4,0x52,0x60,4,0x60,0x24,0x52,0x7f])+nope+bytes([0x60,0x44,0x52,0x60,0x64,0x60,0,0xfd])
    head_len=4
    dest=head_len+len(rev)
    code=bytes([0x36,0x60,dest,0x57])+rev+bytes([0x5b,0x60,0,0x35,0x80,0x60,0,0x55,0x60,0,0x52,0x7f])+topic+bytes([0x60,0x20,0x60,0,0xa1,0])
    return code
def initcode():
    rt=runtime(); return bytes([0x60,len(rt),0x80,0x60,11,0x60,0,0x39,0x60,0,0xf3])+rt
out={}
port=28545
p=start(port,[])
try:
    h_legacy=rpc(port,"eth_sendTransaction",[{"from":F0,"to":F1,"value":"0x1234","gasPrice":"0x77359400","type":"0x0"}])["result"]
    h_2930=rpc(port,"eth_sendTransaction",[{"from":F0,"to":F1,"value":"0x1","gasPrice":"0x77359400","accessList":[{"address":F1,"storageKeys":["0x"+"00"*31+"01"]}],"type":"0x1"}])["result"]
    h_deploy=rpc(port,"eth_sendTransaction",[{"from":F0,"input":"0x"+initcode().hex()}])["result"]
    rc=rpc(port,"eth_getTransactionReceipt",[h_deploy])["result"]; addr=rc["contractAddress"]
    h_store=rpc(port,"eth_sendTransaction",[{"from":F0,"to":addr,"input":"0x"+"00"*31+"2a"}])["result"]
    h_revert=rpc(port,"eth_sendTransaction",[{"from":F0,"to":addr,"input":"0x","gas":"0x30000"}])
    out["revert_send"]=h_revert
    h_revert=h_revert.get("result")
    out["call_revert"]=rpc(port,"eth_call",[{"from":F0,"to":addr,"input":"0x"},"latest"])
    out["estimate_revert"]=rpc(port,"eth_estimateGas",[{"from":F0,"to":addr,"input":"0x"}])
    for name,h in [("legacy",h_legacy),("access_list",h_2930),("deploy",h_deploy),("store",h_store),("revert",h_revert)]:
        out["tx_"+name]=rpc(port,"eth_getTransactionByHash",[h])["result"]
        out["receipt_"+name]=rpc(port,"eth_getTransactionReceipt",[h])["result"]
    out["block_full"]=rpc(port,"eth_getBlockByNumber",["0x4",True])["result"]
    out["block_hashes"]=rpc(port,"eth_getBlockByNumber",["0x4",False])["result"]
    out["block_receipts"]=rpc(port,"eth_getBlockReceipts",["0x4"])["result"]
    out["logs"]=rpc(port,"eth_getLogs",[{"fromBlock":"0x0","toBlock":"latest","address":addr}])["result"]
    out["fee_history"]=rpc(port,"eth_feeHistory",["0x3","latest",[25,75]])["result"]
    out["raw_legacy"]=rpc(port,"eth_getRawTransactionByHash",[h_legacy])
finally:
    p.terminate(); p.wait()
p=start(port,["--network","optimism"])
try:
    src=bytes.fromhex("11"*32); frm=bytes.fromhex("de"*20); to=bytes.fromhex(F1[2:])
    dep=bytes([0x7e])+rlp_list([rlp_bytes(src),rlp_bytes(frm),rlp_bytes(to),rlp_int(10**18),rlp_int(5),rlp_int(100000),rlp_bytes(b""),rlp_bytes(b"")])
    r=rpc(port,"eth_sendRawTransaction",["0x"+dep.hex()]); out["deposit_send"]=r
    h=r.get("result")
    out["op_tx_deposit"]=rpc(port,"eth_getTransactionByHash",[h])["result"]
    out["op_receipt_deposit"]=rpc(port,"eth_getTransactionReceipt",[h])["result"]
    out["op_block"]=rpc(port,"eth_getBlockByNumber",["latest",True])["result"]
    out["op_balance"]=rpc(port,"eth_getBalance",["0x"+frm.hex(),"latest"])
    out["op_raw"]="0x"+dep.hex()
finally:
    p.terminate(); p.wait()
json.dump({"source": "anvil, captured by capture_anvil_responses.py in this folder", "description": "Real JSON-RPC results from anvil for the rpc codec unit tests", "responses": out}, open(sys.argv[1], "w"), indent=1)
