// Copyright 2026 The Vigil Authors.
//
// The JSON shapes that exist only in HMA 2.x (its schemas/curation.py and
// schemas/matching.py), in one place. Shapes Vigil has itself come from
// vigil/json.h.

#include <string>

#include "tools/vigil/serve/hma_routes.h"
#include "vigil/hex.h"

namespace vigil::serve::hma {

nlohmann::json BankJson(const Hashset& set) {
  return {{"name", set.config.name},
          {"matching_enabled_ratio", set.enabled ? 1.0 : 0.0}};
}

nlohmann::json SignalsJson(std::span<const Signal> signals) {
  nlohmann::json out = nlohmann::json::object();
  for (const Signal& s : signals) out[SignalTypeName(s.type)] = s.ToHex();
  return out;
}

nlohmann::json ContentJson(const BankContent& content, const Hashset& set,
                           const nlohmann::json* signals) {
  nlohmann::json out = {{"id", content.id},
                        {"disable_until_ts", content.disable_until_ts},
                        {"collab_metadata", nlohmann::json::object()},
                        {"original_media_uri", nullptr},
                        {"bank", BankJson(set)}};
  if (signals != nullptr) out["signals"] = *signals;
  return out;
}

nlohmann::json MatchJson(uint64_t content_id, int distance) {
  return {{"bank_content_id", content_id},
          {"distance", std::to_string(distance)}};
}

std::string Dump(const nlohmann::json& j) {
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace vigil::serve::hma
