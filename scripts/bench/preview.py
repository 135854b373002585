"""The preview's edit-to-served time, as a user sees it.

`trasparenza serve` runs on a copy of the synthetic content; the title of one operational
objective is edited in its TOML file, as an editor saves it, and the time is taken from the
save until both the objective's page and its strategic objective's page (which lists it)
serve the new title over HTTP. Each edit is a new title; the median is reported.
"""

import glob
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import time
import urllib.error
import urllib.request

POLL_S = 0.002


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url):
    try:
        with urllib.request.urlopen(url, timeout=10) as r:
            return r.status, r.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as e:
        return e.code, ""
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None, ""


def wait_for(pred, timeout):
    """Polls `pred` until it is true; the seconds it took, or None after `timeout`."""
    t0 = time.perf_counter()
    while time.perf_counter() - t0 < timeout:
        if pred():
            return time.perf_counter() - t0
        time.sleep(POLL_S)
    return None


def measure(binary, theme, src, work, edits=7, timeout=60.0, log=None):
    """Starts the preview on a copy of `src` and times `edits` edits of one title.

    Returns a dict: startup_s (until the home page is served), samples_ms, median_ms,
    the edited objective and the two pages checked; or raises RuntimeError.
    """
    content = os.path.join(work, "preview-content")
    shutil.rmtree(content, ignore_errors=True)
    shutil.copytree(src, content)
    plans = sorted(glob.glob(os.path.join(content, "piani", "*")))
    if not plans:
        raise RuntimeError("no plan folder under %s/piani" % content)
    plan_dir = plans[-1]
    plan = os.path.basename(plan_dir)
    toml = os.path.join(plan_dir, "obiettivi-operativi", "1.1.1.toml")
    with open(toml, encoding="utf-8") as f:
        original = f.read()
    parent = re.search(r'^obiettivo_strategico = "([^"]+)"', original, re.M).group(1)
    base = "http://127.0.0.1:%d/" % free_port()
    port = int(base.rsplit(":", 1)[1].strip("/"))
    pages = [
        base + "piano-della-performance/%s/obiettivi-operativi/1.1.1/" % plan,
        base + "piano-della-performance/%s/obiettivi-strategici/%s/" % (plan, parent),
    ]
    out = open(log, "a") if log else subprocess.DEVNULL
    proc = subprocess.Popen([binary, "serve", "--content", content, "--theme", theme,
                             "--porta", str(port)], stdout=out, stderr=out)
    try:
        startup = wait_for(lambda: fetch(base)[0] == 200, timeout)
        if startup is None:
            raise RuntimeError("the preview did not serve %s within %g s" % (base, timeout))
        for url in pages:
            status, _ = fetch(url)
            if status != 200:
                raise RuntimeError("%s: HTTP %s" % (url, status))
        samples = []
        for i in range(edits):
            title = "Titolo modificato numero %d per la misura" % (i + 1)
            text = re.sub(r'^titolo = ".*"$', 'titolo = "%s"' % title, original, count=1, flags=re.M)
            time.sleep(0.6)  # past the watcher's debounce and settle times of the previous edit
            with open(toml, "w", encoding="utf-8") as f:
                f.write(text)
            t0 = time.perf_counter()
            took = wait_for(lambda: all(title in fetch(u)[1] for u in pages), timeout)
            if took is None:
                raise RuntimeError("edit %d: the new title was not served within %g s" % (i + 1, timeout))
            samples.append((time.perf_counter() - t0) * 1000)
        return {
            "startup_s": startup,
            "samples_ms": samples,
            "median_ms": statistics.median(samples),
            "objective": "1.1.1",
            "pages": [u[len(base):] for u in pages],
        }
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        if log:
            out.close()
        shutil.rmtree(content, ignore_errors=True)
