#include "reporters/output.hpp"

#include "util/files.hpp"

#include <algorithm>
#include <ostream>
#include <sstream>

namespace rehearsa::reporters {

namespace {

bool requested(const std::vector<Destination>& destinations, std::string_view format) {
    return std::ranges::any_of(destinations, [&](const Destination& d) { return d.format == format; });
}

std::string env(const EnvironmentView& environment, std::string_view name) {
    auto it = environment.find(name);
    return it == environment.end() ? std::string{} : it->second;
}

std::string render(const Report& report, std::string_view format, const ReporterConfig& config) {
    const ReporterFactory* factory = find_reporter(format);
    if (!factory) return {};
    std::ostringstream out;
    factory->make(config)->write(report, out);
    return out.str();
}

// Files never get colour, whatever the terminal.
ReporterConfig for_file(ReporterConfig config) {
    config.colour = Colour::Off;
    return config;
}

} // namespace

Plan plan_outputs(std::vector<Destination> requested_destinations, const EnvironmentView& environment) {
    Plan plan;
    plan.destinations = std::move(requested_destinations);
    if (plan.destinations.empty()) plan.destinations.push_back({"console", std::nullopt});
    if (env(environment, "GITHUB_ACTIONS") == "true" && !requested(plan.destinations, "github"))
        plan.github_default = Stream::Stderr; // the runner reads workflow commands from both streams
    if (std::string summary = env(environment, "GITHUB_STEP_SUMMARY"); !summary.empty())
        plan.step_summary = summary;
    return plan;
}

util::Result<void> write_reports(const Report& report, const Plan& plan, const ReporterConfig& config,
                                 Streams streams) {
    util::Result<void> first_error;
    auto keep = [&](util::Result<void> result) {
        if (!result && first_error) first_error = std::move(result);
    };
    for (const Destination& destination : plan.destinations) {
        if (!destination.path) {
            streams.out << render(report, destination.format, config) << std::flush;
            continue;
        }
        keep(util::write_file_atomic(*destination.path, render(report, destination.format, for_file(config)),
                                     util::Durability::Replaceable));
    }
    if (plan.github_default) streams.err << render(report, "github", config) << std::flush;
    if (plan.step_summary)
        keep(util::append_file(*plan.step_summary, render(report, "markdown", for_file(config))));
    return first_error;
}

} // namespace rehearsa::reporters
