#include "preflight/suppress.hpp"

#include "preflight/analyze.hpp"
#include "preflight/rule_context.hpp"
#include "util/files.hpp"

#include <fmt/format.h>
#include <map>
#include <optional>
#include <set>
#include <sstream>

namespace rehearsa::preflight {

namespace {

constexpr results::Rule k_invalid_suppression{
    "invalid-suppression",
    "InvalidSuppression",
    "hygiene",
    results::Severity::Warning,
    "A suppression names no known rule or gives no reason.",
    "A silenced risk with no recorded reason cannot be reviewed, and one naming an unknown rule silences "
    "nothing. Until it has both, the finding it meant to silence stands.",
    "Write `# rehearsa-ignore RULE reason` or `{rule: RULE, reason: ...}` with a rule id from docs/rules/ "
    "and a reason a reviewer can judge."};

// One suppression request, from a comment or an x-rehearsa ignore entry.
struct Request {
    std::string rule;
    std::optional<std::string> service; // x-rehearsa only; nullopt matches every service
    std::string reason;
    util::Location where;
    results::SuppressionKind kind;
    std::string yaml_path; // the ignore entry ("x-rehearsa.ignore[0]"); empty for a comment
    int last_line = 0;     // the last line a comment covers: its own, or the next when alone on its line
};

constexpr std::string_view k_marker = "# rehearsa-ignore";

std::string_view trim(std::string_view text) {
    auto first = text.find_first_not_of(" \t\r");
    if (first == std::string_view::npos) return {};
    auto last = text.find_last_not_of(" \t\r");
    return text.substr(first, last - first + 1);
}

// "# rehearsa-ignore RULE reason words" somewhere on the line.
std::optional<Request> parse_comment(std::string_view line, const util::Location& at) {
    auto pos = line.find(k_marker);
    if (pos == std::string_view::npos) return std::nullopt;
    std::string_view rest = trim(line.substr(pos + k_marker.size()));
    auto space = rest.find_first_of(" \t");
    bool alone = trim(line).starts_with('#');
    return Request{std::string(rest.substr(0, space)),
                   std::nullopt,
                   std::string(space == std::string_view::npos ? "" : trim(rest.substr(space))),
                   util::Location{at.file, at.line, static_cast<int>(pos) + 1},
                   results::SuppressionKind::InSource,
                   {},
                   alone ? at.line + 1 : at.line};
}

// Comment suppressions by file and line. A comment alone on its line covers the next line too.
using CommentIndex = std::map<std::pair<std::string, int>, std::vector<Request>>;

void index_file(const std::shared_ptr<const std::string>& file, CommentIndex& index) {
    auto text = util::read_file(*file);
    if (!text) return;
    std::istringstream lines(*text);
    std::string line;
    for (int number = 1; std::getline(lines, line); ++number) {
        auto request = parse_comment(line, util::Location{file, number, 1});
        if (!request) continue;
        for (int covered = number; covered <= request->last_line; ++covered)
            index[{*file, covered}].push_back(*request);
    }
}

std::string text_of(const compose::Node* node) {
    return node && node->is_scalar() ? node->text : std::string{};
}

// `prefix` is where the extension sits: "x-rehearsa" or "services.web.x-rehearsa".
void read_ignore_list(const compose::Node* extension, const std::string& prefix,
                      std::optional<std::string> service, std::vector<Request>& out) {
    const compose::Node* list = extension ? extension->find("ignore") : nullptr;
    if (!list || !list->is_sequence()) return;
    for (std::size_t i = 0; i < list->items.size(); ++i) {
        const compose::Node& item = list->items[i];
        if (!item.is_mapping()) continue;
        auto named = service;
        if (const compose::Node* s = item.find("service")) named = text_of(s);
        const compose::Node* rule = item.find("rule");
        util::Location where = rule ? rule->loc : item.loc;
        out.push_back(Request{text_of(rule), named, text_of(item.find("reason")), where,
                              results::SuppressionKind::External, compose::index_path(prefix + ".ignore", i),
                              where.line});
    }
}

std::vector<Request> model_requests(const compose::Project& project) {
    std::vector<Request> out;
    read_ignore_list(project.model.find("x-rehearsa"), "x-rehearsa", std::nullopt, out);
    if (const compose::Node* services = project.model.find("services"))
        for (const compose::Entry& service : services->entries)
            read_ignore_list(service.value.find("x-rehearsa"),
                             compose::service_path(service.key) + ".x-rehearsa", service.key, out);
    return out;
}

bool valid(const Request& request) {
    return !trim(request.reason).empty() && find_rule(request.rule) != nullptr;
}

std::string problem(const Request& request) {
    if (request.rule.empty()) return "a suppression names no rule";
    if (!find_rule(request.rule))
        return fmt::format("'{}' is not a rehearsa rule, so this suppresses nothing", request.rule);
    return fmt::format("the suppression of '{}' gives no reason, so the finding stands", request.rule);
}

bool matches(const Request& request, const results::Finding& finding) {
    return valid(request) && request.rule == finding.rule->id &&
           (!request.service || *request.service == finding.service);
}

// The first request that matches wins; a finding already suppressed keeps its suppression.
void suppress_first(results::Finding& finding, const std::vector<Request>& requests) {
    for (const Request& request : requests)
        if (!finding.suppressed() && matches(request, finding))
            finding.suppression = results::Suppression{request.kind, request.reason, request.where};
}

// Findings may sit in included, extended or .env files as well as the -f files.
CommentIndex index_comments(const compose::Project& project, const std::vector<results::Finding>& findings) {
    std::set<std::string> files(project.files.begin(), project.files.end());
    for (const results::Finding& finding : findings)
        if (finding.where.known()) files.insert(finding.where.file_name());
    CommentIndex comments;
    for (const std::string& file : files)
        index_file(std::make_shared<const std::string>(file), comments);
    return comments;
}

// The finding a comment sits on (one of its rule first): a comment has no YAML path of its own, so an
// invalid one borrows that finding's service and path, which keeps its fingerprint distinct and stable.
const results::Finding* covered_finding(const Request& request,
                                        const std::vector<results::Finding>& findings) {
    const results::Finding* any = nullptr;
    for (const results::Finding& finding : findings) {
        const util::Location& at = finding.where;
        if (at.file_name() != request.where.file_name() || at.line < request.where.line ||
            at.line > request.last_line)
            continue;
        if (finding.rule->id == request.rule) return &finding;
        if (!any) any = &finding;
    }
    return any;
}

results::Finding invalid_finding(const Request& request, const std::vector<results::Finding>& findings) {
    results::Finding out{&k_invalid_suppression,
                         k_invalid_suppression.severity,
                         request.service.value_or(""),
                         request.yaml_path,
                         problem(request),
                         request.where,
                         {}};
    if (request.kind == results::SuppressionKind::InSource)
        if (const results::Finding* target = covered_finding(request, findings)) {
            out.service = target->service;
            out.yaml_path = target->yaml_path;
        }
    return out;
}

} // namespace

const results::Rule& invalid_suppression_rule() {
    return k_invalid_suppression;
}

void apply_suppressions(const compose::Project& project, std::vector<results::Finding>& findings) {
    CommentIndex comments = index_comments(project, findings);
    std::vector<Request> external = model_requests(project);
    for (results::Finding& finding : findings) {
        auto at = comments.find({finding.where.file_name(), finding.where.line});
        if (at != comments.end()) suppress_first(finding, at->second);
        suppress_first(finding, external);
    }
    std::vector<results::Finding> invalid;
    for (const auto& [line, requests] : comments)
        for (const Request& request : requests)
            if (!valid(request) && request.where.line == line.second)
                invalid.push_back(invalid_finding(request, findings));
    for (const Request& request : external)
        if (!valid(request)) invalid.push_back(invalid_finding(request, findings));
    findings.insert(findings.end(), invalid.begin(), invalid.end());
}

} // namespace rehearsa::preflight
