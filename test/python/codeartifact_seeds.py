"""The CodeArtifact seed operations through boto3: publish, ListPackageVersions (with botocore's own
paginator over Quiver's tokens) and UpdatePackageVersionsStatus. Prints one JSON object for the Node test."""
import hashlib
import json
import sys

import boto3
from botocore.exceptions import ClientError

endpoint, key, secret = sys.argv[1:4]
client = boto3.client("codeartifact", endpoint_url=endpoint, region_name="us-east-1",
                      aws_access_key_id=key, aws_secret_access_key=secret)
client.create_domain(domain="py")
client.create_repository(domain="py", repository="repo")
coords = dict(domain="py", repository="repo", format="generic", namespace="ns", package="tool")
for i in range(12):
    body = f"tool {i}".encode()
    client.publish_package_version(**coords, packageVersion=f"1.{i}.0", assetName="tool.bin",
                                   assetContent=body, assetSHA256=hashlib.sha256(body).hexdigest())

pages = client.get_paginator("list_package_versions").paginate(**coords, PaginationConfig={"PageSize": 5})
listed = [v["version"] for page in pages for v in page["versions"]]

updated = client.update_package_versions_status(**coords, versions=["1.0.0", "1.1.0"],
                                                 expectedStatus="Published", targetStatus="Unlisted")
conflict = client.update_package_versions_status(**coords, versions=["1.0.0", "1.2.0"],
                                                  expectedStatus="Published", targetStatus="Archived")
unlisted = client.list_package_versions(**coords, status="Unlisted")["versions"]
try:
    client.list_package_versions(**{**coords, "package": "missing"})
    missing = None
except ClientError as error:
    missing = [error.response["Error"]["Code"], error.response["ResponseMetadata"]["HTTPStatusCode"]]
try:
    client.update_package_versions_status(**coords, versions=["1.0.0"], targetStatus="Disposed")
    invalid = None
except ClientError as error:
    invalid = [error.response["Error"]["Code"], error.response["ResponseMetadata"]["HTTPStatusCode"]]

print(json.dumps({
    "listed": listed,
    "updated": {k: v["status"] for k, v in updated["successfulVersions"].items()},
    "conflict": {k: v["errorCode"] for k, v in conflict["failedVersions"].items()},
    "unlisted": [v["version"] for v in unlisted],
    "missing": missing,
    "invalid": invalid,
}))
