#include "reporters/links.hpp"

#include <fmt/format.h>

namespace rehearsa::reporters {

std::string rule_help_uri(std::string_view rule_id) {
    return fmt::format("{}/blob/main/docs/rules/{}.md", k_project_uri, rule_id);
}

} // namespace rehearsa::reporters
