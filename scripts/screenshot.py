"""Takes a screenshot of a page of the running demo (make run) as a demo user,
for the README: python scripts/screenshot.py LOGIN PATH OUT.png [WIDTH HEIGHT SECONDS CSS-TO-CLICK]

Drives headless Chromium over the DevTools protocol (websocket-client)."""

import base64
import json
import subprocess
import sys
import tempfile
import time
import urllib.request

import websocket

BASE = "http://127.0.0.1:8069"


def session_for(login):
    payload = {"jsonrpc": "2.0", "params": {"db": "kpi_demo", "login": login, "password": login}}
    if login == "admin":
        payload["params"]["password"] = "admin"
    request = urllib.request.Request(
        f"{BASE}/web/session/authenticate", json.dumps(payload).encode(), {"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request) as response:
        cookie = response.headers["Set-Cookie"]
    return cookie.split("session_id=")[1].split(";")[0]


def main(login, path, out, width=1400, height=800, wait=15, click=None):
    profile = tempfile.mkdtemp()
    chrome = subprocess.Popen(
        [
            "chromium",
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--remote-debugging-port=9333",
            f"--user-data-dir={profile}",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--window-size={width},{height}",
            "about:blank",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _attempt in range(50):
            try:
                pages = json.load(urllib.request.urlopen("http://127.0.0.1:9333/json"))
                break
            except OSError:
                time.sleep(0.2)
        ws = websocket.create_connection(next(p for p in pages if p["type"] == "page")["webSocketDebuggerUrl"])
        counter = iter(range(1, 1000))

        def call(method, **params):
            message_id = next(counter)
            ws.send(json.dumps({"id": message_id, "method": method, "params": params}))
            while True:
                message = json.loads(ws.recv())
                if message.get("id") == message_id:
                    return message.get("result", {})

        call("Network.enable")
        call("Network.setCookie", name="session_id", value=session_for(login), url=BASE)
        call(
            "Emulation.setDeviceMetricsOverride",
            width=int(width),
            height=int(height),
            deviceScaleFactor=1,
            mobile=False,
        )
        call("Page.navigate", url=BASE + path)
        time.sleep(float(wait))  # the first visit builds the asset bundles
        if click:  # e.g. open a group of the list
            call("Runtime.evaluate", expression=f"document.querySelector({json.dumps(click)}).click()")
            time.sleep(3)
        shot = call("Page.captureScreenshot", format="png")
        with open(out, "wb") as png:
            png.write(base64.b64decode(shot["data"]))
    finally:
        chrome.terminate()


if __name__ == "__main__":
    main(*sys.argv[1:])
