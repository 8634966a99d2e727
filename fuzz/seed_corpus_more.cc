// Copyright 2026 The Vigil Authors.
//
// Seeds of the targets beyond the image decoders: short synthetic videos
// of every container the video path reads, animations, hash lists, vPDQ
// text, JSON records and signed bundles (see seed_corpus.h).

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <stdlib.h>

#include <filesystem>
#include <memory>
#include <string>

#include "fuzz_targets.h"
#include "seed_corpus.h"
#include "store/internal/store_impl.h"
#include "video/synthetic_video.h"
#include "vigil/bundle.h"
#include "vigil/event.h"
#include "vigil/hex.h"
#include "vigil/vpdq.h"

namespace vigil::fuzz {
namespace {

std::vector<uint8_t> Bytes(const std::string& s) {
  return std::vector<uint8_t>(s.begin(), s.end());
}

// A hash-list seed: option bytes (format, forced type; allowed types) then
// the text (FuzzHashList).
std::vector<uint8_t> List(uint8_t format_and_type, const std::string& text) {
  return Bytes(std::string{char(format_and_type), char(0xFF)} + text);
}

// `bundle` with its manifest replaced by `manifest` and signed again with
// `private_pem` (docs/bundles.md: the signed message is the context line,
// then the manifest).
std::string Resign(const std::string& bundle, const std::string& manifest,
                   const std::string& private_pem, const std::string& key_id) {
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(
      BIO_new_mem_buf(private_pem.data(), int(private_pem.size())), BIO_free);
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(
      PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr),
      EVP_PKEY_free);
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(),
                                                              EVP_MD_CTX_free);
  const std::string message = "vigil-bundle 1 manifest\n" + manifest;
  uint8_t sig[64];
  size_t sig_len = sizeof(sig);
  if (!key || !ctx ||
      EVP_DigestSignInit(ctx.get(), nullptr, nullptr, nullptr, key.get()) !=
          1 ||
      EVP_DigestSign(ctx.get(), sig, &sig_len,
                     reinterpret_cast<const uint8_t*>(message.data()),
                     message.size()) != 1) {
    return "";
  }
  const size_t body = bundle.find("\nsignature ed25519 ");
  const size_t body_start = bundle.find('\n', body + 1) + 1;
  return "vigil-bundle 1\nmanifest " + std::to_string(manifest.size()) + "\n" +
         manifest + "\nsignature ed25519 " + key_id + " " +
         HexEncode(std::span<const uint8_t>(sig, sig_len)) + "\n" +
         bundle.substr(body_start);
}

// Bundles of a small list made in a scratch store: good (signed with the
// bundle target's trusted key), unsigned, tampered (list, manifest),
// truncated, with bytes appended, signed by an untrusted key, and signed
// but lying about its count.
void AddBundleSeeds(const std::string& list, std::vector<Seed>* seeds) {
  std::string dir =
      (std::filesystem::temp_directory_path() / "vigil-seeds-XXXXXX").string();
  if (mkdtemp(dir.data()) == nullptr) return;
  auto add = [&](const std::string& name, const std::string& bytes) {
    if (!bytes.empty()) seeds->push_back({"bundle", name, Bytes(bytes)});
  };
  {
    Result<std::unique_ptr<HashsetStore>> store = HashsetStore::Open(dir, {});
    HashsetConfig config;
    config.name = "seed";
    config.signal_types = {SignalType::kMd5, SignalType::kSha1,
                           SignalType::kPdq};
    const SigningKeyPair& key = FuzzBundleKey();
    Result<SigningKeyPair> foreign = GenerateSigningKey();
    if (store.ok() && (*store)->CreateHashset(config, {}).ok() &&
        (*store)->ImportText("seed", list, {}).ok() && foreign.ok()) {
      Result<std::string> good = MakeBundle(**store, "seed", key.private_pem);
      Result<std::string> other =
          MakeBundle(**store, "seed", foreign->private_pem);
      Result<ParsedBundle> parts = ParseBundle(good.ok() ? *good : "");
      if (good.ok() && other.ok() && parts.ok()) {
        const std::string& g = *good;
        add("good.vbundle", g);
        add("foreign-key.vbundle", *other);
        add("truncated.vbundle", g.substr(0, g.size() * 7 / 10));
        add("appended.vbundle", g + "md5,d41d8cd98f00b204e9800998ecf8427e\n");
        const size_t sig = g.find("signature ed25519 ");
        const size_t body = g.find('\n', sig) + 1;
        add("unsigned.vbundle", g.substr(0, sig) + g.substr(body));
        std::string list_changed = g;
        list_changed[list_changed.size() - 3] ^= 1;
        add("tampered-list.vbundle", list_changed);
        std::string manifest_changed = g;
        const size_t name = manifest_changed.find("\"seed\"");
        if (name != std::string::npos) manifest_changed[name + 1] = 'S';
        add("tampered-manifest.vbundle", manifest_changed);
        std::string lying = parts->manifest_json;
        const std::string count =
            "\"count\":" + std::to_string(parts->manifest.count);
        const size_t at = lying.find(count);
        if (at != std::string::npos) {
          lying.replace(
              at, count.size(),
              "\"count\":" + std::to_string(parts->manifest.count + 1));
          add("wrong-count.vbundle",
              Resign(g, lying, key.private_pem, key.key_id));
        }
      }
    }
  }
  std::error_code ignored;
  std::filesystem::remove_all(dir, ignored);
}

}  // namespace

