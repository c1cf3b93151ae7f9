// A synthetic Report for reporter tests: three rules (TEN001, AUTH001, DB001)
// over a tiny made-up FastAPI app, with a counted finding, a suppressed one,
// a baselined one, one with a related location, a fixed baseline entry and
// two diagnostics. Fingerprints, line hashes and the score are computed by
// av_engine from the inline source texts, exactly as a real run would.
#pragma once
#include "analyzer/core/report.h"

namespace archverify::testing {

Report make_sample_report();

// A report of a run that found nothing and examined nothing.
Report make_empty_report();

}  // namespace archverify::testing
