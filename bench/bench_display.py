"""Time of displaying a few catalogue entries: deriving them, then rendering Markdown and LaTeX.

    python bench/bench_display.py [NAME ...]

Each entry is derived once (``entry.run`` for each variant); the rendering (``to_markdown`` and
``to_latex``, standalone and body, as ``symflow regenerate`` writes them) is timed separately, best
of three, in a fresh process so that no display cache is warm on the first repetition.
"""
import sys
import time

from symflow.catalogue import entries
from symflow.documents import to_latex, to_markdown

NAMES = ("nesterov", "heavy-ball", "nag-sc", "energy-nag-sc", "energy-nesterov-r-discrete",
         "energy-gradient-descent", "energy-nag-c")


def render(derivations, words):
    to_markdown(derivations, generated=True, **words)
    to_latex(derivations, generated=True, **words)
    to_latex(derivations, standalone=False, **words)


def main(names):
    total_derive = total_first = total_best = 0.0
    for name in names:
        entry = entries()[name]
        started = time.perf_counter()
        derivations = [entry.run(**variant) for variant in entry.variants]
        derive = time.perf_counter() - started
        words = dict(title=entry.title, claim=entry.claim, source=entry.source, variants=list(entry.variants))
        times = []
        for _ in range(3):
            started = time.perf_counter()
            render(derivations, words)
            times.append(time.perf_counter() - started)
        total_derive, total_first, total_best = total_derive + derive, total_first + times[0], total_best + min(times)
        print(f"{name:<32} derive {derive:7.2f} s   render first {times[0]:6.2f} s   best {min(times):6.2f} s")
    print(f"{'total':<32} derive {total_derive:7.2f} s   render first {total_first:6.2f} s   best {total_best:6.2f} s")


if __name__ == "__main__":
    main(sys.argv[1:] or NAMES)
