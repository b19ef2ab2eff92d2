#include "compose/model_loader.hpp"

#include "compose/canonical.hpp"
#include "compose/dotenv.hpp"
#include "compose/extends.hpp"
#include "compose/interpolate.hpp"
#include "compose/merge.hpp"
#include "compose/paths.hpp"
#include "compose/schema.hpp"
#include "compose/yaml.hpp"
#include "util/files.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <set>

namespace rehearsa::compose {

namespace {

using Failure = std::unexpected<util::Errors>;

Failure one(util::Error e) {
    return Failure(util::Errors{std::move(e)});
}

void warn_unset(const std::vector<std::string>& names, const util::Location& where, ModelContext& ctx) {
    if (!ctx.warnings) return;
    for (const auto& n : names) {
        std::string msg = fmt::format("The \"{}\" variable is not set. Defaulting to a blank string.", n);
        bool seen = std::any_of(ctx.warnings->begin(), ctx.warnings->end(),
                                [&](const util::Error& w) { return w.message == msg; });
        if (!seen) ctx.warnings->push_back(util::Error{util::ErrorKind::Input, where, "", msg});
    }
}

// A file read twice (extends reads its base file again) must not list a use twice.
void record_unset(std::vector<UnsetVariable>& found, ModelContext& ctx) {
    if (!ctx.unset_variables) return;
    for (auto& u : found) {
        bool seen = std::any_of(ctx.unset_variables->begin(), ctx.unset_variables->end(), [&](const auto& v) {
            return v.name == u.name && v.where.to_string() == u.where.to_string();
        });
        if (!seen) ctx.unset_variables->push_back(std::move(u));
    }
}

// Parse, interpolate, cast and canonicalize one file; `validate` runs the schema in between.
std::expected<Node, util::Errors> read_compose_file(const std::string& path, ModelContext& ctx,
                                                    bool validate) {
    util::Result<Node> root;
    auto cached = ctx.parsed ? ctx.parsed->find(path) : std::map<std::string, Node>::iterator{};
    if (ctx.parsed && cached != ctx.parsed->end()) {
        root = std::move(cached->second);
        ctx.parsed->erase(cached);
    } else {
        auto text = read_source(path, ctx.sources);
        if (!text) return one(text.error());
        root = parse_yaml(*text, std::make_shared<const std::string>(path));
    }
    if (!root) return one(root.error());
    if (root->is_null())
        return one(
            util::Error{util::ErrorKind::Input, util::Location::of_file(path), "", "empty compose file"});
    if (!root->is_mapping())
        return one(util::Error{util::ErrorKind::Input, root->loc, "", "top-level object must be a mapping"});
    std::vector<std::string> unset;
    std::vector<UnsetVariable> unset_at;
    Lookup lookup = lookup_in(ctx.environment);
    if (auto r = interpolate_tree(*root, Interpolation{lookup, &unset, &unset_at}); !r) return one(r.error());
    warn_unset(unset, root->loc, ctx);
    record_unset(unset_at, ctx);
    if (auto r = cast_types(*root); !r) return one(r.error());
    remove_duplicate_items(*root);
    if (validate) {
        // compose validates after `!reset` has removed what it names; validate that view.
        Node view = *root;
        strip_merge_tags(view);
        if (auto errors = validate_schema(view); !errors.empty()) return Failure(std::move(errors));
    }
    if (root->erase("version") && ctx.warnings)
        ctx.warnings->push_back(
            util::Error{util::ErrorKind::Input, root->loc, "",
                        fmt::format("{}: the attribute `version` is obsolete, it will be "
                                    "ignored, please remove it to avoid potential confusion",
                                    path)});
    if (auto r = canonicalize(*root); !r) return one(r.error());
    return std::move(*root);
}

bool same(const Node& a, const Node& b) {
    if (a.kind != b.kind || a.text != b.text || a.items.size() != b.items.size() ||
        a.entries.size() != b.entries.size())
        return false;
    for (size_t i = 0; i < a.items.size(); ++i)
        if (!same(a.items[i], b.items[i])) return false;
    for (const auto& e : a.entries) {
        const Node* other = b.find(e.key);
        if (!other || !same(e.value, *other)) return false;
    }
    return true;
}

util::Result<void> import_resources(Node& into, const Node& from, const std::string& file) {
    for (const char* kind : {"services", "volumes", "networks", "secrets", "configs"}) {
        const Node* section = from.find(kind);
        if (!section || !section->is_mapping()) continue;
        Node* target = into.find(kind);
        if (!target || !target->is_mapping()) target = &into.set(kind, Node::mapping(section->loc));
        for (const auto& e : section->entries) {
            const Node* existing = target->find(e.key);
            if (existing && !same(*existing, e.value))
                return util::fail(
                    existing->loc, fmt::format("{}.{}", kind, e.key),
                    fmt::format("imported compose file {} defines conflicting {} {}", file,
                                std::string_view(kind).substr(0, std::string_view(kind).size() - 1), e.key));
            if (!existing) target->set(e.key, e.value, e.key_loc);
        }
    }
    return {};
}

std::vector<std::string> strings_of(const Node* seq, const PathBase& base) {
    std::vector<std::string> out;
    if (seq)
        for (const auto& i : seq->items)
            out.push_back(absolute_path(i.text, base));
    return out;
}

std::expected<void, util::Errors> apply_include(Node& root, const std::string& file, ModelContext& ctx) {
    Node* includes = root.find("include");
    if (!includes) return {};
    PathBase base{ctx.working_dir, ctx.home};
    for (const auto& inc : includes->items) {
        std::vector<std::string> paths = strings_of(inc.find("path"), base);
        if (paths.empty()) continue;
        const Node* dir = inc.find("project_directory");
        std::string project_dir = dir ? absolute_path(dir->text, base) : util::dir_name(paths.front());
        std::vector<std::string> env_files = strings_of(inc.find("env_file"), base);
        if (env_files.empty() && util::file_exists(project_dir + "/.env"))
            env_files.push_back(project_dir + "/.env");
        auto env = read_env_files(env_files, ctx.environment);
        if (!env) return one(env.error());
        for (const auto& [k, v] : ctx.environment)
            env->insert_or_assign(k, v);
        ModelContext sub{std::move(*env),     project_dir,       ctx.home,   ctx.warnings,
                         ctx.unset_variables, ctx.include_stack, ctx.sources};
        sub.include_stack.push_back(file);
        auto model = load_model(paths, sub);
        if (!model) return std::unexpected(model.error());
        if (auto r = import_resources(root, *model, paths.front()); !r) return one(r.error());
    }
    root.erase("include");
    return {};
}

} // namespace

Lookup lookup_in(const Environment& env) {
    return [&env](std::string_view name) -> std::optional<std::string> {
        auto it = env.find(name);
        if (it == env.end()) return std::nullopt;
        return it->second;
    };
}

util::Result<std::string> read_source(const std::string& path, const Sources* sources) {
    if (sources)
        if (auto it = sources->find(path); it != sources->end()) return it->second;
    return util::read_file(path);
}

util::Result<Environment> read_env_files(const std::vector<std::string>& files, const Environment& base) {
    Environment out;
    for (const auto& f : files) {
        auto text = util::read_file(f);
        if (!text) {
            text.error().message = fmt::format("couldn't find env file: {}", text.error().message);
            return std::unexpected(text.error());
        }
        Lookup lookup = [&](std::string_view name) -> std::optional<std::string> {
            if (auto it = out.find(name); it != out.end()) return it->second;
            if (auto it = base.find(name); it != base.end()) return it->second;
            return std::nullopt;
        };
        auto vars = parse_dotenv(*text, std::make_shared<const std::string>(f), lookup);
        if (!vars) return std::unexpected(vars.error());
        for (auto& v : *vars) {
            if (v.value)
                out.insert_or_assign(v.name, *v.value);
            else if (auto it = base.find(v.name); it != base.end())
                out.insert_or_assign(v.name, it->second);
        }
    }
    return out;
}

std::expected<Node, util::Errors> load_model(const std::vector<std::string>& files, ModelContext& ctx) {
    for (const auto& f : files)
        if (std::find(ctx.include_stack.begin(), ctx.include_stack.end(), f) != ctx.include_stack.end())
            return one(util::Error{util::ErrorKind::Input, util::Location::of_file(f), "include",
                                   "include cycle detected"});
    PathBase base{ctx.working_dir, ctx.home};
    FileLoader load_other = [&](const std::string& path) -> util::Result<Node> {
        auto r = read_compose_file(path, ctx, false);
        if (!r) return std::unexpected(r.error().front());
        return std::move(*r);
    };
    Node dict = Node::mapping();
    for (const auto& file : files) {
        auto root = read_compose_file(file, ctx, true);
        if (!root) return std::unexpected(root.error());
        if (auto r = apply_extends(*root, file, load_other, base); !r) return one(r.error());
        if (auto r = apply_include(*root, file, ctx); !r) return std::unexpected(r.error());
        if (dict.loc.file == nullptr) dict.loc = root->loc;
        if (auto r = merge_into(dict, std::move(*root)); !r) return one(r.error());
        enforce_unicity(dict);
    }
    resolve_relative_paths(dict, base);
    return dict;
}

} // namespace rehearsa::compose
