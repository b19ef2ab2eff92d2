#include "util/text.hpp"

#include <algorithm>
#include <fmt/format.h>

namespace rehearsa::util {

namespace {

constexpr char k_esc = '\x1b';
constexpr std::string_view k_replacement = "\xEF\xBF\xBD"; // U+FFFD

unsigned char byte_at(std::string_view text, std::size_t at) {
    return static_cast<unsigned char>(text[at]);
}

bool is_continuation(unsigned char byte) {
    return (byte & 0xC0) == 0x80;
}

// A lead byte's sequence length and the range its second byte must fall in (which excludes
// overlongs, surrogates and code points beyond U+10FFFF); length 0 for an invalid lead byte.
struct Lead {
    std::size_t length = 0;
    char32_t bits = 0;
    unsigned char low = 0x80;
    unsigned char high = 0xBF;
};

unsigned char bound(bool condition, unsigned char yes, unsigned char no) {
    return condition ? yes : no;
}

Lead classify(unsigned char lead) {
    if (lead < 0x80) return {1, lead};
    if (lead >= 0xC2 && lead <= 0xDF) return {2, char32_t(lead & 0x1F)};
    if (lead >= 0xE0 && lead <= 0xEF)
        return {3, char32_t(lead & 0x0F), bound(lead == 0xE0, 0xA0, 0x80), bound(lead == 0xED, 0x9F, 0xBF)};
    if (lead >= 0xF0 && lead <= 0xF4)
        return {4, char32_t(lead & 0x07), bound(lead == 0xF0, 0x90, 0x80), bound(lead == 0xF4, 0x8F, 0xBF)};
    return {};
}

struct Decoded {
    char32_t code_point = 0;
    std::size_t length = 1; // bytes consumed; for an invalid sequence, its maximal subpart
    bool valid = false;
};

Decoded decode(std::string_view text, std::size_t at) {
    Lead lead = classify(byte_at(text, at));
    if (lead.length == 0) return {};
    char32_t code_point = lead.bits;
    for (std::size_t i = 1; i < lead.length; ++i) {
        if (at + i >= text.size()) return {0, i, false};
        unsigned char next = byte_at(text, at + i);
        if (next < lead.low || next > lead.high) return {0, i, false};
        code_point = (code_point << 6) | (next & 0x3F);
        lead.low = 0x80;
        lead.high = 0xBF;
    }
    return {code_point, lead.length, true};
}

// Where an escape sequence starting at text[at] == ESC ends (one past its last byte).
std::size_t end_of_string_command(std::string_view text, std::size_t at) {
    for (std::size_t i = at; i < text.size(); ++i) {
        if (text[i] == '\a') return i + 1;
        if (text[i] == k_esc && i + 1 < text.size() && text[i + 1] == '\\') return i + 2;
        if (text[i] == '\n') return i; // unterminated: never swallow more than the line
    }
    return text.size();
}

std::size_t end_of_csi(std::string_view text, std::size_t at) {
    for (std::size_t i = at; i < text.size(); ++i) {
        unsigned char c = byte_at(text, i);
        if (c >= 0x40 && c <= 0x7E) return i + 1;
        if (c < 0x20 || c > 0x3F) return i; // malformed: keep what follows
    }
    return text.size();
}

std::size_t end_of_escape(std::string_view text, std::size_t esc) {
    std::size_t i = esc + 1;
    if (i >= text.size()) return i;
    switch (text[i]) {
    case '[':
        return end_of_csi(text, i + 1);
    case ']':
    case 'P':
    case 'X':
    case '^':
    case '_':
        return end_of_string_command(text, i + 1);
    default:
        break;
    }
    while (i < text.size() && byte_at(text, i) >= 0x20 && byte_at(text, i) <= 0x2F)
        ++i; // intermediates, as in ESC ( B
    return i < text.size() && byte_at(text, i) >= 0x30 && byte_at(text, i) <= 0x7E ? i + 1 : i;
}

// Calls keep(code_point, bytes) for each valid code point and for U+FFFD in place of each
// invalid subpart.
template <typename Keep>
void for_each_code_point(std::string_view text, Keep keep) {
    for (std::size_t at = 0; at < text.size();) {
        Decoded d = decode(text, at);
        if (d.valid)
            keep(d.code_point, text.substr(at, d.length));
        else
            keep(char32_t{0xFFFD}, k_replacement);
        at += d.length;
    }
}

bool is_removed_control(std::string_view bytes) {
    unsigned char first = byte_at(bytes, 0);
    if (bytes.size() == 1) return (first < 0x20 && first != '\t' && first != '\n') || first == 0x7F;
    return bytes.size() == 2 && first == 0xC2 && byte_at(bytes, 1) < 0xA0; // C1: U+0080-U+009F
}

std::string normalize_line_ends(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '\r') {
            out += text[i];
        } else if (i + 1 >= text.size() || text[i + 1] != '\n') {
            out += '\n';
        }
    }
    return out;
}

} // namespace

