// Encoding of a loaded OpenAPI document (its operations, parameters,
// responses and the diagnostics the load produced) as a compact binary payload,
// so an unchanged spec is read back from the facts cache instead of being
// parsed by the YAML library again on every run. Decoding validates every
// field: a payload that does not have exactly this shape is nullopt (a miss),
// never a partly filled SpecLoad.
#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "analyzer/openapi/openapi_loader.h"

namespace archverify::openapi {

// Bump when the payload's shape or the loader's meaning changes.
// 1: JSON; 2: binary (LEB128 integers, length-prefixed strings).
inline constexpr int kSpecCodecVersion = 2;

std::string encode_spec_load(const SpecLoad& load);
std::optional<SpecLoad> decode_spec_load(std::string_view payload);

}  // namespace archverify::openapi
