#include "main/database.h"

namespace tarn {

Database::Database(DatabaseOptions options)
    : options_(options), catalog_(std::make_unique<Catalog>()) {}

Database::~Database() = default;

}  // namespace tarn
