#!/usr/bin/env bash
# Rehearses a release without publishing anything: in a scratch copy of the tree (what git tracks
# or would track; nothing ignored, nothing built), sets
# a release version, runs the release profile (signed with a throwaway GPG key when gpg is here)
# and checks the bundle central-publishing-maven-plugin wrote for Maven Central: each published
# module with its POM, jar, sources and javadoc, signatures and checksums, and nothing else. Then
# builds the libraries twice more and checks the jars are byte-identical (reproducible builds).
#   tools/rehearse-release.sh [VERSION]      default: the current version without -SNAPSHOT
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

current=$(sed -n 's#^  <version>\(.*\)</version>#\1#p' "$root/ws-dependencies/pom.xml" | head -1)
version=${1:-${current%-SNAPSHOT}}
published=(ws-dependencies wsboot-parent ws-engine ws-spring-boot-autoconfigure ws-spring-boot-starter)
jars=(ws-engine ws-spring-boot-autoconfigure ws-spring-boot-starter)

echo "rehearse-release: $current -> $version in $work/tree"
mkdir "$work/tree"
(cd "$root" && git ls-files -z -co --exclude-standard | tar cf - --null -T -) | tar xf - -C "$work/tree"
cd "$work/tree"
find . -name pom.xml -not -path '*/node_modules/*' -exec sed -i "s#<version>$current</version>#<version>$version</version>#" {} +

sign=(-Dgpg.skip)
if command -v gpg >/dev/null; then
  export GNUPGHOME=$work/gnupg
  mkdir -m 700 "$GNUPGHOME"
  gpg -q --batch --passphrase '' --quick-gen-key 'wsboot release rehearsal <rehearsal@wsboot.invalid>' default default 1d 2>/dev/null
  sign=()
fi

mvn() { ./mvnw -B -q "$@"; }
mvn -Prelease deploy -DskipTests -DskipUpload "${sign[@]}"

bundle=$(find . -name central-bundle.zip -path '*central-publishing*' | head -1)
[ -n "$bundle" ] || { echo "rehearse-release: no bundle was written" >&2; exit 1; }
unzip -Z1 "$bundle" | sort > "$work/entries"

fail=0
need() { grep -qxF "$1" "$work/entries" || { echo "rehearse-release: missing in the bundle: $1" >&2; fail=1; }; }
for a in "${published[@]}"; do
  base=io/wsboot/$a/$version/$a-$version
  files=("$base.pom")
  case " ${jars[*]} " in *" $a "*) files+=("$base.jar" "$base-sources.jar" "$base-javadoc.jar") ;; esac
  for f in "${files[@]}"; do
    need "$f"; need "$f.md5"; need "$f.sha1"
    [ ${#sign[@]} -eq 0 ] && need "$f.asc"
  done
  pom=$(unzip -p "$bundle" "$base.pom")
  for tag in name description; do
    grep -q "<$tag>" <<<"$pom" || { echo "rehearse-release: $a's POM has no <$tag>" >&2; fail=1; }
  done
done
# metadata Central requires, declared once in the BOM and inherited by every other POM
bom=$(unzip -p "$bundle" "io/wsboot/ws-dependencies/$version/ws-dependencies-$version.pom")
for tag in url licenses developers scm issueManagement; do
  grep -qE "<$tag[ >]" <<<"$bom" || { echo "rehearse-release: ws-dependencies' POM has no <$tag>" >&2; fail=1; }
done
others=$(grep -vE "^io/wsboot/($(IFS='|'; echo "${published[*]}"))/" "$work/entries" | grep -v '/$' || true)
[ -z "$others" ] || { echo "rehearse-release: not to be published, but in the bundle:" >&2; echo "$others" >&2; fail=1; }

# reproducible: the same sources give the same bytes
sums() { for j in "${jars[@]}"; do sha256sum "$j"/target/"$j-$version"*.jar; done; }
mvn clean package -DskipTests -pl "$(IFS=,; echo "${jars[*]}")" -am
sums > "$work/first"
mvn clean package -DskipTests -pl "$(IFS=,; echo "${jars[*]}")" -am
sums > "$work/second"
if ! diff "$work/first" "$work/second"; then echo "rehearse-release: two builds of the same sources differ" >&2; fail=1; fi

[ $fail -eq 0 ] || exit 1
echo "rehearse-release: OK: $(grep -c . "$work/entries") files in the bundle for ${published[*]}$([ ${#sign[@]} -eq 0 ] && echo ', signed'); jars reproducible:"
sed "s#  #  #" "$work/first"
