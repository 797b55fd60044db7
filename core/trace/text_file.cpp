#include "trace/text_file.h"

#include "util/error.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace specscope {

void write_file_atomic(const std::string& path, const std::string& data) {
    const std::string tmp = path + ".tmp";
    int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) throw Error(path, std::string("cannot write: ") + std::strerror(errno) + " (creating " + tmp + ")");
    auto fail = [&](int err) {
        if (fd >= 0) ::close(fd);
        ::unlink(tmp.c_str());
        throw Error(path, std::string("cannot write: ") + std::strerror(err));
    };
    const char* p = data.data();
    std::size_t left = data.size();
    while (left > 0) {
        const ssize_t n = ::write(fd, p, left);  // may be partial
        if (n < 0) {
            if (errno == EINTR) continue;
            fail(errno);
        }
        if (n == 0) fail(ENOSPC);
        p += n;
        left -= std::size_t(n);
    }
    // Some file systems report ENOSPC or EIO only here.
    if (::fsync(fd) != 0) fail(errno);
    const int rc = ::close(fd);
    fd = -1;
    if (rc != 0) fail(errno);
    if (::rename(tmp.c_str(), path.c_str()) != 0) fail(errno);
}

std::string read_file(const std::string& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) throw Error(path, std::string("cannot read: ") + std::strerror(errno));
    std::string data;
    char buf[1 << 16];
    for (;;) {
        const ssize_t n = ::read(fd, buf, sizeof buf);
        if (n < 0) {
            if (errno == EINTR) continue;
            const int err = errno;
            ::close(fd);
            throw Error(path, std::string("cannot read: ") + std::strerror(err));
        }
        if (n == 0) break;
        data.append(buf, std::size_t(n));
    }
    ::close(fd);
    return data;
}

} // namespace specscope
