"""Files → :class:`OcrDocument`: pages in parallel, one Tesseract process per core.

Each worker process decodes its page, preprocesses it, runs Tesseract on the body and once more
on the ink layer, and returns an :class:`OcrPage`. Text-layer pages never reach a worker.
A document whose file or page fails comes back as an error; the other documents go on.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, replace
from pathlib import Path

import cv2
import numpy as np

from congvan.ocr.askew import levelled, text_angle
from congvan.ocr.digits import reread_digits
from congvan.ocr.dropped_lines import read_dropped
from congvan.ocr.esign import pdf_signatures
from congvan.ocr.frames import find_anchor, stamp_canvas, stamp_window
from congvan.ocr.header_blanks import fill_blanks, ink_crop, left_blank
from congvan.ocr.ink import InkCanvas, assign, build_canvas, find_regions, plausible
from congvan.ocr.layout import rows_text, words_to_lines
from congvan.ocr.loader import FilePlan, PageRef, load_image, probe
from congvan.ocr.preprocess import MARGIN, MAX_DPI, Prepared, is_blank, prepare, untouched, with_margin
from congvan.ocr.seals import ring_words_dropped
from congvan.ocr.signatures import mark_signatures
from congvan.ocr.stamp_labels import label_kinds
from congvan.ocr.stamp_units import reread_units
from congvan.ocr.stamp_values import reread_values
from congvan.ocr.tesseract import check_engine, parse_tsv, run_tsv
from congvan.ocr.textlayer import TextPage
from congvan.ocr.types import Block, Line, OcrDocument, OcrPage
from congvan.ocr.under_stamp import reread_under_stamp
from congvan.pipeline.core.errors import CongvanError, CorruptFileError, OcrEngineError

TEXT_LAYER_DPI = 300   # the frame text-layer words are placed in (ocr/textlayer.py)
POOR = 0.5      # a stamp read with less confidence than this is read again in its faint rendering
SURER = 0.05    # and that reading is taken when it is this much surer


@dataclass(frozen=True)
class OcrOptions:
    jobs: int = 0                 # worker processes; 0 = one per core
    ink_pass: bool = True
    osd: bool = True
    timeout: float = 300.0        # seconds per Tesseract call
    max_dpi: int = MAX_DPI        # finer scans are brought down to this first; 0 = never
    ink_psm: int = 4
    reread_values: bool = True    # read the stamp's số đến / ngày đến again, digits only
    reread_digits: bool = True    # read unsure printed numbers and dates again, digits only
    digit_model: bool = True      # the second recogniser (ocr/digit_model.py) reads them too, if installed
    dropped_lines: bool = True    # rows of print Tesseract's layout left out, read alone (ocr/dropped_lines.py)
    header_blanks: bool = True    # the header's number and date read again from the page's ink (ocr/header_blanks.py)
    reread_under_stamp: bool = True   # read unsure print under a black stamp again (ocr/under_stamp.py)
    unit_codes: tuple[tuple[str, ...], ...] = ()   # the office's unit codes (each unit's forms, canonical
                                                   # first): a stamp's unit the model reads unsure is matched to them
    deadline: float | None = None  # time.time() by which the whole document must be read
    raw: bool = False             # bare Tesseract on the page as decoded: one call, nothing else (a baseline)
    no_harm: bool = True          # an enlarged page read unsure read as decoded too, the surer kept (_no_harm)

    def call_timeout(self) -> float:
        """Seconds the next Tesseract call may take: its own limit, or what is left of the deadline."""
        if self.deadline is None:
            return self.timeout
        left = self.deadline - time.time()
        if left <= 0:
            raise OcrEngineError("the document took longer than its time limit (CONGVAN_DOC_TIMEOUT)")
        return min(self.timeout, left)

    @property
    def workers(self) -> int:
        return self.jobs if self.jobs > 0 else max(1, os.cpu_count() or 1)


def ocr_page(ref: PageRef, options: OcrOptions) -> OcrPage:
    """One page, start to end. Runs inside a worker process (or inline with one job): the page
    prepared (:func:`~congvan.ocr.preprocess.prepare`), its coloured ink read on its own canvas,
    its print read, a black stamp found among the print's words where there is no colour, and the
    stamp's values read again (:func:`_stamp_blocks`)."""
    t0 = time.perf_counter()
    image = load_image(ref)
    if options.raw:
        return _raw_page(ref, image, options, t0)
    prep = prepare(image, ref.dpi, osd=options.osd, max_dpi=options.max_dpi)
    h, w = prep.body.shape
    if is_blank(prep.body, prep.x_height):          # a blank back: nothing to read, no junk to add
        return OcrPage(number=ref.index + 1, width=w, height=h, dpi=prep.dpi, source="ocr", blocks=[],
                       body_text="", rotation=prep.rotation, skew=prep.skew, seconds=time.perf_counter() - t0)
    blocks = _print(prep, options)
    if options.no_harm:
        prep, blocks = _no_harm(image, ref, prep, blocks, options)
    stamp = _coloured_ink(prep, options)
    if stamp is None and options.ink_pass and ref.index == 0 and prep.rules is not None:
        stamp, blocks = _black_stamp(prep, prep.rules, blocks, options)
    ink_blocks = _stamp_blocks(stamp, options) if stamp is not None else []
    back = () if prep.photographed else tuple(float(v) for v in cv2.invertAffineTransform(prep.to_page).ravel())
    return OcrPage(
        number=ref.index + 1, width=w, height=h, dpi=prep.dpi, source="ocr", blocks=blocks + ink_blocks,
        body_text=rows_text([ln for b in blocks for ln in b.lines]),
        ink_text="\n\n".join(rows_text(b.lines) for b in ink_blocks),
        rotation=prep.rotation, skew=prep.skew, seconds=time.perf_counter() - t0,
        to_source=back, source_size=(int(image.shape[1]), int(image.shape[0])))


