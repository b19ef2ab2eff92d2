#include "compose/extends.hpp"

#include "compose/merge.hpp"
#include "util/files.hpp"

#include <fmt/format.h>
#include <map>

namespace rehearsa::compose {

namespace {

struct Ref {
    std::string file, service;
    bool operator==(const Ref&) const = default;
};

class Extender {
public:
    Extender(const FileLoader& load, const PathBase& base) : m_load(load), m_base(base) {}

    util::Result<Node> resolve(Node& services, const std::string& name, const std::string& file,
                               std::vector<Ref> chain);

private:
    util::Result<Node*> other_services(const std::string& file, const Node& at, const std::string& name);
    util::Error cycle(const std::vector<Ref>& chain, const Ref& again, const util::Location& at) const;

    const FileLoader& m_load;
    PathBase m_base;
    std::map<std::string, Node> m_files; // other files, loaded once, extends resolved in place
};

util::Error Extender::cycle(const std::vector<Ref>& chain, const Ref& again, const util::Location& at) const {
    std::string names;
    for (const auto& r : chain)
        names += fmt::format("{} -> ", r.service);
    names += again.service;
    return util::Error{util::ErrorKind::Input, at, fmt::format("services.{}.extends", chain.front().service),
                       fmt::format("extends cycle: {} (in {})", names, util::base_name(again.file))};
}

util::Result<Node*> Extender::other_services(const std::string& file, const Node& at,
                                             const std::string& name) {
    auto it = m_files.find(file);
    if (it == m_files.end()) {
        auto loaded = m_load(file);
        if (!loaded) return std::unexpected(loaded.error());
        it = m_files.emplace(file, std::move(*loaded)).first;
    }
    Node* services = it->second.find("services");
    if (!services || !services->is_mapping())
        return util::fail(
            at.loc, fmt::format("services.{}.extends", name),
            fmt::format("cannot extend service \"{}\": {} has no services section", name, file));
    return services;
}

util::Result<Node> Extender::resolve(Node& services, const std::string& name, const std::string& file,
                                     std::vector<Ref> chain) {
    Node* svc = services.find(name);
    const Node* ext = svc ? svc->find("extends") : nullptr;
    if (!ext) return svc ? *svc : Node::mapping();
    Ref self{file, name};
    if (std::find(chain.begin(), chain.end(), self) != chain.end())
        return std::unexpected(cycle(chain, self, ext->loc));
    chain.push_back(self);

    const Node* ref_node = ext->find("service");
    std::string ref = ref_node ? ref_node->text : "";
    const Node* file_node = ext->find("file");
    std::string ref_file = file_node ? util::join_path(util::dir_name(file), file_node->text) : file;
    Node* scope = &services;
    if (file_node) {
        auto other = other_services(ref_file, *ext, name);
        if (!other) return std::unexpected(other.error());
        scope = *other;
    }
    if (!scope->find(ref))
        return util::fail(ref_node ? ref_node->loc : ext->loc, fmt::format("services.{}.extends", name),
                          fmt::format("cannot extend service \"{}\" in {}: service \"{}\" not found", name,
                                      util::base_name(ref_file), ref));
    auto base = resolve(*scope, ref, ref_file, chain);
    if (!base) return base;
    Node merged = std::move(*base);
    if (file_node) resolve_service_paths(merged, PathBase{util::dir_name(ref_file), m_base.home});
    Node own = *svc;
    own.erase("extends");
    if (auto r = merge_service(merged, std::move(own)); !r) return std::unexpected(r.error());
    merged.erase("extends");
    *services.find(name) = merged;
    return merged;
}

} // namespace

util::Result<void> apply_extends(Node& root, const std::string& file, const FileLoader& load,
                                 const PathBase& base) {
    Node* services = root.find("services");
    if (!services || !services->is_mapping()) return {};
    Extender extender(load, base);
    for (auto& e : services->entries)
        if (auto r = extender.resolve(*services, e.key, file, {}); !r) return std::unexpected(r.error());
    return {};
}

} // namespace rehearsa::compose
