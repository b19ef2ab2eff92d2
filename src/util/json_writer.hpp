#pragma once
// A small streaming JSON writer with RAII scopes, in the manner of Catch2's JsonObjectWriter.
// Output is compact or indented; strings are escaped per RFC 8259 (control characters as \u00XX)
// and always valid UTF-8: a byte that is not part of a well-formed sequence becomes U+FFFD, since
// one stray byte (say, from a log) would make the whole document unparseable.
#include <concepts>
#include <cstddef>
#include <string>
#include <string_view>

namespace rehearsa::util {

enum class JsonStyle { Compact, Indented };

class JsonWriter {
public:
    explicit JsonWriter(JsonStyle style = JsonStyle::Compact, int indent = 2);

    void begin_object();
    void end_object();
    void begin_array();
    void end_array();
    void key(std::string_view k);
    void value(std::string_view s);
    void value(const char* s) { value(std::string_view(s)); }
    // Any integer type (int, std::size_t, ...) without a cast at each call; bool and char have
    // their own meanings, so they are excluded rather than silently written as numbers.
    template <std::integral T>
    requires(!std::same_as<T, bool> && !std::same_as<T, char>) void value(T n) {
        before_value();
        m_out += std::to_string(n);
    }
    void value(double d);
    void value(bool b);
    void null();
    // A number or literal already in JSON syntax, written as is.
    void raw(std::string_view json);
    // key(k) then value(v): the common case of an object member, in one line.
    template <typename T>
    void field(std::string_view k, const T& v) {
        key(k);
        value(v);
    }

    const std::string& str() const { return m_out; }
    std::string take() { return std::move(m_out); }

private:
    void before_value();
    void newline();

    std::string m_out;
    JsonStyle m_style;
    int m_indent;
    int m_depth = 0;
    bool m_first = true; // no element written yet at this depth
    bool m_after_key = false;
};

// Appends `s` as a quoted JSON string; ill-formed UTF-8 bytes become U+FFFD.
void append_json_string(std::string& out, std::string_view s);

// The length of the well-formed UTF-8 sequence (RFC 3629) that starts `s`, or 0 when `s` is empty
// or starts with a byte that cannot begin one (stray continuation, overlong form, surrogate, or a
// code point above U+10FFFF).
std::size_t utf8_sequence_length(std::string_view s);

// RAII scopes: JsonObject obj(w); ... closes on destruction.
class JsonObject {
public:
    explicit JsonObject(JsonWriter& w) : m_w(w) { m_w.begin_object(); }
    ~JsonObject() { m_w.end_object(); }
    JsonObject(const JsonObject&) = delete;
    JsonObject& operator=(const JsonObject&) = delete;

private:
    JsonWriter& m_w;
};

class JsonArray {
public:
    explicit JsonArray(JsonWriter& w) : m_w(w) { m_w.begin_array(); }
    ~JsonArray() { m_w.end_array(); }
    JsonArray(const JsonArray&) = delete;
    JsonArray& operator=(const JsonArray&) = delete;

private:
    JsonWriter& m_w;
};

} // namespace rehearsa::util
