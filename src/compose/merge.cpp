#include "compose/merge.hpp"

#include "compose/short_syntax.hpp"

#include <fmt/format.h>
#include <map>

namespace rehearsa::compose {

namespace {

bool replaced_outright(const std::vector<std::string>& path) {
    if (path.size() == 3 && path[0] == "services") return path[2] == "command" || path[2] == "entrypoint";
    // compose's ulimit merge ends up taking the later value whole.
    return path.size() == 4 && path[0] == "services" &&
           ((path[2] == "healthcheck" && path[3] == "test") || path[2] == "ulimits");
}

std::string dotted(const std::vector<std::string>& path) {
    std::string out;
    for (const auto& p : path)
        out += (out.empty() ? "" : ".") + p;
    return out;
}

util::Result<void> merge_node(Node& base, Node overlay, std::vector<std::string>& path);

util::Result<void> merge_mapping(Node& base, Node overlay, std::vector<std::string>& path) {
    // Logging options merge only when both name the same driver (or one names none).
    if (path.size() == 3 && path[0] == "services" && path[2] == "logging") {
        const Node* a = base.find("driver");
        const Node* b = overlay.find("driver");
        if (a && b && a->text != b->text) return base = std::move(overlay), util::Result<void>{};
    }
    for (auto& e : overlay.entries) {
        Node* existing = base.find(e.key);
        if (e.value.tag == NodeTag::Reset) {
            base.erase(e.key);
            continue;
        }
        if (!existing || e.key.starts_with("x-") || e.value.tag == NodeTag::Override) {
            strip_merge_tags(e.value);
            base.set(e.key, std::move(e.value), e.key_loc);
            continue;
        }
        path.push_back(e.key);
        auto r = merge_node(*existing, std::move(e.value), path);
        path.pop_back();
        if (!r) return r;
    }
    return {};
}

util::Result<void> merge_node(Node& base, Node overlay, std::vector<std::string>& path) {
    if (replaced_outright(path) || base.is_null() || (overlay.is_null() && !base.is_mapping())) {
        strip_merge_tags(overlay);
        base = std::move(overlay);
        return {};
    }
    if (base.is_mapping()) {
        if (overlay.is_null()) return {};
        if (!overlay.is_mapping())
            return util::fail(overlay.loc, dotted(path), "cannot override: expected a mapping");
        return merge_mapping(base, std::move(overlay), path);
    }
    if (base.is_sequence()) {
        if (!overlay.is_sequence())
            return util::fail(overlay.loc, dotted(path), "cannot override: expected a sequence");
        strip_merge_tags(overlay);
        for (auto& item : overlay.items)
            base.items.push_back(std::move(item));
        return {};
    }
    strip_merge_tags(overlay);
    base = std::move(overlay);
    return {};
}

std::string text_of(const Node* n) {
    return n ? scalar_as_go_string(*n) : std::string();
}

std::string port_key(const Node& p) {
    if (!p.is_mapping()) return scalar_as_go_string(p);
    const Node* host = p.find("host_ip");
    const Node* proto = p.find("protocol");
    return fmt::format("{}:{}:{}/{}", host ? host->text : "0.0.0.0", text_of(p.find("published")),
                       text_of(p.find("target")), proto ? proto->text : "tcp");
}

std::string mount_key(const Node& m, std::string_view default_dir) {
    if (!m.is_mapping()) return fmt::format("{}/{}", default_dir, m.text);
    if (const Node* t = m.find("target")) return t->text;
    return fmt::format("{}/{}", default_dir, text_of(m.find("source")));
}

template <typename KeyFn>
void unique_by(Node& seq, KeyFn key) {
    if (!seq.is_sequence()) return;
    std::vector<Node> out;
    std::map<std::string, size_t> seen;
    for (auto& item : seq.items) {
        std::string k = key(item);
        auto it = seen.find(k);
        if (it != seen.end())
            out[it->second] = std::move(item);
        else
            seen.emplace(std::move(k), out.size()), out.push_back(std::move(item));
    }
    seq.items = std::move(out);
}

} // namespace

util::Result<void> merge_into(Node& base, Node overlay) {
    std::vector<std::string> path;
    return merge_node(base, std::move(overlay), path);
}

util::Result<void> merge_service(Node& base, Node overlay) {
    std::vector<std::string> path{"services", "x"};
    return merge_node(base, std::move(overlay), path);
}

void strip_merge_tags(Node& n) {
    n.tag = NodeTag::None;
    std::erase_if(n.entries, [](const Entry& e) { return e.value.tag == NodeTag::Reset; });
    std::erase_if(n.items, [](const Node& i) { return i.tag == NodeTag::Reset; });
    for (auto& e : n.entries)
        strip_merge_tags(e.value);
    for (auto& i : n.items)
        strip_merge_tags(i);
}

void enforce_unicity(Node& root) {
    Node* services = root.find("services");
    if (!services) return;
    for (auto& svc : services->entries) {
        Node& s = svc.value;
        if (Node* v = s.find("volumes"))
            unique_by(*v, [](const Node& m) { return text_of(m.find("target")); });
        if (Node* v = s.find("ports")) unique_by(*v, port_key);
        if (Node* v = s.find("expose")) unique_by(*v, [](const Node& m) { return scalar_as_go_string(m); });
        if (Node* v = s.find("secrets"))
            unique_by(*v, [](const Node& m) { return mount_key(m, "/run/secrets"); });
        if (Node* v = s.find("configs")) unique_by(*v, [](const Node& m) { return mount_key(m, ""); });
    }
}

} // namespace rehearsa::compose
