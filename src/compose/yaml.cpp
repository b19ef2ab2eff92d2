#include "compose/yaml.hpp"

#include <fmt/format.h>
#include <libfyaml.h>
#include <optional>

namespace rehearsa::compose {

namespace {

using util::Location;

struct Parse {
    std::shared_ptr<const std::string> file;
    // libfyaml's own duplicate-key error points at the wrong place; we find them ourselves.
    mutable std::optional<util::Error> duplicate;

    Location mark(fy_token* token) const {
        if (!token) return Location{file, 0, 0};
        const fy_mark* m = fy_token_start_mark(token);
        return m ? Location{file, m->line + 1, m->column + 1} : Location{file, 0, 0};
    }

    // Collections have no token of their own; their first scalar stands for them.
    Location first_mark(fy_node* n) const {
        while (n && !fy_node_is_scalar(n)) {
            void* it = nullptr;
            if (fy_node_is_mapping(n)) {
                fy_node_pair* p = fy_node_mapping_iterate(n, &it);
                n = p ? fy_node_pair_key(p) : nullptr;
            } else {
                n = fy_node_sequence_iterate(n, &it);
            }
        }
        return n ? mark(fy_node_get_scalar_token(n)) : Location{file, 0, 0};
    }

    static NodeTag tag_of(fy_node* n, ScalarType* forced, bool* has_forced) {
        size_t len = 0;
        const char* t = fy_node_get_tag(n, &len);
        if (!t) return NodeTag::None;
        std::string_view tag(t, len);
        if (tag == "!reset") return NodeTag::Reset;
        if (tag == "!override") return NodeTag::Override;
        *has_forced = true;
        if (tag == "tag:yaml.org,2002:int" || tag == "!!int")
            *forced = ScalarType::Int;
        else if (tag == "tag:yaml.org,2002:bool" || tag == "!!bool")
            *forced = ScalarType::Bool;
        else if (tag == "tag:yaml.org,2002:float" || tag == "!!float")
            *forced = ScalarType::Float;
        else
            *forced = ScalarType::String;
        return NodeTag::None;
    }

    Node scalar(fy_node* n, const Location& fallback) const {
        size_t len = 0;
        const char* s = fy_node_get_scalar(n, &len);
        std::string text(s ? s : "", s ? len : 0);
        Location loc = mark(fy_node_get_scalar_token(n));
        if (loc.line == 0) loc = fallback; // an empty value has no token of its own
        auto style = fy_node_get_style(n);
        if ((style == FYNS_SINGLE_QUOTED || style == FYNS_DOUBLE_QUOTED) && loc.column > 1) --loc.column;
        ScalarType forced = ScalarType::String;
        bool has_forced = false;
        NodeTag tag = tag_of(n, &forced, &has_forced);
        Node out;
        if (has_forced) {
            out = Node::scalar(std::move(text), forced, std::move(loc));
        } else if (fy_node_get_style(n) == FYNS_PLAIN) {
            bool is_null = false;
            ScalarType t = resolve_plain(text, &is_null);
            out = is_null ? Node::null(std::move(loc)) : Node::scalar(std::move(text), t, std::move(loc));
        } else {
            out = Node::string(std::move(text), std::move(loc));
        }
        out.tag = tag;
        return out;
    }

