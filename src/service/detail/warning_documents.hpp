#pragma once
// Internal to the warnings service (service/detail/: not part of any service's interface).
// The JSON documents a warning row keeps beside the aggregate (whose document form is
// warnings/warning_json.hpp): its history and an upstream proposal awaiting the desk. This is the
// stored form, read back losslessly; what the API shows is rendered at the HTTP edge.
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "service/warnings_results.hpp"

namespace eoc::service {

nlohmann::json historyDocument(const std::vector<WarningStep>& history);
std::vector<WarningStep> historyFromDocument(const nlohmann::json& doc);
nlohmann::json stepDocument(const WarningStep& step);

// `warningId` names the warning in the stored request path.
nlohmann::json proposalDocument(const RelayProposal& proposal, const std::string& warningId);
// Null → nullopt. Throws EocError(StorageError) naming the field on a document eoc did not write.
std::optional<RelayProposal> proposalFromDocument(const nlohmann::json& doc);

}  // namespace eoc::service
