#include "util/files.hpp"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <fmt/format.h>
#include <fstream>
#include <memory>
#include <sstream>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

namespace rehearsa::util {

Result<std::string> read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        int err = errno;
        if (is_directory(path)) err = EISDIR;
        return fail(Location::of_file(path), "", fmt::format("cannot read file: {}", std::strerror(err)),
                    ErrorKind::Io);
    }
    std::ostringstream buf;
    buf << in.rdbuf();
    return buf.str();
}

namespace {

Result<void> io_error(const std::string& path, std::string_view what) {
    return fail(Location::of_file(path), "", fmt::format("cannot {}: {}", what, std::strerror(errno)),
                ErrorKind::Io);
}

bool write_all(int fd, std::string_view text) {
    while (!text.empty()) {
        ssize_t n = ::write(fd, text.data(), text.size());
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        text.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
}

bool sync_directory(const std::string& dir) {
    int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return false;
    bool ok = ::fsync(fd) == 0;
    ::close(fd);
    return ok;
}

// Opens `path` with `flags` and writes `text` through that one descriptor: appends, and writes into
// what must not be replaced. `to` names the purpose when the file cannot be opened.
Result<void> write_through(const std::string& path, int flags, std::string_view text, std::string_view to) {
    int fd = ::open(path.c_str(), flags | O_WRONLY | O_CLOEXEC, 0644);
    if (fd < 0) return io_error(path, fmt::format("open file for {}", to));
    bool written = write_all(fd, text);
    int saved = errno;
    ::close(fd);
    errno = saved;
    if (!written) return io_error(path, "write to it");
    return {};
}

// The file a symlink names, so that replacing it keeps the link; else `path` itself.
std::string replace_target(const std::string& path) {
    struct stat st {};
    if (::lstat(path.c_str(), &st) != 0 || !S_ISLNK(st.st_mode)) return path;
    std::unique_ptr<char, decltype(&std::free)> resolved(::realpath(path.c_str(), nullptr), &std::free);
    return resolved ? std::string(resolved.get()) : path;
}

} // namespace

Result<void> write_file_atomic(const std::string& requested, std::string_view text, Durability durability) {
    struct stat st {};
    if (::stat(requested.c_str(), &st) == 0 && !S_ISREG(st.st_mode))
        return write_through(requested, 0, text, "writing");
    const std::string path = replace_target(requested);
    bool durable = durability == Durability::Durable;
    std::string temp = fmt::format("{}/.{}.XXXXXX", dir_name(path), base_name(path));
    int fd = ::mkostemp(temp.data(), O_CLOEXEC);
    if (fd < 0) return io_error(path, "create a file beside it");
    bool written = write_all(fd, text) && ::fchmod(fd, 0644) == 0 && (!durable || ::fsync(fd) == 0);
    int saved = errno;
    ::close(fd);
    if (!written || ::rename(temp.c_str(), path.c_str()) != 0) {
        if (written) saved = errno;
        ::unlink(temp.c_str());
        errno = saved;
        return io_error(path, "write file");
    }
    if (durable && !sync_directory(dir_name(path))) return io_error(path, "sync its directory");
    return {};
}

Result<void> append_file(const std::string& path, std::string_view text) {
    return write_through(path, O_APPEND | O_CREAT, text, "appending");
}

bool file_exists(const std::string& path) {
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0;
}

bool is_directory(const std::string& path) {
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

std::string clean_path(const std::string& p) {
    if (p.empty()) return ".";
    bool absolute = p[0] == '/';
    std::vector<std::string> parts;
    std::stringstream ss(p);
    std::string part;
    while (std::getline(ss, part, '/')) {
        if (part.empty() || part == ".") continue;
        if (part == "..") {
            if (!parts.empty() && parts.back() != "..")
                parts.pop_back();
            else if (!absolute)
                parts.push_back(part);
            continue;
        }
        parts.push_back(part);
    }
    std::string out = absolute ? "/" : "";
    for (size_t i = 0; i < parts.size(); ++i)
        out += (i ? "/" : "") + parts[i];
    return out.empty() ? "." : out;
}

std::string join_path(const std::string& base, const std::string& p) {
    if (!p.empty() && p[0] == '/') return clean_path(p);
    return clean_path(base + "/" + p);
}

std::string dir_name(const std::string& p) {
    auto slash = p.rfind('/');
    if (slash == std::string::npos) return ".";
    return clean_path(slash == 0 ? "/" : p.substr(0, slash));
}

std::string base_name(const std::string& p) {
    std::string c = clean_path(p);
    auto slash = c.rfind('/');
    return slash == std::string::npos ? c : c.substr(slash + 1);
}

std::string current_directory() {
    std::vector<char> buf(4096);
    if (::getcwd(buf.data(), buf.size()) == nullptr) return ".";
    return buf.data();
}

} // namespace rehearsa::util
