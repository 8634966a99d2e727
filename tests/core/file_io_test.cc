// Copyright 2026 The Vigil Authors.

#include "core/internal/file_io.h"

#include <sys/stat.h>

#include <string>

#include "testing/status_matchers.h"
#include "testing/subprocess.h"

namespace vigil::internal {
namespace {

using ::testing::HasSubstr;
using ::vigil::testing::StatusIs;
using ::vigil::testing::TempDir;

TEST(FileIoTest, ReadsWholeFile) {
  TempDir dir;
  std::string contents(100000, 'x');
  contents[5] = '\0';
  std::string path = dir.WriteFile("a.bin", contents);
  VIGIL_ASSERT_OK_AND_ASSIGN(auto data, ReadFileBounded(path, 1 << 20));
  EXPECT_EQ(std::string(data.begin(), data.end()), contents);
}

TEST(FileIoTest, EmptyFile) {
  TempDir dir;
  std::string path = dir.WriteFile("empty", "");
  VIGIL_ASSERT_OK_AND_ASSIGN(auto data, ReadFileBounded(path, 10));
  EXPECT_TRUE(data.empty());
}

TEST(FileIoTest, ExactlyAtLimitIsAccepted) {
  TempDir dir;
  std::string path = dir.WriteFile("ten", "0123456789");
  VIGIL_ASSERT_OK_AND_ASSIGN(auto data, ReadFileBounded(path, 10));
  EXPECT_EQ(data.size(), 10u);
}

TEST(FileIoTest, OverLimitIsRefused) {
  TempDir dir;
  std::string path = dir.WriteFile("eleven", "0123456789a");
  EXPECT_THAT(ReadFileBounded(path, 10),
              StatusIs(StatusCode::kLimitExceeded,
                       "file is 11 bytes, over the limit of 10 bytes"));
}

TEST(FileIoTest, MissingFile) {
  TempDir dir;
  EXPECT_THAT(ReadFileBounded(dir.path() + "/nope", 10),
              StatusIs(StatusCode::kNotFound, HasSubstr("open")));
}

TEST(FileIoTest, DirectoryAndFifoAreRefused) {
  TempDir dir;
  EXPECT_THAT(ReadFileBounded(dir.path(), 10),
              StatusIs(StatusCode::kInvalidArgument, "is a directory"));
  std::string fifo = dir.path() + "/fifo";
  ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);
  EXPECT_THAT(ReadFileBounded(fifo, 10),
              StatusIs(StatusCode::kInvalidArgument, "not a regular file"));
}

TEST(FileIoTest, ProcFileWithZeroSizeIsReadFully) {
  // /proc files report size 0 but have content: the reader must not trust
  // st_size for the amount to read.
  VIGIL_ASSERT_OK_AND_ASSIGN(auto data,
                             ReadFileBounded("/proc/self/status", 1 << 20));
  EXPECT_GT(data.size(), 100u);
  EXPECT_THAT(
      ReadFileBounded("/proc/self/status", 10),
      StatusIs(StatusCode::kLimitExceeded, HasSubstr("over the limit")));
}

}  // namespace
}  // namespace vigil::internal
