#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace tarn {

// Levenshtein edit distance, case-insensitive.
size_t EditDistance(std::string_view a, std::string_view b);

// The candidate closest to `name`, or "" when none is close enough to be a plausible typo
// (distance at most a third of the name's length, and at least 1 edit allowed ... 3).
std::string ClosestName(std::string_view name, const std::vector<std::string>& candidates);

// " Did you mean \"x\"?" or "" when there is no close candidate.
std::string DidYouMean(std::string_view name, const std::vector<std::string>& candidates);

}  // namespace tarn
