#include "compose/interpolate.hpp"

#include <cstring>
#include <fmt/format.h>
#include <utility>

namespace rehearsa::compose {

namespace {

// compose-go's template engine is a regular expression applied left to right:
//   \$(?i:(?P<escaped>\$)|(?P<named>[_a-z][_a-z0-9]*)|{(?:(?P<braced>[_a-z][_a-z0-9]*(?::?[-+?](.*))?)}|(?P<invalid>)))
// A braced match with an operator runs greedily to the LAST `}` of its line; the first balanced `}`
// then ends the substitution and the text after it is substituted on its own. This engine
// reproduces that reading exactly, quirks included, without a regex.

// A real compose file never nests defaults this deep; the limit keeps the stack bounded.
constexpr int k_max_nesting = 1000;

struct Failure {
    enum class Kind { Invalid, Missing, TooDeep };
    Kind kind;
    std::string subject; // Invalid: the text compose quotes; Missing: the variable
    std::string reason;  // Missing: the substituted message after `?` or `:?`
};

using Step = std::expected<void, Failure>;

std::unexpected<Failure> invalid(std::string_view text) {
    return std::unexpected(Failure{Failure::Kind::Invalid, std::string(text), {}});
}

// Bytes taken by the name character at i, or 0. Go's case folding lets (?i)[a-z] also match
// U+017F (long s) and U+212A (Kelvin sign), so compose accepts them in names.
size_t name_char(std::string_view s, size_t i, bool first) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return 1;
    if (!first && c >= '0' && c <= '9') return 1;
    if (s.substr(i, 2) == "\xC5\xBF") return 2;
    if (s.substr(i, 3) == "\xE2\x84\xAA") return 3;
    return 0;
}

size_t name_length(std::string_view s, size_t i) {
    size_t at = i;
    for (size_t w; at < s.size() && (w = name_char(s, at, at == i)) != 0;)
        at += w;
    return at - i;
}

bool is_operator_char(char c) {
    return c == '-' || c == '+' || c == '?';
}

// compose-go's getFirstBraceClosingIndex: counts every `{` (skipping the byte after it) and `}`.
size_t first_closing_brace(std::string_view m) {
    int open = 0;
    for (size_t i = 0; i < m.size(); ++i) {
        if (m[i] == '}' && --open == 0) return i;
        if (m[i] == '{') {
            ++open;
            ++i;
        }
    }
    return std::string_view::npos;
}

struct Frame {
    std::string_view text; // what an invalid `${` in this frame reports
    size_t pos = 0;
};

class Substituter {
public:
    explicit Substituter(const Interpolation& how) : m_how(how) {}

    // Appends the substitution of text to out.
    Step run(std::string_view text, std::string& out, int depth);
    const Interpolation& how() const { return m_how; }
    // The unset names met since the last call, in order.
    std::vector<std::string> take_unset() { return std::exchange(m_unset, {}); }

private:
    Step step(size_t frame, size_t at, std::string& out, int depth);
    Step braced(size_t frame, size_t at, std::string& out, int depth);
    Step apply(std::string_view name, std::string_view op, std::string_view arg, std::string& out, int depth);
    size_t match_end(std::string_view text, size_t at);
    size_t line_end(std::string_view text, size_t from);
    std::optional<std::string> lookup(std::string_view name) const {
        return m_how.lookup ? m_how.lookup(name) : std::nullopt;
    }
    void plain(std::string_view name, std::string& out);

