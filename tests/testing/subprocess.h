// Copyright 2026 The Vigil Authors.
//
// Runs a child process for end-to-end tests: argv in, exit code and the
// captured stdout/stderr out. Also starts a child in the background so a
// test can kill it (crash-safety tests).

#ifndef VIGIL_TESTS_TESTING_SUBPROCESS_H_
#define VIGIL_TESTS_TESTING_SUBPROCESS_H_

#include <sys/types.h>

#include <string>
#include <utility>
#include <vector>

namespace vigil::testing {

struct ProcessResult {
  // The exit status, or 128 + signal number when killed by a signal, or -1
  // when the process could not be started.
  int exit_code = -1;
  std::string out;
  std::string err;
};

// Runs `argv` (argv[0] is a path) to completion, feeding `input` on stdin.
// `env` entries ("NAME=value") are added to the current environment.
ProcessResult RunProcess(const std::vector<std::string>& argv,
                         const std::string& input = "",
                         const std::vector<std::string>& env = {});

// Starts `argv` in the background with stdout and stderr appended to the
// given files and stdin from /dev/null. Returns the pid, or -1.
pid_t StartProcess(const std::vector<std::string>& argv,
                   const std::string& stdout_path,
                   const std::string& stderr_path);

// Waits for `pid` and returns its exit code as RunProcess reports it.
int WaitProcess(pid_t pid);

// Path of a program built by this project, e.g. BinaryPath("vigil").
// Uses $VIGIL_TEST_BIN_DIR (set by ctest) and falls back to the build dir
// compiled in.
std::string BinaryPath(const std::string& name);

// A directory that is removed, with its contents, on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  // Writes `contents` to path()/name and returns the full path.
  std::string WriteFile(const std::string& name,
                        const std::string& contents) const;

 private:
  std::string path_;
};

// Reads a whole file; returns "" when it cannot be read.
std::string ReadFileOrEmpty(const std::string& path);

}  // namespace vigil::testing

#endif  // VIGIL_TESTS_TESTING_SUBPROCESS_H_