# Do no harm: a page the preparation enlarged (a small photo, a low-resolution scan) whose print
# Tesseract then read with a mean word confidence under CHECKED_BELOW is read as decoded too, and
# the surer reading is kept: enlarging adds no information, and on a blurred small photo it can
# make the letters worse. Real scans read well sit at 0.90-0.95. (On pages read at their own size
# or smaller the check is not made: on the real set, the one such page under the bar, an archival
# typewriter page, reads its fields better prepared though Tesseract is surer of it untouched.)
UPSCALED = 1.5
CHECKED_BELOW = 0.88
NO_HARM_MARGIN = 0.02    # confidence the untouched page's reading must be ahead by to be kept


def mean_confidence(blocks: list[Block]) -> float | None:
    """Tesseract's mean word confidence over ``blocks``; None when there is no word."""
    confs = [w.conf for b in blocks for ln in b.lines for w in ln.words]
    return sum(confs) / len(confs) if confs else None


def _no_harm(image: np.ndarray, ref: PageRef, prep: Prepared, blocks: list[Block],
             options: OcrOptions) -> tuple[Prepared, list[Block]]:
    """Keep the prepared page's reading unless bare Tesseract is surer of the page as decoded
    (then its reading is the page's print, and the ink pass works on the page as decoded): only
    checked on an enlarged page read with little confidence (:data:`UPSCALED`,
    :data:`CHECKED_BELOW`), so a well-read page costs nothing more."""
    mine = mean_confidence(blocks)
    if mine is None or mine >= CHECKED_BELOW or prep.dpi < UPSCALED * ref.dpi:
        return prep, blocks
    bare = _bare(image, ref, options)
    theirs = mean_confidence(bare)
    if theirs is not None and theirs >= mine + NO_HARM_MARGIN:
        return untouched(image, ref.dpi, inked=prep.colour is not None), bare
    return prep, blocks


