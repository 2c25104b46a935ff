"""GNU gettext PO files, written byte for byte as GNU ``msgcat`` writes them.

:func:`format_catalog` writes a :class:`~transpipe.core.model.CatalogData` exactly
as ``msgcat`` (gettext 0.21, default page width 79) prints it: running
``msgcat`` over the output changes nothing, and a catalogue a reviewer's tool
saved through gettext is written back unchanged, so re-runs do not churn.
:func:`parse_catalog` is the strict reader that goes with it: a syntax error
is a :class:`~transpipe.core.errors.CatalogError` naming its line, and nothing is
dropped or guessed.  For a file ``t`` that msgcat wrote,
``format_catalog(parse_catalog(t)) == t``; for data ``d`` in msgcat's
normal form (below), ``parse_catalog(format_catalog(d)) == d`` but for the
entries' ``line``.

**Entry layout** (gettext's ``write-po.c``): translator comments (``# x``,
``#`` for an empty line), extracted comments (``#. x``), references, flags,
the previous msgid (``#| msgid``), ``msgctxt``, ``msgid``, ``msgstr``.  One
blank line between entries, the header first, obsolete entries last
(``#~ `` before their keyword and string lines, ``#~| `` before the previous
msgid; their comments, references and flags are written as for live ones).

**References**: ``#:`` then `` path:line`` each (a bare path without line),
leading ``./`` removed, duplicates once; the next reference goes on a new
``#:`` line when it (counted in UTF-8 bytes, with its leading space) would
pass column 79, so ``#: a.md:1 a.md:9`` share a line and a single over-long
reference stays on a line of its own.

**Flags**, normalised as gettext does: ``fuzzy`` first (left out when the
msgstr is empty, the header's too), the format flags (``c-format``,
``no-python-format`` ...) in gettext's fixed order of languages, ``range:
a..b``, ``no-wrap``.  ``possible-X-format`` becomes ``X-format``; ``wrap``,
``impossible-X-format`` and flags gettext does not know are not written
(msgcat drops them when reading); of contradicting flags the last wins.

**Strings** are escaped with ``\\\\``, ``\\"`` and ``\\a \\b \\f \\n
\\r \\t \\v``; other control characters are written raw, as gettext does.
A string is cut after each ``\\n``, and each piece is broken with the
Unicode line-breaking algorithm (UAX #14 as libunistring 1.0 implements it,
Unicode 14), run over the escaped text: a line breaks at the last break
opportunity before it would pass column 78 (79 with the closing quote),
counting display columns (CJK and most emoji 2, combining marks and control
characters 0, an escape 2).  Break opportunities: after a run of spaces (the
spaces end the line), after ``-``, ``/``, ``.``, ``?`` and dashes before a
letter (so URLs break: ``example.|com/|news``), around ideographs and emoji;
none inside a run of letters or digits, inside an escape, or just before a
final ``\\n``: such a run overflows the line.  A string that does not fit
after its keyword, or has a ``\\n`` before its end, starts with ``msgid ""``
and goes on the following lines.  ``no-wrap`` entries are cut after ``\\n``
only.  U+0085, U+2028 and U+2029 restart the column count without a break,
as in libunistring.

**msgcat's normal form**, which :func:`format_catalog` writes whatever it is
given: the flags above; obsolete entries last and only with a translation;
references without ``./`` and duplicates.  It raises :class:`ValueError` for
what no PO file can hold: a header without ``Content-Type: text/plain;
charset=UTF-8``, duplicate msgctxt+msgid, an entry with the header's key,
NUL or lone surrogates, a reference with whitespace or a non-numeric line,
and comment lines ending in a backslash (gettext joins them with the next
line).

**Not matched**: format strings are not parsed, so a ``c-format`` string
with a break opportunity inside a directive (``%-s``, ``% d``) may break
there where gettext does not; characters outside Unicode 14 break as in
libunistring 1.0 (newer gettext builds may differ there); msgcat writes
nothing at all for a catalogue without entries unless given ``--force-po``;
an extracted comment holding a newline is written as several ``#.`` lines
(msgcat would write the newline raw); a translator comment that is a single
empty line reads back as no comment; a translator comment ``File: x, line:
3`` is read by gettext as a reference.

**Reading** accepts what Poedit, Weblate, Lokalize, polib and msgcat write
(any wrapping, ``#~`` and ``#~|``, CRLF line ends, several ``#,`` lines,
which are merged where msgcat 0.21 would keep only the last) and refuses what
the model cannot hold: plural forms (``msgid_plural``, ``msgstr[n]``) and a
previous msgctxt (``#| msgctxt``) raise instead of being dropped.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from transpipe.core.errors import CatalogError
from transpipe.core.model import CatalogData, CatalogEntry

PAGE_WIDTH = 79
"""gettext's default page width (``msgcat`` without ``-w``)."""

# Format flag languages of gettext 0.21, in the order msgcat writes them.
FORMAT_LANGUAGES = (
    "c",
    "objc",
    "python",
    "python-brace",
    "java",
    "java-printf",
    "csharp",
    "javascript",
    "scheme",
    "lisp",
    "elisp",
    "librep",
    "ruby",
    "sh",
    "awk",
    "lua",
    "object-pascal",
    "smalltalk",
    "qt",
    "qt-plural",
    "kde",
    "kde-kuit",
    "boost",
    "tcl",
    "perl",
    "perl-brace",
    "php",
    "gcc-internal",
    "gfc-internal",
    "ycp",
)

_CHARSET = "UTF-8"

# --- Unicode tables --------------------------------------------------------
#
# Line-breaking classes and column widths of every code point, as
# libunistring 1.0 (Unicode 14.0) has them: the library gettext 0.21 wraps
# with.  Both are runs of equal values: each run is its start (distance from
# the previous run's start, in base len(digits), most significant digit
# first) followed by one symbol for its value.  They are decoded when a
# catalogue is formatted, never at import.

# Line-breaking classes: libunistring's numbering, 0..32 index _PAIRS.
_HY, _BA, _AL, _HL, _RI, _ZWJ = 5, 3, 20, 28, 29, 30
_BK, _CR, _LF, _CM, _ZW, _SP = 33, 34, 35, 36, 37, 38
_HL_BA = 100  # a Hebrew letter followed by a hyphen (UAX #14 rule LB21a)
_LB_SYMBOLS = "0123456789abcdefghijklmnopqrstuvwxyzABC"
_LB_DIGITS = "DEFGHIJKLMNOPQRSTUVWXYZ!#$%&()*+,-./:;<=>?@[]^_`{|}~"
_WIDTH_SYMBOLS = "0123"  # width + 1: control characters count -1
_WIDTH_DIGITS = (
    "456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ!#$%&()*+,-./:;<=>?@[]^_`{|}~"
)

