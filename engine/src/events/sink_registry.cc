// Copyright 2026 The Vigil Authors.
//
// The one table of sink schemes behind OpenEventSink (after rocksdb's
// ObjectRegistry and faiss's index_factory). To add a sink kind, write its
// .cc with a factory `Result<std::unique_ptr<EventSink>>(std::string_view
// spec)`, declare it in events/internal/sinks.h and add one line to
// kBuiltins below; every front-end then accepts its spec.

#include <algorithm>
#include <cctype>
#include <map>
#include <mutex>

#include "events/internal/sinks.h"
#include "vigil/event_sink.h"

namespace vigil {
namespace {

struct Builtin {
  const char* scheme;
  const char* usage;
  Result<std::unique_ptr<EventSink>> (*factory)(std::string_view spec);
};

constexpr Builtin kBuiltins[] = {
    {"jsonl", "jsonl:PATH", &internal::OpenJsonlSpec},
    {"nats", "nats[+tls]://HOST:PORT[,HOST:PORT...]/SUBJECT[?OPTIONS]",
     &internal::OpenNatsSpec},
    {"stdout", "stdout", &internal::OpenStdoutSpec},
    {"webhook", "webhook+https://HOST/PATH", &internal::OpenWebhookSpec},
};

struct Scheme {
  std::string usage;
  EventSinkFactory factory;
};

class Registry {
 public:
  static Registry& Get() {
    static Registry* registry = [] {
      auto* r = new Registry();
      for (const Builtin& b : kBuiltins) {
        r->schemes_[b.scheme] = Scheme{b.usage, b.factory};
      }
      return r;
    }();
    return *registry;
  }

  Status Add(std::string_view scheme, std::string_view usage,
             EventSinkFactory factory) {
    std::lock_guard<std::mutex> lock(mu_);
    if (!schemes_
             .emplace(std::string(scheme),
                      Scheme{std::string(usage), std::move(factory)})
             .second) {
      return AlreadyExistsError("sink scheme '" + std::string(scheme) +
                                "' is registered already");
    }
    return Status::OK();
  }

  // The factory of `scheme`, or null.
  EventSinkFactory Find(std::string_view scheme) const {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = schemes_.find(std::string(scheme));
    return it == schemes_.end() ? nullptr : it->second.factory;
  }

  std::vector<std::string> Usages() const {
    std::lock_guard<std::mutex> lock(mu_);
    std::vector<std::string> out;
    for (const auto& [name, s] : schemes_) out.push_back(s.usage);
    return out;
  }

 private:
  mutable std::mutex mu_;
  std::map<std::string, Scheme, std::less<>> schemes_;
};

bool IsSchemeName(std::string_view s) {
  if (s.empty() || !std::isalpha(static_cast<unsigned char>(s[0]))) {
    return false;
  }
  return std::all_of(s.begin(), s.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '+' ||
           c == '-' || c == '.';
  });
}

std::string KnownSchemes() {
  std::string out;
  for (const std::string& usage : Registry::Get().Usages()) {
    if (!out.empty()) out += ", ";
    out += usage;
  }
  return out + " (or a file path, - for stdout)";
}

}  // namespace

Status RegisterEventSinkScheme(std::string_view scheme, std::string_view usage,
                               EventSinkFactory factory) {
  if (!IsSchemeName(scheme) || scheme.find('+') != std::string_view::npos) {
    return InvalidArgumentError("not a sink scheme name: '" +
                                std::string(scheme) + "'");
  }
  if (!factory) return InvalidArgumentError("null sink factory");
  return Registry::Get().Add(scheme, usage, std::move(factory));
}

std::vector<std::string> EventSinkSchemes() { return Registry::Get().Usages(); }

Result<std::unique_ptr<EventSink>> OpenEventSink(std::string_view spec) {
  if (spec.empty()) {
    return InvalidArgumentError("empty event sink spec; known: " +
                                KnownSchemes());
  }
  if (spec == "-") return OpenJsonlSink("-");
  size_t colon = spec.find(':');
  std::string_view scheme =
      colon == std::string_view::npos ? spec : spec.substr(0, colon);
  if (IsSchemeName(scheme)) {
    // "webhook+https://..." is the scheme "webhook" over https.
    std::string_view name = scheme.substr(0, scheme.find('+'));
    if (EventSinkFactory factory = Registry::Get().Find(name)) {
      return factory(spec);
    }
    if (colon != std::string_view::npos) {
      return InvalidArgumentError(
          "unknown event sink scheme '" + std::string(scheme) + "' in '" +
          std::string(spec) + "'; known: " + KnownSchemes());
    }
  }
  return OpenJsonlSink(std::string(spec));  // a bare path, as --events took
}

}  // namespace vigil
