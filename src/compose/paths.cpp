#include "compose/paths.hpp"

#include "util/files.hpp"

namespace rehearsa::compose {

namespace {

bool is_remote_context(const std::string& s) {
    return s.find("://") != std::string::npos || s.starts_with("git@") || s.starts_with("github.com/");
}

void resolve(Node* n, const PathBase& base) {
    if (n && n->is_scalar()) n->text = absolute_path(n->text, base);
}

void resolve_context(Node* n, const PathBase& base) {
    if (n && n->is_scalar() && !is_remote_context(n->text)) resolve(n, base);
}

} // namespace

std::string absolute_path(const std::string& p, const PathBase& base) {
    if (p.starts_with("~")) return util::join_path(base.home, std::string(".").append(p, 1));
    if (p.starts_with("/")) return p; // compose keeps absolute paths as written, trailing slash too
    return util::join_path(base.dir, p);
}

void resolve_service_paths(Node& svc, const PathBase& base) {
    if (Node* build = svc.find("build"); build && build->is_mapping()) {
        resolve_context(build->find("context"), base);
        if (Node* extra = build->find("additional_contexts"))
            for (auto& e : extra->entries)
                resolve_context(&e.value, base);
    }
    if (Node* env = svc.find("env_file"))
        for (auto& item : env->items)
            resolve(item.find("path"), base);
    if (Node* labels = svc.find("label_file"))
        for (auto& item : labels->items)
            resolve(&item, base);
    if (Node* vols = svc.find("volumes"))
        for (auto& v : vols->items) {
            const Node* type = v.find("type");
            if (type && type->text == "bind") resolve(v.find("source"), base);
        }
}

void resolve_relative_paths(Node& root, const PathBase& base) {
    if (Node* services = root.find("services"))
        for (auto& e : services->entries)
            resolve_service_paths(e.value, base);
    for (const char* kind : {"secrets", "configs"})
        if (Node* section = root.find(kind))
            for (auto& e : section->entries)
                resolve(e.value.find("file"), base);
    if (Node* volumes = root.find("volumes"))
        for (auto& e : volumes->entries) {
            Node* opts = e.value.find("driver_opts");
            const Node* type = opts ? opts->find("type") : nullptr;
            const Node* o = opts ? opts->find("o") : nullptr;
            if (type && type->text == "none" && o && o->text.find("bind") != std::string::npos)
                resolve(opts->find("device"), base);
        }
}

} // namespace rehearsa::compose
