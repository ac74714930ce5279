#pragma once
// What drills need of the warnings area, typed: a live drill's exercise warning is drafted, issued
// and lifted through this interface (WarningsService implements it). Everything it issues is an
// Exercise — there is no way to say otherwise here — and carries the drill's id.
#include <optional>
#include <string>
#include <vector>

#include "core/principal.hpp"
#include "core/time.hpp"

namespace eoc::service {

struct ExerciseWarning {
  std::string drillId;
  std::string type;                     // signal type key of the catalogue
  std::string level;                    // its colour
  std::vector<std::string> committees;  // the participating committees
  TimePoint onset{};
  TimePoint expires{};
  std::string description;  // begins with 【演练】
};

class ExerciseWarnings {
 public:
  virtual ~ExerciseWarnings() = default;
  // The warning a drill has issued (drafts do not count), if any: a drill that crashed after
  // issuing adopts it instead of sending a second one.
  virtual std::optional<std::string> issuedFor(const std::string& drillId) const = 0;
  // Drafts and issues the exercise warning in the controller's name; returns its id. Throws
  // EocError (the draft's or the issue's) when it cannot.
  virtual std::string issueExercise(const Principal& controller, const ExerciseWarning& warning,
                                    const std::string& requestId) = 0;
  // Lifts it with a CAP Cancel. Throws EocError(InvalidTransition) when it already ended.
  virtual void cancelExercise(const Principal& controller, const std::string& warningId, const std::string& reason,
                              const std::string& requestId) = 0;
};

}  // namespace eoc::service
