#include "duty/reports.hpp"

#include <algorithm>

#include "core/error.hpp"
#include "duty/detail/text.hpp"
#include "duty/log.hpp"

namespace eoc::duty {

namespace {

constexpr std::pair<ReportStage, std::string_view> kStages[] = {{ReportStage::First, "first"},
                                                                {ReportStage::Update, "update"},
                                                                {ReportStage::Final, "final"},
                                                                {ReportStage::Zero, "zero"}};
constexpr std::pair<ReportChannel, std::string_view> kChannels[] = {{ReportChannel::Phone, "phone"},
                                                                    {ReportChannel::Written, "written"}};

Report common(const ReportRequest& request, const ReportLimits& limits) {
  Report report;
  auto channel = parseReportChannel(request.channel);
  if (!channel)
    throw EocError(ErrorCode::InvalidParameter, "channel: \"" + request.channel + "\" is not one of phone, written");
  report.channel = *channel;
  if (detail::isBlank(request.content)) throw EocError(ErrorCode::InvalidBody, "content: must not be empty");
  if (codePoints(request.content) > limits.maxContentCodePoints)
    throw EocError(ErrorCode::InvalidBody,
                   "content: longer than " + std::to_string(limits.maxContentCodePoints) + " characters");
  if (detail::isBlank(request.to)) throw EocError(ErrorCode::InvalidBody, "to: must name whom the report went to");
  if (codePoints(request.to) > limits.maxToCodePoints)
    throw EocError(ErrorCode::InvalidBody, "to: longer than " + std::to_string(limits.maxToCodePoints) + " characters");
  report.content = request.content;
  report.to = request.to;
  return report;
}

bool has(const std::vector<Report>& filed, ReportStage stage) {
  return std::any_of(filed.begin(), filed.end(), [&](const Report& r) { return r.stage == stage; });
}

}  // namespace

std::string_view reportStageKey(ReportStage stage) {
  for (const auto& [s, key] : kStages)
    if (s == stage) return key;
  throw std::logic_error("ReportStage without a name");
}

std::optional<ReportStage> parseReportStage(std::string_view key) {
  for (const auto& [s, k] : kStages)
    if (k == key) return s;
  return std::nullopt;
}

std::string_view reportChannelKey(ReportChannel channel) {
  for (const auto& [c, key] : kChannels)
    if (c == channel) return key;
  throw std::logic_error("ReportChannel without a name");
}

std::optional<ReportChannel> parseReportChannel(std::string_view key) {
  for (const auto& [c, k] : kChannels)
    if (k == key) return c;
  return std::nullopt;
}

Report validateIncidentReport(const ReportRequest& request, const std::vector<Report>& filed,
                              const ReportLimits& limits) {
  auto stage = parseReportStage(request.stage);
  if (!stage || *stage == ReportStage::Zero)
    throw EocError(ErrorCode::InvalidParameter,
                   "stage: \"" + request.stage + "\" is not one of first, update, final" +
                       (stage ? " (a zero report is the desk's, filed at POST /duty/zero-reports)" : ""));
  if (request.date) throw EocError(ErrorCode::InvalidBody, "date: only a zero report reports for a date");
  Report report = common(request, limits);
  report.stage = *stage;
  if (has(filed, ReportStage::Final))
    throw EocError(ErrorCode::InvalidTransition, "the final report (终报) is filed; no report follows it");
  if (*stage != ReportStage::First && !has(filed, ReportStage::First))
    throw EocError(ErrorCode::InvalidTransition,
                   std::string("stage: ") +
                       (*stage == ReportStage::Update ? "an update (续报)" : "a final report (终报)") +
                       " needs the first report (首报) before it");
  return report;
}

Report validateZeroReport(const ReportRequest& request, Date defaultDate, const ReportLimits& limits) {
  if (!request.stage.empty() && request.stage != "zero")
    throw EocError(ErrorCode::InvalidParameter, "stage: a zero report has stage \"zero\"");
  Report report = common(request, limits);
  report.stage = ReportStage::Zero;
  report.forDate = defaultDate;
  if (request.date) {
    report.forDate = parseDate(*request.date);
    if (!report.forDate || request.date->size() != 10)
      throw EocError(ErrorCode::InvalidTime, "date: \"" + *request.date + "\" is not a date such as 2026-12-02");
  }
  return report;
}

void checkCanClose(const std::string& incidentId, const std::vector<Report>& filed) {
  if (!has(filed, ReportStage::Final))
    throw EocError(ErrorCode::Conflict, "incident " + incidentId +
                                            " has no final report (终报); file it with POST /incidents/" + incidentId +
                                            "/reports {\"stage\": \"final\", …} before closing");
}

}  // namespace eoc::duty
