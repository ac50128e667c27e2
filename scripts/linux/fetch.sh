#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Fetch Debian's arm64 kernel, busybox and perf BY PACKAGE NAME through the
# machine's apt (the only network this uses), into a cache under the build
# directory. Nothing fetched is ever committed. Idempotent: .debs already in
# the cache are not downloaded again, and a finished run leaves a stamp.
#
#   scripts/linux/fetch.sh OUT
#
# Produces:
#   OUT/debs/*.deb               the downloaded packages (the cache)
#   OUT/x/<package>/             each package extracted (dpkg-deb -x)
#   OUT/Image                    the raw arm64 kernel Image (/boot/vmlinuz-*)
#   OUT/kver                     the kernel release (e.g. 6.1.0-56-arm64)
#   OUT/modules/*.ko             arm_spe_pmu.ko and the modules it depends on,
#                                decompressed; OUT/modules/load-order lists them
#   OUT/perf-root/               /usr/bin/perf, the dynamic loader and every
#                                shared library reachable through DT_NEEDED
#   OUT/busybox                  busybox-static's binary
#   OUT/packages.txt             package=version of everything used
set -eu

out=${1:?usage: fetch.sh OUT}
mkdir -p "$out/debs" "$out/x"
out=$(cd "$out" && pwd)
stamp="$out/fetch.stamp"
me=$(cat "$0" | cksum | cut -d' ' -f1)
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$me" ] && [ -f "$out/Image" ]; then
	echo "fetch: cached in $out"
	exit 0
fi

READELF=${READELF:-aarch64-linux-gnu-readelf}
command -v "$READELF" >/dev/null || READELF=readelf
command -v "$READELF" >/dev/null || { echo "fetch: need aarch64-linux-gnu-readelf (binutils-aarch64-linux-gnu)" >&2; exit 1; }
command -v apt-get >/dev/null || { echo "fetch: need apt-get (a Debian-like host)" >&2; exit 1; }

log() { echo "fetch: $*"; }

# arm64 must be a known architecture with package lists.
ensure_arch() {
	if apt-cache policy busybox-static:arm64 2>/dev/null | grep -q 'Candidate: [0-9]'; then
		return 0
	fi
	if [ "$(id -u)" != 0 ]; then
		echo "fetch: arm64 packages are not known to apt; as root run:" >&2
		echo "  dpkg --add-architecture arm64 && apt-get update" >&2
		exit 1
	fi
	log "adding the arm64 architecture to apt"
	dpkg --add-architecture arm64
	apt-get update -q >/dev/null
}

# get PKG: download PKG:arm64 (unless cached) and extract it to x/PKG.
get() {
	pkg=$1
	ver=$(apt-cache policy "$pkg:arm64" | sed -n 's/^ *Candidate: //p')
	case "$ver" in ''|'(none)') echo "fetch: no arm64 package '$pkg'" >&2; exit 1;; esac
	fver=$(echo "$ver" | sed 's/:/%3a/')
	deb=$(ls "$out/debs/${pkg}_${fver}_"*.deb 2>/dev/null | head -n1 || true)
	if [ -z "$deb" ]; then
		log "downloading $pkg $ver"
		(cd "$out/debs" && apt-get download -q "$pkg:arm64=$ver" >/dev/null 2>&1) ||
			(cd "$out/debs" && apt-get download "$pkg:arm64=$ver")
		deb=$(ls "$out/debs/${pkg}_${fver}_"*.deb | head -n1)
	fi
	# Re-extract when apt's candidate moved on (x/PKG.version says which).
	if [ ! -d "$out/x/$pkg" ] || [ "$(cat "$out/x/$pkg.version" 2>/dev/null)" != "$ver" ]; then
		rm -rf "$out/x/$pkg" "$out/x/$pkg.tmp"
		dpkg-deb -x "$deb" "$out/x/$pkg.tmp"
		mv "$out/x/$pkg.tmp" "$out/x/$pkg"
		echo "$ver" >"$out/x/$pkg.version"
	fi
}

# Depends of PKG:arm64 that are library packages (lib*, zlib*), cached.
lib_deps() {
	c="$out/deps/$1"
	if [ ! -f "$c" ]; then
		mkdir -p "$out/deps"
		apt-cache depends "$1:arm64" 2>/dev/null |
			sed -n 's/^ *Depends: \(\(lib\|zlib\)[^ <>]*\)$/\1/p' |
			sed 's/:arm64$//' | sort -u >"$c.tmp"
		mv "$c.tmp" "$c"
	fi
	cat "$c"
}

