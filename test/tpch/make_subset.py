#!/usr/bin/python3
"""Writes the small TPC-H data set in this folder from the scale-0.1 TPC-H data.

Usage: test/tpch/make_subset.py [SOURCE_DIR]
  SOURCE_DIR holds the scale-0.1 files TABLE.tbl.zst (default: ../shared/data/tpch-sf0.1
  beside the repository). Needs the `zstd` command. Output: test/tpch/TABLE.tbl.zst for the
  8 TPC-H tables, '|'-separated without header, rows in source order.

The subset is deterministic and referentially closed:
  orders    o_orderkey <= 6000, plus the orders that give the queries with the most
            selective predicates rows to work on:
              - the orders whose l_quantity sums to more than 300 (Q18)
              - the orders with a lineitem of a part with p_partkey <= 5000, p_brand
                'Brand#23' and p_container 'MED BOX' (Q17)
              - the orders with a lineitem that passes Q19's WHERE clause
              - the orders with a lineitem of a part with p_partkey <= 1000 and p_type
                'ECONOMY ANODIZED STEEL' (Q8)
  lineitem  the lineitems of those orders
  customer  c_custkey <= 1500 (many of them without orders, for Q13 and Q22), plus every
            customer of a kept order
  part      every part named by a kept lineitem
  partsupp  every partsupp row of a kept part
  supplier, nation, region: all rows
After writing, test/tpch/make_expected.py recomputes test/sql/tpch/q*.test with DuckDB.
"""

import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_SOURCE = os.path.join(HERE, '..', '..', '..', 'shared', 'data', 'tpch-sf0.1')
MAX_ORDER_KEY = 6000
MAX_CUSTOMER_KEY = 1500
BIG_ORDER_QUANTITY = 300


def ReadRows(source, table):
    data = subprocess.run(['zstd', '-dc', os.path.join(source, table + '.tbl.zst')],
                          check=True, capture_output=True).stdout.decode()
    return [line for line in data.split('\n') if line]


def Field(row, index):
    return row.split('|')[index]


def PassesQuery19(lineitem, part):
    """Whether a lineitem and its part (lists of fields) pass TPC-H Q19's WHERE clause."""
    if lineitem[14] not in ('AIR', 'AIR REG') or lineitem[13] != 'DELIVER IN PERSON':
        return False
    quantity = float(lineitem[4])
    size = int(part[5])
    brand = part[3]
    container = part[6]
    return ((brand == 'Brand#12' and container in ('SM CASE', 'SM BOX', 'SM PACK', 'SM PKG')
             and 1 <= quantity <= 11 and 1 <= size <= 5)
            or (brand == 'Brand#23'
                and container in ('MED BAG', 'MED BOX', 'MED PKG', 'MED PACK')
                and 10 <= quantity <= 20 and 1 <= size <= 10)
            or (brand == 'Brand#34' and container in ('LG CASE', 'LG BOX', 'LG PACK', 'LG PKG')
                and 20 <= quantity <= 30 and 1 <= size <= 15))


def Write(table, rows):
    text = ''.join(row + '\n' for row in rows).encode()
    path = os.path.join(HERE, table + '.tbl.zst')
    subprocess.run(['zstd', '-q', '-19', '-f', '-o', path], input=text, check=True)
    print('%-9s %7d rows %9d bytes -> %8d bytes' % (table, len(rows), len(text),
                                                    os.path.getsize(path)))


def Main():
    source = sys.argv[1] if len(sys.argv) > 1 else DEFAULT_SOURCE
    lineitem = ReadRows(source, 'lineitem')
    quantity = {}
    for row in lineitem:
        key = int(Field(row, 0))
        quantity[key] = quantity.get(key, 0.0) + float(Field(row, 4))
    extra_orders = {key for key, total in quantity.items() if total > BIG_ORDER_QUANTITY}
    all_parts = {int(Field(row, 0)): row.split('|') for row in ReadRows(source, 'part')}
    for row in lineitem:
        fields = row.split('|')
        part = all_parts[int(fields[1])]
        if ((int(part[0]) <= 5000 and part[3] == 'Brand#23' and part[6] == 'MED BOX')
                or (int(part[0]) <= 1000 and part[4] == 'ECONOMY ANODIZED STEEL')
                or PassesQuery19(fields, part)):
            extra_orders.add(int(fields[0]))
    orders = [row for row in ReadRows(source, 'orders')
              if int(Field(row, 0)) <= MAX_ORDER_KEY or int(Field(row, 0)) in extra_orders]
    order_keys = {int(Field(row, 0)) for row in orders}
    customer_keys = {int(Field(row, 1)) for row in orders}
    lineitem = [row for row in lineitem if int(Field(row, 0)) in order_keys]
    part_keys = {int(Field(row, 1)) for row in lineitem}
    customer = [row for row in ReadRows(source, 'customer')
                if int(Field(row, 0)) <= MAX_CUSTOMER_KEY
                or int(Field(row, 0)) in customer_keys]
    part = [row for row in ReadRows(source, 'part') if int(Field(row, 0)) in part_keys]
    partsupp = [row for row in ReadRows(source, 'partsupp') if int(Field(row, 0)) in part_keys]
    Write('nation', ReadRows(source, 'nation'))
    Write('region', ReadRows(source, 'region'))
    Write('supplier', ReadRows(source, 'supplier'))
    Write('customer', customer)
    Write('part', part)
    Write('partsupp', partsupp)
    Write('orders', orders)
    Write('lineitem', lineitem)


if __name__ == '__main__':
    Main()
