#!/usr/bin/env bash
# Renders the app icons from the one checked-in drawing, icons/source.svg, into the sizes
# Tauri needs (src-tauri/tauri.conf.json → bundle.icon). The generated files are committed;
# run this again after changing the drawing. Needs rsvg-convert (librsvg2-bin) and
# ImageMagick's convert (for the multi-size .ico).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/../icons"

for tool in rsvg-convert convert; do
    if ! command -v "$tool" >/dev/null; then
        echo "make-icons: $tool is missing (apt-get install librsvg2-bin imagemagick)" >&2
        exit 1
    fi
done

png() { rsvg-convert --width "$1" --height "$1" --format png --output "$2" source.svg; }

png 32 32x32.png
png 128 128x128.png
png 256 128x128@2x.png
png 512 icon.png

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for size in 16 24 32 48 64 256; do
    png "$size" "$tmp/$size.png"
done
convert "$tmp"/16.png "$tmp"/24.png "$tmp"/32.png "$tmp"/48.png "$tmp"/64.png "$tmp"/256.png icon.ico

ls -l 32x32.png 128x128.png 128x128@2x.png icon.png icon.ico
