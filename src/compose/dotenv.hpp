#pragma once
// The dotenv format as compose reads `.env`, `--env-file` and `env_file:` files.
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "compose/interpolate.hpp"
#include "util/error.hpp"

namespace rehearsa::compose {

struct EnvVar {
    std::string name;
    std::optional<std::string> value;  // nullopt for a bare `NAME` line: take it from the environment
    util::Location loc;                // where NAME stands
};

enum class DotenvFormat { Standard, Raw };

// Standard: compose's dotenv syntax (comments, `export`, single quotes literal, double quotes with
// escapes and interpolation, unquoted values with interpolation and trailing comments).
// Interpolation sees the variables defined earlier in the same file first, then `lookup`.
// Raw: every line is NAME=VALUE taken literally.
util::Result<std::vector<EnvVar>> parse_dotenv(std::string_view text, std::shared_ptr<const std::string> file,
                                               const Lookup& lookup, DotenvFormat format = DotenvFormat::Standard);

} // namespace rehearsa::compose
