"""Everything the emulator remembers, kept in memory and optionally mirrored
to a folder (state.json, written atomically shortly after each change)."""

import base64
import json
import os
import threading


class State:
    def __init__(self):
        self.lock = threading.RLock()
        self.reset()

    def reset(self):
        # identifier -> {"versions": [model], "deleted": bool, "policy": bytes|None,
        #                "policy_at": float|None}
        self.resources = {}
        self.next_version_id = 1
        # "owner/identifier" -> list aggregate (see accesslists.py)
        self.access_lists = {}
        self.next_event = 1
        self.changes = []            # (resource id, time) of policy uploads
        self.dirty = True

    def new_event(self):
        n = self.next_event
        self.next_event += 1
        return n

    def latest(self, ident):
        entry = self.resources.get(ident)
        if entry is None or entry["deleted"] or not entry["versions"]:
            return None
        return entry["versions"][-1]

    # --- persistence ---------------------------------------------------------

    def to_json(self):
        res = {}
        for ident, e in self.resources.items():
            res[ident] = {"versions": e["versions"], "deleted": e["deleted"],
                          "policy": None if e["policy"] is None else base64.b64encode(e["policy"]).decode("ascii"),
                          "policy_at": e["policy_at"]}
        return {"format": 1, "resources": res, "next_version_id": self.next_version_id,
                "access_lists": self.access_lists, "next_event": self.next_event,
                "changes": self.changes}

    def from_json(self, doc):
        self.reset()
        for ident, e in doc.get("resources", {}).items():
            self.resources[ident] = {"versions": e["versions"], "deleted": e["deleted"],
                                     "policy": None if e["policy"] is None else base64.b64decode(e["policy"]),
                                     "policy_at": e.get("policy_at")}
        self.next_version_id = doc.get("next_version_id", 1)
        self.access_lists = doc.get("access_lists", {})
        self.next_event = doc.get("next_event", 1)
        self.changes = [tuple(c) for c in doc.get("changes", [])]


class Persistence:
    """Writes state.json in a state folder from a background thread."""

    def __init__(self, state, folder, interval=0.5):
        self.state = state
        self.folder = folder
        self.path = os.path.join(folder, "state.json")
        self.interval = interval
        self.stop_event = threading.Event()
        self.thread = None

    def load(self):
        os.makedirs(self.folder, exist_ok=True)
        if os.path.exists(self.path):
            with open(self.path, "rb") as f:
                self.state.from_json(json.load(f))
            self.state.dirty = False

    def save(self):
        with self.state.lock:
            if not self.state.dirty:
                return
            data = json.dumps(self.state.to_json()).encode("utf-8")
            self.state.dirty = False
        tmp = self.path + ".tmp"
        with open(tmp, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, self.path)

    def start(self):
        def loop():
            while not self.stop_event.wait(self.interval):
                self.save()
        self.thread = threading.Thread(target=loop, name="persist", daemon=True)
        self.thread.start()

    def stop(self):
        self.stop_event.set()
        if self.thread:
            self.thread.join()
        self.save()
