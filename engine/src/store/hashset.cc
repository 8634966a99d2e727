// Copyright 2026 The Vigil Authors.

#include "vigil/hashset.h"

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <string>

namespace vigil {

const char* HashsetActionName(HashsetAction action) {
  switch (action) {
    case HashsetAction::kReport:
      return "report";
    case HashsetAction::kRemove:
      return "remove";
    case HashsetAction::kBlock:
      return "block";
    case HashsetAction::kReview:
      return "review";
  }
  return "unknown";
}

Result<HashsetAction> ParseHashsetAction(std::string_view name) {
  for (HashsetAction a : {HashsetAction::kReport, HashsetAction::kRemove,
                          HashsetAction::kBlock, HashsetAction::kReview}) {
    if (name == HashsetActionName(a)) return a;
  }
  return InvalidArgumentError("unknown action '" + std::string(name) +
                              "' (known: report, remove, block, review)");
}

int DefaultThreshold(SignalType type) { return KindOf(type).default_threshold; }

int DefaultMinQuality(SignalType type) {
  return KindOf(type).default_min_quality;
}

Status ValidateHashsetName(std::string_view name) {
  if (name.empty()) return InvalidArgumentError("hashset name is empty");
  if (name.size() > kMaxHashsetNameLength) {
    return InvalidArgumentError("hashset name is longer than " +
                                std::to_string(kMaxHashsetNameLength) +
                                " characters");
  }
  // An HMA bank name (UPPER_WITH_UNDERSCORE, HMA 2.x's rule) is a set name
  // too, so that an HMA bank is the set of the same name (docs/service.md).
  const bool upper = (name[0] >= 'A' && name[0] <= 'Z') || name[0] == '_';
  for (size_t i = 0; i < name.size(); ++i) {
    char c = name[i];
    bool ok = upper
                  ? (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'
                  : (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                        (i > 0 && (c == '_' || c == '-'));
    if (!ok) {
      return InvalidArgumentError(
          "invalid hashset name '" + std::string(name) + "': character " +
          std::to_string(i + 1) +
          " is not allowed (names match [a-z0-9][a-z0-9_-]* or, as HMA "
          "bank names, [A-Z_][A-Z0-9_]*)");
    }
  }
  return Status::OK();
}

int HashsetConfig::ThresholdFor(SignalType type) const {
  auto it = thresholds.find(type);
  return it == thresholds.end() ? DefaultThreshold(type) : it->second;
}

int HashsetConfig::MinQualityFor(SignalType type) const {
  auto it = min_quality.find(type);
  return it == min_quality.end() ? DefaultMinQuality(type) : it->second;
}

bool HashsetConfig::Allows(SignalType type) const {
  return std::find(signal_types.begin(), signal_types.end(), type) !=
         signal_types.end();
}

Status ValidateHashsetConfig(const HashsetConfig& config) {
  Status s = ValidateHashsetName(config.name);
  if (!s.ok()) return s;
  if (config.signal_types.empty()) {
    return InvalidArgumentError("hashset '" + config.name +
                                "' needs at least one signal type");
  }
  for (SignalType t : config.signal_types) {
    if (FindSignalKind(t) == nullptr) {
      return InvalidArgumentError(std::string("signal type ") +
                                  SignalTypeName(t) +
                                  " is not supported by the store");
    }
  }
  for (const auto& [type, value] : config.thresholds) {
    if (!config.Allows(type)) {
      return InvalidArgumentError(std::string("threshold for ") +
                                  SignalTypeName(type) +
                                  ", which the hashset does not allow");
    }
    // vPDQ thresholds are per-frame PDQ distances.
    const int max = KindOf(type).max_threshold;
    if (value < 0 || value > max) {
      return InvalidArgumentError(std::string("threshold for ") +
                                  SignalTypeName(type) + " must be " +
                                  (max == 0 ? std::string("0 (exact match)")
                                            : "in 0.." + std::to_string(max)) +
                                  ", got " + std::to_string(value));
    }
  }
  for (const auto& [type, value] : config.min_quality) {
    if (!config.Allows(type)) {
      return InvalidArgumentError(std::string("min quality for ") +
                                  SignalTypeName(type) +
                                  ", which the hashset does not allow");
    }
    if (value < 0 || value > 100) {
      return InvalidArgumentError(
          std::string("min quality for ") + SignalTypeName(type) +
          " must be in 0..100, got " + std::to_string(value));
    }
  }
  for (double share :
       {config.video_query_percent, config.video_target_percent}) {
    if (!(share > 0 && share <= 100)) {
      return InvalidArgumentError(
          "video match shares must be in (0, 100] percent, got " +
          std::to_string(share));
    }
  }
  switch (config.action) {
    case HashsetAction::kReport:
    case HashsetAction::kRemove:
    case HashsetAction::kBlock:
    case HashsetAction::kReview:
      break;
    default:
      return InvalidArgumentError("unknown hashset action");
  }
  return Status::OK();
}

uint64_t Hashset::TotalEntries() const {
  uint64_t total = 0;
  for (const auto& [type, n] : entry_counts) total += n;
  return total;
}

const char* HashsetFormatName(HashsetFormat format) {
  switch (format) {
    case HashsetFormat::kAuto:
      return "auto";
    case HashsetFormat::kPlain:
      return "plain";
    case HashsetFormat::kTyped:
      return "typed";
    case HashsetFormat::kCsv:
      return "csv";
    case HashsetFormat::kTsv:
      return "tsv";
  }
  return "unknown";
}

Result<HashsetFormat> ParseHashsetFormat(std::string_view name) {
  for (HashsetFormat f :
       {HashsetFormat::kAuto, HashsetFormat::kPlain, HashsetFormat::kTyped,
        HashsetFormat::kCsv, HashsetFormat::kTsv}) {
    if (name == HashsetFormatName(f)) return f;
  }
  return InvalidArgumentError("unknown format '" + std::string(name) +
                              "' (known: auto, plain, typed, csv, tsv)");
}

std::string FormatRfc3339(int64_t unix_ms) {
  int64_t secs = unix_ms >= 0 ? unix_ms / 1000 : (unix_ms - 999) / 1000;
  int ms = static_cast<int>(unix_ms - secs * 1000);
  time_t t = static_cast<time_t>(secs);
  struct tm tm_utc;
  gmtime_r(&t, &tm_utc);
  char buf[96];
  std::snprintf(buf, sizeof(buf), "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ",
                tm_utc.tm_year + 1900, tm_utc.tm_mon + 1, tm_utc.tm_mday,
                tm_utc.tm_hour, tm_utc.tm_min, tm_utc.tm_sec, ms);
  return buf;
}

}  // namespace vigil