    const Interpolation& m_how;
    std::vector<std::string> m_unset; // only with m_how.unset_at: names for take_unset()
    std::vector<Frame> m_frames;
    // The last newline scan: [m_scan_from, m_scan_to) holds no '\n'; m_scan_to is one if found.
    const char* m_scan_from = nullptr;
    const char* m_scan_to = nullptr;
    bool m_scan_found = false;
};

Step Substituter::run(std::string_view text, std::string& out, int depth) {
    if (depth > k_max_nesting) return std::unexpected(Failure{Failure::Kind::TooDeep, std::string(text), {}});
    if (depth == 0) m_scan_from = nullptr; // a new buffer: forget the last scan
    const size_t base = m_frames.size();
    m_frames.push_back({text, 0});
    while (m_frames.size() > base) {
        const size_t top = m_frames.size() - 1;
        const Frame f = m_frames[top];
        const size_t dollar = f.text.find('$', f.pos);
        out.append(f.text.substr(f.pos, dollar - f.pos));
        if (dollar == std::string_view::npos) {
            m_frames.pop_back();
            continue;
        }
        if (auto ok = step(top, dollar, out, depth); !ok) {
            m_frames.resize(base);
            return ok;
        }
    }
    return {};
}

Step Substituter::step(size_t frame, size_t at, std::string& out, int depth) {
    const std::string_view text = m_frames[frame].text;
    const size_t next = at + 1;
    if (next < text.size() && text[next] == '$') {
        out += '$';
        m_frames[frame].pos = next + 1;
    } else if (const size_t len = next < text.size() ? name_length(text, next) : 0; len != 0) {
        plain(text.substr(next, len), out);
        m_frames[frame].pos = next + len;
    } else if (next < text.size() && text[next] == '{') {
        return braced(frame, at, out, depth);
    } else {
        out += '$'; // any other `$` is literal
        m_frames[frame].pos = next;
    }
    return {};
}

void Substituter::plain(std::string_view name, std::string& out) {
    if (auto value = lookup(name)) {
        out += *value;
        return;
    }
    if (m_how.unset) m_how.unset->emplace_back(name);
    if (m_how.unset_at) m_unset.emplace_back(name);
}

// The end of the braced match at `at` (one past its `}`), or npos when compose reads `${` as invalid.
size_t Substituter::match_end(std::string_view text, size_t at) {
    const size_t name = at + 2, len = name_length(text, name), q = name + len;
    if (len == 0 || q >= text.size()) return std::string_view::npos;
    if (text[q] == '}') return q + 1;
    size_t body = q + 1;
    if (text[q] == ':' && q + 1 < text.size() && is_operator_char(text[q + 1])) {
        body = q + 2;
    } else if (!is_operator_char(text[q])) {
        return std::string_view::npos;
    }
    const size_t end = line_end(text, body);
    const void* last = memrchr(text.data() + body, '}', end - body);
    if (last == nullptr) return std::string_view::npos;
    return static_cast<size_t>(static_cast<const char*>(last) - text.data()) + 1;
}

// Where `.*` stops: the first '\n' at or after `from`, or the end of text. Frames are views into
// one buffer, so one cached scan serves a whole chain of `${A:-a}${B:-b}...` on a long line.
size_t Substituter::line_end(std::string_view text, size_t from) {
    const char* start = text.data() + from;
    const char* limit = text.data() + text.size();
    const bool cached = m_scan_from != nullptr && start >= m_scan_from && start <= m_scan_to &&
                        (m_scan_found || limit <= m_scan_to);
    if (!cached) {
        const void* nl = std::memchr(start, '\n', static_cast<size_t>(limit - start));
        m_scan_from = start;
        m_scan_found = nl != nullptr;
        m_scan_to = m_scan_found ? static_cast<const char*>(nl) : limit;
    }
    return static_cast<size_t>(std::min(m_scan_to, limit) - text.data());
}

Step Substituter::braced(size_t frame, size_t at, std::string& out, int depth) {
    const std::string_view text = m_frames[frame].text;
    const size_t end = match_end(text, at);
    if (end == std::string_view::npos) return invalid(text);
    const std::string_view m = text.substr(at, end - at);
    const size_t len = name_length(m, 2);
    const std::string_view name = m.substr(2, len);
    m_frames[frame].pos = end;
    if (m[2 + len] == '}') {
        plain(name, out);
        return {};
    }
    const size_t op_len = m[2 + len] == ':' ? 2 : 1;
    const std::string_view op = m.substr(2 + len, op_len);
    const size_t closing = first_closing_brace(m);
    const size_t arg_end = closing == std::string_view::npos ? m.size() - 1 : closing;
    const size_t arg_start = 2 + len + op_len;
    if (closing != std::string_view::npos && closing + 1 < m.size())
        m_frames.push_back({m.substr(closing + 1), 0});
    return apply(name, op, m.substr(arg_start, arg_end - arg_start), out, depth);
}

// One operator, with its argument substituted first whether or not it is used, as compose does.
Step Substituter::apply(std::string_view name, std::string_view op, std::string_view arg, std::string& out,
                        int depth) {
    std::string sub;
    if (auto ok = run(arg, sub, depth + 1); !ok) return ok;
    const auto value = lookup(name);
    const bool empty = !value || value->empty();
    const bool strict = op.front() == ':';
    switch (op.back()) {
    case '?':
        if (!value || (strict && empty))
            return std::unexpected(Failure{Failure::Kind::Missing, std::string(name), std::move(sub)});
        out += *value;
        break;
    case '-':
        out += (!value || (strict && empty)) ? sub : *value;
        break;
    default: // '+'
        out += (value && !(strict && empty)) ? sub : value.value_or("");
        break;
    }
    return {};
}

std::string message_of(const Failure& f) {
    switch (f.kind) {
    case Failure::Kind::Invalid:
        return fmt::format("invalid interpolation format {}. You may need to escape any $ with another $.",
                           go_quote(f.subject));
    case Failure::Kind::Missing:
        if (f.reason.empty()) return fmt::format("required variable {} is missing a value", f.subject);
        return fmt::format("required variable {} is missing a value: {}", f.subject, f.reason);
    case Failure::Kind::TooDeep:
        break;
    }
    return fmt::format("interpolation nested more than {} levels deep", k_max_nesting);
}

// The path of a value, kept as links on the stack and only spelled out for an error.
struct PathLink {
    const PathLink* parent = nullptr;
    std::string_view key;
    size_t index = 0;
    bool is_index = false;
};

// Errors spell an index as compose does (`volumes.0`); findings as rehearsa paths do (`volumes[0]`).
enum class IndexStyle { Dotted, Bracketed };

std::string dotted(const PathLink* link, IndexStyle style = IndexStyle::Dotted) {
    std::vector<const PathLink*> chain;
    for (; link != nullptr; link = link->parent)
        chain.push_back(link);
    std::string out;
    for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
        const bool bracket = (*it)->is_index && style == IndexStyle::Bracketed;
        if (!out.empty() && !bracket) out += '.';
        if (bracket)
            out += fmt::format("[{}]", (*it)->index);
        else
            out += (*it)->is_index ? std::to_string((*it)->index) : std::string((*it)->key);
    }
    return out;
}

