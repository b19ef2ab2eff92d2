// Suppressions: comments on the finding's line or alone above it, x-rehearsa ignore lists at the
// top level and in a service, and what an invalid one does (the finding stands, and is reported).
#include "preflight_support.hpp"

#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>
#include <fmt/format.h>

using namespace rehearsa;
using Catch::Matchers::ContainsSubstring;

namespace {

constexpr std::string_view k_rule = "privileged-container";

// Two privileged services: `vpn_privileged` ends the vpn service's `privileged` line (line 5 when
// `before_vpn_privileged` is empty), and `extra` follows the services.
std::string stack(std::string_view vpn_privileged, std::string_view before_vpn_privileged = "",
                  std::string_view extra = "") {
    return fmt::format("services:\n"
                       "  vpn:\n"
                       "    image: ghcr.io/example/vpn:1.0.0\n"
                       "    restart: unless-stopped\n"
                       "{}"
                       "    privileged: true{}\n"
                       "  sniffer:\n"
                       "    image: ghcr.io/example/sniffer:1.0.0\n"
                       "    restart: unless-stopped\n"
                       "    privileged: true\n"
                       "{}",
                       before_vpn_privileged, vpn_privileged, extra);
}

const results::Finding& of_service(const std::vector<results::Finding>& findings, std::string_view service) {
    for (const results::Finding& finding : findings)
        if (finding.service == service) return finding;
    FAIL("no finding for service " << service);
    return findings.front();
}

} // namespace

TEST_CASE("a comment on the finding's line suppresses it, with its reason", "[preflight][suppress]") {
    test::TempStack stack_file(
        stack(" # rehearsa-ignore privileged-container the tunnel needs /dev/net/tun"));
    auto findings = test::of_rule(stack_file.lint(), k_rule);
    REQUIRE(findings.size() == 2);
    const results::Finding& vpn = of_service(findings, "vpn");
    REQUIRE(vpn.suppressed());
    CHECK(vpn.suppression->kind == results::SuppressionKind::InSource);
    CHECK(vpn.suppression->reason == "the tunnel needs /dev/net/tun");
    CHECK(vpn.suppression->where.line == vpn.where.line);
    CHECK(vpn.suppression->where.file_name() == stack_file.file());
    CHECK_FALSE(of_service(findings, "sniffer").suppressed());
}

TEST_CASE("a comment alone on the line above suppresses the finding below it", "[preflight][suppress]") {
    test::TempStack stack_file(stack("", "    # rehearsa-ignore privileged-container the tunnel needs it\n"));
    auto findings = test::of_rule(stack_file.lint(), k_rule);
    const results::Finding& vpn = of_service(findings, "vpn");
    REQUIRE(vpn.suppressed());
    CHECK(vpn.suppression->where.line == vpn.where.line - 1);
    CHECK_FALSE(of_service(findings, "sniffer").suppressed());
}

TEST_CASE("a comment two lines above, or trailing another line, suppresses nothing",
          "[preflight][suppress]") {
    SECTION("two lines above") {
        test::TempStack stack_file(
            stack("", "    # rehearsa-ignore privileged-container reason\n    init: true\n"));
        CHECK_FALSE(of_service(test::of_rule(stack_file.lint(), k_rule), "vpn").suppressed());
    }
    SECTION("at the end of the line above") {
        test::TempStack stack_file(
            stack("", "    init: true # rehearsa-ignore privileged-container reason\n"));
        CHECK_FALSE(of_service(test::of_rule(stack_file.lint(), k_rule), "vpn").suppressed());
    }
}

TEST_CASE("a top-level x-rehearsa entry without a service covers every service", "[preflight][suppress]") {
    test::TempStack stack_file(stack("", "",
                                     "x-rehearsa:\n  ignore:\n"
                                     "    - {rule: privileged-container, reason: lab hosts only}\n"));
    auto findings = test::of_rule(stack_file.lint(), k_rule);
    REQUIRE(findings.size() == 2);
    for (const results::Finding& finding : findings) {
        REQUIRE(finding.suppressed());
        CHECK(finding.suppression->kind == results::SuppressionKind::External);
        CHECK(finding.suppression->reason == "lab hosts only");
    }
}

