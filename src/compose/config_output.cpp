#include "compose/config_output.hpp"

#include "compose/short_syntax.hpp"
#include "compose/yaml.hpp"
#include "util/json_writer.hpp"

#include <cstdlib>
#include <deque>
#include <libfyaml.h>
#include <memory>

namespace rehearsa::compose {

namespace {

// compose prints its output so that it loads back to the same model: a literal `$` is `$$`.
std::string escaped(const std::string& s) {
    if (s.find('$') == std::string::npos) return s;
    std::string out;
    for (char c : s)
        out += c == '$' ? "$$" : std::string(1, c);
    return out;
}

void write(util::JsonWriter& w, const Node& n) {
    switch (n.kind) {
    case NodeKind::Null:
        w.null();
        return;
    case NodeKind::Sequence: {
        util::JsonArray a(w);
        for (const auto& i : n.items)
            write(w, i);
        return;
    }
    case NodeKind::Mapping: {
        util::JsonObject o(w);
        for (const auto& e : n.entries) {
            w.key(escaped(e.key));
            write(w, e.value);
        }
        return;
    }
    case NodeKind::Scalar:
        break;
    }
    switch (n.type) {
    case ScalarType::Int:
        w.raw(scalar_as_go_string(n));
        break;
    case ScalarType::Float:
        w.value(std::strtod(n.text.c_str(), nullptr));
        break;
    case ScalarType::Bool:
        w.value(scalar_as_go_string(n) == "true");
        break;
    case ScalarType::String:
        w.value(escaped(n.text));
        break;
    }
}

struct DocumentDeleter {
    void operator()(fy_document* d) const { fy_document_destroy(d); }
};

} // namespace

namespace {

// Service-level extensions (x-rehearsa among them) stay in the model for later stages, but
// compose does not print them.
Node printed_model(const Project& project) {
    Node printed = project.model;
    if (Node* services = printed.find("services"))
        for (auto& s : services->entries)
            std::erase_if(s.value.entries, [](const Entry& e) { return e.key.starts_with("x-"); });
    return printed;
}

} // namespace

std::string config_json(const Project& project) {
    util::JsonWriter w(util::JsonStyle::Indented, 2);
    write(w, printed_model(project));
    return w.take() + "\n";
}

namespace {

// libfyaml keeps pointing into the source text of built nodes, so it must outlive the emit.
using Texts = std::deque<std::string>;

// Whether YAML reads `s` back, unquoted, as this same string. Conservative: when in doubt, quote.
bool plain_safe(std::string_view s) {
    bool is_null = false;
    if (s.empty() || resolve_plain(s, &is_null) != ScalarType::String || is_null) return false;
    if (s.front() == ' ' || s.back() == ' ' || s.back() == ':') return false;
    if (std::string_view(",[]{}#&*!|>'\"%@`").find(s.front()) != std::string_view::npos) return false;
    // "-x", "?x" and ":x" are plain; "- x" and a lone "-" are not.
    if ((s.front() == '-' || s.front() == '?' || s.front() == ':') && (s.size() == 1 || s[1] == ' '))
        return false;
    for (char c : s)
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) return false;
    return s.find(": ") == std::string_view::npos && s.find(" #") == std::string_view::npos &&
           s.find_first_of("{}[],") == std::string_view::npos;
}

// A string that would not read back as itself when plain (80, true, "quoted", " x") is written
// double-quoted, with JSON's escapes, which YAML shares.
fy_node* scalar_node(fy_document* doc, const Node& n, Texts& texts) {
    std::string text = n.type == ScalarType::String ? escaped(n.text) : scalar_as_go_string(n);
    if (n.type == ScalarType::String && !plain_safe(text)) {
        std::string& quoted = texts.emplace_back();
        util::append_json_string(quoted, text);
        return fy_node_build_from_string(doc, quoted.data(), quoted.size());
    }
    return fy_node_create_scalar_copy(doc, text.data(), text.size());
}

fy_node* yaml_node(fy_document* doc, const Node& n, Texts& texts) {
    switch (n.kind) {
    case NodeKind::Null:
        return fy_node_create_scalar(doc, "null", 4);
    case NodeKind::Scalar:
        return scalar_node(doc, n, texts);
    case NodeKind::Sequence: {
        fy_node* seq = fy_node_create_sequence(doc);
        for (const auto& i : n.items)
            fy_node_sequence_append(seq, yaml_node(doc, i, texts));
        return seq;
    }
    case NodeKind::Mapping:
        break;
    }
    fy_node* map = fy_node_create_mapping(doc);
    for (const auto& e : n.entries) {
        fy_node_mapping_append(map, scalar_node(doc, Node::string(e.key), texts),
                               yaml_node(doc, e.value, texts));
    }
    return map;
}

} // namespace

std::string config_yaml(const Project& project) {
    fy_parse_cfg cfg{};
    cfg.flags = FYPCF_QUIET;
    std::unique_ptr<fy_document, DocumentDeleter> doc(fy_document_create(&cfg));
    Node printed = printed_model(project);
    Texts texts;
    fy_document_set_root(doc.get(), yaml_node(doc.get(), printed, texts));
    char* out = fy_emit_document_to_string(
        doc.get(), static_cast<fy_emitter_cfg_flags>(FYECF_MODE_BLOCK | FYECF_INDENT_2));
    if (!out) return config_json(project);
    std::string yaml(out);
    std::free(out);
    return yaml;
}

} // namespace rehearsa::compose
