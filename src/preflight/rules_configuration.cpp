// Configuration: what a stack needs besides its compose file (env files, secret and config files,
// variables, external secrets) and would not find on a new host.
#include "compose/dotenv.hpp"
#include "preflight/rules.hpp"
#include "preflight/secret_values.hpp"
#include "util/files.hpp"

#include <array>
#include <fmt/format.h>

namespace rehearsa::preflight {

namespace {

constexpr results::Rule k_missing_env_file{
    "missing-env-file",
    "MissingEnvFile",
    "configuration",
    results::Severity::Error,
    "A service requires an env_file that does not exist.",
    "Compose refuses to start a project whose required env_file is missing. Env files usually hold "
    "settings and secrets kept out of version control, so a new host is exactly where they are missing.",
    "Create the file from a committed template, restore it with the stack's secrets, or mark it "
    "`required: false` when the service works without it."};

constexpr results::Rule k_missing_secret_file{
    "missing-secret-file",
    "MissingSecretFile",
    "configuration",
    results::Severity::Error,
    "A secret's `file:` does not exist.",
    "Compose cannot mount a secret whose file is missing, so the services that use it fail to start; "
    "secret files are kept out of version control and are the first thing a new host lacks.",
    "Create the file, restore it from your secret store, or point `file:` at where it really lives."};

constexpr results::Rule k_missing_config_file{
    "missing-config-file",
    "MissingConfigFile",
    "configuration",
    results::Severity::Error,
    "A config's `file:` does not exist.",
    "Compose cannot mount a config whose file is missing, so the services that use it fail to start on "
    "a host without it.",
    "Commit the file beside the compose file, or point `file:` at where it really lives."};

constexpr results::Rule k_external_secret{
    "external-secret",
    "ExternalSecret",
    "configuration",
    results::Severity::Warning,
    "A secret or config is declared `external: true`.",
    "Compose never creates an external secret or config: it must already exist on the platform, so a "
    "restore on a new host fails until someone recreates it by hand.",
    "Declare it with `file:` or `environment:` so the stack carries it, or script its creation beside "
    "the stack and suppress this finding with that reason."};

constexpr results::Rule k_unset_variable{
    "unset-variable",
    "UnsetVariable",
    "configuration",
    results::Severity::Warning,
    "A variable is used with no value and no default.",
    "Compose substitutes an empty string for an unset variable: the stack starts with an empty "
    "password, image tag or path on any host whose environment differs from the one it was written on.",
    "Set the variable in the project's .env, give it a default (`${TAG:-16.4}`), or make it required "
    "(`${DB_PASSWORD:?set DB_PASSWORD}`) so compose refuses to start without it."};

constexpr results::Rule k_dotenv_secret{
    "dotenv-secret",
    "DotenvSecret",
    "configuration",
    results::Severity::Warning,
    "The project's .env holds what looks like a real secret.",
    "The .env beside the compose file is either committed, which leaks the secret with the repository, or "
    "kept out of it, in which case a new host restored from the repository has no value for it.",
    "Move the secret to a secret store and pass it with compose `secrets:` (or an env file restored "
    "with the stack's secrets), and keep only non-secret defaults in .env."};

void check_missing_env_file(RuleContext& context) {
    for (const compose::Deferred& deferred : context.project().deferred) {
        if (deferred.kind != compose::Deferred::Kind::MissingEnvFile) continue;
        context.report(k_missing_env_file, deferred.service, deferred.yaml_path, deferred.where,
                       fmt::format("service '{}' requires env file {}, which does not exist: compose refuses "
                                   "to start the project",
                                   deferred.service, deferred.subject));
    }
}

// Each secret or config entry of `section`, with its kind ("secret", "config") for messages.
template <typename Visit>
void for_each_resource(RuleContext& context, std::string_view section, Visit visit) {
    const compose::Node* resources = context.section(section);
    if (!resources || !resources->is_mapping()) return;
    std::string_view kind = section.substr(0, section.size() - 1);
    for (const compose::Entry& resource : resources->entries)
        visit(kind, resource);
}

void check_missing_files(RuleContext& context, const results::Rule& rule, std::string_view section) {
    for_each_resource(context, section, [&](std::string_view kind, const compose::Entry& resource) {
        const compose::Node* file = resource.value.find("file");
        if (!file || !file->is_scalar() || util::file_exists(file->text)) return;
        context.report(
            rule, "", fmt::format("{}.{}.file", section, resource.key), file->loc,
            fmt::format("{} '{}' reads {}, which does not exist: the services using it cannot start", kind,
                        resource.key, file->text));
    });
}

void check_missing_secret_file(RuleContext& context) {
    check_missing_files(context, k_missing_secret_file, "secrets");
}

void check_missing_config_file(RuleContext& context) {
    check_missing_files(context, k_missing_config_file, "configs");
}

void check_external_secret(RuleContext& context) {
    for (std::string_view section : {"secrets", "configs"})
        for_each_resource(context, section, [&](std::string_view kind, const compose::Entry& resource) {
            const compose::Entry* external = resource.value.find_entry("external");
            if (!external || external->value.text != "true") return;
            context.report(
                k_external_secret, "", fmt::format("{}.{}.external", section, resource.key),
                external->key_loc,
                fmt::format("{} '{}' is external: compose never creates it, so a new host needs it "
                            "recreated by hand",
                            kind, resource.key));
        });
}

// "services.web.environment[0]" -> "web"; empty outside services.
std::string service_of(std::string_view yaml_path) {
    if (!yaml_path.starts_with("services.")) return {};
    yaml_path.remove_prefix(9);
    return std::string(yaml_path.substr(0, yaml_path.find_first_of(".[")));
}

void check_unset_variable(RuleContext& context) {
    for (const compose::UnsetVariable& unset : context.project().unset_variables)
        context.report(
            k_unset_variable, service_of(unset.yaml_path), unset.yaml_path, unset.where,
            fmt::format("variable '{}' is not set and has no default: compose substitutes an empty "
                        "string",
                        unset.name));
}

bool is_name_char(char c) {
    return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

// `$NAME` or `${NAME...}` somewhere in the text (a `$$NAME` escape counts too: harmless).
bool references(std::string_view text, std::string_view name) {
    for (std::size_t at = text.find(name); at != std::string_view::npos; at = text.find(name, at + 1)) {
        std::size_t end = at + name.size();
        bool ends = end == text.size() || !is_name_char(text[end]);
        bool braced = at >= 2 && text.substr(at - 2, 2) == "${";
        if (ends && (braced || (at >= 1 && text[at - 1] == '$'))) return true;
    }
    return false;
}

// The compose files' text, where the .env variables are used.
std::string compose_text(const compose::Project& project) {
    std::string out;
    for (const std::string& file : project.files)
        if (auto text = util::read_file(file)) out += *text + "\n";
    return out;
}

// The .env compose reads for interpolation, as committed beside the compose file. Only variables
// the compose files use matter to the stack; references inside .env stay unresolved, since a value
// that only comes from the environment is not stored in the file.
void check_dotenv_secret(RuleContext& context) {
    std::string path = context.project().working_dir + "/.env";
    if (!util::file_exists(path) || util::is_directory(path)) return;
    auto text = util::read_file(path);
    if (!text) return;
    compose::Lookup nothing = [](std::string_view) { return std::optional<std::string>{}; };
    auto vars = compose::parse_dotenv(*text, std::make_shared<const std::string>(path), nothing);
    if (!vars) return; // the loader parsed the same file already, so this does not happen in practice
    std::string used_in = compose_text(context.project());
    for (const compose::EnvVar& var : *vars) {
        SecretKind kind = classify_secret(var.name, var.value.value_or(""));
        if (kind == SecretKind::None || !references(used_in, var.name)) continue;
        // Never the value: the finding goes to logs, SARIF uploads and pull-request annotations.
        context.report(k_dotenv_secret, "", "dotenv." + var.name, var.loc,
                       fmt::format(".env sets {} for the stack, and {}: move it out of .env into a secret",
                                   var.name, describe(kind)));
    }
}

const std::array<RuleCheck, 6> k_checks = {{
    {k_missing_env_file, check_missing_env_file},
    {k_missing_secret_file, check_missing_secret_file},
    {k_missing_config_file, check_missing_config_file},
    {k_external_secret, check_external_secret},
    {k_unset_variable, check_unset_variable},
    {k_dotenv_secret, check_dotenv_secret},
}};

} // namespace

std::span<const RuleCheck> configuration_rules() {
    return k_checks;
}

} // namespace rehearsa::preflight
