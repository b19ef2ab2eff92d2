// Secrets and configs: compose mounts a file-backed one read-only where the service expects it, and
// so does the sandbox. External ones live on the platform, and environment- or content-backed ones
// would need a file rehearsa does not write: those are not provided, and the report says so.
#include "plan/builder.hpp"

#include <fmt/format.h>

namespace rehearsa::plan {

namespace {

struct FileKind {
    std::string_view section;      // "secrets" or "configs"
    std::string_view noun;         // for messages
    std::string_view directory;    // where a relative or missing target goes
    std::string_view missing_rule; // preflight's rule for a file that is not there
};

constexpr FileKind k_secrets{"secrets", "secret", "/run/secrets/", "missing-secret-file"};
constexpr FileKind k_configs{"configs", "config", "/", "missing-config-file"};

// `- db-password` (short form) or `{source: db-password, target: ...}`.
std::string source_of(const compose::Node& use) {
    return use.is_scalar() ? use.text : text_at(use, "source");
}

std::string target_of(const compose::Node& use, const FileKind& kind, const std::string& source) {
    std::string target = use.is_mapping() ? text_at(use, "target") : "";
    if (target.empty()) target = source;
    return target.starts_with('/') ? target : std::string(kind.directory) + target;
}

void report(Builder& builder, const compose::Entry& service, const compose::Node& use, std::string path,
            std::string_view rule, std::string message) {
    builder.adjust(service.key, std::move(path), use.loc, std::string(rule), std::move(message));
}

void plan_one(Builder& builder, const compose::Entry& service, const compose::Node& use, std::string path,
              const FileKind& kind, ServicePlan& out) {
    std::string source = source_of(use);
    const compose::Node* section = builder.section(kind.section);
    const compose::Node* definition = section ? section->find(source) : nullptr;
    std::string file = definition ? text_at(*definition, "file") : "";
    if (file.empty()) {
        bool external = definition && is_true(definition->find("external"));
        return report(builder, service, use, std::move(path), external ? "external-secret" : "",
                      fmt::format("{} '{}' not provided in the sandbox: it is {}", kind.noun, source,
                                  external ? "external" : "not backed by a file"));
    }
    if (source_kind(file) != SourceKind::File)
        return report(
            builder, service, use, std::move(path), kind.missing_rule,
            fmt::format("{} '{}' not provided in the sandbox: {} is not a file", kind.noun, source, file));
    out.container.mounts.push_back(
        {docker::MountType::Bind, file, target_of(use, kind, source), docker::Access::ReadOnly});
}

void plan_kind(Builder& builder, const compose::Entry& service, const FileKind& kind, ServicePlan& out) {
    const compose::Node* uses = service.value.find(kind.section);
    if (!uses) return;
    for (std::size_t i = 0; i < uses->items.size(); ++i)
        plan_one(builder, service, uses->items[i],
                 fmt::format("services.{}.{}[{}]", service.key, kind.section, i), kind, out);
}

} // namespace

void plan_file_mounts(Builder& builder, const compose::Entry& service, ServicePlan& out) {
    plan_kind(builder, service, k_secrets, out);
    plan_kind(builder, service, k_configs, out);
}

} // namespace rehearsa::plan
