#!/usr/bin/env python3
"""Check a published Suiji draw record without Node and without Suiji's code.

Python 3.8+ standard library, plus the `cryptography` package for Ed25519
(`pip install cryptography`). It checks, following the public contract
(docs/spec/draw-v1.md sections 3, 3.1, 9 and 10):

- the record envelope: recordHash = SHA-256 of the RFC 8785 canonical record;
- its Ed25519 signature by a key of the bureau's key set, and the key set's
  fingerprint (compare it with the one printed on the bureau's paper notices);
- the nonce: sha256(nonce) = nonceCommitment and seed = nonce + "-" + entropy;
- with --log-proof: the signed tree head (suiji.tree-head/1) under the key set,
  its treeSize and rootHash equal to the proof's, and the RFC 6962 inclusion
  path of the record's digest to that root;
- with --commitment as well: the freeze commitment's hash and signature, its
  inclusion in the same signed tree before the record, and that the tree head
  signed when it was appended is older than the record's entropyAt (with the
  RFC 6962 consistency proof from that head to the proof's head).

It does not recompute tickets or the selection: for an open record, re-run the
draw with consistent_sampler (docs/verify-with-python.md); a sealed record is
checked per enterprise with its receipt.

    python3 verify_record.py record.json --keys keys.json \\
        [--log-proof log-proof.json [--tree-head head.json]] [--commitment commitment.json]

Prints one line per check and exits 1 if any failed, 2 on bad usage.
"""
import argparse
import base64
import datetime
import hashlib
import json
import re
import sys

try:
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
except ImportError:  # pragma: no cover - the message is the point
    sys.exit("needs the cryptography package for Ed25519: pip install cryptography")

HEX64 = re.compile(r"^[0-9a-f]{64}$")


# --- RFC 8785 (JCS) for the values Suiji documents contain -----------------
# Objects, arrays, strings, booleans, null and integers: records carry no
# fractional numbers (ratios are strings), so a number that is not an integer
# of at most 2^53 is refused rather than serialised in a way that might differ.

def _escape(text):
    out = ['"']
    for char in text:
        code = ord(char)
        if char == '"':
            out.append('\\"')
        elif char == "\\":
            out.append("\\\\")
        elif code < 0x20:
            out.append({8: "\\b", 9: "\\t", 10: "\\n", 12: "\\f", 13: "\\r"}.get(code, "\\u%04x" % code))
        elif 0xD800 <= code <= 0xDFFF:
            raise ValueError("a lone surrogate has no RFC 8785 form")
        else:
            out.append(char)  # everything else, non-ASCII included, as it is (UTF-8 on the wire)
    out.append('"')
    return "".join(out)


def canonical(value):
    """The RFC 8785 text of a JSON value (the subset above)."""
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        if abs(value) > 2 ** 53:
            raise ValueError("integer %d is beyond IEEE 754 precision" % value)
        return str(value)
    if isinstance(value, float):
        if value.is_integer() and abs(value) <= 2 ** 53:
            return str(int(value))
        raise ValueError("fractional number %r: not in Suiji's documents" % value)
    if isinstance(value, str):
        return _escape(value)
    if isinstance(value, list):
        return "[" + ",".join(canonical(item) for item in value) + "]"
    if isinstance(value, dict):
        # RFC 8785 section 3.2.3: keys ordered by their UTF-16 code units.
        keys = sorted(value, key=lambda key: key.encode("utf-16-be"))
        return "{" + ",".join(_escape(key) + ":" + canonical(value[key]) for key in keys) + "}"
    raise ValueError("%r has no JSON form" % (value,))


def sha256hex(data):
    return hashlib.sha256(data if isinstance(data, bytes) else data.encode("utf-8")).hexdigest()


# --- Ed25519 and the key set -----------------------------------------------

def key_set_fingerprint(keys):
    """sha256hex of the canonical key set, keys in published order, three fields each."""
    entries = [{"keyId": k["keyId"], "algorithm": k["algorithm"], "publicKey": k["publicKey"]} for k in keys["keys"]]
    return sha256hex(canonical({"keys": entries}))


def verify_signature(document, signature, keys):
    """None when Ed25519 `signature` is over canonical(document) by a key of the set, else the reason."""
    if signature.get("algorithm") != "Ed25519":
        return "algorithm is not Ed25519"
    entry = next((k for k in keys["keys"] if k.get("keyId") == signature.get("keyId") and k.get("algorithm") == "Ed25519"), None)
    if entry is None:
        return "no key %s in the key set" % signature.get("keyId")
    try:
        public_key = Ed25519PublicKey.from_public_bytes(base64.b64decode(entry["publicKey"], validate=True))
        public_key.verify(base64.b64decode(signature["value"], validate=True), canonical(document).encode("utf-8"))
    except (InvalidSignature, ValueError):
        return "the Ed25519 signature does not verify under key %s" % entry["keyId"]
    return None


