#pragma once
// What the machine-readable reporters (sarif, codequality, json) share: where a finding is shown,
// timestamps, and length limits on text.
#include "reporters/report.hpp"
#include "util/duration.hpp"
#include "util/json_writer.hpp"

#include <array>
#include <chrono>
#include <cstddef>
#include <functional>
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>

namespace rehearsa::reporters {

using util::JsonArray;
using util::JsonObject;
using util::JsonWriter;

// Renders one indented JSON document, ended by a newline: `body` writes its single top-level value.
void write_json_document(std::ostream& out, const std::function<void(JsonWriter&)>& body);

// A format's names for the severities, indexed like results::Severity: note, warning, error.
using SeverityNames = std::array<std::string_view, 3>;
inline std::string_view name_in(const SeverityNames& names, results::Severity severity) {
    return names[static_cast<std::size_t>(severity)];
}

// A place in a file as CI consumers want it: the path relative to source_root (absolute when the
// file lies outside it), a 1-based line and a 1-based column (0 when unknown).
struct Place {
    std::string path;
    int line = 1;
    int column = 0;
};

// `where` as a Place, or nullopt when it names no file. A known file without a line is line 1.
std::optional<Place> place_of(const Report& report, const util::Location& where);

// Where a finding is shown. One without a location (a project-level finding) is put on line 1 of
// the first compose file, because GitHub and GitLab drop entries that have no location.
Place display_place(const Report& report, const results::Finding& finding);

// The finding's message, or its rule's summary when it has none.
std::string message_of(const results::Finding& finding);

// The finding's message followed by its rule's fix: "image 'redis' has no tag. Pin a version...".
// The message stays the first sentence, which GitHub shows as the alert's title.
std::string message_with_fix(const results::Finding& finding);

using util::rfc3339_utc;

// At most `max_bytes` bytes of `text`, cut on a code point boundary and ending with "..." when cut.
std::string truncate_utf8(std::string_view text, std::size_t max_bytes);

// Percent-encodes what may not appear in a URI path: everything but RFC 3986 unreserved bytes and
// '/'. Compose file names with spaces or non-ASCII letters stay valid URIs.
std::string uri_path(std::string_view path);

} // namespace rehearsa::reporters
