#pragma once
// The project's public addresses, defined once: every reporter that links to the docs (SARIF
// helpUri, the JSON report's help_uri, the Markdown summary) uses these.
#include <string>
#include <string_view>

namespace rehearsa::reporters {

inline constexpr std::string_view k_project_uri = "https://github.com/rehearsa/rehearsa";

// The rule's documentation page: <k_project_uri>/blob/main/docs/rules/<id>.md
std::string rule_help_uri(std::string_view rule_id);

} // namespace rehearsa::reporters
