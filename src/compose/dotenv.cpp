#include "compose/dotenv.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <unordered_map>

namespace rehearsa::compose {

namespace {

// Read from compose-go's dotenv parser (v2) and checked against the reference binary:
// - statements start after any whitespace; `#` starts a comment line;
// - `export` followed by whitespace is dropped; the key ends at `=`, `:` (yaml style) or a newline
//   (a bare KEY, taken from the environment); key characters are letters, digits and `_.-[]`;
// - an unquoted value runs to the end of the line, loses a ` #` comment and trailing space, and is
//   interpolated; single quotes are literal; double quotes take Go escapes, then interpolation;
//   quoted values may span lines, and the text after the closing quote is read as a new statement;
// - interpolation looks a name up in `lookup` first, then among the file's earlier values.

struct Rune {
    char32_t value;
    size_t width;
};

// One UTF-8 sequence; an invalid one reads as U+FFFD, one byte wide, as Go reads it.
Rune decode(std::string_view s, size_t i) {
    const auto b = [&](size_t k) { return static_cast<unsigned char>(s[i + k]); };
    const unsigned char c = b(0);
    if (c < 0x80) return {c, 1};
    const size_t n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 ? 2 : 0;
    if (n == 0 || n > 4 || i + n > s.size()) return {0xFFFD, 1};
    char32_t v = c & (0x7F >> n);
    for (size_t k = 1; k < n; ++k) {
        if ((b(k) & 0xC0) != 0x80) return {0xFFFD, 1};
        v = (v << 6) | (b(k) & 0x3F);
    }
    const bool overlong = (n == 3 && v < 0x800) || (n == 4 && v < 0x10000);
    if (overlong || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) return {0xFFFD, 1};
    return {v, n};
}

// Go's unicode.IsSpace.
bool is_unicode_space(char32_t r) {
    static constexpr char32_t k_spaces[] = {'\t', '\n',   '\v',   '\f',   '\r',   ' ',    0x85,
                                            0xA0, 0x1680, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000};
    return (r >= 0x2000 && r <= 0x200A) || std::ranges::find(k_spaces, r) != std::end(k_spaces);
}

// compose's isSpace: blanks that do not end a line.
bool is_blank(char32_t r) {
    return r == '\t' || r == '\v' || r == '\f' || r == '\r' || r == ' ' || r == 0x85 || r == 0xA0;
}

// Non-ASCII code points that are neither letters nor numbers in the common blocks (punctuation,
// symbols, marks, controls, private use). compose asks unicode.IsLetter/IsNumber; outside these
// ranges this treats every code point as a letter, which only differs for exotic scripts' marks.
constexpr std::pair<char32_t, char32_t> k_not_name[] = {
    {0x80, 0xA9},     {0xAB, 0xB1},     {0xB4, 0xB4},       {0xB6, 0xB8},        {0xBB, 0xBB},
    {0xBF, 0xBF},     {0xD7, 0xD7},     {0xF7, 0xF7},       {0x2C2, 0x2C5},      {0x2D2, 0x2DF},
    {0x2E5, 0x2EB},   {0x2ED, 0x2ED},   {0x2EF, 0x36F},     {0x2000, 0x206F},    {0x20A0, 0x20FF},
    {0x2190, 0x245F}, {0x249C, 0x24E9}, {0x2500, 0x2775},   {0x2794, 0x2BFF},    {0x2E00, 0x2E7F},
    {0x3000, 0x3004}, {0x3008, 0x3020}, {0x3030, 0x3030},   {0x303D, 0x303F},    {0xD800, 0xF8FF},
    {0xFE00, 0xFE6F}, {0xFEFF, 0xFEFF}, {0xFF01, 0xFF0F},   {0xFF1A, 0xFF20},    {0xFF3B, 0xFF40},
    {0xFF5B, 0xFF65}, {0xFFF0, 0xFFFF}, {0x1F000, 0x1FBFF}, {0xE0000, 0x10FFFF},
};

bool is_key_rune(char32_t r) {
    if (r < 0x80) {
        return r == '_' || r == '.' || r == '-' || r == '[' || r == ']' || (r >= '0' && r <= '9') ||
               (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z');
    }
    for (const auto& [lo, hi] : k_not_name)
        if (r >= lo && r <= hi) return false;
    return true;
}

std::string_view first_line(std::string_view s) {
    return s.substr(0, s.find('\n'));
}

void append_utf8(std::string& out, char32_t v) {
    const auto put = [&](unsigned v8) { out += static_cast<char>(v8); };
    if (v < 0x80) {
        put(v);
    } else if (v < 0x800) {
        put(0xC0 | (v >> 6)), put(0x80 | (v & 0x3F));
    } else if (v < 0x10000) {
        put(0xE0 | (v >> 12)), put(0x80 | ((v >> 6) & 0x3F)), put(0x80 | (v & 0x3F));
    } else {
        put(0xF0 | (v >> 18)), put(0x80 | ((v >> 12) & 0x3F)), put(0x80 | ((v >> 6) & 0x3F)),
            put(0x80 | (v & 0x3F));
    }
}

// Offsets to file:line:col (1-based; the column counts code points). Parsing moves forward, so
// each lookup continues from the last one.
class Positions {
public:
    Positions(std::string_view text, std::shared_ptr<const std::string> file)
        : m_text(text), m_file(std::move(file)) {}

    util::Location at(size_t offset) {
        if (offset < m_line_start) m_line_start = 0, m_line = 1, m_scanned = 0;
        for (; m_scanned < offset && m_scanned < m_text.size(); ++m_scanned) {
            if (m_text[m_scanned] == '\n') ++m_line, m_line_start = m_scanned + 1;
        }
        int column = 1;
        for (size_t i = m_line_start; i < offset && i < m_text.size(); ++i)
            column += (static_cast<unsigned char>(m_text[i]) & 0xC0) != 0x80;
        return {m_file, m_line, column};
    }

private:
    std::string_view m_text;
    std::shared_ptr<const std::string> m_file;
    size_t m_line_start = 0, m_scanned = 0;
    int m_line = 1;
};

struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

// The statement being read: its key, where it stands, and where its value starts.
struct Key {
    std::string name;
    size_t at = 0;
    size_t value = 0;
    bool inherited = false;
};

class Parser {
public:
    Parser(std::string_view text, std::shared_ptr<const std::string> file, const Lookup& lookup,
           std::vector<std::string>* unset)
        : m_text(text), m_positions(text, std::move(file)), m_lookup(lookup), m_unset(unset) {}

    util::Result<std::vector<EnvVar>> parse();

private:
    bool next_statement();
    size_t after_export(size_t at) const;
    util::Result<Key> read_key();
    util::Result<std::string> read_value(const Key& key);
    util::Result<std::string> read_quoted(const Key& key, char quote);
    util::Result<std::string> expand(std::string_view value, const Key& key);
    size_t skip(size_t at, bool (*pred)(char32_t)) const;
    size_t trim_right(size_t from, size_t to) const;
    std::unexpected<util::Error> error(size_t at, std::string message, std::string path = {}) {
        return util::fail(m_positions.at(at), std::move(path), std::move(message));
    }

    std::string_view m_text;
    size_t m_pos = 0;
    Positions m_positions;
    const Lookup& m_lookup;
    std::vector<std::string>* m_unset;
    std::vector<EnvVar> m_vars;
    std::unordered_map<std::string, std::string, Hash, std::equal_to<>> m_defined;
};

size_t Parser::skip(size_t at, bool (*pred)(char32_t)) const {
    while (at < m_text.size()) {
        const Rune r = decode(m_text, at);
        if (!pred(r.value)) break;
        at += r.width;
    }
    return at;
}

// The end of [from, to) once trailing Unicode space is dropped.
size_t Parser::trim_right(size_t from, size_t to) const {
    size_t end = from;
    for (size_t i = from; i < to;) {
        const Rune r = decode(m_text.substr(0, to), i);
        i += r.width;
        if (!is_unicode_space(r.value)) end = i;
    }
    return end;
}

// Skips blank lines and comments; false at the end of the text.
bool Parser::next_statement() {
    for (;;) {
        m_pos = skip(m_pos, is_unicode_space);
        if (m_pos >= m_text.size()) return false;
        if (m_text[m_pos] != '#') return true;
        m_pos = m_text.find('\n', m_pos);
        if (m_pos == std::string_view::npos) return false;
    }
}

util::Result<std::vector<EnvVar>> Parser::parse() {
    if (m_text.starts_with("\xEF\xBB\xBF")) m_pos = 3;
    while (next_statement()) {
        auto key = read_key();
        if (!key) return std::unexpected(key.error());
        if (key->name.find(' ') != std::string::npos) return error(key->at, "key cannot contain a space");
        std::optional<std::string> value;
        if (key->inherited) {
            m_pos = key->value;
        } else {
            auto read = read_value(*key);
            if (!read) return std::unexpected(read.error());
            value = std::move(*read);
            m_defined.insert_or_assign(key->name, *value);
        }
        m_vars.push_back({std::move(key->name), std::move(value), m_positions.at(key->at)});
    }
    return std::move(m_vars);
}

// Where the key starts: past `export` when whitespace (regex \s, so a newline too) follows it.
size_t Parser::after_export(size_t at) const {
    const bool exported = m_text.substr(at).starts_with("export") && at + 6 < m_text.size() &&
                          std::string_view(" \t\n\f\r").find(m_text[at + 6]) != std::string_view::npos;
    return exported ? skip(at + 6, is_blank) : at;
}

util::Result<Key> Parser::read_key() {
    Key key{{}, after_export(m_pos), 0, false};
    if (key.at >= m_text.size()) return error(m_pos, "zero length string");
    size_t end = m_text.size();
    key.value = key.at;
    for (size_t i = key.at; i < m_text.size();) {
        const Rune r = decode(m_text, i);
        if (r.value == '=' || r.value == ':' || r.value == '\n') {
            end = i, key.value = i + 1, key.inherited = r.value == '\n';
            break;
        }
        if (!is_blank(r.value) && !is_key_rune(r.value)) {
            std::string bad;
            append_utf8(bad, r.value); // Go prints an invalid byte as U+FFFD
            return error(i, fmt::format("unexpected character {} in variable name {}", go_quote(bad),
                                        go_quote(first_line(m_text.substr(key.at)))));
        }
        i += r.width;
    }
    if (end == m_text.size()) end = key.at; // no `=`: compose reads the rest as the value of ""
    key.name = std::string(m_text.substr(key.at, trim_right(key.at, end) - key.at));
    key.value = skip(key.value, is_blank);
    return key;
}

util::Result<std::string> Parser::read_value(const Key& key) {
    const size_t at = key.value;
    if (at < m_text.size() && (m_text[at] == '"' || m_text[at] == '\'')) return read_quoted(key, m_text[at]);
    size_t eol = m_text.find('\n', at);
    m_pos = eol == std::string_view::npos ? m_text.size() : eol + 1;
    std::string_view line = m_text.substr(at, eol == std::string_view::npos ? eol : eol - at);
    line = line.substr(0, line.find(" #"));
    return expand(m_text.substr(at, trim_right(at, at + line.size()) - at), key);
}

// Go's strconv.UnquoteChar for the escapes compose's regex picks (\a \b \c \f \n \r \t \v \$ \" and
// backslash-backslash) and \0 with up to three digits (octal, as \ddd). What Go refuses stays as written.
std::string unescape_double(std::string_view s);

util::Result<std::string> Parser::read_quoted(const Key& key, char quote) {
    std::string raw;
    bool escaped = false;
    for (size_t i = key.value + 1; i < m_text.size(); ++i) {
        const char c = m_text[i];
        if (escaped) {
            escaped = false;
            if (c != quote) raw += '\\'; // only an escaped quote drops its backslash
            raw += c;
        } else if (c == '\\') {
            escaped = true;
        } else if (c == quote) {
            m_pos = i + 1;
            if (quote == '\'') return raw;
            return expand(unescape_double(raw), key);
        } else {
            raw += c;
        }
    }
    return error(key.value, fmt::format("unterminated quoted value {}", first_line(m_text.substr(key.value))),
                 key.name);
}

util::Result<std::string> Parser::expand(std::string_view value, const Key& key) {
    if (value.find('$') == std::string_view::npos) return std::string(value);
    const Lookup chained = [this](std::string_view name) -> std::optional<std::string> {
        if (m_lookup)
            if (auto found = m_lookup(name)) return found;
        if (auto it = m_defined.find(name); it != m_defined.end()) return it->second;
        return std::nullopt;
    };
    auto out = interpolate(value, Interpolation{chained, m_unset}, m_positions.at(key.value));
    if (!out) out.error().path = key.name;
    return out;
}

// `\0ddd`: three octal digits after the zero make one byte value, written as its code point.
size_t unescape_octal(std::string_view s, size_t i, std::string& out) {
    size_t digits = 0;
    while (digits < 3 && i + 2 + digits < s.size() && s[i + 2 + digits] >= '0' && s[i + 2 + digits] <= '9')
        ++digits;
    const std::string_view ddd = s.substr(i + 2, digits);
    const bool octal = digits == 3 && ddd[0] <= '3' && ddd.find_first_of("89") == std::string_view::npos;
    if (octal) {
        append_utf8(out, static_cast<char32_t>((ddd[0] - '0') * 64 + (ddd[1] - '0') * 8 + (ddd[2] - '0')));
    } else {
        out += '\\';
        out += ddd;
    }
    return 2 + digits;
}

std::string unescape_double(std::string_view s) {
    static constexpr std::string_view k_from = "abfnrtv\"\\", k_to = "\a\b\f\n\r\t\v\"\\";
    std::string out;
    out.reserve(s.size());
    for (size_t i = 0; i < s.size();) {
        const char next = i + 1 < s.size() ? s[i + 1] : '\0';
        if (s[i] != '\\' || next == '\0') {
            out += s[i++];
        } else if (next == '0') {
            i += unescape_octal(s, i, out);
        } else if (next == '$') {
            out += "$$", i += 2; // `\$` is a literal dollar: the interpolation's own `$$`
        } else if (const size_t k = k_from.find(next); k != std::string_view::npos) {
            out += k_to[k], i += 2;
        } else {
            out += s[i++]; // `\c` and any other escape stay as written
        }
    }
    return out;
}

bool valid_utf8(std::string_view s) {
    for (size_t i = 0; i < s.size();) {
        const Rune r = decode(s, i);
        if (r.value == 0xFFFD && r.width == 1 && static_cast<unsigned char>(s[i]) >= 0x80) return false;
        i += r.width;
    }
    return true;
}

// `format: raw`, the docker run --env-file reading compose delegates to (docker/cli kvfile):
// NAME=VALUE lines with the value verbatim (quotes, `#` and trailing blanks included); lines
// whose first non-blank is `#` are comments; a bare NAME is taken from the environment.
class RawParser {
public:
    RawParser(std::string_view text, std::shared_ptr<const std::string> file)
        : m_text(text), m_positions(text, std::move(file)) {}

    util::Result<std::vector<EnvVar>> parse() {
        for (size_t start = 0, number = 1; start < m_text.size(); ++number) {
            const size_t eol = std::min(m_text.find('\n', start), m_text.size());
            if (auto ok = line(m_text.substr(start, eol - start), number); !ok)
                return std::unexpected(ok.error());
            start = eol + 1;
        }
        return std::move(m_vars);
    }

private:
    util::Result<void> line(std::string_view text, size_t number) {
        if (text.ends_with('\r')) text.remove_suffix(1);
        if (!valid_utf8(text))
            return util::fail(where(text), {}, fmt::format("invalid utf8 bytes at line {}", number));
        if (number == 1 && text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
        while (!text.empty() && is_unicode_space(decode(text, 0).value))
            text.remove_prefix(decode(text, 0).width);
        if (text.empty() || text.front() == '#') return {};
        const size_t eq = text.find('=');
        const std::string_view name = text.substr(0, eq);
        if (name.empty())
            return util::fail(where(text), {}, fmt::format("no variable name on line '{}'", text));
        if (name.find_first_of(" \t") != std::string_view::npos)
            return util::fail(where(text), {}, fmt::format("variable '{}' contains whitespaces", name));
        std::optional<std::string> value;
        if (eq != std::string_view::npos) value = std::string(text.substr(eq + 1));
        m_vars.push_back({std::string(name), std::move(value), where(text)});
        return {};
    }

    util::Location where(std::string_view part) {
        return m_positions.at(static_cast<size_t>(part.data() - m_text.data()));
    }

    std::string_view m_text;
    Positions m_positions;
    std::vector<EnvVar> m_vars;
};

} // namespace

util::Result<std::vector<EnvVar>> parse_dotenv(std::string_view text, std::shared_ptr<const std::string> file,
                                               const Lookup& lookup, DotenvFormat format,
                                               std::vector<std::string>* unset) {
    if (format == DotenvFormat::Raw) return RawParser(text, std::move(file)).parse();
    return Parser(text, std::move(file), lookup, unset).parse();
}

} // namespace rehearsa::compose