def verify_tree_head(head, keys):
    """None when `head` is a suiji.tree-head/1 signed by the key set, else the reason."""
    if not isinstance(head, dict) or head.get("format") != "suiji.tree-head/1":
        return "not a suiji.tree-head/1"
    payload = {name: head[name] for name in ("format", "treeSize", "rootHash", "timestamp", "keySetFingerprint") if name in head}
    problem = verify_signature(payload, head.get("signature") or {}, keys)
    return None if problem is None else "tree head signature: " + problem


# --- RFC 6962 / RFC 9162 Merkle proofs -------------------------------------

def leaf_hash(data):
    return hashlib.sha256(b"\x00" + data).digest()


def node_hash(left, right):
    return hashlib.sha256(b"\x01" + left + right).digest()


def verify_inclusion(leaf, index, size, path, root):
    """RFC 9162 section 2.1.3.2."""
    if not 0 <= index < size:
        return False
    fn, sn, running = index, size - 1, leaf
    for sibling in path:
        if sn == 0:
            return False
        if fn % 2 == 1 or fn == sn:
            running = node_hash(sibling, running)
            if fn % 2 == 0:
                while fn % 2 == 0 and fn != 0:
                    fn, sn = fn >> 1, sn >> 1
        else:
            running = node_hash(running, sibling)
        fn, sn = fn >> 1, sn >> 1
    return sn == 0 and running == root


def verify_consistency(old_size, new_size, old_root, new_root, path):
    """RFC 9162 section 2.1.4.2."""
    if old_size == new_size:
        return not path and old_root == new_root
    if old_size == 0 or old_size > new_size or not path:
        return False
    if old_size & (old_size - 1) == 0:
        path = [old_root] + list(path)
    fn, sn = old_size - 1, new_size - 1
    while fn % 2 == 1:
        fn, sn = fn >> 1, sn >> 1
    fr = sr = path[0]
    for node in path[1:]:
        if sn == 0:
            return False
        if fn % 2 == 1 or fn == sn:
            fr, sr = node_hash(node, fr), node_hash(node, sr)
            if fn % 2 == 0:
                while fn % 2 == 0 and fn != 0:
                    fn, sn = fn >> 1, sn >> 1
        else:
            sr = node_hash(sr, node)
        fn, sn = fn >> 1, sn >> 1
    return sn == 0 and fr == old_root and sr == new_root


def prove_in_log(digest_hex, proof, keys, separate_head=None):
    """(leafIndex, head) when digest_hex is proven in the signed tree, else raises ValueError."""
    head = separate_head if separate_head is not None else proof.get("treeHead")
    if head is None:
        raise ValueError("the proof comes without a signed tree head, so nothing ties its rootHash to the log")
    problem = verify_tree_head(head, keys)
    if problem:
        raise ValueError(problem)
    if proof.get("treeSize") != head["treeSize"] or proof.get("rootHash") != head["rootHash"]:
        raise ValueError("the proof is for a tree of %s leaves, the signed head has %s leaves and another root" % (proof.get("treeSize"), head["treeSize"]))
    path = [bytes.fromhex(node) for node in proof.get("proof", [])]
    if not verify_inclusion(leaf_hash(bytes.fromhex(digest_hex)), proof.get("leafIndex", -1), head["treeSize"], path, bytes.fromhex(head["rootHash"])):
        raise ValueError("the audit path does not lead to the signed root")
    return proof["leafIndex"], head


# --- the checks -----------------------------------------------------------

def unwrap(envelope, keys, what):
    """The document inside an envelope, after checking its hash and signature; raises ValueError."""
    if not isinstance(envelope, dict) or "record" not in envelope or "signature" not in envelope:
        raise ValueError("the %s came without its signed envelope: nothing shows the bureau published it" % what)
    computed = sha256hex(canonical(envelope["record"]))
    if computed != envelope.get("recordHash"):
        raise ValueError("the canonical %s hashes to %s, not %s" % (what, computed, envelope.get("recordHash")))
    problem = verify_signature(envelope["record"], envelope["signature"], keys)
    if problem:
        raise ValueError(problem)
    return envelope["record"], computed


def parse_instant(text):
    if not isinstance(text, str) or not re.match(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$", text):
        return None
    return datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))


