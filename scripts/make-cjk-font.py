"""Builds src/report/fonts/noto-sans-sc-report.ttf.gz, the PDF report's Chinese font (run by hand, not by install). A gzipped TrueType file: fontkit inflates a WOFF's tables again on every glyph read (seconds per report) and cannot subset a WOFF2's transformed glyf.

Noto Sans SC Regular (SIL OFL 1.1, no Reserved Font Name), as the npm package @fontsource/noto-sans-sc
ships it in 102 unicode-range slices, merged and cut to what a report needs: ASCII and Latin-1,
general and CJK punctuation, full-width forms, the 6,763 hanzi of GB 2312 (levels 1 and 2), and
every character of the zh-CN catalogue and the shipped playbooks.

    npm pack @fontsource/noto-sans-sc@5.3.1 && tar xzf fontsource-noto-sans-sc-5.3.1.tgz
    python3 -m venv venv && venv/bin/pip install fonttools brotli
    venv/bin/python scripts/make-cjk-font.py package/files src/report/fonts/noto-sans-sc-report.ttf.gz
"""
import glob
import gzip
import os
import sys

from fontTools.merge import Merger
from fontTools.subset import Options, Subsetter
from fontTools.ttLib import TTFont

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def gb2312() -> set[int]:
    out = set()
    for hi in range(0xB0, 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                out.add(ord(bytes([hi, lo]).decode('gb2312')))
            except UnicodeDecodeError:
                pass
    return out


def catalogue() -> set[int]:
    files = glob.glob(os.path.join(ROOT, 'src/i18n/**/*.ts'), recursive=True) + glob.glob(os.path.join(ROOT, 'playbooks/**/*.yml'), recursive=True)
    return {ord(c) for f in files for c in open(f, encoding='utf8').read() if ord(c) > 0x7E}


def main(slices: str, out: str) -> None:
    parts = sorted(glob.glob(os.path.join(slices, 'noto-sans-sc-*-400-normal.woff2')))
    tmp = []
    for i, p in enumerate(parts):
        f = TTFont(p)
        f.flavor = None
        path = f'/tmp/noto-slice-{i}.ttf'
        f.save(path)
        tmp.append(path)
    merged = Merger().merge(tmp)
    wanted = set(range(0x20, 0x7F)) | set(range(0xA0, 0x100)) | set(range(0x2000, 0x2070)) | set(range(0x2190, 0x2200)) | set(range(0x3000, 0x3040)) | set(range(0xFF00, 0xFFF0)) | gb2312() | catalogue()
    opts = Options()
    opts.layout_features = []
    opts.name_IDs = ['*']
    opts.notdef_outline = True
    s = Subsetter(opts)
    s.populate(unicodes=wanted)
    s.subset(merged)
    merged.flavor = None
    raw = out + '.tmp'
    merged.save(raw)
    with open(raw, 'rb') as src, open(out, 'wb') as f, gzip.GzipFile(fileobj=f, mode='wb', compresslevel=9, mtime=0) as dst:
        dst.write(src.read())
    os.remove(raw)
    have = set(merged.getBestCmap())
    print(f'{out}: {os.path.getsize(out)} bytes, {len(have)} characters; not in Noto Sans SC: {len(wanted - have - set(range(0x20, 0x7F)))} of those asked')


if __name__ == '__main__':
    main(sys.argv[1], sys.argv[2])