_LINEBREAK_RUNS = (
    "DAM3EzExFyEAVCE9EeEkEiEhEkEeEcE7EkEiEfE5EfEjEgNfFkG9Ek&cEiE7Ek)cE3E6EkEAJxEA%1EcEhEiGkIe"
    "EkE3EkFhEiEkF4EkJeEkGcEkND4EkG4EkV4Ek,AE&1EAP1KAQkRfEkIDAKkH`fE3EkHiEkEA^3EAEkEAFkEAF9EA"
    "EkLs&kHsHkZhGfFkFAO9EAE9Gk[AYgNhEgFkGAEkE`9EkEAKkFAJkFAFkEAHkFgNk!AEk*A&kE=AOkSgNk-AMkHf"
    "E9EkGAEiFkZAHkEAMkEAGkEAIk[AGkELALk@A#kEA-kEFAGkEAVkEAKkNAF3FgNkUAGkEHAEkEAKkFAFkFAGkMAE"
    "kNAFkFgNkFhFkIhEkEiEkFAEkFAGkEHAEkEAIkHAFkFAGkGAEkXgNAFkGAEkOAGkEHAEkEALkEAGkEAGkXAFkFgN"
    "kEiEkLAJkEAGkEHAEkEAKkFAFkFAGkKAGkNAFkFgNkVAEkEKAIkGAGkEAHkMAEkRgNkMiEkJAIkEGAEkEAKkEAGk"
    "EAHkKAFkOAFkFgNkK4EkMAG4EkEGAEkEAKkEAGkEAHkKAFkOAFkFgNkTAHkEGAFkEAKkEAGkEAHkMAEkNAFkFgNk"
    "MhEkKAGkEVAEkHAJkEAEkEALkJgNkFAFkE!iEkTgN3FkFPgNk=4HkE4F1E4F3E1E9I1EkE9EkGAFkJgNkN3EAEkE"
    "AEkEAEcE6EcE6EAFk|AR3EAI3EAFkIAOkEA:kE3FkJAEkM4F3E4EkI1FkE|gN3FkETgNkE}pE]qEXrE:kJ;AGkE3"
    "EkGF3EkPS3Ek%cE6EkE%3Gk:AHk(AG3Fk&AFk*AFkE]3FbEkE3EkE3EiEkHgNk#9F3F4EkE9FkEAG1EAEgNkFGAF"
    "k.AEkFRAPkHAPkL9FgNkF#gNkEMAIkE`AEgNkJgNkZA+k|AIk`AUkOgN3FkE3HkNAMkM3FkEAGk*AQkFgNk]ARk{"
    "AXkG3IgNkJgNk:3FkE(AGkEAYkHAEkJAEkFAGkG@AEPkM?4EkF3K1E3GBEAEuEAF3E1E3F2EkGeFcEeGcEeEkHaG"
    "3ExFAI1EhLkEeFkEbFkJfEcE6EbGkP3EkE3HkE3G0EkIANkQcE6EkRcE6EkUiKhEiRhEiHhEiFhEiEhEiSA-kVhE"
    "kIhEkPiEkH[iFkHOaEk#cE6EcE6EkRnFkQdE6EkG?nHkNHnHkTnFkFnEkEnGvEnFk$nGk]nEkZnEkEMnPkHnEkEn"
    "GkEnFkGnFkFnEkFnGkLnEkJnIkEnFvEnEkFnLkGnFvHkE$eJkE9FnEkGcE6EcE6EcE6EcE6EcE6EcE6EcE6EkE&c"
    "E6Ek+cE6EcE6EcE6EcE6EcE6EkK=cE6EcE6EcE6EcE6EcE6EcE6EcE6EcE6EcE6EcE6EcE6EkEOcE6EcE6Ek,cE6"
    "EkR$AGkK9E3GkE9E3EkFL3EkRAEkE]A,eR3LkE3EcE3EkFeFkFeFcE6EcE6EcE6EcE6E3H9EkE3FkE3FkI2F3GkE"
    "3FcE3LkE3EkE3FkG9FcE6EcE6EcE6EcE6E3Ek.n%kEnE;kPnHJk%nPkH3E6FnFbEnFdE6EdE6EdE6EdE6EdE6EnF"
    "dE6EdE6EdE6EdE6EbEdE6FnNAJnIAEnIbFnGkEbEnEbEnEbEnEbEnEbEn$bEn+bEnEbEnEbEnJbEnJbFkFAFbHnE"
    "bFnEbEnEbEnEbEnEbEn$bEn+bEnEbEnEbEnJbEnJbFnHbHnEkIn[kEnE@kEnE,kPbTn+kEn>kLnF+HkEPnK>IbEn"
    "Y~kGnEGkEG3FkIM3E9E3EkTgNkEUAHkEANk,AFkE(AFkE3IkIJAEkGAEkHAEk!AIkHAEkOhEkEK4F9FkLAFk}AVk"
    "L3FgNkJAVkN4EkFAEgNk(AL3Fk!AQkPp)kGAHk`ARkJ3GkJgNkZgNk`ARkPAEkLAFkFgNkG3GkF/AI3FkGAFkH(A"
    "L3EAFkFgNkJlEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&l"
    "Em&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&l"
    "Em&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&l"
    "Em&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&l"
    "Em&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&l"
    "Em&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&l"
    "Em&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&l"
    "Em&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&l"
    "Em&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&l"
    "Em&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&l"
    "Em&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&l"
    "Em&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&l"
    "Em&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&l"
    "Em&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&l"
    "Em&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&l"
    "Em&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&l"
    "Em&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&l"
    "Em&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&lEm&l"
    "Em&lEm&lEm&lEm&lEm&lEm&kPq!kHr|kGJ(nM]k)sEAEsNkEsQkEsIkEsEkEsFkEsFkEsNkM%6EcEkG,hEkGATfE"
    "6FfF9FdE6EaEkJATnIdE6EdE6EdE6EdE6EdE6EdE6EdE6EdE6EnFdE6EnK6EnE6EkEbF9FnEdE6EdE6EdE6EnLkE"
    "nEiEhEnEkF[0EkE9EnFiEhEnFdE6EnF6EnE6EnObFnG9En&dEnE6En)dEnE6EnEdE6FdE6FbEnEbNn^bFn+kGnJk"
    "FnJkFnJkFnGkGhEiEnGiFkVAGnEkH~3GkH@AEkHVAEkF^AIk:3Ek{3EkG~gNkVI3EkG[3EkHUAGkEAFkIAHk>AGk"
    "HAEkT3LkF;AFkM3JaEkER3KkMTAHkLgNkKIAF3EkF{AOk|AHkFVAGkEEAS3Fk)gNAEkFAFkNAHk^AOkG3HAEk^gN"
    "kJAGk:ARkEgN3HkEAFk]AEkE4EkNAGk{ARkH3FkE3EAHkEAFgNkE4EkE3GkE#AP3FkE3FkEAEkFF3EkEEAPkIgNk"
    "JAHkEGAFkEAKkFAFkFAGkMAEkNAFkFAKkGAIkG:AVkH3HkEgN3FkFAEkE)AXkPgNkHIAKkFAM4E3F9FkG3SkHAFk"
    "E*AU3FkQgNkJ4QkENAQkLgNkE}gNkF3GkH)ASkGMgNkEVAJkEAFkFAHkEAEkEAF3GkMgNkFSAKkFAKkE4EkEAEk("
    "ANk>AKkEAH4EkE3H4EkEAEkMAOk_AT3GkE4G3FkK,ALkEALkE3IkNgNkZ4E9Ek,AZkEARkFVAJkGAEkEAFkEAKkE"
    "AEkLgNk{AIkEAFkEAIkLgNkJUAHkHZhHk*3EkY]3IkETWcG6Gk:6EkGcE6EcE6EkH+cE6FkG#1KcE6EkE.)cE6Ek"
    "G#DgNkH3FkE(gNk<AI3EkEJAK3GkN3EkOgNkS|3FkG%AEkEAEGkKAHkE$bH1EkOAFkRnFRDkLnR>kM]nMkGTKnI+"
    "k^bGkUbHkLnK,k`YAF3EAHkE<XA_kFA!kNZAIkGAZkFAKk*AHkF]AGk&Qg}kM]AEGkHA}kLAEkRAEkF3HkTAIkEA"
    "Sk%LAKkEAUkFAKkEAFkEAIkIEAKkMgNkJ]AEkEMAHgNkIiEk(,AKkFIAKkIgNkHcFkTPhEkGhEkTSn]oHnE{oPnS"
    "oFnSoEnSoEn;oNkQnGkE?nGkEMnEoEHt%nGoQn]oHnMoKnFoRnJoF}nF)vEnZkFn!kFnIkEnIvGnFvEnFvGn_wIn"
    "ERvFnFvOnYvWnGvEnHvGnEvGnKvEnEvEnRkEnEkEnEkEnIvEnHkEnEkFnE$kKnTkRnQk#n@vFnHvEnYvEnHvFnEM"
    "kLn#kJnE!vGnGvIk<eGbGkHn/vEnTvGnMvEnOvEnOoInToGnQoGkFPoPkE-nHoKnPoHnEoSkPoHkEHoLkNoJk>oL"
    "k*oFnFoE%kPvEnFvEnLvLnJvEnMvNnFvGnEHvEnEMvFnEvFnEvEnUvGnEvQn.kE,oPnRoFnIoGnIoGnKoMn)oGnO"
    "oInGvGoNnNoJnLoLvKoMkH,gNkJoW.kFn#PRkFn#PRkH.WKAEk*AE]kF#AH,k"
)
_WIDTH_RUNS = (
    "4150z25c0B2h152a;15t27i1b2761N25152516251625152Y1a2e1f25152O1p2k1525i1c251a261625182B152"
    "5152y1v2581f2!1d2d152s18251d251725192L172U162a1c2K1Z2X152515281c2815271b2e162x152!152818"
    "2c152o162u1526162Z1528162816261727152y1627152f162Z152819251628152o162q1a25152!1526152518"
    "2c152b162f162y152%152g152S1527152X152517291725182b162f162x152!152j162o162w162Z1628182c15"
    "2o162x152;152b17251525715261b2g1c25f15261d2f1a2=162v15251525152X1i25192516291f251E2d1525"
    "j18251a251626162t1628172k182h1526162a152j1525f35d15<285172e?172x162y162y162)16251b2c1526"
    "1f2d152N1925y162C1525z1728162d152a1726N1626152!15251b25152515261c2a1e26152Q1z2R182Q15251"
    "9251529152I1d2g162A18261625172Y152516271525172!1c261625*17251h251b28152a15271626s1)2a519"
    "2u192R19251e25d1B2az362h3626k382735263529~362p362S3g2L352n352h352c362l3629362c3529352p35"
    "2b362535283526352b3528362w352D352535283725352%372s352i352d?362T35283528%1725W1525d1A25J3"
    "8[183l253561638_2c3^)2)36_H28,18251e2A162^1627f15271528152t16291525)162u1m2h152G1c2t1f2i"
    "3x27172Q15261826162H152,1a261626162g152c152P152T1525172616291625152K162c1526)15261528152"
    "m35JE2g1r281R25eh39@2y152cJ1k3k1k3)25Y1535e25I3b2m1729[1526U1525&192nl17251629182I172815"
    "25[162aT1828H1625+1f2R1825E152W1j2J1526162e172R182616261528152e152S172E19251c2&152g162U1"
    "d2e18261525c17261525162a1525<15271c2p162Z1627152F1b271926p1c261725152r152|1a251528162516"
    "26)182a1625162v162}1c2615251625n152515261a251525i172618251926}1d251626`162515281525Z1826"
    "1628152A1a26162I1a26182c152d1a26172O1h251628!1b251a2|1q261b2516251625D1a27152516251b2515"
    "2;162715251527~162&J1d25=4192#1b2g8152(182@38152f362i3/O2c3io2K3d25j%38253b25362537y2N37"
    "2l382c38Q2wx1625182W61O261r2aq172d1k261b2y1825%172q*1X281S2c152i152q19251j2jX1b251l261b2"
    "51625192741b28v152%182lt1b25q1b2n-3526w3526k35263e25i37w2g3d253/253q2g3L28392g3l2735273:"
    "25352536h263(2h38253s2m352u362h352~3}2Q3/2a352737263729372f362b3d26V3g283527q3P253e2536f"
    "25t392739273b2d3x273f293a2e3e2a3c2c3b2i:3lvS2~S@152y15d25J16+2"
)
_PAIRS = (
    "PIIIIIPPPPIIIIIPIIIPIIIIIIIIIIIII",
    "PIIIIIPPPPIIIIIPIIIPIIIIIIIIIIIII",
    "PIPIDIPPPPIIDDIPDDDPDDDDDDDDDDDDD",
    "PDDIDIPPPPIIDDIPDDDPDDDDDDDDDDDDD",
    "PIIIIIPPPPIIIIIPIIIPIIIIIIIIIIIII",
    "PDDIDIPPPPIIDDIPIDDPDDDDDDDDDDDDD",
    "PIDIDIPPPPIPDDIPDIIPDDDDDDDDDDDDD",
    "PIDIDIPPPPIIDDIPIIIPIDDDDDDDIDIDD",
    "PIDIDIPPPPIIDDIPDIIPDDDDDDDDDDDDD",
    "PIDIDIPPPPIIDDIPDDDPDDDDDDDDDDDDD",
    "PIDIDIPPPPIIDDIPDDDPDDDDDDDDDDDDD",
    "PIDIDIPPPPIIDDIPDDDPDDDDDDDDDDDDD",
    "PPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPP",
    "PPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPP",
    "PIIIIIPPPPIIPPIPIIIPIIIIIIIIIIIII",
    "PIDIDIPPPPIIDDIPIDDPDDDDDDDDDDDDD",
    "PIDIDIPPPPIIIDIPIIIPIDDDDDDDIDIDD",
    "PIDIDIPPPPIIIIIPIDDPIDDDDDDDIDIDD",
    "PIDIDIPPPPIIIIIPIDDPIIIIIIIIIDIII",
    "PIDIDIPPPPIIDDIPIDDPDDDDDDDDIDDDD",
    "PIDIDIPPPPIIIDIPIIIPIDDDDDDDIDIDD",
    "PIDIDIPPPPIIDDIPDIDPDDDDDDIIDDDDD",
    "PIDIDIPPPPIIDDIPDIDPDDDDDDDIDDDDD",
    "PIDIDIPPPPIIDDIPDIDPDDDDDDDDDDDDD",
    "PIDIDIPPPPIIDDIPDIDPDDDDDDDDDDDDI",
    "PIDIDIPPPPIIDDIPDIDPDIIDDIIDDDDDD",
    "PIDIDIPPPPIIDDIPDIDPDDDDDDIIDDDDD",
    "PIDIDIPPPPIIDDIPDIDPDDDDDDDIDDDDD",
    "PIDIDIPPPPIIIDIPIIIPIDDDDDDDIDIDD",
    "PIDIDIPPPPIIDDIPDDDPDDDDDDDDDDDDD",
    "PIDIDIPPPPIIIDIPIIIPIDDIIDDDIDIII",
    "PIDIDIPPPPIIDDIPDIDPDDDDDDDDDDDDI",
    "PIDIDIPPPPIIDDIPDIDPDDDDDDDDDDDDD",
)

