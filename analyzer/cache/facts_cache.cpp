// Cache entries on disk: naming, header checks, atomic writes (see facts_cache.h).
#include "analyzer/cache/facts_cache.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <deque>
#include <unordered_set>

#include <xxhash.h>
// On x86-64, libxxhash picks the widest vector unit the CPU has (AVX2,
// AVX-512) at run time; the inline header alone is built for the baseline
// (SSE2). Same hash values either way.
#if defined(__x86_64__) && __has_include(<xxh_x86dispatch.h>)
#define XXH_DISPATCH_DISABLE_REPLACE
#include <xxh_x86dispatch.h>
#define ARCHVERIFY_XXH3_64 XXH3_64bits_dispatch
#define ARCHVERIFY_XXH3_128 XXH3_128bits_dispatch
#else
#define ARCHVERIFY_XXH3_64 XXH3_64bits
#define ARCHVERIFY_XXH3_128 XXH3_128bits
#endif

#include "analyzer/cache/atomic_write.h"
#include "analyzer/cache/facts_codec.h"

namespace archverify::cache {

namespace {

constexpr char kMagic[8] = {'A', 'V', 'F', 'A', 'C', 'T', 'S', '\0'};
// Fixed part after the versioned prefix: content hash (16), payload size (8), checksum (8).
constexpr std::size_t kTrailerSize = 32;

void put_u64(std::string& out, std::uint64_t v) {
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}
std::uint64_t get_u64(const char* p) {
  std::uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v |= static_cast<std::uint64_t>(static_cast<unsigned char>(p[i])) << (8 * i);
  return v;
}

std::string hex64(std::uint64_t v) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(v));
  return buf;
}

void write_small_file(const std::filesystem::path& p, std::string_view content) {
  std::error_code ec;
  if (std::filesystem::exists(p, ec)) return;
  if (std::FILE* f = std::fopen(p.c_str(), "wb")) {
    std::fwrite(content.data(), 1, content.size(), f);
    std::fclose(f);
  }
}

// Best effort: a failed write leaves no file behind.
void write_file(const std::string& target, std::string_view bytes) {
  const std::string tmp = unique_temp_path(target);
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return;
  bool ok = write_all(fd, bytes);
  ok = (::close(fd) == 0) && ok;
  if (!ok || std::rename(tmp.c_str(), target.c_str()) != 0) ::unlink(tmp.c_str());
}

}  // namespace

ContentHash hash_content(std::string_view content) {
  XXH128_hash_t h = ARCHVERIFY_XXH3_128(content.data(), content.size());
  return ContentHash{h.low64, h.high64};
}

std::uint64_t checksum64(std::string_view bytes) { return ARCHVERIFY_XXH3_64(bytes.data(), bytes.size()); }

FactsCache::FactsCache(std::filesystem::path root, std::string_view versions) : root_(std::move(root)) {
  std::string tag = "facts format " + std::to_string(kFactsFormatVersion) + "; " + std::string(versions);
  header_.assign(kMagic, sizeof kMagic);
  put_u64(header_, tag.size());
  header_ += tag;
  dir_ = root_ / ("facts-v" + std::to_string(kFactsFormatVersion) + "-" + hex64(XXH3_64bits(tag.data(), tag.size())));
}

std::string FactsCache::entry_path(std::string_view prefix, const ContentHash& key) const {
  std::string path = dir_.native();
  path += '/';
  path += prefix;
  path += hex64(key.high);
  path += hex64(key.low);
  return path;
}

bool FactsCache::ensure_dir() const {
  if (dir_ready_.load()) return true;
  std::error_code ec;
  bool fresh_root = !std::filesystem::exists(root_, ec);
  std::filesystem::create_directories(dir_, ec);
  if (!std::filesystem::is_directory(dir_, ec)) return false;
  if (fresh_root) {
    // Keep the cache out of version control and backups.
    write_small_file(root_ / ".gitignore", "# Created by archverify: the facts cache is never committed.\n*\n");
    write_small_file(root_ / "CACHEDIR.TAG",
                     "Signature: 8a477f597d28d172789f06886806bc55\n# archverify facts cache (safe to delete)\n");
  }
  dir_ready_.store(true);
  return true;
}

