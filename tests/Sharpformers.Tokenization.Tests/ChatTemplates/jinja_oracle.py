"""Reference renderer for the chat-template differential tests.

Renders chat templates with Python Jinja2 configured exactly as Hugging Face transformers configures it
(ImmutableSandboxedEnvironment, trim_blocks, lstrip_blocks, loopcontrols, the generation block, a tojson
filter without HTML escaping, raise_exception and strftime_now). Reads a JSON batch on stdin and writes
one JSON result per case on stdout.
"""
import json
import sys
from datetime import datetime

import jinja2
from jinja2 import nodes
from jinja2.ext import Extension, loopcontrols
from jinja2.sandbox import ImmutableSandboxedEnvironment


class AssistantTracker(Extension):
    # transformers' {% generation %} ... {% endgeneration %} block (renders its body unchanged).
    tags = {"generation"}

    def parse(self, parser):
        lineno = next(parser.stream).lineno
        body = parser.parse_statements(["name:endgeneration"], drop_needle=True)
        return nodes.CallBlock(self.call_method("_generation_support"), [], [], body).set_lineno(lineno)

    def _generation_support(self, caller):
        return caller()


def make_environment(now):
    def raise_exception(message):
        raise jinja2.exceptions.TemplateError(message)

    def tojson(x, ensure_ascii=False, indent=None, separators=None, sort_keys=False):
        return json.dumps(x, ensure_ascii=ensure_ascii, indent=indent, separators=separators, sort_keys=sort_keys)

    def strftime_now(format):
        return now.strftime(format)

    env = ImmutableSandboxedEnvironment(trim_blocks=True, lstrip_blocks=True, extensions=[AssistantTracker, loopcontrols])
    env.filters["tojson"] = tojson
    env.globals["raise_exception"] = raise_exception
    env.globals["strftime_now"] = strftime_now
    return env


def main():
    batch = json.load(sys.stdin)
    env = make_environment(datetime.fromisoformat(batch["now"]))
    compiled = {}
    results = []
    for case in batch["cases"]:
        try:
            source = case["template"]
            if source not in compiled:
                try:
                    compiled[source] = env.from_string(source)
                except Exception as error:  # a template that does not compile raises at every render
                    compiled[source] = error
            template = compiled[source]
            if isinstance(template, Exception):
                raise template
            variables = dict(case.get("variables") or {})
            text = template.render(
                messages=case["messages"],
                tools=case.get("tools"),
                documents=case.get("documents"),
                add_generation_prompt=case["add_generation_prompt"],
                **variables,
            )
            results.append({"ok": True, "text": text})
        except Exception as error:
            results.append({"ok": False, "type": type(error).__name__, "message": str(error)})
    json.dump(results, sys.stdout, ensure_ascii=True)


if __name__ == "__main__":
    main()
