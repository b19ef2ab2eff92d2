#include "compose/loader.hpp"

#include "compose/interpolate.hpp"
#include "compose/model_loader.hpp"
#include "compose/normalize.hpp"
#include "compose/yaml.hpp"
#include "util/files.hpp"

#include <array>
#include <fmt/format.h>

extern char** environ;

namespace rehearsa::compose {

namespace {

using Failure = std::unexpected<util::Errors>;

Failure one(std::string message, std::string file = {}) {
    util::Location where;
    if (!file.empty()) where = util::Location::of_file(std::move(file));
    return Failure(util::Errors{util::Error{util::ErrorKind::Input, where, "", std::move(message)}});
}

std::vector<std::string> split(std::string_view s, char sep) {
    std::vector<std::string> out;
    size_t start = 0;
    for (size_t i = 0; i <= s.size(); ++i)
        if (i == s.size() || s[i] == sep) {
            if (i > start) out.emplace_back(s.substr(start, i - start));
            start = i + 1;
        }
    return out;
}

std::optional<std::string> get(const Environment& env, std::string_view key) {
    auto it = env.find(key);
    if (it == env.end() || it->second.empty()) return std::nullopt;
    return it->second;
}

constexpr std::array<std::string_view, 4> k_default_files{"compose.yaml", "compose.yml", "docker-compose.yml",
                                                          "docker-compose.yaml"};
constexpr std::array<std::string_view, 4> k_override_files{"compose.override.yaml", "compose.override.yml",
                                                           "docker-compose.override.yml",
                                                           "docker-compose.override.yaml"};

// The default file in `dir` or its nearest parent, plus its override file beside it.
std::vector<std::string> discover(std::string dir) {
    while (true) {
        for (auto name : k_default_files) {
            std::string f = util::join_path(dir, std::string(name));
            if (!util::file_exists(f)) continue;
            std::vector<std::string> found{f};
            for (auto o : k_override_files)
                if (std::string of = util::join_path(dir, std::string(o)); util::file_exists(of)) {
                    found.push_back(of);
                    break;
                }
            return found;
        }
        if (dir == "/") return {};
        dir = util::dir_name(dir);
    }
}

// The top-level `name:` of the last file that sets one, interpolated and normalized.
// Parsed trees are kept in `parsed` so the loader does not parse the files a second time.
std::string name_from_files(const std::vector<std::string>& files, const Environment& env,
                            const Sources* sources, std::map<std::string, Node>& parsed) {
    std::string name;
    for (const auto& f : files) {
        auto text = read_source(f, sources);
        if (!text) continue;
        auto root = parse_yaml(*text, std::make_shared<const std::string>(f));
        if (!root) continue;
        if (const Node* n = root->find("name"); n && n->is_scalar() && !n->text.empty()) name = n->text;
        parsed.insert_or_assign(f, std::move(*root));
    }
    if (name.empty()) return name;
    Lookup lookup = lookup_in(env);
    auto interpolated = interpolate(name, Interpolation{lookup, nullptr}, {});
    return normalize_project_name(interpolated ? *interpolated : name);
}

util::Result<std::string> project_name(const LoadOptions& o, const std::vector<std::string>& files,
                                       const Environment& env, const std::string& working_dir,
                                       std::map<std::string, Node>& parsed) {
    std::optional<std::string> imperative =
        o.project_name ? o.project_name : get(env, "COMPOSE_PROJECT_NAME");
    if (imperative) {
        if (normalize_project_name(*imperative) != *imperative || imperative->empty())
            return util::fail({}, "",
                              fmt::format("invalid project name \"{}\": must consist only of lowercase "
                                          "alphanumeric characters, hyphens, and underscores as well as "
                                          "start with a letter or number",
                                          *imperative));
        return *imperative;
    }
    std::string name = name_from_files(files, env, o.sources, parsed);
    if (name.empty()) name = normalize_project_name(util::base_name(working_dir));
    if (name.empty()) return util::fail({}, "", "project name must not be empty");
    return name;
}

} // namespace

Environment os_environment() {
    Environment env;
    for (char** e = environ; e && *e; ++e) {
        std::string_view kv(*e);
        auto eq = kv.find('=');
        if (eq != std::string_view::npos) env.emplace(kv.substr(0, eq), kv.substr(eq + 1));
    }
    return env;
}

LoadResult load_project(const LoadOptions& o) {
    std::string cwd = o.working_directory.empty() ? util::current_directory() : o.working_directory;
    std::vector<std::string> files;
    for (const auto& f : o.files)
        files.push_back(util::join_path(cwd, f));
    if (files.empty())
        if (auto cf = get(o.environment, "COMPOSE_FILE"))
            for (const auto& f : split(*cf, ':'))
                files.push_back(util::join_path(cwd, f));

    std::string working_dir = o.project_directory ? util::join_path(cwd, *o.project_directory)
                              : files.empty()     ? cwd
                                                  : util::dir_name(files.front());
    std::vector<std::string> env_files;
    for (const auto& f : o.env_files)
        env_files.push_back(util::join_path(cwd, f));
    if (env_files.empty() && util::file_exists(working_dir + "/.env") &&
        !util::is_directory(working_dir + "/.env"))
        env_files.push_back(working_dir + "/.env");
    auto dotenv = read_env_files(env_files, o.environment);
    if (!dotenv) return Failure(util::Errors{dotenv.error()});
    Environment env = std::move(*dotenv);
    for (const auto& [k, v] : o.environment)
        env.insert_or_assign(k, v);

    if (files.empty())
        if (auto cf = get(env, "COMPOSE_FILE"))
            for (const auto& f : split(*cf, ':'))
                files.push_back(util::join_path(working_dir, f));
    if (files.empty()) files = discover(cwd);
    if (files.empty())
        return one("no configuration file provided: not found (looked for compose.yaml, compose.yml, "
                   "docker-compose.yml or docker-compose.yaml here and in parent directories; use -f FILE)");
    for (const auto& f : files)
        if (!(o.sources && o.sources->count(f)) && !util::file_exists(f))
            return one(
                fmt::format("compose file not found: open {}: no such file or directory (check the -f path)",
                            f),
                f);

    std::map<std::string, Node> parsed;
    auto name = project_name(o, files, env, working_dir, parsed);
    if (!name) return Failure(util::Errors{name.error()});
    env.insert_or_assign("COMPOSE_PROJECT_NAME", *name);

    Project project;
    project.name = *name;
    project.working_dir = working_dir;
    project.files = files;
    auto home = get(o.environment, "HOME");
    ModelContext ctx{
        env,       working_dir, home.value_or("/"), &project.warnings, &project.unset_variables, {},
        o.sources, &parsed};
    auto model = load_model(files, ctx);
    if (!model) return Failure(std::move(model.error()));

    std::vector<std::string> profiles = o.profiles;
    if (profiles.empty())
        if (auto p = get(env, "COMPOSE_PROFILES")) profiles = split(*p, ',');
    std::vector<Deferred>* deferred = o.leniency == Leniency::Lint ? &project.deferred : nullptr;
    NormalizeContext nctx{*name, env, profiles, &project.disabled_services, deferred};
    if (auto r = normalize_project(*model, nctx); !r) return Failure(std::move(r.error()));
    project.model = std::move(*model);
    project.environment = std::move(env);
    return project;
}

} // namespace rehearsa::compose
