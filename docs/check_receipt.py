#!/usr/bin/env python3
"""Check an enterprise's Suiji receipt against a published draw record, with Python's
standard library only (hashlib, json): no Node, no trust in Suiji's code.

    python3 docs/check_receipt.py record.json receipt.json

record.json is the public record (`/api/public/draws/TASK`, signed envelope or bare);
receipt.json is the receipt as served (`/api/public/draws/TASK/receipts/CODE`), as printed
by `suiji receipt TASK CODE [--notification]`, or bare. What it checks (docs/spec/draw-v1.md
sections 4, 6, 7.1, 7.2 and 10):

1. the receipt is for this task and this poolRoot;
2. the ticket, recomputed from the record's seed (section 4);
3. the RFC 6962 inclusion proof of the leaf "code/stratum/salt" in poolRoot (section 6);
4. for a sealed record of draw/v1.1: k from N, ratio and minimum (section 2), and that the
   receipt's N, k, stratum salt and threshold open the stratum's `sizeCommitment` and
   `commitment` in the record: SHA-256 of RFC 8785 canonical JSON, which for these objects
   (ASCII strings without escapes, small integers) is json.dumps with sorted keys and no
   white space; for an older record, that N and k equal the record's;
5. the threshold is a selected enterprise with that ticket (absent exactly when k = 0);
6. selected <=> (ticket, code) <= (threshold, thresholdCode), and the record lists the
   enterprise exactly when it had to be selected.

It does NOT check the Ed25519 signatures of the record and the receipt, nor the publication
log: the standard library has no Ed25519. Check them with the record and signature checker
in docs/ (it uses a widely available Ed25519 package) or `suiji verify record.json --receipt
receipt.json --keys keys.json`. Exit status 0 when every check passed, 1 otherwise.
"""
import hashlib
import json
import sys


def sha256hex(text):
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def canonical(value):
    """RFC 8785 for the receipt's small objects: sorted keys, no white space. Their strings
    are ASCII without characters JSON escapes (hex, digits, labels), their numbers are
    integers, so json.dumps gives exactly the JCS text."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def ticket(seed, code):
    """Section 4: the 256-bit digest as a decimal string (up to 78 digits), padded to at
    least 64 digits, reversed, after "0." (identical to consistent_sampler 1.0.x)."""
    value = int(hashlib.sha256((sha256hex(seed) + code).encode("utf-8")).hexdigest(), 16)
    return "0." + str(value).rjust(64, "0")[::-1]


def node(left, right):
    return hashlib.sha256(b"\x01" + left + right).digest()


def included(leaf_text, index, size, proof, root_hex):
    """RFC 6962 audit path, verified as in RFC 9162 section 2.1.3.2."""
    if index >= size:
        return False
    fn, sn = index, size - 1
    r = hashlib.sha256(b"\x00" + leaf_text.encode("utf-8")).digest()
    for p_hex in proof:
        p = bytes.fromhex(p_hex)
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = node(p, r)
            while not fn & 1 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            r = node(r, p)
        fn >>= 1
        sn >>= 1
    return sn == 0 and r.hex() == root_hex


def sample_size(n, ratio, minimum):
    """Section 2, in integers: ratio "0.03" is 300 ten-thousandths."""
    whole, _, fraction = ratio.partition(".")
    points = int(whole) * 10000 + int((fraction + "0000")[:4])
    return max((n * points + 9999) // 10000, min(minimum, n))


def unwrap(document, *keys):
    for key in keys:
        if isinstance(document, dict) and key in document:
            document = document[key]
    return document


def check(record, receipt):
    """Every check as (passed, text)."""
    results = []

    def expect(condition, text):
        results.append((bool(condition), text))
        return bool(condition)

    expect(receipt["task"] == record["task"]["code"], "the receipt is for the record's task")
    expect(receipt["poolRoot"] == record.get("poolRoot"), "the receipt names the record's poolRoot")
    strata = {s["label"]: s for s in record["strata"]}
    stratum = strata.get(receipt["stratum"])
    if not expect(stratum is not None, "the record has the receipt's stratum " + receipt["stratum"]):
        return results
    pool_size = record.get("poolSize", sum(s.get("N", 0) for s in record["strata"]))
    expect(receipt["treeSize"] == pool_size, "the receipt's tree has the record's pool size")
    mine = ticket(record["seed"], receipt["code"])
    expect(mine == receipt["ticket"], "the ticket is the one the seed gives")
    leaf = "%s/%s/%s" % (receipt["code"], receipt["stratum"], receipt["salt"])
    expect(included(leaf, receipt["leafIndex"], receipt["treeSize"], receipt["proof"], record["poolRoot"]), "the inclusion proof leads to poolRoot")

    threshold = receipt.get("threshold")
    threshold_code = receipt.get("thresholdCode")
    if "commitment" in stratum:
        opened = all(key in receipt for key in ("N", "k", "stratumSalt"))
        if expect(opened, "the receipt gives N, k and stratumSalt to open the stratum's commitments"):
            n, k = receipt["N"], receipt["k"]
            expect(sample_size(n, stratum["ratio"], stratum["minimum"]) == k, "k follows from N, ratio and minimum")
            size = {"label": stratum["label"], "N": n, "k": k, "salt": receipt["stratumSalt"]}
            expect(sha256hex(canonical(size)) == stratum["sizeCommitment"], "N, k and the stratum salt open sizeCommitment")
            full = dict(size)
            if threshold is not None:
                full.update(threshold=threshold, thresholdCode=threshold_code)
            expect(sha256hex(canonical(full)) == stratum["commitment"], "the threshold is this stratum's: it opens the stratum's commitment")
    else:
        k = stratum["k"]
        expect(receipt.get("N", stratum["N"]) == stratum["N"] and receipt.get("k", k) == k, "the receipt's N and k are the record's")
        if "threshold" in stratum:
            expect(stratum.get("threshold") == threshold and stratum.get("thresholdCode") == threshold_code, "the threshold is the record's")
    k = receipt.get("k", stratum.get("k"))
    expect((threshold is None) == (k == 0) and (threshold is None) == (threshold_code is None), "a threshold is given exactly when k > 0")
    selected = {m["code"]: m["ticket"] for m in record["selected"]}
    if threshold is not None:
        expect(selected.get(threshold_code) == threshold, "the threshold is a selected enterprise with that ticket")
    must = threshold is not None and (mine, receipt["code"]) <= (threshold, threshold_code)
    expect(receipt["selected"] == must, "selected <=> (ticket, code) <= (threshold, thresholdCode): %s" % ("had to be selected" if must else "could not be selected"))
    expect((receipt["code"] in selected) == must, "the record lists the enterprise exactly when it had to be selected")
    return results


def main(argv):
    if len(argv) != 3:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    with open(argv[1], encoding="utf-8") as file:
        record = unwrap(json.load(file), "record")
    with open(argv[2], encoding="utf-8") as file:
        receipt = unwrap(json.load(file), "receipt", "record")
    results = check(record, receipt)
    for passed, text in results:
        print(("PASS " if passed else "FAIL ") + text)
    print("Signatures and the publication log are not checked here (see the docstring).")
    ok = all(passed for passed, _ in results)
    print("receipt verified" if ok else "RECEIPT VERIFICATION FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