TEST_CASE("a top-level x-rehearsa entry with a service covers that service only", "[preflight][suppress]") {
    test::TempStack stack_file(stack("", "",
                                     "x-rehearsa:\n  ignore:\n"
                                     "    - rule: privileged-container\n"
                                     "      service: sniffer\n"
                                     "      reason: it captures host traffic by design\n"));
    auto findings = test::of_rule(stack_file.lint(), k_rule);
    CHECK(of_service(findings, "sniffer").suppressed());
    CHECK(of_service(findings, "sniffer").suppression->where.line == 12); // the rule value
    CHECK_FALSE(of_service(findings, "vpn").suppressed());
}

TEST_CASE("a service-level x-rehearsa entry covers its own service", "[preflight][suppress]") {
    test::TempStack stack_file(stack("", "    x-rehearsa:\n      ignore:\n"
                                         "        - {rule: privileged-container, reason: tunnel device}\n"));
    auto findings = test::of_rule(stack_file.lint(), k_rule);
    REQUIRE(of_service(findings, "vpn").suppressed());
    CHECK(of_service(findings, "vpn").suppression->reason == "tunnel device");
    CHECK_FALSE(of_service(findings, "sniffer").suppressed());
}

TEST_CASE("a suppression without a reason leaves the finding and is reported", "[preflight][suppress]") {
    SECTION("a comment") {
        test::TempStack stack_file(stack(" # rehearsa-ignore privileged-container"));
        auto analysis = stack_file.lint();
        CHECK_FALSE(of_service(test::of_rule(analysis, k_rule), "vpn").suppressed());
        auto invalid = test::of_rule(analysis, "invalid-suppression");
        REQUIRE(invalid.size() == 1);
        CHECK_THAT(invalid[0].message, ContainsSubstring("no reason"));
        CHECK(invalid[0].where.line == 5);
        CHECK(invalid[0].service == "vpn"); // it takes the service of the finding it sits on
        CHECK(invalid[0].yaml_path == "services.vpn.privileged");
    }
    SECTION("an x-rehearsa entry with an empty reason") {
        test::TempStack stack_file(stack(
            "", "    x-rehearsa:\n      ignore:\n        - {rule: privileged-container, reason: \" \"}\n"));
        auto analysis = stack_file.lint();
        CHECK_FALSE(of_service(test::of_rule(analysis, k_rule), "vpn").suppressed());
        auto invalid = test::of_rule(analysis, "invalid-suppression");
        REQUIRE(invalid.size() == 1);
        CHECK(invalid[0].service == "vpn");
        CHECK(invalid[0].yaml_path == "services.vpn.x-rehearsa.ignore[0]");
    }
}

TEST_CASE("a suppression naming an unknown rule is reported", "[preflight][suppress]") {
    SECTION("a comment") {
        test::TempStack stack_file(stack(" # rehearsa-ignore privileged-containers typo in the id"));
        auto analysis = stack_file.lint();
        CHECK_FALSE(of_service(test::of_rule(analysis, k_rule), "vpn").suppressed());
        auto invalid = test::of_rule(analysis, "invalid-suppression");
        REQUIRE(invalid.size() == 1);
        CHECK_THAT(invalid[0].message, ContainsSubstring("'privileged-containers' is not a rehearsa rule"));
    }
    SECTION("a top-level x-rehearsa entry") {
        test::TempStack stack_file(
            stack("", "", "x-rehearsa:\n  ignore:\n    - {rule: no-such-rule, reason: anything}\n"));
        auto invalid = test::of_rule(stack_file.lint(), "invalid-suppression");
        REQUIRE(invalid.size() == 1);
        CHECK(invalid[0].yaml_path == "x-rehearsa.ignore[0]");
        CHECK(invalid[0].where.line == 12);
    }
}

TEST_CASE("invalid comments on different services have different fingerprints", "[preflight][suppress]") {
    std::string text = stack(" # rehearsa-ignore privileged-container");
    text.replace(text.rfind("privileged: true"), 16,
                 "privileged: true # rehearsa-ignore privileged-container");
    test::TempStack stack_file(text);
    auto invalid = test::of_rule(stack_file.lint(), "invalid-suppression");
    REQUIRE(invalid.size() == 2);
    CHECK(invalid[0].fingerprint() != invalid[1].fingerprint());
}

TEST_CASE("suppressed findings stay in the results and cost no readiness", "[preflight][suppress]") {
    test::TempStack plain(stack(""));
    test::TempStack suppressed(stack(" # rehearsa-ignore privileged-container the tunnel needs it"));
    auto before = plain.lint();
    auto after = suppressed.lint();
    CHECK(after.findings.size() == before.findings.size());
    CHECK(after.readiness - before.readiness == preflight::penalty(results::Severity::Warning));
    CHECK(test::of_rule(after, k_rule).size() == 2);
}
