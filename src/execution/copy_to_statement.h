#pragma once

#include <memory>
#include <string>
#include <vector>

#include "common/status.h"
#include "execution/copy_to_file.h"
#include "parser/ast.h"

namespace tarn {

// The file formats COPY writes and reads.
enum class CopyFormat : uint8_t { kCsv, kJson, kParquet };

// The format named by a path's extension, looking through .gz / .zst: x.parquet, x.json,
// x.ndjson, x.csv.gz ...; CSV for anything else.
CopyFormat CopyFormatForPath(const std::string& path);

// Binds the options of `COPY ... TO path (options)` for a query with columns `names` /
// `types`: FORMAT (or the path's extension), PARTITION_BY, OVERWRITE_OR_IGNORE / OVERWRITE,
// APPEND, and the format's own options (see csv_writer.h, json_writer.h,
// parquet_writer.h). A .gz or .zst path compresses CSV and JSON unless COMPRESSION says
// otherwise. Unknown options and bad values give kInvalidOption errors naming them.
Result<CopyToFileInfo> BindCopyTo(const std::string& path, const std::vector<std::string>& names,
                                  const std::vector<LogicalType>& types,
                                  const std::vector<CopyOption>& options);

// The table function call that reads the file of `COPY table FROM path (options)`:
// read_csv / read_json / read_parquet by FORMAT or extension, with the other options
// passed on as named arguments (HEADER, DELIMITER ...).
Result<std::unique_ptr<TableRef>> CopyFromSource(const std::string& path,
                                                 const std::vector<CopyOption>& options);

}  // namespace tarn
