#!/usr/bin/env python3
"""Clean full-build benchmark: trasparenza against Hugo on equivalent synthetic sites.

Called by scripts/bench.sh, which installs the tools and builds the binaries; see
docs/performance.md. Three yardsticks: Hugo on the plain peer site, Hugo writing the same
files (each objective's KPI table also as JSON and CSV beside its page, `--opendata`), and
our own write floor (`cp -r` of trasparenza's finished output, on the same tmpfs). For every N it:
  * writes the trasparenza content with `synth --objectives N` and checks it
    (`trasparenza check` must report no error);
  * writes the equivalent Hugo site with gen_synthetic.py (the peer generator,
    copied here from shared/bench): same shape, 4 areas, N/10 strategic and N
    operational objectives with ~5 KPIs and ~300 words each;
  * runs every tool `warmup` times unmeasured, then `runs` times measured, each a
    clean full build: the output folder is deleted and `sync` called first (not
    timed), output goes to tmpfs (/dev/shm), each run under `/usr/bin/time -v`
    (wall, user+sys CPU, peak RSS) and a time limit;
  * times the write floor: `cp -r` of trasparenza's last output to a new folder, with the
    same warm-up, runs and /usr/bin/time -v as the builds;
  * counts the HTML pages, files and bytes written.
Then it prints Markdown tables (results, ratios per N, targets) and writes JSON.
Zola cannot be installed here: its figures are quoted from the peer README.
"""
import argparse
import json
import os
import platform
import re
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import time

import preview

HERE = os.path.dirname(os.path.abspath(__file__))

# Zola 0.22.1 on this kind of machine (2 vCPU), from shared/bench/README.md
# ("Results: clean full build"): wall median (s), peak RSS median (MiB), HTML pages.
ZOLA_REF = {
    100: (0.08, 31, 116),
    1000: (0.52, 48, 1106),
    10000: (5.07, 215, 11006),
    50000: (22.90, 938, 55006),
}

TARGET_RSS_BYTES = 150 * 1000 * 1000  # "under 150 MB"
# goals at N=10,000: build time over each yardstick, at most
GOAL_SAME_FILES = 0.40
GOAL_FLOOR = 1.5
GOAL_PLAIN = 0.95
GOAL_GROWTH = 5.5
GOAL_PREVIEW_MS = 100
FLOOR = "copia dell'uscita (cp -r)"


def parse_time_v(text):
    def grab(pat):
        m = re.search(pat, text)
        return m.group(1) if m else None

    wall = grab(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): ([0-9:.]+)")
    if wall is None:
        return None
    secs = 0.0
    for p in wall.split(":"):
        secs = secs * 60 + float(p)
    return {
        "wall_s": secs,
        "user_s": float(grab(r"User time \(seconds\): ([0-9.]+)")),
        "sys_s": float(grab(r"System time \(seconds\): ([0-9.]+)")),
        "max_rss_kb": int(grab(r"Maximum resident set size \(kbytes\): ([0-9]+)")),
    }


def cpu_busy(window=0.5):
    """Fraction of all CPUs busy over `window` seconds (everything on the machine)."""
    def snap():
        with open("/proc/stat") as f:
            v = [int(x) for x in f.readline().split()[1:]]
        return v[3] + v[4], sum(v)
    i0, t0 = snap()
    time.sleep(window)
    i1, t1 = snap()
    return 1.0 - (i1 - i0) / max(1, t1 - t0)


def wait_idle(max_busy, max_wait):
    start = time.time()
    while True:
        b = cpu_busy()
        if b <= max_busy or time.time() - start > max_wait:
            return b
        time.sleep(2)


def make_preexec(prio, mem_limit):
    def preexec():
        os.setsid()  # own process group (killed as a whole on timeout) and own autogroup
        if mem_limit:
            resource.setrlimit(resource.RLIMIT_AS, (mem_limit, mem_limit))
        if prio:
            try:
                with open("/proc/self/autogroup", "w") as f:
                    f.write("-20")
                os.nice(-20)
            except OSError:
                pass
    return preexec


