"""Running wrk (the HTTP load generator) against local URLs and reading its figures."""

import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from urllib.parse import quote

ROTATE = """
paths = {%s}
counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter %% #paths) + 1])
end
"""
UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def available():
    return shutil.which("wrk") is not None


def run(base_url, paths, seconds, connections=16, threads=2):
    """{"rps", "p50_ms", "p99_ms", "errors"} of ``paths`` asked in turn for ``seconds``."""
    with tempfile.TemporaryDirectory() as folder:
        script = Path(folder) / "rotate.lua"
        # Percent-encoded: wrk's parser takes only ASCII (a Cyrillic search word is not).
        quoted = ", ".join(f'"{quote(p, safe="/?&=%:+,;@")}"' for p in paths)
        script.write_text(ROTATE % quoted)
        run = subprocess.run(
            [
                "wrk",
                f"--threads={threads}",
                f"--connections={connections}",
                f"--duration={seconds}s",
                "--timeout=10s",
                "--latency",
                f"--script={script}",
                base_url.rstrip("/") + "/",
            ],
            capture_output=True,
            text=True,
        )
    if run.returncode != 0:
        raise RuntimeError(f"wrk failed on {base_url}: {run.stderr or run.stdout}")
    return parse(run.stdout)


def parse(output):
    def latency(percent):
        match = re.search(rf"^\s+{percent}%\s+([\d.]+)(us|ms|s)\s*$", output, re.M)
        return round(float(match.group(1)) * UNITS[match.group(2)], 2) if match else None

    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50_ms": latency(50),
        "p99_ms": latency(99),
        "errors": (int(errors.group(1)) if errors else 0)
        + (sum(int(n) for n in socket.groups()) if socket else 0),
    }
