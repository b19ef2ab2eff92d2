#include "util/error.hpp"

#include <fmt/format.h>

namespace rehearsa::util {

namespace {
const std::string k_empty;
}

Location Location::of_file(std::string path) {
    Location loc;
    loc.file = std::make_shared<const std::string>(std::move(path));
    return loc;
}

const std::string& Location::file_name() const {
    return file ? *file : k_empty;
}

std::string Location::to_string() const {
    if (!file) return {};
    if (line <= 0) return *file;
    return fmt::format("{}:{}:{}", *file, line, column);
}

std::string Error::to_string() const {
    std::string out = where.to_string();
    if (!out.empty()) out += ": ";
    if (!path.empty()) out += path + ": ";
    out += message;
    return out;
}

Error& Error::under(std::string_view parent_path) {
    if (parent_path.empty()) return *this;
    path = path.empty() ? std::string(parent_path) : fmt::format("{}.{}", parent_path, path);
    return *this;
}

} // namespace rehearsa::util
