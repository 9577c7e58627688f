"""The stamp's unit codes read again by the line model (blocks built by hand; the real model)."""

from __future__ import annotations

import cv2
import numpy as np

from congvan.ocr.ink import InkCanvas, InkRegion
from congvan.ocr.stamp_units import RE_CODE, office_code, reread_units, unit_boxes
from congvan.ocr.types import Block, Line, Word


def _canvas(value: str) -> InkCanvas:
    image = np.full((200, 1200), 255, np.uint8)
    cv2.putText(image, "Phoi hop:", (20, 120), cv2.FONT_HERSHEY_SIMPLEX, 1.4, 0, 3)
    cv2.putText(image, value, (330, 120), cv2.FONT_HERSHEY_SCRIPT_SIMPLEX, 1.8, 0, 3, cv2.LINE_AA)
    return InkCanvas(image, [(0, 200, InkRegion((0, 0, 1200, 200), "stamp", "red"))], zoom=1.0, pad=10)


def _line(*words: str) -> Line:
    x = 20
    out = []
    for text in words:
        out.append(Word(text, (x, 85, x + 30 * len(text), 125), 0.9))
        x += 30 * len(text) + 15
    return Line(out)


def test_unit_labels_are_found_with_their_colon_or_glued_to_the_value() -> None:
    blocks = [Block([_line("Xử", "lý", "chính:", "P.CNTT"), _line("Phối", "hợp.", "VP"),
                     _line("xử", "ÿ-chmh::P.°ÑTŸ"), _line("Lãnh", "đạo:", "✍"), _line("hợp", "tác"),
                     _line("Chỉ:", "P.KHTC")], "stamp")]
    boxes = unit_boxes(blocks, 1200)
    assert [(b, k) for b, k, _, _ in boxes] == [(0, 0), (0, 1), (0, 2)]
    glued = blocks[0].lines[2].words[1]
    start = boxes[2][2][0]
    assert glued.bbox[0] < start < glued.bbox[2]          # inside the glued word, after "chmh::"


def test_a_whole_label_read_without_its_colon_is_a_label() -> None:
    blocks = [Block([_line("Xu", "ly", "chình", "4m"), _line("Phối", "hợp", "VP"), _line("chính", "VP"),
                     _line("hợp", "đồng"), _line("Chuyển", "P.CNTT")], "stamp")]
    # "chính" or "hợp" alone, and "Chuyển" (a verb as often as a label), need their colon
    assert [(b, k) for b, k, _, _ in unit_boxes(blocks, 1200)] == [(0, 0), (0, 1)]


def test_an_unsure_unit_is_read_again_in_the_faint_rendering() -> None:
    blocks = [Block([Line([Word("Phối", (20, 85, 110, 125), 0.97), Word("hợp:", (120, 85, 210, 125), 0.96),
                           Word("p", (330, 85, 380, 125), 0.4)])], "stamp")]
    bare = _canvas("")                          # the strict mask kept none of the thin pen
    assert [w.text for w in reread_units(blocks, bare)[0].lines[0].words] == ["Phối", "hợp:", "p"]
    bare.faint = _canvas("TT CNTT").image
    assert [w.text for w in reread_units(blocks, bare)[0].lines[0].words] == ["Phối", "hợp:", "TT CNTT"]


# a toy output layer for the office's codes: 0 the blank, then these symbols
INDEX = {c: i + 1 for i, c in enumerate("VPTrBCXa.")}
CODES = (("VP",), ("TTra", "TTr"), ("P.BCVT",))


def _spelling(text: str) -> np.ndarray:
    """Model output spelling ``text`` over 16 steps, one symbol every other step, each at 0.9."""
    probs = np.full((16, len(INDEX) + 1), 0.1 / len(INDEX))
    probs[:, 0] = 0.9
    for i, c in enumerate(text):
        probs[2 * i + 1] = 0.1 / len(INDEX)
        probs[2 * i + 1, INDEX[c]] = 0.9
    return probs


def test_a_unit_the_model_spells_clearly_is_that_units_code() -> None:
    assert office_code(_spelling("VP"), INDEX, CODES) == "VP"
    assert office_code(_spelling("TTr"), INDEX, CODES) == "TTra"        # another form: the canonical code
    assert office_code(_spelling("P.BCVX"), INDEX, CODES) == "P.BCVT"    # a letter misread
    assert office_code(_spelling("VP"), INDEX, ()) is None


def test_no_code_is_taken_for_a_blank_a_scrawl_or_a_line_between_two_codes() -> None:
    assert office_code(_spelling(""), INDEX, CODES) is None
    assert office_code(_spelling("XaXaX"), INDEX, CODES) is None         # far likelier read as itself
    assert office_code(_spelling("TP"), INDEX, CODES) is None            # as much VP as TTr


def test_a_code_is_letters_joined_by_dots_spaces_or_dashes() -> None:
    for code in ("P.CNTT", "VP", "TTra", "TT CNTT", "P.TTBCXB", "VP. TT CNTT", "P.KH&TC"):
        assert RE_CODE.match(code), code
    for junk in ("P..", "4m", "P TTBCXB..", "", "a  b"):
        assert not RE_CODE.match(junk), junk


def test_a_misread_unit_is_replaced_by_the_models_sure_reading() -> None:
    blocks = [Block([Line([Word("Phối", (20, 85, 110, 125), 0.97), Word("hợp:", (120, 85, 210, 125), 0.96),
                           Word("7T", (330, 85, 380, 125), 0.4), Word("GNTT", (390, 85, 520, 125), 0.5)])],
                    "stamp")]
    out = reread_units(blocks, _canvas("TT CNTT"))
    assert [w.text for w in out[0].lines[0].words] == ["Phối", "hợp:", "TT CNTT"]
    assert out[0].lines[0].words[-1].conf >= 0.9
    assert [w.text for w in blocks[0].lines[0].words] == ["Phối", "hợp:", "7T", "GNTT"]     # input untouched


def test_nothing_sure_leaves_the_line_as_read() -> None:
    blocks = [Block([Line([Word("Phối", (20, 85, 110, 125), 0.97), Word("hợp:", (120, 85, 210, 125), 0.96)])],
                    "stamp")]
    canvas = _canvas("")
    assert reread_units(blocks, canvas)[0].lines[0].words == blocks[0].lines[0].words
