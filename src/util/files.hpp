#pragma once
// File helpers shared by every stage.
#include "util/error.hpp"

#include <string>

namespace rehearsa::util {

// The whole file, or an Io error naming the path and the reason ("no such file or directory").
Result<std::string> read_file(const std::string& path);

bool file_exists(const std::string& path);
bool is_directory(const std::string& path);

// Joins base and p unless p is absolute, then cleans the result like Go's filepath.Clean.
std::string join_path(const std::string& base, const std::string& p);
std::string clean_path(const std::string& p);
std::string dir_name(const std::string& p);
std::string base_name(const std::string& p);
std::string current_directory();

} // namespace rehearsa::util
