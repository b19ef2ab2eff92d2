#pragma once
// Where reports go: each requested format to its file (written atomically) or to stdout, plus
// the CI defaults: on GitHub Actions, annotations and the step summary happen without asking.
#include "reporters/reporter.hpp"
#include "util/error.hpp"

#include <iosfwd>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace rehearsa::reporters {

struct Destination {
    std::string format;
    std::optional<std::string> path; // nullopt: stdout
};

enum class Stream { Stdout, Stderr };

struct Streams {
    std::ostream& out;
    std::ostream& err;
};

using EnvironmentView = std::map<std::string, std::string, std::less<>>;

// The destinations a run writes: the requested ones (console on stdout when none), plus github
// annotations on stderr when GITHUB_ACTIONS=true and github was not requested, plus markdown
// appended to $GITHUB_STEP_SUMMARY when that is set.
struct Plan {
    std::vector<Destination> destinations;
    std::optional<Stream> github_default; // annotations added by the CI default
    std::optional<std::string> step_summary;
};
Plan plan_outputs(std::vector<Destination> requested, const EnvironmentView& environment);

// Renders every destination of the plan. Every report is attempted; the first error is returned.
util::Result<void> write_reports(const Report& report, const Plan& plan, const ReporterConfig& config,
                                 Streams streams);

} // namespace rehearsa::reporters
