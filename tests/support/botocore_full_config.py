"""Reads each (config, credentials) pair the way the AWS CLI's session does and prints
one JSON line per pair: {"ok": <Session.full_config>} or {"error": "<exception class>"}.

Input: a manifest file whose lines are `<config path>\t<credentials path>`.
"""
import json
import sys

try:
    import botocore
    import botocore.session
except ImportError:
    sys.stderr.write("botocore is not installed: run `python3 -m pip install -r tests/requirements.txt`\n")
    sys.exit(3)


def full_config(config, credentials):
    session = botocore.session.Session()
    session.set_config_variable("config_file", config)
    session.set_config_variable("credentials_file", credentials)
    return session.full_config


def main():
    out = sys.stdout
    with open(sys.argv[1], encoding="utf-8") as manifest:
        for line in manifest:
            config, credentials = line.rstrip("\n").split("\t")
            try:
                result = {"ok": full_config(config, credentials)}
            except Exception as e:  # noqa: BLE001 - any refusal is the answer
                result = {"error": type(e).__name__}
            out.write(json.dumps(result) + "\n")
    out.write(json.dumps({"botocore": botocore.__version__}) + "\n")


main()
