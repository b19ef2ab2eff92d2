#include "preflight/outcome_rules.hpp"

#include "preflight/analyze.hpp"

#include <vector>

namespace rehearsa::preflight {

const Rule& compose_load_error_rule() {
    static const Rule rule{
        "compose-load-error",
        "ComposeLoadError",
        "input",
        Severity::Error,
        "The compose files could not be loaded, so nothing else could be checked.",
        "A stack whose compose files compose itself refuses cannot be restored from them at all.",
        "Fix the error at the reported line; `rehearsa config` shows the loaded model once it loads."};
    return rule;
}

const Rule& engine_unavailable_rule() {
    static const Rule rule{
        "engine-unavailable",
        "EngineUnavailable",
        "engine",
        Severity::Error,
        "The Docker Engine could not be reached or refused the request, so no rehearsal ran.",
        "Without an engine there is no proof that the stack restores; the run proves nothing.",
        "Start the daemon, or point DOCKER_HOST or the docker context at it, and check that this "
        "user may use its socket."};
    return rule;
}

const Rule& service_failed_rule() {
    static const Rule rule{
        "service-failed",
        "ServiceFailed",
        "rehearsal",
        Severity::Error,
        "A service exited, crashed or could not be started in the sandbox.",
        "A service that does not come up from a fresh host with restored data is an outage on "
        "the day the restore is real.",
        "Read the cause and the log excerpt in the report (JUnit test case), reproduce with "
        "`rehearsa stack test`, and fix the image, configuration or data it names."};
    return rule;
}

const Rule& service_unhealthy_rule() {
    static const Rule rule{
        "service-unhealthy",
        "ServiceUnhealthy",
        "rehearsal",
        Severity::Error,
        "A service's healthcheck failed, or never passed before the timeout.",
        "A service that runs but fails its own healthcheck does not serve; dependents that wait "
        "for it never start.",
        "The report quotes the last health-check output; fix what it names, or raise --timeout "
        "if the service is only slow to start."};
    return rule;
}

const Rule& service_blocked_rule() {
    static const Rule rule{
        "service-blocked",
        "ServiceBlocked",
        "rehearsal",
        Severity::Warning,
        "A service never started because a dependency it requires failed.",
        "Its own restore is unproven until the dependency comes up.",
        "Fix the dependency named in the message; this service is rehearsed on the next run."};
    return rule;
}

std::span<const Rule* const> outcome_rules() {
    static const std::vector<const Rule*> rules = {&compose_load_error_rule(), &engine_unavailable_rule(),
                                                   &service_failed_rule(), &service_unhealthy_rule(),
                                                   &service_blocked_rule()};
    return rules;
}

std::span<const Rule* const> catalogue() {
    static const std::vector<const Rule*> rules = [] {
        std::vector<const Rule*> all(all_rules().begin(), all_rules().end());
        all.insert(all.end(), outcome_rules().begin(), outcome_rules().end());
        return all;
    }();
    return rules;
}

Finding outcome_finding(const Rule& rule, const util::Error& error, std::string service) {
    Finding finding;
    finding.rule = &rule;
    finding.severity = rule.severity;
    finding.service = std::move(service);
    finding.yaml_path = error.path;
    finding.message = error.message;
    finding.where = error.where;
    return finding;
}

} // namespace rehearsa::preflight
