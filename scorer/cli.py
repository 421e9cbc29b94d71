"""Command line: argument parsing, exit codes and progress. The work lives in the stages.

Exit codes: 0 all went well; 1 some inputs could not be read (the rest were scored);
2 usage or rubric errors; 3 an internal error (a bug), reported in one line.
"""

from __future__ import annotations

import argparse
import importlib
import os
import re
import sys

from .yamlio import RubricError

# Each command is a module in scorer/commands with add_parser(subparsers) and run(args) -> int.
COMMANDS = ["score", "check", "rescore", "weights", "sensitivity", "split", "reviews"]

EXIT_OK, EXIT_PARTIAL, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3


# argparse's own words, in Chinese: section titles, and the usage errors a user can cause.
_SECTIONS = {"positional arguments": "位置参数", "options": "选项", "optional arguments": "选项"}
_ERRORS = [
    (re.compile(r"the following arguments are required: (.+)"), r"缺少必需的参数：\1"),
    (re.compile(r"unrecognized arguments: (.+)"), r"无法识别的参数：\1"),
    (re.compile(r"argument (\S+): invalid choice: '?(.+?)'? \(choose from (.+)\)"), r"参数 \1 的取值 \2 无效，可选：\3"),
    (re.compile(r"argument (\S+): expected one argument"), r"参数 \1 需要一个值"),
    (re.compile(r"argument (\S+): expected at least one argument"), r"参数 \1 至少需要一个值"),
    (re.compile(r"argument (\S+): invalid \w+ value: (.+)"), r"参数 \1 的值 \2 无效"),
    (re.compile(r"argument (\S+): not allowed with argument (\S+)"), r"参数 \1 不能与 \2 同时使用"),
    (re.compile(r"argument (\S+): (.+)"), r"参数 \1：\2"),
]


def translate_error(message: str) -> str:
    for pattern, zh in _ERRORS:
        if pattern.fullmatch(message):
            return pattern.sub(zh, message)
    return message


class ChineseHelpFormatter(argparse.HelpFormatter):
    """Usage and section titles in Chinese (argparse writes "usage:", "options" itself)."""

    def add_usage(self, usage, actions, groups, prefix=None):
        super().add_usage(usage, actions, groups, "用法：" if prefix is None else prefix)

    def start_section(self, heading):
        super().start_section(_SECTIONS.get(heading, heading))


class _Parser(argparse.ArgumentParser):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", ChineseHelpFormatter)
        add_help = kwargs.pop("add_help", True)
        super().__init__(*args, add_help=False, **kwargs)
        if add_help:
            self.add_argument("-h", "--help", action="help", help="显示本帮助并退出")

    def error(self, message):  # usage errors exit 2 with one clear line
        self.print_usage(sys.stderr)
        print(f"scorer: 参数错误：{translate_error(message)}", file=sys.stderr)
        raise SystemExit(EXIT_USAGE)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="scorer", description="法治政府建设书面材料证据评分工具")
    from . import __version__

    parser.add_argument("--version", action="version", version=f"scorer {__version__}", help="显示版本号并退出")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True
    for name in COMMANDS:
        module = importlib.import_module(f"scorer.commands.{name}")
        module.add_parser(sub).set_defaults(handler=module.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.handler(args)
    except RubricError as exc:
        print(f"scorer: 规则错误：{exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("scorer: 已中断，未写入不完整的输出。", file=sys.stderr)
        return 130
    except (FileNotFoundError, ValueError, OSError) as exc:
        print(f"scorer: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except Exception as exc:  # noqa: BLE001 - a bug still gets one clear line; the trace on request
        if os.environ.get("SCORER_DEBUG"):
            raise
        print(f"scorer: 内部错误（{type(exc).__name__}: {exc}）。这是本工具的缺陷，不是输入的问题；"
              f"设置环境变量 SCORER_DEBUG=1 重新运行可查看详细信息。", file=sys.stderr)
        return EXIT_INTERNAL


if __name__ == "__main__":
    sys.exit(main())
