// tpch_gen: writes the 8 TPC-H tables for any scale factor as '|'-separated .tbl files.
//
// Usage: tpch_gen --scale SF --output DIR [--seed N] [--zstd]
//
// The tables follow the TPC-H specification's data rules (cardinalities per scale factor,
// key relationships, sparse order keys, value ranges and word lists, price formulas, date
// rules and comment lengths), so the 22 queries see the same shapes and selectivities as
// over the reference data. The bytes differ from the reference generator's: the random
// streams and the comment text are this program's own. The output is deterministic for a
// (scale, seed) pair. With --zstd each file is piped through `zstd` into TABLE.tbl.zst.
//
// Single-threaded; scale 1 (about 1 GB of text) takes a few seconds.

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace tarn {
namespace {

// splitmix64: small, fast and good enough for benchmark data.
class Random {
 public:
  // Streams for neighbouring seeds start far apart: the seed is mixed before use.
  explicit Random(uint64_t seed) : state_(seed) { state_ = Next() ^ 0x632BE59BD9B4E019ULL; }

  uint64_t Next() {
    uint64_t value = (state_ += 0x9E3779B97F4A7C15ULL);
    value = (value ^ (value >> 30)) * 0xBF58476D1CE4E5B9ULL;
    value = (value ^ (value >> 27)) * 0x94D049BB133111EBULL;
    return value ^ (value >> 31);
  }

  // Uniform in [low, high].
  int64_t Uniform(int64_t low, int64_t high) {
    uint64_t span = static_cast<uint64_t>(high - low) + 1;
    return low + static_cast<int64_t>((static_cast<unsigned __int128>(Next()) * span) >> 64);
  }

 private:
  uint64_t state_;
};

// A word list with integer weights, drawn by weight.
class WeightedWords {
 public:
  WeightedWords(std::initializer_list<std::pair<const char*, int>> words) {
    for (const auto& [word, weight] : words) {
      words_.push_back(word);
      total_ += weight;
      cumulative_.push_back(total_);
    }
  }

  const char* Pick(Random& random) const {
    int64_t draw = random.Uniform(1, total_);
    size_t index =
        std::lower_bound(cumulative_.begin(), cumulative_.end(), draw) - cumulative_.begin();
    return words_[index];
  }

 private:
  std::vector<const char*> words_;
  std::vector<int64_t> cumulative_;
  int64_t total_ = 0;
};

const WeightedWords kNouns = {
    {"packages", 40},     {"requests", 40},     {"accounts", 40},    {"deposits", 40},
    {"foxes", 20},        {"ideas", 20},        {"theodolites", 20}, {"pinto beans", 20},
    {"instructions", 20}, {"dependencies", 10}, {"excuses", 10},     {"platelets", 10},
    {"asymptotes", 10},   {"courts", 5},        {"dolphins", 5},     {"multipliers", 1},
    {"sauternes", 1},     {"warthogs", 1},      {"frets", 1},        {"dinos", 1},
    {"attainments", 1},   {"somas", 1},         {"Tiresias", 1},     {"patterns", 1},
    {"forges", 1},        {"braids", 1},        {"frays", 1},        {"warhorses", 1},
    {"dugouts", 1},       {"notornis", 1},      {"epitaphs", 1},     {"pearls", 1},
    {"tithes", 1},        {"waters", 1},        {"orbits", 1},       {"gifts", 1},
    {"sheaves", 1},       {"depths", 1},        {"sentiments", 1},   {"decoys", 1},
    {"realms", 1},        {"pains", 1},         {"grouches", 1},     {"escapades", 1},
    {"hockey players", 1}};
const WeightedWords kVerbs = {
    {"sleep", 20},    {"wake", 20},    {"are", 20},   {"cajole", 20}, {"haggle", 20},
    {"nag", 10},      {"use", 10},     {"boost", 10}, {"affix", 5},   {"detect", 5},
    {"integrate", 5}, {"maintain", 1}, {"nod", 1},    {"was", 1},     {"lose", 1},
    {"sublate", 1},   {"solve", 1},    {"thrash", 1}, {"promise", 1}, {"engage", 1},
    {"hinder", 1},    {"print", 1},    {"x-ray", 1},  {"breach", 1},  {"eat", 1},
    {"grow", 1},      {"impress", 1},  {"mold", 1},   {"poach", 1},   {"serve", 1},
    {"run", 1},       {"dazzle", 1},   {"snooze", 1}, {"doze", 1},    {"unwind", 1},
    {"kindle", 1},    {"play", 1},     {"hang", 1},   {"believe", 1}, {"doubt", 1}};
const WeightedWords kAdjectives = {
    {"special", 20}, {"pending", 20}, {"unusual", 20}, {"express", 20}, {"furious", 1},
    {"sly", 1},      {"careful", 1},  {"blithe", 1},   {"quick", 1},    {"fluffy", 1},
    {"slow", 1},     {"quiet", 1},    {"ruthless", 1}, {"thin", 1},     {"close", 1},
    {"dogged", 1},   {"daring", 1},   {"brave", 1},    {"stealthy", 1}, {"permanent", 1},
    {"enticing", 1}, {"idle", 1},     {"busy", 1},     {"regular", 50}, {"final", 40},
    {"ironic", 40},  {"even", 30},    {"bold", 20},    {"silent", 10}};
const WeightedWords kAdverbs = {
    {"sometimes", 1},  {"always", 1},     {"never", 1},      {"furiously", 50},  {"slyly", 50},
    {"carefully", 50}, {"blithely", 40},  {"quickly", 30},   {"fluffily", 20},   {"slowly", 1},
    {"quietly", 1},    {"ruthlessly", 1}, {"thinly", 1},     {"closely", 1},     {"doggedly", 1},
    {"daringly", 1},   {"bravely", 1},    {"stealthily", 1}, {"permanently", 1}, {"enticingly", 1},
    {"idly", 1},       {"busily", 1},     {"regularly", 1},  {"finally", 1},     {"ironically", 1},
    {"evenly", 1},     {"boldly", 1},     {"silently", 1}};
const WeightedWords kPrepositions = {{"about", 50},
                                     {"above", 50},
                                     {"according to", 50},
                                     {"across", 50},
                                     {"after", 50},
                                     {"against", 40},
                                     {"along", 40},
                                     {"alongside of", 30},
                                     {"among", 30},
                                     {"around", 20},
                                     {"at", 10},
                                     {"atop", 1},
                                     {"before", 1},
                                     {"behind", 1},
                                     {"beneath", 1},
                                     {"beside", 1},
                                     {"besides", 1},
                                     {"between", 1},
                                     {"beyond", 1},
                                     {"by", 1},
                                     {"despite", 1},
                                     {"during", 1},
                                     {"except", 1},
                                     {"for", 1},
                                     {"from", 1},
                                     {"in place of", 1},
                                     {"inside", 1},
                                     {"instead of", 1},
                                     {"into", 1},
                                     {"near", 1},
                                     {"of", 1},
                                     {"on", 1},
                                     {"outside", 1},
                                     {"over", 1},
                                     {"past", 1},
                                     {"since", 1},
                                     {"through", 1},
                                     {"throughout", 1},
                                     {"to", 1},
                                     {"toward", 1},
                                     {"under", 1},
                                     {"until", 1},
                                     {"up", 1},
                                     {"upon", 1},
                                     {"without", 1},
                                     {"with", 1},
                                     {"within", 1}};
const WeightedWords kAuxiliaries = {{"do", 1},
                                    {"may", 1},
                                    {"might", 1},
                                    {"shall", 1},
                                    {"will", 1},
                                    {"would", 1},
                                    {"can", 1},
                                    {"could", 1},
                                    {"should", 1},
                                    {"ought to", 1},
                                    {"must", 1},
                                    {"will have to", 1},
                                    {"shall have to", 1},
                                    {"could have to", 1},
                                    {"should have to", 1},
                                    {"must have to", 1},
                                    {"need to", 1},
                                    {"try to", 1}};
const WeightedWords kTerminators = {{".", 50}, {";", 1}, {":", 1}, {"?", 1}, {"!", 1}, {"--", 1}};

const std::array<const char*, 92> kColors = {
    "almond",   "antique",   "aquamarine", "azure",      "beige",     "bisque",    "black",
    "blanched", "blue",      "blush",      "brown",      "burlywood", "burnished", "chartreuse",
    "chiffon",  "chocolate", "coral",      "cornflower", "cornsilk",  "cream",     "cyan",
    "dark",     "deep",      "dim",        "dodger",     "drab",      "firebrick", "floral",
    "forest",   "frosted",   "gainsboro",  "ghost",      "goldenrod", "green",     "grey",
    "honeydew", "hot",       "indian",     "ivory",      "khaki",     "lace",      "lavender",
    "lawn",     "lemon",     "light",      "lime",       "linen",     "magenta",   "maroon",
    "medium",   "metallic",  "midnight",   "mint",       "misty",     "moccasin",  "navajo",
    "navy",     "olive",     "orange",     "orchid",     "pale",      "papaya",    "peach",
    "peru",     "pink",      "plum",       "powder",     "puff",      "purple",    "red",
    "rose",     "rosy",      "royal",      "saddle",     "salmon",    "sandy",     "seashell",
    "sienna",   "sky",       "slate",      "smoke",      "snow",      "spring",    "steel",
    "tan",      "thistle",   "tomato",     "turquoise",  "violet",    "wheat",     "white",
    "yellow"};
const std::array<const char*, 6> kTypeSizes = {"STANDARD", "SMALL",   "MEDIUM",
                                               "LARGE",    "ECONOMY", "PROMO"};
const std::array<const char*, 5> kTypeFinishes = {"ANODIZED", "BURNISHED", "PLATED", "POLISHED",
                                                  "BRUSHED"};
const std::array<const char*, 5> kTypeMaterials = {"TIN", "NICKEL", "BRASS", "STEEL", "COPPER"};
const std::array<const char*, 5> kContainerSizes = {"SM", "LG", "MED", "JUMBO", "WRAP"};
const std::array<const char*, 8> kContainerKinds = {"CASE", "BOX",  "BAG", "JAR",
                                                    "PKG",  "PACK", "CAN", "DRUM"};
const std::array<const char*, 5> kSegments = {"AUTOMOBILE", "BUILDING", "FURNITURE", "MACHINERY",
                                              "HOUSEHOLD"};
const std::array<const char*, 5> kPriorities = {"1-URGENT", "2-HIGH", "3-MEDIUM", "4-NOT SPECIFIED",
                                                "5-LOW"};
const std::array<const char*, 4> kInstructions = {"DELIVER IN PERSON", "COLLECT COD", "NONE",
                                                  "TAKE BACK RETURN"};
const std::array<const char*, 7> kShipModes = {"REG AIR", "AIR",  "RAIL", "SHIP",
                                               "TRUCK",   "MAIL", "FOB"};

struct Nation {
  const char* name;
  int region;
};
const std::array<Nation, 25> kNations = {
    {{"ALGERIA", 0},      {"ARGENTINA", 1}, {"BRAZIL", 1}, {"CANADA", 1},
     {"EGYPT", 4},        {"ETHIOPIA", 0},  {"FRANCE", 3}, {"GERMANY", 3},
     {"INDIA", 2},        {"INDONESIA", 2}, {"IRAN", 4},   {"IRAQ", 4},
     {"JAPAN", 2},        {"JORDAN", 4},    {"KENYA", 0},  {"MOROCCO", 0},
     {"MOZAMBIQUE", 0},   {"PERU", 1},      {"CHINA", 2},  {"ROMANIA", 3},
     {"SAUDI ARABIA", 4}, {"VIETNAM", 2},   {"RUSSIA", 3}, {"UNITED KINGDOM", 3},
     {"UNITED STATES", 1}}};
const std::array<const char*, 5> kRegions = {"AFRICA", "AMERICA", "ASIA", "EUROPE", "MIDDLE EAST"};

// Days since 1970-01-01 of a civil date, and back.
int64_t DaysFromCivil(int64_t year, int64_t month, int64_t day) {
  year -= month <= 2;
  int64_t era = (year >= 0 ? year : year - 399) / 400;
  int64_t year_of_era = year - era * 400;
  int64_t day_of_year = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  int64_t day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + day_of_era - 719468;
}

std::string CivilFromDays(int64_t days) {
  days += 719468;
  int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  int64_t day_of_era = days - era * 146097;
  int64_t year_of_era =
      (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  int64_t year = year_of_era + era * 400;
  int64_t day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  int64_t shifted_month = (5 * day_of_year + 2) / 153;
  int64_t day = day_of_year - (153 * shifted_month + 2) / 5 + 1;
  int64_t month = shifted_month < 10 ? shifted_month + 3 : shifted_month - 9;
  year += month <= 2;
  char text[16];
  std::snprintf(text, sizeof(text), "%04d-%02d-%02d", static_cast<int>(year),
                static_cast<int>(month), static_cast<int>(day));
  return text;
}

const int64_t kStartDate = DaysFromCivil(1992, 1, 1);
const int64_t kEndDate = DaysFromCivil(1998, 12, 31);
const int64_t kCurrentDate = DaysFromCivil(1995, 6, 17);

// Buffered output to a file, or to `zstd` through a pipe.
class TableWriter {
 public:
  TableWriter(const std::string& directory, const std::string& table, bool compress) {
    std::string path = directory + "/" + table + ".tbl";
    if (compress) {
      std::string command = "zstd -q -f -o '" + path + ".zst'";
      file_ = popen(command.c_str(), "w");
      piped_ = true;
    } else {
      file_ = std::fopen(path.c_str(), "wb");
    }
    if (file_ == nullptr) {
      std::fprintf(stderr, "tpch_gen: cannot write %s\n", path.c_str());
      std::exit(1);
    }
    buffer_.reserve(kFlushBytes + 4096);
  }

  ~TableWriter() {
    Flush();
    int status = piped_ ? pclose(file_) : std::fclose(file_);
    if (status != 0) {
      std::fprintf(stderr, "tpch_gen: writing failed\n");
      std::exit(1);
    }
  }

  void Text(std::string_view text) {
    buffer_.append(text);
    buffer_.push_back('|');
  }

  void Integer(int64_t value) {
    char digits[24];
    int length = 0;
    bool negative = value < 0;
    uint64_t magnitude = negative ? static_cast<uint64_t>(-value) : static_cast<uint64_t>(value);
    do {
      digits[length++] = static_cast<char>('0' + magnitude % 10);
      magnitude /= 10;
    } while (magnitude != 0);
    if (negative) buffer_.push_back('-');
    while (length > 0) buffer_.push_back(digits[--length]);
    buffer_.push_back('|');
  }

  // A decimal with two digits after the point, from a count of hundredths.
  void Cents(int64_t cents) {
    if (cents < 0) {
      buffer_.push_back('-');
      cents = -cents;
    }
    char digits[24];
    int length = 0;
    int64_t whole = cents / 100;
    do {
      digits[length++] = static_cast<char>('0' + whole % 10);
      whole /= 10;
    } while (whole != 0);
    while (length > 0) buffer_.push_back(digits[--length]);
    buffer_.push_back('.');
    buffer_.push_back(static_cast<char>('0' + cents % 100 / 10));
    buffer_.push_back(static_cast<char>('0' + cents % 10));
    buffer_.push_back('|');
  }

  // Ends a row: the last field's separator becomes the newline.
  void EndRow() {
    buffer_.back() = '\n';
    if (buffer_.size() >= kFlushBytes) Flush();
  }

 private:
  static constexpr size_t kFlushBytes = 1 << 20;

  void Flush() {
    if (!buffer_.empty() &&
        std::fwrite(buffer_.data(), 1, buffer_.size(), file_) != buffer_.size()) {
      std::fprintf(stderr, "tpch_gen: write failed\n");
      std::exit(1);
    }
    buffer_.clear();
  }

  std::FILE* file_ = nullptr;
  bool piped_ = false;
  std::string buffer_;
};

class Generator {
 public:
  Generator(double scale, uint64_t seed, std::string directory, bool compress)
      : scale_(scale), seed_(seed), directory_(std::move(directory)), compress_(compress) {
    suppliers_ = std::max<int64_t>(1, static_cast<int64_t>(10000 * scale));
    parts_ = std::max<int64_t>(1, static_cast<int64_t>(200000 * scale));
    customers_ = std::max<int64_t>(3, static_cast<int64_t>(150000 * scale));
    orders_ = std::max<int64_t>(1, static_cast<int64_t>(1500000 * scale));
    clerks_ = std::max<int64_t>(1, static_cast<int64_t>(1000 * scale));
    for (int64_t day = kStartDate; day <= kEndDate + 200; ++day) {
      dates_.push_back(CivilFromDays(day));
    }
    BuildTextPool();
  }

  void Run() {
    WriteRegion();
    WriteNation();
    WriteSupplier();
    WritePart();
    WritePartsupp();
    WriteCustomer();
    WriteOrdersAndLineitem();
  }

 private:
  // Comment text: sentences of the specification's grammar, concatenated into one pool;
  // a comment is a slice of it at a random offset with a random length.
  void BuildTextPool() {
    Random random(seed_ * 31 + 1);
    const size_t pool_bytes = 16 << 20;
    pool_.reserve(pool_bytes + 256);
    auto noun_phrase = [&]() {
      switch (random.Uniform(0, 3)) {
        case 0:
          pool_ += kNouns.Pick(random);
          break;
        case 1:
          pool_ += kAdjectives.Pick(random);
          pool_ += ' ';
          pool_ += kNouns.Pick(random);
          break;
        case 2:
          pool_ += kAdjectives.Pick(random);
          pool_ += ", ";
          pool_ += kAdjectives.Pick(random);
          pool_ += ' ';
          pool_ += kNouns.Pick(random);
          break;
        default:
          pool_ += kAdverbs.Pick(random);
          pool_ += ' ';
          pool_ += kAdjectives.Pick(random);
          pool_ += ' ';
          pool_ += kNouns.Pick(random);
          break;
      }
    };
    auto verb_phrase = [&]() {
      switch (random.Uniform(0, 3)) {
        case 0:
          pool_ += kVerbs.Pick(random);
          break;
        case 1:
          pool_ += kAuxiliaries.Pick(random);
          pool_ += ' ';
          pool_ += kVerbs.Pick(random);
          break;
        case 2:
          pool_ += kVerbs.Pick(random);
          pool_ += ' ';
          pool_ += kAdverbs.Pick(random);
          break;
        default:
          pool_ += kAuxiliaries.Pick(random);
          pool_ += ' ';
          pool_ += kVerbs.Pick(random);
          pool_ += ' ';
          pool_ += kAdverbs.Pick(random);
          break;
      }
    };
    auto prepositional_phrase = [&]() {
      pool_ += kPrepositions.Pick(random);
      pool_ += " the ";
      noun_phrase();
    };
    while (pool_.size() < pool_bytes) {
      noun_phrase();
      pool_ += ' ';
      verb_phrase();
      switch (random.Uniform(0, 4)) {
        case 0:
          break;
        case 1:
        case 2:
          pool_ += ' ';
          prepositional_phrase();
          break;
        case 3:
          pool_ += ' ';
          noun_phrase();
          break;
        default:
          pool_ += ' ';
          prepositional_phrase();
          pool_ += ' ';
          prepositional_phrase();
          break;
      }
      pool_ += kTerminators.Pick(random);
      pool_ += ' ';
    }
  }

  std::string_view Comment(Random& random, int64_t min_length, int64_t max_length) {
    int64_t length = random.Uniform(min_length, max_length);
    int64_t offset = random.Uniform(0, static_cast<int64_t>(pool_.size()) - length);
    return std::string_view(pool_).substr(offset, length);
  }

  // Random letters, digits, spaces and commas, like an address.
  std::string_view Address(Random& random, int64_t min_length, int64_t max_length) {
    static const char kAlphabet[] =
        "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ, ";
    int64_t length = random.Uniform(min_length, max_length);
    scratch_.clear();
    for (int64_t index = 0; index < length; ++index) {
      scratch_.push_back(kAlphabet[random.Uniform(0, sizeof(kAlphabet) - 2)]);
    }
    return scratch_;
  }

  std::string Phone(Random& random, int64_t nation) {
    char text[24];
    std::snprintf(text, sizeof(text), "%02d-%03d-%03d-%04d", static_cast<int>(nation + 10),
                  static_cast<int>(random.Uniform(100, 999)),
                  static_cast<int>(random.Uniform(100, 999)),
                  static_cast<int>(random.Uniform(1000, 9999)));
    return text;
  }

  static std::string Numbered(const char* prefix, int64_t number) {
    char text[48];
    std::snprintf(text, sizeof(text), "%s%09lld", prefix, static_cast<long long>(number));
    return text;
  }

  static int64_t RetailPriceCents(int64_t part_key) {
    return 90000 + ((part_key / 10) % 20001) + 100 * (part_key % 1000);
  }

  // The supplier of the i-th (0..3) partsupp row of a part.
  int64_t PartSupplier(int64_t part_key, int64_t index) const {
    int64_t suppliers = suppliers_;
    return (part_key + index * (suppliers / 4 + (part_key - 1) / suppliers)) % suppliers + 1;
  }

  void WriteRegion() {
    Random random(seed_ * 31 + 2);
    TableWriter out(directory_, "region", compress_);
    for (int64_t key = 0; key < 5; ++key) {
      out.Integer(key);
      out.Text(kRegions[key]);
      out.Text(Comment(random, 31, 115));
      out.EndRow();
    }
  }

  void WriteNation() {
    Random random(seed_ * 31 + 3);
    TableWriter out(directory_, "nation", compress_);
    for (int64_t key = 0; key < 25; ++key) {
      out.Integer(key);
      out.Text(kNations[key].name);
      out.Integer(kNations[key].region);
      out.Text(Comment(random, 31, 114));
      out.EndRow();
    }
  }

  void WriteSupplier() {
    Random random(seed_ * 31 + 4);
    // Per scale unit, 5 suppliers mention customer complaints and 5 recommendations.
    int64_t marked = std::max<int64_t>(1, static_cast<int64_t>(5 * scale_));
    std::vector<int8_t> mark(suppliers_ + 1, 0);
    for (int kind = 1; kind <= 2; ++kind) {
      for (int64_t count = 0; count < marked;) {
        int64_t key = random.Uniform(1, suppliers_);
        if (mark[key] == 0) {
          mark[key] = static_cast<int8_t>(kind);
          ++count;
        }
      }
    }
    TableWriter out(directory_, "supplier", compress_);
    std::string comment;
    for (int64_t key = 1; key <= suppliers_; ++key) {
      int64_t nation = random.Uniform(0, 24);
      out.Integer(key);
      out.Text(Numbered("Supplier#", key));
      out.Text(Address(random, 10, 40));
      out.Integer(nation);
      out.Text(Phone(random, nation));
      out.Cents(random.Uniform(-99999, 999999));
      comment = Comment(random, 25, 100);
      if (mark[key] != 0) {
        std::string_view ending = mark[key] == 1 ? "Complaints" : "Recommends";
        std::string marked_text = "Customer ";
        int64_t gap =
            random.Uniform(0, std::max<int64_t>(0, static_cast<int64_t>(comment.size()) - 19));
        comment = comment.substr(0, gap) + marked_text +
                  comment.substr(
                      gap, std::max<int64_t>(0, static_cast<int64_t>(comment.size()) - gap - 19)) +
                  std::string(ending);
      }
      out.Text(comment);
      out.EndRow();
    }
  }

  void WritePart() {
    Random random(seed_ * 31 + 5);
    TableWriter out(directory_, "part", compress_);
    std::string name;
    for (int64_t key = 1; key <= parts_; ++key) {
      std::array<int, 5> words;
      for (int word = 0; word < 5; ++word) {
        bool repeated;
        do {
          words[word] = static_cast<int>(random.Uniform(0, kColors.size() - 1));
          repeated =
              std::find(words.begin(), words.begin() + word, words[word]) != words.begin() + word;
        } while (repeated);
      }
      name.clear();
      for (int word = 0; word < 5; ++word) {
        if (word > 0) name += ' ';
        name += kColors[words[word]];
      }
      int64_t manufacturer = random.Uniform(1, 5);
      int64_t brand = random.Uniform(1, 5);
      out.Integer(key);
      out.Text(name);
      out.Text("Manufacturer#" + std::to_string(manufacturer));
      out.Text("Brand#" + std::to_string(manufacturer) + std::to_string(brand));
      std::string type = std::string(kTypeSizes[random.Uniform(0, 5)]) + " " +
                         kTypeFinishes[random.Uniform(0, 4)] + " " +
                         kTypeMaterials[random.Uniform(0, 4)];
      out.Text(type);
      out.Integer(random.Uniform(1, 50));
      std::string container = std::string(kContainerSizes[random.Uniform(0, 4)]) + " " +
                              kContainerKinds[random.Uniform(0, 7)];
      out.Text(container);
      out.Cents(RetailPriceCents(key));
      out.Text(Comment(random, 5, 22));
      out.EndRow();
    }
  }

  void WritePartsupp() {
    Random random(seed_ * 31 + 6);
    TableWriter out(directory_, "partsupp", compress_);
    for (int64_t key = 1; key <= parts_; ++key) {
      for (int64_t index = 0; index < 4; ++index) {
        out.Integer(key);
        out.Integer(PartSupplier(key, index));
        out.Integer(random.Uniform(1, 9999));
        out.Cents(random.Uniform(100, 100000));
        out.Text(Comment(random, 49, 198));
        out.EndRow();
      }
    }
  }

  void WriteCustomer() {
    Random random(seed_ * 31 + 7);
    TableWriter out(directory_, "customer", compress_);
    for (int64_t key = 1; key <= customers_; ++key) {
      int64_t nation = random.Uniform(0, 24);
      out.Integer(key);
      out.Text(Numbered("Customer#", key));
      out.Text(Address(random, 10, 40));
      out.Integer(nation);
      out.Text(Phone(random, nation));
      out.Cents(random.Uniform(-99999, 999999));
      out.Text(kSegments[random.Uniform(0, 4)]);
      out.Text(Comment(random, 29, 116));
      out.EndRow();
    }
  }

  struct Line {
    int64_t part_key, supplier_key, quantity, price_cents, discount, tax;
    int64_t ship, commit, receipt;
    char return_flag, line_status;
    int instruction, mode;
  };

  void WriteOrdersAndLineitem() {
    Random random(seed_ * 31 + 8);
    TableWriter orders(directory_, "orders", compress_);
    TableWriter lineitem(directory_, "lineitem", compress_);
    // Customers whose key is a multiple of 3 place no orders.
    int64_t ordering_customers = customers_ - customers_ / 3;
    std::vector<Line> lines;
    for (int64_t index = 0; index < orders_; ++index) {
      // Keys are sparse: of every 32 consecutive keys the first 8 are used.
      int64_t order_key = (index / 8) * 32 + index % 8 + 1;
      int64_t draw = random.Uniform(0, ordering_customers - 1);
      int64_t customer_key = (draw / 2) * 3 + draw % 2 + 1;
      int64_t order_date = random.Uniform(kStartDate, kEndDate - 151);
      int64_t line_count = random.Uniform(1, 7);
      lines.clear();
      int64_t total = 0;
      int shipped = 0;
      for (int64_t number = 0; number < line_count; ++number) {
        Line line;
        line.part_key = random.Uniform(1, parts_);
        line.supplier_key = PartSupplier(line.part_key, random.Uniform(0, 3));
        line.quantity = random.Uniform(1, 50);
        line.price_cents = line.quantity * RetailPriceCents(line.part_key);
        line.discount = random.Uniform(0, 10);
        line.tax = random.Uniform(0, 8);
        line.ship = order_date + random.Uniform(1, 121);
        line.commit = order_date + random.Uniform(30, 90);
        line.receipt = line.ship + random.Uniform(1, 30);
        line.return_flag =
            line.receipt <= kCurrentDate ? (random.Uniform(0, 1) == 0 ? 'R' : 'A') : 'N';
        line.line_status = line.ship > kCurrentDate ? 'O' : 'F';
        line.instruction = static_cast<int>(random.Uniform(0, 3));
        line.mode = static_cast<int>(random.Uniform(0, 6));
        shipped += line.line_status == 'F';
        // extendedprice * (1 + tax) * (1 - discount), rounded to the cent.
        total += (line.price_cents * (100 + line.tax) * (100 - line.discount) + 5000) / 10000;
        lines.push_back(line);
      }
      char status = shipped == line_count ? 'F' : (shipped == 0 ? 'O' : 'P');
      orders.Integer(order_key);
      orders.Integer(customer_key);
      orders.Text(std::string_view(&status, 1));
      orders.Cents(total);
      orders.Text(dates_[order_date - kStartDate]);
      orders.Text(kPriorities[random.Uniform(0, 4)]);
      orders.Text(Numbered("Clerk#", random.Uniform(1, clerks_)));
      orders.Integer(0);
      orders.Text(Comment(random, 19, 78));
      orders.EndRow();
      for (int64_t number = 0; number < line_count; ++number) {
        const Line& line = lines[number];
        lineitem.Integer(order_key);
        lineitem.Integer(line.part_key);
        lineitem.Integer(line.supplier_key);
        lineitem.Integer(number + 1);
        lineitem.Cents(line.quantity * 100);
        lineitem.Cents(line.price_cents);
        lineitem.Cents(line.discount);
        lineitem.Cents(line.tax);
        lineitem.Text(std::string_view(&line.return_flag, 1));
        lineitem.Text(std::string_view(&line.line_status, 1));
        lineitem.Text(dates_[line.ship - kStartDate]);
        lineitem.Text(dates_[line.commit - kStartDate]);
        lineitem.Text(dates_[line.receipt - kStartDate]);
        lineitem.Text(kInstructions[line.instruction]);
        lineitem.Text(kShipModes[line.mode]);
        lineitem.Text(Comment(random, 10, 43));
        lineitem.EndRow();
      }
    }
  }

  double scale_;
  uint64_t seed_;
  std::string directory_;
  bool compress_;
  int64_t suppliers_, parts_, customers_, orders_, clerks_;
  std::vector<std::string> dates_;
  std::string pool_;
  std::string scratch_;
};

}  // namespace
}  // namespace tarn

int main(int argc, char** argv) {
  double scale = 1.0;
  uint64_t seed = 1;
  std::string directory;
  bool compress = false;
  for (int index = 1; index < argc; ++index) {
    std::string argument = argv[index];
    if (argument == "--scale" && index + 1 < argc) {
      scale = std::atof(argv[++index]);
    } else if (argument == "--seed" && index + 1 < argc) {
      seed = std::strtoull(argv[++index], nullptr, 10);
    } else if (argument == "--output" && index + 1 < argc) {
      directory = argv[++index];
    } else if (argument == "--zstd") {
      compress = true;
    } else {
      directory.clear();
      break;
    }
  }
  if (directory.empty() || !(scale > 0) || scale > 1000) {
    std::fprintf(stderr, "usage: tpch_gen --scale SF --output DIR [--seed N] [--zstd]\n");
    return 2;
  }
  tarn::Generator(scale, seed, directory, compress).Run();
  return 0;
}