# Results of the line breaking, libunistring's UC_BREAK_* values.
_UNDEFINED, _PROHIBITED, _POSSIBLE, _MANDATORY = 0, 1, 2, 3


@dataclass(frozen=True, slots=True)
class _Runs:
    """A code point property stored as runs: ``values[i]`` from ``starts[i]`` on."""

    starts: tuple[int, ...]
    values: tuple[int, ...]

    @classmethod
    def decode(cls, encoded: str, symbols: str, digits: str, offset: int) -> _Runs:
        base = len(digits)
        starts: list[int] = []
        values: list[int] = []
        start = 0
        delta = 0
        for char in encoded:
            digit = digits.find(char)
            if digit >= 0:
                delta = delta * base + digit
                continue
            start += delta
            delta = 0
            starts.append(start)
            values.append(symbols.index(char) + offset)
        return cls(tuple(starts), tuple(values))

    def __call__(self, char: str) -> int:
        return self.values[bisect_right(self.starts, ord(char)) - 1]


@dataclass(frozen=True, slots=True)
class _Unicode:
    """What the line breaker needs to know about characters.

    ``seen`` remembers the (class, width) of characters already looked up;
    it lives as long as one :func:`format_catalog` call.
    """

    linebreak: _Runs
    width: _Runs
    pairs: tuple[str, ...]
    seen: dict[str, tuple[int, int]]
    ascii_classes: bytes  # bytes.translate tables for the common all-ASCII case
    ascii_widths: bytes

    @classmethod
    def load(cls) -> _Unicode:
        linebreak = _Runs.decode("".join(_LINEBREAK_RUNS), _LB_SYMBOLS, _LB_DIGITS, 0)
        width = _Runs.decode("".join(_WIDTH_RUNS), _WIDTH_SYMBOLS, _WIDTH_DIGITS, -1)
        ascii_classes = bytes(linebreak(chr(i)) for i in range(128)) + bytes(128)
        ascii_widths = bytes(max(width(chr(i)), 0) for i in range(128)) + bytes(128)
        return cls(linebreak, width, _PAIRS, {}, ascii_classes, ascii_widths)

    def props(self, chars: list[str]) -> tuple[list[int], list[int]]:
        """Line-breaking classes and column widths (0 for control characters) of ``chars``."""
        text = "".join(chars)
        if text.isascii() and len(text) == len(chars):
            data = text.encode("ascii")
            return list(data.translate(self.ascii_classes)), list(data.translate(self.ascii_widths))
        seen = self.seen
        classes: list[int] = []
        widths: list[int] = []
        for char in chars:
            known = seen.get(char)
            if known is None:
                known = seen[char] = (self.linebreak(char), max(self.width(char), 0))
            classes.append(known[0])
            widths.append(known[1])
        return classes, widths


