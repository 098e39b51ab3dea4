"""For each config file, what botocore makes of every profile's SSO settings: one JSON line
per file, {"profiles": {NAME: {"sso": <SSOProvider._load_sso_config()> | null |
{"error": CLASS}, "config": <the profile's full_config entry>}}, "sso_sessions": {...}},
or {"error": CLASS} when the file does not load.

Input: a manifest file with one config path per line.
"""
import json
import sys

try:
    import botocore
    import botocore.session
    from botocore.credentials import SSOProvider
except ImportError:
    sys.stderr.write("botocore is not installed: run `python3 -m pip install -r tests/requirements.txt`\n")
    sys.exit(3)


def describe(path):
    session = botocore.session.Session()
    session.set_config_variable("config_file", path)
    session.set_config_variable("credentials_file", "/nonexistent")
    full = session.full_config
    profiles = {}
    for name, config in full.get("profiles", {}).items():
        provider = SSOProvider(
            load_config=lambda: full,
            client_creator=None,
            profile_name=name,
            cache={},
            token_cache={},
        )
        try:
            sso = provider._load_sso_config()
        except Exception as e:  # noqa: BLE001 - a refusal is the answer
            sso = {"error": type(e).__name__}
        profiles[name] = {"sso": sso, "config": config}
    return {"profiles": profiles, "sso_sessions": full.get("sso_sessions", {})}


def main():
    with open(sys.argv[1], encoding="utf-8") as manifest:
        for line in manifest:
            path = line.rstrip("\n")
            try:
                result = describe(path)
            except Exception as e:  # noqa: BLE001
                result = {"error": type(e).__name__}
            sys.stdout.write(json.dumps(result) + "\n")
    sys.stdout.write(json.dumps({"botocore": botocore.__version__}) + "\n")


main()
