"""Drives `ssolint emulate` with unmodified botocore, through the endpoint overrides
(AWS_ENDPOINT_URL_SSO_OIDC, AWS_ENDPOINT_URL_SSO, AWS_ENDPOINT_URL_STS), and prints one JSON
line per check: {"check": NAME, "ok": true} or {"check": NAME, "ok": false, "detail": ...}.
Never prints a token or a key.

Usage: botocore_emulator_client.py START_URL REGION
"""
import base64
import hashlib
import json
import os
import re
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

try:
    import botocore
    import botocore.session
    from botocore.exceptions import ClientError
except ImportError:
    sys.stderr.write("botocore is not installed: run `python3 -m pip install -r tests/requirements.txt`\n")
    sys.exit(3)

START_URL, REGION = sys.argv[1], sys.argv[2]
BASE = os.environ["AWS_ENDPOINT_URL_SSO_OIDC"]
DEVICE = "urn:ietf:params:oauth:grant-type:device_code"
results = []


def check(name, ok, detail=""):
    results.append({"check": name, "ok": bool(ok), "detail": detail if not ok else ""})


def error_code(call):
    try:
        call()
    except ClientError as e:
        return e.response["Error"]["Code"]
    return None


def expect_error(name, code, call):
    got = error_code(call)
    check(name, got == code, f"expected {code}, got {got}")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def post_form(path, fields):
    data = urllib.parse.urlencode(fields).encode()
    opener = urllib.request.build_opener(NoRedirect)
    try:
        return opener.open(BASE + path, data=data)
    except urllib.error.HTTPError as e:
        return e


session = botocore.session.Session()
oidc = session.create_client("sso-oidc", region_name=REGION)
portal = session.create_client("sso", region_name=REGION)

# Device-code flow.
reg = oidc.register_client(
    clientName="botocore-test", clientType="public",
    scopes=["sso:account:access"], grantTypes=[DEVICE, "refresh_token"],
)
check("register_client", reg.get("clientId") and reg.get("clientSecret")
      and reg["clientSecretExpiresAt"] > time.time() + 80 * 86400)
cid, secret = reg["clientId"], reg["clientSecret"]
expect_error("wrong client secret", "InvalidClientException",
             lambda: oidc.start_device_authorization(clientId=cid, clientSecret="wrong", startUrl=START_URL))
expect_error("wrong start URL", "InvalidRequestException",
             lambda: oidc.start_device_authorization(clientId=cid, clientSecret=secret,
                                                     startUrl="https://nobody.awsapps.com/start"))
dev = oidc.start_device_authorization(clientId=cid, clientSecret=secret, startUrl=START_URL)
check("start_device_authorization", dev["userCode"] in dev["verificationUriComplete"] and dev["interval"] >= 1)
poll = lambda: oidc.create_token(clientId=cid, clientSecret=secret, grantType=DEVICE, deviceCode=dev["deviceCode"])
expect_error("pending before approval", "AuthorizationPendingException", poll)
expect_error("polling too fast", "SlowDownException", poll)
page = urllib.request.urlopen(dev["verificationUriComplete"]).read().decode()
check("verification page", dev["userCode"] in page)
approval = post_form("/device", {"user_code": dev["userCode"]})
check("approve device", approval.status == 200, approval.status)
time.sleep(dev["interval"] + 0.2)
tokens = poll()
check("device token", tokens["tokenType"] == "Bearer" and tokens["expiresIn"] == 3600 and "refreshToken" in tokens)
expect_error("device code is single-use", "InvalidGrantException", poll)

# Refresh, with rotation.
refreshed = oidc.create_token(clientId=cid, clientSecret=secret, grantType="refresh_token",
                              refreshToken=tokens["refreshToken"])
check("refresh", refreshed["accessToken"] != tokens["accessToken"]
      and refreshed["refreshToken"] != tokens["refreshToken"])
expect_error("old refresh token is spent", "InvalidGrantException",
             lambda: oidc.create_token(clientId=cid, clientSecret=secret, grantType="refresh_token",
                                       refreshToken=tokens["refreshToken"]))
access = refreshed["accessToken"]

# Scope-less registration: one long token, no refresh token.
legacy = oidc.register_client(clientName="legacy-cli", clientType="public")
ldev = oidc.start_device_authorization(clientId=legacy["clientId"], clientSecret=legacy["clientSecret"],
                                       startUrl=START_URL)
post_form("/device", {"user_code": ldev["userCode"]})
ltok = oidc.create_token(clientId=legacy["clientId"], clientSecret=legacy["clientSecret"],
                         grantType=DEVICE, deviceCode=ldev["deviceCode"])
check("scope-less tokens are not refreshable", "refreshToken" not in ltok and ltok["expiresIn"] > 3600)

# Portal: accounts (paginated), roles, credentials.
paginator = portal.get_paginator("list_accounts")
accounts = []
pages = 0
for page in paginator.paginate(accessToken=access, PaginationConfig={"PageSize": 1}):
    pages += 1
    accounts += page["accountList"]
