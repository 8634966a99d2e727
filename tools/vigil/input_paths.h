// Copyright 2026 The Vigil Authors.
//
// The inputs of `vigil hash` / `vigil scan`: paths given on the command line,
// directories walked recursively (children in byte order, so runs are
// reproducible), and "-" for a list of paths read from stdin, one per line.
// Paths are produced lazily, so millions of inputs take no memory up front.

#ifndef VIGIL_TOOLS_VIGIL_INPUT_PATHS_H_
#define VIGIL_TOOLS_VIGIL_INPUT_PATHS_H_

#include <istream>
#include <string>
#include <vector>

#include "vigil/status.h"

namespace vigil::cli {

class InputPaths {
 public:
  // `stdin_stream` is read when an argument is "-".
  InputPaths(std::vector<std::string> args, std::istream* stdin_stream);

  // Produces the next input. Returns false at the end. When a path cannot be
  // listed (a directory that cannot be read, a missing argument), `*error`
  // is set and `*path` names it; the walk goes on with the next one.
  bool Next(std::string* path, Status* error);

 private:
  struct Dir {
    std::vector<std::string> children;  // sorted, full paths
    size_t next = 0;
  };
  bool ExpandArg(const std::string& arg, std::string* path, Status* error);

  std::vector<std::string> args_;
  size_t next_arg_ = 0;
  std::istream* stdin_;
  bool reading_stdin_ = false;
  std::vector<Dir> stack_;
};

}  // namespace vigil::cli

#endif  // VIGIL_TOOLS_VIGIL_INPUT_PATHS_H_
