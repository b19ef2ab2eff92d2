// One service's container: what it runs and with what, and the settings the sandbox drops
// because they reach outside it (published ports, a fixed name). How it runs: plan_runtime.cpp.
#include "compose/image_ref.hpp"
#include "compose/service_traits.hpp"
#include "plan/builder.hpp"

#include <algorithm>
#include <fmt/format.h>

namespace rehearsa::plan {

namespace {

// Docker pulls `latest` for an untagged reference; the plan says so, so pulls never guess.
std::string with_tag(const std::string& image) {
    auto ref = compose::parse_image_ref(image);
    return ref && ref->tag.empty() && ref->digest.empty() ? image + ":latest" : image;
}

// compose names the image it builds for a service without `image:` `<project>-<service>`.
std::string image_of(Builder& builder, const compose::Entry& service) {
    if (std::string image = text_at(service.value, "image"); !image.empty()) return with_tag(image);
    const compose::Node* build = service.value.find("build");
    std::string built = fmt::format("{}-{}:latest", builder.project.name, service.key);
    if (!build) {
        builder.fail(service.key_loc, compose::service_path(service.key),
                     fmt::format("service '{}' has neither an image nor a build context", service.key));
        return built;
    }
    builder.adjust(service.key, compose::service_path(service.key) + ".build", build->loc,
                   "build-without-image",
                   fmt::format("service '{}' has no image: the sandbox runs {}, the image compose builds for "
                               "it (rehearsa does not build)",
                               service.key, built));
    return built;
}

std::optional<std::string> optional_text(const compose::Node& service, std::string_view key) {
    const compose::Node* node = service.find(key);
    if (!node || !node->is_scalar()) return std::nullopt;
    return node->text;
}

// `KEY:` with no value and no such variable stays unset, as compose leaves it.
std::vector<std::string> environment_of(const compose::Node& service) {
    std::vector<std::string> out;
    if (const compose::Node* environment = service.find("environment"))
        for (const compose::Entry& variable : environment->entries)
            if (!variable.value.is_null()) out.push_back(variable.key + "=" + variable.value.text);
    return out;
}

Condition condition_from(std::string_view text) {
    if (text == compose::k_service_healthy) return Condition::Healthy;
    if (text == compose::k_service_completed) return Condition::CompletedSuccessfully;
    return Condition::Started;
}

std::vector<Dependency> dependencies_of(const Builder& builder, const compose::Entry& service) {
    std::vector<Dependency> out;
    if (const compose::Node* depends_on = service.value.find("depends_on"))
        for (const compose::Entry& entry : depends_on->entries)
            if (builder.service(entry.key))
                out.push_back(Dependency{entry.key, condition_from(compose::condition_of(entry)),
                                         text_at(entry.value, "required") != "false", entry.key_loc});
    return out;
}

// `network_mode: service:x` runs inside x's network namespace, so x must have started.
void add_network_dependency(const compose::Entry& service, ServicePlan& out) {
    const compose::Node* mode = service.value.find("network_mode");
    if (!mode || !mode->text.starts_with("service:")) return;
    std::string target = mode->text.substr(std::string_view("service:").size());
    if (std::ranges::find(out.depends_on, target, &Dependency::service) == out.depends_on.end())
        out.depends_on.push_back(Dependency{target, Condition::Started, true, mode->loc});
}

Lifetime lifetime_of(const Builder& builder, const compose::Entry& service) {
    return compose::lifetime(builder.services(), service) == compose::Lifetime::OneShot
               ? Lifetime::OneShot
               : Lifetime::LongRunning;
}

// "127.0.0.1:8080:80", "8080:80/udp", "80" (an ephemeral host port).
std::string port_text(const compose::Node& port) {
    std::string out;
    for (std::string_view key : {"host_ip", "published"})
        if (std::string part = text_at(port, key); !part.empty()) out += part + ":";
    out += text_at(port, "target");
    if (std::string protocol = text_at(port, "protocol"); !protocol.empty() && protocol != "tcp")
        out += "/" + protocol;
    return out;
}

void report_ports(Builder& builder, const compose::Entry& service) {
    const compose::Node* ports = service.value.find("ports");
    if (!ports || ports->items.empty()) return;
    std::string list;
    for (const compose::Node& port : ports->items)
        list += (list.empty() ? "" : ", ") + port_text(port);
    builder.adjust(service.key, compose::service_path(service.key) + ".ports", ports->loc, "",
                   fmt::format("published port{} {} not published in the sandbox",
                               ports->items.size() > 1 ? "s" : "", list));
}

void report_dropped(Builder& builder, const compose::Entry& service, const ServicePlan& plan) {
    report_ports(builder, service);
    std::string path = compose::service_path(service.key);
    if (const compose::Node* name = service.value.find("container_name"))
        builder.adjust(service.key, path + ".container_name", name->loc, "container-name",
                       fmt::format("container_name '{}' ignored: the sandbox names it {}", name->text,
                                   plan.container.name));
}

} // namespace

ServicePlan plan_service(Builder& builder, const compose::Entry& service) {
    ServicePlan out;
    out.name = service.key;
    out.where = service.key_loc;
    out.image = image_of(builder, service);
    docker::ContainerSpec& container = out.container;
    container.name = builder.name(service.key);
    container.image = out.image;
    container.labels = builder.labels(service.value.find("labels"));
    container.labels[k_label_service] = service.key;
    container.env = environment_of(service.value);
    container.cmd = words_at(service.value, "command");
    container.entrypoint = words_at(service.value, "entrypoint");
    container.user = optional_text(service.value, "user");
    container.working_dir = optional_text(service.value, "working_dir");
    container.hostname = optional_text(service.value, "hostname");
    plan_healthcheck(builder, service, out);
    out.depends_on = dependencies_of(builder, service);
    add_network_dependency(service, out);
    out.lifetime = lifetime_of(builder, service);
    out.timeout = service_timeout(builder, service);
    attach_networks(builder, service, out);
    plan_mounts(builder, service, out);
    plan_file_mounts(builder, service, out);
    report_dropped(builder, service, out);
    plan_runtime(builder, service, out);
    return out;
}

} // namespace rehearsa::plan
