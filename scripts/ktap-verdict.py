#!/usr/bin/env python3
# ktap-verdict.py LOG PREFIX [OUT] [--expect NAME]... [--nested]: judge
# every KTAP document in a serial log with the kernel's own parser
# (kunit_parser, what `kunit.py parse` runs) and print one line,
#   "ok - PREFIX: NAME" or "not ok - PREFIX: NAME",
# per test at the first level of each document (a KUnit suite, a
# workload's property, a stress phase), then the "# key=value" figures
# the guest attached to it and, for a result that failed, what failed
# beneath it (--nested: every result beneath it).  Each module load and
# each guest workload prints its own document: the log is cut at every
# top-level "KTAP version" line (kernel lines carry a "[ time ]"
# prefix), and a document with an empty plan ("1..0", the boot-time
# KUnit run) is dropped.  A skip is not a pass.  An --expect NAME that
# no result's name begins with gets a "not ok" line of its own: a result
# never vanishes with the document that lost it.  OUT gets kunit.py's
# own report.  Exits 1 if any line is "not ok".
import argparse
import os
import re
import sys

top = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(top, 'build/linux/tools/testing/kunit'))
import kunit_parser  # noqa: E402
import kunit_printer  # noqa: E402
from kunit_parser import TestStatus  # noqa: E402

TOP_KTAP = re.compile(r'^(\[[ 0-9.]+\] )?KTAP version')
PLAN = re.compile(r'^(\[[ 0-9.]+\] )?1\.\.([0-9]+)')
FIGURE = re.compile(r'^\s*# ([A-Za-z_][A-Za-z0-9_]*=\S*( [A-Za-z_][A-Za-z0-9_]*=\S*)*)$')


def documents(path):
	docs = []
	with open(path, errors='replace') as f:
		for line in f:
			if TOP_KTAP.match(line):
				docs.append([])
			if docs:
				docs[-1].append(line.rstrip('\n'))
	plans = [PLAN.match(d[1]) if len(d) > 1 else None for d in docs]
	return [d for d, p in zip(docs, plans) if not (p and p.group(2) == '0')]


def figures(test):
	for line in test.log:
		m = FIGURE.match(line)
		if m:
			yield m.group(1)
	for sub in test.subtests:
		yield from figures(sub)


def passed(test):
	return test.status == TestStatus.SUCCESS and all(passed(s) for s in test.subtests)


# what KUnit printed about a failed expectation: its line and the lines
# indented beneath it (the values compared, the message)
FAILED_AT = re.compile(r'(EXPECTATION|ASSERTION) FAILED at ')


def why(test, depth):
	lines = [re.sub(r'^(\[[ 0-9.]+\] )?\s*#?\s*', '', l) for l in test.log]
	for i, line in enumerate(lines):
		if FAILED_AT.search(line):
			for detail in lines[i:i + 4]:
				if detail and not re.search(r'(pass:[0-9]|^(not )?ok )', detail):
					print('#%s %s' % ('  ' * depth, detail))


def failures(test, depth=1):
	for sub in test.subtests:
		if not passed(sub):
			print('#%s %s: %s' % ('  ' * depth, sub.name or '(missing)', sub.status.name))
			why(sub, depth + 1)
			failures(sub, depth + 1)


def main():
	ap = argparse.ArgumentParser()
	ap.add_argument('log')
	ap.add_argument('prefix')
	ap.add_argument('out', nargs='?', default=os.devnull)
	ap.add_argument('--expect', action='append', default=[])
	ap.add_argument('--nested', action='store_true')
	args = ap.parse_args()
	bad = 0
	seen = set()
	with open(args.out, 'w') as report:
		# kunit_parser prints its report through a Printer: to OUT
		printer = kunit_printer.Printer(output=report)
		for n, doc in enumerate(documents(args.log), 1):
			test = kunit_parser.parse_run_tests(doc, printer)
			for i, sub in enumerate(test.subtests, 1):
				name = sub.name or '(result %d of document %d missing)' % (i, n)
				ok = passed(sub)
				bad += not ok
				seen.add(name)
				print('%s - %s: %s' % ('ok' if ok else 'not ok', args.prefix, name))
				if args.nested:
					for j, leaf in enumerate(sub.subtests, 1):
						# a case that did not pass says how (SKIPPED, FAILURE)
						if passed(leaf):
							print('#   ok %d %s' % (j, leaf.name))
						else:
							print('#   not ok %d %s (%s)' % (j, leaf.name, leaf.status.name))
				for fig in figures(sub):
					print('#   %s' % fig)
				if not ok and not args.nested:
					failures(sub)
			if not test.subtests or test.counts.errors:
				bad += 1
				print('not ok - %s: KTAP document %d parses (%s)' %
				      (args.prefix, n, test.status.name))
	for name in args.expect:
		if not any(s.startswith(name) for s in seen):
			bad += 1
			print('not ok - %s: %s (no result)' % (args.prefix, name))
	return 1 if bad else 0


if __name__ == '__main__':
	sys.exit(main())
