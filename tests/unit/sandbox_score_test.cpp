// Scores, confidence and risk bands (DESIGN.md, Scores), and the small readers behind causes.
#include "results/progress.hpp"
#include "results/run.hpp"
#include "sandbox/prepare.hpp"
#include "sandbox/service_report.hpp"

#include <catch2/catch_test_macros.hpp>

using namespace rehearsa;
using namespace rehearsa::sandbox;
using namespace rehearsa::results;

namespace {

std::vector<ServiceResult> with_scores(std::initializer_list<int> scores) {
    std::vector<ServiceResult> out;
    for (int score : scores) {
        ServiceResult result;
        result.score = score;
        out.push_back(result);
    }
    return out;
}

} // namespace

TEST_CASE("service scores follow the original contract") {
    CHECK(score_of(ServiceState::Healthy) == 100);
    CHECK(score_of(ServiceState::Completed) == 100);
    CHECK(score_of(ServiceState::Running) == 85);
    CHECK(score_of(ServiceState::Unhealthy) == 40);
    CHECK(score_of(ServiceState::Exited) == 0);
    CHECK(score_of(ServiceState::Failed) == 0);
    CHECK(score_of(ServiceState::Blocked) == 0);
    CHECK(score_of(ServiceState::Cancelled) == 0);
}

TEST_CASE("state and phase names") {
    CHECK(to_string(ServiceState::Healthy) == "healthy");
    CHECK(to_string(ServiceState::Completed) == "completed");
    CHECK(to_string(ServiceState::Blocked) == "blocked");
    CHECK(to_string(ServiceState::Cancelled) == "cancelled");
    CHECK(to_string(Phase::Prepare) == "prepare");
    CHECK(to_string(Phase::Pull) == "pull");
    CHECK(to_string(Phase::Cleanup) == "cleanup");
    CHECK(to_string(Phase::Done) == "done");
}

TEST_CASE("confidence is the mean score, rounded down") {
    CHECK(confidence_of(with_scores({100, 100})) == 100);
    CHECK(confidence_of(with_scores({100, 85})) == 92);
    CHECK(confidence_of(with_scores({100, 85, 40})) == 75);
    CHECK(confidence_of(with_scores({100, 0, 0})) == 33);
    CHECK(confidence_of(with_scores({0})) == 0);
    CHECK(confidence_of({}) == 0);
}

TEST_CASE("risk bands: 90-100 LOW, 70-89 MODERATE, 40-69 HIGH, 0-39 CRITICAL") {
    CHECK(risk_band(100) == "LOW");
    CHECK(risk_band(90) == "LOW");
    CHECK(risk_band(89) == "MODERATE");
    CHECK(risk_band(70) == "MODERATE");
    CHECK(risk_band(69) == "HIGH");
    CHECK(risk_band(40) == "HIGH");
    CHECK(risk_band(39) == "CRITICAL");
    CHECK(risk_band(0) == "CRITICAL");
}

TEST_CASE("a cause quotes the last non-empty line, sanitised and capped") {
    CHECK(last_line("starting\nFATAL: wrong ownership\n\n  \n") == "FATAL: wrong ownership");
    CHECK(last_line("\x1b[31mError:\x1b[0m boom\r\n") == "Error: boom");
    CHECK(last_line("") == "");
    CHECK(last_line(std::string(1000, 'x')).size() == 200);
}

TEST_CASE("the repo digest of the image's own repository") {
    docker::ImageInfo info;
    CHECK_FALSE(repo_digest(info, "postgres:16"));
    info.repo_digests = {"mirror.local/postgres@sha256:aa", "postgres@sha256:bb"};
    CHECK(repo_digest(info, "postgres:16") == "postgres@sha256:bb");
    CHECK(repo_digest(info, "postgres@sha256:bb") == "postgres@sha256:bb");
    CHECK(repo_digest(info, "localhost:5000/app:1") == "mirror.local/postgres@sha256:aa");
}
