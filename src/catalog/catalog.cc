#include "catalog/catalog.h"

#include <algorithm>
#include <cctype>

#include "common/string_distance.h"

namespace tarn {

namespace {

std::string Key(const std::string& name) {
  std::string key = name;
  std::transform(key.begin(), key.end(), key.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return key;
}

}  // namespace

Status Catalog::CreateTable(TableEntry table, bool replace, bool if_not_exists) {
  std::lock_guard<std::mutex> lock(mutex_);
  std::string key = Key(table.name);
  if (views_.count(key)) {
    return Status::Error(ErrorCode::kCatalog, "a view named \"" + table.name + "\" already exists");
  }
  if (tables_.count(key) && !replace) {
    if (if_not_exists) return Status::Ok();
    return Status::Error(ErrorCode::kCatalog, "table \"" + table.name + "\" already exists");
  }
  TableSlot slot;
  slot.entry = std::make_shared<const TableEntry>(std::move(table));
  slot.rows = std::make_shared<const TableRows>();
  tables_[key] = std::move(slot);
  return Status::Ok();
}

Status Catalog::CreateView(ViewEntry view, bool replace) {
  std::lock_guard<std::mutex> lock(mutex_);
  std::string key = Key(view.name);
  if (tables_.count(key)) {
    return Status::Error(ErrorCode::kCatalog, "a table named \"" + view.name + "\" already exists");
  }
  if (views_.count(key) && !replace) {
    return Status::Error(ErrorCode::kCatalog, "view \"" + view.name + "\" already exists");
  }
  views_[key] = std::make_shared<const ViewEntry>(std::move(view));
  return Status::Ok();
}

Status Catalog::Drop(const std::string& name, bool is_view, bool if_exists) {
  std::lock_guard<std::mutex> lock(mutex_);
  std::string key = Key(name);
  if (is_view) {
    if (views_.erase(key) == 0 && !if_exists) {
      if (tables_.count(key)) {
        return Status::Error(ErrorCode::kCatalog,
                             "\"" + name + "\" is a table, not a view: use DROP TABLE");
      }
      std::vector<std::string> names;
      for (const auto& [key_name, view] : views_) names.push_back(view->name);
      return Status::Error(ErrorCode::kCatalog,
                           "view \"" + name + "\" does not exist." + DidYouMean(name, names));
    }
    return Status::Ok();
  }
  if (tables_.erase(key) == 0 && !if_exists) {
    if (views_.count(key)) {
      return Status::Error(ErrorCode::kCatalog,
                           "\"" + name + "\" is a view, not a table: use DROP VIEW");
    }
    std::vector<std::string> names;
    for (const auto& [key_name, table] : tables_) names.push_back(table.entry->name);
    return Status::Error(ErrorCode::kCatalog,
                         "table \"" + name + "\" does not exist." + DidYouMean(name, names));
  }
  return Status::Ok();
}

std::shared_ptr<const TableEntry> Catalog::GetTable(const std::string& name) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = tables_.find(Key(name));
  return it == tables_.end() ? nullptr : it->second.entry;
}

std::shared_ptr<const ViewEntry> Catalog::GetView(const std::string& name) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = views_.find(Key(name));
  return it == views_.end() ? nullptr : it->second;
}

std::shared_ptr<const TableRows> Catalog::GetRows(const std::string& name) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = tables_.find(Key(name));
  return it == tables_.end() ? nullptr : it->second.rows;
}

Status Catalog::AppendRows(const std::string& name, std::vector<DataChunk> chunks) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = tables_.find(Key(name));
  if (it == tables_.end()) {
    return Status::Error(ErrorCode::kCatalog, "table \"" + name + "\" does not exist");
  }
  auto rows = std::make_shared<TableRows>();
  rows->reserve(it->second.rows->size() + chunks.size());
  for (const auto& chunk : *it->second.rows) {
    DataChunk copy;
    copy.Reference(chunk);
    rows->push_back(std::move(copy));
  }
  for (auto& chunk : chunks) rows->push_back(std::move(chunk));
  it->second.rows = std::move(rows);
  return Status::Ok();
}

std::vector<std::string> Catalog::Names() const {
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<std::string> names;
  for (const auto& [key, slot] : tables_) names.push_back(slot.entry->name);
  for (const auto& [key, view] : views_) names.push_back(view->name);
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace tarn
