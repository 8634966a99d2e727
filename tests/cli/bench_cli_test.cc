// Copyright 2026 The Vigil Authors.
//
// End-to-end tests of `vigil bench match`.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "testing/subprocess.h"

namespace vigil {
namespace {

using ::vigil::testing::BinaryPath;
using ::vigil::testing::ProcessResult;
using ::vigil::testing::RunProcess;

ProcessResult Vigil(std::vector<std::string> args) {
  args.insert(args.begin(), BinaryPath("vigil"));
  return RunProcess(args);
}

TEST(BenchCliTest, MatchPrintsOneJsonObjectWithFullRecall) {
  ProcessResult r =
      Vigil({"bench", "match", "--size", "20000", "--queries", "500",
             "--radius", "31", "--threads", "2", "--seed", "7"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ASSERT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 1) << r.out;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["size"], 20000);
  EXPECT_EQ(j["queries"], 500);
  EXPECT_EQ(j["radius"], 31);
  EXPECT_EQ(j["threads"], 2);
  EXPECT_GT(j["build_s"].get<double>(), 0.0);
  EXPECT_GT(j["queries_per_s"].get<double>(), 0.0);
  EXPECT_GT(j["bytes_per_hash"].get<double>(), 32.0);
  EXPECT_EQ(j["recall_checked"], 100);
  EXPECT_EQ(j["recall"].get<double>(), 1.0);
  EXPECT_EQ(j["extra_results"], 0);
  // Half of the sampled queries are planted within 24 bits: they match.
  EXPECT_GE(j["recall_expected_matches"].get<int>(), 50);
}

TEST(BenchCliTest, LargeRadiusAndOneThread) {
  ProcessResult r = Vigil({"bench", "match", "--size", "3000", "--queries",
                           "100", "--radius", "64", "--threads", "1"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["recall"].get<double>(), 1.0);
  EXPECT_EQ(j["recall_checked"], 100);
}

TEST(BenchCliTest, BadFlagsAreUsageErrors) {
  for (std::vector<std::string> args :
       {std::vector<std::string>{"bench", "match", "--radius", "65"},
        std::vector<std::string>{"bench", "match", "--size", "0"},
        std::vector<std::string>{"bench", "match", "--threads", "zero"},
        std::vector<std::string>{"bench", "match", "--no-such-flag"},
        std::vector<std::string>{"bench"}}) {
    ProcessResult r = Vigil(args);
    EXPECT_EQ(r.exit_code, 2) << args.back() << ": " << r.err;
    EXPECT_EQ(r.out, "");
    EXPECT_THAT(r.err, ::testing::StartsWith("vigil: "));
  }
}

}  // namespace
}  // namespace vigil
