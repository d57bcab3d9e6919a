"""hrf.yaml discovery, validation (with line numbers), CLI precedence and caching."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from hrf_cli import config as config_module
from hrf_cli.config import Config, ConfigCache, LintConfig, find_config, load_config
from hrf_cli.errors import ConfigError
from hrf_cli.lint import registry
from hrf_cli.lint.registry import Rule, RuleDoc


@pytest.fixture(autouse=True)
def fake_rules(monkeypatch: pytest.MonkeyPatch) -> None:
    """A fixed rule table, so these tests do not depend on which rule modules exist."""
    doc = RuleDoc("what", "why", "bad", "good")
    rules = {
        name: Rule(code, name, "error", "summary", doc, None)
        for code, name in [("HRF001", "missing-front-matter"), ("HRF002", "broken-footnote"),
                           ("HRF003", "leftover-marker")]
    }
    monkeypatch.setattr(registry, "_RULES", rules)
    monkeypatch.setattr(registry, "_loaded", True)


def load(path: Path) -> Config:
    """hrf.yaml as ``hrf lint`` reads it: rule names checked against the rule table."""
    return load_config(path, registry.rule_table())


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def error_for(tmp_path: Path, text: str) -> str:
    with pytest.raises(ConfigError) as info:
        load(write(tmp_path / "hrf.yaml", text))
    assert info.value.exit_code == 2
    return str(info.value)


# --- discovery --------------------------------------------------------------------------------

def test_discovery_walks_up_from_report(tmp_path: Path) -> None:
    cfg = write(tmp_path / "hrf.yaml", "")
    report = write(tmp_path / "a" / "b" / "report.md", "# x\n")
    assert find_config(report) == cfg
    assert find_config(report.parent) == cfg


def test_nearest_config_wins(tmp_path: Path) -> None:
    write(tmp_path / "hrf.yaml", "")
    inner = write(tmp_path / "country" / "hrf.yaml", "")
    assert find_config(tmp_path / "country" / "sub" / "report.md") == inner


def test_dot_name_accepted_and_plain_name_preferred(tmp_path: Path) -> None:
    dotted = write(tmp_path / ".hrf.yaml", "")
    assert find_config(tmp_path / "report.md") == dotted
    plain = write(tmp_path / "hrf.yaml", "")
    assert find_config(tmp_path / "report.md") == plain


def test_no_config_gives_defaults(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(config_module, "find_config", lambda start: None)  # whatever is above tmp
    assert ConfigCache().config_for(tmp_path / "report.md") == Config() == load_config(None)
    defaults = load_config(None).lint
    assert defaults.select is None and defaults.ignore == set()
    assert defaults.fail_on == "error"
    assert defaults.required_fields == ["title", "author", "date"]
    assert load_config(None).root is None


def test_explicit_config_wins_over_discovery(tmp_path: Path) -> None:
    write(tmp_path / "hrf.yaml", "lint:\n  fail-on: warning\n")
    other = write(tmp_path / "elsewhere" / "strict.yaml", "lint:\n  fail-on: never\n")
    config = ConfigCache().config_for(tmp_path / "report.md", explicit=other)
    assert config.lint.fail_on == "never"
    assert config.root == other.parent


def test_missing_explicit_config_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not found"):
        ConfigCache().config_for(tmp_path / "report.md", explicit=tmp_path / "nope.yaml")


# --- loading valid files ----------------------------------------------------------------------

def test_full_lint_section(tmp_path: Path) -> None:
    path = write(tmp_path / "hrf.yaml", """\
lint:
  select: [HRF001, broken-footnote]
  ignore:
    - leftover-marker
  fail-on: warning
  required-fields: [title, date]