std::string FactsCache::blob_path(std::string_view kind, const ContentHash& key) const {
  return entry_path(std::string(kind) + "-", key);
}

std::optional<std::string_view> FactsCache::check_entry(std::string_view whole, const ContentHash& key) const {
  if (whole.size() < header_.size() + kTrailerSize || whole.compare(0, header_.size(), header_) != 0) return std::nullopt;
  const char* p = whole.data() + header_.size();
  if (get_u64(p) != key.low || get_u64(p + 8) != key.high) return std::nullopt;
  std::uint64_t payload_size = get_u64(p + 16);
  std::uint64_t checksum = get_u64(p + 24);
  std::string_view payload = whole.substr(header_.size() + kTrailerSize);
  if (payload_size != payload.size() || ARCHVERIFY_XXH3_64(payload.data(), payload.size()) != checksum) return std::nullopt;
  return payload;
}

std::optional<std::string_view> FactsCache::read_entry(const std::string& file, const ContentHash& key,
                                                       ByteBuffer& bytes) const {
  if (read_whole_file(file.c_str(), bytes) != 0) return std::nullopt;
  return check_entry(bytes.view(), key);
}

std::optional<model::FileFacts> FactsCache::load(const ContentHash& key, model::SyntaxSlabs* slabs,
                                                 ByteBuffer* buffer) const {
  ByteBuffer own;
  ByteBuffer& bytes = buffer ? *buffer : own;
  model::FileFacts facts;
  // The pack first; a loose entry when the pack has none (or a bad one).
  if (pack_) {
    if (auto whole = pack_->entry(key, bytes))
      if (auto payload = check_entry(*whole, key); payload && decode_facts(*payload, facts, slabs)) {
        ++hits_;
        return facts;
      }
    facts = model::FileFacts();
  }
  std::optional<std::string_view> payload = read_entry(entry_path({}, key), key, bytes);
  if (!payload || !decode_facts(*payload, facts, slabs)) {
    ++misses_;
    return std::nullopt;
  }
  ++hits_;
  return facts;
}

std::optional<std::string> FactsCache::load_blob(std::string_view kind, const ContentHash& key) const {
  ByteBuffer bytes;
  std::optional<std::string_view> payload = read_entry(blob_path(kind, key), key, bytes);
  if (!payload) return std::nullopt;
  return std::string(*payload);
}

template <typename Encode>
std::string FactsCache::entry_bytes(const ContentHash& key, Encode encode) const {
  std::string bytes = header_;
  put_u64(bytes, key.low);
  put_u64(bytes, key.high);
  std::size_t sizes_at = bytes.size();
  put_u64(bytes, 0);
  put_u64(bytes, 0);
  std::size_t payload_at = bytes.size();
  encode(bytes);
  std::string_view payload(bytes.data() + payload_at, bytes.size() - payload_at);
  std::uint64_t checksum = ARCHVERIFY_XXH3_64(payload.data(), payload.size());
  std::string sizes;
  put_u64(sizes, payload.size());
  put_u64(sizes, checksum);
  bytes.replace(sizes_at, 16, sizes);
  return bytes;
}

template <typename Encode>
void FactsCache::write_entry(const std::string& target, const ContentHash& key, Encode encode) const {
  if (!ensure_dir()) return;
  write_file(target, entry_bytes(key, encode));
}

void FactsCache::store(const ContentHash& key, const model::FileFacts& facts) const {
  auto encode = [&](std::string& out) { encode_facts(facts, out); };
  if (!holding_) {
    write_entry(entry_path({}, key), key, encode);
    return;
  }
  std::string bytes = entry_bytes(key, encode);
  std::lock_guard lock(held_mutex_);
  held_.try_emplace(key, std::move(bytes));
}

void FactsCache::begin_run(std::int64_t stats_since_ns) {
  stamp_horizon_ns_ = stats_since_ns - kStampMarginNs;
  pack_ = FactsPack::open(pack_path(), header_);
  holding_ = !pack_;
}

