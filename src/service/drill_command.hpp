#pragma once
// `eoc drill plan|run --simulate|report` on the command line. The drills use cases run on the
// store with only what they need — the data files, the store and the drills service — and nothing
// else is started: no webhook delivery resumes, no warning expires, no live drill fires (a serving
// eoc may be running on the same store). Live runs belong to the serving eoc (http/drill_client).
// The command's edge (reading its arguments and files, printing) is http/drill_command.hpp.
#include <memory>

#include "core/config.hpp"
#include "service/drills_service.hpp"

namespace eoc::service {

// The drills use cases over the data and the store of `config`, and nothing else.
class DrillCommandHost {
 public:
  // Throws EocError(InvalidParameter) naming the file when the data does not load.
  explicit DrillCommandHost(const Config& config);
  ~DrillCommandHost();
  DrillCommandHost(const DrillCommandHost&) = delete;
  DrillCommandHost& operator=(const DrillCommandHost&) = delete;

  DrillsService& drills();

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace eoc::service
