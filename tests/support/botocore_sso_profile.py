"""botocore, untouched, using what `ssolint login` cached: role credentials for a profile and
a SigV4-signed STS call; `refresh` makes botocore's token provider refresh the session's
token (it rewrites the cache file). One JSON line out; never a token or a key.

Usage: botocore_sso_profile.py PROFILE [refresh]
"""
import json
import sys

try:
    import botocore.session
    from botocore.tokens import SSOTokenProvider
except ImportError:
    sys.stderr.write("botocore is not installed: run `python3 -m pip install -r tests/requirements.txt`\n")
    sys.exit(3)

profile = sys.argv[1]
session = botocore.session.Session(profile=profile)
result = {}
try:
    if len(sys.argv) > 2 and sys.argv[2] == "refresh":
        token = SSOTokenProvider(session).load_token()
        token.get_frozen_token()
        result["refreshed"] = True
    credentials = session.get_credentials().get_frozen_credentials()
    sts = session.create_client("sts", region_name="us-east-1")
    me = sts.get_caller_identity()
    result.update({"arn": me["Arn"], "key_prefix": credentials.access_key[:4]})
except Exception as e:  # noqa: BLE001 - the answer is the exception's class
    result["error"] = type(e).__name__
print(json.dumps(result))
