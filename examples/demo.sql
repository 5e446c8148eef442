-- A ten-minute tour of tarn. Run it with `make demo` (or `examples/demo.sh build/release/tarn`),
-- or paste the statements one by one into the `tarn` shell. Paths are relative to the
-- repository root; the data files are described in examples/data/SOURCES.md.

-- 1. Look at a raw file. A quoted path is a table: no CREATE, no schema, no loading step.
SELECT * FROM 'examples/data/seattle-weather.csv' LIMIT 5;

-- 2. DESCRIBE shows the column types the CSV sniffer detected: a DATE, exact decimals
--    for the measurements (one digit after the point, as in the file) and text.
DESCRIBE 'examples/data/seattle-weather.csv';

-- 3. Aggregate: how many days of each kind of weather, and how warm they were.
SELECT weather,
       count(*) AS days,
       round(avg(temp_max), 1) AS avg_high_c,
       sum(precipitation) AS total_rain_mm
FROM 'examples/data/seattle-weather.csv'
GROUP BY weather
ORDER BY days DESC;

-- 4. Join two files. The New York file is gzip-compressed; tarn notices and decompresses
--    it while reading. Which days was Seattle more than 15 degrees warmer than New York?
SELECT s.date, s.temp_max AS seattle_high, n.temp_max AS new_york_high
FROM 'examples/data/seattle-weather.csv' AS s
JOIN 'examples/data/new-york-weather.csv.gz' AS n ON s.date = n.date
WHERE s.temp_max > n.temp_max + 15
ORDER BY s.date;

-- 5. Read a folder of files as one table with a glob; filename=true adds a column that
--    says which file each row came from (here one file per state).
SELECT filename, count(*) AS airports, max(latitude) AS northernmost
FROM read_csv('examples/data/airports/*.csv', filename = true)
GROUP BY filename
ORDER BY airports DESC;

-- 6. A CTE (WITH) names a step of a query. Here: total rain per month (date_trunc cuts
--    each date to the first of its month), then the three wettest months, labelled with
--    strftime. ORDER BY ... LIMIT ranks without any window function.
WITH monthly AS (
  SELECT date_trunc('month', date) AS month_start, sum(precipitation) AS rain_mm
  FROM 'examples/data/seattle-weather.csv'
  GROUP BY month_start
)
SELECT strftime(month_start, '%B %Y') AS month, rain_mm
FROM monthly
ORDER BY rain_mm DESC
LIMIT 3;

-- 7. Keep a cleaned-up copy as a session table (CREATE TABLE AS SELECT). It lives in
--    memory until the session ends, and later queries no longer parse the CSV file.
CREATE TABLE weather AS
SELECT date,
       year(date) AS year,
       temp_max,
       temp_min,
       temp_max - temp_min AS daily_range,
       precipitation > 0 AS wet,
       weather
FROM 'examples/data/seattle-weather.csv';

SHOW TABLES;

-- 8. Query the table: the share of wet days and the biggest daily swing, per year.
SELECT year,
       count(*) AS days,
       round(100.0 * sum(CASE WHEN wet THEN 1 ELSE 0 END) / count(*), 1) AS wet_days_pct,
       max(daily_range) AS biggest_swing
FROM weather
GROUP BY year
ORDER BY year;

-- 9. The five coldest nights, with CASE to label them.
SELECT date, temp_min,
       CASE WHEN temp_min <= -5 THEN 'hard frost' WHEN temp_min <= 0 THEN 'frost'
            ELSE 'mild' END AS label
FROM weather
ORDER BY temp_min, date
LIMIT 5;

-- 10. EXPLAIN shows the plan without running it: only the needed columns are read, and
--     the filter runs before the aggregation. EXPLAIN ANALYZE would also run it and show
--     the actual rows and time of each step.
EXPLAIN
SELECT weather, count(*)
FROM 'examples/data/seattle-weather.csv'
WHERE temp_max > 25
GROUP BY weather;

-- 11. The lake catalog. A crawler reads a folder of raw files, recognises each file's
--     format and columns, and records tables in a database, as a Glue crawler does.
--     This session is transient; `tarn ./lake` keeps the catalog in a lake folder.
CREATE CRAWLER samples WITH (path = 'examples/data', database = 'raw',
                             exclusions = ARRAY['*.md', '*errors*']);
RUN CRAWLER samples;

-- 12. Crawled tables are queried by name, like Athena tables over S3.
SELECT name, format, columns FROM tarn_catalog.tables WHERE database = 'raw' ORDER BY name;

SELECT c.name, count(*) AS orders
FROM raw.customer_orders AS o JOIN raw.customers AS c USING (customer_id)
GROUP BY c.name
ORDER BY orders DESC, c.name
LIMIT 3;

-- 13. Curate: Athena's CREATE TABLE ... WITH writes a Parquet table partitioned by year
--     and registers its partitions in the catalog.
CREATE DATABASE curated;
CREATE TABLE curated.weather
WITH (format = 'parquet', partitioned_by = ARRAY['year'])
AS SELECT date, temp_max, temp_min, precipitation, weather, year(date) AS year
   FROM raw.seattle_weather;

SHOW PARTITIONS curated.weather;

-- 14. A filter on the partition key is answered from the catalog: the plan reads 1 of the
--     4 partitions, and the other folders are never listed.
EXPLAIN SELECT round(avg(temp_max), 1) AS avg_high FROM curated.weather WHERE year = 2015;

SELECT round(avg(temp_max), 1) AS avg_high FROM curated.weather WHERE year = 2015;