def _possible_breaks(classes: list[int], pairs: tuple[str, ...]) -> list[int]:
    """UAX #14 break opportunities before each character, as libunistring 1.0 finds them."""
    # locals, not globals: this loop runs once per character of every long string
    BK, SP, ZW, ZWJ, AL, RI, HL, HL_BA = _BK, _SP, _ZW, _ZWJ, _AL, _RI, _HL, _HL_BA
    ENDS, ATTACHED, HYPHENS = (_BK, _CR, _LF), (_CM, _ZWJ), (_HY, _BA)
    MANDATORY, PROHIBITED, POSSIBLE = _MANDATORY, _PROHIBITED, _POSSIBLE
    result: list[int] = []
    prev = BK  # class of the previous character
    last = BK  # class of the last character that was not a space
    seen_space = False
    ri_count = 0
    for cls in classes:
        if cls in ENDS:
            result.append(MANDATORY)
            prev = cls
            last = BK
            seen_space = False
        else:
            if cls == SP:
                result.append(PROHIBITED)
                seen_space = True
            elif cls == ZW:
                result.append(PROHIBITED)
                last = ZW
                seen_space = False
            elif cls in ATTACHED:
                if last == BK:
                    result.append(PROHIBITED)
                    last = AL
                    seen_space = False
                elif last == ZW or seen_space:
                    result.append(POSSIBLE)
                    last = AL
                    seen_space = False
                else:
                    result.append(PROHIBITED)
            else:
                if last == BK:
                    brk = PROHIBITED
                elif last == ZW:
                    brk = POSSIBLE
                elif prev == ZWJ:
                    brk = PROHIBITED
                elif last == RI and cls == RI:
                    brk = POSSIBLE if seen_space or ri_count % 2 == 0 else PROHIBITED
                elif prev == HL_BA:
                    brk = PROHIBITED
                else:
                    rule = pairs[last][cls]
                    if rule == "D" or (rule == "I" and seen_space):
                        brk = POSSIBLE
                    else:
                        brk = PROHIBITED
                result.append(brk)
                last = cls
                seen_space = False
            prev = HL_BA if prev == HL and cls in HYPHENS else cls
        ri_count = ri_count + 1 if cls == RI else 0
    return result