@dataclass
class _Stamp:
    """An ink canvas and Tesseract's first reading of it."""
    canvas: InkCanvas
    dpi: int
    parsed: list[Block]
    black: bool                    # a black stamp cut from the print (its crop holds print too)


def _coloured_ink(prep: Prepared, options: OcrOptions) -> _Stamp | None:
    """The page's coloured ink (stamps, marks, pen) cropped onto one canvas, read in one call."""
    if not (options.ink_pass and prep.colour is not None):
        return None
    canvas = build_canvas(prep.colour, prep.ink_dpi, find_regions(prep.colour, prep.ink_dpi), prep.rotation,
                          prep.to_page)
    if canvas is None:
        return None
    dpi = int(prep.ink_dpi * canvas.zoom)
    return _Stamp(canvas, dpi, parse_tsv(run_tsv(canvas.image, dpi, psm=options.ink_psm,
                                                 timeout=options.call_timeout())), black=False)


def _print(prep: Prepared, options: OcrOptions) -> list[Block]:
    """The page's print: one Tesseract call, a black seal's ring words dropped, the rows of print
    its layout left out read alone (:mod:`ocr.dropped_lines`), unsure numbers and
    the words of a written-out date read again, digits only; the header's pen-filled number and
    date read from the ink (:mod:`ocr.header_blanks`)."""
    parsed = parse_tsv(run_tsv(with_margin(prep.body), prep.dpi, timeout=options.call_timeout()))
    blocks = ring_words_dropped([_shift(b, -MARGIN, -MARGIN) for b in parsed], prep.seals)
    if options.dropped_lines and prep.x_height:
        blocks = read_dropped(prep.body, blocks, prep.dpi, prep.x_height, options.call_timeout())
    if options.reread_digits:
        blocks = reread_digits(blocks, prep.body, prep.dpi, options.call_timeout(), options.digit_model)
    if options.digit_model and options.header_blanks:
        h, w = prep.body.shape
        blocks = fill_blanks(blocks, ink_crop(prep.body, prep.colour, prep.to_page), h, w)
    return blocks


def _black_stamp(prep: Prepared, rules: np.ndarray, blocks: list[Block],
                 options: OcrOptions) -> tuple[_Stamp | None, list[Block]]:
    """On a page with no colour, a black stamp found by its ĐẾN among the print's words, cut out
    as a stamp-sized window and read on its own; the print under it read again."""
    anchor = find_anchor(blocks, prep.body.shape[0])
    if anchor is None:
        return None, blocks
    window = stamp_window(anchor, rules, prep.dpi)
    canvas = stamp_canvas(prep.body, prep.dpi, window)
    if options.reread_under_stamp:
        blocks = reread_under_stamp(blocks, prep.body, window, prep.dpi, options.call_timeout())
    dpi = int(prep.dpi * canvas.zoom)
    parsed = parse_tsv(run_tsv(canvas.image, dpi, psm=options.ink_psm, timeout=options.call_timeout()))
    return _Stamp(canvas, dpi, parsed, black=True), blocks


def _stamp_blocks(stamp: _Stamp, options: OcrOptions) -> list[Block]:
    """The stamp's reading mended, pass by pass: marks the canvas call missed, a poorly read stamp
    in its faint rendering, a dropped Ngày line, its values and unit codes read again, signatures
    marked (not on a black crop, where the print is unread ink too); then its blocks."""
    canvas, dpi = stamp.canvas, stamp.dpi
    parsed = stamp.parsed + _unread_marks(canvas, stamp.parsed, dpi, options)
    if not stamp.black:
        parsed += _askew_marks(canvas, parsed, dpi, options)
    parsed = _faint_where_surer(canvas, parsed, dpi, options)
    parsed = _dropped_date_lines(canvas, parsed, dpi, options)
    if options.reread_values:
        parsed = reread_values(parsed, canvas, dpi, options.call_timeout(), options.digit_model)
        parsed = reread_units(parsed, canvas, options.digit_model, options.unit_codes)
    if not stamp.black:
        parsed = mark_signatures(parsed, canvas)
    return assign(parsed, canvas, (0, 0))


