#!/usr/bin/env python3
"""check_records.py KIND FILE RAWDIR -- read a record file with a real parser.

Called by test_records.c.  KIND is json, csv, tsv or junit.  Every record in
FILE is parsed with Python's own json, csv or XML (expat) parser and its
fields are compared with the raw bytes the test gave xpool, which the test
wrote to RAWDIR/SEQ.cmd, SEQ.out, SEQ.err, SEQ.v0, SEQ.v1, ... and SEQ.fail
(the JUnit failure type, or empty).  Prints the number of records and exits
0 when every one matches.
"""
import csv
import json
import os
import sys
import xml.etree.ElementTree as ET

COLUMNS = ["Seq", "Host", "Starttime", "JobRuntime", "Send", "Receive",
           "Exitval", "Signal", "Command"]


def fail(msg):
    print("check_records.py: " + msg, file=sys.stderr)
    sys.exit(1)


def raw(rawdir, seq, what):
    with open(os.path.join(rawdir, "%s.%s" % (seq, what)), "rb") as f:
        return f.read()


def values(rawdir, seq):
    out = []
    while os.path.exists(os.path.join(rawdir, "%s.v%d" % (seq, len(out)))):
        out.append(raw(rawdir, seq, "v%d" % len(out)))
    return out


def same(what, seq, got, want):
    if got != want:
        fail("record %s: %s is %r, expected %r" % (seq, what, got, want))


def check_json(path, rawdir):
    with open(path, "rb") as f:
        data = f.read()
    if data and not data.endswith(b"\n"):
        fail("no newline at the end")
    n = 0
    for line in data.split(b"\n")[:-1]:
        line.decode("utf-8")  # strict: every byte is valid UTF-8
        o = json.loads(line)  # strict: no raw control characters
        seq = o["Seq"]
        same("keys", seq, list(o), COLUMNS + ["V", "Stdout", "Stderr"])
        dec = lambda b: b.decode("utf-8", "replace")
        same("Command", seq, o["Command"], dec(raw(rawdir, seq, "cmd")))
        same("V", seq, o["V"], [dec(v) for v in values(rawdir, seq)])
        same("Stdout", seq, o["Stdout"], dec(raw(rawdir, seq, "out")))
        same("Stderr", seq, o["Stderr"], dec(raw(rawdir, seq, "err")))
        same("Receive", seq, o["Receive"], len(raw(rawdir, seq, "out")))
        n += 1
    return n


def check_csv(path, rawdir, sep):
    with open(path, newline="", encoding="utf-8",
              errors="surrogateescape") as f:
        rows = list(csv.reader(f, delimiter=sep, strict=True))
    if not rows:
        return 0
    head = rows[0]
    same("header", 0, head[:9] + head[-2:], COLUMNS + ["Stdout", "Stderr"])
    dec = lambda b: b.decode("utf-8", "surrogateescape")
    for row in rows[1:]:
        seq = int(row[0])
        same("Command", seq, row[8], dec(raw(rawdir, seq, "cmd")))
        same("V", seq, row[9:-2], [dec(v) for v in values(rawdir, seq)])
        same("Stdout", seq, row[-2], dec(raw(rawdir, seq, "out")))
        same("Stderr", seq, row[-1], dec(raw(rawdir, seq, "err")))
    return len(rows) - 1


def xml_text(b):
    s = b.decode("utf-8", "replace")
    return "".join("\ufffd" if (ord(c) < 0x20 and c not in "\t\n\r")
                   or c in "\ufffe\uffff" else c for c in s)


def check_junit(path, rawdir):
    root = ET.parse(path).getroot()
    same("root", 0, root.tag, "testsuites")
    suites = root.findall("testsuite")
    same("suites", 0, len(suites), 1)
    suite = suites[0]
    cases = suite.findall("testcase")
    failed = [c for c in cases if c.find("failure") is not None]
    for e in (root, suite):
        same("tests", 0, int(e.get("tests")), len(cases))
        same("failures", 0, int(e.get("failures")), len(failed))
        same("errors", 0, int(e.get("errors")), 0)
        float(e.get("time"))
    for c in cases:
        seq, cmd = c.get("name").split(": ", 1)
        same("classname", seq, c.get("classname"), "xpool")
        same("name", seq, cmd, xml_text(raw(rawdir, seq, "cmd")))
        float(c.get("time"))
        for tag, what in (("system-out", "out"), ("system-err", "err")):
            e = c.find(tag)
            text = "" if e is None else (e.text or "")
            same(tag, seq, text, xml_text(raw(rawdir, seq, what)))
        f = c.find("failure")
        same("failure", seq, "" if f is None else f.get("type"),
             raw(rawdir, seq, "fail").decode())
        if f is not None and not f.get("message"):
            fail("record %s: a failure without a message" % seq)
    return len(cases)


def main():
    if len(sys.argv) != 4:
        fail("usage: check_records.py json|csv|tsv|junit FILE RAWDIR")
    kind, path, rawdir = sys.argv[1:]
    if kind == "json":
        n = check_json(path, rawdir)
    elif kind == "csv":
        n = check_csv(path, rawdir, ",")
    elif kind == "tsv":
        n = check_csv(path, rawdir, "\t")
    elif kind == "junit":
        n = check_junit(path, rawdir)
    else:
        fail("unknown kind " + kind)
    print(n)


main()
