#include "compose/mounts.hpp"

#include "util/files.hpp"

#include <sstream>

namespace rehearsa::compose {

namespace {

MountType type_of(const Node& entry) {
    const Node* type = entry.find("type");
    std::string_view text = type ? std::string_view(type->text) : "";
    if (text == "bind") return MountType::Bind;
    if (text == "volume") return MountType::Volume;
    if (text == "tmpfs") return MountType::Tmpfs;
    return MountType::Other;
}

std::string text_at(const Node& node, std::string_view key) {
    const Node* value = node.find(key);
    return value && value->is_scalar() ? value->text : std::string{};
}

Mount volume_mount(const Node& entry, std::string yaml_path) {
    const Node* bind = entry.find("bind");
    return Mount{type_of(entry),
                 text_at(entry, "source"),
                 text_at(entry, "target"),
                 text_at(entry, "read_only") == "true",
                 bind && text_at(*bind, "create_host_path") == "true",
                 &entry,
                 std::move(yaml_path)};
}

// `tmpfs: /run` or `tmpfs: ["/data:size=100m"]`: the path before any options.
Mount tmpfs_mount(const Node& entry, std::string yaml_path) {
    std::string target = entry.text.substr(0, entry.text.find(':'));
    return Mount{MountType::Tmpfs, {}, std::move(target), false, false, &entry, std::move(yaml_path)};
}

// The text of the line at `where`, from its column on; empty when the file cannot be read.
std::string written_text(const util::Location& where) {
    if (!where.known() || where.line < 1 || where.column < 1) return {};
    auto text = util::read_file(where.file_name());
    if (!text) return {};
    std::istringstream lines(*text);
    std::string line;
    for (int number = 1; std::getline(lines, line); ++number)
        if (number == where.line)
            return static_cast<std::size_t>(where.column) <= line.size() ? line.substr(where.column - 1) : "";
    return {};
}

enum class Written { Relative, Absolute, Unknown };

Written how_written(const Node& source) {
    std::string text = written_text(source.loc);
    if (!text.empty() && (text.front() == '"' || text.front() == '\'')) text.erase(0, 1);
    // A variable or a block scalar (`>-`) hides how the path starts.
    if (text.empty() || text.find_first_of("$|>") == 0) return Written::Unknown;
    return text.front() == '/' || text.front() == '~' ? Written::Absolute : Written::Relative;
}

} // namespace

std::vector<Mount> service_mounts(const Entry& service) {
    std::vector<Mount> out;
    std::string base = service_path(service.key);
    if (const Node* volumes = service.value.find("volumes"); volumes && volumes->is_sequence())
        for (std::size_t i = 0; i < volumes->items.size(); ++i)
            out.push_back(volume_mount(volumes->items[i], index_path(base + ".volumes", i)));
    const Node* tmpfs = service.value.find("tmpfs");
    if (tmpfs && tmpfs->is_sequence())
        for (std::size_t i = 0; i < tmpfs->items.size(); ++i)
            out.push_back(tmpfs_mount(tmpfs->items[i], index_path(base + ".tmpfs", i)));
    else if (tmpfs && tmpfs->is_scalar())
        out.push_back(tmpfs_mount(*tmpfs, base + ".tmpfs"));
    return out;
}

BindOrigin bind_origin(const Mount& bind, const Project& project) {
    const Node* source = bind.node ? bind.node->find("source") : nullptr;
    bool inside = is_within(bind.source, project.working_dir);
    switch (source ? how_written(*source) : Written::Unknown) {
    case Written::Relative:
        return inside ? BindOrigin::Project : BindOrigin::Escapes;
    case Written::Absolute:
        return BindOrigin::Host;
    case Written::Unknown:
        break;
    }
    return inside ? BindOrigin::Project : BindOrigin::Host;
}

bool is_within(std::string_view dir, std::string_view root) {
    while (root.size() > 1 && root.ends_with('/'))
        root.remove_suffix(1);
    while (dir.size() > 1 && dir.ends_with('/'))
        dir.remove_suffix(1);
    if (!dir.starts_with(root)) return false;
    return dir.size() == root.size() || root == "/" || dir[root.size()] == '/';
}

std::string display_path(const std::string& path, const Project& project) {
    if (!is_within(path, project.working_dir)) return path;
    if (path.size() <= project.working_dir.size()) return ".";
    return std::string(".").append(path, project.working_dir.size());
}

bool is_engine_socket(std::string_view path) {
    return path.ends_with("/docker.sock") || path.ends_with("/podman.sock");
}

namespace {

// "/run/user/1000" and "/run/user/1000/podman" hold the rootless sockets.
bool is_user_runtime_dir(std::string_view path) {
    constexpr std::string_view k_prefix = "/run/user/";
    if (!path.starts_with(k_prefix)) return false;
    std::string_view rest = path.substr(k_prefix.size());
    if (rest.ends_with("/podman")) rest.remove_suffix(std::string_view("/podman").size());
    return !rest.empty() && rest.find_first_not_of("0123456789") == std::string_view::npos;
}

} // namespace

bool holds_engine_socket(std::string_view path) {
    while (path.size() > 1 && path.ends_with('/'))
        path.remove_suffix(1);
    for (std::string_view dir : {"/", "/run", "/var/run", "/run/podman", "/var/run/podman"})
        if (path == dir) return true;
    return is_user_runtime_dir(path);
}

} // namespace rehearsa::compose
