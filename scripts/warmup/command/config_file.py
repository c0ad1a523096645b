"""mkdocs.yml, checked before anything is built: a mistake there is one line with its place.

Engines report their settings file's mistakes in several lines, without a line number, or
(a web address they cannot parse) as a crash; warmup checks what it can first and points at
the line, as it does for content files.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import yaml

from warmup.problems import ContentError, Problem


class _Loader(yaml.SafeLoader):
    """mkdocs.yml as a tree of nodes: tags only engines understand (!ENV, !!python/name:) stay unread."""


def check_config_file(config_file: Path) -> None:
    """Raise ContentError naming the line and column of a mistake in ``config_file``."""
    shown = Path(config_file.name)
    try:
        root = yaml.compose(config_file.read_text("utf-8-sig"), Loader=_Loader)
    except UnicodeDecodeError:
        raise ContentError([Problem(shown, "is not UTF-8 text; open it in your editor and save it as UTF-8")]) from None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        reason = " ".join((error.problem or "is not valid YAML").split())
        raise ContentError([Problem(shown, f"is not valid YAML ({reason}); check the indentation and that each "
                                    "setting is written as 'name: value'", mark.line + 1, mark.column + 1)]) from None
    except yaml.YAMLError as error:
        raise ContentError([Problem(shown, f"is not valid YAML ({' '.join(str(error).split())})")]) from None
    if not isinstance(root, yaml.MappingNode):
        raise ContentError([Problem(shown, "holds no settings; write lines such as 'site_name: ...'", 1, 1)])
    settings = {key.value: value for key, value in root.value if isinstance(key, yaml.ScalarNode)}
    site_url = settings.get("site_url")
    if isinstance(site_url, yaml.ScalarNode) and site_url.value and not _is_web_address(site_url.value):
        raise ContentError([Problem(shown, f"'{site_url.value}' is not a full web address; write the site's "
                                    "address as the browser shows it, e.g. https://example.org/warmups/",
                                    site_url.start_mark.line + 1, site_url.start_mark.column + 1, "site_url")])


def _is_web_address(text: str) -> bool:
    try:
        parts = urlsplit(text)
        parts.port  # noqa: B018 - reading it checks the port is a number
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname)