def _line_breaks(
    chars: list[str], width: int, start: int, overrides: list[int], uni: _Unicode
) -> list[bool]:
    """Where to break ``chars`` so that lines fit in ``width`` columns (u8_width_linebreaks)."""
    classes, widths = uni.props(chars)
    result = [False] * len(chars)
    if start + sum(widths) <= width:
        return result
    possible = _possible_breaks(classes, uni.pairs)
    last_break = -1
    last_column = start
    piece = 0
    for i, columns in enumerate(widths):
        brk = overrides[i] or possible[i]
        if brk == _PROHIBITED:
            piece += columns
            continue
        if last_break >= 0 and last_column + piece > width:
            result[last_break] = True
            last_column = 0
        if brk == _MANDATORY:
            last_break = -1
            last_column = 0
            piece = 0
        else:
            last_break = i
            last_column += piece
            piece = columns
    if last_break >= 0 and last_column + piece > width:
        result[last_break] = True
    return result


# --- Writing ---------------------------------------------------------------

_ESCAPE_NAMES = {
    "\a": "a",
    "\b": "b",
    "\f": "f",
    "\n": "n",
    "\r": "r",
    "\t": "t",
    "\v": "v",
    "\\": "\\",
    '"': '"',
}
_UNWRITABLE = re.compile("[\x00\ud800-\udfff]")
_REFERENCE_SPACE = re.compile("[ \t\n]")


def format_catalog(data: CatalogData) -> str:
    """The catalogue as GNU ``msgcat`` writes it: ``msgcat`` of the result is the result.

    Writes msgcat's normal form (see the module docstring: flags normalised,
    obsolete entries last and only with a msgstr, references without ``./``
    and duplicates).  Raises :class:`ValueError` for what no PO file can hold:
    a header without ``Content-Type: text/plain; charset=UTF-8`` or with a
    key that is empty, has a colon, a newline or surrounding spaces, a value
    with a newline; duplicate msgctxt+msgid or an entry with the header's key
    (empty msgid, no msgctxt); NUL or lone surrogates; a reference whose path
    is empty, has whitespace or ends in a backslash, or whose line is not a
    number; a comment line ending in a backslash.
    """
    header = _header_text(data.header)
    uni = _Unicode.load()
    lines: list[str] = []
    _comment_lines(lines, "#", [data.header_comment] if data.header_comment else [])
    if data.header_fuzzy and header:
        lines.append("#, fuzzy")
    _wrap(lines, "", "msgid", "", True, uni)
    _wrap(lines, "", "msgstr", header, True, uni)
    seen: set[tuple[str | None, str]] = {(None, "")}
    live = [e for e in data.entries if not e.obsolete]
    # msgcat writes obsolete entries last, and none with an empty msgstr.
    obsolete = [e for e in data.entries if e.obsolete and e.msgstr]
    for entry in (*live, *obsolete):
        key = (entry.msgctxt, entry.msgid)
        if key in seen:
            what = "the header's empty msgid" if key == (None, "") else f"msgid {entry.msgid!r}"
            context = "" if entry.msgctxt is None else f" (msgctxt {entry.msgctxt!r})"
            raise ValueError(f"duplicate entry: {what}{context} occurs twice")
        seen.add(key)
        lines.append("")
        _entry_lines(lines, entry, uni)
    return "\n".join(lines) + "\n"


def _header_text(header: tuple[tuple[str, str], ...]) -> str:
    """The header entry's msgstr: ``Key: value`` lines."""
    charset: str | None = None
    for key, value in header:
        if not key or ":" in key or key != key.strip() or "\n" in key + value:
            raise ValueError(f"header field {key!r}: {value!r} cannot be written as 'Key: value'")
        if key == "Content-Type" and charset is None:
            charset = _charset(value) or value
    if charset != _CHARSET:
        raise ValueError(
            "the header needs 'Content-Type: text/plain; charset=UTF-8'"
            + (f", not {charset!r}" if charset else "")
        )
    return _writable("".join(f"{key}: {value}\n" for key, value in header))


def _charset(content_type: str) -> str | None:
    match = re.fullmatch(r"text/plain;\s*charset=([^\s;]+)\s*", content_type, re.IGNORECASE)
    return match.group(1).upper() if match else None


def _writable(text: str) -> str:
    bad = _UNWRITABLE.search(text)
    if bad:
        raise ValueError(f"{text!r} holds U+{ord(bad.group()):04X}, which a PO file cannot hold")
    return text


def _comment_lines(lines: list[str], mark: str, texts: list[str]) -> None:
    for text in texts:
        for line in _writable(text).split("\n"):
            if line.endswith("\\"):
                raise ValueError(
                    f"comment line {line!r} ends with a backslash, which gettext joins with "
                    "the next line"
                )
            lines.append(f"{mark} {line}" if line else mark)


def _entry_lines(lines: list[str], entry: CatalogEntry, uni: _Unicode) -> None:
    if entry.tcomment:
        _comment_lines(lines, "#", [entry.tcomment])
    _comment_lines(lines, "#.", list(entry.comments))
    _reference_lines(lines, entry.references)
    flags, wrap = gettext_flags(entry.flags, entry.msgstr)
    if flags:
        lines.append("#, " + ", ".join(flags))
    prefix = "#~ " if entry.obsolete else ""
    if entry.previous_msgid is not None:
        _wrap(lines, "#~| " if entry.obsolete else "#| ", "msgid", entry.previous_msgid, wrap, uni)
    if entry.msgctxt is not None:
        _wrap(lines, prefix, "msgctxt", entry.msgctxt, wrap, uni)
    _wrap(lines, prefix, "msgid", entry.msgid, wrap, uni)
    _wrap(lines, prefix, "msgstr", entry.msgstr, wrap, uni)


def _reference_lines(lines: list[str], references: tuple[tuple[str, str], ...]) -> None:
    refs: list[tuple[str, str]] = []
    for path, number in references:
        if (
            not path
            or _REFERENCE_SPACE.search(path)
            or path.endswith("\\")
            or not (number == "" or _is_number(number))
        ):
            raise ValueError(
                f"reference {path}:{number} cannot be written: the path must be non-empty, "
                "without whitespace and not end in a backslash; the line a number or empty"
            )
        while path.startswith("./"):  # gettext drops these when writing
            path = path[2:]
        ref = (_writable(path), str(int(number)) if number else "")
        if ref not in refs:  # gettext keeps the first of equal references
            refs.append(ref)
    if not refs:
        return
    texts = [f"{path}:{number}" if number else path for path, number in refs]
    if _parse_references(" ".join(texts)) != refs:
        raise ValueError(f"references {' '.join(texts)!r} would read back as other paths or lines")
    line = "#:"
    column = 2
    for text in texts:
        size = len(text.encode("utf-8")) + 1
        if column > 2 and column + size > PAGE_WIDTH:
            lines.append(line)
            line = "#:"
            column = 2
        line += " " + text
        column += size
    lines.append(line)


