// SPDX-License-Identifier: MIT
#include <baton/node/head_store.hpp>

#include <baton/core/hex.hpp>

#include <nlohmann/json.hpp>

#include <fcntl.h>
#include <unistd.h>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace baton::node {
namespace {

nlohmann::json encode_id(const BlockId& id) {
    return {{"hash", to_hex(id.hash)}, {"number", id.number}};
}

std::optional<BlockId> decode_id(const nlohmann::json& v) {
    if (!v.is_object() || !v.contains("hash") || !v.contains("number")) return std::nullopt;
    const auto& h = v.at("hash");
    const auto& n = v.at("number");
    if (!h.is_string() || !n.is_number_unsigned()) return std::nullopt;
    auto hash = decode_hex_fixed<32>(h.get<std::string>());
    if (!hash) return std::nullopt;
    BlockId id;
    id.hash = *hash;
    id.number = n.get<std::uint64_t>();
    return id;
}

}  // namespace

Result<std::optional<PersistedHeads>, std::string> HeadStore::load() const {
    std::error_code ec;
    if (!std::filesystem::exists(file_, ec)) return std::optional<PersistedHeads>{};
    std::ifstream in(file_);
    if (!in) return unexpected("cannot read " + file_.string());
    std::stringstream text;
    text << in.rdbuf();
    const auto doc = nlohmann::json::parse(text.str(), nullptr, false);
    if (doc.is_discarded() || !doc.is_object()) return unexpected(file_.string() + " is not JSON");
    const auto safe = decode_id(doc.value("safe", nlohmann::json{}));
    const auto finalized = decode_id(doc.value("finalized", nlohmann::json{}));
    if (!safe || !finalized) return unexpected(file_.string() + ": safe/finalized {hash, number} expected");
    return std::optional<PersistedHeads>{PersistedHeads{*safe, *finalized}};
}

Result<void, std::string> HeadStore::prepare() const {
    std::error_code ec;
    if (std::filesystem::exists(dir_, ec) && !std::filesystem::is_directory(dir_, ec))
        return unexpected(dir_.string() + " is not a directory");
    std::filesystem::create_directories(dir_, ec);
    if (ec) return unexpected("cannot create " + dir_.string() + ": " + ec.message());
    const std::filesystem::path probe = file_.string() + ".probe";
    const int fd = ::open(probe.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) return unexpected("cannot write in " + dir_.string() + ": " + std::strerror(errno));
    ::close(fd);
    std::filesystem::remove(probe, ec);
    return {};
}

Result<void, std::string> HeadStore::save(const PersistedHeads& heads) const {
    std::error_code ec;
    std::filesystem::create_directories(dir_, ec);
    if (ec) return unexpected("cannot create " + dir_.string() + ": " + ec.message());
    const std::string text =
        nlohmann::json{{"safe", encode_id(heads.safe)}, {"finalized", encode_id(heads.finalized)}}.dump() +
        "\n";
    const std::filesystem::path tmp = file_.string() + ".tmp";
    const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) return unexpected("cannot write " + tmp.string() + ": " + std::strerror(errno));
    std::size_t done = 0;
    while (done < text.size()) {
        const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
        if (n < 0) {
            if (errno == EINTR) continue;
            const std::string err = std::strerror(errno);
            ::close(fd);
            return unexpected("cannot write " + tmp.string() + ": " + err);
        }
        done += static_cast<std::size_t>(n);
    }
    // Durable before it replaces the old file.
    if (::fsync(fd) != 0 || ::close(fd) != 0) return unexpected("cannot sync " + tmp.string());
    std::filesystem::rename(tmp, file_, ec);
    if (ec) return unexpected("cannot replace " + file_.string() + ": " + ec.message());
    return {};
}

}  // namespace baton::node
