#include "execution/copy_to_file.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <map>
#include <mutex>
#include <numeric>
#include <random>
#include <unordered_map>

#include "execution/pipeline.h"
#include "formats/csv/csv_writer.h"
#include "formats/hive_partitioning.h"
#include "storage/file_system.h"

namespace tarn {

namespace {

bool PathExists(const std::string& path) {
  struct stat info;
  return ::lstat(path.c_str(), &info) == 0;
}

bool IsDirectory(const std::string& path) {
  struct stat info;
  return ::stat(path.c_str(), &info) == 0 && S_ISDIR(info.st_mode);
}

// True when the directory holds anything besides "." and "..".
bool DirectoryHasEntries(const std::string& path) {
  DIR* directory = ::opendir(path.c_str());
  if (!directory) return false;
  bool found = false;
  while (dirent* entry = ::readdir(directory)) {
    std::string name = entry->d_name;
    if (name != "." && name != "..") {
      found = true;
      break;
    }
  }
  ::closedir(directory);
  return found;
}

std::string ParentDirectory(const std::string& path) {
  size_t slash = path.find_last_of('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

std::string BaseName(const std::string& path) {
  size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

std::string JoinPath(const std::string& directory, const std::string& name) {
  if (directory.empty()) return name;
  if (directory.back() == '/') return directory + name;
  return directory + "/" + name;
}

std::string RandomTag() {
  std::random_device device;
  std::mt19937_64 generator((static_cast<uint64_t>(device()) << 32) ^ device() ^
                            static_cast<uint64_t>(::getpid()));
  static const char kHex[] = "0123456789abcdef";
  std::string tag;
  uint64_t bits = generator();
  for (int i = 0; i < 12; i++) {
    tag.push_back(kHex[bits & 15]);
    bits >>= 4;
  }
  return tag;
}

void SyncDirectory(const std::string& path) {
  int descriptor = ::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (descriptor < 0) return;
  ::fsync(descriptor);
  ::close(descriptor);
}

// One output file: its rows waiting to be cut into blocks, encoded blocks waiting for
// their turn, and the open temporary file.
struct CopyTarget {
  std::string folder;  // Partition folder relative to the root ("" for one file).
  std::string final_path;
  std::string temp_path;
  std::unique_ptr<OutputFile> file;
  std::unique_ptr<FileWriteState> state;
  std::vector<DataChunk> pending;
  idx_t pending_rows = 0;
  uint64_t next_block = 0;
  uint64_t next_write = 0;
  std::map<uint64_t, std::unique_ptr<EncodedBlock>> encoded;
  bool closed = false;  // Finished and closed; renamed into place at commit.
};

struct EncodeJob {
  CopyTarget* target;
  uint64_t sequence;
  std::vector<DataChunk> chunks;
};

using PartitionedChunks = std::vector<std::pair<std::string, DataChunk>>;

struct CopyGlobal : GlobalSinkState {
  explicit CopyGlobal(const CopyToFileInfo& copy_info) : info(copy_info), tag(RandomTag()) {}
  ~CopyGlobal() override {
    if (!committed) RemovePartialOutput();
  }

  void RemovePartialOutput() {
    for (auto& [key, target] : targets) {
      if (target->file || !target->temp_path.empty()) {
        target->file.reset();
        if (!target->temp_path.empty()) ::unlink(target->temp_path.c_str());
      }
    }
    for (auto it = created_directories.rbegin(); it != created_directories.rend(); ++it) {
      ::rmdir(it->c_str());
    }
  }

  const CopyToFileInfo& info;
  std::string tag;
  std::mutex mutex;
  std::map<std::string, std::unique_ptr<CopyTarget>> targets;
  // Released batches of rows, by input batch index, waiting for earlier batches.
  std::map<idx_t, PartitionedChunks> completed;
  // The batch each thread is working on (UINT64_MAX when it has finished).
  std::vector<idx_t> slots;
  std::atomic<idx_t> rows{0};
  std::vector<std::string> created_directories;
  std::vector<std::string> files;
  bool finalizing = false;  // All input is in: targets close their file after the last block.
  bool committed = false;
};

struct CopyLocal : LocalSinkState {
  size_t slot = 0;
  bool has_batch = false;
  idx_t current_batch = 0;
  PartitionedChunks chunks;
};

// Creates `path` and any missing parents, remembering what it created.
void MakeDirectories(const std::string& path, std::vector<std::string>* created) {
  if (path.empty() || IsDirectory(path)) return;
  std::string parent = ParentDirectory(path);
  if (parent != path && parent != "." && parent != "/") MakeDirectories(parent, created);
  if (::mkdir(path.c_str(), 0755) != 0 && errno != EEXIST) {
    IoErrorFromErrno("Cannot create directory", path, errno).ThrowIfError();
  }
  if (!IsDirectory(path)) {
    ThrowError(ErrorCode::kIo, "Cannot create directory \"" + path + "\": a file is in the way");
  }
  created->push_back(path);
}

// Opens the temporary file of `target` (under the global lock).
void OpenTarget(CopyGlobal& global, CopyTarget& target) {
  const CopyToFileInfo& info = global.info;
  std::string folder;
  std::string name;
  if (info.partition_columns.empty()) {
    target.final_path = info.path;
    folder = ParentDirectory(info.path);
    name = BaseName(info.path);
  } else {
    folder = JoinPath(info.path, target.folder);
    MakeDirectories(folder, &global.created_directories);
    std::string extension = info.writer->FileExtension();
    name = "data_0." + extension;
    if (info.existing == ExistingOutput::kAppend && PathExists(JoinPath(folder, name))) {
      name = "data_" + global.tag + "." + extension;
    }
    if (info.existing == ExistingOutput::kError && PathExists(JoinPath(folder, name))) {
      ThrowError(ErrorCode::kIo, "COPY target file \"" + JoinPath(folder, name) +
                                     "\" already exists; use OVERWRITE_OR_IGNORE true or "
                                     "APPEND true");
    }
    target.final_path = JoinPath(folder, name);
  }
  target.temp_path = JoinPath(folder, ".tmp-" + global.tag + "-" + name);
  target.file = OutputFile::Create(target.temp_path).ValueOrThrow();
  target.state = info.writer->BeginFile(*target.file);
}

CopyTarget& GetTarget(CopyGlobal& global, const std::string& key) {
  auto& slot = global.targets[key];
  if (!slot) {
    slot = std::make_unique<CopyTarget>();
    slot->folder = key;
  }
  return *slot;
}

// Splits `chunk` into its first `count` rows (returned) and the rest (left in `chunk`).
DataChunk SplitFront(DataChunk& chunk, idx_t count) {
  std::vector<LogicalType> types = chunk.Types();
  std::vector<uint32_t> rows(chunk.size());
  std::iota(rows.begin(), rows.end(), 0);
  DataChunk view;
  view.Reference(chunk);
  view.Slice(rows.data(), count);
  DataChunk front(types, std::max<idx_t>(count, 1));
  front.Append(view);
  DataChunk rest_view;
  rest_view.Reference(chunk);
  rest_view.Slice(rows.data() + count, chunk.size() - count);
  DataChunk rest(types, std::max<idx_t>(chunk.size() - count, 1));
  rest.Append(rest_view);
  chunk = std::move(rest);
  return front;
}

// Cuts the first `rows` pending rows of `target` into an encode job.
EncodeJob CutBlock(CopyTarget& target, idx_t rows) {
  EncodeJob job{&target, target.next_block++, {}};
  idx_t taken = 0;
  size_t used = 0;
  while (taken < rows && used < target.pending.size()) {
    DataChunk& chunk = target.pending[used];
    if (taken + chunk.size() <= rows) {
      taken += chunk.size();
      job.chunks.push_back(std::move(chunk));
      used++;
    } else {
      idx_t count = rows - taken;
      job.chunks.push_back(SplitFront(chunk, count));
      taken += count;
    }
  }
  target.pending.erase(target.pending.begin(), target.pending.begin() + used);
  target.pending_rows -= taken;
  return job;
}

// Moves released batches into their targets and cuts full blocks (under the global lock).
void Drain(CopyGlobal& global, bool final, std::vector<EncodeJob>* jobs) {
  idx_t minimum = UINT64_MAX;
  for (idx_t slot : global.slots) minimum = std::min(minimum, slot);
  idx_t block_rows = std::max<idx_t>(1, global.info.writer->RowsPerBlock());
  while (!global.completed.empty()) {
    auto it = global.completed.begin();
    if (!final && it->first >= minimum) break;
    for (auto& [key, chunk] : it->second) {
      CopyTarget& target = GetTarget(global, key);
      target.pending_rows += chunk.size();
      target.pending.push_back(std::move(chunk));
      while (target.pending_rows >= block_rows) jobs->push_back(CutBlock(target, block_rows));
    }
    global.completed.erase(it);
  }
  if (final) {
    for (auto& [key, target] : global.targets) {
      if (target->pending_rows > 0) jobs->push_back(CutBlock(*target, target->pending_rows));
    }
  }
}

// Appends the encoded blocks of `target` that are next in order (under the global lock).
void WriteReady(CopyGlobal& global, CopyTarget& target) {
  while (true) {
    auto it = target.encoded.find(target.next_write);
    if (it == target.encoded.end()) return;
    if (!target.file) OpenTarget(global, target);
    global.info.writer->AppendBlock(*target.state, *target.file, *it->second);
    target.encoded.erase(it);
    target.next_write++;
  }
  // Once every row has been cut into blocks, a target's last block closes its file, so that
  // many partitions do not keep many files open at the end.
  if (global.finalizing && target.file && target.pending_rows == 0 &&
      target.next_write == target.next_block) {
    global.info.writer->FinishFile(*target.state, *target.file);
    target.file->Close();
    target.closed = true;
  }
}

void RunJob(CopyGlobal& global, EncodeJob& job) {
  std::unique_ptr<EncodedBlock> block = global.info.writer->Encode(job.chunks);
  job.chunks.clear();
  std::lock_guard<std::mutex> lock(global.mutex);
  job.target->encoded[job.sequence] = std::move(block);
  WriteReady(global, *job.target);
}

// Gives the thread's finished batch to the global state, then encodes what became ready.
void HandOver(CopyGlobal& global, CopyLocal& local, idx_t next_slot_value) {
  std::vector<EncodeJob> jobs;
  {
    std::lock_guard<std::mutex> lock(global.mutex);
    if (!local.chunks.empty()) {
      auto& batch = global.completed[local.current_batch];
      for (auto& entry : local.chunks) batch.push_back(std::move(entry));
    }
    global.slots[local.slot] = next_slot_value;
    Drain(global, false, &jobs);
  }
  local.chunks.clear();
  for (auto& job : jobs) RunJob(global, job);
}

}  // namespace

PhysicalCopyToFile::PhysicalCopyToFile(CopyToFileInfo info, double estimated_rows)
    : PhysicalOperator("COPY_TO_FILE", {LogicalType(TypeId::kBigint)}, estimated_rows),
      info_(std::move(info)) {}

Status PhysicalCopyToFile::CheckTarget(const CopyToFileInfo& info) {
  const std::string& path = info.path;
  if (path.empty()) return Status::Error(ErrorCode::kInvalidOption, "COPY needs a file name");
  if (info.partition_columns.empty()) {
    if (info.existing == ExistingOutput::kAppend) {
      return Status::Error(ErrorCode::kInvalidOption,
                           "APPEND needs PARTITION_BY: a single file cannot be appended to");
    }
    std::string parent = ParentDirectory(path);
    if (!IsDirectory(parent)) {
      return Status::Error(ErrorCode::kIo, "Cannot write \"" + path + "\": directory \"" + parent +
                                               "\" does not exist");
    }
    if (IsDirectory(path)) {
      return Status::Error(ErrorCode::kIo, "Cannot write \"" + path +
                                               "\": it is a directory (use PARTITION_BY "
                                               "to write a folder of files)");
    }
    if (PathExists(path) && info.existing == ExistingOutput::kError) {
      return Status::Error(ErrorCode::kIo, "COPY target file \"" + path +
                                               "\" already exists; use OVERWRITE_OR_IGNORE true "
                                               "to replace it");
    }
    if (::access(parent.c_str(), W_OK) != 0) {
      return IoErrorFromErrno("Cannot write to directory", parent, errno);
    }
    return Status::Ok();
  }
  if (PathExists(path) && !IsDirectory(path)) {
    return Status::Error(ErrorCode::kIo, "COPY with PARTITION_BY writes a directory, but \"" +
                                             path + "\" is a file");
  }
  if (IsDirectory(path) && info.existing == ExistingOutput::kError && DirectoryHasEntries(path)) {
    return Status::Error(ErrorCode::kIo, "COPY target directory \"" + path +
                                             "\" is not empty; use OVERWRITE_OR_IGNORE true or "
                                             "APPEND true");
  }
  std::string existing = path;
  while (!PathExists(existing)) {
    std::string parent = ParentDirectory(existing);
    if (parent == existing) break;
    existing = parent;
  }
  if (!IsDirectory(existing) || ::access(existing.c_str(), W_OK) != 0) {
    return Status::Error(ErrorCode::kIo, "Cannot write directory \"" + path + "\": \"" + existing +
                                             "\" is not a writable directory");
  }
  return Status::Ok();
}

std::unique_ptr<GlobalSinkState> PhysicalCopyToFile::GetGlobalSinkState(ExecutionContext&) const {
  return std::make_unique<CopyGlobal>(info_);
}

std::unique_ptr<LocalSinkState> PhysicalCopyToFile::GetLocalSinkState(
    ExecutionContext&, GlobalSinkState& global_state) const {
  auto& global = static_cast<CopyGlobal&>(global_state);
  auto local = std::make_unique<CopyLocal>();
  std::lock_guard<std::mutex> lock(global.mutex);
  local->slot = global.slots.size();
  global.slots.push_back(0);
  return local;
}

SinkResult PhysicalCopyToFile::Sink(ExecutionContext&, GlobalSinkState& global_state,
                                    LocalSinkState& local_state, DataChunk& input) const {
  auto& global = static_cast<CopyGlobal&>(global_state);
  auto& local = static_cast<CopyLocal&>(local_state);
  if (!local.has_batch) {
    local.has_batch = true;
    local.current_batch = local.batch_index;
  } else if (local.batch_index != local.current_batch) {
    HandOver(global, local, local.batch_index);
    local.current_batch = local.batch_index;
  }
  global.rows += input.size();

  std::vector<LogicalType> data_types;
  for (idx_t column : info_.data_columns) data_types.push_back(info_.types[column]);
  DataChunk view;
  view.Initialize(data_types, 1);
  for (size_t i = 0; i < info_.data_columns.size(); i++) {
    view.column(i).Reference(input.column(info_.data_columns[i]));
  }
  view.SetSize(input.size());
  if (input.HasSelection()) view.Slice(input.selection(), input.size());

  if (info_.partition_columns.empty()) {
    DataChunk copy(data_types, std::max<idx_t>(input.size(), 1));
    copy.Append(view);
    local.chunks.emplace_back(std::string(), std::move(copy));
    return SinkResult::kNeedMoreInput;
  }
  // Group the rows by partition folder, keeping their order within each folder.
  std::vector<std::pair<std::string, std::vector<uint32_t>>> groups;
  std::unordered_map<std::string, size_t> group_of;
  std::string key;
  std::string text;
  for (idx_t row = 0; row < input.size(); row++) {
    uint32_t physical = input.RowIndex(row);
    key.clear();
    for (idx_t column : info_.partition_columns) {
      const Vector& vector = input.column(column);
      if (!key.empty()) key.push_back('/');
      key += HivePartitions::EscapePathText(info_.names[column]);
      key.push_back('=');
      text.clear();
      if (vector.validity().RowIsValid(physical)) AppendValueText(vector, physical, &text);
      if (text.empty()) {
        key += HivePartitions::kDefaultPartition;
      } else {
        key += HivePartitions::EscapePathText(text);
      }
    }
    auto [it, inserted] = group_of.try_emplace(key, groups.size());
    if (inserted) groups.emplace_back(key, std::vector<uint32_t>());
    groups[it->second].second.push_back(static_cast<uint32_t>(row));
  }
  for (auto& [folder, rows] : groups) {
    DataChunk sliced;
    sliced.Reference(view);
    sliced.Slice(rows.data(), rows.size());
    DataChunk copy(data_types, std::max<idx_t>(rows.size(), 1));
    copy.Append(sliced);
    local.chunks.emplace_back(folder, std::move(copy));
  }
  return SinkResult::kNeedMoreInput;
}

void PhysicalCopyToFile::Combine(ExecutionContext&, GlobalSinkState& global_state,
                                 LocalSinkState& local_state) const {
  HandOver(static_cast<CopyGlobal&>(global_state), static_cast<CopyLocal&>(local_state),
           UINT64_MAX);
}

void PhysicalCopyToFile::Finalize(ExecutionContext& context, GlobalSinkState& global_state) const {
  auto& global = static_cast<CopyGlobal&>(global_state);
  std::vector<EncodeJob> jobs;
  {
    std::lock_guard<std::mutex> lock(global.mutex);
    for (auto& slot : global.slots) slot = UINT64_MAX;
    global.finalizing = true;
    Drain(global, true, &jobs);
  }
  size_t threads = std::min<size_t>(jobs.size(), context.max_threads());
  if (threads > 1) {
    std::atomic<size_t> next{0};
    context.pool().ParallelRun(threads, [&](size_t) {
      for (size_t index = next++; index < jobs.size(); index = next++) RunJob(global, jobs[index]);
    });
  } else {
    for (auto& job : jobs) RunJob(global, job);
  }
  std::lock_guard<std::mutex> lock(global.mutex);
  if (info_.partition_columns.empty()) {
    CopyTarget& target = GetTarget(global, "");
    if (!target.file) OpenTarget(global, target);
  } else {
    MakeDirectories(info_.path, &global.created_directories);
  }
  for (auto& [key, target] : global.targets) {
    TARN_CHECK(target->encoded.empty() && target->pending.empty(), "COPY left rows unwritten");
    if (!target->file || target->closed) continue;
    info_.writer->FinishFile(*target->state, *target->file);
    target->file->Close();
    target->closed = true;
  }
  std::vector<std::string> folders;
  for (auto& [key, target] : global.targets) {
    if (target->temp_path.empty()) continue;
    if (::rename(target->temp_path.c_str(), target->final_path.c_str()) != 0) {
      IoErrorFromErrno("Cannot rename the finished file to", target->final_path, errno)
          .ThrowIfError();
    }
    target->temp_path.clear();
    target->file.reset();
    global.files.push_back(target->final_path);
    folders.push_back(ParentDirectory(target->final_path));
  }
  global.committed = true;
  std::sort(folders.begin(), folders.end());
  folders.erase(std::unique(folders.begin(), folders.end()), folders.end());
  for (const auto& folder : folders) SyncDirectory(folder);
  for (const auto& folder : global.created_directories) SyncDirectory(ParentDirectory(folder));
}

std::vector<std::string> PhysicalCopyToFile::Details() const {
  std::vector<std::string> details{info_.path};
  if (!info_.partition_columns.empty()) {
    std::string keys;
    for (idx_t column : info_.partition_columns) {
      keys += (keys.empty() ? "" : ", ") + info_.names[column];
    }
    details.push_back("PARTITION_BY (" + keys + ")");
  }
  return details;
}

idx_t PhysicalCopyToFile::RowsWritten(ExecutionContext& context, const PhysicalCopyToFile& op) {
  return static_cast<CopyGlobal&>(context.SinkState(op)).rows.load();
}

std::vector<std::string> PhysicalCopyToFile::FilesWritten(ExecutionContext& context,
                                                          const PhysicalCopyToFile& op) {
  return static_cast<CopyGlobal&>(context.SinkState(op)).files;
}

}  // namespace tarn
