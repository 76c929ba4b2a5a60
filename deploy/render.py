"""
Fills in a file of this kit: each @NAME@ becomes the value given as NAME=value. A name
left without a value, an empty value or a name the file does not hold (a typo) stops it,
so that no half-written configuration is ever installed.

    python deploy/render.py deploy/nginx/bsf.conf SERVER_NAME=forum.example.org ... \
        > /tmp/bsf.conf && mv /tmp/bsf.conf /etc/nginx/sites-available/bsf

`make cluster-test` renders the same files the same way.
"""

import re
import sys

PLACEHOLDER = re.compile(r"@([A-Z][A-Z0-9_]*)@")


def render(text, values):
    names = set(PLACEHOLDER.findall(text))
    missing = sorted(names - {name for name, value in values.items() if value.strip()})
    if missing:
        raise KeyError(f"no value given for {', '.join(missing)}")
    unknown = sorted(values.keys() - names)
    if unknown:
        raise KeyError(f"no placeholder named {', '.join(unknown)}")
    return PLACEHOLDER.sub(lambda match: values[match[1]], text)


def main(argv):
    if len(argv) < 1 or not all("=" in pair for pair in argv[1:]):
        sys.exit("usage: python deploy/render.py FILE NAME=value ...")
    with open(argv[0], encoding="utf-8") as template:
        text = template.read()
    try:
        sys.stdout.write(render(text, dict(pair.split("=", 1) for pair in argv[1:])))
    except KeyError as error:
        sys.exit(f"{argv[0]}: {error.args[0]}")


if __name__ == "__main__":
    main(sys.argv[1:])