def run_timed(cmd, log, timeout, prio, mem_limit=0, env=None):
    """Runs cmd under /usr/bin/time -v; returns (metrics or None, returncode, stderr tail)."""
    full = ["/usr/bin/time", "-v"] + cmd
    p = subprocess.Popen(full, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                         preexec_fn=make_preexec(prio, mem_limit), env=env)
    try:
        out, err = p.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(p.pid, signal.SIGKILL)
        out, err = p.communicate()
        with open(log, "a") as f:
            f.write("$ %s\nTIMEOUT after %ss\n" % (" ".join(cmd), timeout))
        return None, "timeout", ""
    except KeyboardInterrupt:
        os.killpg(p.pid, signal.SIGKILL)
        raise
    with open(log, "a") as f:
        f.write("$ " + " ".join(cmd) + "\n" + out[-5000:] + err[-20000:] + "\n")
    m = parse_time_v(err)
    rc = p.returncode
    # /usr/bin/time exits with the command's status; on failure its report is kept aside
    if rc != 0:
        run_timed.last_failure = m
        return None, rc, err[-3000:]
    return m, rc, err[-3000:]


def count_output(out):
    pages = files = size = 0
    for root, _dirs, names in os.walk(out):
        for n in names:
            files += 1
            size += os.path.getsize(os.path.join(root, n))
            if n.endswith(".html"):
                pages += 1
    return pages, files, size


def version_of(cmd):
    try:
        return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                              timeout=30).stdout.strip().splitlines()[0]
    except (OSError, subprocess.SubprocessError, IndexError):
        return "?"


def machine():
    model = "?"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    mem = "?"
    try:
        with open("/proc/meminfo") as f:
            kb = int(f.readline().split()[1])
            mem = "%.0f GiB" % (kb / 1024 / 1024)
    except (OSError, ValueError, IndexError):
        pass
    distro = "?"
    try:
        with open("/etc/os-release") as f:
            for line in f:
                if line.startswith("PRETTY_NAME="):
                    distro = line.split("=", 1)[1].strip().strip('"')
    except OSError:
        pass
    return {"cpus": os.cpu_count(), "cpu": model, "memory": mem, "os": distro,
            "kernel": platform.release()}


