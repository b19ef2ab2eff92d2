#pragma once
// Durations as compose reads and prints them: Go's time.ParseDuration ("1m30s", "500ms", "1.5h")
// and time.Duration.String() ("1m30s", "2h0m0s", "500ms").
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace rehearsa::util {

using Nanoseconds = std::chrono::nanoseconds;

// nullopt when the text is not a valid duration.
std::optional<Nanoseconds> parse_duration(std::string_view text);

std::string format_duration(Nanoseconds d);

// RFC 3339 in UTC with milliseconds: "2026-11-25T12:00:00.000Z".
std::string rfc3339_utc(std::chrono::system_clock::time_point time);

} // namespace rehearsa::util
