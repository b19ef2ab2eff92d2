#include "compose/config_output.hpp"

#include <libfyaml.h>

#include <cstdlib>
#include <memory>

#include "compose/short_syntax.hpp"
#include "util/json_writer.hpp"

namespace rehearsa::compose {

namespace {

// compose prints its output so that it loads back to the same model: a literal `$` is `$$`.
std::string escaped(const std::string& s) {
    if (s.find('$') == std::string::npos) return s;
    std::string out;
    for (char c : s) out += c == '$' ? "$$" : std::string(1, c);
    return out;
}

void write(util::JsonWriter& w, const Node& n) {
    switch (n.kind) {
    case NodeKind::Null: w.null(); return;
    case NodeKind::Sequence: {
        util::JsonArray a(w);
        for (const auto& i : n.items) write(w, i);
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
    case NodeKind::Scalar: break;
    }
    switch (n.type) {
    case ScalarType::Int: w.raw(scalar_as_go_string(n)); break;
    case ScalarType::Float: w.value(std::strtod(n.text.c_str(), nullptr)); break;
    case ScalarType::Bool: w.value(scalar_as_go_string(n) == "true"); break;
    case ScalarType::String: w.value(escaped(n.text)); break;
    }
}

struct DocumentDeleter {
    void operator()(fy_document* d) const { fy_document_destroy(d); }
};

} // namespace

std::string config_json(const Project& project) {
    // Service-level extensions (x-rehearsa among them) stay in the model for later stages, but
    // compose does not print them.
    Node printed = project.model;
    if (Node* services = printed.find("services"))
        for (auto& s : services->entries)
            std::erase_if(s.value.entries, [](const Entry& e) { return e.key.starts_with("x-"); });
    util::JsonWriter w(util::JsonStyle::Indented, 2);
    write(w, printed);
    return w.take() + "\n";
}

// JSON is YAML: libfyaml re-emits the same tree in block style, so there is one renderer.
std::string config_yaml(const Project& project) {
    std::string json = config_json(project);
    fy_parse_cfg cfg{};
    cfg.flags = FYPCF_QUIET;
    std::unique_ptr<fy_document, DocumentDeleter> doc(fy_document_build_from_string(&cfg, json.data(), json.size()));
    if (!doc) return json;
    char* out = fy_emit_document_to_string(doc.get(), static_cast<fy_emitter_cfg_flags>(FYECF_MODE_BLOCK | FYECF_INDENT_2));
    if (!out) return json;
    std::string yaml(out);
    std::free(out);
    return yaml;
}

} // namespace rehearsa::compose