""")
    config = load(path)
    assert config.lint == LintConfig(select={"missing-front-matter", "broken-footnote"},
                                     ignore={"leftover-marker"}, fail_on="warning",
                                     required_fields=["title", "date"])
    assert config.path == path and config.root == tmp_path


@pytest.mark.parametrize("text", ["", "# only a comment\n", "lint:\n", "lint:\n  # nothing\n"])
def test_empty_file_or_section_gives_defaults(tmp_path: Path, text: str) -> None:
    assert load(write(tmp_path / "hrf.yaml", text)).lint == LintConfig()


def test_without_a_rule_table_names_are_kept_as_written(tmp_path: Path) -> None:
    """hrf fix and hrf new read hrf.yaml too, without importing the lint layer."""
    config = load_config(write(tmp_path / "hrf.yaml", "lint:\n  select: [HRF001, nosuch]\n"))
    assert config.lint.select == {"HRF001", "nosuch"}


def test_select_accepts_comma_separated_string(tmp_path: Path) -> None:
    config = load(write(tmp_path / "hrf.yaml", "lint:\n  select: HRF001, hrf002\n"))
    assert config.lint.select == {"missing-front-matter", "broken-footnote"}


# --- validation errors ------------------------------------------------------------------------

def test_unknown_section_with_did_you_mean(tmp_path: Path) -> None:
    message = error_for(tmp_path, "# header\nlnt:\n  select: []\n")
    assert "hrf.yaml:2:" in message
    assert "'lnt'" in message and "did you mean 'lint'?" in message
    assert "known sections: lint" in message


def test_unknown_key_with_did_you_mean_and_known_keys(tmp_path: Path) -> None:
    message = error_for(tmp_path, "lint:\n  fail-on: error\n  slect: [HRF001]\n")
    assert "hrf.yaml:3:" in message
    assert "'slect'" in message and "did you mean 'select'?" in message
    assert "select, ignore, fail-on, required-fields" in message


def test_unknown_key_far_from_anything_has_no_suggestion(tmp_path: Path) -> None:
    message = error_for(tmp_path, "lint:\n  zzzzzz: 1\n")
    assert "hrf.yaml:2:" in message and "did you mean" not in message


def test_string_where_list_expected(tmp_path: Path) -> None:
    message = error_for(tmp_path, "lint:\n\n  required-fields: title\n")
    assert "hrf.yaml:3:" in message
    assert "lint.required-fields: expected a list" in message and "'title'" in message


def test_bad_list_item_names_its_own_line(tmp_path: Path) -> None:
    message = error_for(tmp_path, "lint:\n  required-fields:\n    - title\n    - 3\n")
    assert "hrf.yaml:4:" in message and "item 2" in message


def test_bad_fail_on_value(tmp_path: Path) -> None:
    message = error_for(tmp_path, "lint:\n  fail-on: warnings\n")
    assert "hrf.yaml:2:" in message
    assert "error, warning, never" in message and "did you mean 'warning'?" in message


def test_fail_on_wrong_type(tmp_path: Path) -> None:
    message = error_for(tmp_path, "lint:\n  fail-on: false\n")
    assert "hrf.yaml:2:" in message and "boolean" in message


def test_unknown_rule_names_line_of_item(tmp_path: Path) -> None:
    message = error_for(tmp_path, "lint:\n  ignore:\n    - HRF001\n    - broken-fotnote\n")
    assert "hrf.yaml:4:" in message
    assert "lint.ignore: unknown rule 'broken-fotnote'" in message
    assert "did you mean 'broken-footnote'?" in message


def test_unknown_rule_in_comma_string_uses_key_line(tmp_path: Path) -> None:
    message = error_for(tmp_path, "\nlint:\n  select: HRF001, nope\n")
    assert "hrf.yaml:3:" in message and "'nope'" in message


def test_select_wrong_type(tmp_path: Path) -> None:
    message = error_for(tmp_path, "lint:\n  select: {a: 1}\n")
    assert "hrf.yaml:2:" in message and "got a mapping" in message


def test_key_without_value_is_an_error(tmp_path: Path) -> None:
    message = error_for(tmp_path, "lint:\n  select:\n")
    assert "hrf.yaml:2:" in message and "no value" in message


def test_section_not_a_mapping(tmp_path: Path) -> None:
    message = error_for(tmp_path, "lint: [HRF001]\n")
    assert "hrf.yaml:1:" in message and "lint: expected a mapping" in message


def test_several_errors_reported_together_in_line_order(tmp_path: Path) -> None:
    message = error_for(tmp_path, """\
lint:
  fail-on: sometimes
  required-fields: title
  slect: [HRF001]
  ignore: [nope]
extra: 1
""")
    assert message.startswith(str(tmp_path / "hrf.yaml") + ": 5 problems")
    lines = [line.strip() for line in message.splitlines()[1:]]
    assert [line.split(": ")[0].rsplit(":", 1)[1] for line in lines] == ["2", "3", "4", "5", "6"]
    assert all(line.startswith(str(tmp_path / "hrf.yaml") + ":") for line in lines)


def test_single_error_carries_path_and_line(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as info:
        load(write(tmp_path / "hrf.yaml", "lint:\n  fail-on: x\n"))
    assert info.value.line == 2 and info.value.path == str(tmp_path / "hrf.yaml")


@pytest.mark.parametrize("text, line", [
    ("lint:\n  select: [HRF001\n  ignore: []\n", 3),
    ("lint:\n  fail-on: error\n  fail-on: never\n", 3),
    ("lint:\n  select: a: b\n", 2),
])
def test_yaml_syntax_error_names_file_and_line(tmp_path: Path, text: str, line: int) -> None:
    message = error_for(tmp_path, text)
    assert message.startswith(f"{tmp_path / 'hrf.yaml'}:{line}: invalid YAML")


@pytest.mark.parametrize("text, kind", [("- lint\n", "a list"), ("just text\n", "a string")])
def test_top_level_must_be_a_mapping(tmp_path: Path, text: str, kind: str) -> None:
    message = error_for(tmp_path, text)
    assert "hrf.yaml:1:" in message and "top level must be a mapping" in message and kind in message


def test_non_utf8_file(tmp_path: Path) -> None:
    path = tmp_path / "hrf.yaml"
    path.write_bytes(b"lint:\n  fail-on: \xff\n")
    with pytest.raises(ConfigError, match="UTF-8") as info:
        load(path)
    assert str(path) in str(info.value) and info.value.line == 2


def test_unreadable_file(tmp_path: Path) -> None:
    (tmp_path / "hrf.yaml").mkdir()
    with pytest.raises(ConfigError, match="cannot read") as info:
        load(tmp_path / "hrf.yaml")
    assert info.value.path == str(tmp_path / "hrf.yaml")


# --- precedence -------------------------------------------------------------------------------

def test_cli_overrides_file(tmp_path: Path) -> None:
    config = load(write(tmp_path / "hrf.yaml", """\
