"""Every relative link and anchor in the given Markdown files resolves.

usage: check-links.py FILE.md...

A link [text](target) or image ![alt](target) outside code: the target
path, taken relative to the file, must exist, and a #fragment must be
the anchor of a heading in the target file (or in the file itself), as
GitHub makes them: lower case, every character that is not a letter, a
digit, a space, '-' or '_' dropped, spaces made '-', a repeated anchor
numbered -1, -2, ...  Links with a scheme (https:, mailto:) are not
followed.  Prints FILE:LINE: reason for each broken link; exit 1 if any.
"""
import os
import re
import sys

LINK = re.compile(r'!?\[(?:[^\]\\]|\\.)*\]\(([^()\s]+)(?:\s+"[^"]*")?\)')
CODE = re.compile(r'`+[^`]*`+')


def prose_lines(path):
    """(line number, text) of each line outside fenced code blocks."""
    fence = None
    with open(path, encoding='utf-8') as f:
        for n, line in enumerate(f, 1):
            s = line.lstrip()
            if fence is None and s.startswith(('```', '~~~')):
                fence = s[:3]
                continue
            if fence is not None:
                if s.startswith(fence):
                    fence = None
                continue
            if line.startswith('    ') and not s.startswith(('-', '|', '*')):
                continue        # an indented code block (or a wrapped item)
            yield n, line.rstrip('\n')


def anchor(heading):
    text = re.sub(r'\[([^\]]*)\]\([^)]*\)', r'\1', heading)
    text = text.strip().lower()
    text = ''.join(c for c in text if c.isalnum() or c in ' -_')
    return text.replace(' ', '-')


_anchors = {}


def anchors(path):
    if path not in _anchors:
        seen = {}
        names = set()
        for _, line in prose_lines(path):
            m = re.match(r'^#{1,6}\s+(.*?)\s*#*\s*$', line)
            if not m:
                continue
            a = anchor(m.group(1))
            k = seen.get(a, 0)
            seen[a] = k + 1
            names.add(a if k == 0 else '%s-%d' % (a, k))
        _anchors[path] = names
    return _anchors[path]


def check(path):
    bad = []
    for n, line in prose_lines(path):
        for m in LINK.finditer(CODE.sub('', line)):
            target = m.group(1)
            if re.match(r'^[a-z][a-z0-9+.-]*:', target, re.I):
                continue
            file, _, frag = target.partition('#')
            dest = os.path.normpath(os.path.join(os.path.dirname(path), file)) \
                if file else path
            if not os.path.exists(dest):
                bad.append('%s:%d: %s: no such file' % (path, n, target))
            elif frag and (not dest.endswith('.md') or
                           frag not in anchors(dest)):
                bad.append('%s:%d: %s: no heading with anchor #%s in %s'
                           % (path, n, target, frag, dest))
    return bad


def main(argv):
    if len(argv) < 2 or argv[1] in ('-h', '--help'):
        print(__doc__.strip().split('\n\n')[1], file=sys.stderr)
        return 2
    bad = [b for path in argv[1:] for b in check(path)]
    for b in bad:
        print(b)
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
