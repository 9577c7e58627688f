"""Digital signatures: who signed a document electronically, and when.

Provincial e-signature systems (Luật Giao dịch điện tử 2023; NĐ 30/2020 Điều 8 on the văn bản
điện tử's chữ ký số) sign the PDF itself and stamp a visible mark on the page: a caption
"Ký bởi: Ủy ban nhân dân tỉnh …" / "Thời gian ký: 13.05.2025 14:46:07 +07:00", or an image
with the signer, its e-mail and the time. Both are read here:
- from the PDF's signature fields (``/FT /Sig``): the signer's ``/Name``, else the name the
  ``/Reason`` gives ("TRUNG TÂM CÔNG BÁO VÀ TIN HỌC<ttcbth@…> đã ký lên văn bản này!"), and the
  signing time ``/M``; a field with neither is a form stamp (the number typed into the blank);
- from the page's text: the caption's two lines, or a line holding a time with its UTC offset
  under a line naming the signer.
The signatures go to ``source.digital_signature``; the caption lines are no header field.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import regex as re

from congvan.pipeline.core import vntext

_PDF_TIME = re.compile(r"D:(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)(?:([+-])(\d\d)'?(\d\d)'?|Z)?")
_REASON_NAME = re.compile(r"^(?P<name>[^<]+?)\s*<[^>]*>")
_SIGNED_BY = re.compile(r"(?im)^\W*k[ýyí]\s*b[ởơoớ]i\s*[:.]?\s*(?P<name>\S[^\n]*?)\s*$")
_CAPTION_TIME = re.compile(
    r"(?P<d>\d{1,2})[./-](?P<m>\d{1,2})[./-](?P<y>(?:19|20)\d\d)\s+(?P<hh>\d{1,2}):(?P<mm>\d\d)(?::(?P<ss>\d\d))?"
    r"(?:\s*(?P<sign>[+-])\s*(?P<oh>\d\d):?(?P<om>\d\d))?")
_TIME_LABEL = re.compile(r"(?i)th[ờo]i\s*gian\s*k[ýyí]")
# a line of the mark's caption: "Ký bởi: …", "Thời gian ký: …", or a bare signing time with its
# UTC offset ("09.01.2025 10:21:11 +07:00"); no header field is read from it
CAPTION_LINE = re.compile(r"(?i)k[ýyí]\s*b[ởơoớ]i\s*[:.]|th[ờo]i\s*gian\s*k[ýyí]|"
                          r"^\W*\d{1,2}[./]\d{1,2}[./](?:19|20)\d\d\s+\d{1,2}:\d\d(?::\d\d)?\s*[+-]\d\d:?\d\d\W*$")


@dataclass(frozen=True)
class DigitalSignature:
    signer: str | None
    time: str | None          # ISO 8601, with the offset when it was given
    kind: str                 # "pdf-signature": the file's signature field; "caption": the mark read on the page

    def to_dict(self) -> dict[str, Any]:
        """The record contract's form of ``source.digital_signature``."""
        return {"signer": self.signer, "time": self.time, "kind": self.kind}


def _iso(y: str, m: str, d: str, hh: str, mm: str, ss: str | None, sign: str | None, oh: str | None,
         om: str | None) -> str:
    offset = f"{sign}{oh}:{om}" if sign and oh and om else ""
    return f"{int(y):04d}-{int(m):02d}-{int(d):02d}T{int(hh):02d}:{mm}:{ss or '00'}{offset}"


def pdf_signatures(path: Path) -> tuple[DigitalSignature, ...]:
    """The file's signature fields that name a signer, earliest first; () when it has none or
    cannot be read (the page images are still read)."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    log = logging.getLogger("pypdf")      # its notes on a sloppy file ("Multiple definitions …") are no
    level = log.level                     # concern of the clerk's: kept out of stderr while it reads
    log.setLevel(logging.ERROR)
    try:
        fields = PdfReader(str(path)).get_fields() or {}
    except (PyPdfError, OSError, ValueError, KeyError, TypeError):    # a file pypdf cannot parse: no fields
        return ()
    finally:
        log.setLevel(level)
    out = []
    for field in fields.values():
        value = field.get("/V") if field.get("/FT") == "/Sig" else None
        value = value.get_object() if value is not None else None
        if not value:
            continue
        name = str(value.get("/Name") or "").strip() or None
        reason = _REASON_NAME.match(str(value.get("/Reason") or ""))
        signer = name or (vntext.nfc(reason["name"].strip()) if reason else None)
        if signer is None:
            continue                        # the văn thư system's stamp of the number or the day
        t = _PDF_TIME.match(str(value.get("/M") or ""))
        time = _iso(t[1], t[2], t[3], t[4], t[5], t[6], t[7], t[8], t[9]) if t else None
        out.append(DigitalSignature(vntext.nfc(signer), time, "pdf-signature"))
    return tuple(sorted(set(out), key=lambda s: s.time or ""))


def caption_signatures(text: str) -> tuple[DigitalSignature, ...]:
    """Signatures shown on the page: "Ký bởi: …" with its "Thời gian ký: …", or a time with its
    UTC offset under the signer's name (and e-mail) of an e-signature mark."""
    out = []
    lines = [ln.strip() for ln in vntext.nfc(text).replace("\t", "\n").splitlines()]
    for k, line in enumerate(lines):
        m = _SIGNED_BY.match(line)
        if m:
            near = " ".join(lines[k + 1:k + 3])
            t = _CAPTION_TIME.search(near) if _TIME_LABEL.search(near) else None
            out.append(DigitalSignature(m["name"].strip(" .;"), _time(t), "caption"))
            continue
        t = _CAPTION_TIME.fullmatch(line)
        if t and t["sign"] and k >= 2 and "@" in lines[k - 1]:     # name / e-mail / time with its offset
            above = [p for p in lines[max(0, k - 3):k - 1] if p and "@" not in p and not CAPTION_LINE.search(p)]
            out.append(DigitalSignature(" ".join(above).strip() or None, _time(t), "caption"))
    return tuple(out)


def _time(t: re.Match[str] | None) -> str | None:
    if t is None:
        return None
    return _iso(t["y"], t["m"], t["d"], t["hh"], t["mm"], t["ss"], t["sign"], t["oh"], t["om"])
