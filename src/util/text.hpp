#pragma once
// Text sanitising for everything rehearsa shows or writes: finding messages, container logs.
// Input is untrusted bytes (a compose value, a log line); output is valid UTF-8 that a terminal,
// an XML parser (JUnit) or a Markdown renderer can take without surprises.
#include <cstddef>
#include <string>
#include <string_view>

namespace rehearsa::util {

// Removes ANSI escape sequences: CSI (ESC [ ... final), OSC (ESC ] ... BEL or ESC \), string
// commands (DCS, SOS, PM, APC up to ST) and two-byte escapes. A lone ESC is dropped too.
std::string strip_ansi(std::string_view text);

// Replaces each maximal invalid UTF-8 subpart (overlong, surrogate, beyond U+10FFFF, truncated)
// with U+FFFD, the way browsers do, so the result is valid UTF-8.
std::string repair_utf8(std::string_view text);
bool is_valid_utf8(std::string_view text);

// Whether XML 1.0 allows the code point: #x9 #xA #xD #x20-#xD7FF #xE000-#xFFFD #x10000-#x10FFFF.
bool is_xml_char(char32_t code_point);
// Valid UTF-8 holding only XML 1.0 characters. Jenkins drops a whole JUnit report over one ESC.
std::string xml_safe(std::string_view text);

// For text meant to be read: strip_ansi, then xml_safe, then CR LF and lone CR become LF, and the
// remaining control characters (C0 but TAB and LF, DEL, C1) are removed, so nothing can move the
// cursor, ring a bell or start a terminal escape.
std::string sanitize(std::string_view text);

// The longest prefix of at most max_bytes that ends on a code-point boundary.
std::string_view truncate_utf8(std::string_view text, std::size_t max_bytes);
// The longest suffix of at most max_bytes that starts on a code-point boundary.
std::string_view tail_utf8(std::string_view text, std::size_t max_bytes);

// text itself when it has at most head + tail bytes; else its first head and last tail bytes
// (cut on code-point boundaries) joined by marker.
std::string head_tail(std::string_view text, std::size_t head, std::size_t tail, std::string_view marker);
// At most max_bytes: text, or an equal head and tail around "[... N bytes omitted ...]".
std::string cap_bytes(std::string_view text, std::size_t max_bytes);

// "1 service", "2 services": a count and its noun, in English's regular plural.
std::string plural(std::size_t n, std::string_view word);

// Code points, for aligning columns (a terminal column per code point is close enough here).
std::size_t utf8_length(std::string_view text);

// Word-wraps text to lines of at most width columns where a word allows it. The first line
// continues at column `column`; later lines start with `indent` spaces. '\n' starts a new line.
// No trailing spaces. A first word that does not fit after `column` moves to the next line.
std::string wrap(std::string_view text, std::size_t width, std::size_t column, std::size_t indent);

} // namespace rehearsa::util