def _raw_page(ref: PageRef, image: np.ndarray, options: OcrOptions, t0: float) -> OcrPage:
    """Bare Tesseract (``-l vie --psm 3``) on the page as decoded, at its own resolution: the
    baseline every preprocessing step and re-read is measured against."""
    blocks = _bare(image, ref, options)
    h, w = image.shape[:2]
    return OcrPage(number=ref.index + 1, width=w, height=h, dpi=ref.dpi, source="ocr", blocks=blocks,
                   body_text=rows_text([ln for b in blocks for ln in b.lines]), seconds=time.perf_counter() - t0)


def _bare(image: np.ndarray, ref: PageRef, options: OcrOptions) -> list[Block]:
    """One Tesseract call on the page as decoded, at its own resolution: the raw baseline's reading."""
    return parse_tsv(run_tsv(image, ref.dpi, timeout=options.call_timeout()))


def _unread_marks(canvas: InkCanvas, parsed: list[Block], dpi: int, options: OcrOptions) -> list[Block]:
    """The boxed marks (HỎA TỐC, MẬT) the canvas call read nothing plausible in, read alone: its
    layout analysis can drop a line of large capitals under a stamp."""
    out: list[Block] = []
    for k in canvas.boxed:
        top, height, _ = canvas.slots[k]
        if not _read_nothing(canvas, parsed, k):
            continue
        out += _read_slot(canvas.image, top, height, dpi, options)
    return out


ASKEW_SURE = 0.6    # an askew mark's words, read level, are kept only when Tesseract is this sure of each


def _read_nothing(canvas: InkCanvas, parsed: list[Block], k: int) -> bool:
    return not any(canvas.slot_of(ln) == k and any(plausible(w) for w in ln.words) for b in parsed for ln in b.lines)


