# Reads JSON {"files": [text...], "values": [string...]} on stdin and prints
# {"files": [{group: {key: value}}...], "escaped": [line...]}: each file as
# GLib's own GKeyFile parser reads it, and each value as
# g_key_file_set_string writes it.
import json
import sys

import gi

gi.require_version("GLib", "2.0")
from gi.repository import GLib  # noqa: E402

req = json.load(sys.stdin)
files = []
for text in req["files"]:
    k = GLib.KeyFile()
    data = text.encode()
    k.load_from_data(text, len(data), GLib.KeyFileFlags.KEEP_COMMENTS)
    groups = {}
    for g in k.get_groups()[0]:
        groups[g] = {key: k.get_string(g, key) for key in k.get_keys(g)[0]}
    files.append(groups)
escaped = []
for v in req["values"]:
    k = GLib.KeyFile()
    k.set_string("G", "K", v)
    escaped.append(k.to_data()[0].split("\n")[1][len("K="):])
print(json.dumps({"files": files, "escaped": escaped}, ensure_ascii=False))
