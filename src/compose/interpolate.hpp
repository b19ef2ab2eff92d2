#pragma once
// Variable interpolation as the compose spec defines it: $V, ${V}, ${V:-d}, ${V-d}, ${V:?e}, ${V?e},
// ${V:+r}, ${V+r}, nested defaults and $$. Keys are never interpolated.
#include "compose/node.hpp"
#include "util/error.hpp"

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rehearsa::compose {

// Returns the variable's value, or nullopt when it is unset (set-but-empty is "").
using Lookup = std::function<std::optional<std::string>(std::string_view name)>;

// An unset variable with no default, at the value that used it: what `rehearsa lint` reports.
struct UnsetVariable {
    std::string name;
    std::string yaml_path; // the value's path in the file as written: "services.web.environment[0]"
    util::Location where;  // the scalar that used it
};

struct Interpolation {
    const Lookup& lookup;
    // Names of variables that were unset and had no default (compose warns and substitutes ""):
    // one entry per occurrence, in order, as compose prints one warning per occurrence. Like
    // compose, this includes references inside defaults that were not used (`${SET:-$UNSET}`).
    std::vector<std::string>* unset = nullptr;
    // interpolate_tree only: the same names, each with the value that used it.
    std::vector<UnsetVariable>* unset_at = nullptr;
};

// Substitutes one string. A malformed `${` or a missing required variable is an error whose
// message names the variable; its location is `where` (the scalar that held the text).
// Messages carry compose's wording: `invalid interpolation format "${FOO". You may need to escape
// any $ with another $.` (quoting the innermost text compose quotes: a default, or the text after
// a `${...}` with an operator) and `required variable FOO is missing a value: <message>`.
util::Result<std::string> interpolate(std::string_view text, const Interpolation& how,
                                      const util::Location& where);

// Interpolates every string scalar in the tree, in place, never keys. Errors carry the dotted
// path of the failing value (e.g. services.db.environment.PASSWORD) and its file:line:col.
util::Result<void> interpolate_tree(Node& root, const Interpolation& how);

// Quotes text as Go's %q does, the way compose quotes values in its messages.
std::string go_quote(std::string_view text);

} // namespace rehearsa::compose
