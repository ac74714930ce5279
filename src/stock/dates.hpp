#pragma once
// Expiry dates are calendar days (what is printed on the goods), compared with today's date in
// Beijing: a batch is good through its expiry date and expired from the day after.
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "core/time.hpp"

namespace eoc::stock {

using Date = std::chrono::sys_days;

// Exactly "YYYY-MM-DD", a real calendar day between 2000 and 2199; nullopt otherwise.
std::optional<Date> parseDate(std::string_view text);
std::string formatDate(Date date);
// The calendar day in Beijing (+08:00) at `t`.
Date beijingDate(TimePoint t);

}  // namespace eoc::stock