def run_checks(record_doc, keys, log_proof=None, tree_head=None, commitment_doc=None):
    """A list of (name, passed, reason)."""
    results = []

    def check(name, function):
        try:
            results.append((name, True, function()))
        except (ValueError, KeyError, TypeError) as problem:
            results.append((name, False, str(problem)))

    fingerprint = key_set_fingerprint(keys)
    state = {}

    def envelope():
        state["record"], state["hash"] = unwrap(record_doc, keys, "record")
        return "recordHash %s, signed by key %s" % (state["hash"], record_doc["signature"]["keyId"])

    check("signature", envelope)
    record = state.get("record") or (record_doc.get("record", record_doc) if isinstance(record_doc, dict) else {})

    def seed():
        if "nonceCommitment" not in record:
            return "offline record: no nonce commitment"
        if sha256hex(record["nonce"]) != record["nonceCommitment"]:
            raise ValueError("sha256(nonce) is not the nonceCommitment")
        if record["seed"] != record["nonce"] + "-" + record["entropy"]:
            raise ValueError('the seed is not nonce + "-" + entropy')
        return "the nonce matches its commitment and seed = nonce + \"-\" + entropy"

    check("seed", seed)

    proofs = log_proof or {}
    record_proof = proofs.get("record", proofs) if "leafIndex" not in proofs else proofs
    commitment_proof = proofs.get("commitment") if "leafIndex" not in proofs else None

    if log_proof is not None:
        def inclusion():
            if "hash" not in state:
                raise ValueError("the record's envelope did not verify")
            index, head = prove_in_log(state["hash"], record_proof, keys, tree_head)
            state["leaf"], state["head"] = index, head
            pinned = head.get("keySetFingerprint")
            if pinned is not None and pinned != fingerprint:
                raise ValueError("the tree head pins key set %s, the key set given is %s" % (pinned, fingerprint))
            return "leaf %d of the tree of %d leaves, head signed by key %s" % (index, head["treeSize"], head["signature"]["keyId"])

        check("log-inclusion", inclusion)

    if commitment_doc is not None:
        def commitment_order():
            commitment, commitment_hash = unwrap(commitment_doc, keys, "commitment")
            for field in ("poolRoot", "nonceCommitment"):
                if commitment.get(field) != record.get(field):
                    raise ValueError("the record's %s is not the committed one" % field)
            if "head" not in state:
                raise ValueError("the record is not proven in the log")
            if commitment_proof is None:
                raise ValueError("no log proof of the commitment (use the draw's log-proof document)")
            index, head = prove_in_log(commitment_hash, commitment_proof, keys)
            if head["treeSize"] != state["head"]["treeSize"] or head["rootHash"] != state["head"]["rootHash"]:
                raise ValueError("the commitment's and the record's proofs are for different trees")
            if index >= state["leaf"]:
                raise ValueError("the commitment is leaf %d, not before the record (leaf %d)" % (index, state["leaf"]))
            appended = commitment_proof.get("appendedTreeHead")
            problem = verify_tree_head(appended, keys) if appended is not None else "no appendedTreeHead"
            if problem:
                raise ValueError(problem)
            if appended["treeSize"] <= index:
                raise ValueError("the appendedTreeHead does not cover the commitment")
            nodes = [bytes.fromhex(node) for node in commitment_proof.get("appendedConsistencyProof", [])]
            if not verify_consistency(appended["treeSize"], head["treeSize"], bytes.fromhex(appended["rootHash"]), bytes.fromhex(head["rootHash"]), nodes):
                raise ValueError("the proof's tree does not extend the tree that first covered the commitment")
            entropy_at = parse_instant(record.get("entropyAt"))
            if entropy_at is None:
                raise ValueError("the record has no entropyAt (ISO 8601 with offset), so the order cannot be shown")
            covered = datetime.datetime.fromtimestamp(appended["timestamp"] / 1000, tz=datetime.timezone.utc)
            if covered >= entropy_at:
                raise ValueError("the first head covering the commitment is of %s, not before entropyAt %s" % (covered.isoformat(), record["entropyAt"]))
            return "commitment leaf %d before record leaf %d, covered by a head of %s before entropyAt %s" % (index, state["leaf"], covered.isoformat(), record["entropyAt"])

        check("commitment-log", commitment_order)

    return fingerprint, results


def main(argv=None):
    parser = argparse.ArgumentParser(description="Check a Suiji draw record: hash, signature, signed log tree head, inclusion, commitment order.")
    parser.add_argument("record", help="the signed record envelope (JSON)")
    parser.add_argument("--keys", required=True, help="the key set, /.well-known/suiji-keys.json")
    parser.add_argument("--log-proof", help="the draw's /api/public/draws/TASK/log-proof, or one inclusion proof")
    parser.add_argument("--tree-head", help="the signed tree head the proof is against, when the proof carries none")
    parser.add_argument("--commitment", help="the freeze commitment envelope, /api/public/draws/TASK/commitment")
    args = parser.parse_args(argv)

    def load(path):
        with open(path, encoding="utf-8") as handle:
            return json.load(handle)

    fingerprint, results = run_checks(
        load(args.record),
        load(args.keys),
        load(args.log_proof) if args.log_proof else None,
        load(args.tree_head) if args.tree_head else None,
        load(args.commitment) if args.commitment else None,
    )
    print("key set fingerprint: " + " ".join(fingerprint[i:i + 4] for i in range(0, 64, 4)))
    for name, passed, reason in results:
        print("%s %s: %s" % ("PASS" if passed else "FAIL", name, reason))
    failed = [name for name, passed, _ in results if not passed]
    print("verified" if not failed else "VERIFICATION FAILED")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