check("list_accounts paginated", pages == len(accounts) and len(accounts) >= 2,
      f"{pages} pages, {len(accounts)} accounts")
first = accounts[0]["accountId"]
roles = portal.list_account_roles(accessToken=access, accountId=first)["roleList"]
check("list_account_roles", len(roles) >= 1 and all(r["accountId"] == first for r in roles))
role = roles[0]["roleName"]
creds = portal.get_role_credentials(accessToken=access, accountId=first, roleName=role)["roleCredentials"]
check("get_role_credentials", creds["accessKeyId"].startswith("ASIA")
      and creds["expiration"] > time.time() * 1000)
expect_error("unassigned role", "ForbiddenException",
             lambda: portal.get_role_credentials(accessToken=access, accountId=first, roleName=role.lower()))
expect_error("bad bearer token", "UnauthorizedException",
             lambda: portal.list_accounts(accessToken="not-a-token"))

# STS with the role credentials: SigV4 verified.
sts = session.create_client("sts", region_name=REGION, aws_access_key_id=creds["accessKeyId"],
                            aws_secret_access_key=creds["secretAccessKey"], aws_session_token=creds["sessionToken"])
me = sts.get_caller_identity()
check("get_caller_identity", me["Account"] == first
      and re.fullmatch(rf"arn:aws:sts::{first}:assumed-role/AWSReservedSSO_{role}_[0-9a-f]{{16}}/dev", me["Arn"])
      and me["UserId"].endswith(":dev"), me.get("Arn"))
wrong_secret = session.create_client("sts", region_name=REGION, aws_access_key_id=creds["accessKeyId"],
                                     aws_secret_access_key="x" * 40, aws_session_token=creds["sessionToken"])
expect_error("bad signature", "SignatureDoesNotMatch", wrong_secret.get_caller_identity)
unknown = session.create_client("sts", region_name=REGION, aws_access_key_id="ASIAUNKNOWNUNKNOWN00",
                                aws_secret_access_key="x" * 40, aws_session_token="t")
expect_error("unknown key", "InvalidClientTokenId", unknown.get_caller_identity)

# PKCE (authorization code) flow, with the approval page.
redirect = "http://127.0.0.1:9/oauth/callback"
pkce = oidc.register_client(clientName="pkce-test", clientType="public", scopes=["sso:account:access"],
                            grantTypes=["authorization_code", "refresh_token"], redirectUris=[redirect],
                            issuerUrl=START_URL)
verifier = base64.urlsafe_b64encode(os.urandom(48)).rstrip(b"=").decode()
challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
query = urllib.parse.urlencode({
    "response_type": "code", "client_id": pkce["clientId"], "redirect_uri": redirect, "state": "xyz",
    "code_challenge": challenge, "code_challenge_method": "S256", "scopes": "sso:account:access",
})
html = urllib.request.urlopen(f"{BASE}/authorize?{query}").read().decode()
request_id = re.search(r'name=request value="([^"]+)"', html).group(1)
answer = post_form("/authorize", {"request": request_id, "decision": "allow"})
location = urllib.parse.urlparse(answer.headers["Location"])
params = urllib.parse.parse_qs(location.query)
check("authorize redirects to the loopback", answer.status in (302, 303)
      and location.path == "/oauth/callback" and params["state"] == ["xyz"])
code = params["code"][0]
expect_error("wrong code verifier", "InvalidGrantException",
             lambda: oidc.create_token(clientId=pkce["clientId"], clientSecret=pkce["clientSecret"],
                                       grantType="authorization_code", code=code, redirectUri=redirect,
                                       codeVerifier="wrong"))
html = urllib.request.urlopen(f"{BASE}/authorize?{query}").read().decode()
request_id = re.search(r'name=request value="([^"]+)"', html).group(1)
answer = post_form("/authorize", {"request": request_id, "decision": "allow"})
code = urllib.parse.parse_qs(urllib.parse.urlparse(answer.headers["Location"]).query)["code"][0]
redeem = lambda: oidc.create_token(clientId=pkce["clientId"], clientSecret=pkce["clientSecret"],
                                   grantType="authorization_code", code=code, redirectUri=redirect,
                                   codeVerifier=verifier)
pk = redeem()
check("PKCE token", "refreshToken" in pk and pk["expiresIn"] == 3600)
expect_error("authorization code is single-use", "InvalidGrantException", redeem)
expect_error("grant the client did not register", "UnauthorizedClientException",
             lambda: oidc.create_token(clientId=pkce["clientId"], clientSecret=pkce["clientSecret"],
                                       grantType=DEVICE, deviceCode="x"))

# Logout ends the portal session.
portal.logout(accessToken=pk["accessToken"])
expect_error("token after logout", "UnauthorizedException",
             lambda: portal.list_accounts(accessToken=pk["accessToken"]))
expect_error("refresh after logout", "InvalidGrantException",
             lambda: oidc.create_token(clientId=pkce["clientId"], clientSecret=pkce["clientSecret"],
                                       grantType="refresh_token", refreshToken=pk["refreshToken"]))

for r in results:
    print(json.dumps(r))
print(json.dumps({"botocore": botocore.__version__}))
