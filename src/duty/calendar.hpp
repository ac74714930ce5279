#pragma once
// Dates and clock times of the duty desk, in Beijing time (UTC+8, no daylight saving): a roster's
// "2026/12/2" and "08:00", a day's log, a daily deadline "by 09:00".
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "core/time.hpp"

namespace eoc::duty {

using Date = std::chrono::year_month_day;
using std::chrono::minutes;

// 00:00 Beijing time of `date`.
TimePoint startOfDay(Date date);
// `date` at `minuteOfDay` (may be 1440 or more: the next day).
TimePoint atMinute(Date date, minutes minuteOfDay);
// The Beijing date of `t`.
Date dateOf(TimePoint t);
// Minutes since Beijing midnight of `t` (0–1439).
minutes minuteOfDay(TimePoint t);

// "2026-12-02".
std::string formatDate(Date date);
// "12月2日": for texts.
std::string formatChineseDate(Date date, bool withYear = false);
// "08:00" (1440 → "24:00").
std::string formatClock(minutes minuteOfDay);
// "2026年12月2日14时35分".
std::string formatChineseTime(TimePoint t);

// The ways an office writes a date: "2026-12-02", "2026/12/2", "2026.12.2", "2026年12月2日", and a
// spreadsheet's date-time cell at midnight ("2026/12/02 00:00:00"). nullopt for anything else,
// including impossible dates (2026-02-30).
std::optional<Date> parseDate(std::string_view text);

// "08:00", "8:00", "08:00:00", full-width "08：00", and "24:00" (the end of a day) → minutes
// since midnight. nullopt for anything else.
std::optional<minutes> parseClock(std::string_view text);

}  // namespace eoc::duty
