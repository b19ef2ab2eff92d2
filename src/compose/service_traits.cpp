#include "compose/service_traits.hpp"

#include <algorithm>
#include <array>

namespace rehearsa::compose {

namespace {

// Words that name a job rather than a server, matched against whole tokens so that "initial" or
// "--init-file" do not count. Extend with care: every word here silences no-restart-policy.
constexpr std::array<std::string_view, 17> k_job_words = {
    "migrate", "migration", "migrations", "migrator",  "init",         "initdb",
    "setup",   "seed",      "seeder",     "seeding",   "bootstrap",    "backup",
    "job",     "provision", "flyway",     "liquibase", "createbuckets"};

bool is_job_word(std::string_view token) {
    return std::ranges::find(k_job_words, token) != k_job_words.end();
}

// Splits on separators common in names, paths and task names ("db-migrate", "manage.py",
// "db:migrate", "/app/seed.sh") and asks whether any piece is a job word.
bool has_job_token(std::string_view word) {
    constexpr std::string_view k_separators = " \t-_./:=@";
    std::size_t start = 0;
    while (start < word.size()) {
        std::size_t end = word.find_first_of(k_separators, start);
        if (end == std::string_view::npos) end = word.size();
        if (end > start && is_job_word(word.substr(start, end - start))) return true;
        start = end + 1;
    }
    return false;
}

// Options ("--init", "-migrate-dir=...") configure a server as often as a job: skip them.
bool argument_has_job_word(std::string_view argument) {
    std::size_t start = 0;
    while (start < argument.size()) {
        std::size_t end = argument.find_first_of(" \t", start);
        if (end == std::string_view::npos) end = argument.size();
        std::string_view word = argument.substr(start, end - start);
        if (!word.empty() && word.front() != '-' && has_job_token(word)) return true;
        start = end + 1;
    }
    return false;
}

bool command_has_job_word(const Node* command) {
    if (!command) return false;
    if (command->is_scalar()) return argument_has_job_word(command->text);
    return std::ranges::any_of(command->items, [](const Node& item) {
        return item.is_scalar() && argument_has_job_word(item.text);
    });
}

// The repository's last path component: "migrate/migrate:v4" -> "migrate".
bool image_has_job_word(const Node* image) {
    if (!image || !image->is_scalar()) return false;
    std::string_view name = image->text;
    name = name.substr(0, name.find_first_of("@"));
    if (auto slash = name.rfind('/'); slash != std::string_view::npos) name = name.substr(slash + 1);
    return has_job_token(name.substr(0, name.find(':')));
}

bool suggests_job(const Entry& service) {
    return has_job_token(service.key) || image_has_job_word(service.value.find("image")) ||
           command_has_job_word(service.value.find("command")) ||
           command_has_job_word(service.value.find("entrypoint"));
}

// restart: always / unless-stopped, or a swarm restart_policy whose condition is "any" (its default).
bool restarts_forever(const Node& service) {
    if (const Node* restart = service.find("restart"))
        if (restart->text == "always" || restart->text == "unless-stopped") return true;
    const Node* deploy = service.find("deploy");
    const Node* policy = deploy ? deploy->find("restart_policy") : nullptr;
    if (!policy) return false;
    const Node* condition = policy->find("condition");
    return !condition || condition->text == "any";
}

const Node* explicit_one_shot(const Node& service) {
    const Node* extension = service.find("x-rehearsa");
    const Node* flag = extension ? extension->find("one_shot") : nullptr;
    return flag && flag->is_scalar() ? flag : nullptr;
}

} // namespace

Lifetime declared_lifetime(const Entry& service) {
    if (const Node* flag = explicit_one_shot(service.value))
        return flag->text == "true" ? Lifetime::OneShot : Lifetime::LongRunning;
    if (restarts_forever(service.value)) return Lifetime::LongRunning;
    return suggests_job(service) ? Lifetime::OneShot : Lifetime::LongRunning;
}

Lifetime lifetime(std::span<const Entry> services, const Entry& service) {
    if (declared_lifetime(service) == Lifetime::OneShot) return Lifetime::OneShot;
    auto dependents = dependents_of(services, service.key);
    return waited_on(dependents, k_service_completed) ? Lifetime::OneShot : Lifetime::LongRunning;
}

Healthcheck healthcheck_of(const Node& service) {
    const Node* check = service.find("healthcheck");
    if (!check || !check->is_mapping()) return Healthcheck::Absent;
    if (const Node* disable = check->find("disable"); disable && disable->text == "true")
        return Healthcheck::Disabled;
    const Node* test = check->find("test");
    if (test && test->is_sequence() && !test->items.empty() && test->items.front().text == "NONE")
        return Healthcheck::Disabled;
    if (test && test->is_scalar() && test->text == "NONE") return Healthcheck::Disabled;
    return Healthcheck::Defined;
}

std::string_view condition_of(const Entry& dependency) {
    const Node* condition = dependency.value.find("condition");
    return condition && condition->is_scalar() ? std::string_view(condition->text) : "service_started";
}

std::vector<Dependent> all_dependencies(std::span<const Entry> services) {
    std::vector<Dependent> out;
    for (const Entry& service : services)
        if (const Node* depends_on = service.value.find("depends_on"))
            for (const Entry& entry : depends_on->entries)
                out.push_back({&service, &entry});
    return out;
}

std::vector<Dependent> dependents_of(std::span<const Entry> services, std::string_view target) {
    std::vector<Dependent> out = all_dependencies(services);
    std::erase_if(out, [&](const Dependent& d) { return d.dependency->key != target; });
    return out;
}

bool waited_on(std::span<const Dependent> dependents, std::string_view condition) {
    return std::ranges::any_of(dependents,
                               [&](const Dependent& d) { return condition_of(*d.dependency) == condition; });
}

} // namespace rehearsa::compose
