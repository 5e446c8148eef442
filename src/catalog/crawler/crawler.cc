#include "catalog/crawler/crawler.h"

#include <dirent.h>
#include <sys/stat.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <sstream>

#include "catalog/crawler/file_classifier.h"
#include "catalog/crawler/path_glob.h"
#include "catalog/crawler/schema_merge.h"
#include "common/thread_pool.h"
#include "formats/hive_partitioning.h"
#include "storage/file_system.h"

namespace tarn {

namespace {

using PartitionValues = std::vector<std::optional<std::string>>;

struct FileEntry {
  std::string name;
  std::string path;  // Absolute (as the crawl path was given, joined).
  uint64_t size = 0;
  int64_t mtime_nanos = 0;
};

// The crawled tree after hidden files and exclusions are dropped.
struct Folder {
  std::string name;
  std::string path;
  std::string relative;  // To the crawl root; empty for the root.
  std::vector<FileEntry> files;
  std::vector<Folder> children;
};

// A folder whose direct files are one partition of a table, or all of an unpartitioned
// table.
struct Unit {
  const Folder* folder = nullptr;
  std::vector<const FileEntry*> files;   // Of `folder`: all its files, or the one of a file table.
  std::vector<std::string> level_names;  // Folder names below the dataset folder.
  PartitionValues values;
  std::string fingerprint;
  bool read = false;
  std::optional<CatalogPartition> existing;
  std::optional<FileSchema> schema;  // Of its readable files, once read.
  int64_t row_count = -1;
  std::vector<size_t> file_slots;  // Indexes into the crawl's list of files to read.
};

// A folder that becomes one table: its files sit `depth` folder levels below it.
struct Dataset {
  const Folder* folder = nullptr;
  size_t depth = 0;
  // Per level: the key of its key=value folders, or nullopt for unnamed levels.
  std::vector<std::optional<std::string>> keys;
  std::vector<Unit> units;
  std::string table_name;
  bool skip = false;
  // The file of a table made of one file (its location); null for folder tables.
  const FileEntry* file = nullptr;
  // An unpartitioned folder found by the folder rules (not a partition folder split off a
  // table): when its files do not share a schema, each file becomes a table.
  bool may_split_by_file = false;
};

std::string Lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

bool EndsWith(const std::string& text, const std::string& suffix) {
  return text.size() >= suffix.size() &&
         text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// Hidden files, Hadoop/Spark markers and checksums.
bool IsIgnoredName(const std::string& name) {
  return name.empty() || name[0] == '.' || name[0] == '_' || EndsWith(name, ".crc");
}

std::string JoinPath(const std::string& folder, const std::string& name) {
  if (folder.empty() || folder.back() == '/') return folder + name;
  return folder + "/" + name;
}

Status WalkFolder(Folder& folder, const std::vector<PathGlob>& exclusions, CrawlReport& report) {
  DIR* directory = opendir(folder.path.c_str());
  if (directory == nullptr) return IoErrorFromErrno("Cannot open folder", folder.path, errno);
  std::vector<std::string> names;
  while (dirent* entry = readdir(directory)) {
    std::string name = entry->d_name;
    if (IsIgnoredName(name)) continue;
    names.push_back(std::move(name));
  }
  closedir(directory);
  std::sort(names.begin(), names.end());
  for (const std::string& name : names) {
    std::string path = JoinPath(folder.path, name);
    std::string relative = folder.relative.empty() ? name : folder.relative + "/" + name;
    struct stat info;
    if (lstat(path.c_str(), &info) != 0) continue;  // Vanished while listing.
    if (S_ISLNK(info.st_mode)) {
      // Links to files are read; links to folders are not followed (no cycles).
      if (stat(path.c_str(), &info) != 0 || !S_ISREG(info.st_mode)) continue;
    }
    if (S_ISDIR(info.st_mode)) {
      bool excluded = std::any_of(exclusions.begin(), exclusions.end(), [&](const PathGlob& glob) {
        return glob.ExcludesFolder(relative);
      });
      if (excluded) {
        report.files_excluded++;
        continue;
      }
      Folder child;
      child.name = name;
      child.path = path;
      child.relative = relative;
      TARN_RETURN_IF_ERROR(WalkFolder(child, exclusions, report));
      folder.children.push_back(std::move(child));
    } else if (S_ISREG(info.st_mode)) {
      bool excluded = std::any_of(exclusions.begin(), exclusions.end(),
                                  [&](const PathGlob& glob) { return glob.Matches(relative); });
      if (excluded) {
        report.files_excluded++;
        continue;
      }
      report.files_seen++;
      FileEntry file;
      file.name = name;
      file.path = path;
      file.size = static_cast<uint64_t>(info.st_size);
      file.mtime_nanos = static_cast<int64_t>(info.st_mtim.tv_sec) * 1000000000 +
                         static_cast<int64_t>(info.st_mtim.tv_nsec);
      folder.files.push_back(std::move(file));
    }
  }
  return Status::Ok();
}

bool HasFiles(const Folder& folder) {
  if (!folder.files.empty()) return true;
  return std::any_of(folder.children.begin(), folder.children.end(), HasFiles);
}

// The key of a key=value folder name (as HivePartitions reads it), or nullopt.
std::optional<std::string> FolderKey(const std::string& name) {
  std::vector<HivePartitions::KeyValue> keys = HivePartitions::ParsePath(name + "/file");
  if (keys.size() != 1) return std::nullopt;
  return keys[0].first;
}

std::optional<std::string> FolderValue(const std::string& name) {
  std::vector<HivePartitions::KeyValue> keys = HivePartitions::ParsePath(name + "/file");
  if (keys.size() != 1) return name;
  return keys[0].second;
}

// Collects the folders holding files below `folder`. Returns false when files sit at
// different depths or a level mixes key names (or named and unnamed folders).
bool CollectUnits(const Folder& folder, std::vector<std::string>& level_names,
                  std::vector<std::optional<std::string>>& keys, std::vector<bool>& key_set,
                  std::optional<size_t>& depth, std::vector<Unit>& units) {
  size_t level = level_names.size();
  if (!folder.files.empty()) {
    if (depth && *depth != level) return false;
    depth = level;
    Unit unit;
    unit.folder = &folder;
    for (const FileEntry& file : folder.files) unit.files.push_back(&file);
    unit.level_names = level_names;
    for (size_t i = 0; i < level_names.size(); i++) {
      unit.values.push_back(keys[i] ? FolderValue(level_names[i])
                                    : std::optional<std::string>(level_names[i]));
    }
    units.push_back(std::move(unit));
  }
  for (const Folder& child : folder.children) {
    if (!HasFiles(child)) continue;
    std::optional<std::string> key = FolderKey(child.name);
    if (key) *key = Lower(*key);
    if (keys.size() <= level) {
      keys.push_back(key);
      key_set.push_back(true);
    } else if (keys[level] != key) {
      return false;
    }
    level_names.push_back(child.name);
    bool consistent = CollectUnits(child, level_names, keys, key_set, depth, units);
    level_names.pop_back();
    if (!consistent) return false;
  }
  return true;
}

Dataset DirectFilesDataset(const Folder& folder) {
  Dataset dataset;
  dataset.folder = &folder;
  dataset.may_split_by_file = true;
  Unit unit;
  unit.folder = &folder;
  for (const FileEntry& file : folder.files) unit.files.push_back(&file);
  dataset.units.push_back(std::move(unit));
  return dataset;
}

// A table of the one file `file` of `folder`.
Dataset FileDataset(const Folder& folder, const FileEntry& file) {
  Dataset dataset;
  dataset.folder = &folder;
  dataset.file = &file;
  Unit unit;
  unit.folder = &folder;
  unit.files.push_back(&file);
  dataset.units.push_back(std::move(unit));
  return dataset;
}

// Glue's folder rule: the folder is one table when its files are at one depth with
// consistent levels; otherwise its direct files are a table and each subfolder is
// planned on its own.
void PlanFolder(const Folder& folder, std::vector<Dataset>& out) {
  if (!HasFiles(folder)) return;
  std::vector<std::string> level_names;
  std::vector<std::optional<std::string>> keys;
  std::vector<bool> key_set;
  std::optional<size_t> depth;
  std::vector<Unit> units;
  if (CollectUnits(folder, level_names, keys, key_set, depth, units)) {
    Dataset dataset;
    dataset.folder = &folder;
    dataset.depth = *depth;
    keys.resize(*depth);
    dataset.keys = keys;
    dataset.units = std::move(units);
    dataset.may_split_by_file = *depth == 0;
    out.push_back(std::move(dataset));
    return;
  }
  if (!folder.files.empty()) out.push_back(DirectFilesDataset(folder));
  for (const Folder& child : folder.children) PlanFolder(child, out);
}

std::string Fingerprint(const std::vector<const FileEntry*>& files) {
  uint64_t hash = 1469598103934665603ull;
  auto mix = [&](const std::string& text) {
    for (unsigned char c : text) {
      hash ^= c;
      hash *= 1099511628211ull;
    }
    hash ^= 0xff;
    hash *= 1099511628211ull;
  };
  for (const FileEntry* file : files) {
    mix(file->name);
    mix(std::to_string(file->size));
    mix(std::to_string(file->mtime_nanos));
  }
  char text[17];
  std::snprintf(text, sizeof(text), "%016llx", static_cast<unsigned long long>(hash));
  return text;
}

std::string SanitizeName(const std::string& text) {
  std::string name;
  for (char c : Lower(text)) {
    name.push_back((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ? c : '_');
  }
  return name.empty() ? "_" : name;
}

std::string FolderBaseName(const std::string& path) {
  std::string trimmed = path;
  while (trimmed.size() > 1 && trimmed.back() == '/') trimmed.pop_back();
  size_t slash = trimmed.rfind('/');
  std::string base = slash == std::string::npos ? trimmed : trimmed.substr(slash + 1);
  if (base.empty() || base == "." || base == "/") {
    char buffer[4096];
    if (base != "/" && realpath(path.c_str(), buffer) != nullptr) return FolderBaseName(buffer);
    return "root";
  }
  return base;
}

// A file's name without its compression and format extensions ("meter-readings.csv.gz"
// -> "meter-readings"); the whole name when nothing else would be left.
std::string FileBaseName(const std::string& name) {
  static const char* const kCompressionExtensions[] = {".gz",  ".gzip", ".zst", ".zstd",
                                                       ".bz2", ".xz",   ".lz4", ".snappy"};
  static const char* const kFormatExtensions[] = {".csv", ".tsv",     ".psv",    ".txt",
                                                  ".dat", ".json",    ".ndjson", ".jsonl",
                                                  ".log", ".parquet", ".pq"};
  std::string base = name;
  auto strip = [&](const auto& extensions) {
    std::string lower = Lower(base);
    for (const char* extension : extensions) {
      std::string suffix = extension;
      if (lower.size() > suffix.size() && EndsWith(lower, suffix)) {
        base.resize(base.size() - suffix.size());
        return;
      }
    }
  };
  strip(kCompressionExtensions);
  strip(kFormatExtensions);
  strip(kCompressionExtensions);  // part-0.snappy.parquet
  return base;
}

// The folder part of a path, with its trailing slash ("/a/b/x.csv" -> "/a/b/").
std::string ParentWithSlash(const std::string& path) {
  size_t slash = path.rfind('/');
  return slash == std::string::npos ? std::string() : path.substr(0, slash + 1);
}

bool HasProperty(const CatalogTable& table, const std::string& key, const std::string& value) {
  auto found = table.table_properties.find(key);
  return found != table.table_properties.end() && found->second == value;
}

constexpr const char* kSingleFileProperty = "tarn.single_file";
constexpr const char* kMissingProperty = "tarn.missing";

std::string DescribeColumns(const std::vector<CatalogColumn>& columns) {
  std::string text = "(";
  for (size_t i = 0; i < columns.size(); i++) {
    if (i > 0) text += ", ";
    text += columns[i].name + " " + columns[i].type.ToString();
  }
  return text + ")";
}

// The crawl's working state: options, store, report and the per-table catalog cache.
class CrawlPlanner {
 public:
  CrawlPlanner(CatalogStore& store, const CrawlOptions& options, CrawlReport& report)
      : store_(store), options_(options), report_(report) {}

  Status Run();

 private:
  struct ExistingTable {
    std::optional<CatalogTable> table;
    std::vector<CatalogPartition> partitions;
  };

  std::string AssignName(const Folder& folder);
  std::string AssignFileName(const Folder& folder, const FileEntry& file);
  Status LoadCatalogTables();
  bool FilesShareSchema(const Unit& unit) const;
  std::vector<Dataset> SplitByFile(Dataset dataset);
  void ReportMissingTables();
  Result<const ExistingTable*> Lookup(const std::string& name);
  bool IsConflict(const CatalogTable& table) const;
  Status DecideReads(Dataset& dataset);
  void ReadFiles();
  void MergeUnitFiles(Unit& unit);
  std::vector<Dataset> Resolve(Dataset dataset);
  Status PlanTable(Dataset& dataset);
  Result<std::vector<CatalogColumn>> PartitionKeys(const Dataset& dataset) const;
  Status Apply();

  CatalogStore& store_;
  const CrawlOptions& options_;
  CrawlReport& report_;
  Folder root_;
  std::set<std::string> used_names_;
  std::map<std::string, ExistingTable> existing_;
  std::set<std::string> catalog_names_;  // Every table of the database, lower case.
  // This crawler's tables below the crawled folder, as the crawl began.
  std::vector<CatalogTable> owned_tables_;
  std::map<std::string, std::string> file_tables_;  // Location -> name, of one-file tables.
  std::set<std::string> file_table_folders_;        // Their folders, with a trailing slash.
  std::set<std::string> planned_tables_;            // Tables PlanTable looked at.
  // Files to classify, and their results (filled by ReadFiles).
  std::vector<const FileEntry*> files_to_read_;
  std::vector<std::optional<Result<FileSchema>>> read_results_;
  std::vector<std::function<Status()>> writes_;
};

std::string CrawlPlanner::AssignName(const Folder& folder) {
  std::string base = folder.relative.empty() ? FolderBaseName(options_.path) : folder.name;
  std::string name = options_.table_prefix + SanitizeName(base);
  if (used_names_.count(name) && !folder.relative.empty()) {
    name = options_.table_prefix + SanitizeName(folder.relative);
  }
  std::string candidate = name;
  for (int suffix = 2; used_names_.count(candidate); suffix++) {
    candidate = name + "_" + std::to_string(suffix);
  }
  used_names_.insert(candidate);
  return candidate;
}

std::string CrawlPlanner::AssignFileName(const Folder& folder, const FileEntry& file) {
  std::string base = FileBaseName(file.name);
  auto taken = [&](const std::string& name) {
    return used_names_.count(name) > 0 || catalog_names_.count(Lower(name)) > 0;
  };
  std::string name = options_.table_prefix + SanitizeName(base);
  if (taken(name) && !folder.relative.empty()) {
    name = options_.table_prefix + SanitizeName(folder.relative + "/" + base);
  }
  std::string candidate = name;
  for (int suffix = 2; taken(candidate); suffix++) candidate = name + "_" + std::to_string(suffix);
  used_names_.insert(candidate);
  return candidate;
}

Status CrawlPlanner::LoadCatalogTables() {
  TARN_ASSIGN_OR_RETURN(auto database, store_.GetDatabase(options_.database));
  if (!database) return Status::Ok();
  TARN_ASSIGN_OR_RETURN(std::vector<CatalogTable> tables, store_.ListTables(options_.database));
  std::string below = JoinPath(options_.path, "");
  for (CatalogTable& table : tables) {
    catalog_names_.insert(Lower(table.name));
    if (IsConflict(table)) continue;
    if (table.location != options_.path && table.location.rfind(below, 0) != 0) continue;
    if (HasProperty(table, kSingleFileProperty, "true")) {
      file_tables_[table.location] = table.name;
      file_table_folders_.insert(ParentWithSlash(table.location));
      used_names_.insert(table.name);
    }
    owned_tables_.push_back(std::move(table));
  }
  return Status::Ok();
}

bool CrawlPlanner::FilesShareSchema(const Unit& unit) const {
  std::optional<FileSchema> merged;
  for (size_t slot : unit.file_slots) {
    const Result<FileSchema>& result = *read_results_[slot];
    if (!result.ok()) continue;
    if (!merged) {
      merged = result.value();
      continue;
    }
    std::optional<std::vector<CatalogColumn>> columns;
    if (merged->SameLayout(result.value())) {
      columns = MergeColumns(merged->columns, result.value().columns);
    }
    if (!columns) return false;
    merged->columns = std::move(*columns);
  }
  return true;
}

// A new unpartitioned folder whose files do not share a schema: a table per file.
std::vector<Dataset> CrawlPlanner::SplitByFile(Dataset dataset) {
  used_names_.erase(dataset.table_name);  // Not in the catalog: the folder was new.
  const Unit& whole = dataset.units[0];
  std::vector<Dataset> tables;
  for (size_t i = 0; i < whole.files.size(); i++) {
    Dataset table = FileDataset(*dataset.folder, *whole.files[i]);
    Unit& unit = table.units[0];
    unit.fingerprint = Fingerprint(unit.files);
    unit.read = true;
    unit.file_slots.push_back(whole.file_slots[i]);
    MergeUnitFiles(unit);
    if (!unit.schema) continue;  // Reported unreadable.
    table.table_name = AssignFileName(*dataset.folder, *whole.files[i]);
    tables.push_back(std::move(table));
  }
  return tables;
}

// This crawler's tables whose whole location is gone are kept, marked missing.
void CrawlPlanner::ReportMissingTables() {
  for (const CatalogTable& table : owned_tables_) {
    if (planned_tables_.count(table.name)) continue;
    struct stat info;
    if (stat(table.location.c_str(), &info) == 0 || (errno != ENOENT && errno != ENOTDIR)) {
      continue;
    }
    report_.tables_missing.push_back({table.name, table.location});
    if (HasProperty(table, kMissingProperty, "true")) continue;
    CatalogTable marked = table;
    marked.table_properties[kMissingProperty] = "true";
    std::string reason = "crawler " + options_.crawler_name + ": location missing";
    writes_.push_back(
        [this, marked, reason]() { return store_.UpdateTable(marked, reason).status(); });
  }
}

Result<const CrawlPlanner::ExistingTable*> CrawlPlanner::Lookup(const std::string& name) {
  auto found = existing_.find(name);
  if (found != existing_.end()) return &found->second;
  ExistingTable existing;
  TARN_ASSIGN_OR_RETURN(existing.table, store_.GetTable(options_.database, name));
  if (existing.table && !existing.table->partition_keys.empty() && !IsConflict(*existing.table)) {
    TARN_ASSIGN_OR_RETURN(existing.partitions, store_.ListPartitions(options_.database, name));
  }
  return &existing_.emplace(name, std::move(existing)).first->second;
}

bool CrawlPlanner::IsConflict(const CatalogTable& table) const {
  auto property = table.table_properties.find("tarn.crawler");
  return property == table.table_properties.end() || property->second != options_.crawler_name;
}

Status CrawlPlanner::DecideReads(Dataset& dataset) {
  TARN_ASSIGN_OR_RETURN(const ExistingTable* existing, Lookup(dataset.table_name));
  for (Unit& unit : dataset.units) unit.fingerprint = Fingerprint(unit.files);
  if (existing->table) {
    const CatalogTable& table = *existing->table;
    if (IsConflict(table)) {
      auto property = table.table_properties.find("tarn.crawler");
      report_.conflicts.push_back(
          {table.name, property == table.table_properties.end()
                           ? "exists and was not created by a crawler; left unchanged"
                           : "belongs to crawler \"" + property->second + "\"; left unchanged"});
      dataset.skip = true;
      return Status::Ok();
    }
    if (table.partition_keys.size() != dataset.depth) {
      report_.conflicts.push_back(
          {table.name, "its folder now has " + std::to_string(dataset.depth) +
                           " partition levels, the table " +
                           std::to_string(table.partition_keys.size()) + "; left unchanged"});
      dataset.skip = true;
      return Status::Ok();
    }
  }
  bool everything = options_.recrawl == RecrawlPolicy::kEverything;
  for (Unit& unit : dataset.units) {
    if (!existing->table) {
      unit.read = true;
    } else if (dataset.depth == 0) {
      unit.read = everything && existing->table->fingerprint != unit.fingerprint;
    } else {
      for (const CatalogPartition& partition : existing->partitions) {
        if (partition.values == unit.values) unit.existing = partition;
      }
      if (!unit.existing || unit.existing->missing) {
        unit.read = true;
      } else {
        unit.read = everything && unit.existing->fingerprint != unit.fingerprint;
      }
    }
    if (!unit.read) {
      report_.files_unchanged += static_cast<int64_t>(unit.files.size());
      continue;
    }
    for (const FileEntry* file : unit.files) {
      unit.file_slots.push_back(files_to_read_.size());
      files_to_read_.push_back(file);
    }
  }
  return Status::Ok();
}

void CrawlPlanner::ReadFiles() {
  read_results_.assign(files_to_read_.size(), std::nullopt);
  if (files_to_read_.empty()) return;
  std::unique_ptr<ThreadPool> own_pool;
  ThreadPool* pool = &ThreadPool::Global();
  if (options_.threads > 0) {
    own_pool = std::make_unique<ThreadPool>(options_.threads);
    pool = own_pool.get();
  }
  std::atomic<size_t> next{0};
  size_t workers = std::min(pool->NumThreads(), files_to_read_.size());
  pool->ParallelRun(workers, [&](size_t) {
    while (true) {
      size_t index = next.fetch_add(1);
      if (index >= files_to_read_.size()) return;
      read_results_[index] = ClassifyFile(files_to_read_[index]->path);
    }
  });
  report_.files_read += static_cast<int64_t>(files_to_read_.size());
}

void CrawlPlanner::MergeUnitFiles(Unit& unit) {
  bool rows_known = true;
  int64_t rows = 0;
  for (size_t slot : unit.file_slots) {
    const Result<FileSchema>& result = *read_results_[slot];
    const std::string& path = files_to_read_[slot]->path;
    if (!result.ok()) {
      report_.unreadable_files.push_back({path, result.status().message()});
      continue;
    }
    const FileSchema& schema = result.value();
    if (!unit.schema) {
      unit.schema = schema;
    } else {
      std::optional<std::vector<CatalogColumn>> merged;
      if (unit.schema->SameLayout(schema))
        merged = MergeColumns(unit.schema->columns, schema.columns);
      if (!merged) {
        report_.unreadable_files.push_back(
            {path, "its schema " + schema.format + " " + DescribeColumns(schema.columns) +
                       " does not fit the other files of its folder: " + unit.schema->format + " " +
                       DescribeColumns(unit.schema->columns)});
        continue;
      }
      unit.schema->columns = std::move(*merged);
    }
    if (schema.row_count < 0) rows_known = false;
    rows += schema.row_count;
  }
  unit.row_count = rows_known && unit.schema ? rows : -1;
}

// Splits a new table whose partitions do not share a schema at its first partition
// level, recursively.
std::vector<Dataset> CrawlPlanner::Resolve(Dataset dataset) {
  std::optional<FileSchema> merged;
  bool compatible = true;
  for (const Unit& unit : dataset.units) {
    if (!unit.schema) continue;
    if (!merged) {
      merged = unit.schema;
      continue;
    }
    std::optional<std::vector<CatalogColumn>> columns;
    if (merged->SameLayout(*unit.schema))
      columns = MergeColumns(merged->columns, unit.schema->columns);
    if (!columns) {
      compatible = false;
      break;
    }
    merged->columns = std::move(*columns);
  }
  if (compatible || dataset.depth == 0) return {std::move(dataset)};
  std::vector<Dataset> tables;
  std::map<std::string, Dataset> groups;
  std::vector<std::string> order;
  for (Unit& unit : dataset.units) {
    const std::string& first = unit.level_names[0];
    auto found = groups.find(first);
    if (found == groups.end()) {
      Dataset child;
      for (const Folder& folder : dataset.folder->children) {
        if (folder.name == first) child.folder = &folder;
      }
      child.depth = dataset.depth - 1;
      child.keys.assign(dataset.keys.begin() + 1, dataset.keys.end());
      found = groups.emplace(first, std::move(child)).first;
      order.push_back(first);
    }
    unit.level_names.erase(unit.level_names.begin());
    unit.values.erase(unit.values.begin());
    found->second.units.push_back(std::move(unit));
  }
  for (const std::string& name : order) {
    Dataset& child = groups[name];
    child.table_name = AssignName(*child.folder);
    for (Dataset& table : Resolve(std::move(child))) tables.push_back(std::move(table));
  }
  return tables;
}

Result<std::vector<CatalogColumn>> CrawlPlanner::PartitionKeys(const Dataset& dataset) const {
  std::vector<CatalogColumn> keys;
  std::vector<std::string> named_paths;
  bool any_named = std::any_of(dataset.keys.begin(), dataset.keys.end(),
                               [](const auto& key) { return key.has_value(); });
  if (any_named) {
    for (const Unit& unit : dataset.units) {
      std::string path;
      for (size_t level = 0; level < dataset.depth; level++) {
        if (dataset.keys[level]) path += unit.level_names[level] + "/";
      }
      named_paths.push_back(path + "file");
    }
  }
  std::optional<HivePartitions> typed;
  if (any_named && !named_paths.empty()) {
    TARN_ASSIGN_OR_RETURN(typed, HivePartitions::Build(named_paths, {}));
  }
  size_t named_index = 0;
  for (size_t level = 0; level < dataset.depth; level++) {
    if (dataset.keys[level]) {
      LogicalType type(TypeId::kVarchar);
      if (typed && named_index < typed->types().size()) type = typed->types()[named_index];
      named_index++;
      keys.push_back(CatalogColumn{*dataset.keys[level], type, ""});
    } else {
      keys.push_back(
          CatalogColumn{"partition_" + std::to_string(level), LogicalType(TypeId::kVarchar), ""});
    }
  }
  return keys;
}

Status CrawlPlanner::PlanTable(Dataset& dataset) {
  TARN_ASSIGN_OR_RETURN(const ExistingTable* existing, Lookup(dataset.table_name));
  const std::string& name = dataset.table_name;
  planned_tables_.insert(name);
  if (existing->table && IsConflict(*existing->table)) {
    report_.conflicts.push_back(
        {name, "exists and was not created by this crawler; left unchanged"});
    return Status::Ok();
  }
  // The table's schema: the catalog's (when it exists) widened by every folder read.
  std::optional<FileSchema> layout;
  std::vector<CatalogColumn> columns;
  if (existing->table) {
    layout = FileSchema();
    layout->format = existing->table->format;
    columns = existing->table->columns;
  }
  std::vector<Unit*> live;
  for (Unit& unit : dataset.units) {
    // Tables found only after a split were not matched with their partitions before.
    if (!unit.existing && dataset.depth > 0) {
      for (const CatalogPartition& partition : existing->partitions) {
        if (partition.values == unit.values) unit.existing = partition;
      }
    }
    if (unit.read && !unit.schema) {
      if (unit.existing) live.push_back(&unit);  // Unreadable now; the catalog keeps it.
      continue;
    }
    if (unit.read) {
      bool same_format = !layout || (existing->table ? layout->format == unit.schema->format
                                                     : layout->SameLayout(*unit.schema));
      std::optional<std::vector<CatalogColumn>> merged;
      if (same_format)
        merged = layout ? MergeColumns(columns, unit.schema->columns)
                        : std::optional(unit.schema->columns);
      if (!merged) {
        std::string folder = unit.folder->relative.empty() ? options_.path : unit.folder->relative;
        std::string description =
            dataset.file != nullptr
                ? "incompatible: file " + dataset.file->path + " now holds " + unit.schema->format +
                      " data that cannot join the table; table left as it was"
                : "incompatible: folder " + folder + " holds " + unit.schema->format +
                      " files that cannot join the table; folder not added";
        report_.schema_changes.push_back({name, DescribeColumns(columns),
                                          DescribeColumns(unit.schema->columns), description,
                                          false});
        continue;
      }
      if (!layout) layout = unit.schema;
      columns = std::move(*merged);
    }
    live.push_back(&unit);
  }
  if (!existing->table && live.empty()) return Status::Ok();  // Nothing readable.

  Dataset live_dataset;
  live_dataset.depth = dataset.depth;
  live_dataset.keys = dataset.keys;
  for (Unit* unit : live) {
    Unit copy;
    copy.level_names = unit->level_names;
    live_dataset.units.push_back(std::move(copy));
  }
  TARN_ASSIGN_OR_RETURN(std::vector<CatalogColumn> partition_keys, PartitionKeys(live_dataset));

  // Statistics over the folders present now.
  int64_t file_count = 0;
  int64_t size_bytes = 0;
  int64_t row_count = 0;
  bool rows_known = true;
  std::vector<CatalogPartition> partitions;
  int64_t added = 0;
  bool any_read = false;
  for (Unit* unit : live) {
    int64_t unit_files = static_cast<int64_t>(unit->files.size());
    int64_t unit_size = 0;
    for (const FileEntry* file : unit->files) unit_size += static_cast<int64_t>(file->size);
    // A known folder whose files are all unreadable now keeps its catalog entry as it was.
    bool refreshed = unit->read && unit->schema.has_value();
    int64_t unit_rows = refreshed         ? unit->row_count
                        : unit->existing  ? unit->existing->row_count
                        : existing->table ? existing->table->row_count
                                          : -1;
    file_count += unit_files;
    size_bytes += unit_size;
    if (unit_rows < 0) rows_known = false;
    row_count += unit_rows;
    if (!refreshed) continue;
    // Folders read again only because their table was split are not changes.
    bool changed = dataset.depth == 0
                       ? !existing->table || existing->table->fingerprint != unit->fingerprint
                       : !unit->existing || unit->existing->missing ||
                             unit->existing->fingerprint != unit->fingerprint;
    if (!changed) continue;
    any_read = true;
    if (dataset.depth == 0) continue;
    CatalogPartition partition;
    partition.values = unit->values;
    partition.location = unit->folder->path;
    partition.row_count = unit->row_count;
    partition.size_bytes = unit_size;
    partition.file_count = unit_files;
    partition.fingerprint = unit->fingerprint;
    partition.created_at = unit->existing ? unit->existing->created_at : CatalogNow();
    if (!unit->existing) added++;
    partitions.push_back(std::move(partition));
  }
  int64_t missing = 0;
  for (const CatalogPartition& partition : existing->partitions) {
    if (partition.missing) continue;
    bool present = std::any_of(dataset.units.begin(), dataset.units.end(),
                               [&](const Unit& unit) { return unit.values == partition.values; });
    if (present) continue;
    CatalogPartition gone = partition;
    gone.missing = true;
    partitions.push_back(std::move(gone));
    missing++;
  }
  if (added > 0) report_.partitions_added[name] = added;
  if (missing > 0) report_.partitions_missing[name] = missing;

  CatalogTable table;
  if (existing->table) {
    table = *existing->table;
  } else {
    table.database = options_.database;
    table.name = name;
    table.kind = CatalogTableKind::kExternal;
    table.location = dataset.file != nullptr ? dataset.file->path : dataset.folder->path;
    table.format = layout->format;
    table.table_properties["classification"] = layout->format;
    table.table_properties["compressionType"] = CompressionPropertyValue(layout->compression);
    if (dataset.file != nullptr) {
      table.table_properties[kSingleFileProperty] = "true";
    } else if (dataset.depth == 0 && !dataset.folder->children.empty()) {
      // The folder's own files only: its subfolders are tables of their own.
      table.table_properties["tarn.read_subfolders"] = "false";
    }
    if (layout->format == "csv") {
      auto character = [](char c) { return c == '\0' ? std::string() : std::string(1, c); };
      table.serde_properties["separatorChar"] = character(layout->dialect.delimiter);
      table.serde_properties["quoteChar"] = character(layout->dialect.quote);
      table.serde_properties["escapeChar"] = character(layout->dialect.escape);
      if (layout->header) table.table_properties["skip.header.line.count"] = "1";
    }
  }
  table.table_properties["tarn.crawler"] = options_.crawler_name;
  bool found_again = table.table_properties.erase(kMissingProperty) > 0;
  table.file_count = file_count;
  table.size_bytes = size_bytes;
  table.row_count = rows_known ? row_count : -1;
  if (dataset.depth == 0 && !live.empty() && (!live[0]->read || live[0]->schema)) {
    table.fingerprint = live[0]->fingerprint;
  }

  if (!existing->table) {
    table.columns = columns;
    table.partition_keys = partition_keys;
    report_.tables_created.push_back(name);
    writes_.push_back([this, table]() { return store_.CreateTable(table, false); });
  } else {
    std::string change = DescribeColumnChanges(existing->table->columns, columns);
    std::string key_change =
        DescribeColumnChanges(existing->table->partition_keys, partition_keys, "partition key");
    if (!key_change.empty()) change += (change.empty() ? "" : "; ") + key_change;
    bool update_schema = !change.empty() && options_.schema_change == SchemaChangePolicy::kUpdate;
    if (!change.empty()) {
      report_.schema_changes.push_back(
          {name,
           DescribeColumns(existing->table->columns) +
               (existing->table->partition_keys.empty()
                    ? ""
                    : " partitioned by " + DescribeColumns(existing->table->partition_keys)),
           DescribeColumns(columns) +
               (partition_keys.empty() ? "" : " partitioned by " + DescribeColumns(partition_keys)),
           change, update_schema});
    }
    if (update_schema) {
      table.columns = columns;
      table.partition_keys = partition_keys;
    }
    bool changed = update_schema || any_read || added > 0 || missing > 0 || found_again;
    if (changed) {
      report_.tables_updated.push_back(name);
      std::string reason = "crawler " + options_.crawler_name + ": " +
                           (update_schema ? change : std::string("refreshed statistics"));
      writes_.push_back(
          [this, table, reason]() { return store_.UpdateTable(table, reason).status(); });
    } else {
      report_.tables_unchanged.push_back(name);
    }
  }
  if (!partitions.empty()) {
    writes_.push_back([this, name, partitions]() {
      return store_.PutPartitions(options_.database, name, partitions);
    });
  }
  return Status::Ok();
}

Status CrawlPlanner::Apply() {
  if (writes_.empty() && report_.tables_created.empty()) {
    TARN_ASSIGN_OR_RETURN(auto database, store_.GetDatabase(options_.database));
    if (database) return Status::Ok();
  }
  // Test hook: TARN_CRAWL_FAIL_AFTER_WRITES=N makes the apply step fail after N catalog
  // writes (the database creation counts as one), so tests can prove that a crawl
  // interrupted half-way leaves the catalog as it was.
  int64_t fail_after = -1;
  if (const char* hook = std::getenv("TARN_CRAWL_FAIL_AFTER_WRITES")) fail_after = std::atoll(hook);
  return store_.Transact([&]() -> Status {
    int64_t done = 0;
    auto check_hook = [&]() -> Status {
      done++;
      if (fail_after >= 0 && done >= fail_after) {
        return Status::Error(ErrorCode::kIo, "crawl interrupted after " + std::to_string(done) +
                                                 " catalog writes (TARN_CRAWL_FAIL_AFTER_WRITES)");
      }
      return Status::Ok();
    };
    CatalogDatabase database;
    database.name = options_.database;
    TARN_RETURN_IF_ERROR(store_.CreateDatabase(database, true));
    TARN_RETURN_IF_ERROR(check_hook());
    for (const auto& write : writes_) {
      TARN_RETURN_IF_ERROR(write());
      TARN_RETURN_IF_ERROR(check_hook());
    }
    return Status::Ok();
  });
}

Status CrawlPlanner::Run() {
  std::vector<PathGlob> exclusions;
  for (const std::string& pattern : options_.exclusions) {
    TARN_ASSIGN_OR_RETURN(PathGlob glob, PathGlob::Compile(pattern));
    exclusions.push_back(std::move(glob));
  }
  struct stat info;
  if (stat(options_.path.c_str(), &info) != 0) {
    return IoErrorFromErrno("Cannot crawl folder", options_.path, errno);
  }
  if (!S_ISDIR(info.st_mode)) {
    return Status::Error(ErrorCode::kIo, "Cannot crawl \"" + options_.path + "\": not a folder");
  }
  if (options_.database.empty()) {
    return Status::Error(ErrorCode::kInvalidOption, "A crawl needs a target database");
  }
  root_.name = FolderBaseName(options_.path);
  root_.path = options_.path;
  TARN_RETURN_IF_ERROR(WalkFolder(root_, exclusions, report_));

  TARN_RETURN_IF_ERROR(LoadCatalogTables());

  std::vector<Dataset> planned;
  if (!root_.files.empty()) planned.push_back(DirectFilesDataset(root_));
  for (const Folder& child : root_.children) PlanFolder(child, planned);
  // A folder split into tables of one file by an earlier crawl stays split: each file is
  // its table (found by location), a new file a new table.
  std::vector<Dataset> datasets;
  for (Dataset& dataset : planned) {
    if (!dataset.may_split_by_file ||
        !file_table_folders_.count(JoinPath(dataset.folder->path, ""))) {
      dataset.table_name = AssignName(*dataset.folder);
      datasets.push_back(std::move(dataset));
      continue;
    }
    for (const FileEntry& file : dataset.folder->files) {
      Dataset table = FileDataset(*dataset.folder, file);
      auto known = file_tables_.find(file.path);
      if (known != file_tables_.end()) table.table_name = known->second;
      datasets.push_back(std::move(table));
    }
  }
  // New files of split folders are named after every folder, as on the crawl that split.
  for (Dataset& dataset : datasets) {
    if (dataset.table_name.empty()) {
      dataset.table_name = AssignFileName(*dataset.folder, *dataset.file);
    }
  }
  for (Dataset& dataset : datasets) TARN_RETURN_IF_ERROR(DecideReads(dataset));
  ReadFiles();
  std::vector<Dataset> tables;
  for (Dataset& dataset : datasets) {
    if (dataset.skip) continue;
    TARN_ASSIGN_OR_RETURN(const ExistingTable* existing, Lookup(dataset.table_name));
    if (!existing->table && dataset.may_split_by_file && !FilesShareSchema(dataset.units[0])) {
      for (Dataset& table : SplitByFile(std::move(dataset))) tables.push_back(std::move(table));
      continue;
    }
    for (Unit& unit : dataset.units) {
      if (unit.read) MergeUnitFiles(unit);
    }
    if (existing->table) {
      tables.push_back(std::move(dataset));
    } else {
      for (Dataset& table : Resolve(std::move(dataset))) tables.push_back(std::move(table));
    }
  }
  for (Dataset& table : tables) TARN_RETURN_IF_ERROR(PlanTable(table));
  ReportMissingTables();
  return Apply();
}

void AppendNames(std::ostringstream& out, const char* title,
                 const std::vector<std::string>& names) {
  out << title << " (" << names.size() << ")";
  for (size_t i = 0; i < names.size(); i++) out << (i == 0 ? ": " : ", ") << names[i];
  out << "\n";
}

}  // namespace

Result<CrawlReport> Crawl(CatalogStore& store, const CrawlOptions& given_options) {
  auto start = std::chrono::steady_clock::now();
  // Locations are recorded absolute, so the tables read the same from any folder, and a
  // recrawl matches them whichever way the path is written.
  CrawlOptions options = given_options;
  options.path = AbsolutePath(options.path);
  CrawlReport report;
  report.path = options.path;
  report.database = options.database;
  CrawlPlanner planner(store, options, report);
  TARN_RETURN_IF_ERROR(planner.Run());
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return report;
}

std::string CrawlReport::ToString() const {
  std::ostringstream out;
  char seconds_text[32];
  std::snprintf(seconds_text, sizeof(seconds_text), "%.3f", seconds);
  out << "Crawl of " << path << " into database " << database << ": " << files_seen
      << " files seen, " << files_read << " read, " << files_unchanged << " unchanged, "
      << files_excluded << " excluded, " << seconds_text << " s\n";
  AppendNames(out, "Tables created", tables_created);
  AppendNames(out, "Tables updated", tables_updated);
  AppendNames(out, "Tables unchanged", tables_unchanged);
  std::vector<std::string> missing_names;
  for (const CrawlMissingTable& missing : tables_missing) missing_names.push_back(missing.table);
  AppendNames(out, "Tables missing", missing_names);
  std::set<std::string> partition_tables;
  for (const auto& [table, count] : partitions_added) partition_tables.insert(table);
  for (const auto& [table, count] : partitions_missing) partition_tables.insert(table);
  for (const std::string& table : partition_tables) {
    auto added = partitions_added.find(table);
    auto missing = partitions_missing.find(table);
    out << "Partitions of " << table << ": "
        << (added == partitions_added.end() ? 0 : added->second) << " added, "
        << (missing == partitions_missing.end() ? 0 : missing->second) << " marked missing\n";
  }
  for (const CrawlSchemaChange& change : schema_changes) {
    out << "Schema change of " << change.table << " ("
        << (change.applied ? "applied" : "not applied") << "): " << change.description << "\n"
        << "  before: " << change.before << "\n  after:  " << change.after << "\n";
  }
  for (const CrawlConflict& conflict : conflicts) {
    out << "Conflict: table " << conflict.table << " " << conflict.reason << "\n";
  }
  for (const CrawlUnreadableFile& file : unreadable_files) {
    out << "Unreadable file " << file.path << ": " << file.reason << "\n";
  }
  return out.str();
}

std::vector<CrawlReportRow> CrawlReport::Rows() const {
  std::vector<CrawlReportRow> rows;
  for (const std::string& table : tables_created) rows.push_back({"table_created", table, ""});
  for (const std::string& table : tables_updated) rows.push_back({"table_updated", table, ""});
  for (const std::string& table : tables_unchanged) rows.push_back({"table_unchanged", table, ""});
  for (const CrawlMissingTable& missing : tables_missing) {
    rows.push_back({"table_missing", missing.table, missing.location});
  }
  for (const auto& [table, count] : partitions_added) {
    rows.push_back({"partitions_added", table, std::to_string(count)});
  }
  for (const auto& [table, count] : partitions_missing) {
    rows.push_back({"partitions_missing", table, std::to_string(count)});
  }
  for (const CrawlSchemaChange& change : schema_changes) {
    rows.push_back({"schema_change", change.table,
                    std::string(change.applied ? "applied: " : "logged: ") + change.description});
  }
  for (const CrawlConflict& conflict : conflicts) {
    rows.push_back({"conflict", conflict.table, conflict.reason});
  }
  for (const CrawlUnreadableFile& file : unreadable_files) {
    rows.push_back({"unreadable_file", "", file.path + ": " + file.reason});
  }
  rows.push_back({"files", "",
                  "seen " + std::to_string(files_seen) + ", read " + std::to_string(files_read) +
                      ", unchanged " + std::to_string(files_unchanged) + ", excluded " +
                      std::to_string(files_excluded)});
  return rows;
}

}  // namespace tarn
