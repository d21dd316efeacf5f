"""`picturelock demo --run DIR --serve`: the real server on the demo, with the printed login working."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

SCRIPT = Path(sys.executable).with_name("picturelock")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_for(url: str, server: subprocess.Popen[str], seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"the demo server stopped: {server.stdout.read() if server.stdout else ''}")
        try:
            httpx.get(url, timeout=1)
            return
        except httpx.TransportError:
            time.sleep(0.3)
    pytest.fail(f"nothing answered at {url}")


@pytest.mark.slow
def test_the_demo_serves_the_demo_production_to_the_printed_logins(tmp_path: Path) -> None:
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("PICTURELOCK_")}
    command = [str(SCRIPT), "demo", "--run", str(tmp_path), "--serve", "--port", str(port)]
    server = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        _wait_for(f"http://127.0.0.1:{port}/api/v1/openapi.json", server)
        logins = (tmp_path / "demo-logins.txt").read_text().splitlines()[1:]
        rows = (line.split("\t") for line in logins)
        accounts = {login: (password, role) for login, password, role in rows}
        assert {role for _, role in accounts.values()} >= {"producer", "post_supervisor", "vendor", "client"}
        assert (tmp_path / "demo-logins.txt").stat().st_mode & 0o077 == 0
        password, _ = accounts["demo-post-supervisor"]
        with httpx.Client(base_url=f"http://127.0.0.1:{port}/api/v1") as api:
            signed = api.post("/session", json={"login": "demo-post-supervisor", "password": password})
            assert signed.status_code in (200, 201), signed.text
            headers = {"Authorization": f"Bearer {signed.json()['token']}"}
            held = api.get("/productions", headers=headers).json()
            assert [p["title"] for p in held] == ["Saltmarsh"]
            schedule = api.get(f"/productions/{held[0]['id']}/schedule", headers=headers)
            assert schedule.status_code == 200 and schedule.json()["critical_path"]
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