ensure_arch
# Packages extracted by an earlier run are brought up to apt's candidate
# first: the library search below looks in all of them.
for d in "$out"/x/*/; do
	[ -d "$d" ] && get "$(basename "$d")"
done

# --- kernel -----------------------------------------------------------------
kpkg=$(apt-cache depends linux-image-arm64:arm64 | sed -n 's/^ *Depends: \(linux-image-[0-9][^ :]*\).*/\1/p' | head -n1)
[ -n "$kpkg" ] || { echo "fetch: cannot resolve linux-image-arm64" >&2; exit 1; }
get "$kpkg"
kx="$out/x/$kpkg"
vmlinuz=$(ls "$kx"/boot/vmlinuz-* | head -n1)
kver=${vmlinuz##*/vmlinuz-}
cp "$vmlinuz" "$out/Image"
echo "$kver" >"$out/kver"
mdir="$kx/lib/modules/$kver"

# arm_spe_pmu and the modules it needs. The package ships no modules.dep
# (depmod writes it at install time), so follow each module's own
# ".modinfo" "depends=" list; dependencies are loaded first.
rm -rf "$out/modules"; mkdir -p "$out/modules"
: >"$out/modules/load-order"
mod_path() {	# module name -> file in the package (names match with - or _)
	u=$(echo "$1" | tr '-' '_'); d=$(echo "$1" | tr '_' '-')
	find "$mdir/kernel" \( -name "$u.ko" -o -name "$u.ko.*" -o -name "$d.ko" -o -name "$d.ko.*" \) |
		head -n 1
}
mod_take() {	# name: take its dependencies, then itself, once each
	src=$(mod_path "$1")
	[ -n "$src" ] || { echo "fetch: module $1 not in $kpkg" >&2; exit 1; }
	ko=$(basename "$src"); ko=${ko%.xz}; ko=${ko%.zst}
	grep -qx "$ko" "$out/modules/load-order" && return 0
	case "$src" in
	*.ko.xz) xz -dc "$src" >"$out/modules/$ko";;
	*.ko.zst) zstd -qdc "$src" >"$out/modules/$ko";;
	*) cp "$src" "$out/modules/$ko";;
	esac
	# sh has no local variables: recurse in a subshell so $ko survives.
	for d in $("$READELF" -p .modinfo "$out/modules/$ko" | sed -n 's/.*depends=//p' | tr ',' ' '); do
		(mod_take "$d") || exit 1
	done
	echo "$ko" >>"$out/modules/load-order"
}
mod_take arm_spe_pmu
log "kernel $kver, modules: $(tr '\n' ' ' <"$out/modules/load-order")"

# --- busybox ------------------------------------------------------------------
get busybox-static
cp "$out/x/busybox-static/bin/busybox" "$out/busybox"

# --- perf and its shared libraries --------------------------------------------
get linux-perf
perf=$(ls "$out"/x/linux-perf/usr/bin/perf_* 2>/dev/null | head -n1 || true)
[ -n "$perf" ] && [ -f "$perf" ] || perf="$out/x/linux-perf/usr/bin/perf"
# Debian's /usr/bin/perf may be a shell wrapper: take the ELF.
if ! "$READELF" -h "$perf" >/dev/null 2>&1; then
	perf=$(for f in "$out"/x/linux-perf/usr/bin/perf*; do
		"$READELF" -h "$f" >/dev/null 2>&1 && echo "$f"; done | head -n1)
fi
[ -n "$perf" ] || { echo "fetch: no perf ELF in linux-perf" >&2; exit 1; }

# Closure: every NEEDED soname of every ELF taken must be found in an
# extracted package. A soname not found pulls in the library Depends of the
# packages that own the ELFs needing it; repeat until nothing is missing.
pr="$out/perf-root"
lib="$pr/lib/aarch64-linux-gnu"
rm -rf "$pr"; mkdir -p "$pr/usr/bin" "$lib"
cp "$perf" "$pr/usr/bin/perf"
echo "perf linux-perf" >"$out/owners"
taken=" linux-perf "

find_lib() {	# soname -> path in some extracted package
	for d in "$out"/x/*/; do
		for sub in lib/aarch64-linux-gnu usr/lib/aarch64-linux-gnu lib usr/lib; do
			if [ -e "$d$sub/$1" ]; then echo "$d$sub/$1"; return 0; fi
		done
	done
	return 1
}

round=0
while :; do
	round=$((round + 1))
	[ $round -le 30 ] || { echo "fetch: library closure does not converge" >&2; exit 1; }
	missing=""; copied=0
	for f in "$pr/usr/bin/perf" "$lib"/*; do
		for so in $("$READELF" -d "$f" 2>/dev/null | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'); do
			[ -e "$lib/$so" ] && continue
			if src=$(find_lib "$so"); then
				cp -L "$src" "$lib/$so"
				p=${src#"$out"/x/}; echo "$so ${p%%/*}" >>"$out/owners"
				copied=1
			else
				me_owner=$(sed -n "s|^$(basename "$f") ||p" "$out/owners" | head -n1)
				missing="$missing $so<$me_owner"
			fi
		done
	done
	[ -n "$missing" ] || { [ $copied = 1 ] && continue; break; }
	[ $copied = 1 ] && continue
	new=""
	for m in $missing; do
		for d in $(lib_deps "${m#*<}"); do
			case "$taken $new " in *" $d "*) ;; *) new="$new $d";; esac
		done
	done
	[ -n "$new" ] || { echo "fetch: unresolved libraries:$(echo "$missing" | sed 's/<[^ ]*//g')" >&2; exit 1; }
	for p in $new; do get "$p"; taken="$taken$p "; done
done
# The dynamic loader, at the path perf's PT_INTERP names.
interp=$("$READELF" -l "$pr/usr/bin/perf" | sed -n 's/.*interpreter: \(.*\)\]/\1/p')
ld=$(find_lib "$(basename "$interp")")
mkdir -p "$pr$(dirname "$interp")"
cp -L "$ld" "$pr$interp"
log "perf: $(ls "$pr/lib/aarch64-linux-gnu" | wc -l) libraries, $(du -sk "$pr" | cut -f1) KiB"

# The packages whose files are used, with their versions.
ld_pkg=$(ld=$(find_lib "$(basename "$interp")"); p=${ld#"$out"/x/}; echo "${p%%/*}")
for p in "$kpkg" busybox-static linux-perf "$ld_pkg" $(cut -d' ' -f2 "$out/owners"); do
	echo "$p=$(cat "$out/x/$p.version")"
done | sort -u >"$out/packages.txt"
echo "$me" >"$stamp"
log "done: $out"