std::optional<ContentHash> FactsCache::stamped_key(std::string_view path, const FileStamp& stamp) const {
  if (!pack_) return std::nullopt;
  return pack_->stamped_key(path, stamp);
}

std::string FactsCache::pack_path() const { return (dir_ / "pack").native(); }

FactsCache::RunOutcome FactsCache::finish_run(const std::vector<StampRecord>& files) {
  // Files a new pack would let the next run take by their stamp, which this
  // one could not: stamps old enough to trust, not (or differently) in the pack.
  RunOutcome outcome;
  for (const StampRecord& f : files) {
    if (f.stamp.newest_ns() >= stamp_horizon_ns_) ++outcome.too_fresh;
    else if (stamped_key(f.path, f.stamp) != f.key) ++outcome.uncovered;
  }
  const std::size_t n = files.size();
  // Rewriting costs about a read of the pack; a file left uncovered costs a
  // read and a hash of its source in every run: rewrite once 1 file in 16 is.
  // Also once a quarter of the pack is content no file has any more.
  const bool rebuild =
      !pack_ ? n > 0 : outcome.uncovered * 16 > n || pack_->entry_count() > n + std::max<std::size_t>(64, n / 4);
  if (rebuild && ensure_dir() && write_new_pack(files)) {
    remove_loose_entries();
    outcome.pack_written = true;
  } else {
    for (const auto& [key, bytes] : held_) write_file(entry_path({}, key), bytes);  // the pack was not written
  }
  held_.clear();
  holding_ = false;
  return outcome;
}

bool FactsCache::write_new_pack(const std::vector<StampRecord>& files) const {
  std::vector<PackEntrySource> entries;
  std::deque<ByteBuffer> loose;  // entries read from loose files (stable addresses)
  std::unordered_set<ContentHash, KeyHash> placed, missing;
  for (const StampRecord& f : files) {
    if (placed.contains(f.key) || missing.contains(f.key)) continue;
    if (auto held = held_.find(f.key); held != held_.end()) {
      entries.push_back(PackEntrySource{f.key, held->second});
    } else if (pack_ && pack_->contains(f.key)) {
      entries.push_back(PackEntrySource{f.key, {}, pack_.get()});
    } else if (read_entry(entry_path({}, f.key), f.key, loose.emplace_back())) {
      entries.push_back(PackEntrySource{f.key, loose.back().view()});
    } else {
      missing.insert(f.key);  // gone meanwhile (another run packed it): the next run parses it
      continue;
    }
    placed.insert(f.key);
  }
  std::vector<StampRecord> stamps;
  for (const StampRecord& f : files)
    if (f.stamp.newest_ns() < stamp_horizon_ns_ && placed.contains(f.key)) stamps.push_back(f);
  // Two files of the run may not share a path; keep the first if they do.
  std::sort(stamps.begin(), stamps.end(), [](const StampRecord& a, const StampRecord& b) { return a.path < b.path; });
  stamps.erase(std::unique(stamps.begin(), stamps.end(),
                           [](const StampRecord& a, const StampRecord& b) { return a.path == b.path; }),
               stamps.end());
  return write_pack(pack_path(), header_, entries, std::move(stamps));
}

void FactsCache::remove_loose_entries() const {
  // Every loose entry is in the new pack or belongs to content no file has
  // any more. Temporary files are left to their writers unless abandoned.
  DIR* d = ::opendir(dir_.c_str());
  if (!d) return;
  const std::time_t abandoned = std::time(nullptr) - 3600;
  while (const dirent* e = ::readdir(d)) {
    const std::string_view name = e->d_name;
    const std::string path = (dir_ / e->d_name).native();
    if (name.size() == 32 && name.find_first_not_of("0123456789abcdef") == std::string_view::npos) {
      ::unlink(path.c_str());
    } else if (is_temp_name(name)) {
      struct stat st {};
      if (::lstat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) && st.st_mtime < abandoned) ::unlink(path.c_str());
    }
  }
  ::closedir(d);
}

void FactsCache::store_blob(std::string_view kind, const ContentHash& key, std::string_view payload) const {
  write_entry(blob_path(kind, key), key, [&](std::string& out) { out.append(payload); });
}

}  // namespace archverify::cache
