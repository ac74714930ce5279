#include "teams/assignment.hpp"

#include <limits>
#include <stdexcept>

namespace eoc::teams {

namespace {

// Rows <= columns. Potentials u (rows) and v (columns), 1-based with column 0 as the virtual
// start; p[j] is the row matched to column j.
std::vector<int> hungarian(const std::vector<std::vector<double>>& a, size_t n, size_t m) {
  const double inf = std::numeric_limits<double>::infinity();
  std::vector<double> u(n + 1, 0), v(m + 1, 0);
  std::vector<size_t> p(m + 1, 0), way(m + 1, 0);
  for (size_t i = 1; i <= n; ++i) {
    p[0] = i;
    size_t j0 = 0;
    std::vector<double> minv(m + 1, inf);
    std::vector<char> used(m + 1, 0);
    do {
      used[j0] = 1;
      size_t i0 = p[j0], j1 = 0;
      double delta = inf;
      for (size_t j = 1; j <= m; ++j) {
        if (used[j]) continue;
        double cur = a[i0 - 1][j - 1] - u[i0] - v[j];
        if (cur < minv[j]) {
          minv[j] = cur;
          way[j] = j0;
        }
        if (minv[j] < delta) {
          delta = minv[j];
          j1 = j;
        }
      }
      for (size_t j = 0; j <= m; ++j) {
        if (used[j]) {
          u[p[j]] += delta;
          v[j] -= delta;
        } else {
          minv[j] -= delta;
        }
      }
      j0 = j1;
    } while (p[j0] != 0);
    do {
      size_t j1 = way[j0];
      p[j0] = p[j1];
      j0 = j1;
    } while (j0 != 0);
  }
  std::vector<int> columnOfRow(n, -1);
  for (size_t j = 1; j <= m; ++j)
    if (p[j] != 0) columnOfRow[p[j] - 1] = int(j - 1);
  return columnOfRow;
}

size_t columnsOf(const std::vector<std::vector<double>>& cost) {
  size_t m = cost.empty() ? 0 : cost.front().size();
  for (const auto& row : cost)
    if (row.size() != m) throw std::invalid_argument("assignment cost matrix must be rectangular");
  return m;
}

double totalOf(const std::vector<std::vector<double>>& cost, const std::vector<int>& columnOfRow) {
  double total = 0;
  for (size_t i = 0; i < columnOfRow.size(); ++i)
    if (columnOfRow[i] >= 0) total += cost[i][size_t(columnOfRow[i])];
  return total;
}

}  // namespace

Assignment solveAssignment(const std::vector<std::vector<double>>& cost) {
  size_t n = cost.size(), m = columnsOf(cost);
  Assignment result;
  result.columnOfRow.assign(n, -1);
  if (n == 0 || m == 0) return result;
  if (n <= m) {
    result.columnOfRow = hungarian(cost, n, m);
  } else {
    // More points than teams: solve the transpose, where every team gets one point.
    std::vector<std::vector<double>> t(m, std::vector<double>(n));
    for (size_t i = 0; i < n; ++i)
      for (size_t j = 0; j < m; ++j) t[j][i] = cost[i][j];
    auto rowOfColumn = hungarian(t, m, n);
    for (size_t j = 0; j < m; ++j) result.columnOfRow[size_t(rowOfColumn[j])] = int(j);
  }
  result.total = totalOf(cost, result.columnOfRow);
  return result;
}

Assignment greedyAssignment(const std::vector<std::vector<double>>& cost) {
  size_t n = cost.size(), m = columnsOf(cost);
  Assignment result;
  result.columnOfRow.assign(n, -1);
  std::vector<char> taken(m, 0);
  for (size_t i = 0; i < n; ++i) {
    int best = -1;
    for (size_t j = 0; j < m; ++j)
      if (!taken[j] && (best < 0 || cost[i][j] < cost[i][size_t(best)])) best = int(j);
    if (best < 0) break;
    taken[size_t(best)] = 1;
    result.columnOfRow[i] = best;
  }
  result.total = totalOf(cost, result.columnOfRow);
  return result;
}

}  // namespace eoc::teams
