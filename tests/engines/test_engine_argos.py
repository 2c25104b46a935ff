"""The Argos engine on the tiny real test models: install, load once, batch, errors."""

from __future__ import annotations

import json
import sys
import zipfile
from pathlib import Path
from typing import Any, ClassVar

import pytest

from tests.conftest import model_file
from tests.models.build_test_models import expected_translation
from transpipe.core.config import EngineSettings
from transpipe.core.errors import EngineError, InputError, LanguageError, ModelMissingError
from transpipe.engines import Engine, ModelInstaller, create_engine
from transpipe.engines.argos import (
    ArgosEngine,
    _cuda_error,
    _Tokenizer,
    check_package_file,
    extract_package,
    read_installed,
)
from transpipe.engines.pseudo import PseudoEngine

SENTENCES = [
    "The Chief of Staff met defence ministers in Brussels on Tuesday.",
    "Officials said the U.S. would send 3.5 million rounds.",
    "The NATO Minobороны heads met again.",
    "Placeholders {1} and {2} must survive.",
    "",
    "Zaporizhzhia, Mykolaiv and Odesa were named – “again”.",
]


def engine_for(packages_dir: Path, **kw: Any) -> ArgosEngine:
    return ArgosEngine(EngineSettings(packages_dir=packages_dir, **kw))


def test_installed_packages_are_listed(packages_dir: Path) -> None:
    pairs = {(p.source, p.target, p.version) for p in read_installed(packages_dir)}
    assert pairs == {("en", "de", "1.0"), ("en", "fr", "1.0"), ("en", "uk", "1.0")}
    engine = create_engine(EngineSettings(packages_dir=packages_dir))
    assert isinstance(engine, Engine)
    info = engine.require("en", "de")
    assert (info.engine, info.name, info.version) == ("argos", "translate-en_de-1_0", "1.0")


def test_missing_pair_names_the_install_command(packages_dir: Path) -> None:
    with pytest.raises(ModelMissingError) as info:
        engine_for(packages_dir).require("en", "pl")
    assert "en->pl" in str(info.value)
    assert "transpipe models install en-pl" in str(info.value)
    assert info.value.exit_code == 2


def test_translating_a_pair_with_no_model_names_the_install_command(packages_dir: Path) -> None:
    engine = engine_for(packages_dir)
    with pytest.raises(ModelMissingError, match="transpipe models install en-pl"):
        engine.translate(["Hello."], "en", "pl")
    assert engine.loads == 0


@pytest.mark.parametrize("beam", [1, 4])
@pytest.mark.parametrize("compute_type", ["default", "int8", "float32"])
def test_translation_is_the_models_output(packages_dir: Path, beam: int, compute_type: str) -> None:
    engine = engine_for(packages_dir, beam_size=beam, compute_type=compute_type)
    assert engine.translate(SENTENCES, "en", "de") == [expected_translation(s) for s in SENTENCES]


class CountingTranslator:
    """Wraps a real ctranslate2.Translator and counts batched calls."""

    instances: ClassVar[list[CountingTranslator]] = []

    def __init__(self, real: Any) -> None:
        self.real = real
        self.calls: list[int] = []
        CountingTranslator.instances.append(self)

    def translate_batch(self, tokens: list[list[str]], **kw: Any) -> Any:
        self.calls.append(len(tokens))
        return self.real.translate_batch(tokens, **kw)


@pytest.fixture
def counting(monkeypatch: pytest.MonkeyPatch) -> type[CountingTranslator]:
    import ctranslate2

    real_class = ctranslate2.Translator
    CountingTranslator.instances = []
    monkeypatch.setattr(
        ctranslate2, "Translator", lambda *a, **kw: CountingTranslator(real_class(*a, **kw))
    )
    return CountingTranslator


def test_one_load_and_one_batch_per_language(
    packages_dir: Path, counting: type[CountingTranslator]
) -> None:
    engine = engine_for(packages_dir)
    many = [f"Sentence number {i} about air defence." for i in range(120)]
    for target in ("de", "fr"):
        out = engine.translate(many, "en", target)
        assert out == [expected_translation(s) for s in many]
    engine.translate(many[:3], "en", "de")
    assert len(counting.instances) == 2  # one model per language, loaded once
    assert [t.calls for t in counting.instances] == [[120, 3], [120]]
    assert engine.loads == 2


