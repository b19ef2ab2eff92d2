#pragma once
// Loads a compose project exactly as the reference implementation does: finds the files, reads
// .env and the environment, parses, interpolates, resolves include and extends, merges the -f
// files, validates against the spec, normalizes, resolves paths and applies profiles.
#include "compose/interpolate.hpp"
#include "compose/node.hpp"
#include "util/error.hpp"

#include <expected>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace rehearsa::compose {

using Environment = std::map<std::string, std::string, std::less<>>;

// Compose files held in memory, by absolute path (tests and fuzzing); the rest come from disk.
using Sources = std::map<std::string, std::string, std::less<>>;

// The process environment, as a map.
Environment os_environment();

// Strict refuses what compose refuses. Lint loads what it can of such a project and records each
// refusal as a Deferred problem, so that `rehearsa lint` reports it as a finding on its line.
enum class Leniency { Strict, Lint };

struct LoadOptions {
    std::vector<std::string> files;               // -f, in order; empty: COMPOSE_FILE, then discovery
    std::optional<std::string> project_directory; // --project-directory
    std::optional<std::string> project_name;      // -p; else COMPOSE_PROJECT_NAME, top-level name:, dir name
    std::vector<std::string> env_files;           // --env-file, in order (later wins)
    std::vector<std::string> profiles;            // --profile; else COMPOSE_PROFILES; "*" enables all
    std::string working_directory;                // where relative -f paths start; empty: current directory
    Environment environment = os_environment();   // the OS environment; it beats .env
    const Sources* sources = nullptr;
    Leniency leniency = Leniency::Strict;
};

// A problem compose refuses, recorded instead of failing under Leniency::Lint.
struct Deferred {
    enum class Kind {
        MissingEnvFile,    // a required env_file that does not exist; the service loads without it
        DependsOnDisabled, // depends_on names a service that profiles disable; the entry is dropped
    };
    Kind kind;
    std::string service;   // the service whose definition has the problem
    std::string yaml_path; // "services.web.env_file[0]", "services.web.depends_on.db"
    util::Location where;  // the offending value (or key)
    std::string subject;   // the missing file's path, or the disabled service's name
};

struct Project {
    std::string name;
    std::string working_dir;                    // the project directory, absolute
    std::vector<std::string> files;             // the compose files used, absolute, in merge order
    Environment environment;                    // the variables interpolation saw (.env + OS)
    Node model;                                 // the canonical tree, shaped like `docker compose config`
    std::vector<util::Error> warnings;          // e.g. unset variables, defaulting to ""
    std::vector<UnsetVariable> unset_variables; // each use of an unset variable, where it is used
    std::vector<std::string> disabled_services; // services turned off by profiles
    std::vector<Deferred> deferred;             // Leniency::Lint only
};

// Every error found, in document order (schema validation reports all violations at once).
using LoadResult = std::expected<Project, util::Errors>;

LoadResult load_project(const LoadOptions& options);

} // namespace rehearsa::compose
