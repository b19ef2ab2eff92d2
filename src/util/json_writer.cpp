#include "util/json_writer.hpp"

#include <cmath>
#include <fmt/format.h>

namespace rehearsa::util {

namespace {

constexpr std::string_view k_replacement_character = "\xEF\xBF\xBD"; // U+FFFD in UTF-8

void append_escaped_ascii(std::string& out, char c) {
    switch (c) {
    case '"':
        out += "\\\"";
        break;
    case '\\':
        out += "\\\\";
        break;
    case '\n':
        out += "\\n";
        break;
    case '\r':
        out += "\\r";
        break;
    case '\t':
        out += "\\t";
        break;
    case '\b':
        out += "\\b";
        break;
    case '\f':
        out += "\\f";
        break;
    default:
        if (static_cast<unsigned char>(c) < 0x20)
            out += fmt::format("\\u{:04x}", static_cast<unsigned char>(c));
        else
            out += c;
    }
}

} // namespace

std::size_t utf8_sequence_length(std::string_view s) {
    if (s.empty()) return 0;
    auto byte = [&](std::size_t i) { return static_cast<unsigned char>(s[i]); };
    const unsigned char lead = byte(0);
    if (lead < 0x80) return 1;
    const std::size_t n = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC2 ? 2 : 0;
    if (n == 0 || lead > 0xF4 || s.size() < n) return 0;
    // The second byte's range is what rules out overlong forms, surrogates and values above U+10FFFF.
    const unsigned char low = lead == 0xE0 ? 0xA0 : lead == 0xF0 ? 0x90 : 0x80;
    const unsigned char high = lead == 0xED ? 0x9F : lead == 0xF4 ? 0x8F : 0xBF;
    if (byte(1) < low || byte(1) > high) return 0;
    for (std::size_t i = 2; i < n; ++i)
        if ((byte(i) & 0xC0) != 0x80) return 0;
    return n;
}

void append_json_string(std::string& out, std::string_view s) {
    out += '"';
    for (std::size_t i = 0; i < s.size();) {
        if (static_cast<unsigned char>(s[i]) < 0x80) {
            append_escaped_ascii(out, s[i++]);
            continue;
        }
        const std::size_t n = utf8_sequence_length(s.substr(i));
        if (n == 0) {
            out += k_replacement_character;
            ++i;
            continue;
        }
        out.append(s, i, n);
        i += n;
    }
    out += '"';
}

JsonWriter::JsonWriter(JsonStyle style, int indent) : m_style(style), m_indent(indent) {}

void JsonWriter::newline() {
    if (m_style == JsonStyle::Compact) return;
    m_out += '\n';
    m_out.append(static_cast<size_t>(m_depth * m_indent), ' ');
}

void JsonWriter::before_value() {
    if (m_after_key) {
        m_after_key = false;
        return;
    }
    if (m_depth > 0) {
        if (!m_first) m_out += ',';
        newline();
    }
    m_first = false;
}

void JsonWriter::begin_object() {
    before_value();
    m_out += '{';
    ++m_depth;
    m_first = true;
}

void JsonWriter::end_object() {
    --m_depth;
    if (!m_first) newline();
    m_out += '}';
    m_first = false;
}

void JsonWriter::begin_array() {
    before_value();
    m_out += '[';
    ++m_depth;
    m_first = true;
}

void JsonWriter::end_array() {
    --m_depth;
    if (!m_first) newline();
    m_out += ']';
    m_first = false;
}

void JsonWriter::key(std::string_view k) {
    before_value();
    append_json_string(m_out, k);
    m_out += m_style == JsonStyle::Compact ? ":" : ": ";
    m_after_key = true;
}

void JsonWriter::value(std::string_view s) {
    before_value();
    append_json_string(m_out, s);
}

void JsonWriter::value(double d) {
    before_value();
    // JSON has no NaN or infinity; null is the conventional stand-in.
    if (!std::isfinite(d))
        m_out += "null";
    else
        m_out += fmt::format("{}", d);
}

void JsonWriter::value(bool b) {
    before_value();
    m_out += b ? "true" : "false";
}

void JsonWriter::null() {
    before_value();
    m_out += "null";
}

void JsonWriter::raw(std::string_view json) {
    before_value();
    m_out += json;
}

} // namespace rehearsa::util
