#!/usr/bin/env bash
# Checks what `make release-snapshot` (or a release) left in dist/ as the
# Terraform Registry would read it, offline:
#   - the manifest sits next to the zips (a release uploads it from the
#     repository; here it is copied in) and SHA256SUMS matches every file it
#     names, the manifest included; with GPG_FINGERPRINT set, the signature
#     verifies;
#   - every zip is terraform-provider-dts_<version>_<os>_<arch>.zip and holds
#     terraform-provider-dts_v<version>[.exe];
#   - the host platform's binary has the version stamped in (main.version), and
#     `terraform init` installs that zip from a filesystem mirror, after which
#     `terraform version` shows the provider at that version.
set -euo pipefail

dist=${1:-dist}
name=terraform-provider-dts
address=registry.terraform.io/dts-terraform/dts

fail() { echo "verify-release: $*" >&2; exit 1; }

for tool in sha256sum unzip terraform go; do
	command -v "$tool" >/dev/null || fail "$tool is needed on PATH"
done

shopt -s nullglob
sums=("$dist"/${name}_*_SHA256SUMS)
[ ${#sums[@]} -eq 1 ] || fail "want one ${name}_<version>_SHA256SUMS in $dist, found ${#sums[@]}"
sums=$(basename "${sums[0]}")
version=${sums#"${name}_"}
version=${version%_SHA256SUMS}

cp terraform-registry-manifest.json "$dist/${name}_${version}_manifest.json"
(cd "$dist" && sha256sum --strict --quiet -c "$sums") || fail "$sums does not match the files in $dist"
grep -q "  ${name}_${version}_manifest.json\$" "$dist/$sums" || fail "$sums does not name the manifest"
if [ -n "${GPG_FINGERPRINT:-}" ]; then
	gpg --batch --verify "$dist/$sums.sig" "$dist/$sums" || fail "the signature of $sums does not verify"
fi

zips=("$dist"/${name}_"${version}"_*.zip)
[ ${#zips[@]} -gt 0 ] || fail "no zip for version $version in $dist"
for zip in "${zips[@]}"; do
	platform=${zip##*/"${name}_${version}_"}
	platform=${platform%.zip}
	[[ $platform =~ ^[a-z0-9]+_[a-z0-9]+$ ]] || fail "$zip: not named ${name}_${version}_<os>_<arch>.zip"
	binary=${name}_v${version}
	[[ $platform == windows_* ]] && binary+=.exe
	unzip -Z1 "$zip" | grep -qx "$binary" || fail "$zip does not hold $binary"
	grep -q "  ${zip##*/}\$" "$dist/$sums" || fail "$sums does not name ${zip##*/}"
done
lines=$(wc -l <"$dist/$sums")
[ "$lines" -eq $((${#zips[@]} + 1)) ] || fail "$sums names $lines files, want the ${#zips[@]} zips and the manifest only"

host=$(go env GOOS)_$(go env GOARCH)
host_zip=$dist/${name}_${version}_${host}.zip
[ -f "$host_zip" ] || fail "no zip for this machine's platform ($host)"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mirror=$work/mirror/$address/$version/$host
mkdir -p "$mirror" "$work/config"
unzip -q "$host_zip" -d "$mirror"
# The binary is stripped and built with -trimpath (no symbols, no -ldflags in its build
# information): the version's text in it can only come from -X main.version.
grep -aqF -- "$version" "$mirror/${name}_v${version}" ||
	fail "the $host binary does not hold its version $version (-X main.version)"

cat >"$work/terraform.rc" <<EOF
provider_installation {
  filesystem_mirror {
    path    = "$work/mirror"
    include = ["$address"]
  }
}
EOF
cat >"$work/config/main.tf" <<EOF
terraform {
  required_providers {
    dts = {
      source  = "dts-terraform/dts"
      version = "$version"
    }
  }
}
EOF
export TF_CLI_CONFIG_FILE=$work/terraform.rc CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1
terraform -chdir="$work/config" init -input=false -no-color >"$work/init.log" 2>&1 ||
	{ cat "$work/init.log" >&2; fail "terraform init from a filesystem mirror of $host_zip failed"; }
shown=$(terraform -chdir="$work/config" version -no-color)
grep -qx "+ provider $address v$version" <<<"$shown" ||
	{ echo "$shown" >&2; fail "terraform version does not show $address v$version"; }

echo "verify-release: $version: ${#zips[@]} zips, manifest and $sums consistent$([ -n "${GPG_FINGERPRINT:-}" ] && echo ", signature valid");" \
	"terraform installs the $host zip from a mirror and shows v$version"
