#include "catalog/lake.h"

#include <unistd.h>

#include <cctype>
#include <filesystem>
#include <random>
#include <system_error>

#include "storage/file_system.h"

namespace tarn {

namespace {

bool IsPostgresConnection(const std::string& catalog) {
  return catalog.rfind("postgresql://", 0) == 0 || catalog.rfind("postgres://", 0) == 0 ||
         catalog.find("host=") != std::string::npos || catalog.find("dbname=") != std::string::npos;
}

std::string Lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

Status MakeFolder(const std::string& path) {
  std::error_code error;
  std::filesystem::create_directories(path, error);
  if (error) {
    return Status::Error(ErrorCode::kIo,
                         "cannot create the lake folder \"" + path + "\": " + error.message());
  }
  return Status::Ok();
}

}  // namespace

Result<std::unique_ptr<Lake>> Lake::Open(const LakeOptions& options) {
  std::unique_ptr<Lake> lake(new Lake());
  std::string catalog = options.catalog;
  if (options.path.empty()) {
    lake->transient_ = true;
    std::random_device random;
    const char* temp = std::getenv("TMPDIR");
    lake->warehouse_ = std::string(temp && *temp ? temp : "/tmp") + "/tarn/lake-" +
                       std::to_string(::getpid()) + "-" + std::to_string(random()) + "/warehouse";
    if (catalog.empty()) catalog = ":memory:";
  } else {
    if (std::filesystem::exists(options.path) && !std::filesystem::is_directory(options.path)) {
      return Status::Error(ErrorCode::kIo,
                           "the lake \"" + options.path + "\" is a file; a lake is a folder");
    }
    TARN_RETURN_IF_ERROR(MakeFolder(options.path));
    // Managed tables record where their files are: absolute, to be found from any folder.
    lake->path_ = AbsolutePath(options.path);
    lake->warehouse_ = lake->path_ + "/warehouse";
    if (catalog.empty()) catalog = lake->path_ + "/catalog.db";
  }
  CatalogDatabase database;
  database.name = kDefaultDatabase;
  database.comment = "The database of tables created without a database name";
  database.location = lake->warehouse_ + "/" + kDefaultDatabase;
  Result<std::unique_ptr<SqlDriver>> driver =
      IsPostgresConnection(catalog) ? OpenPostgresDriver(catalog) : OpenSqliteDriver(catalog);
  if (!driver.ok()) return driver.status();
  TARN_ASSIGN_OR_RETURN(lake->store_, CatalogStore::Open(std::move(driver).value()));
  TARN_RETURN_IF_ERROR(lake->store_->CreateDatabase(database, /*if_not_exists=*/true));
  return lake;
}

Lake::~Lake() {
  if (transient_) {
    // A transient lake's managed files go with it.
    std::error_code error;
    std::filesystem::remove_all(std::filesystem::path(warehouse_).parent_path(), error);
  }
}

std::string Lake::ManagedTableLocation(const std::string& database,
                                       const std::string& table) const {
  return warehouse_ + "/" + Lower(database) + "/" + Lower(table);
}

}  // namespace tarn
