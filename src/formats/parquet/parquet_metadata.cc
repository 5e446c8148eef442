#include "formats/parquet/parquet_metadata.h"

#include "formats/parquet/thrift_compact_reader.h"

namespace tarn {

namespace {

using FieldHeader = ThriftCompactReader::FieldHeader;

// Reads a struct: `on_field` returns false for fields it did not consume, which are skipped.
template <class OnField>
void ReadStruct(ThriftCompactReader& reader, OnField on_field) {
  reader.BeginStruct();
  while (true) {
    FieldHeader header = reader.ReadFieldHeader();
    if (header.type == ThriftType::kStop) break;
    if (!on_field(header)) reader.Skip(header.type);
  }
  reader.EndStruct();
}

void ExpectType(ThriftCompactReader& reader, const FieldHeader& header, ThriftType type,
                const char* field) {
  bool matches = header.type == type;
  if (type == ThriftType::kBooleanTrue) {
    matches = header.type == ThriftType::kBooleanTrue || header.type == ThriftType::kBooleanFalse;
  }
  if (!matches) {
    reader.Fail(std::string("field ") + field + " has type " +
                std::to_string(static_cast<int>(header.type)) + " instead of " +
                std::to_string(static_cast<int>(type)));
  }
}

template <class T, class ReadElement>
std::vector<T> ReadList(ThriftCompactReader& reader, const FieldHeader& header, ThriftType element,
                        const char* field, ReadElement read_element) {
  ExpectType(reader, header, ThriftType::kList, field);
  ThriftCompactReader::ListHeader list = reader.ReadListHeader();
  if (list.element_type != element) {
    reader.Fail(std::string("list ") + field + " has elements of the wrong type");
  }
  std::vector<T> result;
  result.reserve(list.size);
  for (uint32_t i = 0; i < list.size; i++) result.push_back(read_element());
  return result;
}

int32_t ReadI32Field(ThriftCompactReader& reader, const FieldHeader& header, const char* field) {
  ExpectType(reader, header, ThriftType::kI32, field);
  return reader.ReadI32();
}

int64_t ReadI64Field(ThriftCompactReader& reader, const FieldHeader& header, const char* field) {
  ExpectType(reader, header, ThriftType::kI64, field);
  return reader.ReadI64();
}

std::string ReadStringField(ThriftCompactReader& reader, const FieldHeader& header,
                            const char* field) {
  ExpectType(reader, header, ThriftType::kBinary, field);
  return reader.ReadString();
}

bool ReadBoolField(ThriftCompactReader& reader, const FieldHeader& header, const char* field) {
  ExpectType(reader, header, ThriftType::kBooleanTrue, field);
  return ThriftCompactReader::BooleanFieldValue(header);
}

ParquetTimeUnit ReadTimeUnit(ThriftCompactReader& reader) {
  ParquetTimeUnit unit = ParquetTimeUnit::kMillis;
  ReadStruct(reader, [&](const FieldHeader& header) {
    if (header.type != ThriftType::kStruct) return false;
    if (header.id == 1) unit = ParquetTimeUnit::kMillis;
    if (header.id == 2) unit = ParquetTimeUnit::kMicros;
    if (header.id == 3) unit = ParquetTimeUnit::kNanos;
    reader.Skip(ThriftType::kStruct);
    return true;
  });
  return unit;
}

ParquetLogicalType ReadLogicalType(ThriftCompactReader& reader) {
  using Kind = ParquetLogicalType::Kind;
  ParquetLogicalType type;
  ReadStruct(reader, [&](const FieldHeader& header) {
    if (header.type != ThriftType::kStruct) return false;
    switch (header.id) {
      case 1:
        type.kind = Kind::kString;
        break;
      case 2:
        type.kind = Kind::kMap;
        break;
      case 3:
        type.kind = Kind::kList;
        break;
      case 4:
        type.kind = Kind::kEnum;
        break;
      case 5:
        type.kind = Kind::kDecimal;
        ReadStruct(reader, [&](const FieldHeader& field) {
          if (field.id == 1) {
            type.decimal_scale = ReadI32Field(reader, field, "DecimalType.scale");
          } else if (field.id == 2) {
            type.decimal_precision = ReadI32Field(reader, field, "DecimalType.precision");
          } else {
            return false;
          }
          return true;
        });
        return true;
      case 6:
        type.kind = Kind::kDate;
        break;
      case 7:
      case 8:
        type.kind = header.id == 7 ? Kind::kTime : Kind::kTimestamp;
        ReadStruct(reader, [&](const FieldHeader& field) {
          if (field.id == 1) {
            type.adjusted_to_utc = ReadBoolField(reader, field, "isAdjustedToUTC");
          } else if (field.id == 2 && field.type == ThriftType::kStruct) {
            type.unit = ReadTimeUnit(reader);
          } else {
            return false;
          }
          return true;
        });
        return true;
      case 10:
        type.kind = Kind::kInteger;
        ReadStruct(reader, [&](const FieldHeader& field) {
          if (field.id == 1) {
            ExpectType(reader, field, ThriftType::kByte, "IntType.bitWidth");
            type.bit_width = reader.ReadByte();
          } else if (field.id == 2) {
            type.is_signed = ReadBoolField(reader, field, "IntType.isSigned");
          } else {
            return false;
          }
          return true;
        });
        return true;
      case 11:
        type.kind = Kind::kUnknown;
        break;
      case 12:
        type.kind = Kind::kJson;
        break;
      case 13:
        type.kind = Kind::kBson;
        break;
      case 14:
        type.kind = Kind::kUuid;
        break;
      case 15:
        type.kind = Kind::kFloat16;
        break;
      default:
        type.kind = Kind::kOther;
        break;
    }
    reader.Skip(ThriftType::kStruct);
    return true;
  });
  return type;
}

ParquetSchemaElement ReadSchemaElement(ThriftCompactReader& reader) {
  ParquetSchemaElement element;
  ReadStruct(reader, [&](const FieldHeader& header) {
    switch (header.id) {
      case 1:
        element.type =
            static_cast<ParquetPhysicalType>(ReadI32Field(reader, header, "SchemaElement.type"));
        return true;
      case 2:
        element.type_length = ReadI32Field(reader, header, "SchemaElement.type_length");
        return true;
      case 3:
        element.repetition = static_cast<ParquetRepetition>(
            ReadI32Field(reader, header, "SchemaElement.repetition_type"));
        return true;
      case 4:
        element.name = ReadStringField(reader, header, "SchemaElement.name");
        return true;
      case 5:
        element.num_children = ReadI32Field(reader, header, "SchemaElement.num_children");
        return true;
      case 6:
        element.converted_type = static_cast<ParquetConvertedType>(
            ReadI32Field(reader, header, "SchemaElement.converted_type"));
        return true;
      case 7:
        element.scale = ReadI32Field(reader, header, "SchemaElement.scale");
        return true;
      case 8:
        element.precision = ReadI32Field(reader, header, "SchemaElement.precision");
        return true;
      case 9:
        element.field_id = ReadI32Field(reader, header, "SchemaElement.field_id");
        return true;
      case 10:
        ExpectType(reader, header, ThriftType::kStruct, "SchemaElement.logicalType");
        element.logical_type = ReadLogicalType(reader);
        return true;
      default:
        return false;
    }
  });
  return element;
}

ParquetStatistics ReadStatistics(ThriftCompactReader& reader) {
  ParquetStatistics statistics;
  ReadStruct(reader, [&](const FieldHeader& header) {
    switch (header.id) {
      case 1:
        statistics.max = ReadStringField(reader, header, "Statistics.max");
        return true;
      case 2:
        statistics.min = ReadStringField(reader, header, "Statistics.min");
        return true;
      case 3:
        statistics.null_count = ReadI64Field(reader, header, "Statistics.null_count");
        return true;
      case 4:
        statistics.distinct_count = ReadI64Field(reader, header, "Statistics.distinct_count");
        return true;
      case 5:
        statistics.max_value = ReadStringField(reader, header, "Statistics.max_value");
        return true;
      case 6:
        statistics.min_value = ReadStringField(reader, header, "Statistics.min_value");
        return true;
      default:
        return false;
    }
  });
  return statistics;
}

ParquetColumnMetaData ReadColumnMetaData(ThriftCompactReader& reader) {
  ParquetColumnMetaData meta;
  ReadStruct(reader, [&](const FieldHeader& header) {
    switch (header.id) {
      case 1:
        meta.type =
            static_cast<ParquetPhysicalType>(ReadI32Field(reader, header, "ColumnMetaData.type"));
        return true;
      case 2:
        meta.encodings = ReadList<ParquetEncoding>(
            reader, header, ThriftType::kI32, "ColumnMetaData.encodings",
            [&] { return static_cast<ParquetEncoding>(reader.ReadI32()); });
        return true;
      case 3:
        meta.path_in_schema = ReadList<std::string>(reader, header, ThriftType::kBinary,
                                                    "ColumnMetaData.path_in_schema",
                                                    [&] { return reader.ReadString(); });
        return true;
      case 4:
        meta.codec =
            static_cast<ParquetCodec>(ReadI32Field(reader, header, "ColumnMetaData.codec"));
        return true;
      case 5:
        meta.num_values = ReadI64Field(reader, header, "ColumnMetaData.num_values");
        return true;
      case 6:
        meta.total_uncompressed_size =
            ReadI64Field(reader, header, "ColumnMetaData.total_uncompressed_size");
        return true;
      case 7:
        meta.total_compressed_size =
            ReadI64Field(reader, header, "ColumnMetaData.total_compressed_size");
        return true;
      case 9:
        meta.data_page_offset = ReadI64Field(reader, header, "ColumnMetaData.data_page_offset");
        return true;
      case 10:
        meta.index_page_offset = ReadI64Field(reader, header, "ColumnMetaData.index_page_offset");
        return true;
      case 11:
        meta.dictionary_page_offset =
            ReadI64Field(reader, header, "ColumnMetaData.dictionary_page_offset");
        return true;
      case 12:
        ExpectType(reader, header, ThriftType::kStruct, "ColumnMetaData.statistics");
        meta.statistics = ReadStatistics(reader);
        return true;
      default:
        return false;
    }
  });
  return meta;
}

ParquetColumnChunk ReadColumnChunk(ThriftCompactReader& reader) {
  ParquetColumnChunk chunk;
  ReadStruct(reader, [&](const FieldHeader& header) {
    switch (header.id) {
      case 1:
        chunk.file_path = ReadStringField(reader, header, "ColumnChunk.file_path");
        return true;
      case 2:
        chunk.file_offset = ReadI64Field(reader, header, "ColumnChunk.file_offset");
        return true;
      case 3:
        ExpectType(reader, header, ThriftType::kStruct, "ColumnChunk.meta_data");
        chunk.meta_data = ReadColumnMetaData(reader);
        return true;
      default:
        return false;
    }
  });
  return chunk;
}

ParquetRowGroup ReadRowGroup(ThriftCompactReader& reader) {
  ParquetRowGroup row_group;
  ReadStruct(reader, [&](const FieldHeader& header) {
    switch (header.id) {
      case 1:
        row_group.columns =
            ReadList<ParquetColumnChunk>(reader, header, ThriftType::kStruct, "RowGroup.columns",
                                         [&] { return ReadColumnChunk(reader); });
        return true;
      case 2:
        row_group.total_byte_size = ReadI64Field(reader, header, "RowGroup.total_byte_size");
        return true;
      case 3:
        row_group.num_rows = ReadI64Field(reader, header, "RowGroup.num_rows");
        return true;
      default:
        return false;
    }
  });
  return row_group;
}

ParquetKeyValue ReadKeyValue(ThriftCompactReader& reader) {
  ParquetKeyValue key_value;
  ReadStruct(reader, [&](const FieldHeader& header) {
    if (header.id == 1) {
      key_value.key = ReadStringField(reader, header, "KeyValue.key");
    } else if (header.id == 2) {
      key_value.value = ReadStringField(reader, header, "KeyValue.value");
    } else {
      return false;
    }
    return true;
  });
  return key_value;
}

}  // namespace

Result<ParquetFileMetaData> ParseParquetFileMetaData(const uint8_t* data, size_t size) {
  ThriftCompactReader reader(data, size);
  ParquetFileMetaData metadata;
  try {
    ReadStruct(reader, [&](const FieldHeader& header) {
      switch (header.id) {
        case 1:
          metadata.version = ReadI32Field(reader, header, "FileMetaData.version");
          return true;
        case 2:
          metadata.schema = ReadList<ParquetSchemaElement>(
              reader, header, ThriftType::kStruct, "FileMetaData.schema",
              [&] { return ReadSchemaElement(reader); });
          return true;
        case 3:
          metadata.num_rows = ReadI64Field(reader, header, "FileMetaData.num_rows");
          return true;
        case 4:
          metadata.row_groups = ReadList<ParquetRowGroup>(reader, header, ThriftType::kStruct,
                                                          "FileMetaData.row_groups",
                                                          [&] { return ReadRowGroup(reader); });
          return true;
        case 5:
          metadata.key_value_metadata = ReadList<ParquetKeyValue>(
              reader, header, ThriftType::kStruct, "FileMetaData.key_value_metadata",
              [&] { return ReadKeyValue(reader); });
          return true;
        case 6:
          metadata.created_by = ReadStringField(reader, header, "FileMetaData.created_by");
          return true;
        default:
          return false;
      }
    });
  } catch (const TarnException& error) {
    return Status::Error(error.code(), error.what());
  }
  return metadata;
}

Result<ParquetPageHeader> ParseParquetPageHeader(const uint8_t* data, size_t size,
                                                 size_t* header_size) {
  ThriftCompactReader reader(data, size);
  ParquetPageHeader page;
  try {
    ReadStruct(reader, [&](const FieldHeader& header) {
      switch (header.id) {
        case 1:
          page.type = static_cast<ParquetPageType>(ReadI32Field(reader, header, "PageHeader.type"));
          return true;
        case 2:
          page.uncompressed_page_size =
              ReadI32Field(reader, header, "PageHeader.uncompressed_page_size");
          return true;
        case 3:
          page.compressed_page_size =
              ReadI32Field(reader, header, "PageHeader.compressed_page_size");
          return true;
        case 5: {
          ExpectType(reader, header, ThriftType::kStruct, "PageHeader.data_page_header");
          ParquetDataPageHeader data_page;
          ReadStruct(reader, [&](const FieldHeader& field) {
            switch (field.id) {
              case 1:
                data_page.num_values = ReadI32Field(reader, field, "DataPageHeader.num_values");
                return true;
              case 2:
                data_page.encoding = static_cast<ParquetEncoding>(
                    ReadI32Field(reader, field, "DataPageHeader.encoding"));
                return true;
              case 3:
                data_page.definition_level_encoding = static_cast<ParquetEncoding>(
                    ReadI32Field(reader, field, "DataPageHeader.definition_level_encoding"));
                return true;
              case 4:
                data_page.repetition_level_encoding = static_cast<ParquetEncoding>(
                    ReadI32Field(reader, field, "DataPageHeader.repetition_level_encoding"));
                return true;
              default:
                return false;
            }
          });
          page.data_page_header = data_page;
          return true;
        }
        case 7: {
          ExpectType(reader, header, ThriftType::kStruct, "PageHeader.dictionary_page_header");
          ParquetDictionaryPageHeader dictionary;
          ReadStruct(reader, [&](const FieldHeader& field) {
            switch (field.id) {
              case 1:
                dictionary.num_values =
                    ReadI32Field(reader, field, "DictionaryPageHeader.num_values");
                return true;
              case 2:
                dictionary.encoding = static_cast<ParquetEncoding>(
                    ReadI32Field(reader, field, "DictionaryPageHeader.encoding"));
                return true;
              case 3:
                dictionary.is_sorted =
                    ReadBoolField(reader, field, "DictionaryPageHeader.is_sorted");
                return true;
              default:
                return false;
            }
          });
          page.dictionary_page_header = dictionary;
          return true;
        }
        case 8: {
          ExpectType(reader, header, ThriftType::kStruct, "PageHeader.data_page_header_v2");
          ParquetDataPageHeaderV2 v2;
          ReadStruct(reader, [&](const FieldHeader& field) {
            switch (field.id) {
              case 1:
                v2.num_values = ReadI32Field(reader, field, "DataPageHeaderV2.num_values");
                return true;
              case 2:
                v2.num_nulls = ReadI32Field(reader, field, "DataPageHeaderV2.num_nulls");
                return true;
              case 3:
                v2.num_rows = ReadI32Field(reader, field, "DataPageHeaderV2.num_rows");
                return true;
              case 4:
                v2.encoding = static_cast<ParquetEncoding>(
                    ReadI32Field(reader, field, "DataPageHeaderV2.encoding"));
                return true;
              case 5:
                v2.definition_levels_byte_length =
                    ReadI32Field(reader, field, "DataPageHeaderV2.definition_levels_byte_length");
                return true;
              case 6:
                v2.repetition_levels_byte_length =
                    ReadI32Field(reader, field, "DataPageHeaderV2.repetition_levels_byte_length");
                return true;
              case 7:
                v2.is_compressed = ReadBoolField(reader, field, "DataPageHeaderV2.is_compressed");
                return true;
              default:
                return false;
            }
          });
          page.data_page_header_v2 = v2;
          return true;
        }
        default:
          return false;
      }
    });
  } catch (const TarnException& error) {
    return Status::Error(error.code(), error.what());
  }
  *header_size = reader.position();
  return page;
}

const char* ParquetPhysicalTypeName(ParquetPhysicalType type) {
  switch (type) {
    case ParquetPhysicalType::kBoolean:
      return "BOOLEAN";
    case ParquetPhysicalType::kInt32:
      return "INT32";
    case ParquetPhysicalType::kInt64:
      return "INT64";
    case ParquetPhysicalType::kInt96:
      return "INT96";
    case ParquetPhysicalType::kFloat:
      return "FLOAT";
    case ParquetPhysicalType::kDouble:
      return "DOUBLE";
    case ParquetPhysicalType::kByteArray:
      return "BYTE_ARRAY";
    case ParquetPhysicalType::kFixedLenByteArray:
      return "FIXED_LEN_BYTE_ARRAY";
  }
  return "UNKNOWN";
}

const char* ParquetConvertedTypeName(ParquetConvertedType type) {
  static const char* const kNames[] = {"UTF8",
                                       "MAP",
                                       "MAP_KEY_VALUE",
                                       "LIST",
                                       "ENUM",
                                       "DECIMAL",
                                       "DATE",
                                       "TIME_MILLIS",
                                       "TIME_MICROS",
                                       "TIMESTAMP_MILLIS",
                                       "TIMESTAMP_MICROS",
                                       "UINT_8",
                                       "UINT_16",
                                       "UINT_32",
                                       "UINT_64",
                                       "INT_8",
                                       "INT_16",
                                       "INT_32",
                                       "INT_64",
                                       "JSON",
                                       "BSON",
                                       "INTERVAL"};
  auto index = static_cast<int32_t>(type);
  if (index < 0 || index >= static_cast<int32_t>(sizeof(kNames) / sizeof(kNames[0]))) {
    return "UNKNOWN";
  }
  return kNames[index];
}

const char* ParquetRepetitionName(ParquetRepetition repetition) {
  switch (repetition) {
    case ParquetRepetition::kRequired:
      return "REQUIRED";
    case ParquetRepetition::kOptional:
      return "OPTIONAL";
    case ParquetRepetition::kRepeated:
      return "REPEATED";
  }
  return "UNKNOWN";
}

const char* ParquetEncodingName(ParquetEncoding encoding) {
  switch (encoding) {
    case ParquetEncoding::kPlain:
      return "PLAIN";
    case ParquetEncoding::kPlainDictionary:
      return "PLAIN_DICTIONARY";
    case ParquetEncoding::kRle:
      return "RLE";
    case ParquetEncoding::kBitPacked:
      return "BIT_PACKED";
    case ParquetEncoding::kDeltaBinaryPacked:
      return "DELTA_BINARY_PACKED";
    case ParquetEncoding::kDeltaLengthByteArray:
      return "DELTA_LENGTH_BYTE_ARRAY";
    case ParquetEncoding::kDeltaByteArray:
      return "DELTA_BYTE_ARRAY";
    case ParquetEncoding::kRleDictionary:
      return "RLE_DICTIONARY";
    case ParquetEncoding::kByteStreamSplit:
      return "BYTE_STREAM_SPLIT";
  }
  return "UNKNOWN";
}

const char* ParquetCodecName(ParquetCodec codec) {
  switch (codec) {
    case ParquetCodec::kUncompressed:
      return "UNCOMPRESSED";
    case ParquetCodec::kSnappy:
      return "SNAPPY";
    case ParquetCodec::kGzip:
      return "GZIP";
    case ParquetCodec::kLzo:
      return "LZO";
    case ParquetCodec::kBrotli:
      return "BROTLI";
    case ParquetCodec::kLz4:
      return "LZ4";
    case ParquetCodec::kZstd:
      return "ZSTD";
    case ParquetCodec::kLz4Raw:
      return "LZ4_RAW";
  }
  return "UNKNOWN";
}

std::string ParquetLogicalTypeToString(const ParquetLogicalType& type) {
  using Kind = ParquetLogicalType::Kind;
  auto unit = [&] {
    switch (type.unit) {
      case ParquetTimeUnit::kMillis:
        return "MILLIS";
      case ParquetTimeUnit::kMicros:
        return "MICROS";
      case ParquetTimeUnit::kNanos:
        return "NANOS";
    }
    return "";
  };
  switch (type.kind) {
    case Kind::kNone:
      return "";
    case Kind::kString:
      return "STRING";
    case Kind::kMap:
      return "MAP";
    case Kind::kList:
      return "LIST";
    case Kind::kEnum:
      return "ENUM";
    case Kind::kDecimal:
      return "DECIMAL(" + std::to_string(type.decimal_precision) + "," +
             std::to_string(type.decimal_scale) + ")";
    case Kind::kDate:
      return "DATE";
    case Kind::kTime:
      return std::string("TIME(") + unit() + "," + (type.adjusted_to_utc ? "true" : "false") + ")";
    case Kind::kTimestamp:
      return std::string("TIMESTAMP(") + unit() + "," + (type.adjusted_to_utc ? "true" : "false") +
             ")";
    case Kind::kInteger:
      return "INTEGER(" + std::to_string(type.bit_width) + "," +
             (type.is_signed ? "true" : "false") + ")";
    case Kind::kUnknown:
      return "UNKNOWN";
    case Kind::kJson:
      return "JSON";
    case Kind::kBson:
      return "BSON";
    case Kind::kUuid:
      return "UUID";
    case Kind::kFloat16:
      return "FLOAT16";
    case Kind::kOther:
      return "OTHER";
  }
  return "";
}

}  // namespace tarn
