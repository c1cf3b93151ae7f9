// Approval comparison. The approved folder comes from the build
// (AV_APPROVED_DIR = <source>/tests/approved).
#include "tests/support/approval.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#ifndef AV_APPROVED_DIR
#error "AV_APPROVED_DIR must name tests/approved"
#endif

namespace archverify::testing {
namespace {

std::filesystem::path received_path(const std::filesystem::path& approved) {
  return approved.parent_path() /
         (approved.stem().string() + ".received" + approved.extension().string());
}

}  // namespace

ApprovalResult check_approved(std::string_view name, std::string_view received) {
  const std::filesystem::path approved = std::filesystem::path(AV_APPROVED_DIR) / std::string(name);
  const auto rec = received_path(approved);
  std::string expected;
  bool have = false;
  {
    std::ifstream in(approved, std::ios::binary);
    if (in) {
      std::ostringstream s;
      s << in.rdbuf();
      expected = s.str();
      have = true;
    }
  }
  ApprovalResult r;
  if (have && expected == received) {
    std::error_code ec;
    std::filesystem::remove(rec, ec);
    r.matches = true;
    return r;
  }
  std::ofstream(rec, std::ios::binary | std::ios::trunc) << received;
  std::ostringstream d;
  if (!have) {
    d << approved.string() << " does not exist";
  } else {
    std::size_t line = 1, i = 0;
    while (i < expected.size() && i < received.size() && expected[i] == received[i]) {
      if (expected[i] == '\n') ++line;
      ++i;
    }
    d << approved.string() << " differs from the output from line " << line;
  }
  d << "; wrote " << rec.string() << " (diff them; accept with tests/approve.sh)";
  r.describe = d.str();
  return r;
}

}  // namespace archverify::testing