def gettext_flags(flags: tuple[str, ...], msgstr: str) -> tuple[list[str], bool]:
    """The ``#,`` flags gettext keeps of ``flags``, in its order, and whether to wrap.

    Reads the flags as gettext reads one ``#,`` line (``range:`` takes the next
    word as its value; of contradicting flags the last wins) and returns what
    ``msgcat`` writes back.
    """
    words = [w for w in re.split(r"[\n \t\r\f\v,]+", ", ".join(flags)) if w]
    fuzzy = False
    formats: dict[str, str] = {}
    bounds: tuple[int, int] | None = None
    wrap = True
    i = 0
    while i < len(words):
        word = words[i]
        i += 1
        if word == "fuzzy":
            fuzzy = True
        elif word == "wrap":
            wrap = True
        elif word == "no-wrap":
            wrap = False
        elif word == "range:":
            if i < len(words):
                match = re.fullmatch(r"([0-9]+)\.\.([0-9]+)", words[i])
                i += 1
                if match and int(match.group(1)) <= int(match.group(2)):
                    bounds = (int(match.group(1)), int(match.group(2)))
        elif word.endswith("-format"):
            name = word[: -len("-format")]
            for marker in ("no-", "possible-", "impossible-", ""):
                if name.startswith(marker) and name[len(marker) :] in FORMAT_LANGUAGES:
                    formats[name[len(marker) :]] = marker
                    break
    result = ["fuzzy"] if fuzzy and msgstr else []
    for language in FORMAT_LANGUAGES:
        kind = formats.get(language)
        if kind in ("", "possible-"):
            result.append(f"{language}-format")
        elif kind == "no-":
            result.append(f"no-{language}-format")
    if bounds is not None:
        result.append(f"range: {bounds[0]}..{bounds[1]}")
    if not wrap:
        result.append("no-wrap")
    return result, wrap


def _portions(value: str) -> list[str]:
    """``value`` cut after each newline, as gettext writes it line by line."""
    parts = value.split("\n")
    portions = [part + "\n" for part in parts[:-1]]
    if parts[-1] or not portions:
        portions.append(parts[-1])
    return portions


def _wrap(lines: list[str], prefix: str, name: str, value: str, wrap: bool, uni: _Unicode) -> None:
    """Write ``name "value"`` as gettext's ``wrap()`` does (non-indented style)."""
    after_break = len(prefix) + 1  # a continuation line starts after prefix and quote
    width = (PAGE_WIDTH if wrap else 1 << 62) - 1 - after_break
    portions = _portions(_writable(value))
    first = True
    for index, portion in enumerate(portions):
        chars: list[str] = []
        overrides: list[int] = []
        for char in portion:
            escaped = _ESCAPE_NAMES.get(char)
            if escaped is None:
                chars.append(char)
                overrides.append(_UNDEFINED)
            else:
                chars += ("\\", escaped)
                overrides += (_UNDEFINED, _PROHIBITED)
        if portion.endswith("\n"):
            overrides[-2] = _PROHIBITED  # no break just before a final "\n"
        while True:
            start = len(prefix) + (len(name) + 1 if first else 0) + 1 - after_break
            breaks = _line_breaks(chars, width, start, overrides, uni)
            if first and chars and (index < len(portions) - 1 or start > width or any(breaks)):
                lines.append(f'{prefix}{name} ""')
                first = False
                continue
            break
        line = [prefix, f'{name} "' if first else '"']
        for char, brk in zip(chars, breaks, strict=True):
            if brk:
                line.append('"')
                lines.append("".join(line))
                line = [prefix, '"']
            line.append(char)
        line.append('"')
        lines.append("".join(line))
        first = False


_DIGITS = frozenset("0123456789")
_BLANKS = frozenset(" \t\n")


def _is_number(text: str) -> bool:
    return bool(text) and all(c in _DIGITS for c in text)


def _parse_references(text: str) -> list[tuple[str, str]]:
    """The ``(path, line)`` pairs gettext reads from a ``#:`` comment, duplicates dropped.

    Accepts ``path:12``, ``path: 12`` and ``path :12``; a word without a line
    number is a path with line ``""``.
    """
    refs: list[tuple[str, str]] = []

    def number_at(pos: int) -> tuple[str, int] | None:
        while pos < n and text[pos] in _BLANKS:
            pos += 1
        end = pos
        while end < n and text[end] in _DIGITS:
            end += 1
        if end > pos and (end == n or text[end] in _BLANKS):
            return str(int(text[pos:end])), end
        return None

    n = len(text)
    i = 0
    while i < n:
        while i < n and text[i] in _BLANKS:
            i += 1
        if i >= n:
            break
        start = i
        while i < n and text[i] not in _BLANKS:
            i += 1
        ref: tuple[str, str] | None = None
        colon = i
        while colon < n and text[colon] in _BLANKS:
            colon += 1
        found = number_at(colon + 1) if colon < n and text[colon] == ":" else None
        if found is None and text[i - 1] == ":":
            found = number_at(i)
            if found is not None:
                ref = (text[start : i - 1], found[0])
                i = found[1]
        elif found is not None:
            ref = (text[start:i], found[0])
            i = found[1]
        if ref is None:
            digits = i
            while digits > start and text[digits - 1] in _DIGITS:
                digits -= 1
            if start + 1 < digits < i and text[digits - 1] == ":":
                ref = (text[start : digits - 1], str(int(text[digits:i])))
            else:
                ref = (text[start:i], "")
        if ref not in refs:
            refs.append(ref)
    return refs


# --- Reading ---------------------------------------------------------------

_KEYWORD_LINE = re.compile(r"([A-Za-z_]+(?:\[[0-9]*\])?)[ \t]*(.*)")
_READ_ESCAPES = {
    "n": "\n",
    "t": "\t",
    "b": "\b",
    "r": "\r",
    "f": "\f",
    "v": "\v",
    "a": "\a",
    "\\": "\\",
    '"': '"',
}
_OCTAL = re.compile(r"[0-7]{1,3}")
_HEX = re.compile(r"[0-9A-Fa-f]{1,2}(?![0-9A-Fa-f])")
_FIX = "fix it in a PO editor or check it with `msgfmt -c`"


