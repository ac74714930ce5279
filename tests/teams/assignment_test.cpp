#include <gtest/gtest.h>

#include <algorithm>
#include <limits>
#include <numeric>
#include <random>

#include "teams/assignment.hpp"

namespace eoc::teams::assignment_test {
namespace {

using Matrix = std::vector<std::vector<double>>;

// Every injective map of the smaller side into the larger one.
double bruteForceMinimum(const Matrix& cost) {
  size_t n = cost.size(), m = cost.front().size();
  double best = std::numeric_limits<double>::infinity();
  std::vector<size_t> cols(m);
  std::iota(cols.begin(), cols.end(), 0);
  if (n <= m) {
    do {
      double total = 0;
      for (size_t i = 0; i < n; ++i) total += cost[i][cols[i]];
      best = std::min(best, total);
    } while (std::next_permutation(cols.begin(), cols.end()));
  } else {
    std::vector<size_t> rows(n);
    std::iota(rows.begin(), rows.end(), 0);
    do {
      double total = 0;
      for (size_t j = 0; j < m; ++j) total += cost[rows[j]][j];
      best = std::min(best, total);
    } while (std::next_permutation(rows.begin(), rows.end()));
  }
  return best;
}

Matrix randomMatrix(std::mt19937& rng, size_t n, size_t m) {
  std::uniform_real_distribution<double> d(60, 3600);
  Matrix c(n, std::vector<double>(m));
  for (auto& row : c)
    for (auto& v : row) v = std::round(d(rng));
  return c;
}

void expectValid(const Assignment& a, const Matrix& cost) {
  size_t m = cost.front().size();
  std::vector<int> seen(m, 0);
  size_t covered = 0;
  double total = 0;
  for (size_t i = 0; i < a.columnOfRow.size(); ++i) {
    int j = a.columnOfRow[i];
    if (j < 0) continue;
    ++covered;
    total += cost[i][size_t(j)];
    EXPECT_EQ(++seen[size_t(j)], 1) << "column " << j << " used twice";
  }
  EXPECT_EQ(covered, std::min(cost.size(), m));
  EXPECT_DOUBLE_EQ(total, a.total);
}

TEST(Assignment, HungarianEqualsBruteForceOn300RandomSmallMatrices) {
  std::mt19937 rng(20260712);
  for (int round = 0; round < 300; ++round) {
    size_t n = 1 + rng() % 6, m = 1 + rng() % 6;
    auto cost = randomMatrix(rng, n, m);
    auto exact = solveAssignment(cost);
    expectValid(exact, cost);
    EXPECT_NEAR(exact.total, bruteForceMinimum(cost), 1e-9) << n << "x" << m << " round " << round;
  }
}

TEST(Assignment, HungarianBeatsOrEqualsGreedyAndStrictlyBeatsItOnTheClassicTrap) {
  std::mt19937 rng(7);
  for (int round = 0; round < 200; ++round) {
    auto cost = randomMatrix(rng, 1 + rng() % 8, 1 + rng() % 8);
    auto greedy = greedyAssignment(cost);
    expectValid(greedy, cost);
    EXPECT_LE(solveAssignment(cost).total, greedy.total + 1e-9);
  }
  // Greedy gives point 0 its nearest team (1 min) and leaves point 1 a 100-minute trip.
  Matrix trap = {{1, 2}, {3, 100}};
  EXPECT_EQ(greedyAssignment(trap).total, 101);
  auto exact = solveAssignment(trap);
  EXPECT_EQ(exact.total, 5);
  EXPECT_EQ(exact.columnOfRow, (std::vector<int>{1, 0}));
}

TEST(Assignment, MorePointsThanTeamsCoversTheCheapestPoints) {
  Matrix cost = {{50, 60}, {1, 90}, {80, 2}};
  auto a = solveAssignment(cost);
  EXPECT_EQ(a.columnOfRow, (std::vector<int>{-1, 0, 1}));
  EXPECT_EQ(a.total, 3);
}

TEST(Assignment, EmptyInputsGiveAnEmptyAssignmentAndRaggedOnesAreRefused) {
  EXPECT_TRUE(solveAssignment({}).columnOfRow.empty());
  EXPECT_EQ(solveAssignment({{}, {}}).columnOfRow, (std::vector<int>{-1, -1}));
  EXPECT_THROW(solveAssignment({{1, 2}, {3}}), std::invalid_argument);
}

}  // namespace
}  // namespace eoc::teams::assignment_test
