// Copyright 2026 The Vigil Authors.
//
// The scan, stored-event and delivery shapes of vigil/json.h: `vigil scan`
// lines, `vigil events list` lines (README "The vigil tool",
// docs/events.md), `vigil events deliver` stats.

#include "events/internal/event_json.h"
#include "vigil/engine.h"
#include "vigil/event_sink.h"
#include "vigil/json.h"

namespace vigil {
namespace {

using internal::Json;

// The video details of a match (ScanMatchJson writes the rest).
Json VideoObject(const ScanMatch& m) {
  const EventVideoMatch& v = *m.match.video;
  Json ranges = Json::array();
  for (const auto& [first, last] : v.time_ranges) {
    ranges.push_back({first, last});
  }
  Json video = {{"query_percent", v.query_percent},
                {"query_matched", v.query_matched},
                {"query_frames", v.query_frames},
                {"best_timestamp", v.best_timestamp},
                {"time_ranges", std::move(ranges)}};
  if (m.match.signal_type == SignalType::kVpdq) {
    video["target_percent"] = v.target_percent;
    video["target_matched"] = v.target_matched;
    video["target_frames"] = v.target_frames;
    video["region"] = v.region;
  }
  return video;
}

Json OutboxEventObject(const OutboxEvent& e) {
  Json j = internal::TakedownEventObject(e.event);
  j["acked"] = e.acked;
  if (e.acked) {
    j["acked_at"] = FormatRfc3339(e.acked_at_ms);
    j["acked_by"] = e.acked_by;
  }
  if (!e.dead_letters.empty()) {
    Json dead = Json::array();
    for (const DeadLetter& d : e.dead_letters) {
      dead.push_back(Json{{"sink", d.sink},
                          {"at", FormatRfc3339(d.at_ms)},
                          {"error", d.error}});
    }
    j["dead_letters"] = std::move(dead);
  }
  return j;
}

// Appends `text` as DumpJson() writes a string: EscapeText() for bytes
// that are not UTF-8, then nlohmann's escapes (no ensure_ascii: UTF-8 is
// written as it is).
void AppendString(std::string_view text, std::string* out) {
  std::string escaped;
  if (internal::json_text_detail::TextNeedsEscape(text)) {
    escaped = internal::EscapeText(text);
    text = escaped;
  }
  static constexpr char kHex[] = "0123456789abcdef";
  out->push_back('"');
  for (const char c : text) {
    switch (c) {
      case '"':
        out->append("\\\"");
        break;
      case '\\':
        out->append("\\\\");
        break;
      case '\b':
        out->append("\\b");
        break;
      case '\f':
        out->append("\\f");
        break;
      case '\n':
        out->append("\\n");
        break;
      case '\r':
        out->append("\\r");
        break;
      case '\t':
        out->append("\\t");
        break;
      default:
        if (static_cast<uint8_t>(c) < 0x20) {
          out->append("\\u00");
          out->push_back(kHex[static_cast<uint8_t>(c) >> 4]);
          out->push_back(kHex[c & 15]);
        } else {
          out->push_back(c);
        }
    }
  }
  out->push_back('"');
}

// Puts ScanMatchJson() of each match into the empty "matches" array of
// a dumped scan line. The key is never the line's first ("event_ids"
// sorts before it), and inside a dumped string every quote is escaped, so
// `,"matches":[]` can only be the key itself.
std::string WithMatches(std::string line, std::span<const ScanMatch> matches) {
  if (matches.empty()) return line;
  static constexpr std::string_view kEmpty = ",\"matches\":[]";
  const size_t at = line.find(kEmpty);
  if (at == std::string::npos) return line;  // unreachable: see above
  std::string all;
  for (const ScanMatch& m : matches) {
    if (!all.empty()) all.push_back(',');
    all += ScanMatchJson(m);
  }
  line.insert(at + kEmpty.size() - 1, all);
  return line;
}

}  // namespace

// Written directly in the bytes DumpJson() gives (keys in order), without
// building an object: rendering 100 matches through objects was a third
// of a batch lookup's time (bench/serve/README.md). The one place a
// match's shape is written; ScanResultJson() puts it into its lines.
std::string ScanMatchJson(const ScanMatch& match) {
  const EventMatch& m = match.match;
  std::string out;
  out.reserve(192 + m.hash.size() + m.hashset.size() + m.external_id.size() +
              m.category.size());
  auto key = [&out](std::string_view k) {
    out.push_back(out.empty() ? '{' : ',');
    out.push_back('"');
    out.append(k);
    out.append("\":");
  };
  key("action");
  AppendString(HashsetActionName(match.action), &out);
  key("category");
  AppendString(m.category, &out);
  key("distance");
  out.append(std::to_string(m.distance));
  key("external_id");
  AppendString(m.external_id, &out);
  key("hash");
  AppendString(m.hash, &out);
  key("hashset");
  AppendString(m.hashset, &out);
  if (m.quality >= 0) {
    key("quality");
    out.append(std::to_string(m.quality));
  }
  key("signal_type");
  AppendString(SignalTypeName(m.signal_type), &out);
  key("threshold");
  out.append(std::to_string(m.threshold));
  if (!m.variant.empty()) {
    key("variant");
    AppendString(m.variant, &out);
  }
  if (m.video.has_value()) {
    key("video");
    out.append(internal::DumpJson(VideoObject(match)));
  }
  out.push_back('}');
  return out;
}

std::string ScanResultJson(const ScanResult& r) {
  Json j;
  j["path"] = r.content.id;
  j["status"] = ScanStatusName(r.status);
  j["matches"] = Json::array();  // filled by WithMatches()
  j["event_ids"] = r.event_ids;
  if (r.status == ScanStatus::kError) {
    j["error"] = internal::StatusJson(r.error);
    return WithMatches(internal::DumpJson(j), r.matches);
  }
  j["media_type"] = MediaTypeMime(r.hashes.media_type);
  j["bytes"] = r.hashes.bytes;
  j["sha256"] = r.hashes.digests.Hex(SignalType::kSha256);
  if (r.hashes.pdq.has_value()) {
    j["pdq"] = r.hashes.pdq->hash.ToHex();
    j["pdq_quality"] = r.hashes.pdq->quality;
  }
  if (r.video.has_value()) {
    const VideoHash& v = *r.video;
    j["video"] = {{"codec", v.info.codec},
                  {"width", v.info.width},
                  {"height", v.info.height},
                  {"duration_seconds", v.info.duration_seconds},
                  {"frame_rate", v.info.frame_rate},
                  {"frames_hashed", v.frames.size()},
                  {"frame_interval", v.info.frame_interval}};
  } else if (!r.hashes.image_status.ok()) {
    // Not an image (or a broken one): digests were still matched.
    j["image_error"] = internal::StatusJson(r.hashes.image_status);
  }
  return WithMatches(internal::DumpJson(j), r.matches);
}

std::string OutboxEventJson(const OutboxEvent& event) {
  return internal::DumpJson(OutboxEventObject(event));
}

std::string OutboxEventsJson(std::span<const OutboxEvent> events) {
  Json all = Json::array();
  for (const OutboxEvent& e : events) all.push_back(OutboxEventObject(e));
  return internal::DumpJson(all);
}

namespace {

Json SinkStatsObject(const SinkStats& s) {
  Json j = {{"sink", s.name},
            {"delivered", s.delivered},
            {"pending", s.pending},
            {"dead_lettered", s.dead_lettered},
            {"failures", s.failures},
            {"consecutive_failures", s.consecutive_failures},
            {"next_retry_unix_ms", s.next_retry_unix_ms},
            {"disabled", s.disabled}};
  if (!s.last_error.ok()) j["last_error"] = s.last_error.ToString();
  return j;
}

}  // namespace

std::string SinkStatsJson(const SinkStats& stats) {
  return internal::DumpJson(SinkStatsObject(stats));
}

std::string SinkStatsListJson(std::span<const SinkStats> stats) {
  Json all = Json::array();
  for (const SinkStats& s : stats) all.push_back(SinkStatsObject(s));
  return internal::DumpJson(all);
}

}  // namespace vigil
