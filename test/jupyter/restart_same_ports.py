"""Ten restarts in a row of one d2l-ts kernel through jupyter_client's KernelManager.restart_kernel,
as Jupyter frontends do it: same connection file, same ports, a new process each time.

Run by test/jupyter/restart.test.ts with JUPYTER_PATH pointing at a temporary kernelspec. Prints one
JSON object per kernel (the first start, then each restart) on stdout; the test judges them.
Odd restarts are graceful (shutdown_request with restart=true, as the "Restart" menu does), even
ones forced (now=True: the old process is killed), so both ways of freeing the ports are covered.
"""

import json
import os
import sys
import uuid

from jupyter_client.manager import KernelManager
from jupyter_core.paths import jupyter_runtime_dir

RESTARTS = int(os.environ.get("D2L_TS_RESTARTS", "10"))
TIMEOUT = 180


def alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie is gone for our purpose; KernelManager reaps its child on shutdown anyway.
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split(")")[-1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def run(kc, code):
    """Executes code; returns (execution_count, text/plain result or None, error or None)."""
    msg_id = kc.execute(code)
    result = None
    error = None
    while True:
        msg = kc.get_iopub_msg(timeout=TIMEOUT)
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        kind = msg["msg_type"]
        if kind == "execute_result":
            result = msg["content"]["data"].get("text/plain")
        elif kind == "error":
            error = f'{msg["content"]["ename"]}: {msg["content"]["evalue"]}'
        elif kind == "status" and msg["content"]["execution_state"] == "idle":
            break
    reply = kc.get_shell_msg(timeout=TIMEOUT)
    while reply["parent_header"].get("msg_id") != msg_id:
        reply = kc.get_shell_msg(timeout=TIMEOUT)
    return reply["content"].get("execution_count"), result, error


def ports(km):
    return [km.shell_port, km.iopub_port, km.stdin_port, km.control_port, km.hb_port]


def main():
    km = KernelManager(kernel_name=os.environ.get("D2L_TS_KERNEL_NAME", "d2l-ts"))
    # Where Jupyter servers put it (the runtime dir), so the test finds strays by that path.
    os.makedirs(jupyter_runtime_dir(), exist_ok=True)
    km.connection_file = os.path.join(jupyter_runtime_dir(), f"kernel-{uuid.uuid4()}.json")
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    first = {"connection_file": km.connection_file, "ports": ports(km)}
    try:
        for n in range(RESTARTS + 1):
            previous = km.provisioner.pid if n == 0 else pid
            if n > 0:
                km.restart_kernel(now=(n % 2 == 0))
            pid = km.provisioner.pid
            kc.wait_for_ready(timeout=TIMEOUT)
            seen = run(kc, "typeof leftOver")
            defined = run(kc, f"const leftOver = {n}; leftOver * 2")
            print(json.dumps({
                "n": n,
                "pid": pid,
                "previous_alive": alive(previous) if n > 0 else None,
                "previous": previous,
                "connection_file": km.connection_file,
                "connection_file_exists": os.path.exists(km.connection_file),
                "ports": ports(km),
                "first": first,
                "typeof_before": seen,
                "define": defined,
            }), flush=True)
    finally:
        kc.stop_channels()
        last = km.provisioner.pid if km.provisioner else None
        km.shutdown_kernel(now=False)
        print(json.dumps({
            "shutdown": True,
            "last_pid": last,
            "last_alive": alive(last) if last else None,
            "connection_file_exists": os.path.exists(first["connection_file"]),
        }), flush=True)


if __name__ == "__main__":
    sys.exit(main())
