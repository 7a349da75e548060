# SPDX-License-Identifier: MIT
# ctest script: pipes the OP Mainnet batcher tx vector into `baton decode tx` and checks the 27
# blocks and 209 tx hashes against the vector; then checks that garbage input fails with exit 1
# and a one-line error naming the offset.
file(READ ${VECTOR} doc)
string(JSON tx_hex GET "${doc}" cases 0 input_tx_hex)
string(JSON chain_id GET "${doc}" cases 0 l2_config l2_chain_id)
string(JSON genesis GET "${doc}" cases 0 l2_config genesis_l2_time)
string(JSON block_time GET "${doc}" cases 0 l2_config block_time)
string(JSON want_blocks GET "${doc}" cases 0 expected batches 0 derived_blocks)
file(WRITE ${WORK_DIR}/op_mainnet_tx.hex "${tx_hex}\n")

execute_process(
  COMMAND ${BATON} decode tx --signed-tx --l2-chain-id ${chain_id} --genesis-l2-time ${genesis} --block-time ${block_time}
  INPUT_FILE ${WORK_DIR}/op_mainnet_tx.hex
  OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "baton decode tx failed (${rc}): ${err}")
endif()

string(JSON frame_count LENGTH "${out}" frames)
string(JSON is_last GET "${out}" frames 0 is_last)
string(JSON compression GET "${out}" compression)
string(JSON decompressed GET "${out}" decompressed_length)
if(NOT frame_count EQUAL 1 OR NOT is_last STREQUAL "ON" OR NOT compression STREQUAL "zlib" OR NOT decompressed EQUAL 240308)
  message(FATAL_ERROR "unexpected frame/channel summary: frames=${frame_count} is_last=${is_last} compression=${compression} decompressed=${decompressed}")
endif()
string(JSON batch_type GET "${out}" batches 0 type)
string(JSON got_blocks GET "${out}" batches 0 blocks)
string(JSON n_got LENGTH "${got_blocks}")
string(JSON n_want LENGTH "${want_blocks}")
if(NOT batch_type STREQUAL "span" OR NOT n_got EQUAL 27 OR NOT n_want EQUAL 27)
  message(FATAL_ERROR "expected one span batch of 27 blocks, got type=${batch_type} blocks=${n_got}")
endif()

set(hashes 0)
math(EXPR last "${n_want} - 1")
foreach(i RANGE ${last})
  string(JSON got_block GET "${got_blocks}" ${i})
  string(JSON want_block GET "${want_blocks}" ${i})
  foreach(field timestamp epoch_num)
    string(JSON g GET "${got_block}" ${field})
    string(JSON w GET "${want_block}" ${field})
    if(NOT g EQUAL w)
      message(FATAL_ERROR "block ${i}: ${field} ${g} != ${w}")
    endif()
  endforeach()
  string(JSON n_tx LENGTH "${want_block}" txs)
  string(JSON n_got_tx LENGTH "${got_block}" txs)
  if(NOT n_tx EQUAL n_got_tx)
    message(FATAL_ERROR "block ${i}: ${n_got_tx} txs, want ${n_tx}")
  endif()
  if(n_tx GREATER 0)
    math(EXPR last_tx "${n_tx} - 1")
    foreach(j RANGE ${last_tx})
      string(JSON g GET "${got_block}" txs ${j})
      string(JSON w GET "${want_block}" txs ${j} hash)
      if(NOT g STREQUAL w)
        message(FATAL_ERROR "block ${i} tx ${j}: ${g} != ${w}")
      endif()
      math(EXPR hashes "${hashes} + 1")
    endforeach()
  endif()
endforeach()
if(NOT hashes EQUAL 209)
  message(FATAL_ERROR "compared ${hashes} hashes, want 209")
endif()

# The same channel through `decode channel`: cut the frame data out of the tx hex (version byte,
# 16-byte id, u16 number, u32 length, then the data).
string(FIND "${tx_hex}" "00ac329933f5efdcc35ccd284232a376d3" at)
math(EXPR start "${at} + 2 + 44")
math(EXPR len "119799 * 2")
string(SUBSTRING "${tx_hex}" ${start} ${len} channel_hex)
file(WRITE ${WORK_DIR}/op_mainnet_channel.hex "${channel_hex}\n")
execute_process(
  COMMAND ${BATON} decode channel --l2-chain-id ${chain_id} --genesis-l2-time ${genesis} --block-time ${block_time}
  INPUT_FILE ${WORK_DIR}/op_mainnet_channel.hex
  OUTPUT_VARIABLE chan ERROR_VARIABLE err RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "baton decode channel failed (${rc}): ${err}")
endif()
string(JSON chan_blocks GET "${chan}" batches 0 blocks)
if(NOT chan_blocks STREQUAL got_blocks)
  message(FATAL_ERROR "decode channel and decode tx disagree on the blocks")
endif()

# Bad input: a frame cut short must fail with exit code 1 and name the offset.
file(WRITE ${WORK_DIR}/bad_calldata.hex "00ac329933f5efdcc35ccd284232a376d3000000\n")
execute_process(
  COMMAND ${BATON} decode tx --l2-chain-id ${chain_id} --genesis-l2-time ${genesis}
  INPUT_FILE ${WORK_DIR}/bad_calldata.hex
  OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
if(NOT rc EQUAL 1 OR NOT err MATCHES "offset [0-9]+")
  message(FATAL_ERROR "bad calldata: want exit 1 and an offset, got ${rc}: ${err}")
endif()
message(STATUS "baton decode tx: 27 blocks, ${hashes} tx hashes match")