lint:
  select: [HRF001, HRF002]
  ignore: [HRF003]
  fail-on: warning
"""))
    unchanged = config.with_overrides()
    assert unchanged == config
    assert config.with_overrides(select=(), ignore=()) == config  # click's "not given"

    over = config.with_overrides(select=["HRF003"], ignore=["broken-footnote"], fail_on="never",
                                 rules=registry.rule_table())
    assert over.lint.select == {"leftover-marker"}  # replaced
    assert over.lint.ignore == {"leftover-marker", "broken-footnote"}  # extended
    assert over.lint.fail_on == "never"
    assert over.path == config.path
    assert config.lint.fail_on == "warning"  # the original is untouched


def test_cli_override_values_are_validated() -> None:
    table = registry.rule_table()
    with pytest.raises(ConfigError, match="--select: unknown rule"):
        Config().with_overrides(select=["nope"], rules=table)
    with pytest.raises(ConfigError, match="did you mean 'error'"):
        Config().with_overrides(fail_on="eror")
    assert Config().with_overrides(select="HRF001,HRF002", rules=table).lint.select == {
        "missing-front-matter", "broken-footnote"}


def test_ignore_wins_over_select() -> None:
    lint = LintConfig(select={"a", "b"}, ignore={"b"})
    assert lint.runs("a") and not lint.runs("b") and not lint.runs("c")
    assert LintConfig().runs("anything")


# --- caching ----------------------------------------------------------------------------------

def test_cache_loads_each_config_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path / "hrf.yaml", "lint:\n  fail-on: warning\n")
    write(tmp_path / "inner" / "hrf.yaml", "lint:\n  fail-on: never\n")
    calls: list[Path | None] = []
    real = config_module.load_config

    def counting(path: Path | None, rules: object = None) -> Config:
        calls.append(path)
        return real(path, rules)  # type: ignore[arg-type]

    monkeypatch.setattr(config_module, "load_config", counting)
    cache = ConfigCache()
    reports = [tmp_path / "a.md", tmp_path / "b.md", tmp_path / "x" / "c.md",
               tmp_path / "inner" / "d.md", tmp_path / "inner" / "e.md"]
    results = [cache.config_for(report) for report in reports]
    assert [c.lint.fail_on for c in results] == ["warning"] * 3 + ["never"] * 2
    assert results[0] is results[1] is results[2]
    assert sorted(map(str, calls)) == sorted([str(tmp_path / "hrf.yaml"),
                                              str(tmp_path / "inner" / "hrf.yaml")])


def test_import_is_cheap() -> None:
    code = ("import sys, hrf_cli.config; "
            "print([m for m in sys.modules if m.startswith('ruamel') or m == 'hrf_cli.lint.registry'])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_safety_section_reads_sizes_and_times(tmp_path: Path) -> None:
    path = tmp_path / "hrf.yaml"
    path.write_text("safety:\n  root: ..\n  max-file-size: 10 MB\n  memory-limit: 2 GiB\n"
                    "  time-limit: 60\n  protected-names: ~/names.txt\n", encoding="utf-8")
    safety = load(path).safety
    assert (safety.root, safety.max_file_size, safety.memory_limit, safety.time_limit) == (
        "..", 10_000_000, 2 * 1024**3, 60.0)
    assert safety.protected_names == "~/names.txt"


def test_safety_defaults_and_bad_values(tmp_path: Path) -> None:
    assert load_config(None).safety.max_file_size == 50_000_000
    path = tmp_path / "hrf.yaml"
    path.write_text("safety:\n  max-file-size: lots\n  time-limit: -1\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load(path)
    text = caught.value.format()
    assert "hrf.yaml:2: safety.max-file-size: expected a size" in text
    assert "hrf.yaml:3: safety.time-limit: expected a positive number" in text