std::vector<Seed> MakeMoreSeeds() {
  std::vector<Seed> seeds;
  auto add = [&](const char* target, const std::string& name,
                 std::vector<uint8_t> bytes) {
    if (!bytes.empty()) seeds.push_back({target, name, std::move(bytes)});
  };

  // Videos: tiny (32x24, 8 frames) so that each run is fast.
  for (const char* container :
       {"mp4", "mov", "avi", "matroska", "webm", "gif"}) {
    testing::SyntheticVideoSpec spec;
    spec.width = 32;
    spec.height = 24;
    spec.frames = 8;
    spec.fps = 4;
    spec.gop = 4;
    spec.b_frames = std::string(container) == "webm" ? 0 : 1;
    spec.container = container;
    add("video", std::string("clip.") + container,
        testing::EncodeSyntheticVideo(spec));
  }
  {
    testing::SyntheticVideoSpec spec;
    spec.width = 32;
    spec.height = 24;
    spec.frames = 4;
    spec.fps = 4;
    spec.bar_top = 4;
    spec.bar_bottom = 4;
    spec.container = "gif";
    add("animation", "bars.gif", testing::EncodeSyntheticVideo(spec));
    add("animation", "anim.webp", testing::EncodeSyntheticWebpAnimation(spec));
  }

  const std::string md5 = "d41d8cd98f00b204e9800998ecf8427e";
  const std::string sha1 = "da39a3ee5e6b4b0d3255bfef95601890afd80709";
  const std::string sha256 =
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
  const std::string pdq =
      "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22";
  add("hashlist", "plain.txt",
      List(0, "# a list\n" + md5 + "\r\n" + sha1 + "\n\n" + pdq + "\n"));
  add("hashlist", "typed.txt",
      List(2, "pdq " + pdq + "\nmd5 " + md5 + "\nvideo_md5 " + md5 +
                  "\nsha256\t" + sha256 + "\n"));
  add("hashlist", "list.csv",
      List(3, "signal_type,hash,external_id,category,note\npdq," + pdq +
                  ",x1,cat,\"a, \"\"quoted\"\"\nnote\"\nmd5," + md5 +
                  ",x2,,\n"));
  add("hashlist", "list.tsv",
      List(4, "hash\tnote\n" + md5 + "\ttab\\there\\n \\\\ back\n"));
  add("hashlist", "bom-auto.csv",
      List(0, "\xEF\xBB\xBFhash,external_id\n" + sha1 + ",id\n"));

  std::vector<VpdqFrame> frames(3);
  for (int i = 0; i < 3; ++i) {
    frames[i].frame_number = i * 30;
    frames[i].quality = 100 - i;
    frames[i].timestamp = i * 1.001;
    for (int b = 0; b < 32; ++b) frames[i].hash.bytes[b] = uint8_t(b * 7 + i);
  }
  add("vpdq", "frames.txt", Bytes(FormatVpdq(frames)));
  add("vpdq", "crlf-extra.txt",
      Bytes("0,100," + pdq + ",0.000,extra\r\n\r\n30,99," + pdq + ",1.001"));

  TakedownEvent e;
  e.event_id = NewEventId(1767225600000);
  e.created_at_ms = 1767225600000;
  e.content.id = "uploads/\xff-a.jpg";
  e.content.source = "scan";
  e.content.media_type = "image/jpeg";
  e.content.bytes = 1234;
  e.content.md5 = md5;
  e.content.sha1 = sha1;
  e.content.sha256 = sha256;
  e.match.hashset = "known";
  e.match.hashset_id = 3;
  e.match.signal_type = SignalType::kPdq;
  e.match.distance = 4;
  e.match.threshold = 31;
  e.match.hash = pdq;
  e.match.query_hash = pdq;
  e.match.quality = 90;
  e.match.variant = "rot90";
  e.match.external_id = "x1";
  e.match.category = "cat";
  e.idempotency_key =
      IdempotencyKey(e.content.id, sha256, "known", SignalType::kPdq, pdq);
  e.action = HashsetAction::kBlock;
  e.engine_version = "0.0.0";
  add("json", "event.json", Bytes(e.ToJson()));
  EventVideoMatch video;
  video.query_frames = 10;
  video.query_matched = 9;
  video.query_percent = 90;
  video.target_frames = 12;
  video.target_matched = 11;
  video.target_percent = 91.7;
  video.time_ranges = {{0.0, 2.5}, {4.0, 9.0}};
  e.match.video = video;
  e.match.signal_type = SignalType::kVpdq;
  add("json", "event-video.json", Bytes(e.ToJson()));

  internal::SetState state;
  state.hashset.id = 7;
  state.hashset.config.name = "known";
  state.hashset.config.signal_types = {SignalType::kMd5, SignalType::kPdq,
                                       SignalType::kVpdq};
  state.hashset.config.thresholds[SignalType::kPdq] = 20;
  state.hashset.config.min_quality[SignalType::kPdq] = 60;
  state.hashset.config.video_query_percent = 70;
  state.hashset.entry_counts[SignalType::kMd5] = 12;
  state.hashset.enabled = false;
  state.next_segment = 3;
  add("json", "hashset.json", Bytes(internal::EncodeSetState(state)));
  add("json", "lookup.json",
      Bytes("[{\"type\":\"pdq\",\"hash\":\"" + pdq +
            "\"},{\"type\":\"MD5\",\"hash\":\"" + md5 + "\"}]"));
  add("json", "entries.json",
      Bytes("{\"signals\":[{\"type\":\"sha256\",\"hash\":\"" + sha256 +
            "\"}],\"external_id\":\"x\",\"note\":\"\\u00e9\"}"));

  AddBundleSeeds("signal_type,hash,external_id,category,note\npdq," + pdq +
                     ",x1,cat,\"a, note\"\nmd5," + md5 + ",x2,,\nsha1," + sha1 +
                     ",,,\n",
                 &seeds);
  return seeds;
}

}  // namespace vigil::fuzz
