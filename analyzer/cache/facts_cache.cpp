// Cache entries on disk: naming, header checks, atomic writes (see facts_cache.h).
#include "analyzer/cache/facts_cache.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <random>
#include <thread>

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

bool write_all(int fd, std::string_view data) {
  while (!data.empty()) {
    ssize_t n = ::write(fd, data.data(), data.size());
    if (n <= 0) return false;
    data.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

void write_small_file(const std::filesystem::path& p, std::string_view content) {
  std::error_code ec;
  if (std::filesystem::exists(p, ec)) return;
  if (std::FILE* f = std::fopen(p.c_str(), "wb")) {
    std::fwrite(content.data(), 1, content.size(), f);
    std::fclose(f);
  }
}

}  // namespace

ContentHash hash_content(std::string_view content) {
  XXH128_hash_t h = ARCHVERIFY_XXH3_128(content.data(), content.size());
  return ContentHash{h.low64, h.high64};
}

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

std::optional<std::string_view> FactsCache::read_entry(const std::string& file, const ContentHash& key,
                                                       ByteBuffer& bytes) const {
  if (read_whole_file(file.c_str(), bytes) != 0) return std::nullopt;
  const std::string_view whole = bytes.view();
  if (whole.size() < header_.size() + kTrailerSize || whole.compare(0, header_.size(), header_) != 0) return std::nullopt;
  const char* p = whole.data() + header_.size();
  if (get_u64(p) != key.low || get_u64(p + 8) != key.high) return std::nullopt;
  std::uint64_t payload_size = get_u64(p + 16);
  std::uint64_t checksum = get_u64(p + 24);
  std::string_view payload = whole.substr(header_.size() + kTrailerSize);
  if (payload_size != payload.size() || ARCHVERIFY_XXH3_64(payload.data(), payload.size()) != checksum) return std::nullopt;
  return payload;
}

std::optional<model::FileFacts> FactsCache::load(const ContentHash& key, model::SyntaxSlabs* slabs,
                                                 ByteBuffer* buffer) const {
  ByteBuffer own;
  std::optional<std::string_view> payload = read_entry(entry_path({}, key), key, buffer ? *buffer : own);
  model::FileFacts facts;
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
void FactsCache::write_entry(const std::string& target, const ContentHash& key, Encode encode) const {
  if (!ensure_dir()) return;
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

  // Unique per process, thread and write (plus a random salt, for processes in
  // other PID namespaces sharing the folder): writers never share a temp file.
  static const std::uint64_t salt = std::random_device{}();
  static std::atomic<std::uint64_t> writes{0};
  std::string tmp = target;
  tmp += ".tmp." + std::to_string(::getpid()) + "." +
         hex64(salt ^ static_cast<std::uint64_t>(std::hash<std::thread::id>{}(std::this_thread::get_id()))) + "." +
         std::to_string(writes++);
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return;
  bool ok = write_all(fd, bytes);
  ok = (::close(fd) == 0) && ok;
  if (!ok || std::rename(tmp.c_str(), target.c_str()) != 0) ::unlink(tmp.c_str());
}

void FactsCache::store(const ContentHash& key, const model::FileFacts& facts) const {
  write_entry(entry_path({}, key), key, [&](std::string& out) { encode_facts(facts, out); });
}

void FactsCache::store_blob(std::string_view kind, const ContentHash& key, std::string_view payload) const {
  write_entry(blob_path(kind, key), key, [&](std::string& out) { out.append(payload); });
}

}  // namespace archverify::cache
