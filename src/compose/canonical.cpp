#include "compose/canonical.hpp"

#include "compose/short_syntax.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <optional>

namespace rehearsa::compose {

namespace {

using util::Location;

Node str(std::string s, const Location& loc) {
    return Node::string(std::move(s), loc);
}

// `{key: value}`, located where the value stood.
Node wrap(std::string_view key, Node value) {
    Location loc = value.loc;
    Node m = Node::mapping(loc);
    m.set(std::string(key), std::move(value), loc);
    return m;
}

// A list of "K=V" / "K" strings, or a mapping, becomes a mapping of strings (null for a bare K).
util::Result<void> list_to_mapping(Node& n, std::string_view sep, const std::string& path) {
    if (n.is_mapping()) {
        for (auto& e : n.entries)
            if (e.value.is_scalar()) e.value = Node::string(scalar_as_go_string(e.value), e.value.loc);
        return {};
    }
    if (!n.is_sequence()) return {};
    Node m = Node::mapping(n.loc);
    for (auto& item : n.items) {
        if (!item.is_scalar()) return util::fail(item.loc, path, "entries must be strings");
        std::string text = scalar_as_go_string(item);
        auto pos = text.find_first_of(sep);
        if (pos == std::string::npos)
            m.set(text, Node::null(item.loc), item.loc);
        else
            m.set(text.substr(0, pos), str(text.substr(pos + 1), item.loc), item.loc);
    }
    n = std::move(m);
    return {};
}

void string_to_list(Node& n) {
    if (!n.is_scalar()) return;
    Node seq = Node::sequence(n.loc);
    seq.items.push_back(std::move(n));
    n = std::move(seq);
}

util::Result<void> command(Node& n, const std::string& path) {
    if (!n.is_string()) return {};
    auto words = split_shell_words(n.text);
    if (!words) return std::unexpected(words.error().under(path));
    Node seq = Node::sequence(n.loc);
    for (auto& w : *words)
        seq.items.push_back(str(std::move(w), n.loc));
    n = std::move(seq);
    return {};
}

void depends_on(Node& n) {
    if (n.is_sequence()) {
        Node m = Node::mapping(n.loc);
        for (auto& item : n.items)
            m.set(item.text, Node::mapping(item.loc), item.loc);
        n = std::move(m);
    }
    for (auto& e : n.entries) {
        if (!e.value.is_mapping()) e.value = Node::mapping(e.key_loc);
        if (!e.value.find("condition")) e.value.set("condition", str("service_started", e.key_loc));
        if (!e.value.find("required")) e.value.set("required", Node::boolean(true, e.key_loc));
    }
}

void env_files(Node& n) {
    string_to_list(n);
    for (auto& item : n.items) {
        if (item.is_scalar()) {
            item = wrap("path", std::move(item));
        }
        if (!item.find("required")) item.set("required", Node::boolean(true, item.loc));
    }
}

void file_mounts(Node& n) {
    for (auto& item : n.items) {
        if (!item.is_scalar()) continue;
        item = wrap("source", std::move(item));
    }
}

void service_networks(Node& n) {
    if (!n.is_sequence()) return;
    Node m = Node::mapping(n.loc);
    for (auto& item : n.items)
        m.set(item.text, Node::null(item.loc), item.loc);
    n = std::move(m);
}

void healthcheck(Node& n) {
    Node* test = n.find("test");
    if (test && test->is_string()) {
        Node seq = Node::sequence(test->loc);
        seq.items.push_back(str("CMD-SHELL", test->loc));
        seq.items.push_back(std::move(*test));
        *test = std::move(seq);
    }
}

void build(Node& n) {
    if (n.is_scalar()) {
        n = wrap("context", std::move(n));
    }
    if (Node* args = n.find("args")) (void)list_to_mapping(*args, "=", "build.args");
    if (Node* labels = n.find("labels")) (void)list_to_mapping(*labels, "=", "build.labels");
    if (Node* ctx = n.find("additional_contexts"))
        (void)list_to_mapping(*ctx, "=", "build.additional_contexts");
}

void expose(Node& n) {
    for (auto& item : n.items)
        if (item.is_scalar()) item = str(scalar_as_go_string(item), item.loc);
}

util::Result<void> service(Node& svc, const std::string& path) {
    if (!svc.is_mapping()) return {};
    for (auto& e : svc.entries) {
        const std::string& k = e.key;
        Node& v = e.value;
        std::string p = path + "." + k;
        NodeTag tag = v.tag; // a rewrite must keep `!reset` / `!override` for the merge
        util::Result<void> r;
        if (k == "build")
            build(v);
        else if (k == "command" || k == "entrypoint")
            r = command(v, p);
        else if (k == "depends_on")
            depends_on(v);
        else if (k == "env_file")
            env_files(v);
        else if (k == "environment" || k == "labels" || k == "annotations" || k == "sysctls")
            r = list_to_mapping(v, "=", p);
        else if (k == "extra_hosts")
            r = list_to_mapping(v, "=:", p);
        else if (k == "networks")
            service_networks(v);
        else if (k == "ports")
            r = canonical_ports(v, p);
        else if (k == "volumes")
            r = canonical_volumes(v, p);
        else if (k == "secrets" || k == "configs")
            file_mounts(v);
        else if (k == "healthcheck")
            healthcheck(v);
        else if (k == "expose")
            expose(v);
        else if (k == "dns" || k == "dns_search" || k == "tmpfs" || k == "label_file")
            string_to_list(v);
        else if (k == "extends" && v.is_scalar()) {
            v = wrap("service", std::move(v));
        }
        if (!r) return r;
        v.tag = tag;
    }
    return {};
}

// `external: {name: x}` is the legacy spelling of `name: x, external: true`.
void resource(Node& n) {
    if (n.is_null()) n = Node::mapping(n.loc);
    Node* ext = n.find("external");
    if (!ext || !ext->is_mapping()) return;
    std::optional<Node> name;
    if (const Node* nm = ext->find("name")) name = *nm;
    *ext = Node::boolean(true, ext->loc);
    if (name) n.set("name", std::move(*name)); // may move `ext`: last
}

void include(Node& n) {
    for (auto& item : n.items) {
        if (item.is_scalar()) {
            item = wrap("path", std::move(item));
        }
        if (Node* p = item.find("path")) string_to_list(*p);
        if (Node* env = item.find("env_file")) string_to_list(*env);
    }
}

template <typename KeyFn>
void dedupe(Node* seq, KeyFn key) {
    if (!seq || !seq->is_sequence()) return;
    std::vector<Node> out;
    for (auto& item : seq->items) {
        auto same = std::find_if(out.begin(), out.end(), [&](const Node& o) { return key(o) == key(item); });
        if (same != out.end())
            *same = std::move(item);
        else
            out.push_back(std::move(item));
    }
    seq->items = std::move(out);
}

} // namespace

void remove_duplicate_items(Node& root) {
    Node* services = root.find("services");
    if (!services) return;
    for (auto& s : services->entries) {
        dedupe(s.value.find("environment"), [](const Node& n) { return n.text.substr(0, n.text.find('=')); });
        dedupe(s.value.find("cap_add"), [](const Node& n) { return n.text; });
        dedupe(s.value.find("dns_opt"), [](const Node& n) { return n.text; });
    }
}

util::Result<void> canonicalize(Node& root) {
    if (Node* services = root.find("services"); services && services->is_mapping())
        for (auto& e : services->entries)
            if (auto r = service(e.value, "services." + e.key); !r) return r;
    for (const char* kind : {"volumes", "networks", "secrets", "configs"})
        if (Node* section = root.find(kind); section && section->is_mapping())
            for (auto& e : section->entries)
                resource(e.value);
    if (Node* inc = root.find("include"); inc && inc->is_sequence()) include(*inc);
    return {};
}

} // namespace rehearsa::compose
