// Copyright 2026 The Vigil Authors.

#include "tools/vigil/input_paths.h"

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <filesystem>
#include <system_error>
#include <utility>

namespace vigil::cli {
namespace fs = std::filesystem;

InputPaths::InputPaths(std::vector<std::string> args,
                       std::istream* stdin_stream)
    : args_(std::move(args)), stdin_(stdin_stream) {}

bool InputPaths::Next(std::string* path, Status* error) {
  *error = Status::OK();
  for (;;) {
    // Continue the innermost directory walk.
    while (!stack_.empty()) {
      Dir& dir = stack_.back();
      if (dir.next == dir.children.size()) {
        stack_.pop_back();
        continue;
      }
      std::string child = dir.children[dir.next++];
      if (ExpandArg(child, path, error)) return true;
    }
    if (reading_stdin_) {
      std::string line;
      if (std::getline(*stdin_, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.empty()) continue;
        if (ExpandArg(line, path, error)) return true;
        continue;
      }
      reading_stdin_ = false;
    }
    if (next_arg_ == args_.size()) return false;
    const std::string& arg = args_[next_arg_++];
    if (arg == "-") {
      reading_stdin_ = stdin_ != nullptr;
      continue;
    }
    if (ExpandArg(arg, path, error)) return true;
  }
}

// Returns true when `arg` yields an input (a file, or an error to report);
// a directory is pushed on the stack and yields nothing by itself.
bool InputPaths::ExpandArg(const std::string& arg, std::string* path,
                           Status* error) {
  struct stat st;
  // stat follows symlinks: a link to a file is that file. Links to
  // directories are not descended into during walks (lstat below) so a
  // link cycle cannot trap the walk.
  bool top_level = stack_.empty();
  struct stat lst;
  if (!top_level && lstat(arg.c_str(), &lst) == 0 && S_ISLNK(lst.st_mode) &&
      stat(arg.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) {
    return false;
  }
  if (stat(arg.c_str(), &st) != 0) {
    *path = arg;
    *error = ErrnoToStatus(errno, "stat");
    return true;
  }
  if (!S_ISDIR(st.st_mode)) {
    *path = arg;
    return true;
  }
  Dir dir;
  std::error_code ec;
  fs::directory_iterator it(arg, ec);
  if (ec) {
    *path = arg;
    *error = ErrnoToStatus(ec.value(), "list directory");
    return true;
  }
  for (; it != fs::directory_iterator(); it.increment(ec)) {
    if (ec) break;
    dir.children.push_back(it->path().string());
  }
  if (ec) {
    *path = arg;
    *error = ErrnoToStatus(ec.value(), "list directory");
    return true;
  }
  std::sort(dir.children.begin(), dir.children.end());
  stack_.push_back(std::move(dir));
  return false;
}

}  // namespace vigil::cli
