// The on-disk cache of per-file facts (`.archverify_cache/` at the repository
// root by default). An entry maps a file's content hash (XXH3-128) to its
// encoded model::FileFacts (facts_codec.h); entries live in a directory named
// after the format version, tool version and grammar version, so a new build
// never reads an old build's entries, and each entry repeats those versions,
// the content hash and a checksum of its payload in a header that is checked
// before anything is decoded. A missing, foreign, corrupted or truncated entry
// is a miss (the caller lowers the file again and overwrites it). Writes go to
// a unique temporary file renamed into place, so concurrent runs never see a
// half-written entry. Only per-file facts are cached: cross-file resolution
// and rules always run fresh. Safe to use from several threads at once.
#pragma once
#include <atomic>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "analyzer/core/whole_file.h"
#include "analyzer/model/syntax.h"

namespace archverify::cache {

struct ContentHash {
  std::uint64_t low = 0;
  std::uint64_t high = 0;
  bool operator==(const ContentHash&) const = default;
};

// XXH3-128 of a file's content (as read, after the BOM is dropped).
ContentHash hash_content(std::string_view content);

// The default cache folder name at the repository root (the walk skips it).
inline constexpr const char* kDefaultCacheDirName = ".archverify_cache";

class FactsCache {
 public:
  // `root`: the cache folder (created on the first store). `versions`: what
  // produced the facts (tool and grammar versions); the codec's format version
  // is added here.
  FactsCache(std::filesystem::path root, std::string_view versions);

  // The cached facts for this content, or nullopt (miss, or a bad entry).
  // The path of the result is left empty: the caller stamps it. Its syntax
  // arena is cut from `slabs` when given (the calling thread's own); the
  // entry is read into `buffer` when given (reused file after file), else
  // into a buffer of its own.
  std::optional<model::FileFacts> load(const ContentHash& key, model::SyntaxSlabs* slabs = nullptr,
                                       ByteBuffer* buffer = nullptr) const;

  // Best effort: a failed write only costs a miss next time.
  void store(const ContentHash& key, const model::FileFacts& facts) const;

  // Other per-input results kept next to the facts (the parsed OpenAPI
  // document): an opaque payload under `kind` ("spec"), with the same header,
  // checksum and atomic-write guarantees. The caller encodes and decodes.
  std::optional<std::string> load_blob(std::string_view kind, const ContentHash& key) const;
  void store_blob(std::string_view kind, const ContentHash& key, std::string_view payload) const;

  const std::filesystem::path& entries_dir() const { return dir_; }
  long hits() const { return hits_.load(); }
  long misses() const { return misses_.load(); }

 private:
  std::filesystem::path root_;
  std::filesystem::path dir_;
  std::string header_;  // magic, format version, version string (entry prefix)
  mutable std::atomic<long> hits_{0};
  mutable std::atomic<long> misses_{0};
  mutable std::atomic<bool> dir_ready_{false};

  // Native paths as plain strings: building a std::filesystem::path splits it
  // into components (~4,500 instructions an entry on a warm run). An entry is
  // named by its key after `prefix` ("" for facts, "<kind>-" for blobs).
  std::string entry_path(std::string_view prefix, const ContentHash& key) const;
  std::string blob_path(std::string_view kind, const ContentHash& key) const;
  bool ensure_dir() const;
  // The payload of the entry file once its header, key and checksum have been
  // checked (a view into `bytes`, which receives the whole file), or nullopt
  // (missing, foreign, corrupted).
  std::optional<std::string_view> read_entry(const std::string& file, const ContentHash& key,
                                             ByteBuffer& bytes) const;
  // header + key + sizes, then `encode(bytes)` appends the payload; written atomically.
  template <typename Encode>
  void write_entry(const std::string& file, const ContentHash& key, Encode encode) const;
};

}  // namespace archverify::cache
