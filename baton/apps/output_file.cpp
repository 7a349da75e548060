// SPDX-License-Identifier: MIT
#include <baton/apps/output_file.hpp>

#include <fcntl.h>
#include <unistd.h>
#include <cerrno>
#include <cstring>
#include <filesystem>

namespace baton::apps {

Result<void, std::string> check_writable(const std::string& path) {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) return unexpected(path + " is a directory");
    const bool existed = std::filesystem::exists(path, ec);
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) return unexpected("cannot write " + path + ": " + std::strerror(errno));
    ::close(fd);
    if (!existed) std::filesystem::remove(path, ec);
    return {};
}

}  // namespace baton::apps
