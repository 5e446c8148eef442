#include "main/database.h"

namespace tarn {

Database::Database(DatabaseOptions options)
    : options_(options), catalog_(std::make_unique<Catalog>()) {
  lake_ = Lake::Open(options_.lake).ValueOrThrow();
}

Database::~Database() = default;

}  // namespace tarn
