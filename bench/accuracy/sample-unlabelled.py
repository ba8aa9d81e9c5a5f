#!/usr/bin/env python3
"""Draws a random sample of unlabelled findings for a hand review, split by whether the flow crosses projects.

Reads results/score.md (the "Unlabelled findings" list of the last run) and sarif/*.sarif; a finding crosses projects
when one of its related locations, or a summarized source's "at <file>:<line>" in its message, lies in another project
(the nearest folder holding a .csproj) than the finding. Audit-level findings are left out.
Usage: bench/accuracy/sample-unlabelled.py [--seed N] [--size N]  -> prints `ID | rule | repository | path:line | message`
"""
import argparse, functools, glob, json, os, random, re

here = os.path.dirname(os.path.abspath(__file__))
work = os.path.join(here, "work")


@functools.lru_cache(None)
def project_of(path):
    folder = os.path.dirname(path)
    while folder.startswith(work) and folder != work:
        if glob.glob(os.path.join(folder, "*.csproj")):
            return folder
        folder = os.path.dirname(folder)
    return None


def findings():
    for sarif in glob.glob(os.path.join(here, "sarif", "*.sarif")):
        key = os.path.basename(sarif).split("__")[0]
        for run in json.load(open(sarif, encoding="utf-8"))["runs"]:
            for result in run.get("results", []):
                message = result["message"]["text"]
                if "[audit]" in message:
                    continue
                location = result["locations"][0]["physicalLocation"]
                uri, line = location["artifactLocation"]["uri"], location["region"]["startLine"]
                absolute = lambda u: u if u.startswith("/") else os.path.join(work, key, u)
                others = [absolute(r["physicalLocation"]["artifactLocation"]["uri"]) for r in result.get("relatedLocations", [])]
                others += re.findall(r" at (/\S+?\.cs):\d+", message)
                project = project_of(absolute(uri))
                crosses = any(project_of(o) != project for o in others if os.path.exists(o))
                yield (key.replace("+", "/", 1), uri, line, result["ruleId"]), crosses, message


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seed", type=int, default=20261202)
    parser.add_argument("--size", type=int, default=20)
    args = parser.parse_args()
    unlabelled = set()
    for line in open(os.path.join(here, "results", "score.md"), encoding="utf-8"):
        match = re.match(r"- (AITG\d+) (\S+) `(.+?):(\d+)`: ", line)
        if match:
            unlabelled.add((match.group(2), match.group(3), int(match.group(4)), match.group(1)))
    pool = {True: [], False: []}
    for key, crosses, message in findings():
        if key in unlabelled:
            pool[crosses].append((key, message))
    rng = random.Random(args.seed)
    for name, crosses in (("CROSS", True), ("WITHIN", False)):
        chosen = rng.sample(sorted(pool[crosses]), min(args.size, len(pool[crosses])))
        for i, ((repo, uri, line, rule), message) in enumerate(chosen, 1):
            print(f"{name}-{i:02d} | {rule} | {repo} | {uri}:{line} | {message}")


if __name__ == "__main__":
    main()
