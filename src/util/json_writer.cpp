#include "util/json_writer.hpp"

#include <cmath>
#include <fmt/format.h>

namespace rehearsa::util {

void append_json_string(std::string& out, std::string_view s) {
    out += '"';
    for (char c : s) {
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

void JsonWriter::value(long long n) {
    before_value();
    m_out += std::to_string(n);
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
