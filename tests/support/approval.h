// Approval testing for reporter output (Catch2's own approvalTests idea):
// compare a rendered text with tests/approved/<name>; on a mismatch write
// tests/approved/<stem>.received.<ext> next to it so a reviewer can diff the
// two, and accept intentional changes with tests/approve.sh.
#pragma once
#include <string>
#include <string_view>

namespace archverify::testing {

struct ApprovalResult {
  bool matches = false;
  std::string describe;  // what differs and where the received file went
};

ApprovalResult check_approved(std::string_view name, std::string_view received);

}  // namespace archverify::testing
