#!/usr/bin/env python3
"""Sends one HMAC-signed request to Brikk with Python's standard library.

    BRIKK_URL=http://localhost:3000 BRIKK_KEY_ID=key_... BRIKK_SIGNING_SECRET=brk_sig_... \\
      python3 examples/hmac/sign_request.py [METHOD] [PATH?QUERY] [BODY]
"""
import hashlib
import hmac
import os
import sys
import time
import urllib.error
import urllib.request

base_url = os.environ.get("BRIKK_URL", "http://localhost:3000")
key_id = os.environ["BRIKK_KEY_ID"]
signing_secret = os.environ["BRIKK_SIGNING_SECRET"]
method = sys.argv[1] if len(sys.argv) > 1 else "POST"
path_and_query = sys.argv[2] if len(sys.argv) > 2 else "/api/v1/coordination/echo"
default_body = "" if method == "GET" else '{"message":"hello, signed"}'
body = (sys.argv[3] if len(sys.argv) > 3 else default_body).encode("utf-8")

timestamp = str(int(time.time()))
canonical = "\n".join([timestamp, method.upper(), path_and_query, hashlib.sha256(body).hexdigest()])
signature = "v1=" + hmac.new(signing_secret.encode(), canonical.encode(), hashlib.sha256).hexdigest()

headers = {"X-Brikk-Key-Id": key_id, "X-Brikk-Timestamp": timestamp, "X-Brikk-Signature": signature}
if body:
    headers["Content-Type"] = "application/json"
request = urllib.request.Request(base_url + path_and_query, data=body or None, method=method, headers=headers)
try:
    with urllib.request.urlopen(request) as response:
        print(f"HTTP {response.status}")
        print(response.read().decode())
except urllib.error.HTTPError as error:
    print(f"HTTP {error.code}")
    print(error.read().decode())
    sys.exit(1)
