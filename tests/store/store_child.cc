// Copyright 2026 The Vigil Authors.
//
// A child process for the store's multi-process tests:
//   vigil_store_child hold DIR               open as writer, print "locked",
//                                            wait for stdin to close
//   vigil_store_child import DIR NAME FILE   print "start", import FILE
//   vigil_store_child add-hold DIR NAME HEX  add md5 HEX to set NAME (it
//                                            stays in the write-ahead log),
//                                            print "locked", wait until
//                                            killed (stdin may be /dev/null)
// Exit code 0 on success; errors go to stderr.

#include <unistd.h>

#include <cstdio>
#include <string>

#include "vigil/hashset_store.h"

int main(int argc, char** argv) {
  if (argc < 3) return 2;
  std::string mode = argv[1];
  auto store = vigil::HashsetStore::Open(argv[2], {});
  if (!store.ok()) {
    std::fprintf(stderr, "%s\n", store.status().ToString().c_str());
    return 1;
  }
  if (mode == "add-hold" && argc == 5) {
    auto signal = vigil::ParseSignal(vigil::SignalType::kMd5, argv[4]);
    if (!signal.ok()) return 2;
    auto r = (*store)->AddEntry(argv[3], {&*signal, 1}, {});
    if (!r.ok()) {
      std::fprintf(stderr, "%s\n", r.status().ToString().c_str());
      return 1;
    }
    std::printf("locked\n");
    std::fflush(stdout);
    while (true) ::pause();
  }
  if (mode == "hold") {
    std::printf("locked\n");
    std::fflush(stdout);
    char c;
    while (::read(STDIN_FILENO, &c, 1) > 0) {
    }
    return 0;
  }
  if (mode == "import" && argc == 5) {
    std::printf("start\n");
    std::fflush(stdout);
    auto r = (*store)->ImportFile(argv[3], argv[4], {});
    if (!r.ok()) {
      std::fprintf(stderr, "%s\n", r.status().ToString().c_str());
      return 1;
    }
    std::printf("done %llu\n", static_cast<unsigned long long>(r->added));
    return 0;
  }
  return 2;
}
