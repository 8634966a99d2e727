// Copyright 2026 The Vigil Authors.
//
// The Prometheus metrics of `vigil serve` (prometheus-cpp, text exposition
// format 0.0.4): request counts and latency by route and code, scans by
// status, scanned bytes, looked-up hashes, matches per hash set, requests
// in flight and refused by the cap, and, read from the engine at each
// scrape, index sizes and delivery state per sink.
//
// Thread-safety: every method may be called from any thread.

#ifndef VIGIL_TOOLS_VIGIL_SERVE_METRICS_H_
#define VIGIL_TOOLS_VIGIL_SERVE_METRICS_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <vector>

namespace vigil {
class Engine;
struct ScanMatch;
}  // namespace vigil

namespace vigil::serve {

class Metrics {
 public:
  Metrics();
  ~Metrics();
  Metrics(const Metrics&) = delete;
  Metrics& operator=(const Metrics&) = delete;

  // One answered request: `route` is the route pattern (or "unmatched").
  void Request(const std::string& route, int code);
  void Latency(const std::string& route, int code, double seconds);
  // One scan ("clean", "match", "error") of `bytes` bytes.
  void Scan(const char* status, uint64_t bytes);
  void LookedUp(uint64_t hashes, uint64_t matches);
  // Counts each match under its hash set; `via` is "scan" or "lookup".
  void Matched(const std::vector<ScanMatch>& matches, const char* via);
  // The same for the matches of a batch (a lookup's, per hash).
  void Matched(std::span<const std::vector<ScanMatch>> batch, const char* via);
  // Read at each scrape: requests in flight, refused by the cap (nullable).
  void SetLoadSource(std::function<uint64_t()> in_flight,
                     std::function<uint64_t()> refused);

  // The text exposition; `engine` (nullable while loading) supplies the
  // index sizes and delivery state.
  std::string Render(Engine* engine);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace vigil::serve

#endif  // VIGIL_TOOLS_VIGIL_SERVE_METRICS_H_
