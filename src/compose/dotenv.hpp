#pragma once
// The dotenv format as compose reads `.env`, `--env-file` and `env_file:` files.
#include "compose/interpolate.hpp"
#include "util/error.hpp"

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rehearsa::compose {

struct EnvVar {
    std::string name;
    // nullopt for a bare `NAME` line: take it from the environment (the source `lookup` reads);
    // when it is not set there, an earlier value of NAME in the file stands, as in compose.
    std::optional<std::string> value;
    util::Location loc; // where NAME stands
};

enum class DotenvFormat { Standard, Raw };

// Standard: compose's dotenv syntax (comments, `export`, `NAME=VALUE` or yaml-style `NAME: VALUE`,
// single quotes literal, double quotes with Go escapes and interpolation, values spanning lines,
// unquoted values with interpolation and ` #` comments). Interpolation looks a name up in `lookup`
// FIRST, then among the values defined earlier in the same file: that is compose-go's order,
// verified against the reference binary (`A=file`, `B=${A}` with A=os in the environment gives
// B=os). Unset names met while interpolating are appended to `unset`, as interpolate() does.
// A last line with no `=` and no newline is, as in compose, the value of the empty name "".
// Raw (`format: raw`, docker run --env-file): NAME=VALUE lines, the value verbatim (quotes, `#`
// and trailing blanks kept), whole-line `#` comments, a bare NAME taken from the environment.
// Entries come in file order; a later NAME overrides an earlier one.
util::Result<std::vector<EnvVar>> parse_dotenv(std::string_view text, std::shared_ptr<const std::string> file,
                                               const Lookup& lookup,
                                               DotenvFormat format = DotenvFormat::Standard,
                                               std::vector<std::string>* unset = nullptr);

} // namespace rehearsa::compose