def test_settings_reach_ctranslate2(packages_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import ctranslate2

    seen: dict[str, Any] = {}
    real_class = ctranslate2.Translator

    def spy(*args: Any, **kw: Any) -> Any:
        seen.update(kw)
        return real_class(*args, **kw)

    monkeypatch.setattr(ctranslate2, "Translator", spy)
    engine = engine_for(packages_dir, inter_threads=2, intra_threads=1, compute_type="int8")
    engine.translate(["One sentence."], "en", "uk")
    assert seen == {"device": "cpu", "compute_type": "int8", "inter_threads": 2, "intra_threads": 1}


def test_cuda_on_a_machine_without_it_is_one_clear_line(packages_dir: Path) -> None:
    import ctranslate2

    if ctranslate2.get_cuda_device_count() > 0:  # pragma: no cover - GPU machines
        pytest.fail("this test expects a machine without CUDA")
    with pytest.raises(EngineError) as info:
        engine_for(packages_dir, device="cuda").translate(["Hello."], "en", "de")
    assert "--device cpu" in str(info.value)
    assert "\n" not in str(info.value)
    # auto falls back to the CPU
    assert engine_for(packages_dir, device="auto").translate(["ok"], "en", "de") == ["OK"]


def test_missing_cublas_names_the_fix() -> None:
    error = _cuda_error(RuntimeError("Library libcublas.so.12 is not found or cannot be loaded"))
    assert error is not None
    assert "pip install nvidia-cublas-cu12" in str(error)


def _zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


META = json.dumps({"from_code": "en", "to_code": "de"}).encode()


@pytest.mark.parametrize(
    ("members", "words"),
    [
        ({"p/metadata.json": META, "../evil.txt": b"x", "p/model/model.bin": b""}, "unsafe path"),
        ({"/etc/evil": b"x"}, "unsafe path"),
        ({"p/model/model.bin": b""}, "no metadata.json"),
        ({"p/metadata.json": b"{not json", "p/model/model.bin": b""}, "not JSON"),
        ({"p/metadata.json": b"{}", "p/model/model.bin": b""}, "lacks from_code"),
        ({"p/metadata.json": META}, "no CTranslate2 model"),
        ({"p/metadata.json": META, "q/model/model.bin": b""}, "exactly one top-level folder"),
        ({"p/metadata.json": b"[" * 50_000 + b"]" * 50_000}, "nested too deeply"),
    ],
)
def test_bad_package_files_are_refused(
    tmp_path: Path, members: dict[str, bytes], words: str
) -> None:
    path = _zip(tmp_path / "bad.argosmodel", members)
    with pytest.raises(InputError, match=words):
        check_package_file(path)


def test_not_a_zip_is_refused_and_nothing_installed(tmp_path: Path) -> None:
    path = tmp_path / "fake.argosmodel"
    path.write_bytes(b"this is not a zip archive")
    target = tmp_path / "packages"
    with pytest.raises(InputError, match="zip"):
        engine_for(target).install_file(path)
    assert not target.exists() or not any(target.iterdir())


def test_install_a_package_file(tmp_path: Path) -> None:
    engine = engine_for(tmp_path / "pk")
    package = engine.install_file(model_file("en", "fr"))
    assert package.path == tmp_path / "pk" / "translate-en_fr-1_0"
    assert (package.path / "model" / "model.bin").is_file()
    assert engine.translate(["Kyiv, not Kiev."], "en", "fr") == ["KYIV, NOT KIEV."]


def test_argos_installs_its_own_models_and_the_other_engines_do_not(tmp_path: Path) -> None:
    assert isinstance(engine_for(tmp_path / "pk"), ModelInstaller)
    assert not isinstance(PseudoEngine(), ModelInstaller)
    assert not isinstance(create_engine(EngineSettings(name="apertium")), ModelInstaller)


def test_the_installer_installs_a_file_and_names_broken_packages(tmp_path: Path) -> None:
    engine: ModelInstaller = engine_for(tmp_path / "pk")
    pair = engine.install(str(model_file("en", "de")))
    assert (pair.source, pair.target, pair.model, pair.version, pair.installed) == (
        "en", "de", "translate-en_de-1_0", "1.0", True,
    )  # fmt: skip
    assert engine.packages_dir == tmp_path / "pk" and engine.broken_models() == []
    broken = tmp_path / "pk" / "translate-en_fr-broken"
    broken.mkdir()
    (broken / "metadata.json").write_text("{not json", encoding="utf-8")
    (line,) = engine.broken_models()
    assert line.startswith(f"{broken / 'metadata.json'}: unreadable package metadata: ")
    assert [p.target for p in engine_for(tmp_path / "pk").pairs()] == ["de"]  # not hidden


@pytest.mark.parametrize(
    ("spec", "error", "words"),
    [
        ("en-de-fr", InputError, "'en-de-fr' is neither a package file nor a pair such as en-de"),
        ("en-", InputError, "neither a package file nor a pair"),
        ("en-xx", LanguageError, "unknown language code 'xx'"),
    ],
)
def test_the_installer_refuses_what_is_neither_a_file_nor_a_pair(
    tmp_path: Path, spec: str, error: type[Exception], words: str
) -> None:
    with pytest.raises(error, match=words):
        engine_for(tmp_path / "pk").install(spec)
    assert not (tmp_path / "pk").exists()


def _without_argostranslate(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make ``import argostranslate`` fail, as in a lean install without the argos extra."""
    for name in [
        m for m in sys.modules if m == "argostranslate" or m.startswith("argostranslate.")
    ]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "argostranslate", None)  # None: the import raises


def test_install_list_and_translate_need_no_argostranslate(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _without_argostranslate(monkeypatch)
    engine = engine_for(tmp_path / "pk")
    package = engine.install_file(model_file("en", "de"))
    assert [p.name for p in engine.installed()] == [package.name]
    assert engine.translate(["Kyiv, not Kiev."], "en", "de") == ["KYIV, NOT KIEV."]
    assert "argostranslate" not in {m.split(".")[0] for m in sys.modules if sys.modules[m]}


def test_index_and_bpe_without_argostranslate_say_how_to_add_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _without_argostranslate(monkeypatch)
    engine = engine_for(tmp_path / "pk")
    with pytest.raises(
        EngineError, match=r"needs argostranslate; add it with: pip install 'transpipe\[argos\]'"
    ):
        engine.available()
    old = tmp_path / "old-package"
    (old / "model").mkdir(parents=True)
    (old / "bpe.model").write_text("#version: 0.2\n", encoding="utf-8")
    with pytest.raises(EngineError, match=r"old BPE tokenizer, which needs argostranslate"):
        _Tokenizer(old, "en", "de")


def test_extraction_refuses_a_member_that_escapes(tmp_path: Path) -> None:
    sneaky = tmp_path / "sneaky.argosmodel"
    with zipfile.ZipFile(sneaky, "w") as archive:
        archive.writestr("p/metadata.json", META)
        archive.writestr("p/../../outside.txt", "written outside")
    into = tmp_path / "staging" / "deep"
    into.mkdir(parents=True)
    with pytest.raises(zipfile.BadZipFile, match="unsafe member"):
        extract_package(sneaky, into)
    assert not (tmp_path / "outside.txt").exists()


def test_symlink_and_zip_bomb_members_are_refused(tmp_path: Path) -> None:
    link = tmp_path / "link.argosmodel"
    with zipfile.ZipFile(link, "w") as archive:
        archive.writestr("p/metadata.json", META)
        archive.writestr("p/model/model.bin", b"")
        info = zipfile.ZipInfo("p/evil")
        info.external_attr = 0o120777 << 16  # a symbolic link
        archive.writestr(info, "/etc/passwd")
    with pytest.raises(InputError, match="symbolic link"):
        check_package_file(link)
    bomb = tmp_path / "bomb.argosmodel"
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("p/metadata.json", META)
        archive.writestr("p/model/model.bin", b"\0" * (50 << 20))  # 50 MB of zeros
    with pytest.raises(InputError, match="zip bomb"):
        check_package_file(bomb)


def test_an_installed_package_is_not_overwritten(tmp_path: Path) -> None:
    engine = engine_for(tmp_path / "pk")
    package = engine.install_file(model_file("en", "de"))
    marker = package.path / "reviewed.txt"
    marker.write_text("keep me", encoding="utf-8")
    with pytest.raises(InputError, match="already installed"):
        engine.install_file(model_file("en", "de"))
    assert marker.read_text(encoding="utf-8") == "keep me"
