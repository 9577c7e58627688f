"""How sure congvan is of a record field: one scale for every extractor, and the line under which
the clerk is asked to check a field.

A level says how a value was found, not a probability; each extractor's docstring says which
way of finding gives which level.
"""

from __future__ import annotations

CHECKED = 1.0         # set or confirmed by a person (a correction, a leader's decision)
PRINTED = 0.95        # read whole in its prescribed place, confirmed by its neighbour (a date after its place)
READ = 0.9            # read in its place
READ_BOUNDED = 0.85   # read in its place, where it ends judged (a list, a subject over lines, a mark's box)
READ_PLAIN = 0.8      # read, without what would confirm it (a date with no place before it)
MENDED = 0.75         # read, with an OCR slip mended from the form it must have
COMPLETED = 0.7       # read in part, the rest supplied by another field (a name completed from the ký hiệu)
INFERRED = 0.6        # not read but inferred from other fields, or found by its shape alone
DOUBTFUL = 0.5        # read, but doubtful: a value without its label, a default when nothing was found
WEAK = 0.3            # a fragment: the place of a date whose digits were lost
ABSENT = 0.2          # nothing found where something usually is
NONE = 0.0            # nothing found

CHECK_BELOW = 0.6     # a field under this is shown to the clerk as one to check
