#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "types/logical_type.h"

namespace tarn {

// The Apache HTTP server's access log in the common and combined formats, one request per
// line:
//   127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /a.gif HTTP/1.0" 200 2326 "ref" "agent"
// (the common format stops after the byte count). read_apache_log reads such files into
// the columns of ApacheLogColumnNames / ApacheLogColumnTypes; the crawler classifies files
// with LooksLikeApacheLog.

// Whether most of the first (about 20) non-empty lines of `sample_text` are common or
// combined log lines, with a time that parses. A last line without a line break is left
// out when other lines exist (a sample cut mid-line). Thread safety: a pure function.
bool LooksLikeApacheLog(std::string_view sample_text);

// The RE2 pattern (full match) of one common or combined log line. Groups: 1 client,
// 2 identity, 3 user, 4 time (inside the brackets), 5 request (inside the quotes),
// 6 status, 7 bytes, 8 referer, 9 user agent (8 and 9 absent in the common format).
const std::string& ApacheLogPattern();

// The output columns of read_apache_log, in order: client_ip, identity, user_id, time,
// method, request_path, protocol, status, bytes, referer, user_agent.
const std::vector<std::string>& ApacheLogColumnNames();
const std::vector<LogicalType>& ApacheLogColumnTypes();

// Parses an access log time "10/Oct/2000:13:55:36 -0700" (day/month name/year:time and an
// optional +hhmm/-hhmm offset) into microseconds since the epoch in UTC. False when the
// text is not such a time.
bool ParseApacheLogTime(std::string_view text, int64_t* micros);

}  // namespace tarn