def parse_catalog(text: str, path: str) -> CatalogData:
    """Read a PO catalogue strictly; for a file msgcat wrote, ``format_catalog`` gives it back.

    ``text`` is the decoded file, ``path`` only names it in errors.  Each
    entry's ``line`` is the line of its ``msgid``.  Raises
    :class:`~transpipe.core.errors.CatalogError` with the offending line for any
    syntax error (unterminated string, bad escape, unknown keyword, msgstr
    without msgid, comment lines that belong to no entry, mixed ``#~``), a
    duplicate msgctxt+msgid (at the second one), a missing or misplaced
    header, a header ``Content-Type`` other than ``text/plain;
    charset=UTF-8``, a NUL character anywhere, and for what transpipe
    catalogues cannot hold: plural forms and previous msgctxt (``#| msgctxt``).
    """
    nul = text.find("\0")
    if nul >= 0:  # gettext cannot hold it: msgfmt would cut the string there
        raise CatalogError(
            "NUL character in the file; remove it (an editor may have saved binary data)",
            path=path,
            line=text.count("\n", 0, nul) + 1,
        )
    return _Reader(path).read(text)


@dataclass(slots=True)
class _Part:
    """A keyword's string as read: its value, where it starts, where each line of it starts.

    Continuation lines are collected in ``pieces`` and joined once: joining
    each one onto the value read so far would copy a long msgid once per line.
    """

    pieces: list[str]
    line: int
    obsolete: bool
    segments: list[tuple[int, int]]  # (offset in value, file line)
    length: int

    @property
    def value(self) -> str:
        if len(self.pieces) > 1:
            self.pieces[:] = ["".join(self.pieces)]
        return self.pieces[0]


class _Pending:
    """The entry being read: its comment lines, then its keywords in order."""

    __slots__ = ("comments", "first_line", "flags", "parts", "references", "tcomment")

    def __init__(self) -> None:
        self.first_line = 0
        self.tcomment: list[str] = []
        self.comments: list[str] = []
        self.references: list[tuple[str, str]] = []
        self.flags: list[str] = []
        self.parts: dict[str, _Part] = {}

    def has_comments(self) -> bool:
        return bool(self.tcomment or self.comments or self.references or self.flags)


