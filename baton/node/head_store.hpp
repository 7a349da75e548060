// SPDX-License-Identifier: MIT
#pragma once

// The node's persisted safe and finalized L2 heads (--data-dir): one small JSON file,
//   {"safe":{"hash":"0x…","number":N},"finalized":{"hash":"0x…","number":N}}
// replaced atomically (write a temp file in the same directory, fsync, rename over), so a crash
// leaves the old file or the new one, never half of either. anvil's own "safe"/"finalized" tags are
// not Baton's, which is why the node keeps these itself.

#include <baton/core/result.hpp>
#include <baton/node/driver.hpp>

#include <filesystem>
#include <optional>
#include <string>

namespace baton::node {

class HeadStore {
public:
    // The file is `dir`/heads.json; `dir` is created when missing.
    explicit HeadStore(std::filesystem::path dir) : dir_(std::move(dir)), file_(dir_ / "heads.json") {}

    // nullopt when there is no file yet; an error for an unreadable or malformed one.
    Result<std::optional<PersistedHeads>, std::string> load() const;
    Result<void, std::string> save(const PersistedHeads& heads) const;
    // Creates the directory when missing and checks that a file can be written in it, so a
    // --data-dir that is a regular file or read-only is refused at startup, not at the first save.
    Result<void, std::string> prepare() const;

    const std::filesystem::path& file() const noexcept { return file_; }

private:
    std::filesystem::path dir_;
    std::filesystem::path file_;
};

}  // namespace baton::node
