# Lists the sources that evolution-source-registry has loaded, as JSON:
# the registry is started by D-Bus activation on the private session bus
# the test makes (dbus-run-session), reading $XDG_CONFIG_HOME/evolution/sources.
import json
import gi

gi.require_version("EDataServer", "1.2")
from gi.repository import EDataServer  # noqa: E402

registry = EDataServer.SourceRegistry.new_sync(None)
out = {}
for s in registry.list_sources(None):
    d = {
        "display_name": s.get_display_name(),
        "parent": s.get_parent() or "",
        "enabled": s.get_enabled(),
    }
    if s.has_extension("Mail Account"):
        e = s.get_extension("Mail Account")
        d["account"] = {"backend": e.get_backend_name() or "", "identity_uid": e.get_identity_uid() or ""}
    if s.has_extension("Mail Identity"):
        e = s.get_extension("Mail Identity")
        d["identity"] = {"address": e.get_address() or "", "name": e.get_name() or ""}
    if s.has_extension("Mail Submission"):
        e = s.get_extension("Mail Submission")
        d["submission"] = {"transport_uid": e.get_transport_uid() or ""}
    if s.has_extension("Mail Transport"):
        e = s.get_extension("Mail Transport")
        d["transport"] = {"backend": e.get_backend_name() or ""}
    if s.has_extension("Authentication"):
        e = s.get_extension("Authentication")
        d["authentication"] = {"host": e.get_host() or "", "port": e.get_port(), "user": e.get_user() or "", "method": e.get_method() or ""}
    if s.has_extension("Security"):
        d["security"] = s.get_extension("Security").get_method() or ""
    out[s.get_uid()] = d
print(json.dumps(out, ensure_ascii=False, sort_keys=True))
