#include "preflight/outcome_rules.hpp"

#include "preflight/analyze.hpp"

#include <vector>

namespace rehearsa::preflight {

const results::Rule& compose_load_error_rule() {
    static const results::Rule rule{
        "compose-load-error",
        "ComposeLoadError",
        "input",
        results::Severity::Error,
        "The compose files could not be loaded, so nothing else could be checked.",
        "A stack whose compose files compose itself refuses cannot be restored from them at all.",
        "Fix the error at the reported line; `rehearsa config` shows the loaded model once it loads."};
    return rule;
}

const results::Rule& engine_unavailable_rule() {
    static const results::Rule rule{
        "engine-unavailable",
        "EngineUnavailable",
        "engine",
        results::Severity::Error,
        "The Docker Engine could not be reached or refused the request, so no rehearsal ran.",
        "Without an engine there is no proof that the stack restores; the run proves nothing.",
        "Start the daemon, or point DOCKER_HOST or the docker context at it, and check that this "
        "user may use its socket."};
    return rule;
}

const results::Rule& service_failed_rule() {
    static const results::Rule rule{
        "service-failed",
        "ServiceFailed",
        "rehearsal",
        results::Severity::Error,
        "A service exited, crashed or could not be started in the sandbox.",
        "A service that does not come up from a fresh host with restored data is an outage on "
        "the day the restore is real.",
        "Read the cause and the log excerpt in the report (JUnit test case), reproduce with "
        "`rehearsa stack test`, and fix the image, configuration or data it names."};
    return rule;
}

const results::Rule& service_unhealthy_rule() {
    static const results::Rule rule{
        "service-unhealthy",
        "ServiceUnhealthy",
        "rehearsal",
        results::Severity::Error,
        "A service's healthcheck failed, or never passed before the timeout.",
        "A service that runs but fails its own healthcheck does not serve; dependents that wait "
        "for it never start.",
        "The report quotes the last health-check output; fix what it names, or raise --timeout "
        "if the service is only slow to start."};
    return rule;
}

const results::Rule& service_blocked_rule() {
    static const results::Rule rule{
        "service-blocked",
        "ServiceBlocked",
        "rehearsal",
        results::Severity::Warning,
        "A service never started because a dependency it requires failed.",
        "Its own restore is unproven until the dependency comes up.",
        "Fix the dependency named in the message; this service is rehearsed on the next run."};
    return rule;
}

std::span<const results::Rule* const> outcome_rules() {
    static const std::vector<const results::Rule*> rules = {
        &compose_load_error_rule(), &engine_unavailable_rule(), &service_failed_rule(),
        &service_unhealthy_rule(), &service_blocked_rule()};
    return rules;
}

std::span<const results::Rule* const> catalogue() {
    static const std::vector<const results::Rule*> rules = [] {
        std::vector<const results::Rule*> all(all_rules().begin(), all_rules().end());
        all.insert(all.end(), outcome_rules().begin(), outcome_rules().end());
        return all;
    }();
    return rules;
}

results::Finding outcome_finding(const results::Rule& rule, const util::Error& error, std::string service) {
    results::Finding finding;
    finding.rule = &rule;
    finding.severity = rule.severity;
    finding.service = std::move(service);
    finding.yaml_path = error.path;
    finding.message = error.message;
    finding.where = error.where;
    return finding;
}

} // namespace rehearsa::preflight
