"""Where GNU gettext breaks a line: UAX #14 as libunistring 1.0 implements it (Unicode 14).

The PO writer (:mod:`transpipe.po.writer`) runs :func:`line_breaks` over each
escaped string.  A line breaks at the last break opportunity before it would
pass the width, counting display columns: CJK and most emoji 2, combining
marks and control characters 0.  The opportunities are UAX #14's, with
libunistring's choices where the standard leaves one: after a run of spaces,
after ``-``, ``/``, ``.``, ``?`` and dashes before a letter, around ideographs
and emoji; none inside a run of letters or digits, so such a run overflows the
line.  A mandatory break (U+0085, U+2028, U+2029 and the like) restarts the
column count without breaking the line, as in libunistring.

The classes and widths are libunistring 1.0's, the library gettext 0.21 wraps
with; :meth:`UnicodeProps.load` reads them once per catalogue, never at import.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

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
UNDEFINED, PROHIBITED, POSSIBLE, MANDATORY = 0, 1, 2, 3


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
class UnicodeProps:
    """What the line breaker needs to know about characters.

    ``seen`` remembers the (class, width) of characters already looked up;
    it lives as long as one :func:`~transpipe.po.writer.format_catalog` call.
    """

    linebreak: _Runs
    width: _Runs
    pairs: tuple[str, ...]
    seen: dict[str, tuple[int, int]]
    ascii_classes: bytes  # bytes.translate tables for the common all-ASCII case
    ascii_widths: bytes

    @classmethod
    def load(cls) -> UnicodeProps:
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
    bk, sp, zw, zwj, al, ri, hl, hl_ba = _BK, _SP, _ZW, _ZWJ, _AL, _RI, _HL, _HL_BA
    ends, attached, hyphens = (_BK, _CR, _LF), (_CM, _ZWJ), (_HY, _BA)
    mandatory, prohibited, possible = MANDATORY, PROHIBITED, POSSIBLE
    result: list[int] = []
    prev = bk  # class of the previous character
    last = bk  # class of the last character that was not a space
    seen_space = False
    ri_count = 0
    for cls in classes:
        if cls in ends:
            result.append(mandatory)
            prev = cls
            last = bk
            seen_space = False
        else:
            if cls == sp:
                result.append(prohibited)
                seen_space = True
            elif cls == zw:
                result.append(prohibited)
                last = zw
                seen_space = False
            elif cls in attached:
                if last == bk:
                    result.append(prohibited)
                    last = al
                    seen_space = False
                elif last == zw or seen_space:
                    result.append(possible)
                    last = al
                    seen_space = False
                else:
                    result.append(prohibited)
            else:
                if last == bk:
                    brk = prohibited
                elif last == zw:
                    brk = possible
                elif prev == zwj:
                    brk = prohibited
                elif last == ri and cls == ri:
                    brk = possible if seen_space or ri_count % 2 == 0 else prohibited
                elif prev == hl_ba:
                    brk = prohibited
                else:
                    rule = pairs[last][cls]
                    if rule == "D" or (rule == "I" and seen_space):
                        brk = possible
                    else:
                        brk = prohibited
                result.append(brk)
                last = cls
                seen_space = False
            prev = hl_ba if prev == hl and cls in hyphens else cls
        ri_count = ri_count + 1 if cls == ri else 0
    return result


def line_breaks(
    chars: list[str], width: int, start: int, overrides: list[int], uni: UnicodeProps
) -> list[bool]:
    """Where to break ``chars`` so that lines fit in ``width`` columns (u8_width_linebreaks).

    ``result[i]`` is True for a break before ``chars[i]``.  The first line
    starts at column ``start``; ``overrides[i]``, unless UNDEFINED, replaces
    the break opportunity UAX #14 finds before ``chars[i]``.
    """
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
        if brk == PROHIBITED:
            piece += columns
            continue
        if last_break >= 0 and last_column + piece > width:
            result[last_break] = True
            last_column = 0
        if brk == MANDATORY:
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
