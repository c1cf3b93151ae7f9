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
// and rules always run fresh.
//
// An analysis run (extract_files) also keeps a pack (facts_pack.h): all
// entries of the checkout in one file, plus each file's stamp, so a warm run
// reads one file and skips the unchanged sources. Entries a run stores go to
// loose files next to the pack; once a run finds enough files the pack does
// not cover, it writes a new pack of the current files (and drops the loose
// entries and those of content no file has any more). The first run of an
// empty cache holds its entries in memory and writes them as the first pack.
// Safe to use from several threads at once, except begin_run and finish_run.
#pragma once
#include <atomic>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "analyzer/cache/content_hash.h"
#include "analyzer/cache/facts_pack.h"
#include "analyzer/core/whole_file.h"
#include "analyzer/model/syntax.h"

namespace archverify::cache {

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

  // Best effort: a failed write only costs a miss next time. Between
  // begin_run and finish_run of a run that found no pack, the entry is held
  // in memory for the first pack.
  void store(const ContentHash& key, const model::FileFacts& facts) const;

  // A run over a checkout's files. begin_run opens the pack. `stats_since_ns`
  // is the wall clock (nanoseconds since the epoch) before the files were
  // stat'ed: stamps whose times are not at least kStampMargin older are never
  // recorded, so a write in the same clock tick as a stat (same times, same
  // size, new content) cannot be mistaken for no change.
  static constexpr std::int64_t kStampMarginNs = 3'000'000'000;  // covers 2-second file system clocks
  void begin_run(std::int64_t stats_since_ns);
  // The content hash the pack records for `path` at this very stamp.
  std::optional<ContentHash> stamped_key(std::string_view path, const FileStamp& stamp) const;
  // What finish_run did, for --timings.
  struct RunOutcome {
    std::size_t uncovered = 0;   // files with a trusted stamp the pack did not cover at it
    std::size_t too_fresh = 0;   // files changed within kStampMarginNs of the run: stamps not recorded
    bool pack_written = false;
  };
  // Every file whose facts the run has (from the cache or stored), with its
  // stamp and key, in the order the pack should lay their entries out. Writes
  // a new pack when there was none or the pack covers too few of them.
  RunOutcome finish_run(const std::vector<StampRecord>& files);

  // Other per-input results kept next to the facts (the parsed OpenAPI
  // document): an opaque payload under `kind` ("spec"), with the same header,
  // checksum and atomic-write guarantees. The caller encodes and decodes.
  std::optional<std::string> load_blob(std::string_view kind, const ContentHash& key) const;
  void store_blob(std::string_view kind, const ContentHash& key, std::string_view payload) const;

  const std::filesystem::path& entries_dir() const { return dir_; }
  std::string pack_path() const;
  long hits() const { return hits_.load(); }
  long misses() const { return misses_.load(); }

 private:
  std::filesystem::path root_;
  std::filesystem::path dir_;
  std::string header_;  // magic, format version, version string (entry prefix)
  mutable std::atomic<long> hits_{0};
  mutable std::atomic<long> misses_{0};
  mutable std::atomic<bool> dir_ready_{false};
  std::int64_t stamp_horizon_ns_ = 0;
  std::unique_ptr<FactsPack> pack_;  // opened by begin_run
  bool holding_ = false;             // store() holds entries for the first pack
  struct KeyHash {
    std::size_t operator()(const ContentHash& k) const { return static_cast<std::size_t>(k.low); }
  };
  mutable std::mutex held_mutex_;
  mutable std::unordered_map<ContentHash, std::string, KeyHash> held_;  // whole entry bytes

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
  // The payload of whole entry bytes once their header, key and checksum have
  // been checked (a view into `whole`), or nullopt.
  std::optional<std::string_view> check_entry(std::string_view whole, const ContentHash& key) const;
  // header + key + sizes, then `encode(bytes)` appends the payload.
  template <typename Encode>
  std::string entry_bytes(const ContentHash& key, Encode encode) const;
  // The same, written atomically.
  template <typename Encode>
  void write_entry(const std::string& file, const ContentHash& key, Encode encode) const;
  bool write_new_pack(const std::vector<StampRecord>& files) const;
  void remove_loose_entries() const;
};

}  // namespace archverify::cache