void record_unset(const Node& node, const PathLink* path, Substituter& engine) {
    std::vector<UnsetVariable>* out = engine.how().unset_at;
    if (!out) return;
    for (std::string& name : engine.take_unset())
        out->push_back(UnsetVariable{std::move(name), dotted(path, IndexStyle::Bracketed), node.loc});
}

util::Result<void> walk(Node& node, const PathLink* path, Substituter& engine) {
    if (node.is_string() && node.text.find('$') != std::string::npos) {
        std::string out;
        if (auto ok = engine.run(node.text, out, 0); !ok)
            return util::fail(node.loc, dotted(path), message_of(ok.error()));
        node.text = std::move(out);
        record_unset(node, path, engine);
    }
    for (size_t i = 0; i < node.items.size(); ++i) {
        const PathLink link{path, {}, i, true};
        if (auto ok = walk(node.items[i], &link, engine); !ok) return ok;
    }
    for (auto& entry : node.entries) {
        const PathLink link{path, entry.key, 0, false};
        if (auto ok = walk(entry.value, &link, engine); !ok) return ok;
    }
    return {};
}

} // namespace

util::Result<std::string> interpolate(std::string_view text, const Interpolation& how,
                                      const util::Location& where) {
    std::string out;
    if (text.find('$') == std::string_view::npos) return std::string(text);
    Substituter engine(how);
    if (auto ok = engine.run(text, out, 0); !ok) return util::fail(where, {}, message_of(ok.error()));
    return out;
}

util::Result<void> interpolate_tree(Node& root, const Interpolation& how) {
    Substituter engine(how);
    return walk(root, nullptr, engine);
}

namespace {

// Bytes in the valid UTF-8 sequence at i, or 0 (an invalid byte, which Go quotes as \xNN).
size_t utf8_width(std::string_view s, size_t i) {
    const auto c = static_cast<unsigned char>(s[i]);
    const size_t n = c >= 0xF5 ? 0 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 ? 2 : 0;
    if (n == 0 || i + n > s.size()) return 0;
    for (size_t k = 1; k < n; ++k)
        if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return 0;
    const auto c1 = static_cast<unsigned char>(s[i + 1]);
    const bool bad = (c == 0xE0 && c1 < 0xA0) || (c == 0xED && c1 >= 0xA0) || (c == 0xF0 && c1 < 0x90) ||
                     (c == 0xF4 && c1 >= 0x90);
    return bad ? 0 : n;
}

} // namespace

std::string go_quote(std::string_view text) {
    static constexpr std::string_view k_plain = "\"\\\a\b\f\n\r\t\v", k_escaped = "\"\\abfnrtv";
    std::string out = "\"";
    for (size_t i = 0; i < text.size();) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (const size_t k = k_plain.find(static_cast<char>(c)); k != std::string_view::npos) {
            out += '\\', out += k_escaped[k], ++i;
        } else if (c < 0x20 || c == 0x7f) {
            out += fmt::format("\\x{:02x}", c), ++i;
        } else if (const size_t w = c < 0x80 ? 1 : utf8_width(text, i); w != 0) {
            out += text.substr(i, w), i += w;
        } else {
            out += fmt::format("\\x{:02x}", c), ++i;
        }
    }
    return out + "\"";
}

} // namespace rehearsa::compose