def fmt_n(n):
    return format(n, ",")


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "--print":
        # reprint the tables of an earlier run: bench.py --print results.json
        with open(sys.argv[2]) as f:
            data = json.load(f)
        info, results = data["info"], data["results"]
        tools = []
        for r in results:
            if r["kind"] not in ("check", "preview") and r["tool"] not in tools:
                tools.append(r["tool"])
        print_header(info)
        print_tables(info, results, info["sizes"], tools)
        return
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="100,1000,10000,50000")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--warmup", type=int, default=1)
    ap.add_argument("--work", required=True, help="scratch folder for the generated sources")
    ap.add_argument("--outroot", default="/dev/shm/trasparenza-bench")
    ap.add_argument("--trasparenza", required=True, help="release binary")
    ap.add_argument("--synth", required=True, help="synth example binary")
    ap.add_argument("--theme", required=True)
    ap.add_argument("--hugo", action="append", default=[], help="LABEL=BINARY, repeatable")
    ap.add_argument("--hugo-opendata", action="append", default=[],
                    help="LABEL=BINARY, repeatable: Hugo on the peer site with --opendata (same files)")
    ap.add_argument("--floor", action="store_true",
                    help="also time the write floor: cp -r of trasparenza's output on the same tmpfs")
    ap.add_argument("--timeout", type=float, default=900, help="time limit of one run (s)")
    ap.add_argument("--max-busy", type=float, default=1.0,
                    help="before each run wait until the CPUs are at most this busy (1: never wait)")
    ap.add_argument("--max-wait", type=float, default=120)
    ap.add_argument("--prio", action="store_true",
                    help="run each build in its own autogroup at nice -20 (root; shared machine)")
    ap.add_argument("--stages", action="store_true",
                    help="also time `trasparenza check` (reading and validation only), once per N")
    ap.add_argument("--long", type=float, default=120,
                    help="a run longer than this (s) is the only one at that N for that tool")
    ap.add_argument("--mem-limit-gb", type=float, default=16,
                    help="address-space limit of each trasparenza run, GB (0: none)")
    ap.add_argument("--preview", type=int, default=0,
                    help="at N=10,000 also time this many edits in the preview (edit to served page)")
    ap.add_argument("--json", default=None)
    a = ap.parse_args()

    sizes = [int(x.replace("_", "")) for x in a.sizes.split(",") if x.strip()]
    tools = [("trasparenza", "trasparenza", a.trasparenza)]
    for spec in a.hugo:
        label, binary = spec.split("=", 1)
        tools.append((label, "hugo", binary))
    for spec in a.hugo_opendata:
        label, binary = spec.split("=", 1)
        tools.append((label + " +opendata", "hugo-opendata", binary))
    if a.floor:
        tools.insert(1, (FLOOR, "floor", "cp"))
    os.makedirs(a.work, exist_ok=True)
    os.makedirs(a.outroot, exist_ok=True)
    log = os.path.join(a.work, "bench.log")
    info = {
        "machine": machine(),
        "versions": {"trasparenza": version_of([a.trasparenza, "--version"])},
        "sizes": sizes, "runs": a.runs, "warmup": a.warmup, "timeout_s": a.timeout,
        "max_busy": a.max_busy, "prio": a.prio, "outroot": a.outroot,
        "long_s": a.long, "mem_limit_gb": a.mem_limit_gb,
        "commit": version_of(["git", "-C", os.path.dirname(os.path.dirname(HERE)), "describe",
                              "--always", "--dirty"]),
        "started": time.strftime("%Y-%m-%d %H:%M:%S"),
    }
    for label, kind, binary in tools[1:]:
        if kind != "floor":
            info["versions"][label] = version_of([binary, "version"])
    print_header(info)

    results = []
    gave_up = set()  # tools that timed out or failed at a smaller N
    for n in sizes:
        site_dir = os.path.join(a.work, "sites", str(n))
        tr_src = os.path.join(site_dir, "trasparenza")
        t0 = time.time()
        subprocess.run([a.synth, "--objectives", str(n), "--out", tr_src], check=True,
                       stdout=subprocess.DEVNULL)
        subprocess.run([sys.executable, os.path.join(HERE, "gen_synthetic.py"), str(n),
                        os.path.join(site_dir, "peer")], check=True, stdout=subprocess.DEVNULL)
        if a.hugo_opendata:
            subprocess.run([sys.executable, os.path.join(HERE, "gen_synthetic.py"), str(n),
                            os.path.join(site_dir, "peer-opendata"), "--opendata"], check=True,
                           stdout=subprocess.DEVNULL)
        print("N=%d: sources written in %.1fs" % (n, time.time() - t0), flush=True)
        chk = subprocess.run([a.trasparenza, "check", "--content", tr_src], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
        if chk.returncode != 0:
            sys.exit("synthetic content for N=%d does not pass `trasparenza check`:\n%s"
                     % (n, chk.stderr[-3000:]))
        m = re.search(r"(\d+) errori, (\d+) avvisi", chk.stderr)
        warnings = int(m.group(2)) if m else 0

        jobs = list(tools)
        if a.stages:
            jobs.append(("trasparenza check", "check", a.trasparenza))
        tr_out = os.path.join(a.outroot, "trasparenza-%d" % n)
        for label, kind, binary in jobs:
            out = os.path.join(a.outroot, "%s-%d" % (re.sub(r"[^A-Za-z0-9.+-]+", "-", label), n))
            if kind == "trasparenza":
                cmd = [binary, "build", "--content", tr_src, "--theme", a.theme, "--output", out]
            elif kind == "floor":
                # trasparenza's output of its last run is kept until now (see below)
                cmd = ["cp", "-r", tr_out, out]
            elif kind == "check":
                cmd = [binary, "check", "--content", tr_src]
            else:
                peer = "peer-opendata" if kind == "hugo-opendata" else "peer"
                cmd = [binary, "--quiet", "--source", os.path.join(site_dir, peer, "hugo"),
                       "--destination", out]
            if kind == "floor" and not os.path.isdir(tr_out):
                res = {"n": n, "tool": label, "kind": kind, "cmd": cmd, "samples": [],
                       "status": "saltato: manca l'uscita di trasparenza"}
                results.append(res)
                continue
            res = {"n": n, "tool": label, "kind": kind, "cmd": cmd, "samples": [], "status": "ok"}
            if label in gave_up:
                res["status"] = "skipped"
                results.append(res)
                print("  N=%d %s: skipped (failed or timed out at a smaller N)" % (n, label), flush=True)
                continue
            warm, runs = (0, 1) if kind == "check" else (a.warmup, a.runs)
            for i in range(warm + runs):
                shutil.rmtree(out, ignore_errors=True)
                os.sync()
                busy = wait_idle(a.max_busy, a.max_wait) if a.max_busy < 1 else cpu_busy()
                limit = int(a.mem_limit_gb * 1e9) if kind == "trasparenza" else 0
                run_timed.last_failure = None
                m, rc, err = run_timed(cmd, log, a.timeout, a.prio, limit)
                if m is None:
                    res["failed_run"] = run_timed.last_failure
                    if rc == "timeout":
                        res["status"] = "interrotto: oltre il limite di %g s" % a.timeout
                    elif limit and "memory allocation" in err:
                        res["status"] = "fallito: memoria oltre il limite di %g GB" % a.mem_limit_gb
                    else:
                        res["status"] = "fallito (uscita %s)" % rc
                    res["error"] = err
                    gave_up.add(label)
                    f = res["failed_run"]
                    if f:
                        res["status"] += " (dopo %.1f s, RSS di picco %.0f MiB)" % (f["wall_s"], f["max_rss_kb"] / 1024)
                    print("  N=%d %s run %d: %s" % (n, label, i, res["status"]), flush=True)
                    break
                m["busy_before"] = round(busy, 3)
                long_run = m["wall_s"] > a.long
                if i >= warm or long_run:
                    res["samples"].append(m)
                print("  N=%d %s run %d%s: %.3fs cpu=%.2fs rss=%dMiB (busy before %.0f%%)" % (
                    n, label, i, " (warm-up)" if i < warm else "", m["wall_s"], m["user_s"] + m["sys_s"],
                    m["max_rss_kb"] // 1024, 100 * busy), flush=True)
                if long_run:
                    res["note"] = "1 sola esecuzione: oltre %g s" % a.long
                    print("  N=%d %s: over %gs, no more runs at this N" % (n, label, a.long), flush=True)
                    break
            s = res["samples"]
            if s and res["status"] == "ok":
                res.update({
                    "wall_median_s": statistics.median(x["wall_s"] for x in s),
                    "wall_min_s": min(x["wall_s"] for x in s),
                    "wall_max_s": max(x["wall_s"] for x in s),
                    "cpu_median_s": statistics.median(x["user_s"] + x["sys_s"] for x in s),
                    "rss_median_kb": statistics.median(x["max_rss_kb"] for x in s),
                })
                if kind != "check":
                    res["html_pages"], res["files"], res["bytes"] = count_output(out)
                else:
                    res["warnings"] = warnings
            if kind == "floor" or (kind == "trasparenza" and not a.floor):
                shutil.rmtree(tr_out, ignore_errors=True)
            if kind != "trasparenza":
                shutil.rmtree(out, ignore_errors=True)
            results.append(res)
            if a.json:
                with open(a.json, "w") as f:
                    json.dump({"info": info, "results": results}, f, indent=1)
        if a.preview and n == 10000:
            res = {"n": n, "tool": "anteprima", "kind": "preview", "status": "ok"}
            try:
                wait_idle(a.max_busy, a.max_wait) if a.max_busy < 1 else None
                res.update(preview.measure(a.trasparenza, a.theme, tr_src, a.work, a.preview, log=log))
                print("  N=%d anteprima: avvio %.1f s; modifica → pagine servite %s ms (mediana %.0f ms)" % (
                    n, res["startup_s"], ", ".join("%.0f" % x for x in res["samples_ms"]),
                    res["median_ms"]), flush=True)
            except RuntimeError as e:
                res["status"] = "fallito: %s" % e
                print("  N=%d anteprima: %s" % (n, res["status"]), flush=True)
            results.append(res)
    info["finished"] = time.strftime("%Y-%m-%d %H:%M:%S")
    if a.json:
        with open(a.json, "w") as f:
            json.dump({"info": info, "results": results}, f, indent=1)
    print()
    print_tables(info, results, sizes, [t[0] for t in tools])


def print_header(info):
    print("# machine: %(cpus)s CPU (%(cpu)s), %(memory)s, %(os)s, kernel %(kernel)s" % info["machine"], flush=True)
    print("# trasparenza commit: %s" % info["commit"], flush=True)
    for k, v in info["versions"].items():
        print("# %s: %s" % (k, v), flush=True)
    print("# runs: %s measured after %s warm-up; limit %s s per run; prio %s; started %s" % (
        info["runs"], info["warmup"], info["timeout_s"], info["prio"], info["started"]), flush=True)


def get(results, n, tool):
    for r in results:
        if r["n"] == n and r["tool"] == tool and r.get("wall_median_s") is not None:
            return r
    return None


def print_tables(info, results, sizes, tools):
    mib = lambda kb: kb / 1024
    print("| N | strumento | tempo (mediana, s) | min–max (s) | esecuzioni | CPU user+sys (s) "
          "| RSS di picco (MiB) | pagine HTML | file | ms per pagina | trasparenza / strumento |")
    print("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for n in sizes:
        tr = get(results, n, "trasparenza")
        rows = [r for r in results if r["n"] == n and r["kind"] != "preview"]
        for r in rows:
            if r.get("wall_median_s") is None:
                print("| %s | %s | %s | | | | | | | | |" % (fmt_n(n), r["tool"], r["status"]))
                continue
            pages = r.get("html_pages")
            ratio = ""
            if tr and r["kind"] in ("hugo", "hugo-opendata", "floor"):
                ratio = "%.2f" % (tr["wall_median_s"] / r["wall_median_s"])
            print("| %s | %s%s | %.2f | %.2f–%.2f | %d | %.2f | %.0f | %s | %s | %s | %s |" % (
                fmt_n(n), r["tool"], " [%s]" % r["note"] if r.get("note") else "", r["wall_median_s"], r["wall_min_s"], r["wall_max_s"], len(r["samples"]),
                r["cpu_median_s"], mib(r["rss_median_kb"]),
                fmt_n(pages) if pages is not None else "—", fmt_n(r["files"]) if "files" in r else "—",
                "%.3f" % (1000 * r["wall_median_s"] / pages) if pages else "—", ratio))
        if n in ZOLA_REF:
            w, rss, pages = ZOLA_REF[n]
            ratio = "%.2f" % (tr["wall_median_s"] / w) if tr else ""
            print("| %s | zola-0.22.1 (riferimento, README peer) | %.2f | | 5 | | %d | %s | | %.3f | %s |" % (
                fmt_n(n), w, rss, fmt_n(pages), 1000 * w / pages, ratio))

    print_yardsticks(results, sizes)

    # growth per tool
    print()
    print("| strumento | N → N' | tempo × | CPU × | RSS × |")
    print("|---|---|---:|---:|---:|")
    for t in tools + ["trasparenza check"]:
        rs = [get(results, n, t) for n in sizes]
        rs = [r for r in rs if r]
        for x, y in zip(rs, rs[1:]):
            # a CPU time under 10 ms is below /usr/bin/time's resolution: no ratio
            cpu = ("×%.1f" % (y["cpu_median_s"] / x["cpu_median_s"])) if x["cpu_median_s"] >= 0.01 else "—"
            print("| %s | %s → %s (×%g) | ×%.1f | %s | ×%.1f |" % (
                t, fmt_n(x["n"]), fmt_n(y["n"]), y["n"] / x["n"], y["wall_median_s"] / x["wall_median_s"],
                cpu, y["rss_median_kb"] / x["rss_median_kb"]))


def print_yardsticks(results, sizes):
    """Build time over each yardstick, same run, per N; then the goals at N=10,000."""
    plain, same = "hugo-0.168.0", "hugo-0.168.0 +opendata"

    def ratio(tr, r):
        return tr["wall_median_s"] / r["wall_median_s"] if tr and r else None

    def cell(x):
        return "%.2f" % x if x is not None else "—"

    print()
    print("| N | build (s) | Hugo stessi file (s) | build / Hugo stessi file | limite della copia (s) "
          "| build / copia | Hugo 0.168 (s) | build / Hugo 0.168 | RSS di picco (MB) |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for n in sizes:
        tr = get(results, n, "trasparenza")
        if not tr:
            continue
        rs = [get(results, n, t) for t in (same, FLOOR, plain)]
        cols = []
        for r in rs:
            cols += [cell(r["wall_median_s"]) if r else "—", cell(ratio(tr, r))]
        print("| %s | %.2f | %s | %s | %s | %s | %s | %s | %.0f |" % (
            (fmt_n(n), tr["wall_median_s"]) + tuple(cols) + (tr["rss_median_kb"] * 1024 / 1e6,)))

    print()
    print("| obiettivo (N = 10.000) | misura | esito |")
    print("|---|---|---|")
    tr10 = get(results, 10000, "trasparenza")
    for name, tool, goal in (("build ≤ %.2f × Hugo con gli stessi file" % GOAL_SAME_FILES, same, GOAL_SAME_FILES),
                             ("build ≤ %.1f × limite della copia" % GOAL_FLOOR, FLOOR, GOAL_FLOOR),
                             ("build ≤ %.2f × Hugo 0.168" % GOAL_PLAIN, plain, GOAL_PLAIN)):
        r = get(results, 10000, tool)
        x = ratio(tr10, r)
        if x is None:
            print("| %s | non misurato in questa esecuzione | — |" % name)
        else:
            print("| %s | %.2f s / %.2f s = %.2f | %s |" % (
                name, tr10["wall_median_s"], r["wall_median_s"], x, "raggiunto" if x <= goal else "NON raggiunto"))
    if tr10:
        b = tr10["rss_median_kb"] * 1024
        print("| RSS di picco ≤ 150 MB | %.0f MB (%.0f MiB) | %s |" % (
            b / 1e6, b / 2**20, "raggiunto" if b <= TARGET_RSS_BYTES else "NON raggiunto"))
    else:
        print("| RSS di picco ≤ 150 MB | non misurato in questa esecuzione | — |")
    tr50 = get(results, 50000, "trasparenza")
    if tr10 and tr50:
        g = tr50["wall_median_s"] / tr10["wall_median_s"]
        print("| crescita: N=50.000 ≤ %.1f × N=10.000 | %.2f s / %.2f s = %.2f | %s |" % (
            GOAL_GROWTH, tr50["wall_median_s"], tr10["wall_median_s"], g,
            "raggiunto" if g <= GOAL_GROWTH else "NON raggiunto"))
    else:
        st = next((r["status"] for r in results if r["n"] == 50000 and r["tool"] == "trasparenza"), None)
        print("| crescita: N=50.000 ≤ %.1f × N=10.000 | %s | — |" % (
            GOAL_GROWTH, "N=50.000: " + st if st else "non misurato in questa esecuzione"))
    pv = next((r for r in results if r["n"] == 10000 and r.get("kind") == "preview"), None)
    name = "anteprima: modifica → pagine servite ≤ %d ms" % GOAL_PREVIEW_MS
    if pv and "median_ms" in pv:
        print("| %s | mediana %.0f ms su %d modifiche (da %.0f a %.0f ms) | %s |" % (
            name, pv["median_ms"], len(pv["samples_ms"]), min(pv["samples_ms"]), max(pv["samples_ms"]),
            "raggiunto" if pv["median_ms"] <= GOAL_PREVIEW_MS else "NON raggiunto"))
    else:
        print("| %s | %s | — |" % (name, pv["status"] if pv else "non misurato in questa esecuzione"))


if __name__ == "__main__":
    main()
