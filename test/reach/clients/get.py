"""An unmodified DingTalk client (Python's standard library, DingTalk's real URLs).

It reaches the sandbox by environment alone: HTTPS_PROXY (the sandbox's proxy) and SSL_CERT_FILE
(the sandbox CA). Run: python3 get.py <appKey> <appSecret> — prints gettoken's and accessToken's answers.
"""
import json
import sys
import urllib.parse
import urllib.request

app_key, app_secret = sys.argv[1], sys.argv[2]
query = urllib.parse.urlencode({"appkey": app_key, "appsecret": app_secret})
with urllib.request.urlopen(f"https://oapi.dingtalk.com/gettoken?{query}", timeout=20) as r:
    print(r.read().decode())
body = json.dumps({"appKey": app_key, "appSecret": app_secret}).encode()
request = urllib.request.Request(
    "https://api.dingtalk.com/v1.0/oauth2/accessToken",
    data=body,
    headers={"Content-Type": "application/json"},
)
with urllib.request.urlopen(request, timeout=20) as r:
    print(r.read().decode())
