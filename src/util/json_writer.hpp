#pragma once
// A small streaming JSON writer with RAII scopes, in the manner of Catch2's JsonObjectWriter.
// Output is compact or indented; strings are escaped per RFC 8259 (control characters as \u00XX).
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
    void value(long long n);
    void value(int n) { value(static_cast<long long>(n)); }
    void value(double d);
    void value(bool b);
    void null();
    // A number or literal already in JSON syntax, written as is.
    void raw(std::string_view json);

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

// Appends `s` as a quoted JSON string.
void append_json_string(std::string& out, std::string_view s);

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
