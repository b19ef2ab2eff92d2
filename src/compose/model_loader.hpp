#pragma once
// The per-file half of loading: one or more compose files to one merged, canonical tree with
// relative paths resolved, before project-level normalization. `include` recurses into it.
#include "compose/interpolate.hpp"
#include "compose/loader.hpp"
#include "compose/node.hpp"

#include <map>
#include <string>
#include <vector>

namespace rehearsa::compose {

struct ModelContext {
    Environment environment; // what interpolation looks variables up in
    std::string working_dir; // relative paths resolve against it
    std::string home;        // `~`
    std::vector<util::Error>* warnings = nullptr;
    std::vector<UnsetVariable>* unset_variables = nullptr; // with the value that used each one
    std::vector<std::string> include_stack;                // files being included, for cycle detection
    const Sources* sources = nullptr;
    // Files already parsed (raw, before interpolation) while looking for the project name.
    std::map<std::string, Node>* parsed = nullptr;
};

// Looks variables up in `env` (which must outlive the returned function).
Lookup lookup_in(const Environment& env);

// A compose file's text, from `sources` when it is there, else from disk.
util::Result<std::string> read_source(const std::string& path, const Sources* sources);

std::expected<Node, util::Errors> load_model(const std::vector<std::string>& files, ModelContext& ctx);

// Reads dotenv files in order; later files win, and `base` (the OS environment) beats them all
// when `os_wins` is set. Lookups during interpolation see the file's own variables first.
util::Result<Environment> read_env_files(const std::vector<std::string>& files, const Environment& base);

} // namespace rehearsa::compose
