"""A black round seal found by its circles and taken off the page (no Tesseract here)."""

from __future__ import annotations

import cv2
import numpy as np

from congvan.ocr.seals import find_seals, remove_seals

DPI = 200
CX, CY = 980, 1240                     # where cv030's seal sits, at 200 dpi


def _page() -> np.ndarray:
    return np.full((2339, 1653), 255, np.uint8)


def _text_rows(grey: np.ndarray, top: int, rows: int) -> None:
    """Rows of letter-sized marks, with round letters ("o") among them."""
    for r in range(rows):
        y = top + 45 * r
        for x in range(250, 1400, 24):
            if (x // 24) % 5 == 0:
                cv2.circle(grey, (x + 8, y + 10), 9, 0, 2)
            else:
                cv2.rectangle(grey, (x, y), (x + 14, y + 22), 0, -1)


def _seal(grey: np.ndarray) -> None:
    cv2.circle(grey, (CX, CY), 146, 0, 4)                          # outer circle, 37 mm across
    cv2.circle(grey, (CX, CY), 100, 0, 2)                          # inner circle
    for k in range(18):                                            # the ring's letters
        a = np.deg2rad(20 * k)
        x, y = int(CX + 123 * np.cos(a)), int(CY + 123 * np.sin(a))
        cv2.rectangle(grey, (x - 6, y - 8), (x + 6, y + 8), 0, -1)
    star = np.array([(CX + 60 * np.cos(np.deg2rad(a - 90)) * (1 if k % 2 == 0 else 0.4),
                      CY + 60 * np.sin(np.deg2rad(a - 90)) * (1 if k % 2 == 0 else 0.4))
                     for k, a in enumerate(range(0, 360, 36))], np.int32)
    cv2.fillPoly(grey, [star], 0)


def test_a_seal_is_found_by_its_two_circles() -> None:
    grey = _page()
    _text_rows(grey, 300, 10)
    _seal(grey)
    seals = find_seals(grey, DPI)
    assert len(seals) == 1
    seal = seals[0]
    assert abs(seal.x - CX) <= 2 and abs(seal.y - CY) <= 2
    assert len(seal.strokes) == 2
    assert seal.strokes[0][0] <= 100 <= seal.strokes[0][1] + 1 and seal.strokes[1][0] <= 146 <= seal.strokes[1][1] + 1


def test_circles_and_star_go_print_across_the_seal_stays() -> None:
    grey = _page()
    _seal(grey)
    title = (CX + 60, CY - 70, CX + 330, CY - 40)                  # "GIÁM ĐỐC" across the ring, to the right
    for x in range(title[0], title[2], 24):
        cv2.rectangle(grey, (x, title[1]), (x + 16, title[3]), 0, -1)
    out = remove_seals(grey, find_seals(grey, DPI), DPI)
    angles = np.deg2rad(np.arange(90, 270, 7))                     # the left half: no title there
    for r in (100, 146):
        xs, ys = (CX + r * np.cos(angles)).astype(int), (CY + r * np.sin(angles)).astype(int)
        assert (out[ys, xs] > 200).all(), "the circles' strokes are whitened"
    assert out[CY - 30:CY + 30, CX - 15:CX + 15].min() > 200, "the star is whitened"
    # the title keeps its ink off the circles: most of it, and all of what lies outside the seal
    x0, y0, x1, y1 = title
    assert (out[y0:y1, x0:x1] < 128).sum() > 0.85 * (grey[y0:y1, x0:x1] < 128).sum()
    assert (out[y0:y1, CX + 160:x1] == grey[y0:y1, CX + 160:x1]).all()


def test_a_page_of_text_a_table_or_a_round_letter_has_no_seal() -> None:
    grey = _page()
    _text_rows(grey, 200, 40)
    cv2.rectangle(grey, (240, 2050), (1400, 2250), 0, 2)           # a table
    cv2.line(grey, (820, 2050), (820, 2250), 0, 2)
    cv2.circle(grey, (300, 150), 40, 0, 3)                         # a small round logo: too small for a seal
    assert find_seals(grey, DPI) == []
    assert remove_seals(grey, [], DPI) is grey


def test_the_rings_letters_are_dropped_the_title_across_the_ring_kept() -> None:
    from congvan.ocr.seals import Seal, ring_words_dropped
    from congvan.ocr.types import Block, Line, Word

    seal = Seal(980.0, 1240.0, ((100, 101), (145, 148)))
    title = Line([Word("GIẾM", (1040, 1120, 1110, 1150), 0.37),       # on the ring, runs on into ĐỐC
                  Word("ĐỐC", (1125, 1120, 1200, 1150), 0.96)])
    list_line = Line([Word("Nơi", (250, 1200, 300, 1230), 0.96), Word("nhận:", (310, 1200, 390, 1230), 0.97),
                      Word("'NỘ", (960, 1100, 995, 1125), 0.75)])      # the seal's name, read as debris
    debris = Line([Word("k®)", (855, 1290, 880, 1310), 0.88)])
    out = ring_words_dropped([Block([title, list_line, debris])], (seal,))
    assert [[w.text for w in ln.words] for b in out for ln in b.lines] == [["GIẾM", "ĐỐC"], ["Nơi", "nhận:"]]
    assert ring_words_dropped([Block([debris])], ()) == [Block([debris])]
