#include "reporters/report.hpp"

#include "util/files.hpp"

#include <algorithm>

namespace rehearsa::reporters {

std::string Report::relative(const std::string& path) const {
    if (source_root.empty() || source_root == "/") return path;
    if (path.size() > source_root.size() && path.starts_with(source_root) && path[source_root.size()] == '/')
        return path.substr(source_root.size() + 1);
    return path;
}

std::vector<const results::Finding*> Report::findings_of(std::string_view service) const {
    std::vector<const results::Finding*> out;
    for (const results::Finding& finding : findings)
        if (finding.service == service) out.push_back(&finding);
    return out;
}

std::size_t Report::count(results::Severity severity) const {
    return static_cast<std::size_t>(std::ranges::count_if(
        findings, [&](const results::Finding& f) { return !f.suppressed() && f.severity == severity; }));
}

std::size_t Report::suppressed_count() const {
    return static_cast<std::size_t>(
        std::ranges::count_if(findings, [](const results::Finding& f) { return f.suppressed(); }));
}

std::string find_source_root(const std::string& dir) {
    for (std::string at = util::clean_path(dir);; at = util::dir_name(at)) {
        if (util::file_exists(at + "/.git")) return at;
        if (at == "/" || at == ".") break;
    }
    return util::clean_path(dir);
}

} // namespace rehearsa::reporters
