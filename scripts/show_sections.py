"""Print the sections of articles: role, duplicate mark and text (for reading the corpus)."""
import sys

from eventwire.clean import split_sections
from eventwire.ingest.text import read_text_file

for path in sys.argv[1:]:
    art = read_text_file(path)
    print("=" * 20, path)
    for i, s in enumerate(split_sections(art)):
        if s.role == "header":
            continue
        dup = f" dup={s.duplicate_of}" if s.duplicate_of is not None else ""
        print(f"{i:3d} {s.role:11s}{dup} | {art.text[s.start:s.end][:110]}")