class _Reader:
    """Line-by-line PO reader; see :func:`parse_catalog`."""

    __slots__ = ("current", "entries", "header", "path", "pending", "seen")

    def __init__(self, path: str) -> None:
        self.path = path
        self.pending = _Pending()
        self.current: str | None = None  # keyword that a continuation string extends
        self.entries: list[CatalogEntry] = []
        self.header: CatalogData | None = None
        self.seen: dict[tuple[str | None, str], int] = {}

    def error(self, message: str, line: int) -> CatalogError:
        return CatalogError(message, path=self.path, line=line)

    def read(self, text: str) -> CatalogData:
        if text.startswith("\ufeff"):
            raise self.error(
                "the file starts with a byte order mark; save it as UTF-8 without BOM", 1
            )
        lines = text.split("\n")  # not splitlines(): U+2028 and friends are text
        for number, line in enumerate(lines, start=1):
            self.line(line, number)
        self.finish(len(lines))
        if self.header is None:
            raise self.error(
                'the catalogue has no header entry (msgid "" with the catalogue\'s '
                "metadata); add one or re-create the file with transpipe",
                1,
            )
        return CatalogData(
            header=self.header.header,
            entries=tuple(self.entries),
            header_fuzzy=self.header.header_fuzzy,
            header_comment=self.header.header_comment,
        )

    def line(self, line: str, number: int) -> None:
        if line.startswith("#~"):
            body = line[2:]
            if body.startswith("|"):
                self.keyword_or_string(body[1:], number, obsolete=True, previous=True)
            elif body.strip():
                self.keyword_or_string(body, number, obsolete=True, previous=False)
        elif line.startswith("#|"):
            self.keyword_or_string(line[2:], number, obsolete=False, previous=True)
        elif line.startswith("#"):
            self.comment(line, number)
        elif line.strip():
            self.keyword_or_string(line, number, obsolete=False, previous=False)

    def comment(self, line: str, number: int) -> None:
        if line.endswith("\\"):
            raise self.error(
                "a comment line ending in a backslash, which gettext joins with the next "
                "line; remove the backslash or add a character after it",
                number,
            )
        pending = self.start_part(number, previous=True)
        kind, body = line[1:2], line[2:]
        if kind == ".":
            pending.comments.append(body.removeprefix(" "))
        elif kind == ":":
            for ref in _parse_references(body):
                if ref not in pending.references:
                    pending.references.append(ref)
        elif kind in (",", "!"):
            words = [w for w in re.split(r"[\n \t\r\f\v,]+", body) if w]
            while words:
                word = words.pop(0)
                if word == "range:" and words:
                    word = f"range: {words.pop(0)}"
                if word not in pending.flags:
                    pending.flags.append(word)
        else:
            body = line[1:]
            pending.tcomment.append(body.removeprefix(" "))

    def start_part(self, number: int, *, previous: bool) -> _Pending:
        """The pending entry a comment or previous-msgid line belongs to."""
        parts = self.pending.parts
        if "msgid" in parts:
            self.finish(number)
        elif "msgctxt" in parts and previous:
            raise self.error("comment lines between msgctxt and msgid; " + _FIX, number)
        if not self.pending.first_line:
            self.pending.first_line = number
        return self.pending

    def keyword_or_string(self, body: str, number: int, *, obsolete: bool, previous: bool) -> None:
        body = body.strip(" \t")
        if body.startswith('"'):
            self.continuation(body, number, obsolete, previous)
            return
        match = _KEYWORD_LINE.fullmatch(body)
        keyword = match.group(1) if match else body.split(" ", 1)[0]
        if match is None or keyword not in ("msgctxt", "msgid", "msgstr"):
            if keyword == "msgid_plural" or keyword.startswith("msgstr["):
                raise self.error(
                    f"plural forms ({keyword}) are not supported in transpipe catalogues; "
                    "remove the plural entry",
                    number,
                )
            raise self.error(f"unknown keyword {keyword!r}; " + _FIX, number)
        if previous:
            if keyword != "msgid":
                raise self.error(
                    f"a previous {keyword} (#| {keyword}) is not supported; remove the line",
                    number,
                )
            pending = self.start_part(number, previous=True)
            name = "previous"
        else:
            pending = self.pending
            name = keyword
            ends_entry = {"msgctxt": ("msgctxt", "msgid"), "msgid": ("msgid",)}.get(keyword, ())
            if any(k in pending.parts for k in ends_entry):
                self.finish(number)
            elif (
                keyword == "msgstr" and "msgctxt" in pending.parts and "msgid" not in pending.parts
            ):
                line = pending.parts["msgctxt"].line
                raise self.error("msgctxt without msgid; " + _FIX, line)
            elif keyword == "msgstr" and "msgid" not in pending.parts:
                raise self.error("msgstr without msgid; " + _FIX, number)
            elif keyword == "msgstr" and "msgstr" in pending.parts:
                raise self.error("a second msgstr for one msgid; " + _FIX, number)
            pending = self.pending
            if not pending.first_line:
                pending.first_line = number
        if name in pending.parts:
            raise self.error(f"a second previous msgid for one entry; {_FIX}", number)
        if not match.group(2).startswith('"'):
            raise self.error(f'{keyword} must be followed by a string in "quotes"', number)
        value = self.string(match.group(2), number)
        pending.parts[name] = _Part([value], number, obsolete, [(0, number)], len(value))
        self.current = name

    def continuation(self, body: str, number: int, obsolete: bool, previous: bool) -> None:
        name = self.current
        part = self.pending.parts.get(name) if name else None
        if name is None or part is None or (name == "previous") != previous:
            raise self.error("a string without a keyword before it; " + _FIX, number)
        if part.obsolete != obsolete:
            raise self.error("inconsistent use of #~ within an entry; " + _FIX, number)
        value = self.string(body, number)
        part.pieces.append(value)
        part.segments.append((part.length, number))
        part.length += len(value)

    def string(self, text: str, number: int) -> str:
        """The value of the quoted string that ``text`` starts with."""
        out: list[str] = []
        i = 1
        while True:
            if i >= len(text):
                raise self.error('unterminated string: add the closing "', number)
            char = text[i]
            if char == '"':
                break
            if char != "\\":
                out.append(char)
                i += 1
                continue
            escape = text[i + 1 : i + 2]
            if not escape:
                raise self.error('unterminated string: add the closing "', number)
            if escape in _READ_ESCAPES:
                out.append(_READ_ESCAPES[escape])
                i += 2
                continue
            digits = _OCTAL.match(text, i + 1) or (
                _HEX.match(text, i + 2) if escape == "x" else None
            )
            code = int(digits.group(), 16 if escape == "x" else 8) if digits else 0
            if not 0 < code < 0x80:
                bad = text[i : digits.end()] if digits else text[i : i + 2]
                raise self.error(
                    f'invalid escape {bad} in a string (gettext knows \\n \\t \\\\ \\" '
                    "and a few more); write \\\\ for a backslash",
                    number,
                )
            out.append(chr(code))
            i = digits.end() if digits else i + 2
        rest = text[i + 1 :]
        if rest.strip(" \t\r"):
            raise self.error(f"unexpected text after the closing quote: {rest.strip()!r}", number)
        return "".join(out)

    def finish(self, number: int) -> None:
        """Close the pending entry (``number`` is the line that ends it)."""
        pending = self.pending
        self.pending = _Pending()
        self.current = None
        parts = pending.parts
        if "msgid" not in parts:
            if "msgctxt" in parts:
                raise self.error("msgctxt without msgid; " + _FIX, parts["msgctxt"].line)
            if "previous" in parts or pending.has_comments():
                raise self.error(
                    "comment lines that belong to no entry; remove them or add the entry",
                    pending.first_line,
                )
            return
        msgid = parts["msgid"]
        if "msgstr" not in parts:
            raise self.error("msgid without msgstr; " + _FIX, msgid.line)
        for part in parts.values():
            if part.obsolete != msgid.obsolete:
                raise self.error("inconsistent use of #~ within an entry; " + _FIX, part.line)
        msgctxt = parts["msgctxt"].value if "msgctxt" in parts else None
        key = (msgctxt, msgid.value)
        if key == (None, "") and (self.header is not None or self.entries):
            raise self.error(
                'a header entry (msgid "") after other entries: the header must come first '
                "and only once",
                msgid.line,
            )
        if key in self.seen:
            raise self.error(
                f"duplicate entry: the same msgid{' and msgctxt' if msgctxt is not None else ''}"
                f" is on line {self.seen[key]}; merge the two entries",
                msgid.line,
            )
        self.seen[key] = msgid.line
        if key == (None, ""):
            self.header = self.read_header(pending, parts)
            return
        if self.header is None:
            raise self.error(
                'the first entry must be the header (msgid "" with the catalogue\'s metadata)',
                msgid.line,
            )
        previous = parts.get("previous")
        self.entries.append(
            CatalogEntry(
                msgid=msgid.value,
                msgstr=parts["msgstr"].value,
                msgctxt=msgctxt,
                flags=tuple(pending.flags),
                references=tuple(pending.references),
                comments=tuple(pending.comments),
                tcomment="\n".join(pending.tcomment),
                previous_msgid=previous.value if previous else None,
                obsolete=msgid.obsolete,
                line=msgid.line,
            )
        )

    def read_header(self, pending: _Pending, parts: dict[str, _Part]) -> CatalogData:
        msgid, msgstr = parts["msgid"], parts["msgstr"]
        if msgid.obsolete:
            raise self.error('the header entry (msgid "") must not be obsolete', msgid.line)
        if pending.comments or pending.references or "previous" in parts:
            raise self.error(
                "the header entry can only have translator comments (# ...) and the fuzzy "
                "flag; remove the other comment lines",
                pending.first_line,
            )
        if any(flag != "fuzzy" for flag in pending.flags):
            raise self.error(
                "the header entry can only have the fuzzy flag; remove the others",
                pending.first_line,
            )
        fields: list[tuple[str, str]] = []
        content_type: tuple[str, int] | None = None
        offset = 0
        for field in msgstr.value.split("\n"):
            line = max(n for start, n in msgstr.segments if start <= offset)
            offset += len(field) + 1
            if not field:
                if offset <= len(msgstr.value):
                    raise self.error("an empty line in the header; remove it", line)
                continue
            key, colon, value = field.partition(":")
            if not colon or not key.strip() or key != key.strip():
                raise self.error(f"header line {field!r} is not 'Key: value'", line)
            value = value.removeprefix(" ")
            fields.append((key, value))
            if key == "Content-Type" and content_type is None:
                content_type = (value, line)
        if content_type is None:
            raise self.error(
                "the header has no 'Content-Type: text/plain; charset=UTF-8'; add it",
                msgstr.line,
            )
        if _charset(content_type[0]) != _CHARSET:
            raise self.error(
                f"Content-Type {content_type[0]!r}: transpipe reads UTF-8 catalogues only; "
                "convert the file (msgconv -t UTF-8) and set 'text/plain; charset=UTF-8'",
                content_type[1],
            )
        return CatalogData(
            header=tuple(fields),
            entries=(),
            header_fuzzy="fuzzy" in pending.flags,
            header_comment="\n".join(pending.tcomment),
        )
