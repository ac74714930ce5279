#pragma once
// Minimum-cost assignment (the Hungarian method, Kuhn–Munkres with potentials): each row (a
// hazard point) gets a distinct column (a team) so that the total cost (ETA) is minimal. Exact,
// O(r² c) for r rows and c columns; used for pre-positioning teams before a warned event.
#include <vector>

namespace eoc::teams {

struct Assignment {
  std::vector<int> columnOfRow;  // -1 where a row is left uncovered (more rows than columns)
  double total = 0;              // sum of the costs of the covered rows
};

// `cost` is rows × columns, rectangular, finite. When rows <= columns every row is covered;
// otherwise exactly `columns` rows are, chosen to minimise the total.
Assignment solveAssignment(const std::vector<std::vector<double>>& cost);

// Each row in turn takes its cheapest free column: the baseline the exact method must beat or
// equal. Same shape of result.
Assignment greedyAssignment(const std::vector<std::vector<double>>& cost);

}  // namespace eoc::teams
