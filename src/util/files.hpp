#pragma once
// File helpers shared by every stage.
#include "util/error.hpp"

#include <string>
#include <string_view>

namespace rehearsa::util {

// The whole file, or an Io error naming the path and the reason ("no such file or directory").
Result<std::string> read_file(const std::string& path);

// Durable: state that must survive a crash (history, baselines, receipts) is fsynced, file and
// directory. Replaceable: output that the next run writes again (reports) is only renamed into
// place; readers still never see a torn file, and CI steps don't pay for eight fsyncs a run.
enum class Durability { Durable, Replaceable };

// Writes through a unique temporary file in the same directory, then renames it over `path`:
// readers see the old file or the whole new one, never a torn one. A symlink to a regular file
// stays a symlink (its target is replaced). Anything else that exists at `path` (/dev/stdout, a
// FIFO, a terminal, /dev/full) is written in place, never replaced: a rename would put a regular
// file where a device node was, and as root it can; a write it refuses is an Io error.
Result<void> write_file_atomic(const std::string& path, std::string_view text,
                               Durability durability = Durability::Durable);
// Appends, creating the file when it is missing (for $GITHUB_STEP_SUMMARY).
Result<void> append_file(const std::string& path, std::string_view text);

bool file_exists(const std::string& path);
bool is_directory(const std::string& path);

// Joins base and p unless p is absolute, then cleans the result like Go's filepath.Clean.
std::string join_path(const std::string& base, const std::string& p);
std::string clean_path(const std::string& p);
std::string dir_name(const std::string& p);
std::string base_name(const std::string& p);
std::string current_directory();

} // namespace rehearsa::util
