#pragma once
// Who receives broadcasts, as data. The file (default <geodata>/recipients.json) lists every
// recipient with its kind, the committees it covers, its webhook URL and secret (optional: no
// URL means in-app delivery over the event stream only), the phone list used when its ack is
// overdue, and whether it takes part in drills. Shape:
//   {"recipients": [{"code": "650103001", "kind": "committee", "name": "...",
//                    "committees": ["650103001"],       // or "all": true (a department)
//                    "webhook": {"url": "http://...", "secret": "whsec_<base64>"},
//                    "phones": ["0991-..."], "drills": true, "cap_sender": "..."}]}
// Every committee code must exist in the committees layer. Committees missing from the file are
// added as in-app recipients of their own committee, taking part in drills, so every committee
// can acknowledge.
#include <filesystem>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace eoc::broadcast {

struct Recipient {
  std::string code;                     // unique; a committee's own code for committees
  std::string kind = "committee";       // committee | department | school | community | ...
  std::string name;
  std::vector<std::string> committees;  // covered committees (empty with coversAll)
  bool coversAll = false;
  std::string url;                      // empty: in-app only
  std::string secret;                   // "whsec_<base64>"; never logged
  std::vector<std::string> phones;
  bool drills = false;                  // receives Exercise/Test messages
  std::string capSender;                // CAP sender of its Ack messages, if it sends any

  bool covers(const std::vector<std::string>& targeted) const;
};

struct RecipientList {
  std::vector<Recipient> recipients;
  const Recipient* find(const std::string& code) const;
  const Recipient* findByCapSender(const std::string& sender) const;
  // The recipients a message to these committees reaches; exercise messages reach only
  // recipients flagged for drills.
  std::vector<const Recipient*> targets(const std::vector<std::string>& committees, bool exercise) const;
};

// Reads and validates `file` (absent file: no entries), then completes the list with one in-app
// recipient per committee not listed. `committeeNames` maps every committee code to its name.
// Throws EocError(InvalidParameter) naming the file, JSON pointer and field.
RecipientList loadRecipients(const std::filesystem::path& file,
                             const std::vector<std::pair<std::string, std::string>>& committeeNames);

// Parses a JSON document (the file's content); `source` names it in errors.
RecipientList parseRecipients(const std::string& text, const std::string& source,
                              const std::vector<std::pair<std::string, std::string>>& committeeNames);

}  // namespace eoc::broadcast
