#!/usr/bin/env python3
# shell-commands.py SCRIPT...: parse each script with `shfmt --to-json`
# and print the literal command names they call, less the
# shell functions they define.  A command run through a wrapper (timeout,
# env, exec, xargs, nice, ccache, command) counts too.
import json
import subprocess
import sys

WRAPPERS = {"timeout", "env", "exec", "xargs", "nice", "ccache", "command"}


def literal(word):
    parts = word.get("Parts") or []
    if len(parts) == 1 and parts[0].get("Type") == "Lit":
        return parts[0]["Value"]
    return None


def walk(node, calls, funcs):
    if isinstance(node, dict):
        if node.get("Type") == "FuncDecl":
            funcs.add(node["Name"]["Value"])
        if node.get("Type") == "CallExpr":
            wrapped = False
            for arg in node.get("Args") or []:
                w = literal(arg)
                if w is None:
                    if wrapped:
                        continue
                    break
                if w.startswith("-") or w[0].isdigit() or "=" in w:
                    continue
                calls.add(w)
                if w not in WRAPPERS:
                    break
                wrapped = True
        for v in node.values():
            walk(v, calls, funcs)
    elif isinstance(node, list):
        for v in node:
            walk(v, calls, funcs)


calls, funcs = set(), set()
for path in sys.argv[1:]:
    with open(path, "rb") as f:
        tree = subprocess.run(["shfmt", "--to-json"], stdin=f, check=True,
                              capture_output=True).stdout
    walk(json.loads(tree), calls, funcs)
for c in sorted(calls - funcs):
    if "/" not in c and "$" not in c:
        print(c)