    Node convert(fy_node* n, Location loc) const {
        if (!n) return Node::null(std::move(loc));
        if (fy_node_is_scalar(n)) return scalar(n, loc);
        ScalarType ignored{};
        bool has_forced = false;
        NodeTag tag = tag_of(n, &ignored, &has_forced);
        Node out;
        void* it = nullptr;
        if (fy_node_is_sequence(n)) {
            out = Node::sequence(std::move(loc));
            while (fy_node* item = fy_node_sequence_iterate(n, &it))
                out.items.push_back(convert(item, first_mark(item)));
        } else {
            out = Node::mapping(std::move(loc));
            while (fy_node_pair* p = fy_node_mapping_iterate(n, &it)) {
                fy_node* k = fy_node_pair_key(p);
                Node key = k ? convert(k, first_mark(k)) : Node::null();
                Location key_loc = key.loc.known() ? key.loc : out.loc;
                if (const Entry* first = out.find_entry(key.text); first && !duplicate)
                    duplicate =
                        util::Error{util::ErrorKind::Input, key_loc, "",
                                    fmt::format("invalid YAML: mapping key \"{}\" already defined at line {}",
                                                key.text, first->key_loc.line)};
                fy_node* v = fy_node_pair_value(p);
                Location value_loc = key_loc;
                out.entries.push_back(Entry{key.text, key_loc, convert(v, value_loc)});
                if (!v) out.entries.back().value.loc = key_loc;
            }
        }
        out.tag = tag;
        return out;
    }
};

struct DocumentDeleter {
    void operator()(fy_document* d) const { fy_document_destroy(d); }
};
struct DiagDeleter {
    void operator()(fy_diag* d) const { fy_diag_destroy(d); }
};

void discard_output(fy_diag*, void*, const char*, size_t) {}

// libfyaml prints its errors to stderr unless given a diagnostic object; ours collects them.
std::unique_ptr<fy_diag, DiagDeleter> collecting_diag() {
    fy_diag_cfg dcfg{};
    fy_diag_cfg_default(&dcfg);
    dcfg.fp = nullptr;
    dcfg.output_fn = discard_output;
    std::unique_ptr<fy_diag, DiagDeleter> diag(fy_diag_create(&dcfg));
    if (diag) fy_diag_set_collect_errors(diag.get(), true);
    return diag;
}

} // namespace

namespace {

bool all_of(std::string_view s, bool (*ok)(char)) {
    if (s.empty()) return false;
    for (char c : s)
        if (!ok(c) && c != '_') return false;
    return true;
}
bool is_dec(char c) {
    return c >= '0' && c <= '9';
}
bool is_oct(char c) {
    return c >= '0' && c <= '7';
}
bool is_bin(char c) {
    return c == '0' || c == '1';
}
bool is_hex(char c) {
    return is_dec(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// yaml.v3 reads plain integers with Go's ParseInt(s, 0, 64) after dropping '_'.
bool is_go_int(std::string_view t) {
    if (!t.empty() && (t[0] == '-' || t[0] == '+')) t.remove_prefix(1);
    if (t.size() > 2 && t[0] == '0' && (t[1] == 'x' || t[1] == 'X')) return all_of(t.substr(2), is_hex);
    if (t.size() > 2 && t[0] == '0' && (t[1] == 'b' || t[1] == 'B')) return all_of(t.substr(2), is_bin);
    if (t.size() > 2 && t[0] == '0' && (t[1] == 'o' || t[1] == 'O')) return all_of(t.substr(2), is_oct);
    if (t.size() > 1 && t[0] == '0') return all_of(t.substr(1), is_oct);
    return !t.empty() && is_dec(t[0]) && all_of(t, is_dec);
}

// [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?
bool is_yaml_float(std::string_view t) {
    if (!t.empty() && (t[0] == '-' || t[0] == '+')) t.remove_prefix(1);
    size_t i = 0, int_digits = 0, frac_digits = 0;
    while (i < t.size() && is_dec(t[i]))
        ++i, ++int_digits;
    if (i < t.size() && t[i] == '.') {
        ++i;
        while (i < t.size() && is_dec(t[i]))
            ++i, ++frac_digits;
    }
    if (int_digits == 0 && frac_digits == 0) return false;
    if (i < t.size() && (t[i] == 'e' || t[i] == 'E')) {
        ++i;
        if (i < t.size() && (t[i] == '-' || t[i] == '+')) ++i;
        size_t exp_digits = 0;
        while (i < t.size() && is_dec(t[i]))
            ++i, ++exp_digits;
        if (exp_digits == 0) return false;
    }
    return i == t.size();
}

bool is_special_float(std::string_view t) {
    std::string_view u = t;
    if (!u.empty() && (u[0] == '-' || u[0] == '+')) u.remove_prefix(1);
    if (u == ".inf" || u == ".Inf" || u == ".INF") return true;
    return t == ".nan" || t == ".NaN" || t == ".NAN";
}

} // namespace

ScalarType resolve_plain(std::string_view t, bool* is_null) {
    *is_null = false;
    if (t.empty() || t == "~" || t == "null" || t == "Null" || t == "NULL") {
        *is_null = true;
        return ScalarType::String;
    }
    if (t == "true" || t == "True" || t == "TRUE" || t == "false" || t == "False" || t == "FALSE")
        return ScalarType::Bool;
    if (is_go_int(t)) return ScalarType::Int;
    if (is_yaml_float(t) || is_special_float(t)) return ScalarType::Float;
    return ScalarType::String;
}

namespace {

// libfyaml reports a duplicate key at a confusing place; parse again, unresolved and with
// duplicates allowed, so the converter finds the second key and names the first one's line.
std::optional<util::Error> find_duplicate_key(std::string_view text,
                                              const std::shared_ptr<const std::string>& file) {
    fy_parse_cfg cfg{};
    cfg.flags = static_cast<fy_parse_cfg_flags>(FYPCF_QUIET | FYPCF_DEFAULT_VERSION_1_2 | FYPCF_JSON_NONE |
                                                FYPCF_ALLOW_DUPLICATE_KEYS);
    auto diag = collecting_diag();
    cfg.diag = diag.get();
    std::unique_ptr<fy_document, DocumentDeleter> doc(
        fy_document_build_from_string(&cfg, text.data(), text.size()));
    if (!doc || !fy_document_root(doc.get())) return std::nullopt;
    Parse p{file, {}};
    (void)p.convert(fy_document_root(doc.get()), Location{file, 1, 1});
    return p.duplicate;
}

} // namespace

namespace {

// YAML text must be UTF-8 (compose refuses anything else), and libfyaml 0.7 can loop forever on
// some invalid sequences, so the bytes are checked first. Returns the offset of the first bad byte.
std::optional<size_t> invalid_utf8(std::string_view s) {
    size_t i = 0;
    while (i < s.size()) {
        auto c = static_cast<unsigned char>(s[i]);
        size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
        if (len == 0 || (len == 2 && c < 0xC2) || (len == 4 && c > 0xF4) || i + len > s.size()) return i;
        for (size_t k = 1; k < len; ++k)
            if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return i;
        auto c1 = static_cast<unsigned char>(len > 1 ? s[i + 1] : 0);
        if ((c == 0xE0 && c1 < 0xA0) || (c == 0xED && c1 > 0x9F) || (c == 0xF0 && c1 < 0x90) ||
            (c == 0xF4 && c1 > 0x8F))
            return i; // overlong forms, UTF-16 surrogates, beyond U+10FFFF
        i += len;
    }
    return std::nullopt;
}

Location location_of(std::string_view text, size_t offset, const std::shared_ptr<const std::string>& file) {
    int line = 1, column = 1;
    for (size_t i = 0; i < offset; ++i) {
        if (text[i] == '\n')
            ++line, column = 1;
        else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80)
            ++column;
    }
    return Location{file, line, column};
}

} // namespace

util::Result<Node> parse_yaml(std::string_view text, std::shared_ptr<const std::string> file) {
    if (auto bad = invalid_utf8(text))
        return util::fail(location_of(text, *bad, file), "",
                          "invalid YAML: the file is not valid UTF-8 (save it as UTF-8)");
    auto diag = collecting_diag();

    fy_parse_cfg cfg{};
    cfg.flags = static_cast<fy_parse_cfg_flags>(FYPCF_QUIET | FYPCF_RESOLVE_DOCUMENT |
                                                FYPCF_DEFAULT_VERSION_1_2 | FYPCF_JSON_NONE);
    cfg.diag = diag.get();
    std::unique_ptr<fy_document, DocumentDeleter> doc(
        fy_document_build_from_string(&cfg, text.data(), text.size()));

    bool failed = false;
    Location where{file, 0, 0};
    std::string message = "invalid YAML";
    void* it = nullptr;
    if (diag) {
        while (fy_diag_error* e = fy_diag_errors_iterate(diag.get(), &it)) {
            if (e->type < FYET_ERROR) continue;
            failed = true;
            // Unlike the marks of nodes, libfyaml's diagnostics count lines and columns from 1.
            where = Location{file, e->line, e->column};
            message = fmt::format("invalid YAML: {}", e->msg ? e->msg : "parse error");
            if (message.find("duplicate key") != std::string::npos)
                if (auto dup = find_duplicate_key(text, file)) return std::unexpected(*dup);
            break;
        }
    }
    if (failed) return util::fail(where, "", message);
    if (!doc) return Node::null(Location{file, 1, 1}); // an empty stream has no document
    Parse p{file, {}};
    fy_node* root = fy_document_root(doc.get());
    Node tree = p.convert(root, root ? p.first_mark(root) : Location{file, 1, 1});
    if (p.duplicate) return std::unexpected(*p.duplicate);
    return tree;
}

} // namespace rehearsa::compose
