// SPDX-License-Identifier: MIT
#pragma once

// Where a process's private key comes from: a file (--private-key-file) or an environment variable,
// never a command-line value (it would show in `ps` and shell history) and never a log line.
// The file holds the key as hex (optional 0x), surrounding whitespace ignored. A file readable by
// group or others is refused, as ssh does, so a key is not left world-readable by accident.

#include <baton/core/result.hpp>
#include <baton/core/secp256k1.hpp>

#include <string>

namespace baton::apps {

// Error text names the source (file path or variable) and the defect, never the key.
Result<PrivateKey, std::string> load_private_key(const std::string& key_file, const char* env_var);

}  // namespace baton::apps