std::string strip_ansi(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        if (text[i] == k_esc) {
            i = end_of_escape(text, i);
        } else {
            out += text[i++];
        }
    }
    return out;
}

std::string repair_utf8(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for_each_code_point(text, [&](char32_t, std::string_view bytes) { out += bytes; });
    return out;
}

bool is_valid_utf8(std::string_view text) {
    for (std::size_t at = 0; at < text.size();) {
        Decoded d = decode(text, at);
        if (!d.valid) return false;
        at += d.length;
    }
    return true;
}

bool is_xml_char(char32_t c) {
    return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD) ||
           (c >= 0x10000 && c <= 0x10FFFF);
}

std::string xml_safe(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for_each_code_point(text, [&](char32_t c, std::string_view bytes) {
        if (is_xml_char(c)) out += bytes;
    });
    return out;
}

std::string sanitize(std::string_view text) {
    std::string safe = normalize_line_ends(xml_safe(strip_ansi(text)));
    std::string out;
    out.reserve(safe.size());
    for_each_code_point(safe, [&](char32_t, std::string_view bytes) {
        if (!is_removed_control(bytes)) out += bytes;
    });
    return out;
}

std::string_view truncate_utf8(std::string_view text, std::size_t max_bytes) {
    if (text.size() <= max_bytes) return text;
    std::size_t end = max_bytes;
    while (end > 0 && is_continuation(byte_at(text, end)))
        --end;
    return text.substr(0, end);
}

std::string_view tail_utf8(std::string_view text, std::size_t max_bytes) {
    if (text.size() <= max_bytes) return text;
    std::size_t start = text.size() - max_bytes;
    while (start < text.size() && is_continuation(byte_at(text, start)))
        ++start;
    return text.substr(start);
}

std::string head_tail(std::string_view text, std::size_t head, std::size_t tail, std::string_view marker) {
    if (text.size() <= head + tail) return std::string(text);
    std::string out(truncate_utf8(text, head));
    out += marker;
    out += tail_utf8(text, tail);
    return out;
}

std::string cap_bytes(std::string_view text, std::size_t max_bytes) {
    constexpr std::size_t k_marker_room = 48; // "\n[... 18446744073709551615 bytes omitted ...]\n"
    if (text.size() <= max_bytes) return std::string(text);
    if (max_bytes < 2 * k_marker_room) return std::string(truncate_utf8(text, max_bytes));
    std::size_t head = (max_bytes - k_marker_room) / 2;
    std::string_view first = truncate_utf8(text, head);
    std::string_view last = tail_utf8(text, max_bytes - k_marker_room - head);
    std::size_t omitted = text.size() - first.size() - last.size();
    return fmt::format("{}\n[... {} bytes omitted ...]\n{}", first, omitted, last);
}

std::size_t utf8_length(std::string_view text) {
    std::size_t count = 0;
    for (char c : text)
        count += is_continuation(static_cast<unsigned char>(c)) ? 0 : 1;
    return count;
}

std::string plural(std::size_t n, std::string_view word) {
    return fmt::format("{} {}{}", n, word, n == 1 ? "" : "s");
}

std::string wrap(std::string_view text, std::size_t width, std::size_t column, std::size_t indent) {
    std::string out;
    bool line_empty = true; // no word yet on the current line
    auto new_line = [&] {
        out += '\n';
        column = indent;
        line_empty = true;
    };
    auto place = [&](std::string_view word) {
        std::size_t length = utf8_length(word);
        bool too_long = column + (line_empty ? 0 : 1) + length > width;
        if (too_long && (!line_empty || column > indent)) new_line();
        if (line_empty && !out.empty() && out.back() == '\n') out.append(indent, ' ');
        if (!line_empty) out += ' ';
        out += word;
        column += length + (line_empty ? 0 : 1);
        line_empty = false;
    };
    for (std::size_t line_start = 0;;) {
        std::size_t line_end = std::min(text.find('\n', line_start), text.size());
        for (std::size_t at = line_start; at < line_end;) {
            std::size_t space = std::min(text.find(' ', at), line_end);
            if (space > at) place(text.substr(at, space - at));
            at = space + 1;
        }
        if (line_end == text.size()) break;
        new_line();
        line_start = line_end + 1;
    }
    return out;
}

} // namespace rehearsa::util
