#!/usr/bin/env python3
"""Extract the AWS service models Garrison implements from the newest botocore on this
machine into codegen/models/, keeping names, shapes, constraints and protocol bindings and
dropping every documentation string.

Usage: python3 codegen/scripts/extract-models.py [--botocore-dir DIR]
"""
import argparse
import gzip
import json
import pathlib
import sys

SERVICES = ["kms", "wafv2", "elbv2", "guardduty", "inspector2", "iam", "sts", "events", "cloudtrail"]
DROPPED_KEYS = {"documentation", "documentationUrl", "deprecatedMessage", "examples"}
# Secrets the models leave unmarked: Garrison treats them as sensitive (kept out of toString,
# logs and audit records). STS session tokens are useless without their secret key, but the
# token is still a credential.
ALSO_SENSITIVE = {"sts": ["tokenType"]}


def newest_botocore_data():
    try:
        import botocore
    except ImportError:
        sys.exit("botocore is not installed: pip install botocore (Debian's python3-botocore is too old)")
    return pathlib.Path(botocore.__file__).parent / "data", botocore.__version__


def strip(node):
    if isinstance(node, dict):
        return {k: strip(v) for k, v in node.items() if k not in DROPPED_KEYS}
    if isinstance(node, list):
        return [strip(v) for v in node]
    return node


def load(path):
    if path.suffix == ".gz":
        with gzip.open(path, "rt", encoding="utf-8") as f:
            return json.load(f)
    return json.loads(path.read_text(encoding="utf-8"))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--botocore-dir", type=pathlib.Path)
    parser.add_argument("--out", type=pathlib.Path,
                        default=pathlib.Path(__file__).resolve().parent.parent / "models")
    args = parser.parse_args()
    data, version = (args.botocore_dir, "given") if args.botocore_dir else newest_botocore_data()
    args.out.mkdir(parents=True, exist_ok=True)
    for service in SERVICES:
        newest = sorted(p for p in (data / service).iterdir() if p.is_dir())[-1]
        candidates = [newest / "service-2.json", newest / "service-2.json.gz"]
        source = next(p for p in candidates if p.exists())
        model = strip(load(source))
        for shape in ALSO_SENSITIVE.get(service, []):
            model["shapes"][shape]["sensitive"] = True
        model["metadata"]["garrisonSource"] = f"botocore {version} {service}/{newest.name}"
        target = args.out / f"{service}.json"
        target.write_text(json.dumps(model, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        print(f"{service}: {len(model['operations'])} operations, {len(model['shapes'])} shapes -> {target}")


if __name__ == "__main__":
    main()
