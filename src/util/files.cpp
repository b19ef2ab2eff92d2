#include "util/files.hpp"

#include <cerrno>
#include <cstring>
#include <fmt/format.h>
#include <fstream>
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
