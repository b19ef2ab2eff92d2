#include "reporter_helpers.hpp"
#include "util/files.hpp"
#include "util/text.hpp"

#include <catch2/catch_test_macros.hpp>
#include <cstdio>
#include <filesystem>
#include <map>
#include <regex>
#include <tinyxml2.h>
#include <unistd.h>

using namespace rehearsa;
using reporters::JunitProfile;
using tinyxml2::XMLElement;

namespace {

std::string junit(const reporters::Report& report, JunitProfile profile = JunitProfile::Default) {
    return test::render("junit", report, reporters::ReporterConfig{reporters::Colour::Off, profile});
}

std::string junit(std::string_view sample, JunitProfile profile = JunitProfile::Default) {
    return junit(test::sample_report(sample), profile);
}

// The host name differs per machine; goldens hold a placeholder.
std::string mask_host(const std::string& xml) {
    return std::regex_replace(xml, std::regex(R"(hostname="[^"]*")"), R"(hostname="<HOST>")");
}

struct Parsed {
    tinyxml2::XMLDocument doc;
    XMLElement* root = nullptr;
    XMLElement* suite = nullptr;
    std::map<std::string, XMLElement*> cases; // by name
    std::size_t case_count = 0;
};

void parse(const std::string& xml, Parsed& parsed) {
    REQUIRE(parsed.doc.Parse(xml.data(), xml.size()) == tinyxml2::XML_SUCCESS);
    parsed.root = parsed.doc.FirstChildElement("testsuites");
    REQUIRE(parsed.root != nullptr);
    parsed.suite = parsed.root->FirstChildElement("testsuite");
    REQUIRE(parsed.suite != nullptr);
    CHECK(std::string_view(parsed.suite->Attribute("name")) == "preflight");
    for (XMLElement* c = parsed.suite->FirstChildElement("testcase"); c;
         c = c->NextSiblingElement("testcase")) {
        parsed.cases[c->Attribute("name")] = c;
        ++parsed.case_count;
    }
}

std::size_t failing_cases(const Parsed& parsed) {
    std::size_t n = 0;
    for (const auto& [name, test] : parsed.cases)
        n += test->FirstChildElement("failure") != nullptr;
    return n;
}

std::string text_of(const XMLElement* element) {
    REQUIRE(element != nullptr);
    return element->GetText() ? element->GetText() : "";
}

struct ToolRun {
    int status = -1;
    std::string output;
};

// Runs `xmllint --noout ARGS` on the XML; FAILs loudly when xmllint is missing.
ToolRun xmllint(const std::string& args, const std::string& xml) {
    if (std::system("command -v xmllint > /dev/null 2>&1") != 0)
        FAIL("xmllint is required for this test (Debian: apt-get install libxml2-utils)");
    auto path = std::filesystem::temp_directory_path() / fmt::format("rehearsa-junit-{}.xml", ::getpid());
    REQUIRE(util::write_file_atomic(path.string(), xml));
    ToolRun run;
    FILE* pipe = ::popen(fmt::format("xmllint --noout {} '{}' 2>&1", args, path.string()).c_str(), "r");
    REQUIRE(pipe != nullptr);
    char buffer[4096];
    for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0;)
        run.output.append(buffer, n);
    run.status = ::pclose(pipe);
    std::filesystem::remove(path);
    return run;
}

std::string schema(std::string_view name) {
    const char* shared = std::getenv("REHEARSA_SHARED");
    REQUIRE(shared != nullptr);
    return fmt::format("{}/schemas/{}", shared, name);
}

} // namespace

TEST_CASE("junit output matches its golden files") {
    for (std::string_view sample : {"empty", "mixed"}) {
        test::check_golden(fmt::format("junit/{}.xml", sample), mask_host(junit(sample)));
        test::check_golden(fmt::format("junit/{}.strict.xml", sample),
                           mask_host(junit(sample, JunitProfile::Strict)));
    }
}

TEST_CASE("junit counts equal the cases they describe") {
    reporters::Report big = test::many_findings(300);
    for (JunitProfile profile : {JunitProfile::Default, JunitProfile::Strict})
        for (const reporters::Report& report :
             {test::sample_report("empty"), test::sample_report("mixed"), big}) {
            Parsed parsed;
            parse(junit(report, profile), parsed);
            CHECK(parsed.suite->UnsignedAttribute("tests") == parsed.case_count);
            CHECK(parsed.suite->UnsignedAttribute("failures") == failing_cases(parsed));
            CHECK(parsed.suite->UnsignedAttribute("errors") == 0);
            CHECK(parsed.suite->UnsignedAttribute("skipped") == 0);
            CHECK(parsed.cases.size() == parsed.case_count); // (classname, name) is unique
            if (profile == JunitProfile::Default) {
                CHECK(parsed.root->UnsignedAttribute("tests") == parsed.case_count);
                CHECK(parsed.root->UnsignedAttribute("failures") == failing_cases(parsed));
            }
        }
}

TEST_CASE("junit has a case per service, plus (project) only for project-level findings") {
    Parsed empty;
    parse(junit("empty"), empty);
    CHECK(empty.case_count == 1);
    CHECK(empty.cases.contains("db"));
    Parsed mixed;
    parse(junit("mixed"), mixed);
    CHECK(mixed.case_count == 4);
    for (const char* name : {"db", "web", "cache", "(project)"}) {
        REQUIRE(mixed.cases.contains(name));
        CHECK(std::string_view(mixed.cases[name]->Attribute("classname")) == "shop");
    }
}

TEST_CASE("junit cases point at the service in the compose file, except in the strict profile") {
    Parsed parsed;
    parse(junit("mixed"), parsed);
    for (auto [name, line] : {std::pair{"db", 3}, {"web", 12}, {"cache", 20}, {"(project)", 3}}) {
        INFO(name);
        CHECK(std::string_view(parsed.cases[name]->Attribute("file")) == "deploy/compose.yml");
        CHECK(parsed.cases[name]->IntAttribute("line") == line);
    }
    std::string strict = junit("mixed", JunitProfile::Strict);
    CHECK(strict.find(" file=") == std::string::npos);
    CHECK(strict.find(" line=") == std::string::npos);
}

TEST_CASE("a failing junit case lists every finding of its service with location and fix") {
    reporters::Report report = test::sample_report("mixed");
    report.findings.push_back({&test::k_rule_tag,
                               results::Severity::Warning,
                               "db",
                               "services.db.image",
                               "image 'postgres:16' has no digest",
                               report.services[0].where,
                               {}});
    Parsed parsed;
    parse(junit(report), parsed);
    XMLElement* failure = parsed.cases["db"]->FirstChildElement("failure");
    REQUIRE(failure != nullptr);
    CHECK(std::string_view(failure->Attribute("message")) == "1 error: host-bind-mount");
    CHECK(std::string_view(failure->Attribute("type")) == "rehearsa.preflight");
    std::string body = text_of(failure);
    CHECK(
        body.find("deploy/compose.yml:6:9: error: host-bind-mount: bind mount '/srv/pg' holds data no backup "
                  "covers\n  fix: Move the data") != std::string::npos);
    CHECK(
        body.find("deploy/compose.yml:3:3: warning: mutable-image-tag: image 'postgres:16' has no digest") !=
        std::string::npos);
    CHECK(body.find("fix: Pin a version tag") != std::string::npos);
}

TEST_CASE("passing junit cases carry their findings in system-out at the testcase level") {
    Parsed parsed;
    parse(junit("mixed"), parsed);
    CHECK(parsed.cases["web"]->FirstChildElement("failure") == nullptr);
    std::string web = text_of(parsed.cases["web"]->FirstChildElement("system-out"));
    CHECK(web.find("deploy/compose.yml:13:12: warning: mutable-image-tag: image 'nginx:latest'") !=
          std::string::npos);
    CHECK(web.find("\n  second line <&> \"q\" ü") != std::string::npos);
    std::string cache = text_of(parsed.cases["cache"]->FirstChildElement("system-out"));
    CHECK(cache.find("suppressed: pinned by the registry mirror") != std::string::npos);
    CHECK(text_of(parsed.cases["(project)"]->FirstChildElement("system-out")).find("NULhere") !=
          std::string::npos);
    Parsed empty;
    parse(junit("empty"), empty);
    CHECK(empty.cases["db"]->NoChildren());
}

TEST_CASE("junit suites carry a UTC timestamp without zone, the host and a time in seconds") {
    Parsed parsed;
    parse(junit("mixed"), parsed);
    CHECK(std::string_view(parsed.suite->Attribute("timestamp")) == "2025-11-25T12:00:00");
    CHECK(std::string_view(parsed.suite->Attribute("time")) == "0.042");
    CHECK(std::string_view(parsed.root->Attribute("time")) == "0.042");
    char host[256] = {};
    REQUIRE(::gethostname(host, sizeof host - 1) == 0);
    CHECK(std::string_view(parsed.suite->Attribute("hostname")) == host);
}

TEST_CASE("junit output holds no character XML 1.0 forbids, and valid UTF-8") {
    for (JunitProfile profile : {JunitProfile::Default, JunitProfile::Strict}) {
        std::string xml = junit("mixed", profile);
        CHECK(util::is_valid_utf8(xml));
        for (char c : xml)
            CHECK((static_cast<unsigned char>(c) >= 0x20 || c == '\n' || c == '\t' || c == '\r'));
        CHECK(xml.find("[31m") == std::string::npos); // the escape sequence went, not just its ESC
    }
}

TEST_CASE("xmllint finds the default junit profile well-formed") {
    for (std::string_view sample : {"empty", "mixed"}) {
        ToolRun run = xmllint("", junit(sample));
        INFO(run.output);
        CHECK(run.status == 0);
    }
}

TEST_CASE("the strict junit profile validates against junit-10.xsd and the Ant JUnit.xsd") {
    for (std::string_view xsd : {"junit-10.xsd", "JUnit.xsd"})
        for (std::string_view sample : {"empty", "mixed"}) {
            ToolRun run = xmllint("--schema " + schema(xsd), junit(sample, JunitProfile::Strict));
            INFO(xsd << " " << sample << ": " << run.output);
            CHECK(run.status == 0);
        }
    ToolRun run = xmllint("--schema " + schema("junit-10.xsd"), junit("mixed"));
    CHECK(run.status != 0); // the default profile's file/line are what the schema rejects
}

TEST_CASE("junit caps each body and the whole report") {
    reporters::Report report = test::sample_report("mixed");
    report.findings[0].message = std::string(1 << 20, 'm');
    Parsed parsed;
    parse(junit(report), parsed);
    std::string body = text_of(parsed.cases["db"]->FirstChildElement("failure"));
    CHECK(body.size() <= 64 * 1024);
    CHECK(body.find("bytes omitted") != std::string::npos);
    CHECK(body.ends_with("fix: Move the data to a named volume, or back the path up and declare it.\n"));

    reporters::Report huge = test::many_findings(0); // 50 services
    for (std::size_t i = 50; i < 200; ++i)
        huge.services.push_back({fmt::format("svc{}", i), huge.services[0].where, ""});
    for (const reporters::ServiceSummary& service : huge.services)
        huge.findings.push_back({&test::k_rule_bind,
                                 results::Severity::Error,
                                 service.name,
                                 "x",
                                 std::string(70 * 1024, 'y'),
                                 service.where,
                                 {}});
    std::string xml = junit(huge);
    CHECK(xml.size() <= 10 * 1024 * 1024);
    CHECK(xml.find("[omitted: this report reached its 10 MiB cap") != std::string::npos);
    Parsed capped;
    parse(xml, capped);
    CHECK(capped.case_count == 200);
    CHECK(failing_cases(capped) == 200);
    CHECK(xmllint("", xml).status == 0);
}
