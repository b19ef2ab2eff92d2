// Determinism: would a restore run the same images as the live stack? A tag that moves, an image
// only built from source, or a pull policy that contradicts the service can each give a new host
// different software than the one that wrote the data.
#include "compose/image_ref.hpp"
#include "preflight/rules.hpp"

#include <array>
#include <fmt/format.h>

namespace rehearsa::preflight {

namespace {

constexpr results::Rule k_mutable_tag{
    "mutable-image-tag",
    "MutableImageTag",
    "determinism",
    results::Severity::Warning,
    "An image has no tag, `latest`, or a tag that moves (stable, edge, lts, alpine...).",
    "A moving tag names a different image over time: a restore pulls whatever it points to that day, "
    "which may be a new major version that cannot read the restored data or behaves differently.",
    "Use a tag that names a version (`postgres:16.4`), ideally pinned by digest "
    "(`postgres:16.4@sha256:...`)."};

constexpr results::Rule k_not_pinned{
    "image-not-pinned-by-digest",
    "ImageNotPinnedByDigest",
    "determinism",
    results::Severity::Note,
    "An image has a version tag but no `@sha256:` digest.",
    "A version tag can be re-pushed (rebuilds for security fixes, a compromised registry): only a digest "
    "guarantees the restored service runs the very image that was rehearsed.",
    "Append the digest the stack runs today: `image: postgres:16.4@sha256:<digest>` (see `docker "
    "image inspect --format '{{index .RepoDigests 0}}'`)."};

constexpr results::Rule k_build_without_image{
    "build-without-image",
    "BuildWithoutImage",
    "determinism",
    results::Severity::Warning,
    "A service is built from source and names no image.",
    "With no `image:` the built image exists only on the host that built it: a new host must rebuild it "
    "from whatever the source and its base images are that day, and there is no tag to roll back to.",
    "Name the image (`image: registry.example.com/app:1.4.2`) and push it from CI, so that a restore "
    "pulls the image that ran instead of rebuilding."};

constexpr results::Rule k_pull_policy{
    "pull-policy-conflict",
    "PullPolicyConflict",
    "determinism",
    results::Severity::Warning,
    "A service's pull_policy contradicts how its image is obtained.",
    "`build` with nothing to build and `never` with nothing built fail on a new host where no image is "
    "cached; `always` with a build section runs a pulled image on one host and a local build on another.",
    "Make the policy match the service: drop `pull_policy: build`/`never` or add a build section; use "
    "`build` (or no policy) for services built from source."};

// Built images are named after their build; their tags are not pulled (build-without-image and
// pull-policy-conflict cover them).
template <typename Visit>
void for_each_pulled_image(RuleContext& context, Visit visit) {
    for (const compose::Entry& service : context.services()) {
        const compose::Node* image = service.value.find("image");
        if (!image || !image->is_scalar() || service.value.find("build")) continue;
        if (auto ref = compose::parse_image_ref(image->text)) visit(service, *image, *ref);
    }
}

std::string image_path(const compose::Entry& service) {
    return compose::service_path(service.key) + ".image";
}

std::string tag_problem(const compose::Node& image, compose::TagKind kind) {
    switch (kind) {
    case compose::TagKind::Missing:
        return fmt::format("'{}' has no tag, so Docker pulls 'latest'", image.text);
    case compose::TagKind::Latest:
        return fmt::format("'{}' is the 'latest' tag", image.text);
    default:
        return fmt::format("'{}' has a tag that moves", image.text);
    }
}

void check_mutable_tag(RuleContext& context) {
    for_each_pulled_image(context, [&](const compose::Entry& service, const compose::Node& image,
                                       const compose::ImageRef& ref) {
        compose::TagKind kind = compose::classify_tag(ref.tag);
        if (ref.pinned() || kind == compose::TagKind::Versioned) return;
        context.report(k_mutable_tag, service.key, image_path(service), image.loc,
                       fmt::format("service '{}' image {}: a restore pulls whatever it points to that day; "
                                   "use a version tag",
                                   service.key, tag_problem(image, kind)));
    });
}

void check_not_pinned(RuleContext& context) {
    for_each_pulled_image(context, [&](const compose::Entry& service, const compose::Node& image,
                                       const compose::ImageRef& ref) {
        if (ref.pinned() || compose::classify_tag(ref.tag) != compose::TagKind::Versioned) return;
        context.report(k_not_pinned, service.key, image_path(service), image.loc,
                       fmt::format("service '{}' image '{}' is not pinned by digest: append @sha256:<digest> "
                                   "to run exactly the rehearsed image",
                                   service.key, image.text));
    });
}

void check_build_without_image(RuleContext& context) {
    for (const compose::Entry& service : context.services()) {
        const compose::Entry* build = service.value.find_entry("build");
        if (!build || service.value.find("image")) continue;
        context.report(k_build_without_image, service.key, compose::service_path(service.key) + ".build",
                       build->key_loc,
                       fmt::format("service '{}' is built from source and names no image: a new host must "
                                   "rebuild it; add `image:` and push the built image",
                                   service.key));
    }
}

struct PolicyProblem {
    results::Severity severity;
    std::string message;
};

std::optional<PolicyProblem> policy_problem(const compose::Entry& service, std::string_view policy) {
    bool builds = service.value.find("build") != nullptr;
    if (policy == "build" && !builds)
        return PolicyProblem{results::Severity::Error,
                             fmt::format("service '{}' has pull_policy: build but no build "
                                         "section: there is nothing to build",
                                         service.key)};
    if (policy == "never" && !builds)
        return PolicyProblem{results::Severity::Error,
                             fmt::format("service '{}' has pull_policy: never: on a new host, "
                                         "where the image is not cached, it cannot start",
                                         service.key)};
    if (policy == "always" && builds)
        return PolicyProblem{results::Severity::Warning,
                             fmt::format("service '{}' has pull_policy: always and a build section: compose "
                                         "pulls a registry image and builds only when the pull fails",
                                         service.key)};
    return std::nullopt;
}

void check_pull_policy(RuleContext& context) {
    for (const compose::Entry& service : context.services()) {
        const compose::Node* policy = service.value.find("pull_policy");
        if (!policy || !policy->is_scalar()) continue;
        if (auto problem = policy_problem(service, policy->text))
            context.report(k_pull_policy, problem->severity, service.key,
                           compose::service_path(service.key) + ".pull_policy", policy->loc,
                           std::move(problem->message));
    }
}

const std::array<RuleCheck, 4> k_checks = {{
    {k_mutable_tag, check_mutable_tag},
    {k_not_pinned, check_not_pinned},
    {k_build_without_image, check_build_without_image},
    {k_pull_policy, check_pull_policy},
}};

} // namespace

std::span<const RuleCheck> determinism_rules() {
    return k_checks;
}

} // namespace rehearsa::preflight
