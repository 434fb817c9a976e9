#!/usr/bin/env python3
"""Check src/ against the source map atop src/main.c.

Every module (src/NAME.c or src/NAME.h) must be named in the map, and each
may include only the headers of modules named below it: dependencies go
downward only.  Prints each breach and exits 1; exits 0 when all hold.
"""
import glob
import os
import re
import sys

root = sys.argv[1] if len(sys.argv) > 1 else "."
main = open(os.path.join(root, "src/main.c")).read()
start = main.index("Source map")
order = []
for name in re.findall(r"\b([a-z_]+)\.c\b", main[start:main.index("*/", start)]):
    if name not in order:
        order.append(name)
rank = {name: i for i, name in enumerate(order)}
bad = 0
files = sorted(glob.glob(os.path.join(root, "src/*.[ch]")))
for path in files:
    name = os.path.basename(path)[:-2]
    if name not in rank:
        print(f"{path}: not in the source map atop src/main.c")
        bad = 1
        continue
    for inc in re.findall(r'^#include "([a-z_]+)\.h"', open(path).read(), re.M):
        if inc == name:
            continue
        if inc not in rank:
            print(f"{path}: includes {inc}.h, which is not in the source map")
            bad = 1
        elif rank[inc] <= rank[name]:
            print(f"{path}: includes {inc}.h, which is above it in the map")
            bad = 1
sys.exit(bad)
