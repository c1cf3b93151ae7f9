// The cache's way of writing a file so that no reader ever sees it half
// written: into a temporary file of a name no other writer uses (process,
// thread, write count and a random salt), renamed over the target once whole.
#pragma once
#include <string>
#include <string_view>

namespace archverify::cache {

// A fresh temporary path next to `target` ("<target>.tmp.<pid>.<salt>.<n>").
std::string unique_temp_path(const std::string& target);

// Writes all of `data` to `fd`; false on any failed or short write.
bool write_all(int fd, std::string_view data);

// True for names unique_temp_path gives (of any target in the folder).
bool is_temp_name(std::string_view name);

}  // namespace archverify::cache