def _askew_marks(canvas: InkCanvas, parsed: list[Block], dpi: int, options: OcrOptions) -> list[Block]:
    """The stamp slots the canvas call read nothing in whose letters run along one line at a clear
    angle (a HỎA TỐC arrow pressed askew: :mod:`ocr.askew`), turned level and read alone; the
    words it is sure of are placed across their slot (their boxes on the turned crop are not
    the page's)."""
    out: list[Block] = []
    for k, (top, height, region) in enumerate(canvas.slots):
        if region.kind != "stamp" or not _read_nothing(canvas, parsed, k):
            continue                    # pen (a signature, a note) is no mark: never turned and read
        slot = canvas.image[top:top + height]
        angle = text_angle(slot, dpi)
        if angle is None:
            continue
        read = parse_tsv(run_tsv(levelled(slot, angle, dpi), dpi, psm=options.ink_psm, timeout=options.call_timeout()))
        words = [w for b in read for ln in b.lines for w in ln.words]
        if not words or not all(plausible(w) and w.conf >= ASKEW_SURE for w in words):
            continue
        step = max(1, canvas.image.shape[1] // len(words))
        out.append(Block([Line([replace(w, bbox=(i * step, top, (i + 1) * step, top + height))
                                for i, w in enumerate(words)])]))
    return out


def _read_slot(image: np.ndarray, top: int, height: int, dpi: int, options: OcrOptions) -> list[Block]:
    """One canvas slot (rows ``top`` to ``top + height`` of ``image``) read alone, in canvas coordinates."""
    return [_shift(b, 0, top) for b in parse_tsv(run_tsv(image[top:top + height], dpi, psm=options.ink_psm,
                                                          timeout=options.call_timeout()))]


def _faint_where_surer(canvas: InkCanvas, parsed: list[Block], dpi: int, options: OcrOptions) -> list[Block]:
    """A stamp Tesseract read poorly (:func:`reading_quality` below :data:`POOR`) read again in its
    faint rendering (thin, pale print and pen: see :func:`ocr.ink.ink_mask`); where that reading
    is surer by :data:`SURER`, it replaces the stamp's lines, and the faint rendering replaces the
    slot on the canvas, so that the values and units are cut from it too."""
    if canvas.faint is None:
        return parsed
    out = parsed
    for k, (top, height, region) in enumerate(canvas.slots):
        if region.kind != "stamp":
            continue
        inside = [ln for b in out for ln in b.lines if canvas.slot_of(ln) == k]
        quality = reading_quality(inside)
        if quality >= POOR:
            continue
        faint = _read_slot(canvas.faint, top, height, dpi, options)
        if reading_quality([ln for b in faint for ln in b.lines]) < quality + SURER:
            continue
        canvas.image[top:top + height] = canvas.faint[top:top + height]
        kept = [Block([ln for ln in b.lines if canvas.slot_of(ln) != k], b.kind) for b in out]
        out = [b for b in kept if b.lines] + faint
    return out


def _dropped_date_lines(canvas: InkCanvas, parsed: list[Block], dpi: int, options: OcrOptions) -> list[Block]:
    """A stamp read with its số label but no ngày label, read alone for the lines the canvas call
    dropped. The stamp's "Ngày:" sits under "Số:", right of the other labels (NĐ 30 Phụ lục IV),
    and Tesseract's layout analysis of the whole canvas can leave that indented line out; the
    slot read alone keeps it. Only the lines where the canvas call read none are added."""
    out = parsed
    for k, (top, height, region) in enumerate(canvas.slots):
        inside = [ln for b in out for ln in b.lines if canvas.slot_of(ln) == k]
        kinds = label_kinds(inside) if region.kind == "stamp" else set()
        if "number" not in kinds or "date" in kinds:
            continue
        alone = [ln for b in _read_slot(canvas.image, top, height, dpi, options) for ln in b.lines]
        new = [ln for ln in alone if "date" in label_kinds([ln])
               and not any(ln.bbox[1] < old.bbox[3] and old.bbox[1] < ln.bbox[3] for old in inside)]
        out = [*out, Block(new)] if new else out
    return out


def reading_quality(lines: list[Line]) -> float:
    """The mean confidence of the words read, weighted by their letters and digits."""
    weights = [(sum(c.isalnum() for c in w.text), w.conf) for ln in lines for w in ln.words]
    total = sum(n for n, _ in weights)
    return sum(n * c for n, c in weights) / total if total else 0.0


def _shift(block: Block, dx: int, dy: int) -> Block:
    return Block([Line([replace(w, bbox=(w.bbox[0] + dx, w.bbox[1] + dy, w.bbox[2] + dx, w.bbox[3] + dy))
                        for w in ln.words]) for ln in block.lines], block.kind)


def text_layer_page(tp: TextPage) -> OcrPage:
    lines = words_to_lines(tp.words)
    w = max((wd.bbox[2] for wd in tp.words), default=0)
    h = max((wd.bbox[3] for wd in tp.words), default=0)
    return OcrPage(number=tp.index + 1, width=w, height=h, dpi=TEXT_LAYER_DPI, source="text-layer",
                   blocks=[Block(lines)] if lines else [], body_text=rows_text(lines))


def _init_worker() -> None:
    os.environ["OMP_THREAD_LIMIT"] = "1"
    cv2.setNumThreads(1)


def _run_page(ref: PageRef, options: OcrOptions) -> OcrPage | CongvanError:
    try:
        return ocr_page(ref, options)
    except CongvanError as exc:
        return exc
    except cv2.error as exc:
        return CorruptFileError(f"page {ref.index + 1}: the image cannot be processed ({exc.err})", ref.path)
    except MemoryError:
        return OcrEngineError(f"page {ref.index + 1}: out of memory", ref.path)


@dataclass
class _Pending:
    path: Path
    plan: FilePlan | None
    error: CongvanError | None
    futures: dict[int, Future[OcrPage | CongvanError]]


def ocr_files(paths: Iterable[Path],
              options: OcrOptions | None = None) -> Iterator[tuple[Path, OcrDocument | CongvanError]]:
    """OCR many files with one pool; yields ``(path, document or error)`` in input order."""
    options = options or OcrOptions()
    check_engine()
    paths = list(paths)
    if options.workers == 1 or not paths:
        for path in paths:
            yield path, _sequential(path, options)
        return
    ctx = multiprocessing.get_context("forkserver")
    with ProcessPoolExecutor(max_workers=options.workers, mp_context=ctx, initializer=_init_worker) as pool:
        pending: list[_Pending] = []
        for path in paths:
            try:
                plan = probe(path)
            except CongvanError as exc:
                pending.append(_Pending(path, None, exc, {}))
                continue
            try:
                futures = {ref.index: pool.submit(_run_page, ref, options) for ref in plan.to_ocr}
            except BrokenProcessPool:
                pending.append(_Pending(path, None, OcrEngineError(
                    "an OCR worker process died (out of memory?); run again with --jobs 1", path), {}))
                continue
            pending.append(_Pending(path, plan, None, futures))
        for item in pending:
            yield item.path, _collect(item, options)


def _collect(item: _Pending, options: OcrOptions) -> OcrDocument | CongvanError:
    if item.error is not None or item.plan is None:
        return item.error or OcrEngineError("no plan", item.path)
    results: dict[int, OcrPage | CongvanError] = {}
    for index, fut in item.futures.items():
        try:
            results[index] = fut.result()
        except BrokenProcessPool:
            results[index] = OcrEngineError(f"page {index + 1}: the OCR worker died", item.path)
    return _assemble(item.plan, results, options)


def _blanks_of_text_page(plan: FilePlan, page: OcrPage, options: OcrOptions) -> OcrPage:
    """A text-layer page whose header number or day is blank in the layer (typed into the form
    as an image, or in a font with no text: e-signature systems do this) with them read from the
    rendered page (:mod:`ocr.header_blanks`); any other page as it is."""
    if options.raw or not (options.digit_model and options.header_blanks) or plan.fmt != "pdf" \
            or not left_blank(page.blocks, page.height, page.width):
        return page
    image = load_image(PageRef(plan.path, plan.fmt, page.number - 1, TEXT_LAYER_DPI))
    grey = image if image.ndim == 2 else image.min(axis=2)
    h, w = grey.shape
    blocks = fill_blanks(page.blocks, lambda box: grey[box[1]:box[3], box[0]:box[2]], h, w)
    return replace(page, blocks=blocks, body_text=rows_text([ln for b in blocks for ln in b.lines]))


def _assemble(plan: FilePlan, results: dict[int, OcrPage | CongvanError],
              options: OcrOptions) -> OcrDocument | CongvanError:
    pages: list[OcrPage] = []
    for index in range(plan.pages):
        if index in plan.text_pages:
            pages.append(_blanks_of_text_page(plan, text_layer_page(plan.text_pages[index]), options))
            continue
        got = results[index]
        if isinstance(got, CongvanError):
            got.path = got.path or plan.path
            return got
        pages.append(got)
    signed = pdf_signatures(Path(plan.path)) if plan.fmt == "pdf" and not options.raw else ()
    return OcrDocument(path=plan.path, sha256=plan.sha256, pages=pages, signatures=[s.to_dict() for s in signed])


def _sequential(path: Path, options: OcrOptions) -> OcrDocument | CongvanError:
    try:
        plan = probe(path)
    except CongvanError as exc:
        return exc
    return _assemble(plan, {ref.index: _run_page(ref, options) for ref in plan.to_ocr}, options)


def ocr_file(path: Path, options: OcrOptions | None = None) -> OcrDocument:
    """OCR one file; raises its :class:`CongvanError` on failure."""
    (_, result), = ocr_files([path], options)
    if isinstance(result, CongvanError):
        raise result
    return result
